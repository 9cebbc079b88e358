"""The bound on nesting: collections deeper than :data:`MAX_DEPTH` are refused before they are composed.

ruamel's C composer recurses without a limit and would overflow its stack on a hostile file; its parser
does not (its events come from a loop with its own stack), so depth is counted on the events, and only
for a text that a cheap look says could nest anywhere near that deep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import Event, MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.source.problems import diag

MAX_DEPTH = 64
#: Below this many levels the C composer's recursion is safe: far below where it overflows a thread's stack.
SAFE_DEPTH = 1000
_DEEP_PREFIX = re.compile(rf"^[ \t?:-]{{{SAFE_DEPTH // 2}}}", re.MULTILINE)
_QUOTED = r"""(?:[^][{}"'#!\n]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')*"""
_INNER_PAIR = re.compile(rf"\[{_QUOTED}\]|\{{{_QUOTED}\}}")


class TooDeep(Exception):
    """Collections nested deeper than :data:`MAX_DEPTH`, the first one too deep starting at ``line``:``col``."""

    def __init__(self, line: int, col: int) -> None:
        super().__init__(f"nesting deeper than {MAX_DEPTH} levels at {line}:{col}")
        self.line, self.col = line, col


def too_deep(display: str, line: int, col: int) -> Diagnostic:
    """The diagnostic of a file nested deeper than :data:`MAX_DEPTH` at ``line``:``col``."""
    return diag("TERMS002", f"nesting deeper than {MAX_DEPTH} levels", display, line, col,
                hint="terms are never nested this deep: check the indentation and brackets")


def may_nest_deep(text: str) -> bool:
    """A cheap bound: could ``text`` nest collections anywhere near :data:`SAFE_DEPTH` deep?

    A block collection starts no further right than a line's indentation and ``-``, ``?``, ``:``
    indicators, and each two levels of block nesting move one column right, so block depth is at most
    twice the longest such prefix. Flow depth is at most the number of ``[`` and ``{`` left after
    innermost pairs, which hold no brackets or comments and only one-line quoted strings, are taken
    away a few times over.
    """
    if _DEEP_PREFIX.search(text):
        return True
    if text.count("[") + text.count("{") <= SAFE_DEPTH // 2:
        return False
    rest = text
    for rounds in range(8):
        shorter = _INNER_PAIR.sub("", rest)
        if len(shorter) == len(rest):
            return rounds + rest.count("[") + rest.count("{") > SAFE_DEPTH // 2
        rest = shorter
    return True


def check_depth(events: Iterable[Event]) -> None:
    """Raise :class:`TooDeep` where the parser's ``events`` first nest deeper than :data:`MAX_DEPTH`.

    A syntax error is left to the composer, which reports it with its position.
    """
    depth = 0
    try:
        for event in events:
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise TooDeep(mark.line + 1, mark.column + 1)
                depth += 1
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except YAMLError:
        return
