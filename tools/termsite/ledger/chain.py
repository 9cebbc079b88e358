"""The ledger's canonical form: a hash chain of entries, kept as one JSON file, and its verification.

An entry is a JSON object. Its ``hash`` is the SHA-256 (hex) of the UTF-8 bytes of the canonical JSON
(:func:`termsite.source.canonical.canonical_json`: sorted keys, no spaces, non-ASCII kept) of the entry
without its ``hash`` key; its ``previous`` is the ``hash`` of the entry before (``null`` for the first),
and ``number`` its position, from 1. The file (:func:`dump`) is::

    {"format":"termsite-ledger/1","entries":[
    <entry 1 in canonical JSON>,
    <entry 2 in canonical JSON>
    ]}

one entry a line, so that a publication appends one line; any JSON formatting of the same data reads
the same (:func:`parse`), and each problem is located at its entry's line and column.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from termsite.diagnostics.codes import Code
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.source.canonical import canonical_json

FORMAT = "termsite-ledger/1"
REQUIRED = ("number", "time", "as_of", "commit", "site_url", "versions", "notices", "pages", "previous", "hash")
_FIX_RESTORE = ("restore the ledger from the `ledger` branch (`git show origin/ledger:ledger.json`) or from a "
                "published copy (/api/ledger.json, the workflow's artifact); never edit it by hand")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``entry`` without its ``hash``."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def seal(body: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``body`` as the next entry after ``entries``: numbered, chained to the last one and hashed."""
    out = dict(body)
    out["number"] = len(entries) + 1
    out["previous"] = str(entries[-1]["hash"]) if entries else None
    out.pop("hash", None)
    out["hash"] = entry_hash(out)
    return out


def dump(entries: Sequence[Mapping[str, Any]]) -> str:
    """The ledger file: a header line, one canonical entry a line, a closing line."""
    lines = ",\n".join(canonical_json(e) for e in entries)
    return '{"format":"' + FORMAT + '","entries":[\n' + (lines + "\n" if lines else "") + "]}\n"


@dataclass(frozen=True)
class Ledger:
    """The entries of a ledger file and where each starts, for located messages."""

    path: str
    entries: tuple[dict[str, Any], ...]
    starts: tuple[tuple[int, int], ...]  # (line, col) of each entry
    keys: tuple[dict[str, tuple[int, int]], ...]  # (line, col) of each entry's top-level keys

    def at(self, index: int, key: str | None = None) -> Location:
        """The location of entry ``index`` (from 0), or of one of its keys."""
        if index >= len(self.starts):
            return Location(self.path, 1, 1)
        line, col = self.keys[index].get(key, self.starts[index]) if key else self.starts[index]
        return Location(self.path, line, col)


class LedgerError(Exception):
    """The ledger file cannot be read as a ledger; ``diagnostic`` says where and how to fix it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.as_text())
        self.diagnostic = diagnostic


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _key_positions(text: str, start: int) -> dict[str, tuple[int, int]]:
    """The positions of the top-level keys of the object at ``start`` (known to be valid JSON)."""
    dec = json.JSONDecoder()
    out: dict[str, tuple[int, int]] = {}
    i = _skip(text, start + 1)
    while i < len(text) and text[i] == '"':
        key, end = dec.raw_decode(text, i)
        out[str(key)] = _position(text, i)
        i = _skip(text, end)
        i = _skip(text, i + 1)  # the colon
        _, i = dec.raw_decode(text, i)
        i = _skip(text, i)
        if i < len(text) and text[i] == ",":
            i = _skip(text, i + 1)
    return out


def _error(path: str, line: int, col: int, code: Code, message: str, hint: str) -> LedgerError:
    return LedgerError(Diagnostic(code.value, "error", message, Location(path, line, col), hint))


def parse(text: str, path: str) -> Ledger:
    """The ledger in ``text`` (read from ``path``); raises :class:`LedgerError` if it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(path, exc.lineno, exc.colno, Code.TERMS072, f"the ledger is not valid JSON ({exc.msg})",
                     _FIX_RESTORE) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), list):
        raise _error(path, 1, 1, Code.TERMS072,
                     f"not a ledger: expected an object with \"format\": \"{FORMAT}\" and a list \"entries\"",
                     _FIX_RESTORE)
    # where each entry starts: walk the "entries" array of the top-level object
    top = _key_positions(text, _skip(text, 0))
    line, col = top["entries"]
    offset = sum(len(x) + 1 for x in text.split("\n")[: line - 1]) + col - 1
    dec = json.JSONDecoder()
    _, i = dec.raw_decode(text, offset)  # the key
    i = _skip(text, _skip(text, i) + 1)  # the colon, then "["
    i = _skip(text, i + 1)
    starts: list[tuple[int, int]] = []
    keys: list[dict[str, tuple[int, int]]] = []
    for item in data["entries"]:
        starts.append(_position(text, i))
        keys.append(_key_positions(text, i) if isinstance(item, dict) else {})
        _, i = dec.raw_decode(text, i)
        i = _skip(text, i)
        if i < len(text) and text[i] == ",":
            i = _skip(text, i + 1)
    entries = []
    for n, item in enumerate(data["entries"]):
        missing = [k for k in REQUIRED if not isinstance(item, dict) or k not in item]
        if missing:
            line, col = starts[n]
            raise _error(path, line, col, Code.TERMS072,
                         f"entry at position {n + 1} is not a ledger entry (missing {', '.join(missing)})",
                         _FIX_RESTORE)
        entries.append(item)
    return Ledger(path, tuple(entries), tuple(starts), tuple(keys))


