"""Where a Japanese title may break: between phrases, never inside a word (約/款, 表記等の修/正).

Browsers break Japanese text between any two characters. Titles are shown with ``word-break:
keep-all`` (terms.css), which keeps a run of letters whole, and ``<wbr>`` marks the places between
phrases where a line may break: where katakana meets kanji, after the kana that ends a phrase
(表記等の|修正, 利用者に|不利益な|変更) and after ・. A run that does not fit its line still breaks
(``overflow-wrap: anywhere``). The text itself is unchanged: only ``<wbr>`` elements are added.
"""

from __future__ import annotations

from itertools import pairwise

from markupsafe import Markup, escape


def _kind(ch: str) -> str:
    code = ord(ch)
    if 0x3041 <= code <= 0x309F:
        return "hiragana"
    if ch in "・･":
        return "dot"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "katakana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or ch in "々〆ヶ":
        return "kanji"
    return "other"


def break_after(text: str) -> list[int]:
    """The positions (indices into ``text``) before which a line may break between two phrases."""
    out = []
    kinds = [_kind(c) for c in text]
    for i in range(1, len(text)):
        before, here = kinds[i - 1], kinds[i]
        if (before == "katakana" and here == "kanji") or (before == "kanji" and here == "katakana") \
                or (before == "hiragana" and here in ("kanji", "katakana")) or before == "dot":
            out.append(i)
    return out


def phrase_breaks(text: str) -> Markup:
    """``text`` escaped, with ``<wbr>`` at the breaks of :func:`break_after`."""
    cuts = [0, *break_after(text), len(text)]
    return Markup("<wbr>").join(escape(text[a:b]) for a, b in pairwise(cuts))
