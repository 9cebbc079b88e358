"""Bounded tables for the comparisons' memo: what one comparison made, the next one of the document reuses.

A site compares each version with the one before it, and most of a document stays the same from
version to version: its units, their diffs and their HTML are made once and then found again, by
value or by the identity of the (immutable) objects they were made from
(:class:`termsite.compare.memo.Memo` says which table holds what). The tables are bounded, so a
long build holds the last few thousand entries of each, not all it ever made.
"""

from __future__ import annotations

from typing import TypeVar

from termsite.compare.memo import Memo

K = TypeVar("K")
V = TypeVar("V")

#: Entries per table: a comparison page of a large document has about a hundred units per language.
SIZE = 4096
#: Versions whose units are kept: each version is compared with the one before and the one after, and
#: each earlier one with the version in force and the upcoming ones (a document's pages are made together).
VERSIONS = 32


class Bounded(dict[K, V]):
    """A dict of at most ``size`` entries: beyond it, the oldest entry goes first."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            del self[next(iter(self))]


def comparison_memo(size: int = SIZE) -> Memo:
    """A new memo for the comparisons of one build: every table bounded."""
    return Memo(article_blocks=Bounded(size), article_units=Bounded(size), units=Bounded(VERSIONS),
                same_unit=Bounded(size), same_blocks=Bounded(size), html=Bounded(size), grams=Bounded(size),
                alignments=Bounded(size), unit_pairs=Bounded(size))
