"""Checks made on several processes give the same diagnostics, in the same order, as in one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from termsite.rules.checks import check_corpus
from termsite.source.repository import load_corpus
from termsite.speed.forked_map import ForkedMap
from termsite.speed.pool import Pool

CASES = Path(__file__).resolve().parent / "cases"
REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)


@pytest.mark.parametrize("root", [REPO, *sorted(p for p in CASES.iterdir() if (p / "terms").is_dir())],
                         ids=lambda p: p.name)
def test_parallel_checks_equal_serial_checks(root: Path) -> None:
    corpus, _ = load_corpus(root)
    serial = check_corpus(corpus, AS_OF)
    assert check_corpus(corpus, AS_OF, map=Pool(min_work=1, workers=2).collect) == serial


def test_a_document_whose_worker_fails_is_checked_here() -> None:
    corpus, _ = load_corpus(CASES / "cross-references")
    serial = check_corpus(corpus, AS_OF)
    assert serial

    class Failing(ForkedMap[object, object]):
        def result(self, index: int) -> None:
            return None

    assert check_corpus(corpus, AS_OF, map=Pool(min_work=1, workers=2, maker=Failing).collect) == serial
