"""A content-addressed cache of parsed, schema-valid YAML files.

Reading YAML is most of the cost of ``terms check`` and of a build (the C parser still makes a
Python object per node). A file whose bytes, schema and tool version are unchanged gives the same
data, so its validated data is kept under ``.cache/termsite/parse/`` in the tool's one store
(:mod:`termsite.speed.store`: marshal data, plain dicts, lists and strings only). Only files that
parsed without any diagnostic are cached; positions are never cached, they are recomputed from the
file when a later check needs one. Unused entries are pruned after each full load, so the folder stays
the size of the repository.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from termsite import __version__
from termsite.speed.store import Store

_FORMAT = 1
#: An entry holds the data of one file of at most 5 MB; marshal's bytes are a few times that at most.
_MAX_ENTRY_BYTES = 64 * 1024 * 1024


class ParseCache(Store):
    """Validated data of YAML files, keyed by their bytes and the schema that validated them.

    :meth:`get` / :meth:`put` take and give the data, :meth:`read` / :meth:`write` its marshal bytes
    (a worker passes those on unopened); :meth:`adopt` counts a key another process used."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(folder, _MAX_ENTRY_BYTES)

    @classmethod
    def for_root(cls, root: Path) -> ParseCache:
        """The cache of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "parse")

    def key(self, raw: bytes, schema_text: str) -> str:
        """The key of a file's data: its bytes, the schema's text, the tool's version and the format."""
        h = hashlib.sha256(raw)
        h.update(f"\0{schema_text}\0{__version__}\0{_FORMAT}".encode())
        return h.hexdigest()
