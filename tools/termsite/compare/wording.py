"""When two texts say the same words: the one function a comparison asks before calling a change a
change of wording rather than of formatting only (表記のみ).

:func:`wording` is a text as its words: what differs between two texts with the same wording is
whitespace only (see :func:`wording` for exactly what counts). The comparison shows such a change,
marked as formatting only and counted apart from changes of wording; the published text itself is
never normalised. A markup that a reader does not read (a link's target, once texts carry links)
belongs here too: ``wording`` is where ``plain()`` of the links module is to be applied first.
"""

from __future__ import annotations

import functools
import re

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
    """True if ``a`` and ``b`` differ at most in formatting (:func:`wording`)."""
    return a == b or wording(a) == wording(b)
