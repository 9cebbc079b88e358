"""The MkDocs plugin ``terms``: its hooks hand the work to small collaborators.

On the first language's configuration the terms are loaded, checked and rendered
(:mod:`~termsite.adapters.mkdocs.generate`); MkDocs builds the navigation's pages, whose bodies are
finished HTML taken out of the Markdown before Python-Markdown sees it and put back as the content.
Every other page is written into Material's page for its shape after each language's build
(:mod:`~termsite.adapters.mkdocs.framed`), with its search entries
(:mod:`~termsite.adapters.mkdocs.search`). The plugin writes the sitemap of all pages, keeps one 404 page
per language, refuses a site folder a build may not replace under plain ``mkdocs build``
(:mod:`~termsite.adapters.mkdocs.site_folder`) and marks every output with the stamp. Under
``mkdocs serve`` it watches ``terms/``, ``templates/`` and ``site_config/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from pathlib import Path
from typing import Any, Literal, cast

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import TableOfContents

from termsite.adapters.cli.main import load_checked
from termsite.adapters.mkdocs.framed import FramedWriter
from termsite.adapters.mkdocs.generate import Generated, generate, report
from termsite.adapters.mkdocs.navigation import nav_config, toc_links
from termsite.adapters.mkdocs.options import (
    WATCHED,
    TermsPluginConfig,
    build_day,
    current_language,
    is_language,
    workers,
)
from termsite.adapters.mkdocs.outputs import NotFoundPages, write_sitemap
from termsite.adapters.mkdocs.search import Indexed, clean_entries, index_entries, search_index
from termsite.adapters.mkdocs.site_folder import refuse_site_dir, write_stamp
from termsite.adapters.mkdocs.theme import add_theme_overrides, keep_compiled
from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import Corpus, Lang
from termsite.model.text_safety import reveal_all, site_url_problem
from termsite.site import TocEntry, split_source
from termsite.site.identity import identity

log = get_plugin_logger(__name__)


class TermsPlugin(BasePlugin[TermsPluginConfig]):  # type: ignore[no-untyped-call]
    """Generate the terms pages and feed them to MkDocs as finished HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.root = Path(".")
        self._preloaded: tuple[Corpus, list[Diagnostic]] | None = None
        self._target_site: Path | None = None
        self._site_root: Path | None = None
        self._made: Generated | None = None
        self._bodies: dict[str, tuple[str, tuple[TocEntry, ...]]] = {}
        self._index_later: dict[Lang, list[Indexed]] = {}
        self._not_found = NotFoundPages()
        self._framed = FramedWriter()

    def prepare(self, *, as_of: dt.date, drafts: bool, checked: tuple[Corpus, list[Diagnostic]],
                target_site: Path) -> None:
        """Set up a ``terms build``: the day, drafts, the terms it has checked already, and the site folder
        it replaces (unchanged pages are linked from there, and the next build links from this one)."""
        self.config.as_of, self.config.drafts = as_of.isoformat(), drafts
        self._preloaded, self._target_site = checked, target_site

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this is a preview (``serve``): previews include drafts by default."""
        self.command = command

    @property
    def as_of(self) -> dt.date:
        """The build day."""
        return build_day(cast("str | dt.date | None", self.config.as_of))

    def _generate(self, config: MkDocsConfig) -> Generated:
        day = self.as_of  # once: a build that runs over midnight still shows one day
        checked, self._preloaded = self._preloaded or load_checked(self.root, day), None
        report(*checked, day, self.config.history_warnings)
        drafts = self.command == "serve" if self.config.drafts is None else bool(self.config.drafts)
        made = generate(checked[0], day, root=self.root, templates=self.root / self.config.templates,
                        docs_dir=Path(config.docs_dir), drafts=drafts, workers=workers(self.command),
                        frames=self.config.frames)
        self._framed.page_keys, self._framed.languages_of = made.page_keys, made.languages_of
        self._framed.start(self.root, reuse=self.command != "serve", previous_site=self._target_site)
        return made

    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Generate the pages (once per build, before the first language) and configure MkDocs."""
        if config.config_file_path:
            base = Path(config.config_file_path).parent
            self.root = (base / self.config.root) if self.config.root else base
        if self._made is None or is_language(config, "first"):
            self._site_root = Path(config.site_dir)
            if self._target_site is None and self.command != "serve":
                refuse_site_dir(config, self.root)  # plain `mkdocs build` (`terms build` checks first)
            self._made = self._generate(config)
        made, lang = self._made, current_language(config)
        add_theme_overrides(config)
        config.site_url = config.site_url or made.config.site_url
        problem = site_url_problem(config.site_url)
        if problem:  # mkdocs.yml's own site_url is not checked by `terms check`
            raise PluginError(f"site_url '{reveal_all(config.site_url)}' cannot be used: {problem}")
        # Markup: escaped once, whether the theme prints it as it is or through `| e`
        config.site_name = escape(made.config.site_name.get(lang) or config.site_name)
        config.nav = nav_config(made.site.nav[lang])
        config.extra["terms_identity"] = identity(made.config, lang)  # the header's logo, the footer
        config.extra_css.extend([css for css in made.site.assets(".css") if css not in config.extra_css])
        scripts = [str(s) for s in config.extra_javascript]
        config.extra_javascript.extend([js for js in made.site.assets(".js") if js not in scripts])
        return config

    @event_priority(100)
    def on_page_markdown(self, markdown: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Take the finished HTML out of the page before Python-Markdown sees it."""
        if "terms_kind" not in page.meta:
            return markdown
        # the theme prints page.meta.title as it is in some places and through `| e` in others
        page.meta["title"] = escape(str(page.meta.get("title", "")))
        if page.meta.get("lastmod"):
            # The sitemap and its gzip timestamp read this: a date from the terms, never the clock.
            page.update_date = str(page.meta["lastmod"])
        toc, html = split_source(markdown)
        self._bodies[page.file.src_uri] = (html, toc)
        return ""

    def on_page_content(self, html: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Put the finished HTML back as the page content, with the renderer's table of contents."""
        body = self._bodies.pop(page.file.src_uri, None)
        if body is None:
            return html
        content, toc = body
        page.toc = TableOfContents(toc_links(toc))
        search = page.meta.get("search")
        if not (isinstance(search, dict) and search.get("exclude")) and workers(self.command) > 1:
            # indexed after the pages are built, on every core (parsing the version in force for the
            # index is most of MkDocs' time per page); the search plugin skips it now
            page.meta["search"] = {"exclude": True}
            self._index_later.setdefault(current_language(config), []).append(
                Indexed(page.url, str(page.meta.get("title") or page.title), content, page.toc))
        return content

    @event_priority(-200)  # after static-i18n has made the navigation of the language
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation: the frames of the pages outside it show it."""
        self._framed.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Keep the theme's templates for the frames, and their compiled form between builds."""
        self._framed.env, self._framed.files = env, files
        if self.command != "serve":
            keep_compiled(env, self.root)
        return env

    @event_priority(-100)  # last: nothing after this needs the page's content
    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str:
        """Let go of a terms page's content once it is written: MkDocs keeps every page object until
        the end of the build."""
        if "terms_kind" in page.meta:
            page.content = None
        return output

    def on_pre_template(self, template: jinja2.Template, /, *, template_name: str,
                        config: MkDocsConfig) -> jinja2.Template:
        """Point the 404 page's language menu at the languages' home pages (static-i18n leaves the
        links of whichever page was built last)."""
        if template_name == "404.html":
            NotFoundPages.link_homes(config)
        return template

    @event_priority(10)  # before the search plugin writes the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write this language's pages outside the navigation, the sitemap after the last language, and
        keep one 404 page per language: every language build writes the root ``404.html``."""
        lang = current_language(config)
        framed = self._made.framed.pop(lang, []) if self._made else []
        later = self._index_later.pop(lang, [])
        if framed or later:
            start = time.perf_counter()
            self._framed.write(config, config.plugins.get("i18n"), framed, later, workers(self.command))
            log.info(f"terms: {len(framed)} '{lang}' pages written into the theme's frame in "
                     f"{time.perf_counter() - start:.2f} s")
        entries = index_entries(search_index(config))
        if entries is not None and self._made is not None:
            clean_entries(entries, self._made.config.site_url)
        if is_language(config, "last") and self._made is not None:
            if self._site_root is not None:
                write_stamp(self._site_root)
            write_sitemap(Path(config.site_dir), self._made.all_pages, config.site_url or self._made.config.site_url)
            self._framed.save(self._target_site)
        self._not_found.after_language(Path(config.site_dir), lang)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when the terms, the template overrides or the site settings change. The generated docs
        folder is not watched: only this plugin writes it, during a build (watching it would rebuild again)."""
        try:
            server.unwatch(config.docs_dir)
        except KeyError:  # not watched (livereload off)
            pass
        with contextlib.suppress(OSError):  # empty (git keeps no trace): an override made now is seen
            (self.root / "templates").mkdir(exist_ok=True)
        for name in WATCHED:
            if (self.root / name).is_dir():
                server.watch(str(self.root / name))
        return server
