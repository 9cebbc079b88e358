"""The rendered site as data: pages, static files and the navigation, before anything is written.

A :class:`Page` is finished HTML for the content area of one page in one language, with its table of
contents and the few facts the site generator needs (title, search, last change). Nothing here knows
about MkDocs: an adapter turns pages into whatever its generator reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from termsite.model.terms import Lang
from termsite.site.urls import lang_prefix


@dataclass(frozen=True)
class TocEntry:
    """One entry of a page's table of contents: an anchor on the page and its title."""

    id: str
    title: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page in one language.

    ``path`` is the directory URL under the language root (``"cloud-resale/2024-01-01/"``; ``""`` for
    the hub). ``searchable`` pages go into the search index; ``lastmod`` is the last day the page's
    content changed, as of the build day (sitemap dates come from it, never from the clock).
    """

    lang: Lang
    path: str
    kind: str
    title: str
    html: str
    toc: tuple[TocEntry, ...] = ()
    searchable: bool = True
    lastmod: dt.date | None = None
    description: str | None = None

    @property
    def url(self) -> str:
        """The page's path from the site root: ``en/cloud-resale/``."""
        return lang_prefix(self.lang) + self.path

    @property
    def source(self) -> str:
        """The generated source file of the page, relative to the docs folder (``ja/x/index.md``)."""
        return f"{self.lang}/{self.path}index.md"


@dataclass(frozen=True)
class StaticFile:
    """A file copied to the site as it is: ``path`` from the site root, and its bytes."""

    path: str
    content: bytes


@dataclass(frozen=True)
class NavItem:
    """An entry of the site navigation: a page (``path`` under the language root) or a section."""

    title: str
    path: str | None = None
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class Site:
    """Everything a build writes: pages in both languages, static files, navigation per language."""

    pages: tuple[Page, ...]
    files: tuple[StaticFile, ...]
    nav: dict[Lang, tuple[NavItem, ...]]
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)
    """For pages made from one document, by URL: the page-cache key of what they are made from (the
    same key, the same page), when the build used the cache."""

    def page(self, lang: Lang, path: str) -> Page | None:
        """The page at ``path`` in ``lang``, if the site has one."""
        for p in self.pages:
            if p.lang == lang and p.path == path:
                return p
        return None

    def assets(self, suffix: str) -> tuple[str, ...]:
        """Paths of the site's own assets ending in ``suffix`` (``.css``, ``.js``), in name order."""
        return tuple(sorted(f.path for f in self.files if f.path.startswith("assets/") and f.path.endswith(suffix)))
