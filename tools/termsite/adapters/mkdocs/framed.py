"""Writing the pages outside the navigation into Material's page for their shape, with their search
entries, on every core; unchanged pages and entries are reused from the previous build."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from termsite.adapters.mkdocs.frames import FrameError, FrameMaker
from termsite.adapters.mkdocs.search import Indexed, index_entries, search_index, search_salt
from termsite.model.terms import Lang
from termsite.site import Page
from termsite.speed.build_memory import FramedMemory, SearchMemory, digest
from termsite.speed.pool import fork_map


class FramedWriter:
    """The frames of one build and what the previous build left to reuse."""

    def __init__(self) -> None:
        self.search_memory = SearchMemory(None)
        self.framed_memory = FramedMemory(None, None)
        self.page_keys: dict[str, str] = {}
        self.languages_of: dict[str, list[Lang]] = {}
        self.env: jinja2.Environment | None = None
        self.nav: Navigation | None = None
        self.files: Files | None = None

    def start(self, root: Path, *, reuse: bool, previous_site: Path | None) -> None:
        """Read what the previous build made (not for previews, nor without cache)."""
        if not reuse or os.environ.get("TERMS_NO_CACHE"):
            self.search_memory, self.framed_memory = SearchMemory(None), FramedMemory(None, None)
            return
        folder = root / ".cache" / "termsite"
        self.search_memory = SearchMemory(folder / "search.marshal")
        previous = previous_site if previous_site is not None and previous_site.is_dir() else None
        self.framed_memory = FramedMemory(folder / "framed.marshal", previous)

    def save(self, target_site: Path | None) -> None:
        """Keep what this build made for the next one."""
        self.search_memory.save()
        if target_site is not None:
            self.framed_memory.save(target_site)

    def write(self, config: MkDocsConfig, i18n: Any, pages: list[Page], later: list[Indexed], workers: int) -> None:
        """Write ``pages`` into their frames and add the searchable ones, and the pages MkDocs built
        whose indexing was left for now (``later``), to the search index: on every core. A page the
        previous site holds unchanged is hard-linked from it; index entries of an unchanged page are
        taken from the previous build's."""
        maker = self._frame_maker(config, i18n, pages)
        site_dir = Path(config.site_dir)
        index = search_index(config)
        entries = index_entries(index)
        salt = search_salt(config)
        remembered = self.search_memory
        framed = self.framed_memory
        keys = self.page_keys

        def add(page: Indexed) -> tuple[str | None, list[Any]]:
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
            return (record, *add(Indexed.of(page)))

        count = workers if index is None or entries is not None else 1
        for record, key, added in fork_map(job, len(pages) + len(later), count, chunksize=16):
            if record is not None:
                framed.keep([record])
            if key is not None:
                remembered.keep(key, added)
            if entries is not None:
                entries.extend(added)

    def _frame_maker(self, config: MkDocsConfig, i18n: Any, pages: list[Page]) -> FrameMaker:
        """The frames of ``pages``, every one made here and now: the workers share them."""
        if self.env is None or self.nav is None or self.files is None:
            raise PluginError("terms: the theme was not set up before the pages were written")
        maker = FrameMaker(config, self.env, self.nav, self.files,
                           list(getattr(i18n, "extra_alternate", None) or config.extra.get("alternate") or []),
                           self.languages_of)
        for page in pages:
            try:
                maker.frame(page)
            except FrameError as exc:
                raise PluginError(f"terms: cannot write '{page.url}' into the theme's page: {exc}; set "
                                  "`frames: false` under the terms plugin in mkdocs.yml to build every page "
                                  "through MkDocs") from None
        return maker
