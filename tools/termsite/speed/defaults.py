"""The fast configuration of loading and checking, as the adapters hand it to the domain.

Loading gets the on-disk parse cache of the repository (unless ``TERMS_NO_CACHE`` is set), version
files read ahead on every core (up to eight workers, when there are enough files to be worth a fork)
and lean YAML nodes; the checks get documents checked on every core when there are enough versions.
Nothing here changes a result, only how soon it comes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypedDict

from termsite.rules.checks import WorkMap
from termsite.source.ahead import MapAhead
from termsite.source.store import ParsedStore
from termsite.speed.lean_nodes import lean_nodes
from termsite.speed.parse_cache import ParseCache
from termsite.speed.pool import Pool, checks, readers

READ_AHEAD = readers()
"""Version files read ahead on every core (at most eight), when there are enough (speed/pool.py)."""
CHECKS = checks()
"""Documents checked on every core, when there are enough versions (speed/pool.py)."""


class Loading(TypedDict):
    """The keyword arguments of :func:`termsite.source.repository.load_corpus` that make it fast."""

    store: ParsedStore | None
    read_ahead: MapAhead | None
    nodes: Callable[[], AbstractContextManager[object]] | None


def parse_store(root: Path) -> ParsedStore | None:
    """The parse cache of a terms repository; ``None`` when ``TERMS_NO_CACHE`` is set."""
    cache = ParseCache.for_root(root)
    return cache if cache.folder is not None else None


def loading(root: Path, pool: Pool | None = None) -> Loading:
    """Everything that makes loading ``root`` fast: ``load_corpus(root, **loading(root))``.

    ``pool`` replaces the read-ahead's fork policy (tests force the workers on or off with it).
    """
    return Loading(store=parse_store(root), read_ahead=(READ_AHEAD if pool is None else pool).ahead,
                   nodes=lean_nodes)


def check_map(pool: Pool | None = None) -> WorkMap:
    """The map that checks documents on every core: ``check_corpus(corpus, as_of, map=check_map())``."""
    return (CHECKS if pool is None else pool).collect
