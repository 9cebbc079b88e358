"""The one Jinja2 environment of a build or a command, and where its templates are found.

Templates are looked up in two folders, the first that has a name wins: the repository's
``templates/`` (overrides, like Material's ``custom_dir``), then the defaults shipped inside the
package (``termsite/templates/``: ``pages/``, ``partials/``, ``feeds/``, ``email/``, ``assets/`` and
the MkDocs theme overrides ``theme/``), so the package works installed from a wheel. Undefined names
are errors. Everything a template prints is HTML-escaped (markupsafe's escape) except in the plain
text and Markdown templates (``*.txt.j2``, ``*.md.j2``: the email announcement).

The same environment renders the site's pages and feeds (:mod:`termsite.site`), the standalone
comparison page (:func:`termsite.compare.html.render_comparison_page`) and the email announcement
(:mod:`termsite.notices.email`): it is made here and handed to them.

Filters available to every template:

* ``text(links=None)``: escape a text, keep its line breaks as ``<br>`` and its links as ``<a>``
  (``links``: a :class:`~termsite.site.links.LinkTargets`, every page has ``link_targets``; without
  it internal links show their label);
* ``plain_text(links=None)``: a text for plain text (email, feeds): each link as ``label (url)``;
* ``date(lang)``: 2024年1月1日 / January 1, 2024;
* ``paren(lang)``: （補足） / `` (note)``;
* ``t(key, lang, **values)`` (a global): interface text from :mod:`.messages`;
* ``render_body(body)`` (a global): the HTML of a version's body (:mod:`.body_html`);
* the URL functions of :mod:`.urls` (``version_path(doc_id, key)`` …) as globals.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from termsite.model.dates import format_date
from termsite.model.gaps import marked_html
from termsite.model.links import to_text
from termsite.model.terms import Lang, languages, shown_language
from termsite.site.body_html import body_html
from termsite.site.links import LinkTargets
from termsite.site.links import absolute as absolute_link
from termsite.site.links import text_html as link_html
from termsite.site.messages import t
from termsite.site.pending import badge_key, note_key
from termsite.site.phrases import phrase_breaks
from termsite.site.urls import (
    api_path,
    article_history_path,
    changes_path,
    document_path,
    history_path,
    hub_path,
    notice_pdf_path,
    on_date_data_path,
    on_date_path,
    pair_changes_path,
    version_path,
    version_pdf_path,
)

DEFAULTS = Path(__file__).resolve().parent.parent / "templates"
"""The templates shipped with the package."""
_PLAIN = (".txt.j2", ".md.j2")

_BR = Markup("<br>\n")


def template_folders(templates: Path | None = None) -> list[Path]:
    """Where templates are looked up, first match first: ``templates`` (the repository's overrides,
    if it is another folder than the defaults), then :data:`DEFAULTS`."""
    if templates is None:
        return [DEFAULTS]
    if templates.resolve() == DEFAULTS:  # named as given: error messages say the path the user knows
        return [templates]
    return [templates, DEFAULTS]


def text_filter(value: str | None, links: LinkTargets | None = None) -> Markup:
    """Escape ``value`` (every character that HTML could read as markup), turn newlines into ``<br>``
    and links into ``<a>`` leading where ``links`` says."""
    if not value:
        return Markup("")
    if "](" in value:
        return Markup(marked_html(link_html(value, links)))
    if "\n" not in value:
        return Markup(marked_html(escape(value)))
    return Markup(marked_html(_BR.join(escape(line) for line in value.split("\n"))))


def plain_text_filter(value: str | None, links: LinkTargets | str | None = None) -> str:
    """``value`` for plain text: each link as ``label (url)`` (the label alone where it leads nowhere).
    ``links`` is the page's :class:`LinkTargets`, or the absolute URL of the version the text is of
    (an email, a feed: every address absolute)."""
    if not value:
        return ""
    if isinstance(links, str):
        base = links
        return to_text(value, lambda link: absolute_link(link, base))
    return to_text(value, links.url if links is not None else lambda link: None)


def date_filter(value: dt.date, lang: Lang) -> str:
    """The ``date`` filter: a date as readers write it."""
    return format_date(value, lang)


def paren_filter(value: str, lang: Lang) -> str:
    """The ``paren`` filter: （補足） in Japanese, `` (note)`` in English."""
    return f"（{value}）" if lang == "ja" else f" ({value})"


def phrases_filter(value: str, lang: Lang) -> Markup | str:
    """The ``phrases`` filter: a Japanese title with ``<wbr>`` between its phrases (site.phrases);
    other languages as they are."""
    return phrase_breaks(value) if lang == "ja" else value


def _autoescape(name: str | None) -> bool:
    return not (name or "").endswith(_PLAIN)


def make_environment(templates: Path | None = None) -> Environment:
    """The environment that loads from ``templates`` over the package's defaults (:func:`template_folders`)."""
    env = Environment(
        loader=FileSystemLoader([str(f) for f in template_folders(templates)]),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["text"] = text_filter
    env.filters["plain_text"] = plain_text_filter
    env.filters["date"] = date_filter
    env.filters["paren"] = paren_filter
    env.filters["phrases"] = phrases_filter
    env.globals["t"] = t
    env.globals["render_body"] = lambda body: Markup(body_html(body))
    env.globals.update(shown_language=shown_language, translation_note=note_key, translation_badge=badge_key,
                       languages=languages)  # a translation pending or absent (site.pending)
    env.globals.update(
        hub_path=hub_path, document_path=document_path, version_path=version_path,
        history_path=history_path, changes_path=changes_path, api_path=api_path,
        pair_changes_path=pair_changes_path, on_date_path=on_date_path, on_date_data_path=on_date_data_path,
        article_history_path=article_history_path,
        version_pdf_path=version_pdf_path, notice_pdf_path=notice_pdf_path,
    )
    return env
