"""What the previous build made, kept so that the next build need not make it again (speed only).

Two records under ``.cache/termsite/``, both in the tool's one store (:mod:`termsite.speed.store`:
:mod:`marshal` data written atomically, read only from a regular file):

* ``search.marshal``: the search index entries of each page the plugin indexes itself, by the hash
  of what the search plugin reads of the page (URL, title, content, table of contents) and of the
  search plugin's version and settings. Parsing a page for the index is most of the cost of the
  pages that go through MkDocs.
* ``framed.marshal``: for each page written into a frame, the key of what it was made from (the
  page-cache key of its document and the frame's fingerprint) and the size and time of the file
  written. When the next build makes the same page and the previous site still holds that file
  untouched, the new site gets a hard link to it instead of a new copy: the same bytes, no write.

A record that does not match (another key, a file changed or gone, another site folder) is simply
not used: the page is made and written as in a first build.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from termsite.speed.store import read_marshal, write_marshal

_FORMAT = 1


def digest(*parts: str) -> str:
    """SHA-256 of ``parts`` (separated so that no two lists of parts share a digest)."""
    h = hashlib.sha256(str(_FORMAT).encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class SearchMemory:
    """Search index entries of pages by the hash of what the index reads of them."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        found = read_marshal(path)
        self.known: dict[str, list[Any]] = found if isinstance(found, dict) else {}
        self.used: dict[str, list[Any]] = {}

    def get(self, key: str) -> list[Any] | None:
        """The entries stored under ``key``, or None."""
        entries = self.known.get(key)
        return list(entries) if isinstance(entries, list) else None

    def keep(self, key: str, entries: list[Any]) -> None:
        """Remember ``entries`` (made or reused by this build) for the next build."""
        self.used[key] = entries

    def save(self) -> None:
        """Write what this build used; entries it did not use are dropped."""
        write_marshal(self.path, self.used)  # not if the search plugin made an entry marshal cannot hold


class FramedMemory:
    """The framed pages of the previous build, to hard-link into the new site when unchanged."""

    def __init__(self, path: Path | None, previous_site: Path | None) -> None:
        self.path = path
        self.previous_site = previous_site
        found = read_marshal(path) if previous_site is not None else None
        same_site = isinstance(found, dict) and found.get("site") == str(previous_site)
        self.known: dict[str, Any] = found.get("files", {}) if same_site and isinstance(found, dict) else {}
        self.made: dict[str, tuple[str, int, int]] = {}

    def reusable(self, url: str, key: str) -> Path | None:
        """The previous site's file of the page at ``url`` if it was made from ``key`` and is untouched."""
        record = self.known.get(url)
        if self.previous_site is None or not isinstance(record, (list, tuple)) or len(record) != 3:
            return None
        if record[0] != key:
            return None
        path = self.previous_site / url / "index.html"
        try:
            stat = path.stat()
        except OSError:
            return None
        return path if (stat.st_size, stat.st_mtime_ns) == (record[1], record[2]) else None

    @staticmethod
    def link(source: Path, target: Path) -> bool:
        """Hard-link ``source`` at ``target``; False if the file system refuses."""
        try:
            os.link(source, target)
        except OSError:
            return False
        return True

    @staticmethod
    def record(key: str, target: Path) -> tuple[str, int, int]:
        """What to remember of a page written (or linked) at ``target``."""
        stat = target.stat()
        return key, stat.st_size, stat.st_mtime_ns

    def keep(self, records: Iterable[tuple[str, tuple[str, int, int]]]) -> None:
        """Remember ``(url, record)`` pairs of this build."""
        self.made.update(records)

    def save(self, site: Path) -> None:
        """Write the records of this build, for the site that will be at ``site``."""
        write_marshal(self.path, {"site": str(site), "files": self.made})
