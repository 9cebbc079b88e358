"""The files a build writes once for the whole site, after MkDocs: the sitemap of every page (framed
ones included) and one 404 page per language (every language build writes the root ``404.html``)."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from termsite.model.terms import Lang
from termsite.site import Page
from termsite.site.sitemap import sitemap_gz, sitemap_xml
from termsite.site.urls import DEFAULT_LANG


def write_sitemap(site_dir: Path, pages: tuple[Page, ...], site_url: str) -> None:
    """``sitemap.xml`` and ``sitemap.xml.gz`` of ``pages`` (dates from the terms, never the clock)."""
    xml = sitemap_xml(pages, site_url)
    (site_dir / "sitemap.xml").write_bytes(xml.encode("utf-8"))
    (site_dir / "sitemap.xml.gz").write_bytes(sitemap_gz(xml, pages))


class NotFoundPages:
    """Keeps the default language's ``404.html`` at the root and each other language's under its folder."""

    def __init__(self) -> None:
        self._root: bytes | None = None

    @staticmethod
    def link_homes(config: MkDocsConfig) -> None:
        """Point the 404 page's language menu at the languages' home pages (static-i18n leaves the links
        of whichever page was built last)."""
        homes = getattr(config.plugins.get("i18n"), "extra_alternate", None)
        if homes:
            extra: Any = config.extra
            extra.alternate = deepcopy(homes)

    def after_language(self, site_dir: Path, lang: Lang) -> None:
        """After the build of ``lang``: put its 404 page in its place and the root's back."""
        path = site_dir / "404.html"
        if not path.is_file():
            return
        if lang == DEFAULT_LANG:
            self._root = path.read_bytes()
            return
        target = site_dir / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        if self._root is not None:
            path.write_bytes(self._root)
