"""Checks made on several processes give the same diagnostics, in the same order, as in one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from termsite.rules import checks
from termsite.rules.checks import check_corpus
from termsite.source.load import load_corpus
from termsite.speed.forked_map import ForkedMap

CASES = Path(__file__).resolve().parent / "cases"
REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)


@pytest.mark.parametrize("root", [REPO, *sorted(p for p in CASES.iterdir() if (p / "terms").is_dir())],
                         ids=lambda p: p.name)
def test_parallel_checks_equal_serial_checks(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, _ = load_corpus(root)
    serial = check_corpus(corpus, AS_OF)
    monkeypatch.setattr(checks, "MIN_PARALLEL_VERSIONS", 1)
    monkeypatch.setattr(checks, "usable_cores", lambda: 2)
    assert check_corpus(corpus, AS_OF) == serial


def test_a_document_whose_worker_fails_is_checked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, _ = load_corpus(CASES / "cross-references")
    serial = check_corpus(corpus, AS_OF)
    assert serial
    monkeypatch.setattr(checks, "MIN_PARALLEL_VERSIONS", 1)
    monkeypatch.setattr(checks, "usable_cores", lambda: 2)

    class Failing(ForkedMap[object, object]):
        def result(self, index: int) -> None:
            return None

    monkeypatch.setattr(checks, "ForkedMap", Failing)
    assert check_corpus(corpus, AS_OF) == serial
