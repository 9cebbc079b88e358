"""Characters that must never reach a mail header, an envelope address or a terminal raw.

Control characters (C0 including tab, CR and LF, DEL, C1), format characters (bidirectional
controls, zero-width characters, the byte-order mark), line and paragraph separators and lone
surrogates: each can break a header apart, hide or reorder text, or recolour a terminal.
"""

from __future__ import annotations

import unicodedata

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def is_unsafe(ch: str) -> bool:
    """True for a control, format (bidi, zero-width), separator or surrogate character."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def first_unsafe(text: str, *, allow: str = "") -> int | None:
    """Index of the first unsafe character in ``text`` that is not in ``allow``, or None."""
    for i, ch in enumerate(text):
        if ch not in allow and is_unsafe(ch):
            return i
    return None


def code_point(ch: str) -> str:
    """``U+000A``: how a character is named in a message."""
    return f"U+{ord(ch):04X}"


def visible(text: str) -> str:
    """``text`` with every unsafe character shown as ``⟨U+XXXX⟩``, safe to print anywhere."""
    return "".join(f"⟨{code_point(ch)}⟩" if is_unsafe(ch) else ch for ch in text)
