"""Changed words inside one text: character level for Japanese, word level for English.

A :class:`TextDiff` is a sequence of :class:`Segment` s (equal, delete, insert). Joining the equal and
deleted segments gives the old text, the equal and inserted ones the new text.

The diff is symmetric: ``diff_text(b, a)`` is ``diff_text(a, b).mirrored()``. difflib's
SequenceMatcher breaks ties by position in its first argument, so both directions are computed and
the one keeping more text (then the smaller kept text) wins; the clean-up that merges tiny equal runs
treats deletions and insertions alike.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from termsite.model.terms import Lang

Op = Literal["equal", "delete", "insert"]
Side = Literal["old", "new"]

_EN_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# In Japanese text, runs of Latin letters and digits (AWS, 30) are compared as one word; every
# other character stands alone.
_JA_TOKEN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+|.", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    """A run of text that is kept (``equal``), removed (``delete``) or added (``insert``)."""

    op: Op
    text: str


@dataclass(frozen=True)
class TextDiff:
    """The changes that turn one text into another."""

    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        """True if anything was deleted or inserted."""
        return any(s.op != "equal" for s in self.segments)

    @property
    def old(self) -> str:
        """The text before the change."""
        return "".join(s.text for s in self.segments if s.op != "insert")

    @property
    def new(self) -> str:
        """The text after the change."""
        return "".join(s.text for s in self.segments if s.op != "delete")

    def side(self, side: Side) -> tuple[Segment, ...]:
        """The segments one column shows: equal and deleted (old) or equal and inserted (new)."""
        drop: Op = "insert" if side == "old" else "delete"
        return tuple(s for s in self.segments if s.op != drop)

    def text(self, side: Side) -> str:
        """The whole text of one side."""
        return self.old if side == "old" else self.new

    def mirrored(self) -> TextDiff:
        """The diff from new back to old: deletions and insertions swapped."""
        return TextDiff(_normalise([_Run(r.equal, r.inserted, r.deleted) for r in _runs(self.segments)]))

    def marked(self) -> str:
        """One line for a terminal: ``kept[-deleted-]{+inserted+}kept``."""
        out = []
        for s in self.segments:
            if s.op == "equal":
                out.append(s.text)
            elif s.op == "delete":
                out.append(f"[-{s.text}-]")
            else:
                out.append(f"{{+{s.text}+}}")
        return "".join(out)


# Diffs are immutable, so equal inputs share one result: an unchanged paragraph is compared in
# every comparison of its document, a renumbered heading in every one after the renumbering.
_MEMO_SIZE = 8192


def same(text: str) -> TextDiff:
    """A text that did not change."""
    return _same(text)


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _same(text: str) -> TextDiff:
    return TextDiff((Segment("equal", text),) if text else ())


def added(text: str) -> TextDiff:
    """A text that only the new side has."""
    return TextDiff((Segment("insert", text),) if text else ())


def deleted(text: str) -> TextDiff:
    """A text that only the old side has."""
    return TextDiff((Segment("delete", text),) if text else ())


def renumbered(old_label: str, new_label: str, rest: str, lang: Lang) -> TextDiff:
    """``diff_text(old_label + rest, new_label + rest, lang)`` for a heading whose number alone
    changed (``rest`` must not start with a letter or digit, which would join the number's token).

    Two labels that differ in one number (``第20条``/``第21条``, ``Article 20``/``Article 21``) are
    written directly: the rest of the label and ``rest`` kept, the number replaced; other labels are
    diffed. Thousands of articles are renumbered by an insertion near the top of a long document."""
    a, b = tokens(old_label, lang), tokens(new_label, lang)
    if len(a) == len(b):
        differ = [k for k in range(len(a)) if a[k] != b[k]]
        if len(differ) == 1 and a[differ[0]].isdigit() and b[differ[0]].isdigit() and not any(
                t.isdigit() for k, t in enumerate(a) if k != differ[0]):
            k = differ[0]
            return TextDiff(_normalise([_Run("".join(a[:k])), _Run("", a[k], b[k]), _Run("".join(a[k + 1:]) + rest)]))
    return diff_text(old_label + rest, new_label + rest, lang)


def tokens(text: str, lang: Lang) -> list[str]:
    """English: words, spaces and punctuation; Japanese: characters (Latin words and numbers whole)."""
    pattern = _EN_TOKEN if lang == "en" else _JA_TOKEN
    return pattern.findall(text)


class _Run(NamedTuple):
    """Either kept text (``equal``) or a change (``deleted`` replaced by ``inserted``).

    A named tuple, not a frozen dataclass: a diff makes thousands and a tuple is five times quicker
    to make."""

    equal: str
    deleted: str = ""
    inserted: str = ""

    @property
    def is_change(self) -> bool:
        return bool(self.deleted or self.inserted)


def _runs(segments: tuple[Segment, ...]) -> list[_Run]:
    out: list[_Run] = []
    for s in segments:
        if s.op == "equal":
            out.append(_Run(s.text))
        elif out and out[-1].is_change:
            last = out[-1]
            out[-1] = _Run("", last.deleted + (s.text if s.op == "delete" else ""),
                           last.inserted + (s.text if s.op == "insert" else ""))
        else:
            out.append(_Run("", s.text if s.op == "delete" else "", s.text if s.op == "insert" else ""))
    return out


# Below this many tokens known in common, the plain search is quicker than the anchored one.
_ANCHOR_MIN = 4


Match = tuple[int, int, int]  # (i, j, size): a[i:i + size] == b[j:j + size]


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Match]:
    """What ``difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()`` finds,
    as plain tuples, with a quicker search for the longest match (:func:`_longest_match`).

    The same algorithm: the longest match, then the same search left and right of it; adjacent
    matches joined; ``(len(a), len(b), 0)`` last. The diff must not depend on how it was found: the
    golden files and the published comparison pages were made with difflib."""
    b2j: dict[str, list[int]] = {}
    for j, token in enumerate(b):
        b2j.setdefault(token, []).append(j)
    found: list[Match] = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = match = _longest_match(a, alo, ahi, b, blo, bhi, b2j)
        if k:
            found.append(match)
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    found.sort()
    out: list[Match] = []
    for i, j, k in found:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + k)
        else:
            out.append((i, j, k))
    out.append((len(a), len(b), 0))
    return out


def _longest_match(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int,
                   b2j: dict[str, list[int]]) -> Match:
    """The longest match in ``a[alo:ahi]`` and ``b[blo:bhi]``, then the one starting first in ``a``,
    then in ``b`` (difflib's ``find_longest_match`` without junk).

    difflib visits every pair of equal tokens, which in English is every pair of spaces. When the
    ranges share a long start or end, as two versions of a paragraph do, a match of ``floor`` tokens
    is known to exist: then only the tokens at every ``floor``-th place of ``a`` are looked up in
    ``b`` (any match that long covers one of them) and extended (:func:`_anchored_match`)."""
    floor = _common_ends(a, alo, ahi, b, blo, bhi)
    if floor >= _ANCHOR_MIN:
        return _anchored_match(a, alo, ahi, b, blo, bhi, b2j, floor)
    besti, bestj, bestsize = alo, blo, 0
    # j2len[j]: length of the match ending with a[i - 1] and b[j], for the previous i
    j2len: dict[int, int] = {}
    for i in range(alo, ahi):
        j2lenget = j2len.get
        newj2len: dict[int, int] = {}
        for j in b2j.get(a[i], ()):
            if j < blo:
                continue
            if j >= bhi:
                break
            k = newj2len[j] = j2lenget(j - 1, 0) + 1
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        j2len = newj2len
    return (besti, bestj, bestsize)


def _common_ends(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int) -> int:
    """The longer of the common start and the common end of ``a[alo:ahi]`` and ``b[blo:bhi]``."""
    size = min(ahi - alo, bhi - blo)
    head = 0
    while head < size and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while tail < size and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
        tail += 1
    return max(head, tail)


def _anchored_match(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int,
                    b2j: dict[str, list[int]], floor: int) -> Match:
    """The longest match of at least ``floor`` tokens (one exists), ties broken as difflib does."""
    best = (0, alo, blo)  # (-size, i, j): the smallest wins
    ends: dict[int, int] = {}  # diagonal -> end in ``a`` of the last match found on it
    for x in range(alo + floor - 1, ahi, floor):
        js = b2j.get(a[x])
        if js is None:
            continue
        for j in js[bisect.bisect_left(js, blo):bisect.bisect_left(js, bhi)]:
            if ends.get(x - j, -1) > x:
                continue  # inside a match already found
            i, k = x, j
            while i > alo and k > blo and a[i - 1] == b[k - 1]:
                i, k = i - 1, k - 1
            end = x + 1
            while end < ahi and end - i + k < bhi and a[end] == b[end - i + k]:
                end += 1
            ends[x - j] = end
            best = min(best, (i - end, i, k))
    size, i, j = best
    return (i, j, -size)


def _opcode_runs(a: list[str], b: list[str]) -> list[_Run]:
    """difflib's opcodes as runs: what lies between two matches is a change, a match kept text."""
    out: list[_Run] = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b):
        if i < ai or j < bj:
            out.append(_Run("", "".join(a[i:ai]), "".join(b[j:bj])))
        if size:
            out.append(_Run("".join(a[ai : ai + size])))
        i, j = ai + size, bj + size
    return out


def _merge(runs: list[_Run]) -> list[_Run]:
    """Adjacent changes joined, adjacent equal runs joined, empty runs dropped."""
    out: list[_Run] = []
    for r in runs:
        if not r.equal and not r.is_change:
            continue
        if out and r.is_change and out[-1].is_change:
            out[-1] = _Run("", out[-1].deleted + r.deleted, out[-1].inserted + r.inserted)
        elif out and not r.is_change and not out[-1].is_change:
            out[-1] = _Run(out[-1].equal + r.equal)
        else:
            out.append(r)
    return out


def _cleanup(runs: list[_Run]) -> list[_Run]:
    """Fold short kept runs between two changes into the changes, so that a rewritten phrase reads
    as one deletion and one insertion instead of confetti (an equal run no longer than the larger
    side of the change on each side of it, as in diff-match-patch's semantic clean-up)."""
    runs = _merge(runs)
    changed = True
    while changed:
        changed = False
        for k in range(1, len(runs) - 1):
            left, mid, right = runs[k - 1], runs[k], runs[k + 1]
            if mid.is_change or not (left.is_change and right.is_change):
                continue
            size = len(mid.equal)
            if size <= max(len(left.deleted), len(left.inserted)) and size <= max(
                len(right.deleted), len(right.inserted)
            ):
                joined = _Run("", left.deleted + mid.equal + right.deleted, left.inserted + mid.equal + right.inserted)
                runs = _merge(runs[: k - 1] + [joined] + runs[k + 2 :])
                changed = True
                break
    return runs


def _normalise(runs: list[_Run]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for r in _merge(runs):
        if r.equal:
            out.append(Segment("equal", r.equal))
        if r.deleted:
            out.append(Segment("delete", r.deleted))
        if r.inserted:
            out.append(Segment("insert", r.inserted))
    return tuple(out)


def _preference(runs: list[_Run]) -> tuple[int, tuple[str, ...]]:
    """How good a candidate is, the same whichever way round it was computed: more kept text
    first, then the kept texts themselves."""
    kept = tuple(r.equal for r in runs if r.equal)
    return (-sum(len(k) for k in kept), kept)


def diff_text(old: str, new: str, lang: Lang) -> TextDiff:
    """The changed words between ``old`` and ``new`` (characters for Japanese, words for English)."""
    if old == new:
        return same(old)
    if not old:
        return added(new)
    if not new:
        return deleted(old)
    return _changed(old, new, lang)


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _changed(old: str, new: str, lang: Lang) -> TextDiff:
    """The diff of two different non-empty texts (both directions tried, the better one kept)."""
    a, b = tokens(old, lang), tokens(new, lang)
    forward = _merge(_opcode_runs(a, b))
    backward = _merge([_Run(r.equal, r.inserted, r.deleted) for r in _opcode_runs(b, a)])
    best = min((forward, backward), key=_preference)
    return TextDiff(_normalise(_cleanup(best)))
