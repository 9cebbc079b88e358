"""When two texts say the same words: the one function a comparison asks before calling a change a
change of wording rather than of formatting only (表記のみ).

:func:`wording` is a text as its words: what differs between two texts with the same wording is
whitespace only (see :func:`wording` for exactly what counts). The comparison shows such a change,
marked as formatting only and counted apart from changes of wording; the published text itself is
never normalised. A link added or removed around kept words is formatting too; a changed target is not.
"""

from __future__ import annotations

import functools
import re

from termsite.model.gaps import only_marked
from termsite.model.links import Link, has_links, parse, plain

# Any run of whitespace but a line break: ASCII spaces and tabs, U+3000 (ideographic space), no-break
# and the other Unicode spaces.
_SPACES = re.compile(r"[^\S\n]+")
# Kana, kanji, Japanese and full-width punctuation and forms: Japanese runs its words together.
_JA = "[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef]"
_JA_GAP = re.compile(f"(?<={_JA}) (?={_JA})")


@functools.lru_cache(maxsize=8192)
def wording(text: str) -> str:
    """``text`` reduced to its wording, line by line (a line break is kept: it is not whitespace here).

    On each line: every run of whitespace (spaces, tabs, U+3000, no-break spaces) becomes one ASCII
    space; whitespace at the start and end of the line goes (trailing spaces); a space between two
    Japanese characters (kana, kanji, full-width punctuation) goes. ``\\r\\n`` is a line break.
    Everything else counts: a zero-width or control character (shown as ``⟨U+200B⟩``), a space
    added or removed between two Latin words or digits, a line break added or removed."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        lines.append(_JA_GAP.sub("", _SPACES.sub(" ", line).strip()))
    return "\n".join(lines)


def same_wording(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ at most in formatting: the same :func:`wording` of what a reader
    reads (link labels, :func:`termsite.model.links.plain`), and links only added or removed around
    kept words. A link whose target changed is a change of wording: it changes what the terms point to."""
    if a == b or only_marked(a, b) or only_marked(b, a):  # a gap of the source marked, or unmarked
        return True
    if not (has_links(a) or has_links(b)):
        return wording(a) == wording(b)
    if wording(plain(a)) != wording(plain(b)):
        return False
    old, new = _targets(a), _targets(b)
    return _within(old, new) or _within(new, old)


def _targets(text: str) -> list[str]:
    return [s.target for s in parse(text) if isinstance(s, Link)]


def _within(few: list[str], many: list[str]) -> bool:
    """Whether ``few`` is ``many`` with some targets left out (in order)."""
    rest = iter(many)
    return all(any(t == m for m in rest) for t in few)
