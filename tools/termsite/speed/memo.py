"""Bounded caches for the comparison: what one comparison made, the next one of the document reuses.

A site compares each version with the one before it, and most of a document stays the same from
version to version: its units, their diffs and their HTML are made once and then found again, by
value or by the identity of the (immutable) objects they were made from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")
V = TypeVar("V")


class Bounded(dict[K, V]):
    """A dict of at most ``size`` entries: beyond it, the oldest entry goes first."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: K, value: V) -> V:
        """Store ``value`` under ``key`` (dropping the oldest entry if full) and return it."""
        self[key] = value
        if len(self) > self.size:
            del self[next(iter(self))]
        return value


class ByIdentity(Generic[T, V]):
    """Values made from objects, found again by the very same object.

    Each object is kept with its value, so that its id is not reused while the entry lives."""

    def __init__(self, size: int) -> None:
        self._kept: Bounded[int, tuple[T, V]] = Bounded(size)

    def get(self, obj: T, make: Callable[[T], V]) -> V:
        """The value made from ``obj`` before, or ``make(obj)``, kept."""
        hit = self._kept.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        return self._kept.keep(id(obj), (obj, make(obj)))[1]
