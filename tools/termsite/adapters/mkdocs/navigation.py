"""The site's navigation and tables of contents as MkDocs takes them, and which pages MkDocs builds."""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from mkdocs.structure.toc import AnchorLink

from termsite.site import NavItem, Page, Site, TocEntry
from termsite.site.phrases import phrase_breaks


def toc_links(entries: tuple[TocEntry, ...], level: int = 2) -> list[AnchorLink]:
    """A page's table of contents as MkDocs' anchor links, titles escaped once."""
    out = []
    for e in entries:
        link = AnchorLink(escape(e.title), e.id, level)
        link.children = toc_links(e.children, level + 1)
        out.append(link)
    return out


def nav_paths(items: tuple[NavItem, ...]) -> list[str]:
    """The page paths of a navigation, depth first."""
    out: list[str] = []
    for item in items:
        if item.path is not None:
            out.append(item.path)
        out += nav_paths(item.children)
    return out


def nav_config(items: tuple[NavItem, ...]) -> list[dict[str, Any]]:
    """MkDocs ``nav`` entries for the navigation of one language (paths under the language folder).

    Titles are escaped once (:func:`markupsafe.escape`): the theme inserts navigation titles as HTML.
    A section's title (a document's) gets ``<wbr>`` between its Japanese phrases (site.phrases):
    the sidebar breaks it there, not inside a word; pages' titles stay plain (search shows them)."""
    out: list[dict[str, Any]] = []
    for item in items:
        title = escape(item.title)
        if item.children:
            out.append({phrase_breaks(item.title): nav_config(item.children)})
        else:
            out.append({title: f"{item.path}index.md"})
    return out


def split_pages(site: Site, frames: bool) -> tuple[list[Page], list[Page]]:
    """The pages MkDocs builds (the navigation's, the homes) and the pages written into frames."""
    if not frames:
        return list(site.pages), []
    in_nav = {(lang, path) for lang, items in site.nav.items() for path in nav_paths(items)}
    routed: list[Page] = []
    framed: list[Page] = []
    for page in site.pages:
        (routed if not page.path or (page.lang, page.path) in in_nav else framed).append(page)
    return routed, framed
