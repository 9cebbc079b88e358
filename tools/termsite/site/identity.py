"""The publisher's identity on every page: name, contact, copyright line and logo (``publisher`` in
``site_config/site.yml``), as the theme's header and footer show them."""

from __future__ import annotations

from pathlib import PurePosixPath

from termsite.model.terms import Lang, Publisher, SiteConfig
from termsite.site.messages import t

LOGO_FOLDER = "assets/terms/"
"""Where the site keeps the publisher's logo (``assets/terms/logo.svg``)."""


def logo_path(publisher: Publisher) -> str | None:
    """The logo's path from the site root, or ``None`` when ``site.yml`` names none."""
    if not publisher.logo:
        return None
    return LOGO_FOLDER + "logo" + PurePosixPath(publisher.logo).suffix


def publisher_name(config: SiteConfig, lang: Lang) -> str:
    """The publisher's name in ``lang`` (the other language's, else the site name, when it has none)."""
    p = config.publisher
    first, second = (p.name.ja, p.name.en) if lang == "ja" else (p.name.en, p.name.ja)
    site = (config.site_name.ja, config.site_name.en) if lang == "ja" else (config.site_name.en, config.site_name.ja)
    return first or second or site[0] or site[1] or ""


def identity(config: SiteConfig, lang: Lang) -> dict[str, str | None]:
    """What the header and the footer show in ``lang`` (plain texts: the theme escapes them).

    A text missing in ``lang`` falls back to the other language's; a publisher with no name is shown
    by the site name."""
    p = config.publisher

    def pick(ja: str | None, en: str | None) -> str | None:
        return (ja or en) if lang == "ja" else (en or ja)

    return {
        "name": publisher_name(config, lang),
        "contact": p.contact,
        "contact_label": pick(p.contact_label.ja, p.contact_label.en) or (t("contact", lang) if p.contact else None),
        "copyright": pick(p.copyright.ja, p.copyright.en),
        "logo": logo_path(p) if p.logo_data is not None else None,
    }
