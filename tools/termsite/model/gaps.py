"""Gaps in the source: where the text a version reproduces lost words (a name, an address, a link's
text), marked so that a reader sees that something is missing rather than a broken sentence.

A gap is written in the text as its marker, in the text's language: ``［原文に記載なし］`` in Japanese,
``[not in the source]`` in English (CONTRIBUTING.md, "Gaps in the source"). The marker is not part of
the terms' wording: a published text may gain markers where it has gaps (:func:`only_marked`), and
the site shows them apart from the text. :func:`suspects` finds the shapes an unmarked gap leaves
(``：、、及び。``, ``sites;,, and``, a text that stops at "at" or at a colon), for ``terms check`` to warn.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from termsite.model.terms import Lang

MARKERS: dict[Lang, str] = {"ja": "［原文に記載なし］", "en": "[not in the source]"}
"""The marker of a gap, by the language of the text it stands in."""
TITLES: dict[Lang, str] = {
    "ja": "この箇所の文言は、元になった文書に記載がありません。",
    "en": "The source document has no text here.",
}
"""What a reader is told about a marker (its tooltip on the site)."""

_ANY_MARKER = re.compile("|".join(re.escape(m) for m in MARKERS.values()))

# The shapes an unmarked gap leaves, by language: punctuation with nothing between, a list or a
# sentence that stops where a name or an address stood (the end of the text: _ENDS).
_SUSPECTS: dict[Lang, re.Pattern[str]] = {
    "ja": re.compile(r"[：:][、。]|、[、。]|[、：]及び[。、]|及び。"),
    "en": re.compile(r"[;:,] *[,;]|\b(?:and|or) *\."),
}
_ENDS: dict[Lang, re.Pattern[str]] = {
    "ja": re.compile(r"[：:]$"),
    "en": re.compile(r"(?:\b(?:at|to|via|from|visit)|:)$"),
}


def marked_html(escaped: str) -> str:
    """Escaped HTML of a text with each gap marker set apart: ``<span class="terms-gap" title="…">``.

    The markers hold no character that escaping changes, so they are found in the escaped text."""
    if not has_markers(escaped):
        return escaped
    for lang, marker in MARKERS.items():
        escaped = escaped.replace(marker, f'<span class="terms-gap" title="{TITLES[lang]}">{marker}</span>')
    return escaped


def has_markers(text: str) -> bool:
    """Whether ``text`` holds a gap marker (of either language)."""
    return _ANY_MARKER.search(text) is not None


def unmarked(text: str) -> str:
    """``text`` without its gap markers (the words around them untouched)."""
    return _ANY_MARKER.sub("", text)


def only_marked(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with gap markers put into it and nothing else changed: the same
    characters in the same order, a space beside a marker at most added or dropped."""
    if not has_markers(new) or unmarked(new) == old:
        return unmarked(new) == old
    parts = _ANY_MARKER.split(new)
    last = len(parts) - 1
    trimmed = [p.lstrip(" ") if i > 0 else p for i, p in enumerate(parts)]
    trimmed = [p.rstrip(" ") if i < last else p for i, p in enumerate(trimmed)]
    pattern = " ?".join(re.escape(p) for p in trimmed)
    return re.fullmatch(pattern, old) is not None


def suspects(text: str, lang: Lang, *, introduces: bool = False) -> Iterator[tuple[int, str]]:
    """(offset, what was found) for each place in ``text`` that looks like an unmarked gap.

    ``introduces``: the text leads into items or a table below it, where a closing colon is right."""
    yield from _suspects(text, lang, introduces)


@functools.lru_cache(maxsize=65536)
def _suspects(text: str, lang: Lang, introduces: bool) -> tuple[tuple[int, str], ...]:
    # successive versions share most texts: each distinct text is looked at once
    body = text.rstrip()
    if not body:
        return ((0, "an empty text"),)
    found = [(m.start(), m.group(0)) for m in _SUSPECTS[lang].finditer(body)]
    end = _ENDS[lang].search(body, max(0, len(body) - 8))
    if end is not None and not (introduces and end.group(0) in (":", "：")):
        found.append((end.start(), end.group(0)))
    return tuple(sorted(found))
