"""A content-addressed cache of parsed, schema-valid YAML files.

Reading YAML is most of the cost of ``terms check`` and of a build (the C parser still makes a
Python object per node). A file whose bytes, schema and tool version are unchanged gives the same
data, so its validated data is kept under ``.cache/termsite/parse/`` as :mod:`marshal` (plain
dicts, lists and strings only: loading it runs no code). Only files that parsed without any
diagnostic are cached; positions are never cached, they are recomputed from the file when a later
check needs one. Unused entries are pruned after each full load, so the folder stays the size of
the repository.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from termsite import __version__
from termsite.source.safe_read import NotReadable, read_regular

_FORMAT = 1
#: An entry holds the data of one file of at most 5 MB; marshal's bytes are a few times that at most.
_MAX_ENTRY_BYTES = 64 * 1024 * 1024


class ParseCache:
    """Validated data of YAML files, keyed by their bytes and the schema that validated them."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self._made: set[Path] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_root(cls, root: Path) -> ParseCache:
        """The cache of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "parse")

    def key(self, raw: bytes, schema_text: str) -> str:
        h = hashlib.sha256(raw)
        h.update(f"\0{schema_text}\0{__version__}\0{_FORMAT}".encode())
        return h.hexdigest()

    def get(self, key: str) -> Any | None:
        """The cached data for ``key``, or None."""
        if self.folder is None:
            return None
        blob = self.read(key)
        try:
            if blob is None:
                raise ValueError(key)
            data = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        return data

    def read(self, key: str) -> bytes | None:
        """The stored bytes for ``key`` as they are (unchecked: :func:`marshal.loads` may refuse them)."""
        if self.folder is None:
            return None
        try:  # a FIFO or device planted in the cache folder must not block or feed the load for ever
            return read_regular(self.folder / key[:2] / key, _MAX_ENTRY_BYTES)
        except NotReadable:
            return None

    def put(self, key: str, data: Any) -> None:
        """Store ``data`` (written atomically; a failure to write only costs speed)."""
        try:
            blob = marshal.dumps(data)
        except ValueError:
            return
        self.write(key, blob)

    def write(self, key: str, blob: bytes) -> None:
        """Store the marshal bytes of some data (written atomically; a failure to write only costs speed)."""
        if self.folder is None:
            return
        path = self.folder / key[:2] / key
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, path)
            self.used.add(key)
        except OSError:
            return

    def has_entries(self) -> bool:
        """Whether the cache folder holds anything: the repository was loaded here before."""
        try:
            return self.folder is not None and any(self.folder.iterdir())
        except OSError:
            return False

    def adopt(self, key: str) -> None:
        """Count ``key`` as used by this load: another process (a reading worker) found or stored it."""
        if self.folder is not None:
            self.used.add(key)

    def prune(self) -> None:
        """Remove entries this load did not use."""
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
