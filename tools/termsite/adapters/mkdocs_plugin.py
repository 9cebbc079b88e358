"""The MkDocs plugin ``terms``: the only module that imports MkDocs.

It loads and checks the terms (errors stop the build with their locations; warnings go to the MkDocs
log), renders the site with :mod:`termsite.core.render`, writes the generated pages as real files
into the docs folder (only files whose content changed), and hands MkDocs the navigation, the site
name and URL, and the site's own stylesheets and scripts. Under ``mkdocs serve`` it watches
``terms/``, ``templates/`` and ``site_config/``.

The page bodies are finished HTML: the plugin takes them out of the Markdown before Python-Markdown
sees them and puts them back as the page content, with the table of contents the renderer computed.
Markdown never parses the terms.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

from termsite.adapters.output_cache import OutputCache, tool_versions
from termsite.core.checks import check_corpus, is_frozen
from termsite.core.diagnostics import Diagnostic, sort_diagnostics
from termsite.core.load import load_corpus
from termsite.core.model import Corpus, Lang, SiteConfig
from termsite.core.render import (
    NavItem,
    PageCache,
    RenderError,
    Site,
    TocEntry,
    render_site,
    split_source,
    write_site,
)
from termsite.core.render.page_cache import code_hash, folder_hash
from termsite.core.render.urls import DEFAULT_LANG
from termsite.core.timeline import today_in_tokyo

log = get_plugin_logger(__name__)

WATCHED = ("terms", "templates", "site_config")
GENERATED_DIR = "docs_generated"
CACHED_TEMPLATE = "terms-cached.html"
"""The theme template (added by the plugin) that writes a page from the output cache as it is."""
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
    history_warnings = c.Choice(("info", "warning"), default="info")
    """Log level of warnings about versions already published: their text is history and can only be
    corrected by a new version, so by default they do not fail ``mkdocs build --strict``."""


def _toc(entries: tuple[TocEntry, ...], level: int = 2) -> list[AnchorLink]:
    out = []
    for e in entries:
        link = AnchorLink(e.title, e.id, level)
        link.children = _toc(e.children, level + 1)
        out.append(link)
    return out


def nav_config(items: tuple[NavItem, ...]) -> list[dict[str, Any]]:
    """MkDocs ``nav`` entries for the navigation of one language (paths under the language folder)."""
    out: list[dict[str, Any]] = []
    for item in items:
        if item.children:
            out.append({item.title: nav_config(item.children)})
        else:
            out.append({item.title: f"{item.path}index.md"})
    return out


class TermsPlugin(BasePlugin[TermsPluginConfig]):  # type: ignore[no-untyped-call]
    """Generate the terms pages and feed them to MkDocs as finished HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.preloaded: tuple[Corpus, list[Diagnostic]] | None = None
        self.site: Site | None = None
        self.root = Path(".")
        self._bodies: dict[str, tuple[str, tuple[TocEntry, ...]]] = {}
        self._root_404: bytes | None = None
        self._site_config = SiteConfig()
        self._outputs = OutputCache(None)
        self._output_base = ""
        self._from_cache: dict[str, str] = {}
        self._to_cache: dict[str, str] = {}

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this is a preview (``serve``): previews include drafts by default."""
        self.command = command

    @property
    def as_of(self) -> dt.date:
        """The build day."""
        value = self.config.as_of or os.environ.get(AS_OF_ENV)
        if value:
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                raise PluginError(f"terms: as_of '{value}' is not a date written YYYY-MM-DD") from None
        return today_in_tokyo()

    @property
    def drafts(self) -> bool:
        """Whether draft versions are shown."""
        if self.config.drafts is None:
            return self.command == "serve"
        return bool(self.config.drafts)

    @staticmethod
    def _i18n(config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def _language(self, config: MkDocsConfig) -> Lang:
        i18n = self._i18n(config)
        if i18n is None:
            return DEFAULT_LANG
        lang = i18n.current_language or i18n.default_language
        return "en" if lang == "en" else "ja"

    def _first_language(self, config: MkDocsConfig) -> bool:
        i18n = self._i18n(config)
        return i18n is None or i18n.current_language in (None, i18n.default_language)

    # -- loading, checking, generating ------------------------------------------------------------

    def _load(self, day: dt.date) -> tuple[Corpus, list[Diagnostic]]:
        if self.preloaded is not None:
            found, self.preloaded = self.preloaded, None
            return found
        corpus, diags = load_corpus(self.root)
        return corpus, diags + check_corpus(corpus, day)

    def _report(self, corpus: Corpus, diags: list[Diagnostic], day: dt.date) -> None:
        frozen = {v.source for d in corpus.documents for v in d.versions if is_frozen(v, day)}
        errors = [d for d in diags if d.is_error]
        for d in sort_diagnostics(diags):
            if d.is_error:
                log.error(d.as_text())
            elif d.location.path in frozen and self.config.history_warnings == "info":
                log.info(d.as_text())
            else:
                log.warning(d.as_text())
        if errors:
            raise PluginError(f"terms check found {len(errors)} error(s); fix them and build again")

    def _workers(self) -> int:
        """Processes that make the pages: every core for a build, one for a preview (whose server
        runs threads, which do not mix with forking)."""
        return 1 if self.command == "serve" else (os.cpu_count() or 1)

    def _generate(self, config: MkDocsConfig) -> Site:
        day = self.as_of  # once: a build that runs over midnight still shows one day
        corpus, diags = self._load(day)
        self._report(corpus, diags, day)
        try:
            site = render_site(corpus, day, self.root / self.config.templates, drafts=self.drafts,
                               cache=PageCache.for_root(self.root), workers=self._workers())
        except RenderError as exc:
            raise PluginError(f"terms: {exc}") from None
        report = write_site(site, Path(config.docs_dir))
        if report.written or report.removed:
            log.info(f"terms: {len(report.written)} generated file(s) written, {len(report.removed)} removed")
        self._site_config = corpus.config
        self._start_output_cache(config, site)
        # MkDocs reads the pages back from the docs folder: keep only the navigation and the files,
        # not every rendered page, for the rest of the build.
        return Site((), site.files, site.nav)

    def _start_output_cache(self, config: MkDocsConfig, site: Site) -> None:
        """Key the finished pages of this build by everything shared by the whole build."""
        self._outputs = OutputCache.for_root(self.root)
        if self._outputs.folder is None or self.command == "serve":
            self._outputs = OutputCache(None)
            return
        config_file = Path(config.config_file_path) if config.config_file_path else None
        theme = self.root / self.config.templates / "theme"
        self._output_base = OutputCache.key(
            code_hash(), tool_versions(), config_file.read_text(encoding="utf-8") if config_file else "",
            folder_hash(theme), repr(self._site_config), repr(sorted(site.nav.items())),
            repr(sorted(site.files_paths())), repr(sorted(p.source for p in site.pages)),
        )

    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Generate the pages (once per build, before the first language) and configure MkDocs."""
        if config.config_file_path:
            base = Path(config.config_file_path).parent
            self.root = (base / self.config.root) if self.config.root else base
        if self.site is None or self._first_language(config):
            self.site = self._generate(config)
        site = self.site
        lang = self._language(config)
        if not config.site_url:
            config.site_url = self._site_config.site_url
        config.site_name = self._site_config.site_name.get(lang) or config.site_name
        config.nav = nav_config(site.nav[lang])
        for css in site.assets(".css"):
            if css not in config.extra_css:
                config.extra_css.append(css)
        scripts = [str(s) for s in config.extra_javascript]
        for js in site.assets(".js"):
            if js not in scripts:
                config.extra_javascript.append(js)
        return config

    # -- pages: finished HTML in, Markdown skipped --------------------------------------------------

    @event_priority(100)
    def on_page_markdown(self, markdown: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Take the finished HTML out of the page before Python-Markdown sees it."""
        if "terms_kind" not in page.meta:
            return markdown
        lastmod = page.meta.get("lastmod")
        if lastmod:
            # The sitemap and its gzip timestamp read this: a date from the terms, never the clock.
            page.update_date = str(lastmod)
        search = page.meta.get("search")
        if self._outputs.folder is not None and isinstance(search, dict) and search.get("exclude"):
            # Outside the search index (and the navigation): the finished page can come from the cache.
            key = OutputCache.key(self._output_base, self._language(config), page.file.src_uri,
                                  page.file.dest_uri, page.url, repr(sorted(page.meta.items())), markdown)
            cached = self._outputs.get(key)
            if cached is not None:
                self._from_cache[page.file.src_uri] = cached
                page.meta["template"] = CACHED_TEMPLATE
                return ""
            self._to_cache[page.file.src_uri] = key
        toc, html = split_source(markdown)
        self._bodies[page.file.src_uri] = (html, toc)
        return ""

    def on_page_content(self, html: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Put the finished HTML back as the page content, with the renderer's table of contents."""
        if page.file.src_uri in self._from_cache:
            return ""
        body = self._bodies.pop(page.file.src_uri, None)
        if body is None:
            return html
        content, toc = body
        page.toc = TableOfContents(_toc(toc))
        return content

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Add the template of pages written from the output cache (the finished page as it is), and
        keep the theme's compiled templates between builds (Material's are compiled once per language)."""
        if env.loader is not None:
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: "{{ page.content }}"}), env.loader])
        if self._outputs.folder is not None:
            folder = self._outputs.folder.parent / "jinja"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    @event_priority(-100)  # after the search plugin: a finished page is not searched or rewritten
    def on_page_context(self, context: Any, /, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        """Hand a page from the output cache to its template."""
        cached = self._from_cache.pop(page.file.src_uri, None)
        if cached is not None:
            page.content = cached
        return context

    @event_priority(-100)  # last: the cache keeps the page as it is written
    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str:
        """Keep a finished page in the output cache, and let go of a terms page's content once it is
        written: MkDocs keeps every page object until the end of the build, and the content of every
        page at once is most of the build's memory."""
        key = self._to_cache.pop(page.file.src_uri, None)
        if key is not None:
            self._outputs.put(key, output)
        if "terms_kind" in page.meta:
            page.content = None
        return output

    # -- per-language 404 pages -------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Keep one 404 page per language: every language build writes the root ``404.html``."""
        if not self._first_language(config) or self._i18n(config) is None:
            self._outputs.prune()  # after the last language's build
        path = Path(config.site_dir) / "404.html"
        if not path.is_file():
            return
        lang = self._language(config)
        if lang == DEFAULT_LANG:
            self._root_404 = path.read_bytes()
            return
        target = Path(config.site_dir) / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        if self._root_404 is not None:
            path.write_bytes(self._root_404)

    # -- preview ----------------------------------------------------------------------------------

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when the terms, the templates or the site settings change.

        The generated docs folder is not watched: only this plugin writes it, during a build, so a
        change there never needs another build (watching it would rebuild once more per change).
        """
        try:
            server.unwatch(config.docs_dir)
        except KeyError:  # not watched (livereload off)
            pass
        for name in WATCHED:
            folder = self.root / name
            if folder.is_dir():
                server.watch(str(folder))
        return server

