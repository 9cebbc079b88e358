"""Speed is only speed: loading and checking with nothing fast handed in gives what the fast configuration gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from termsite.rules.checks import check_corpus
from termsite.source.repository import load_corpus
from termsite.speed import defaults
from termsite.speed.pool import Pool

CASES = Path(__file__).resolve().parent / "cases"
REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)


@pytest.mark.parametrize("root", [REPO, *sorted(p for p in CASES.iterdir() if (p / "terms").is_dir())],
                         ids=lambda p: p.name)
def test_the_plain_load_and_check_equal_the_fast_ones(root: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERMS_NO_CACHE", raising=False)
    repo = tmp_path / "repo"
    for part in ("terms", "site_config"):
        if (root / part).exists():
            shutil.copytree(root / part, repo / part, ignore=shutil.ignore_patterns(".cache"), symlinks=True)
    plain, plain_diags = load_corpus(repo)
    plain_diags += check_corpus(plain, AS_OF)
    assert not (repo / ".cache").exists()  # nothing fast unless it is handed in
    pool = Pool(min_work=1, workers=2)
    for _ in ("cold", "warm"):
        fast, fast_diags = load_corpus(repo, **defaults.loading(repo, pool))
        fast_diags += check_corpus(fast, AS_OF, map=defaults.check_map(pool))
        assert fast == plain
        assert [d.as_text() for d in fast_diags] == [d.as_text() for d in plain_diags]


def test_no_store_when_the_cache_is_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TERMS_NO_CACHE", "1")
    assert defaults.parse_store(tmp_path) is None
    monkeypatch.delenv("TERMS_NO_CACHE")
    assert defaults.parse_store(tmp_path) is not None
