"""Round-trip reading for commands that edit a version file (``terms new-version``).

Editing commands keep an editor's comments and layout. ruamel's round-trip mode reads the file
with every key's line; the editing command then rewrites only the lines of the top-level keys it
changes, so every other byte of the file stays as the editor wrote it (a round-trip *dump* would
re-indent nested lists such as table rows).
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError


class RoundTripError(Exception):
    """A file that the round-trip reader cannot read; the message says where and why."""


def read_roundtrip(text: str, display: str) -> Any:
    """``text`` read in ruamel's round-trip mode: mappings keep comments and ``.lc`` positions."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark is not None else display
        raise RoundTripError(f"{where}: cannot read the YAML: {exc.problem or exc}") from None
    except YAMLError as exc:  # duplicate keys and other constructor problems
        raise RoundTripError(f"{display}: cannot read the YAML: {exc}") from None


def top_level_spans(text: str, display: str) -> dict[str, tuple[int, int]]:
    """The 0-based line range ``[start, end)`` of each top-level key of a mapping file.

    A range covers the key and its value, not the comment and blank lines after it: those
    introduce the next key and stay with it.
    """
    data = read_roundtrip(text, display)
    if not isinstance(data, dict):
        raise RoundTripError(f"{display}: expected a mapping of keys at the top")
    lines = text.splitlines()
    mapping: Any = data
    starts = sorted((mapping.lc.key(k)[0], str(k)) for k in mapping)
    spans: dict[str, tuple[int, int]] = {}
    for i, (start, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        spans[key] = (start, end)
    return spans
