"""What one comparison may hand to the next: tables of what it made, given to it by the caller.

A site compares each version with the one before it and the one after, and each earlier version with
the version in force and the upcoming ones; most of a document stays the same from version to
version. Given a :class:`Memo`, the comparison keeps the units it flattened, the diffs of units and
blocks that are the very same objects on both sides, what pairing and aligning two units found and
the HTML of unchanged units, and finds them again in the next comparison; without one, everything is
made afresh: the same results, only slower. The caller owns the tables and their bounds
(:mod:`termsite.speed.memo` makes bounded ones; plain dicts do too); the comparison decides only what
goes in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # the modules that fill the tables import this one
    from collections import Counter

    from termsite.compare.blocks import Block, Unit
    from termsite.compare.model import Row, UnitDiff
    from termsite.model.terms import Article, Document, Numbering, Version

#: The steps of an alignment of two blocks tuples: (old index, new index, kind), -1 for no block.
Steps = tuple[tuple[int, int, str], ...]

K = TypeVar("K", contravariant=True)
V = TypeVar("V")
T = TypeVar("T")
R = TypeVar("R")


class Table(Protocol[K, V]):
    """A mapping the comparison reads and fills; it may forget entries (a bounded table does)."""

    def get(self, key: K, /) -> V | None:
        """The value stored under ``key``, or None."""

    def __setitem__(self, key: K, value: V, /) -> None:
        """Store ``value`` under ``key``."""


@dataclass(frozen=True, slots=True)
class Memo:
    """The tables of one document's (or one site's) comparisons.

    ``same_unit``, ``same_blocks`` and ``units`` are by object identity: each entry keeps the object
    it was made from, so that its id is not reused while the entry lives (see :func:`by_identity`).
    """

    #: the blocks of an article, by value: the next version's unchanged article gets the same tuple
    article_blocks: Table[tuple[Numbering, Article, tuple[str, ...]], tuple[Block, ...]]
    #: the last article unit made at each place, with the article it was made from
    article_units: Table[tuple[object, ...], tuple[Article, Unit]]
    #: the units of the last versions compared (a version is compared with the one before and after)
    units: Table[tuple[int, int], tuple[Document, Version, tuple[Unit, ...]]]
    #: the diff of a unit with itself (the same unit in both versions)
    same_unit: Table[int, tuple[Unit, UnitDiff]]
    #: the rows of blocks that are the very same tuple on both sides
    same_blocks: Table[int, tuple[tuple[Block, ...], tuple[Row, ...]]]
    #: the HTML of unchanged units and of the rows of unchanged blocks, by all it depends on
    html: Table[tuple[object, ...], str]
    #: the grams pairing compares a unit by, per language, with their count (see compare.pairing)
    grams: Table[int, tuple[Unit, dict[str, tuple[Counter[object], int]]]] | None = None
    #: the alignment of two blocks tuples (an unchanged article's tuple is shared from version to version)
    alignments: Table[tuple[int, int], tuple[tuple[Block, ...], tuple[Block, ...], Steps]] | None = None
    #: the diff of two different units that moved nothing to or from another unit
    unit_pairs: Table[tuple[int, int], tuple[Unit, Unit, UnitDiff]] | None = None


def remembered(table: Table[T, R] | None, key: T, make: Callable[[], R]) -> R:
    """The value stored under ``key`` in ``table``, or ``make()`` stored there first (no table: made)."""
    if table is None:
        return make()
    found = table.get(key)
    if found is None:
        found = make()
        table[key] = found
    return found


def by_identities(table: Table[tuple[int, int], tuple[T, T, R]] | None, a: T, b: T,
                   make: Callable[[], R]) -> R:
    """The value made from the very objects ``a`` and ``b`` before, or ``make()`` kept with them."""
    if table is None:
        return make()
    hit = table.get((id(a), id(b)))
    if hit is not None and hit[0] is a and hit[1] is b:
        return hit[2]
    value = make()
    table[(id(a), id(b))] = (a, b, value)
    return value


def by_identity(table: Table[int, tuple[T, R]] | None, obj: T, make: Callable[[], R]) -> R:
    """The value made from the very object ``obj`` before, or ``make()`` kept with ``obj``."""
    if table is None:
        return make()
    hit = table.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    value = make()
    table[id(obj)] = (obj, value)
    return value
