"""Version files read ahead of a load that takes them in its own order, by whatever map it is given.

Loading walks the repository in its usual order and reads every file itself; given a map that runs
work ahead (for instance on worker processes), it first hands the version files to it. The map's
work sends back the data of the files that read cleanly, and the loading process reads every other
file itself, so the diagnostics are the same either way. A file that the store already has is taken
from the store here, and never handed to the map.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from termsite.source.parse import parse_text
from termsite.source.schema import fast_validator, schema_text
from termsite.source.store import ParsedStore
from termsite.source.text import decode_text, read_bytes
from termsite.source.yaml import loader

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

#: What was read of a file ahead: its store key (if there is a store) and the marshal bytes of its data.
Read = tuple[str | None, bytes]


class Ahead(Protocol[R_co]):
    """Results of work started ahead, taken by the index of their item."""

    def result(self, index: int) -> R_co | None:
        """The result for item ``index`` (waiting for it), or ``None``: the caller does the item itself."""
        ...

    def close(self) -> None:
        """Stop whatever work is left."""
        ...


class MapAhead(Protocol):
    """Starts ``work`` over ``items`` ahead of the caller, or answers ``None`` when that is not worth it."""

    def __call__(self, work: Callable[[T], R], items: Sequence[T], /) -> Ahead[R] | None: ...


def read_clean(path: Path, display: str, store: ParsedStore | None, root: Path | None = None) -> Read | None:
    """A version file's store key and validated data (as marshal bytes), if it reads without a diagnostic.

    This is the work done ahead; ``None`` leaves the file to the loading process, which then reads it
    as if nothing had been done ahead, diagnostics and all. A store entry is passed on unopened: the
    loading process reads the file itself if the entry is damaged.
    """
    raw, _ = read_bytes(path, display, root)
    if raw is None:
        return None
    key = None
    if store is not None and raw:
        key = store.key(raw, schema_text("version"))
        blob = store.read(key)
        if blob is not None:
            return key, blob
    text, _ = decode_text(raw, display)
    if text is None:
        return None
    src, diags = parse_text(text, display, "version")
    if src is None or diags:
        return None
    blob = marshal.dumps(src.data)
    if key is not None and store is not None:
        store.write(key, blob)
    return key, blob


class ReadAhead:
    """Version files read ahead: a file with a store entry has the entry read here (a warm repository
    starts no work ahead), the others are handed to ``start``. :meth:`take` answers ``None`` for a file
    nobody read ahead.
    """

    def __init__(self, files: Sequence[tuple[Path, str]], store: ParsedStore | None, start: MapAhead,
                 root: Path | None = None) -> None:
        self._root = root
        self._cached: dict[Path, Read] = {}
        self._index: dict[Path, int] = {}
        self._map: Ahead[Read | None] | None = None
        if store is not None and store.has_entries():
            files = [job for job in files if not self._read_entry(job[0], job[1], store)]
        if not files:
            return
        self._index = {path: i for i, (path, _) in enumerate(files)}
        # made once here rather than once by every worker: the files left need them in any case
        loader()
        fast_validator("version")
        schema_text("version")
        self._map = start(lambda job: read_clean(job[0], job[1], store, root), files)

    def _read_entry(self, path: Path, display: str, store: ParsedStore) -> bool:
        """Keep the store entry of ``path`` (unopened, as a worker would pass it on), if there is one."""
        raw, _ = read_bytes(path, display, self._root)
        if not raw:
            return False
        key = store.key(raw, schema_text("version"))
        blob = store.read(key)
        if blob is None:
            return False
        self._cached[path] = (key, blob)
        return True

    def take(self, path: Path) -> Read | None:
        """What was read of ``path`` (store key, marshal of the data), or ``None``: read it yourself."""
        found = self._cached.pop(path, None)
        if found is not None:
            return found
        i = self._index.get(path)
        if self._map is None or i is None:
            return None
        return self._map.result(i)

    def close(self) -> None:
        """Stop the work ahead."""
        self._cached.clear()
        if self._map is not None:
            self._map.close()
            self._map = None
