"""One file of a repository read, parsed and validated: taken from a read-ahead or a store when they have it."""

from __future__ import annotations

import marshal
from pathlib import Path

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.source.ahead import ReadAhead
from termsite.source.parse import parse_text
from termsite.source.schema import schema_text
from termsite.source.store import ParsedStore
from termsite.source.text import decode_text, read_bytes, read_text
from termsite.source.yaml import Source


def load_source(path: Path, display: str, schema_name: str, store: ParsedStore | None = None,
                ahead: ReadAhead | None = None, root: Path | None = None) -> tuple[Source | None, list[Diagnostic]]:
    """Read, parse and validate one file (a regular file inside ``root``, if given); ``None`` when it cannot be used.

    A file that ``ahead`` has read cleanly is taken from it, one that ``store`` has is taken from
    there; any other is read here (and kept in ``store`` if it has no diagnostic).
    """
    def reread() -> str:
        return read_text(path, display, root)[0] or ""

    found = ahead.take(path) if ahead is not None else None
    if found is not None:
        key, blob = found
        try:
            data = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            pass  # a damaged store entry: read the file here, as without the read-ahead
        else:
            if key is not None and store is not None:
                store.adopt(key)
            return Source(display, data, reread, key or ""), []
    raw, diags = read_bytes(path, display, root)
    if raw is None:
        return None, diags
    key = None
    if store is not None and raw:
        key = store.key(raw, schema_text(schema_name))
        cached = store.get(key)
        if cached is not None:
            return Source(display, cached, reread, key), []
    text, diags = decode_text(raw, display)
    if text is None:
        return None, diags
    src, diags = parse_text(text, display, schema_name, reread=reread)
    if src is not None and key is not None:
        src.digest = key
    if src is not None and not diags and key is not None and store is not None:
        store.put(key, src.data)
    return src, diags
