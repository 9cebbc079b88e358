"""The one fork policy: how many worker processes, when forking pays, what to do when it is refused.

Every parallel step of a check or a build (making the pages, writing them into their frames, checking
the documents, reading the version files) is a map of one function over items whose results come back
in the order of the items, whatever the number of processes: the output is the same bytes. A
:class:`Pool` is such a map (``pool(fn, items)``, what the domain takes as its ``map=``): it forks
workers from this process (:class:`termsite.speed.forked_map.ForkedMap`: they inherit everything
loaded, only results travel back, pickled) when

* it has more than one worker (every usable core; for the pages :func:`default_workers`, which
  ``$TERMS_WORKERS`` sets),
* the work is at least its ``min_work`` (below it, forking costs more than it saves: the ``MIN_*``
  numbers below, one per kind of work, each counted in that work's own items), and
* this platform can fork;

otherwise the items are done here, one after another. When no process or pipe is to be had (the fork
is refused), every item is done here; an item whose worker died or raised is done again here, where
an exception then surfaces as itself (so a function run on a pool must not return None).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from termsite.speed.forked_map import ForkedMap, fork_available, usable_cores

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "TERMS_WORKERS"
#: Outputs to make or write (pages and files) below which the build stays in one process.
MIN_OUTPUTS = 64
#: Versions to check below which the checks stay in one process.
MIN_VERSIONS = 40
#: Version files to read below which the loader reads them itself, and the readers it forks at most.
MIN_FILES = 40
MAX_READERS = 8


def default_workers() -> int:
    """``$TERMS_WORKERS`` if it is a positive number, else the cores this process may run on."""
    value = os.environ.get(WORKERS_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else usable_cores()


@dataclass(frozen=True)
class Pool:
    """A map of a function over items on up to ``workers`` forked processes, in the items' order.

    ``weight(item)`` is the work of one item (default 1): the pool forks only for ``min_work`` or more
    in all. ``chunk`` items go to a worker at a time.
    """

    workers: int = 1
    min_work: int = 1
    chunk: int = 1
    weight: Callable[[Any], int] | None = None
    maker: type[ForkedMap[Any, Any]] | None = None
    """What forks the workers (default :class:`ForkedMap`; tests give one whose workers fail)."""

    def __call__(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn(item)`` for every item, in order (see :meth:`map`)."""
        return self.map(fn, items)

    def pays(self, items: Sequence[Any], work: int | None = None) -> bool:
        """Whether forking for ``items`` (``work`` in all, default their weight) pays on this pool."""
        if self.workers <= 1:
            return False
        if work is None:
            work = len(items) if self.weight is None else sum(self.weight(item) for item in items)
        return work >= self.min_work and fork_available()

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, work: int | None = None) -> Iterator[R]:
        """``fn(item)`` for every item, in order, on forked workers if it pays (``work``: as :meth:`pays`).

        A generator: the workers are forked when the first result is asked for."""
        if not self.pays(items, work):
            for item in items:
                yield fn(item)
            return
        # Frozen objects are never visited by a collection: the workers share this process's memory
        # instead of each copying every page of it the first time their collector runs. Not unfrozen
        # afterwards: the loader froze the model for the rest of the process (termsite.source.repository), and
        # what is frozen here lives as long (freezing only skips cyclic collection; refcounts still free).
        gc.freeze()
        forked = self._start(fn, items)
        if forked is None:
            for item in items:
                yield fn(item)
            return
        with forked:
            for i, item in enumerate(items):
                found = forked.result(i)
                yield fn(item) if found is None else found


    def collect(self, fn: Callable[[T], R], items: Sequence[T], /, *, work: int | None = None) -> list[R]:
        """:meth:`map` as a list: the map the checks are given (an item whose worker failed is done here,
        where an exception surfaces as itself, so ``fn`` must not return ``None``)."""
        return list(self.map(fn, items, work=work))

    def ahead(self, work: Callable[[T], R], items: Sequence[T], /) -> ForkedMap[T, R] | None:
        """``work`` over ``items`` started on workers, its results taken by index as the caller needs
        them; ``None`` when forking does not pay or cannot be done: the caller does the work."""
        return self._start(work, items) if self.pays(items) else None

    def _start(self, work: Callable[[T], R], items: Sequence[T]) -> ForkedMap[T, R] | None:
        maker = ForkedMap if self.maker is None else self.maker
        try:
            return maker(work, items, self.workers, self.chunk)
        except OSError:  # no process or pipe to spare
            return None


def outputs(workers: int | None = None) -> Pool:
    """The pool that makes the pages of a build: one job per group of outputs, weighed by its length."""
    return Pool(default_workers() if workers is None else workers, MIN_OUTPUTS, chunk=1, weight=len)


def checks(workers: int | None = None) -> Pool:
    """The pool that checks documents: one job per document, weighed by its versions."""
    return Pool(usable_cores() if workers is None else workers, MIN_VERSIONS, chunk=1,
                weight=lambda doc: len(doc.versions))


def readers(workers: int | None = None) -> Pool:
    """The pool that reads version files ahead of the loader."""
    return Pool(min(usable_cores() if workers is None else workers, MAX_READERS), MIN_FILES, chunk=4)


def fork_map(job: Callable[[int], T], count: int, workers: int, *, chunksize: int = 8,
             size: int | None = None) -> Iterator[T]:
    """``job(0)``, ``job(1)``, … ``job(count - 1)`` in order, on up to ``workers`` processes.

    The numbered jobs of outputs (the MkDocs adapter writes pages with it): forked when ``size``
    (default ``count``) is at least :data:`MIN_OUTPUTS`, as every :class:`Pool` decides."""
    return Pool(workers, MIN_OUTPUTS, chunk=chunksize).map(job, range(count), work=size)
