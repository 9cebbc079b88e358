"""A check's kept results are the check's own: the same problems for the same sources, day and tool,
and never a stale answer once anything the check reads has changed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from termsite.adapters.cli.main import checked, load_checked
from termsite.diagnostics.diagnostic import Diagnostic
from termsite.speed.check_results import CheckResults, fingerprint

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TERMS_NO_CACHE", raising=False)
    shutil.copytree(ROOT / "terms", tmp_path / "terms")
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    return tmp_path


def _texts(diags: list[Diagnostic]) -> list[str]:
    return [d.as_text() for d in diags]


def _fresh(root: Path, as_of: dt.date = AS_OF) -> list[str]:
    """The problems found with no cache at all."""
    old = os.environ.get("TERMS_NO_CACHE")
    os.environ["TERMS_NO_CACHE"] = "1"
    try:
        return _texts(load_checked(root, as_of)[1])
    finally:
        if old is None:
            del os.environ["TERMS_NO_CACHE"]
        else:
            os.environ["TERMS_NO_CACHE"] = old


def _stored(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".cache/termsite/checks").rglob("*") if p.is_file())


def test_a_repeated_check_answers_from_the_kept_results_with_the_same_problems(repo: Path) -> None:
    cold = _fresh(repo)
    assert any("TERMS016" in t for t in cold)  # the shipped terms have warnings: something to keep
    assert _texts(checked(repo, AS_OF)) == cold
    assert len(_stored(repo)) == 1
    results = CheckResults.for_root(repo)
    key = fingerprint(repo, AS_OF)
    assert key is not None and results.found(key) is not None
    assert _texts(checked(repo, AS_OF)) == cold


def test_an_edit_a_new_file_or_another_day_is_checked_again(repo: Path) -> None:
    checked(repo, AS_OF)
    version = sorted((repo / "terms/cloud-resale").glob("2*.yml"))[0]
    text = version.read_text(encoding="utf-8")
    version.write_text(text.replace("effective:", "effective: x", 1), encoding="utf-8")
    after_edit = _texts(checked(repo, AS_OF))
    assert after_edit == _fresh(repo) and any("TERMS" in t and version.name in t for t in after_edit)
    version.write_text(text, encoding="utf-8")
    (repo / "terms/cloud-resale/notes.txt").write_text("x", encoding="utf-8")
    assert _texts(checked(repo, AS_OF)) == _fresh(repo)
    (repo / "terms/cloud-resale/notes.txt").unlink()
    later = dt.date(2027, 2, 1)
    assert _texts(checked(repo, later)) == _fresh(repo, later)
    assert len(_stored(repo)) == 1  # only the latest check is kept


def test_the_day_and_every_byte_make_the_key(repo: Path) -> None:
    key = fingerprint(repo, AS_OF)
    assert key == fingerprint(repo, AS_OF)
    assert key != fingerprint(repo, AS_OF + dt.timedelta(days=1))
    glossary = repo / "site_config/glossary.yml"
    glossary.write_bytes(glossary.read_bytes() + b" ")
    assert key != fingerprint(repo, AS_OF)


def test_links_and_special_files_are_not_vouched_for(repo: Path) -> None:
    (repo / "terms/cloud-resale/link.yml").symlink_to(repo / "site_config/site.yml")
    assert fingerprint(repo, AS_OF) is None
    assert _texts(checked(repo, AS_OF)) == _fresh(repo)
    assert not (repo / ".cache/termsite/checks").exists()
    (repo / "terms/cloud-resale/link.yml").unlink()
    os.mkfifo(repo / "terms/fifo")
    assert fingerprint(repo, AS_OF) is None  # and hashing did not block on it


def test_a_damaged_entry_is_a_miss(repo: Path) -> None:
    checked(repo, AS_OF)
    (entry,) = _stored(repo)
    entry.write_bytes(b"\x00garbage")
    assert _texts(checked(repo, AS_OF)) == _fresh(repo)
    entry.write_bytes(b"")
    assert _texts(checked(repo, AS_OF)) == _fresh(repo)


def test_terms_check_prints_the_same_report_warm_as_cold(repo: Path) -> None:
    def run() -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "tools")}
        return subprocess.run([sys.executable, "-m", "termsite.adapters.cli.main", "check", "--as-of",
                               AS_OF.isoformat(), "--format", "json"], cwd=repo, env=env,
                              capture_output=True, text=True, check=False)

    cold, warm = run(), run()
    assert _stored(repo)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert '"TERMS016"' in warm.stdout