def verify(ledger: Ledger) -> list[Diagnostic]:
    """Every break of the chain: an entry whose contents do not give its hash (edited), an entry out of
    place (removed, inserted or reordered), an entry not chained to the one before."""
    diags: list[Diagnostic] = []
    entries = ledger.entries
    numbers = [e.get("number") for e in entries]
    expected = list(range(1, len(entries) + 1))
    reordered = sorted(n for n in numbers if isinstance(n, int)) == expected and numbers != expected
    for i, e in enumerate(entries):
        n = e.get("number")
        if n != i + 1:
            if reordered:
                what = (f"position {i + 1} of the ledger holds entry {n}: the entries were reordered")
            elif isinstance(n, int) and n > i + 1:
                gone = [k for k in range(i + 1, n) if k not in numbers]
                what = (f"position {i + 1} of the ledger holds entry {n}: "
                        + (f"entry {', '.join(map(str, gone))} is missing (removed)" if gone
                           else "an entry was removed before it"))
            else:
                what = f"position {i + 1} of the ledger holds entry {n}: an entry was inserted or repeated"
            diags.append(Diagnostic(Code.TERMS074.value, "error", what, ledger.at(i, "number"), _FIX_RESTORE))
        actual = entry_hash(e)
        if actual != e.get("hash"):
            diags.append(Diagnostic(
                Code.TERMS073.value, "error",
                f"entry {n} was changed after it was written: its contents hash to {actual[:16]}…, "
                f"it records {str(e.get('hash'))[:16]}…", ledger.at(i, "hash"), _FIX_RESTORE))
        previous = entries[i - 1].get("hash") if i else None
        if e.get("previous") != previous and not (reordered or n != i + 1):
            diags.append(Diagnostic(
                Code.TERMS074.value, "error",
                f"entry {n} is not chained to the entry before it: it records previous "
                f"{str(e.get('previous'))[:16]}…, the entry before hashes to {str(previous)[:16]}…"
                + (" (the entry before was rewritten with a new hash)" if i and entry_hash(entries[i - 1])
                   == entries[i - 1].get("hash") else ""),
                ledger.at(i, "previous"), _FIX_RESTORE))
    return diags


def extends(ledger: Ledger, older: Ledger) -> list[Diagnostic]:
    """Problems if ``ledger`` does not begin with every entry of ``older``, unchanged (a copy kept from
    earlier: the published ``/api/ledger.json``, the ``ledger`` branch before a run)."""
    for i, old in enumerate(older.entries):
        if i >= len(ledger.entries):
            return [Diagnostic(Code.TERMS074.value, "error",
                               f"the ledger has {len(ledger.entries)} entries, fewer than the {len(older.entries)} "
                               f"of {older.path}: entries were removed", ledger.at(max(len(ledger.entries) - 1, 0)),
                               _FIX_RESTORE)]
        if canonical_json(ledger.entries[i]) != canonical_json(old):
            return [Diagnostic(Code.TERMS074.value, "error",
                               f"entry {i + 1} differs from entry {i + 1} of {older.path} "
                               f"({older.at(i)}): the history was rewritten", ledger.at(i, "hash"), _FIX_RESTORE)]
    return []
