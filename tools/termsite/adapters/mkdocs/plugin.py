"""The MkDocs plugin ``terms``: the only module that imports MkDocs.

It loads and checks the terms (errors stop the build with their locations; warnings go to the MkDocs
log), renders the site with :mod:`termsite.site`, writes the generated pages as real files
into the docs folder (only files whose content changed), and hands MkDocs the navigation, the site
name and URL, and the site's own stylesheets and scripts. Under ``mkdocs serve`` it watches
``terms/``, ``templates/`` and ``site_config/``.

MkDocs builds only the pages of the navigation (the hub, each document's version in force and its
history, the notices): their bodies are finished HTML that the plugin takes out of the Markdown before
Python-Markdown sees it and puts back as the page content, with the table of contents the renderer
computed. Every other page (past and upcoming versions, comparisons, notices) is written by the plugin
into Material's page for its shape (:mod:`termsite.adapters.mkdocs.frames`), adds itself to the search
index when it is searchable, and the plugin writes the sitemap of all pages. Markdown never parses
the terms. Under plain ``mkdocs build``, which empties its site folder in place, the plugin first
refuses a folder that a build may not replace (:mod:`termsite.adapters.mkdocs.site_folder`); every build
marks its output with the stamp.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from copy import deepcopy
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

from termsite.adapters.mkdocs.frames import FrameError, FrameMaker
from termsite.adapters.mkdocs.site_folder import SiteDirRefused, check_site_dir, write_stamp
from termsite.diagnostics.diagnostic import Diagnostic, sort_diagnostics
from termsite.model.terms import Corpus, Lang, SiteConfig
from termsite.model.text_safety import reveal_all, site_url_problem
from termsite.model.timeline import today_in_tokyo
from termsite.rules.checks import check_corpus, is_frozen
from termsite.site import (
    NavItem,
    Page,
    PageCache,
    RenderError,
    Site,
    TocEntry,
    render_site,
    split_source,
    write_site,
)
from termsite.site.sitemap import sitemap_gz, sitemap_xml
from termsite.site.urls import DEFAULT_LANG
from termsite.source.load import load_corpus
from termsite.speed.build_memory import FramedMemory, SearchMemory, digest
from termsite.speed.parallel import fork_map

log = get_plugin_logger(__name__)

WATCHED = ("terms", "templates", "site_config")
GENERATED_DIR = "docs_generated"
"""The docs folder of mkdocs.yml: generated pages, git-ignored."""
WORKERS_ENV = "TERMS_WORKERS"
"""Environment variable with the number of processes a build uses (default: one per core)."""
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
    history_warnings = c.Choice(("info", "warning"), default="info")
    """Log level of warnings about versions already published: their text is history and can only be
    corrected by a new version, so by default they do not fail ``mkdocs build --strict``."""


def _toc(entries: tuple[TocEntry, ...], level: int = 2) -> list[AnchorLink]:
    out = []
    for e in entries:
        link = AnchorLink(escape(e.title), e.id, level)
        link.children = _toc(e.children, level + 1)
        out.append(link)
    return out


def _nav_paths(items: tuple[NavItem, ...]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item.path is not None:
            out.append(item.path)
        out += _nav_paths(item.children)
    return out


def nav_config(items: tuple[NavItem, ...]) -> list[dict[str, Any]]:
    """MkDocs ``nav`` entries for the navigation of one language (paths under the language folder).

    Titles are escaped once (:func:`markupsafe.escape`): the theme inserts navigation titles as HTML."""
    out: list[dict[str, Any]] = []
    for item in items:
        title = escape(item.title)
        if item.children:
            out.append({title: nav_config(item.children)})
        else:
            out.append({title: f"{item.path}index.md"})
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
        self._framed: dict[Lang, list[Page]] = {}
        self._index_later: dict[Lang, list[_Indexed]] = {}
        self._all_pages: tuple[Page, ...] = ()
        self._languages_of: dict[str, list[Lang]] = {}
        self._page_keys: dict[str, str] = {}
        self.target_site: Path | None = None
        """The site folder this build replaces (set by ``terms build``): unchanged pages are linked from
        the site there, and the next build links from this one."""
        self._site_root: Path | None = None
        self._search_memory = SearchMemory(None)
        self._framed_memory = FramedMemory(None, None)
        self._nav: Navigation | None = None
        self._env: jinja2.Environment | None = None
        self._files: Files | None = None

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
        """Processes that make the pages: every core for a build (or ``$TERMS_WORKERS``), one for a
        preview (whose server runs threads, which do not mix with forking)."""
        if self.command == "serve":
            return 1
        value = os.environ.get(WORKERS_ENV, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
        return os.cpu_count() or 1

    def _generate(self, config: MkDocsConfig) -> Site:
        day = self.as_of  # once: a build that runs over midnight still shows one day
        corpus, diags = self._load(day)
        self._report(corpus, diags, day)
        start = time.perf_counter()
        cache = PageCache.for_root(self.root)
        try:
            site = render_site(corpus, day, self.root / self.config.templates, drafts=self.drafts,
                               cache=cache, workers=self._workers())
        except RenderError as exc:
            raise PluginError(f"terms: {exc}") from None
        log.info(f"terms: {len(site.pages)} pages rendered in {time.perf_counter() - start:.2f} s "
                 f"({cache.hits} document(s) from the cache)")
        routed, framed = self._split(site)
        report = write_site(Site(tuple(routed), site.files, site.nav), Path(config.docs_dir))
        if report.written or report.removed:
            log.info(f"terms: {len(report.written)} generated file(s) written, {len(report.removed)} removed")
        self._site_config = corpus.config
        self._framed = {}
        for page in framed:
            self._framed.setdefault(page.lang, []).append(page)
        # the sitemap needs every page's place and date, not its content
        self._all_pages = tuple(Page(p.lang, p.path, p.kind, "", "", lastmod=p.lastmod) for p in site.pages)
        self._page_keys = dict(site.keys)
        self._start_memories()
        self._languages_of = {}
        for p in site.pages:
            self._languages_of.setdefault(p.path, []).append(p.lang)
        # MkDocs reads its pages back from the docs folder: keep only the navigation and the files.
        return Site((), site.files, site.nav)

    def _start_memories(self) -> None:
        """What the previous build made, for this build to reuse (not for previews, nor without cache)."""
        if self.command == "serve" or os.environ.get("TERMS_NO_CACHE"):
            self._search_memory, self._framed_memory = SearchMemory(None), FramedMemory(None, None)
            return
        folder = self.root / ".cache" / "termsite"
        self._search_memory = SearchMemory(folder / "search.marshal")
        previous = self.target_site if self.target_site is not None and self.target_site.is_dir() else None
        self._framed_memory = FramedMemory(folder / "framed.marshal", previous)

    def _check_site_dir(self, config: MkDocsConfig) -> None:
        """Under plain ``mkdocs build``, which empties its site folder in place: refuse a folder that is
        not new, empty or the output of a build (``terms build`` checks before it builds elsewhere)."""
        base = Path(config.config_file_path).parent if config.config_file_path else self.root
        try:
            check_site_dir(Path(config.site_dir), origin="site_dir", root=self.root, config_dir=base,
                           docs_dir=Path(config.docs_dir))
        except SiteDirRefused as exc:
            raise PluginError(f"terms: {exc}") from None

    def _split(self, site: Site) -> tuple[list[Page], list[Page]]:
        """The pages MkDocs builds (the navigation's, the homes) and the pages written into frames."""
        if not self.config.frames:
            return list(site.pages), []
        in_nav = {(lang, path) for lang, items in site.nav.items() for path in _nav_paths(items)}
        routed: list[Page] = []
        framed: list[Page] = []
        for page in site.pages:
            (routed if not page.path or (page.lang, page.path) in in_nav else framed).append(page)
        return routed, framed

    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Generate the pages (once per build, before the first language) and configure MkDocs."""
        if config.config_file_path:
            base = Path(config.config_file_path).parent
            self.root = (base / self.config.root) if self.config.root else base
        if self.site is None or self._first_language(config):
            self._site_root = Path(config.site_dir)
            if self.target_site is None and self.command != "serve":
                self._check_site_dir(config)
            self.site = self._generate(config)
        site = self.site
        lang = self._language(config)
        if not config.site_url:
            config.site_url = self._site_config.site_url
        problem = site_url_problem(config.site_url)
        if problem:  # mkdocs.yml's own site_url is not checked by `terms check`
            raise PluginError(f"site_url '{reveal_all(config.site_url)}' cannot be used: {problem}")
        # Markup: escaped once, whether the theme prints it as it is or through `| e`
        config.site_name = escape(self._site_config.site_name.get(lang) or config.site_name)
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
        # the theme prints page.meta.title as it is in some places and through `| e` in others
        page.meta["title"] = escape(str(page.meta.get("title", "")))
        lastmod = page.meta.get("lastmod")
        if lastmod:
            # The sitemap and its gzip timestamp read this: a date from the terms, never the clock.
            page.update_date = str(lastmod)
        toc, html = split_source(markdown)
        self._bodies[page.file.src_uri] = (html, toc)
        return ""

    def on_page_content(self, html: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Put the finished HTML back as the page content, with the renderer's table of contents."""
        body = self._bodies.pop(page.file.src_uri, None)
        if body is None:
            return html
        content, toc = body
        page.toc = TableOfContents(_toc(toc))
        search = page.meta.get("search")
        if not (isinstance(search, dict) and search.get("exclude")) and self._workers() > 1:
            # indexed after the pages are built, on every core (parsing the version in force for the
            # index is most of MkDocs' time per page); the search plugin skips it now
            page.meta["search"] = {"exclude": True}
            self._index_later.setdefault(self._language(config), []).append(
                _Indexed(page.url, str(page.meta.get("title") or page.title), content, page.toc))
        return content

    @event_priority(-200)  # after static-i18n has made the navigation of the language
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation: the frames of the pages outside it show it."""
        self._nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Keep the theme's templates for the frames, and their compiled form between builds."""
        self._env, self._files = env, files
        if self.command != "serve" and not os.environ.get("TERMS_NO_CACHE"):
            folder = self.root / ".cache" / "termsite" / "jinja"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    @event_priority(-100)  # last: nothing after this needs the page's content
    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str:
        """Let go of a terms page's content once it is written: MkDocs keeps every page object until
        the end of the build."""
        if "terms_kind" in page.meta:
            page.content = None
        return output

    # -- pages outside the navigation, the sitemap ----------------------------------------------------

    def _last_language(self, config: MkDocsConfig) -> bool:
        i18n = self._i18n(config)
        if i18n is None:
            return True
        others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
        return bool(i18n.current_language == (others[-1] if others else i18n.default_language))

    def _write_framed(self, config: MkDocsConfig, lang: Lang, pages: list[Page], later: list[_Indexed]) -> None:
        """Write ``pages`` into their frames and add the searchable ones, and the pages MkDocs built
        whose indexing was left for now (``later``), to the search index: on every core. A page the
        previous site holds unchanged is hard-linked from it; index entries of an unchanged page are
        taken from the previous build's."""
        maker = self._frame_maker(config, lang, pages)
        site_dir = Path(config.site_dir)
        index = _search_index(config)
        entries = _index_entries(index)
        salt = _search_salt(config)
        remembered = self._search_memory
        framed = self._framed_memory
        keys = self._page_keys

        def add(page: _Indexed) -> tuple[str | None, list[Any]]:
            if index is None:
                return None, []
            if entries is None:  # an index whose entries cannot be read: indexed here (one process)
                index.add_entry_from_context(page)
                return None, []
            key = digest(salt, page.url, page.title, page.content, repr(page.toc_data))
            known = remembered.get(key)
            if known is not None:
                return key, known
            before = len(entries)
            index.add_entry_from_context(page)
            added = entries[before:]
            del entries[before:]
            return key, added

        def write(page: Page, target: Path) -> tuple[str, tuple[str, int, int]] | None:
            source = keys.get(page.url)
            key = digest(maker.frame(page).fingerprint, source, page.url) if source else None
            old = framed.reusable(page.url, key) if key else None
            if old is None or not framed.link(old, target):
                target.write_bytes(maker.page(page).encode("utf-8", errors="xmlcharrefreplace"))
            return (page.url, framed.record(key, target)) if key else None

        def job(i: int) -> tuple[tuple[str, tuple[str, int, int]] | None, str | None, list[Any]]:
            # the pages MkDocs built first, then the framed ones: the order of the index that one
            # process makes (the search plugin indexes MkDocs' pages as it builds them), whatever the
            # number of workers
            if i < len(later):
                return (None, *add(later[i]))
            page = pages[i - len(later)]
            target = site_dir / page.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            record = write(page, target)
            if not page.searchable:
                return record, None, []
            return (record, *add(_Indexed.of(page)))

        workers = self._workers() if index is None or entries is not None else 1
        for record, key, added in fork_map(job, len(pages) + len(later), workers, chunksize=16):
            if record is not None:
                framed.keep([record])
            if key is not None:
                remembered.keep(key, added)
            if entries is not None:
                entries.extend(added)

    def _frame_maker(self, config: MkDocsConfig, lang: Lang, pages: list[Page]) -> FrameMaker:
        """The frames of ``pages``, every one made here and now: the workers share them."""
        if self._env is None or self._nav is None or self._files is None:
            raise PluginError("terms: the theme was not set up before the pages were written")
        i18n = self._i18n(config)
        maker = FrameMaker(config, self._env, self._nav, self._files,
                           list(getattr(i18n, "extra_alternate", None) or config.extra.get("alternate") or []),
                           self._languages_of)
        for page in pages:
            try:
                maker.frame(page)
            except FrameError as exc:
                raise PluginError(f"terms: cannot write '{page.url}' into the theme's page: {exc}; set "
                                  "`frames: false` under the terms plugin in mkdocs.yml to build every page "
                                  "through MkDocs") from None
        return maker

    def _write_sitemap(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        xml = sitemap_xml(self._all_pages, config.site_url or self._site_config.site_url)
        (site_dir / "sitemap.xml").write_bytes(xml.encode("utf-8"))
        (site_dir / "sitemap.xml.gz").write_bytes(sitemap_gz(xml, self._all_pages))

    def on_pre_template(self, template: jinja2.Template, /, *, template_name: str,
                        config: MkDocsConfig) -> jinja2.Template:
        """Point the 404 page's language menu at the languages' home pages (static-i18n leaves the
        links of whichever page was built last)."""
        i18n = self._i18n(config)
        homes = getattr(i18n, "extra_alternate", None)
        if template_name == "404.html" and homes:
            extra: Any = config.extra
            extra.alternate = deepcopy(homes)
        return template

    # -- per-language 404 pages -------------------------------------------------------------------

    @event_priority(10)  # before the search plugin writes the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write this language's pages outside the navigation, the sitemap after the last language, and
        keep one 404 page per language: every language build writes the root ``404.html``."""
        lang = self._language(config)
        framed = self._framed.pop(lang, [])
        later = self._index_later.pop(lang, [])
        if framed or later:
            start = time.perf_counter()
            self._write_framed(config, lang, framed, later)
            log.info(f"terms: {len(framed)} '{lang}' pages written into the theme's frame in "
                     f"{time.perf_counter() - start:.2f} s")
        if self._last_language(config):
            if self._site_root is not None:
                write_stamp(self._site_root)
            self._write_sitemap(config)
            self._search_memory.save()
            if self.target_site is not None:
                self._framed_memory.save(self.target_site)
        path = Path(config.site_dir) / "404.html"
        if not path.is_file():
            return
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



class _Indexed:
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
    def of(cls, page: Page) -> _Indexed:
        """A framed page."""
        return cls(page.url, escape(page.title), page.html, TableOfContents(_toc(page.toc)))


def _index_entries(index: Any) -> list[Any] | None:
    """The list of entries of a search index (Material's ``entries``, MkDocs' ``_entries``), if found."""
    for name in ("entries", "_entries"):
        value = getattr(index, name, None)
        if isinstance(value, list):
            return value
    return None


def _search_salt(config: MkDocsConfig) -> str:
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


def _search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index, if search is on."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(getattr(plugin, "config", None), "enabled", True):
            index = getattr(plugin, "search_index", None)
            if index is not None and hasattr(index, "add_entry_from_context"):
                return index
    return None
