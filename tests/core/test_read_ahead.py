"""Reading version files on forked workers changes nothing: same corpus, same diagnostics, same cache.

Every test loads a repository twice, once in one process and once with the read-ahead forced on
(any number of files, two workers even on one core), and compares.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from termsite.model.terms import Corpus
from termsite.rules.checks import check_corpus
from termsite.source import ahead, repository
from termsite.source.repository import load_corpus
from termsite.source.yaml import Source
from termsite.speed import defaults, forked_map
from termsite.speed.pool import Pool

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
COPIES = 5


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped documents, each also copied under other names: 24 version files."""
    monkeypatch.setenv("TERMS_NO_CACHE", "1")
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    for doc in sorted((ROOT / "terms").iterdir()):
        if not doc.is_dir():
            continue
        for n in range(COPIES + 1):
            name = doc.name if n == 0 else f"{doc.name}-{n}"
            shutil.copytree(doc, tmp_path / "terms" / name)
            meta = tmp_path / "terms" / name / "document.yml"
            meta.write_text(meta.read_text(encoding="utf-8").replace(f"id: {doc.name}", f"id: {name}"),
                            encoding="utf-8")
    return tmp_path


def _load(root: Path, *, parallel: bool) -> tuple[Corpus, list[str]]:
    """The repository loaded and checked as the command line does, with the read-ahead forced on or left out."""
    loading = defaults.loading(root, Pool(min_work=1, workers=2))
    if not parallel:
        loading["read_ahead"] = None
    corpus, diags = load_corpus(root, **loading)
    diags += check_corpus(corpus, AS_OF, map=defaults.check_map())
    return corpus, [d.as_text() for d in diags]


def _children() -> set[int] | None:
    """The children of this process, zombies included (Linux), or None where that cannot be read."""
    found: set[int] = set()
    try:
        for task in Path("/proc/self/task").iterdir():
            found |= {int(pid) for pid in (task / "children").read_text().split()}
    except OSError:
        return None
    return found


_BEFORE: set[int] | None = None


@pytest.fixture(autouse=True)
def _children_before() -> None:
    """Children that other tests' fixtures keep running (a browser, a server) are not this test's."""
    global _BEFORE
    _BEFORE = _children()


def _no_child_left() -> bool:
    """No worker started by this test is still running or waiting to be reaped."""
    now = _children()
    if now is not None and _BEFORE is not None:
        return not (now - _BEFORE)
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _assert_same(root: Path) -> list[str]:
    serial, serial_diags = _load(root, parallel=False)
    parallel, parallel_diags = _load(root, parallel=True)
    assert parallel == serial
    assert parallel_diags == serial_diags
    assert _no_child_left()
    return parallel_diags


