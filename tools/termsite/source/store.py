"""A store of parsed files: what loading asks of a cache of validated data, whoever provides it.

Loading works without one (every file is parsed); given one, a file whose bytes and schema it has
seen is taken from it instead. Entries are the :mod:`marshal` bytes of plain data, keyed by a hash of
the file's bytes and its schema. :class:`termsite.speed.parse_cache.ParseCache` is the one on disk.
"""

from __future__ import annotations

from typing import Any, Protocol


class ParsedStore(Protocol):
    """Validated data of files, keyed by their bytes and the schema that validated them."""

    def key(self, raw: bytes, schema_text: str) -> str:
        """The key of a file's bytes validated by the schema whose text is ``schema_text``."""
        ...

    def get(self, key: str) -> Any | None:
        """The stored data for ``key`` (counted as used), or ``None``."""
        ...

    def read(self, key: str) -> bytes | None:
        """The stored bytes for ``key`` as they are (:func:`marshal.loads` may refuse them), or ``None``."""
        ...

    def put(self, key: str, data: Any) -> None:
        """Store ``data``; a failure to store only costs speed."""
        ...

    def write(self, key: str, blob: bytes) -> None:
        """Store the marshal bytes of some data; a failure to store only costs speed."""
        ...

    def adopt(self, key: str) -> None:
        """Count ``key`` as used by this load (another process found or stored it)."""
        ...

    def has_entries(self) -> bool:
        """Whether the store holds anything: the files were loaded before."""
        ...

    def prune(self) -> None:
        """Drop the entries this load did not use."""
        ...
