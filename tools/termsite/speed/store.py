"""The one on-disk store under ``.cache/termsite/``: :mod:`marshal` data, written atomically, pruned.

Every cache of the tool (parsed YAML, rendered pages, what the previous build made) keeps plain data
(dicts, lists, strings, numbers: loading it runs no code) in files that are only ever replaced whole:
written to a new temporary file beside the entry, then renamed over it, so a reader sees the old entry
or the new one, never half of one, and a build killed while writing leaves at most a temporary file
that the next pruning removes. An entry is read only if it is a regular file and not over a size
limit, so a FIFO or a device planted in the cache cannot block a build or feed it for ever. Nothing
here ever fails a build: an entry that cannot be read is missing, one that cannot be written is not
kept.

:class:`Store` holds entries by key in a folder (``<key[:2]>/<key>``) and removes, after a build,
those the build did not use; :func:`read_marshal` and :func:`write_marshal` are the same for one file.
"""

from __future__ import annotations

import marshal
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: What reading an entry that is not what it should be raises (besides an unreadable file).
_DAMAGED = (ValueError, EOFError, TypeError, IndexError, KeyError, AttributeError)
_BIG = 1 << 30
# as termsite.source.safe_read opens a file: a FIFO does not block the open, a terminal is not taken
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: Path, limit: int = _BIG) -> bytes | None:
    """The bytes of the regular file at ``path`` (at most ``limit``), or None.

    What :func:`termsite.source.safe_read.read_regular` does for a terms file (``fstat`` on the
    descriptor read; never past the limit), without its messages, and in one read for an entry of the
    size it says: a page bundle is megabytes."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        chunks: list[bytes] = []
        got = 0
        want = st.st_size + 1  # one more: the end of the file shows in the first read
        while got <= limit:
            chunk = os.read(fd, min(want, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            want = 1 << 20
        return b"".join(chunks) if got <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_marshal(path: Path | None, limit: int = _BIG) -> Any:
    """The data stored at ``path``, or None if there is none to be had."""
    blob = None if path is None else read_bytes(path, limit)
    if blob is None:
        return None
    try:
        return marshal.loads(blob)
    except _DAMAGED:
        return None


def write_bytes(path: Path, blob: bytes) -> bool:
    """Replace the file at ``path`` by ``blob`` atomically (its folder must exist); False if refused."""
    try:
        # a new file of a name nobody can have planted (O_EXCL): a link there is not followed
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


def write_marshal(path: Path | None, data: Any) -> bool:
    """Store ``data`` at ``path`` (its folder made if needed) atomically; False if it was not stored."""
    if path is None:
        return False
    try:
        blob = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError):  # something marshal cannot hold, or no folder
        return False
    return write_bytes(path, blob)


class Store:
    """Marshal entries by key in ``folder`` (or nowhere: ``Store(None)`` keeps nothing).

    ``used`` holds the keys this build read or wrote (or :meth:`adopt`-ed); :meth:`prune` removes the
    others. ``hits`` and ``misses`` count the reads of :meth:`get`.
    """

    def __init__(self, folder: Path | None, limit: int = _BIG) -> None:
        self.folder = folder
        self.limit = limit
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self._made: set[Path] = set()

    def path(self, key: str) -> Path | None:
        """Where the entry of ``key`` lives (None: the store keeps nothing)."""
        return None if self.folder is None else self.folder / key[:2] / key

    def read(self, key: str) -> bytes | None:
        """The stored bytes of ``key`` as they are (unchecked: :func:`marshal.loads` may refuse them)."""
        path = self.path(key)
        return None if path is None else read_bytes(path, self.limit)

    def get(self, key: str, convert: Callable[[Any], Any] | None = None) -> Any:
        """The data stored under ``key`` (passed through ``convert``, whose damaged-data errors make a
        miss), or None; a hit counts ``key`` as used."""
        if self.folder is None:
            return None
        blob = self.read(key)
        try:
            if blob is None:
                raise ValueError(key)
            data = marshal.loads(blob)
            if convert is not None:
                data = convert(data)
        except _DAMAGED:
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        return data

    def put(self, key: str, data: Any) -> None:
        """Store ``data`` under ``key`` (a failure to write only costs speed)."""
        if self.folder is None:
            return
        try:
            blob = marshal.dumps(data)
        except ValueError:
            return
        self.write(key, blob)

    def write(self, key: str, blob: bytes) -> None:
        """Store the marshal bytes of some data under ``key`` (a failure to write only costs speed)."""
        path = self.path(key)
        if path is None:
            return
        if path.parent not in self._made:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return
            self._made.add(path.parent)
        if write_bytes(path, blob):
            self.used.add(key)

    def adopt(self, key: str) -> None:
        """Count ``key`` as used: another process (a worker) found or stored it."""
        if self.folder is not None:
            self.used.add(key)

    def has_entries(self) -> bool:
        """Whether the folder holds anything: the store was filled here before."""
        try:
            return self.folder is not None and any(self.folder.iterdir())
        except OSError:
            return False

    def prune(self) -> None:
        """Remove the entries (and leftover temporary files) this build did not use."""
        if self.folder is None:
            return
        try:
            subs = [e.path for e in os.scandir(self.folder) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for sub in subs:  # a link to a folder elsewhere is not a folder of the store: not entered
            try:
                names = [e.name for e in os.scandir(sub)]
            except OSError:
                continue
            for name in names:
                if name not in self.used:
                    try:
                        os.unlink(os.path.join(sub, name))
                    except OSError:
                        pass
