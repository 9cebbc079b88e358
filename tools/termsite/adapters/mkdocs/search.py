"""Entries of MkDocs' search index for pages MkDocs did not build, made on every core.

The one place that reads another plugin's private state: the search plugin's list of entries (Material's
``entries``, MkDocs' ``_entries``). It is read only for the Material version it was checked against;
with any other version the entries are added through the plugin's public method, in one process (the
same index, more slowly), and tests/site/test_search_entries.py fails to say it needs checking again.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import TableOfContents

from termsite.adapters.mkdocs.navigation import toc_links
from termsite.site import Page

CHECKED_MATERIAL = "9.8.1"
"""The Material version whose search plugin keeps its entries in a list this module may extend."""


class Indexed:
    """A page as the search plugin reads it: its URL, title, metadata, content and contents."""

    def __init__(self, url: str, title: str, content: str, toc: TableOfContents) -> None:
        self.url = url
        self.title = title
        self.meta: dict[str, Any] = {"title": title}
        self.content = content
        self.toc = toc

    @property
    def toc_data(self) -> list[Any]:
        """The table of contents as plain data (for hashing)."""

        def data(items: Any) -> list[Any]:
            return [[i.id, i.title, data(i.children)] for i in items]

        return data(self.toc)

    @classmethod
    def of(cls, page: Page) -> Indexed:
        """A framed page."""
        return cls(page.url, escape(page.title), page.html, TableOfContents(toc_links(page.toc)))


def index_entries(index: Any) -> list[Any] | None:
    """The list of entries of a search index (Material's ``entries``, MkDocs' ``_entries``), if this
    version of Material was checked to keep them there."""
    if _material_version() != CHECKED_MATERIAL:
        return None
    for name in ("entries", "_entries"):
        value = getattr(index, name, None)
        if isinstance(value, list):
            return value
    return None


_LIST = re.compile(r"</?(?:ol|ul)>")


def clean_entries(entries: list[Any], site_url: str) -> None:
    """Make the entries' text what a result shows: no list markup (a paragraph's own number, "(1)",
    is in its text; the list's would number it again) and not the page's address, which the page
    prints only on paper. Entries already clean are left as they are."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    for entry in entries:
        text = entry.get("text")
        if not isinstance(text, str) or not text:
            continue
        if base:
            address = base + str(entry.get("location", "")).split("#")[0]
            text = text.replace(f"<p>{escape(address)}</p>", "")
        text = _LIST.sub("", text).replace("<li>", "<p>").replace("</li>", "</p>")
        entry["text"] = re.sub(r"\s{2,}", " ", text).strip()


def search_salt(config: MkDocsConfig) -> str:
    """What, besides a page, decides its search entries: the search plugin's code and settings."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            module = type(plugin).__module__.split(".")[0]
            try:
                version = metadata.version("mkdocs-material" if module == "material" else module)
            except metadata.PackageNotFoundError:
                version = "-"
            kind = f"{type(plugin).__module__}.{type(plugin).__qualname__}"
            return f"{kind}\0{version}\0{sorted(plugin.config.items())!r}"
    return ""


def search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index, if search is on."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(getattr(plugin, "config", None), "enabled", True):
            index = getattr(plugin, "search_index", None)
            if index is not None and hasattr(index, "add_entry_from_context"):
                return index
    return None


def _material_version() -> str:
    try:
        return metadata.version("mkdocs-material")
    except metadata.PackageNotFoundError:
        return ""
