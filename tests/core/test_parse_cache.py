"""The parse cache is invisible: a warm load gives the same model and the same diagnostics."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from termsite.adapters.cli.main import load_checked
from termsite.model.terms import Corpus
from termsite.source.repository import load_corpus
from termsite.speed.defaults import parse_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "terms", tmp_path / "terms")
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    return tmp_path


def _load(root: Path) -> Corpus:
    """The corpus loaded through the repository's parse cache (and nothing else that is fast)."""
    corpus, _ = load_corpus(root, store=parse_store(root))
    return corpus


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".cache/termsite/parse").rglob("*") if p.is_file())


def test_warm_load_equals_cold_load_with_identical_diagnostics(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMS_NO_CACHE", "1")
    cold, cold_diags = load_checked(repo, AS_OF)
    assert not (repo / ".cache").exists()
    monkeypatch.delenv("TERMS_NO_CACHE")
    first, first_diags = load_checked(repo, AS_OF)  # fills the cache
    assert len(_entries(repo)) == len(list((repo / "terms").glob("*/2*.yml")))
    warm, warm_diags = load_checked(repo, AS_OF)  # reads it
    assert warm == cold == first
    # positions are recomputed from the file when a diagnostic needs them
    assert [d.as_text() for d in warm_diags] == [d.as_text() for d in cold_diags] == [d.as_text() for d in first_diags]
    assert any(f":{_override_line(repo)}:17: warning TERMS016" in d.as_text() for d in warm_diags)


def test_a_changed_file_is_read_again_and_the_old_entry_pruned(repo: Path) -> None:
    _load(repo)
    before = _entries(repo)
    path = repo / "terms/cancellation-policy/2026-11-21.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Hosting plans", "Hosting plans (changed)"),
                    encoding="utf-8")
    corpus, _ = load_corpus(repo, store=parse_store(repo))
    doc = corpus.document("cancellation-policy")
    assert doc is not None
    first_text = doc.versions[0].articles[0].paragraphs[0].text
    assert first_text is not None and first_text.en is not None
    assert first_text.en.startswith("Hosting plans (changed)")
    after = _entries(repo)
    assert len(after) == len(before) and after != before


def test_a_damaged_entry_is_ignored(repo: Path) -> None:
    reference = _load(repo)
    for entry in _entries(repo):
        entry.write_bytes(b"\x00garbage")
    again, diags = load_corpus(repo, store=parse_store(repo))
    assert again == reference
    assert diags == []


def test_a_file_with_errors_is_never_cached(repo: Path) -> None:
    bad = repo / "terms/cancellation-policy/2026-11-21.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("status: published", "status: publshed"),
                   encoding="utf-8")
    _, diags = load_corpus(repo, store=parse_store(repo))
    _, again = load_corpus(repo, store=parse_store(repo))
    assert [d.as_text() for d in diags] == [d.as_text() for d in again]
    assert any("TERMS007" in d.as_text() for d in again)


def test_a_fifo_or_device_in_place_of_an_entry_is_a_miss_not_a_hang(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    monkeypatch.delenv("TERMS_NO_CACHE", raising=False)
    _, cold_diags = load_checked(repo, AS_OF)
    entries = _entries(repo)
    os.unlink(entries[0])
    os.mkfifo(entries[0])
    os.unlink(entries[1])
    os.symlink("/dev/zero", entries[1])
    signal.alarm(30)  # a blocked open would end the test instead of hanging it
    try:
        _, warm_diags = load_checked(repo, AS_OF)
    finally:
        signal.alarm(0)
    assert [d.as_text() for d in warm_diags] == [d.as_text() for d in cold_diags]


def _override_line(root: Path) -> int:
    """The line of the 約款 2024-01-01's `number: 20` (the second 第20条), which TERMS016 points at."""
    text = (root / "terms/cloud-resale/2024-01-01.yml").read_text(encoding="utf-8")
    return next(i for i, ln in enumerate(text.splitlines(), 1) if ln == "        number: 20")
