"""The terms as MkDocs' sources: report what the checks found, render the site, write the navigation's pages into the
docs folder; the other pages are kept for the frames (:mod:`termsite.adapters.mkdocs.framed`)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from termsite.adapters.mkdocs.navigation import split_pages
from termsite.diagnostics.diagnostic import Diagnostic, sort_diagnostics
from termsite.model.terms import Corpus, Lang, SiteConfig
from termsite.rules.checks import is_frozen
from termsite.site import Page, RenderError, Site, write_site
from termsite.speed.page_cache import PageCache
from termsite.speed.pdf_cache import PdfCache
from termsite.speed.render import render_site

log = get_plugin_logger(__name__)


@dataclass
class Generated:
    """What a build made of the terms: the navigation's pages are in the docs folder, the rest here."""

    site: Site
    """The navigation and the static files (MkDocs reads the pages back from the docs folder)."""
    config: SiteConfig
    framed: dict[Lang, list[Page]] = field(default_factory=dict)
    """The pages outside the navigation, by language, to be written into frames."""
    all_pages: tuple[Page, ...] = ()
    """Every page's place and date (no content): what the sitemap needs."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """The page cache's key of each page's document, by URL: an unchanged page's key is unchanged."""
    languages_of: dict[str, list[Lang]] = field(default_factory=dict)
    """The languages that have each page path."""


def report(corpus: Corpus, diags: list[Diagnostic], day: dt.date, history_warnings: str) -> None:
    """The problems in MkDocs' log; errors stop the build. Warnings about published history, which
    only a new version can fix, are logged as info unless ``history_warnings`` is ``warning``."""
    frozen = {v.source for d in corpus.documents for v in d.versions if is_frozen(v, day)}
    errors = [d for d in diags if d.is_error]
    for d in sort_diagnostics(diags):
        if d.is_error:
            log.error(d.as_text())
        elif d.location.path in frozen and history_warnings == "info":
            log.info(d.as_text())
        else:
            log.warning(d.as_text())
    if errors:
        raise PluginError(f"terms check found {len(errors)} error(s); fix them and build again")


def generate(corpus: Corpus, day: dt.date, *, root: Path, templates: Path, docs_dir: Path, drafts: bool,
             workers: int, frames: bool, pdfs: bool = True) -> Generated:
    """Render the site of ``corpus`` as of ``day`` (with its PDFs if ``pdfs``) and write the
    navigation's pages into ``docs_dir``."""
    start = time.perf_counter()
    cache = PageCache.for_root(root)
    pdf_cache = PdfCache.for_root(root)
    try:
        site = render_site(corpus, day, templates, drafts=drafts, cache=cache, workers=workers, pdfs=pdfs,
                           pdf_cache=pdf_cache)
    except RenderError as exc:
        raise PluginError(f"terms: {exc}") from None
    log.info(f"terms: {len(site.pages)} pages rendered in {time.perf_counter() - start:.2f} s "
             f"({cache.hits} document(s) from the cache)")
    if pdfs:
        log.info(f"terms: PDFs: {pdf_cache.hits} from the cache, {pdf_cache.misses} made")
    routed, framed = split_pages(site, frames)
    written = write_site(Site(tuple(routed), site.files, site.nav), docs_dir)
    if written.written or written.removed:
        log.info(f"terms: {len(written.written)} generated file(s) written, {len(written.removed)} removed")
    out = Generated(Site((), site.files, site.nav), corpus.config, page_keys=dict(site.keys))
    for page in framed:
        out.framed.setdefault(page.lang, []).append(page)
    out.all_pages = tuple(Page(p.lang, p.path, p.kind, "", "", lastmod=p.lastmod) for p in site.pages)
    for p in site.pages:
        out.languages_of.setdefault(p.path, []).append(p.lang)
    return out
