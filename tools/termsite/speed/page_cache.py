"""A cache of rendered pages, keyed by the hash of everything a page is made from.

Rendering a version page or a comparison page is most of the cost of a build, and most pages are
the same from one build to the next. A page that depends on one document (its version pages, its
comparisons, its history, its notices) is made from: that document and the content of its versions,
the states and dates this build gives them, the build's day and settings, the set of pages the site
has (links are written only to pages that exist), the templates and the renderer's own code. All
pages of one document share these inputs, so they are stored together: the hash names the bundle of
the document's pages under ``.cache/termsite/pages/`` (one file per document rather than one per
page: a cold build writes tens of files, not thousands); unchanged pages are read back instead of
compared and rendered again, so the output is the same bytes as a full build. Entries are kept in the
tool's one store (:mod:`termsite.speed.store`: :mod:`marshal` data, strings, lists, booleans; loading
runs no code). Entries a build did not use are pruned after it, so the folder stays the size of the
site. :class:`PageCache` is what :func:`termsite.site.site.render_site` takes as its ``cache``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from termsite import __version__
from termsite.model.terms import Document
from termsite.model.timeline import Entry
from termsite.source.canonical import content_hash
from termsite.speed.store import Store

if TYPE_CHECKING:  # the page types are imported where they are used: importing the cache stays light
    from termsite.site.context import SiteContext
    from termsite.site.pages import Page, StaticFile

_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent.parent
"""The ``termsite`` package: a change to the code must not serve pages made by the old code."""


def code_hash() -> str:
    """SHA-256 of the termsite core's code (and the tool and cache format versions)."""
    h = hashlib.sha256(f"{__version__}\0{_FORMAT}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def folder_hash(folder: Path) -> str:
    """SHA-256 of every file under ``folder`` (names and bytes)."""
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _templates_read_the_day(templates: Path) -> bool:
    return any("as_of" in path.read_text(encoding="utf-8", errors="replace")
               for path in templates.rglob("*.j2") if path.is_file())


def build_key(*, templates: Path, config: Any, as_of: dt.date, drafts: bool, paths: Iterable[str]) -> str:
    """The part of every page's key that the whole build shares.

    The build day is not part of it: what the day changes on a document's pages (which versions are
    visible, their states, the last change) is in :func:`document_key`, so a daily build serves every
    document on which nothing happened from the cache. Unless a template prints the day (``as_of``)."""
    from termsite.site.env import template_folders  # the site imports this module

    folders = template_folders(templates)  # the repository's overrides and the packaged defaults
    h = hashlib.sha256(code_hash().encode())
    for folder in folders:
        h.update(folder_hash(folder).encode())
    h.update(repr(config).encode())
    day = as_of.isoformat() if any(_templates_read_the_day(f) for f in folders) else ""
    h.update(f"\0{day}\0{drafts}\0".encode())
    for p in sorted(paths):
        h.update(p.encode() + b"\0")
    return h.hexdigest()


def document_key(doc: Document, entries: Iterable[Entry], lastmod: dt.date) -> str:
    """The part of a page's key that its document gives: the document, every version's content
    (its note included), each visible version's state in this build and the document's last change
    as of the build day."""
    h = hashlib.sha256(repr((doc.id, doc.title, doc.original, doc.numbering, doc.change_clause,
                             doc.publisher, doc.numerals, doc.single_language)).encode())
    for v in doc.versions:
        # the file's digest when the loader made one (free), else the hash of the content
        h.update(f"{v.digest or content_hash(v)}\0{v.note!r}\0{v.translation_revisions!r}\0".encode())
    for e in entries:
        previous = e.previous.key if e.previous is not None else ""
        h.update(f"{e.version.key}\0{e.state}\0{previous}\0".encode())
    h.update(lastmod.isoformat().encode())
    return h.hexdigest()


def site_key(document_keys: Iterable[str], as_of: dt.date, pdf_hashes: Mapping[str, str] | None = None) -> str:
    """The part of the key of the outputs made from the whole site (the hub, the notices index, the
    feeds, the API): every document's key, the build day and the hash of every PDF (the API lists them,
    and a PDF's bytes also depend on the renderer, which no other key holds)."""
    h = hashlib.sha256(as_of.isoformat().encode())
    for key in sorted(document_keys):
        h.update(b"\0" + key.encode())
    for path, digest in sorted((pdf_hashes or {}).items()):
        h.update(f"\0{path}\0{digest}".encode())
    return h.hexdigest()


def bundle_key(build: str, document: str) -> str:
    """The key of the bundle of one document's pages."""
    return hashlib.sha256(f"{build}\0{document}".encode()).hexdigest()


def _dump(outputs: Iterable[Page | StaticFile]) -> list[list[Any]]:
    from termsite.site.pages import StaticFile
    from termsite.site.write import toc_data

    data: list[list[Any]] = []
    for out in outputs:
        if isinstance(out, StaticFile):
            data.append([out.path, out.content])
        else:
            data.append([out.lang, out.path, out.kind, out.title, out.html, toc_data(out.toc), out.searchable,
                         out.lastmod.isoformat() if out.lastmod else None, out.description])
    return data


def _load(data: Any) -> dict[str, Page | StaticFile]:
    from termsite.site.pages import Page, StaticFile
    from termsite.site.write import toc_from_data

    out: dict[str, Page | StaticFile] = {}
    for entry in data:
        if len(entry) == 2:
            out[entry[0]] = StaticFile(entry[0], entry[1])
            continue
        lang, path, kind, title, html, toc, searchable, lastmod, description = entry
        page = Page(lang, path, kind, title, html, toc_from_data(toc), searchable,
                    dt.date.fromisoformat(lastmod) if lastmod else None, description)
        out[page.url] = page
    return out


class PageCache:
    """Bundles of rendered pages by key, in a folder (or nowhere: ``PageCache(None)`` caches nothing).

    ``used``, ``hits`` and ``misses`` are the store's (:class:`termsite.speed.store.Store`)."""

    def __init__(self, folder: Path | None) -> None:
        self.store = Store(folder)

    @classmethod
    def for_root(cls, root: Path) -> PageCache:
        """The cache of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "pages")

    @property
    def folder(self) -> Path | None:
        """Where the bundles are kept (None: nowhere)."""
        return self.store.folder

    @property
    def used(self) -> set[str]:
        """The keys of the bundles this build read or stored."""
        return self.store.used

    @property
    def hits(self) -> int:
        """Bundles found."""
        return self.store.hits

    @property
    def misses(self) -> int:
        """Bundles looked for and not found."""
        return self.store.misses

    def bundle_keys(self, ctx: SiteContext) -> dict[str, str]:
        """The key of each bundle of the build ``ctx`` (its outputs planned): one per document, by its
        id, and one for the outputs made from the whole site, under ``""``."""
        build = build_key(templates=ctx.templates, config=ctx.corpus.config, as_of=ctx.as_of, drafts=ctx.drafts,
                          paths=ctx.paths)
        keys = {doc.id: bundle_key(build, document_key(doc, ctx.timeline(doc), ctx.lastmod(doc)))
                for doc in ctx.documents}
        keys[""] = bundle_key(build, site_key(keys.values(), ctx.as_of, ctx.pdf_hashes))
        return keys

    def get(self, key: str) -> dict[str, Page | StaticFile] | None:
        """The outputs stored under ``key`` by their path from the site root (``en/x/``), or None."""
        found: dict[str, Page | StaticFile] | None = self.store.get(key, _load)
        return found

    def put(self, key: str, pages: Iterable[Page | StaticFile]) -> None:
        """Store ``pages`` (and files; written atomically; a failure to write only costs speed)."""
        if self.store.folder is not None:
            self.store.put(key, _dump(pages))

    def adopt(self, key: str) -> None:
        """Count ``key`` as used: a worker stored it."""
        self.store.adopt(key)

    def prune(self) -> None:
        """Remove the bundles this build did not use."""
        self.store.prune()
