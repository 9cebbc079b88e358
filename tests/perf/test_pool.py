"""The one fork policy: when a pool forks, and that it gives the same results in order when it does,
when it does not, and when the fork is refused."""

from __future__ import annotations

import os

import pytest

from termsite.speed import pool
from termsite.speed.pool import Pool


def _square(i: int) -> int:
    return i * i


def test_forking_pays_only_for_enough_work_on_several_workers() -> None:
    assert not Pool(workers=1, min_work=1).pays(range(100))
    assert not Pool(workers=4, min_work=10).pays(range(9))
    assert Pool(workers=4, min_work=10).pays(range(10))
    weighed = Pool(workers=4, min_work=10, weight=len)
    assert not weighed.pays([[1, 2]] * 4) and weighed.pays([[1, 2]] * 5)
    assert Pool(workers=4, min_work=10).pays([], work=10)


def test_the_results_come_in_order_on_workers_and_here() -> None:
    expected = [i * i for i in range(50)]
    parent = os.getpid()
    seen: list[int] = []

    def where(i: int) -> int:
        seen.append(os.getpid())
        return i * i

    assert list(Pool(workers=1)(where, range(50))) == expected
    assert set(seen) == {parent}
    assert list(Pool(workers=2, min_work=2, chunk=3).map(_square, range(50))) == expected


def test_a_refused_fork_does_everything_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no process to spare")

    monkeypatch.setattr(pool.ForkedMap, "__init__", refuse)
    parent = os.getpid()

    def here(i: int) -> int:
        assert os.getpid() == parent
        return i + 1

    assert list(Pool(workers=2, min_work=1)(here, range(10))) == list(range(1, 11))


def test_the_numbers_of_the_policy_live_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMS_WORKERS", "3")
    assert pool.default_workers() == 3 and pool.outputs().workers == 3
    assert pool.outputs(5).min_work == pool.MIN_OUTPUTS
    assert pool.checks(2).min_work == pool.MIN_VERSIONS
    assert pool.readers(64).workers == pool.MAX_READERS and pool.readers(2).min_work == pool.MIN_FILES
    monkeypatch.setenv("TERMS_WORKERS", "zero")
    assert pool.default_workers() >= 1


def test_fork_map_is_a_pool_of_numbered_jobs() -> None:
    assert list(pool.fork_map(_square, 10, 2, chunksize=1, size=pool.MIN_OUTPUTS)) == [i * i for i in range(10)]
    assert list(pool.fork_map(_square, 10, 1)) == [i * i for i in range(10)]
