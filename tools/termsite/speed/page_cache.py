"""A cache of rendered pages, keyed by the hash of everything a page is made from.

Rendering a version page or a comparison page is most of the cost of a build, and most pages are
the same from one build to the next. A page that depends on one document (its version pages, its
comparisons, its history, its notices) is made from: that document and the content of its versions,
the states and dates this build gives them, the build's day and settings, the set of pages the site
has (links are written only to pages that exist), the templates and the renderer's own code. All
pages of one document share these inputs, so they are stored together: the hash names the bundle of
the document's pages under ``.cache/termsite/pages/`` (one file per document rather than one per
page: a cold build writes tens of files, not thousands); unchanged pages are read back instead of
compared and rendered again, so the output is the same bytes as a full build. Entries are
:mod:`marshal` data (strings, lists, booleans: loading runs no code). Entries a build did not use
are pruned after it, so the folder stays the size of the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from termsite import __version__
from termsite.model.terms import Document
from termsite.model.timeline import Entry
from termsite.source.canonical import content_hash

if TYPE_CHECKING:  # the site imports this module: its page types are imported where they are used
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
    h = hashlib.sha256(code_hash().encode())
    h.update(folder_hash(templates).encode())
    h.update(repr(config).encode())
    day = as_of.isoformat() if _templates_read_the_day(templates) else ""
    h.update(f"\0{day}\0{drafts}\0".encode())
    for p in sorted(paths):
        h.update(p.encode() + b"\0")
    return h.hexdigest()


def document_key(doc: Document, entries: Iterable[Entry], lastmod: dt.date) -> str:
    """The part of a page's key that its document gives: the document, every version's content
    (its note included), each visible version's state in this build and the document's last change
    as of the build day."""
    h = hashlib.sha256(repr((doc.id, doc.title, doc.original, doc.numbering, doc.change_clause,
                             doc.publisher)).encode())
    for v in doc.versions:
        # the file's digest when the loader made one (free), else the hash of the content
        h.update(f"{v.digest or content_hash(v)}\0{v.note!r}\0".encode())
    for e in entries:
        previous = e.previous.key if e.previous is not None else ""
        h.update(f"{e.version.key}\0{e.state}\0{previous}\0".encode())
    h.update(lastmod.isoformat().encode())
    return h.hexdigest()


def site_key(document_keys: Iterable[str], as_of: dt.date) -> str:
    """The part of the key of the outputs made from the whole site (the hub, the notices index, the
    feeds, the API): every document's key and the build day."""
    h = hashlib.sha256(as_of.isoformat().encode())
    for key in sorted(document_keys):
        h.update(b"\0" + key.encode())
    return h.hexdigest()


def bundle_key(build: str, document: str) -> str:
    """The key of the bundle of one document's pages."""
    return hashlib.sha256(f"{build}\0{document}".encode()).hexdigest()


def _dump(outputs: Iterable[Page | StaticFile]) -> bytes:
    from termsite.site.pages import StaticFile
    from termsite.site.write import toc_data

    data: list[list[Any]] = []
    for out in outputs:
        if isinstance(out, StaticFile):
            data.append([out.path, out.content])
        else:
            data.append([out.lang, out.path, out.kind, out.title, out.html, toc_data(out.toc), out.searchable,
                         out.lastmod.isoformat() if out.lastmod else None, out.description])
    return marshal.dumps(data)


def _load(data: bytes) -> dict[str, Page | StaticFile]:
    from termsite.site.pages import Page, StaticFile
    from termsite.site.write import toc_from_data

    out: dict[str, Page | StaticFile] = {}
    for entry in marshal.loads(data):
        if len(entry) == 2:
            out[entry[0]] = StaticFile(entry[0], entry[1])
            continue
        lang, path, kind, title, html, toc, searchable, lastmod, description = entry
        page = Page(lang, path, kind, title, html, toc_from_data(toc), searchable,
                    dt.date.fromisoformat(lastmod) if lastmod else None, description)
        out[page.url] = page
    return out


class PageCache:
    """Bundles of rendered pages by key, in a folder (or nowhere: ``PageCache(None)`` caches nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_root(cls, root: Path) -> PageCache:
        """The cache of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "pages")

    def get(self, key: str) -> dict[str, Page | StaticFile] | None:
        """The outputs stored under ``key`` by their path from the site root (``en/x/``), or None."""
        if self.folder is None:
            return None
        try:
            pages = _load((self.folder / key[:2] / key).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        return pages

    def put(self, key: str, pages: Iterable[Page | StaticFile]) -> None:
        """Store ``pages`` (and files; written atomically; a failure to write only costs speed)."""
        if self.folder is None:
            return
        path = self.folder / key[:2] / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_dump(pages))
            os.replace(tmp, path)
            self.used.add(key)
        except (OSError, ValueError):
            return

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for entry in sub.iterdir():
                if entry.name not in self.used:
                    try:
                        entry.unlink()
                    except OSError:
                        pass
