"""Making the planned outputs of a build on every core.

Pages are independent of one another once every output is planned, so a full build hands them to
worker processes forked from the build (they inherit the loaded terms and the templates, nothing is
sent to them but a number) and takes the results back in plan order: the site is the same bytes
whether it was made by one process or many. Small builds and previews stay in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence

from jinja2 import TemplateError

from .context import Planned
from .pages import Page, StaticFile

Output = Page | StaticFile
Describe = Callable[[TemplateError, Planned], str]

#: Below this many outputs to make, forking costs more than it saves.
MIN_PARALLEL = 64

_JOBS: Sequence[Planned] = ()
_DESCRIBE: Describe | None = None


class MakeError(Exception):
    """An output could not be made; the message says where (the template and line) and which output."""


def _make(index: int) -> tuple[Output | None, str | None]:
    planned = _JOBS[index]
    try:
        return planned.make(), None
    except TemplateError as exc:
        assert _DESCRIBE is not None
        return None, _DESCRIBE(exc, planned)


def make_all(jobs: Sequence[Planned], describe: Describe, workers: int) -> Iterator[Output]:
    """Make every output of ``jobs``, in order, on up to ``workers`` processes.

    A template error raises :class:`MakeError` with ``describe(error, planned)`` as its message.
    """
    global _JOBS, _DESCRIBE
    if workers <= 1 or len(jobs) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        for p in jobs:
            try:
                yield p.make()
            except TemplateError as exc:
                raise MakeError(describe(exc, p)) from exc
        return
    _JOBS, _DESCRIBE = jobs, describe
    # Frozen objects are never visited by a collection: the workers share the build's memory
    # instead of each copying every page of it the first time their collector runs. Not unfrozen
    # afterwards: the loader froze the model for the rest of the process (termsite.core.load), and
    # what is frozen here lives as long (freezing only skips cyclic collection; refcounts still free).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # chunks of an even size keep a page's two languages together (they share a comparison)
            for out, error in pool.imap(_make, range(len(jobs)), chunksize=8):
                if error is not None:
                    raise MakeError(error)
                assert out is not None
                yield out
    finally:
        _JOBS, _DESCRIBE = (), None
