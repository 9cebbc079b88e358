"""The Jinja2 environment over ``templates/``: autoescaping on, undefined names are errors.

Filters available to every template:

* ``text``: escape a plain text and keep its line breaks as ``<br>``;
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

from termsite.model.terms import Lang
from termsite.site.body_html import body_html
from termsite.site.messages import format_date, t
from termsite.site.urls import api_path, changes_path, document_path, history_path, hub_path, version_path

_BR = Markup("<br>\n")


def text_filter(value: str | None) -> Markup:
    """Escape ``value`` (every character that HTML could read as markup) and turn newlines into ``<br>``."""
    if not value:
        return Markup("")
    if "\n" not in value:
        return escape(value)
    return _BR.join(escape(line) for line in value.split("\n"))


def date_filter(value: dt.date, lang: Lang) -> str:
    """The ``date`` filter: a date as readers write it."""
    return format_date(value, lang)


def paren_filter(value: str, lang: Lang) -> str:
    """The ``paren`` filter: （補足） in Japanese, `` (note)`` in English."""
    return f"（{value}）" if lang == "ja" else f" ({value})"


def make_environment(templates: Path) -> Environment:
    """A Jinja2 environment that loads from ``templates`` and escapes everything it prints."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["text"] = text_filter
    env.filters["date"] = date_filter
    env.filters["paren"] = paren_filter
    env.globals["t"] = t
    env.globals["render_body"] = lambda body: Markup(body_html(body))
    env.globals.update(
        hub_path=hub_path, document_path=document_path, version_path=version_path,
        history_path=history_path, changes_path=changes_path, api_path=api_path,
    )
    return env
