"""Making the planned outputs of a build on every core.

Pages are independent of one another once every output is planned, so a full build hands them to
worker processes forked from the build (they inherit the loaded terms and the templates, nothing is
sent to them but a number) and takes the results back in plan order: the site is the same bytes
whether it was made by one process or many. Small builds and previews stay in one process.
:func:`fork_map` is the same mechanism for any numbered jobs (the MkDocs adapter writes pages with it).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from jinja2 import TemplateError

from termsite.speed.forked_map import ForkedMap, fork_available

if TYPE_CHECKING:  # the site imports this module: its types only, no import cycle at run time
    from termsite.site.context import Planned
    from termsite.site.pages import Page, StaticFile

Output: TypeAlias = "Page | StaticFile"
Describe: TypeAlias = "Callable[[TemplateError, Planned], str]"
T = TypeVar("T")

#: Below this many outputs to make, forking costs more than it saves.
MIN_PARALLEL = 64

class MakeError(Exception):
    """An output could not be made; the message says where (the template and line) and which output."""


def fork_map(job: Callable[[int], T], count: int, workers: int, *, chunksize: int = 8,
             size: int | None = None) -> Iterator[T]:
    """``job(0)``, ``job(1)``, … ``job(count - 1)`` in order, on up to ``workers`` forked processes.

    ``job`` runs in processes forked from this one (:class:`termsite.speed.forked_map.ForkedMap`), so
    it sees everything this process has loaded; only its results travel back (pickled). A job whose
    worker died or raised is done again here (where an exception then surfaces as itself), so ``job``
    must not return None. Little work (``size``, default ``count``, below :data:`MIN_PARALLEL`), one
    worker, or no ``fork`` on this platform: the jobs run here, one after another.
    """
    little = (count if size is None else size) < MIN_PARALLEL
    if workers <= 1 or little or not fork_available():
        for i in range(count):
            yield job(i)
        return
    # Frozen objects are never visited by a collection: the workers share the build's memory
    # instead of each copying every page of it the first time their collector runs. Not unfrozen
    # afterwards: the loader froze the model for the rest of the process (termsite.source.load), and
    # what is frozen here lives as long (freezing only skips cyclic collection; refcounts still free).
    gc.freeze()
    try:
        workers_map = ForkedMap(job, range(count), workers, chunk=chunksize)
    except OSError:  # no process or pipe to spare
        for i in range(count):
            yield job(i)
        return
    with workers_map:
        for i in range(count):
            found = workers_map.result(i)
            yield job(i) if found is None else found


def make_all(groups: Sequence[Sequence[Planned]], describe: Describe, workers: int,
             after: Callable[[int, list[Output]], None] | None = None) -> Iterator[list[Output]]:
    """Make the outputs of each group of ``groups``, group by group in order, on up to ``workers``
    processes; ``after(index, outputs)`` runs where the group was made, once it is made.

    A template error raises :class:`MakeError` with ``describe(error, planned)`` as its message.
    """

    def make(index: int) -> tuple[list[Output], str | None]:
        outputs = []
        for planned in groups[index]:
            try:
                outputs.append(planned.make())
            except TemplateError as exc:
                return [], describe(exc, planned)
        if after is not None:
            after(index, outputs)
        return outputs, None

    size = sum(len(g) for g in groups)
    for outputs, error in fork_map(make, len(groups), workers, chunksize=1, size=size):
        if error is not None:
            raise MakeError(error)
        yield outputs
