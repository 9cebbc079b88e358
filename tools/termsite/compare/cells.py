"""Comparing the texts and tables of two aligned blocks: changed words in both languages, table rows
aligned by their cells, and the pairing of a lone old and new element left between aligned ones."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

from termsite.compare.align import align, similarity
from termsite.compare.blocks import Texts
from termsite.compare.model import CellDiff, CellStatus, LocalizedDiff, TableDiff, TableRowDiff
from termsite.compare.text import added, deleted, diff_text, same
from termsite.model.terms import Lang, Localized, Table

# Below this similarity (of 1000) two blocks are not the same paragraph rewritten but one deleted
# and another added.
PAIR_THRESHOLD = 400


def localized(old: Texts, new: Texts) -> LocalizedDiff:
    """The changed words of a text in both languages."""
    return LocalizedDiff(diff_text(old.ja, new.ja, "ja"), diff_text(old.en, new.en, "en"))


def one_side(t: Texts, side: str) -> LocalizedDiff:
    """A text only one side has: every word added (``side`` ``new``) or deleted (``old``)."""
    make = added if side == "new" else deleted
    return LocalizedDiff(make(t.ja), make(t.en))


def same_texts(t: Texts) -> LocalizedDiff:
    """A text both sides have unchanged."""
    return same_pair(t.ja, t.en)


@functools.lru_cache(maxsize=8192)
def same_pair(ja: str, en: str) -> LocalizedDiff:
    """:func:`same_texts` of a pair of strings, shared between comparisons."""
    # shared, as diffs are immutable: most texts stay the same in every comparison of a document
    return LocalizedDiff(same(ja), same(en))


def similarity_lang(original: Lang, a: str, b: str) -> Lang:
    """The language two texts are matched in: the original, unless both of its sides are empty."""
    return original if (a or b) else ("en" if original == "ja" else "ja")


def gap_pairs(
    pairs: list[tuple[int, int]], n: int, m: int, compatible: Sequence[Sequence[bool]]
) -> list[tuple[int, int]]:
    """Also pair a lone old and a lone new element left between two aligned pairs: the same place
    rewritten (one row, every word marked) rather than one row deleted and one added."""
    out: list[tuple[int, int]] = []
    bounds = [(-1, -1)] + pairs + [(n, m)]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        if i1 - i0 == 2 and j1 - j0 == 2 and compatible[i0 + 1][j0 + 1]:
            out.append((i0 + 1, j0 + 1))
        if (i1, j1) != (n, m):
            out.append((i1, j1))
    return out


def walk(pairs: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int, str]]:
    """Pairs and unpaired elements in reading order: before each pair, the old elements left out
    since the last pair, then the new ones (both orders kept)."""
    out: list[tuple[int, int, str]] = []
    i = j = 0
    for pi, pj in pairs + [(n, m)]:
        out += [(k, -1, "old") for k in range(i, pi)]
        out += [(-1, k, "new") for k in range(j, pj)]
        if (pi, pj) != (n, m):
            out.append((pi, pj, "pair"))
        i, j = pi + 1, pj + 1
    return out


# ---- tables ---------------------------------------------------------------------------------


def _cells(old: tuple[Localized, ...], new: tuple[Localized, ...]) -> tuple[CellDiff, ...]:
    out = []
    for k in range(max(len(old), len(new))):
        if k >= len(old):
            out.append(CellDiff("added", one_side(Texts.of(new[k]), "new")))
        elif k >= len(new):
            out.append(CellDiff("deleted", one_side(Texts.of(old[k]), "old")))
        else:
            a, b = Texts.of(old[k]), Texts.of(new[k])
            out.append(CellDiff("equal" if a == b else "modified", localized(a, b)))
    return tuple(out)


def _row_key(row: tuple[Localized, ...]) -> str:
    return "\x1f".join(Texts.of(c).ja + "\x1e" + Texts.of(c).en for c in row)


def table_diff(old: Table, new: Table, original: Lang) -> TableDiff:
    """Two tables compared: rows aligned by their cells, cells compared word by word."""
    a_keys = [_row_key(r) for r in old.rows]
    b_keys = [_row_key(r) for r in new.rows]

    def text(row: tuple[Localized, ...], lang: Lang) -> str:
        return "\n".join(Texts.of(c).get(lang) for c in row)

    def weight(i: int, j: int) -> int:
        if a_keys[i] == b_keys[j]:
            return 1000
        ta, tb = text(old.rows[i], original), text(new.rows[j], original)
        lang = similarity_lang(original, ta.strip(), tb.strip())
        s = similarity(text(old.rows[i], lang), text(new.rows[j], lang))
        return s if s >= PAIR_THRESHOLD else 0

    pairs = align(a_keys, b_keys, weight)
    pairs = gap_pairs(pairs, len(a_keys), len(b_keys), [[True] * len(b_keys) for _ in a_keys])
    rows: list[TableRowDiff] = []
    for i, j, kind in walk(pairs, len(a_keys), len(b_keys)):
        if kind == "pair":
            cells = _cells(old.rows[i], new.rows[j])
            status: CellStatus = "equal" if all(c.status == "equal" for c in cells) else "modified"
            rows.append(TableRowDiff(status, i, j, cells))
        elif kind == "old":
            rows.append(TableRowDiff("deleted", i, None, _cells(old.rows[i], ())))
        else:
            rows.append(TableRowDiff("added", None, j, _cells((), new.rows[j])))
    return TableDiff(_cells(old.header, new.header), tuple(rows))


def whole_table(t: Table, side: str) -> TableDiff:
    """A table only one side has: every row added (``side`` ``new``) or deleted (``old``)."""
    status: CellStatus = "added" if side == "new" else "deleted"

    def cells(row: tuple[Localized, ...]) -> tuple[CellDiff, ...]:
        return tuple(CellDiff(status, one_side(Texts.of(c), side)) for c in row)

    rows = tuple(TableRowDiff(status, None if side == "new" else k, k if side == "new" else None, cells(r))
                 for k, r in enumerate(t.rows))
    return TableDiff(cells(t.header), rows)


def equal_table(t: Table) -> TableDiff:
    """A table both sides have unchanged."""
    def cells(row: tuple[Localized, ...]) -> tuple[CellDiff, ...]:
        return tuple(CellDiff("equal", same_texts(Texts.of(c))) for c in row)

    return TableDiff(cells(t.header), tuple(TableRowDiff("equal", k, k, cells(r)) for k, r in enumerate(t.rows)))