def _count_taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the results that came from workers during the test."""
    taken = [0]
    original = ahead.ReadAhead.take

    def take(self: ahead.ReadAhead, path: Path) -> tuple[str | None, bytes] | None:
        found = original(self, path)
        taken[0] += found is not None
        return found

    monkeypatch.setattr(ahead.ReadAhead, "take", take)
    return taken


def test_parallel_read_gives_the_serial_corpus_and_diagnostics(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = _count_taken(monkeypatch)
    diags = _assert_same(repo)
    assert taken[0] == 4 * (COPIES + 1)
    assert any(f":{_override_line(repo)}:17: warning TERMS016" in d for d in diags)  # a position read back from the file


def test_broken_files_among_good_ones_are_read_by_the_loading_process(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = (repo / "terms/cloud-resale/2024-01-01.yml").read_text(encoding="utf-8")
    (repo / "terms/cloud-resale-1/2024-01-01.yml").write_text("effective: 2024-01-01\n  status: [draft\n")
    (repo / "terms/cloud-resale-2/2024-01-01.yml").write_text(good.replace("status:", "stauts: x\nstatus:", 1))
    (repo / "terms/cloud-resale-3/2024-01-01.yml").write_bytes(b"effective: 2024-01-01\nnote: \x93q\x94\n")
    (repo / "terms/cloud-resale-4/2024-01-01.yml").write_text("# nothing\n")
    (repo / "terms/cloud-resale-5/2024-01-01.yml").write_text(good.replace("status:", "status: draft\nstatus:", 1))
    (repo / "terms/privacy-policy-1/2026-11-21.yml").write_text("a: &a [x]\nb: *a\n")
    (repo / "terms/privacy-policy-2/2027-01-01.yml").write_text(good)  # name and `effective` disagree
    taken = _count_taken(monkeypatch)
    diags = _assert_same(repo)
    for code in ("TERMS002", "TERMS005", "TERMS001", "TERMS003", "TERMS004", "TERMS010"):
        assert any(f" {code}: " in d for d in diags), code
    assert taken[0] == 4 * (COPIES + 1) + 1 - 6


@pytest.mark.parametrize("failure", ["exit", "raise"])
def test_a_worker_that_dies_or_fails_costs_only_time(
    repo: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    original = ahead.read_clean

    def flaky(path: Path, display: str, cache: object, root: Path | None = None) -> tuple[str | None, bytes] | None:
        if path.parent.name == "cloud-resale-2":
            if failure == "exit":
                os._exit(3)  # as if the worker were killed
            raise MemoryError
        return original(path, display, cache, root)  # type: ignore[arg-type]

    monkeypatch.setattr(ahead, "read_clean", flaky)
    taken = _count_taken(monkeypatch)
    started = time.monotonic()
    _assert_same(repo)
    assert time.monotonic() - started < 30
    assert 0 < taken[0] < 4 * (COPIES + 1)


def test_the_parse_cache_is_filled_by_the_workers_and_kept(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERMS_NO_CACHE")
    cold, cold_diags = _load(repo, parallel=True)
    entries = sorted(p.name for p in (repo / ".cache/termsite/parse").rglob("*") if p.is_file())
    assert len(entries) == len({f.read_bytes() for f in (repo / "terms").glob("*/2*.yml")})  # by content
    taken = _count_taken(monkeypatch)
    warm, warm_diags = _load(repo, parallel=True)
    serial, serial_diags = _load(repo, parallel=False)
    assert warm == cold == serial and warm_diags == cold_diags == serial_diags
    assert taken[0] == 4 * (COPIES + 1)
    assert sorted(p.name for p in (repo / ".cache/termsite/parse").rglob("*") if p.is_file()) == entries


def _count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    forks = [0]
    original = forked_map.ForkedMap.__init__

    def init(self: forked_map.ForkedMap[object, object], *args: object, **kwargs: object) -> None:
        forks[0] += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forked_map.ForkedMap, "__init__", init)
    return forks


def test_a_warm_repository_is_read_from_the_cache_without_forking(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERMS_NO_CACHE")
    cold, cold_diags = _load(repo, parallel=True)
    forks = _count_forks(monkeypatch)
    warm, warm_diags = _load(repo, parallel=True)
    assert forks[0] == 0 and warm == cold and warm_diags == cold_diags
    for path in sorted((repo / "terms").glob("*-[12]/2*.yml")):  # 6 files changed: read on workers
        path.write_text(path.read_text(encoding="utf-8").replace("Terms", "Conditions"), encoding="utf-8")
    taken = _count_taken(monkeypatch)
    changed, changed_diags = _load(repo, parallel=True)
    serial, serial_diags = _load(repo, parallel=False)
    assert forks[0] == 1 and taken[0] == 4 * (COPIES + 1)
    assert changed == serial and changed_diags == serial_diags and changed != cold


def test_few_files_are_read_without_forking(repo: Path) -> None:
    files = [(f, f.name) for f in sorted((repo / "terms").glob("*/2*.yml"))][:3]
    read = ahead.ReadAhead(files, None, defaults.READ_AHEAD.ahead)
    assert read.take(files[0][0]) is None
    read.close()


# --- the worker pool itself -----------------------------------------------------------------------


def _run(work: Callable[[int], int], n: int, workers: int = 2) -> list[int | None]:
    with forked_map.ForkedMap(work, list(range(n)), workers, chunk=3) as results:
        return [results.result(i) for i in range(n)]


def test_results_come_back_by_index() -> None:
    assert _run(lambda x: x * x, 50) == [x * x for x in range(50)]
    assert _no_child_left()


def test_items_of_a_dead_worker_are_none_and_the_others_arrive() -> None:
    def work(x: int) -> int:
        if x == 10:
            os._exit(1)
        return x

    out = _run(work, 40)
    lost = [i for i, v in enumerate(out) if v is None]
    assert 10 in lost and len(lost) <= 3  # the rest of its chunk
    assert all(v == i for i, v in enumerate(out) if v is not None)
    assert _no_child_left()


def test_a_failing_item_is_none() -> None:
    out = _run(lambda x: 1 // (x - 7), 12)
    assert out[7] is None and out[8] == 1


def test_stopping_early_stops_the_workers() -> None:
    started = time.monotonic()
    with forked_map.ForkedMap(lambda x: time.sleep(0.05) or x, list(range(400)), 2) as results:
        assert results.result(0) == 0
    assert time.monotonic() - started < 5
    assert _no_child_left()



def test_damaged_cache_entries_passed_on_unopened_are_read_again(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMS_NO_CACHE")
    reference, reference_diags = _load(repo, parallel=False)
    entries = [p for p in (repo / ".cache/termsite/parse").rglob("*") if p.is_file()]
    for entry in entries:
        entry.write_bytes(b"\x00garbage")
    again, diags = _load(repo, parallel=True)
    assert again == reference and diags == reference_diags
    assert all(entry.read_bytes() != b"\x00garbage" for entry in entries)  # written again


def test_an_error_in_the_loading_process_leaves_no_worker(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = repository.build_version

    def failing(src: Source, document_id: str) -> object:
        if document_id == "cloud-resale-3":
            raise RuntimeError("a bug while building")
        return original(src, document_id)

    monkeypatch.setattr(repository, "build_version", failing)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="a bug while building"):
        _load(repo, parallel=True)
    assert time.monotonic() - started < 10
    assert _no_child_left()


def _slow(x: int) -> int:
    time.sleep(0.005)
    return x


def test_ctrl_c_stops_the_loading_process_and_its_workers_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(KeyboardInterrupt):
        with forked_map.ForkedMap(_slow, list(range(400)), 2) as results:
            assert results.result(0) == 0
            for process in results._processes:  # Ctrl-C reaches every process of the group
                assert process.pid is not None
                os.kill(process.pid, signal.SIGINT)
            assert [results.result(i) for i in range(1, 50)] == list(range(1, 50))  # the workers go on
            signal.raise_signal(signal.SIGINT)
    assert _no_child_left()
    assert "Traceback" not in capfd.readouterr().err


def test_when_workers_cannot_be_started_everything_is_read_here(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.process

    started: list[int] = []
    original = multiprocessing.process.BaseProcess.start

    def start(self: multiprocessing.process.BaseProcess) -> None:
        if started:
            raise OSError(11, "Resource temporarily unavailable")  # as fork() under a process limit
        started.append(1)
        original(self)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start)
    taken = _count_taken(monkeypatch)
    _assert_same(repo)
    assert taken[0] == 0


def _override_line(root: Path) -> int:
    """The line of the 約款 2024-01-01's `number: 20` (the second 第20条), which TERMS016 points at."""
    text = (root / "terms/cloud-resale/2024-01-01.yml").read_text(encoding="utf-8")
    return next(i for i, ln in enumerate(text.splitlines(), 1) if ln == "        number: 20")
