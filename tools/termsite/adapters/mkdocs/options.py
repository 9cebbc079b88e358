"""The ``terms`` plugin's options in ``mkdocs.yml`` and the environment variables it reads."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, Literal

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from termsite.model.terms import Lang
from termsite.model.timeline import today_in_tokyo
from termsite.site.urls import DEFAULT_LANG
from termsite.speed.pool import default_workers

WATCHED = ("terms", "templates", "site_config")
GENERATED_DIR = "docs_generated"
"""The docs folder of mkdocs.yml: generated pages, git-ignored."""
AS_OF_ENV = "TERMS_AS_OF"
"""Environment variable with the build day for ``mkdocs serve``, which reloads its configuration."""


class TermsPluginConfig(Config):  # type: ignore[no-untyped-call]
    """Options of the ``terms`` plugin in ``mkdocs.yml``."""

    root = c.Optional(c.Type(str))
    """The terms repository (default: the folder of mkdocs.yml)."""
    templates = c.Type(str, default="templates")
    """Jinja2 templates of the pages, relative to ``root``."""
    as_of = c.Optional(c.Type((str, dt.date)))
    """Build as of this day (YYYY-MM-DD, 00:00 Asia/Tokyo); default: $TERMS_AS_OF, else today."""
    drafts = c.Optional(c.Type(bool))
    """Show draft versions; default: yes under ``mkdocs serve``, no otherwise."""
    frames = c.Type(bool, default=True)
    """Write the pages outside the navigation into Material's page for their shape instead of building
    each through MkDocs (the same pages, many times faster). ``false`` builds every page through MkDocs,
    for example when another plugin must see every page."""
    pdf = c.Type(bool, default=True)
    """Make a PDF of every published version and notice, in each language (WeasyPrint; kept in
    ``.cache/termsite/pdf/`` by content). ``false`` builds the site without them."""
    history_warnings = c.Choice(("info", "warning"), default="info")
    """Log level of warnings about versions already published: their text is history and can only be
    corrected by a new version, so by default they do not fail ``mkdocs build --strict``."""


def workers(command: str) -> int:
    """Processes that make the pages: the pool's default for a build (every core, or
    ``$TERMS_WORKERS``), one for a preview (whose server runs threads, which do not mix with forking)."""
    return 1 if command == "serve" else default_workers()


def build_day(value: str | dt.date | None) -> dt.date:
    """The day a build shows: the ``as_of`` option, else ``$TERMS_AS_OF``, else today in Tokyo."""
    value = value or os.environ.get(AS_OF_ENV)
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise PluginError(f"terms: as_of '{value}' is not a date written YYYY-MM-DD") from None
    return today_in_tokyo()


def current_language(config: MkDocsConfig) -> Lang:
    """The language static-i18n is building now (the default language without it)."""
    i18n = config.plugins.get("i18n")
    lang = DEFAULT_LANG if i18n is None else (i18n.current_language or i18n.default_language)
    return "en" if lang == "en" else "ja"


def is_language(config: MkDocsConfig, which: Literal["first", "last"]) -> bool:
    """Whether static-i18n is building its first (the default) or its last language now."""
    i18n: Any = config.plugins.get("i18n")
    if i18n is None:
        return True
    if which == "first":
        return bool(i18n.current_language in (None, i18n.default_language))
    others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
    return bool(i18n.current_language == (others[-1] if others else i18n.default_language))
