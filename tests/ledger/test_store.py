"""The SQLite store under a crash and under two processes at once: the ledger's chain and its JSON file
stay whole and equal to the store, and the send log keeps every committed record, once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from termsite.adapters.sqlite_store import Store, StoreError, read_ledger_file
from termsite.ledger.chain import parse, verify

ROOT = Path(__file__).resolve().parents[2]

APPEND = """
import sys, datetime as dt
from pathlib import Path
from termsite.adapters.sqlite_store import Store
store, ledger, tag, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with Store.open(store) as s:
    for i in range(count):
        s.append({"time": "2025-01-01T00:00:00Z", "as_of": "2025-01-01", "commit": None, "commit_note": tag,
                  "site_url": "https://terms.example.com/", "versions": [], "notices": [],
                  "pages": {f"p{j}.html": f"{i:064x}" for j in range(200)}}, ledger)
        print(i, flush=True)
"""

SEND = """
import sys
from pathlib import Path
from termsite.adapters.sqlite_store import Store
store, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with Store.open(store) as s:
    for i in range(count):
        s.record_send({"event": "sent", "notice": "demo/2025-04-01/ja", "recipient": f"{tag}{i}@example.com",
                       "time": "2025-02-01T00:00:00+00:00", "code": 250, "reply": "OK", "message_id": f"<{tag}{i}>"})
        print(i, flush=True)
"""


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools")}
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env)


def _consistent(store: Path, ledger: Path) -> int:
    """The ledger file verifies, the store takes in what the file is ahead by and then equals it."""
    entries = read_ledger_file(ledger)
    assert not verify(parse(ledger.read_text(encoding="utf-8"), str(ledger)))
    with Store.open(store) as s:
        synced = s.sync(ledger)
        assert [e["hash"] for e in s.entries()] == [e["hash"] for e in synced] == [e["hash"] for e in entries]
        assert s.export() == ledger.read_text(encoding="utf-8")
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    return len(entries)


@pytest.mark.parametrize("delay", [0.35, 0.6, 0.9])
def test_a_run_killed_while_appending_leaves_the_ledger_whole(tmp_path: Path, delay: float) -> None:
    store, ledger = tmp_path / "store.sqlite", tmp_path / "ledger.json"
    proc = _start(APPEND, str(store), str(ledger), "killed", "100000")
    assert proc.stdout is not None
    proc.stdout.readline()  # at least one entry is in
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    n = _consistent(store, ledger)
    assert n >= 1
    assert not list(tmp_path.glob(".ledger.json.tmp-*"))  # the killed run's half-written file is cleared
    # and the next run appends after it
    again = _start(APPEND, str(store), str(ledger), "next", "1")
    assert again.wait(timeout=60) == 0
    assert _consistent(store, ledger) == n + 1


def test_two_runs_appending_at_once_are_chained_one_after_the_other(tmp_path: Path) -> None:
    store, ledger = tmp_path / "store.sqlite", tmp_path / "ledger.json"
    procs = [_start(APPEND, str(store), str(ledger), tag, "15") for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert _consistent(store, ledger) == 30
    notes = [e["commit_note"] for e in read_ledger_file(ledger)]
    assert sorted(notes) == ["a"] * 15 + ["b"] * 15


def test_a_store_ahead_of_or_diverged_from_the_file_is_refused(tmp_path: Path) -> None:
    store, ledger = tmp_path / "store.sqlite", tmp_path / "ledger.json"
    assert _start(APPEND, str(store), str(ledger), "x", "2").wait(timeout=60) == 0
    kept = ledger.read_text(encoding="utf-8")
    ledger.write_text(kept.splitlines()[0] + "\n" + kept.splitlines()[1].rstrip(",") + "\n]}\n", encoding="utf-8")
    with Store.open(store) as s, pytest.raises(StoreError) as exc:
        s.sync(ledger)
    assert "TERMS076" in exc.value.diagnostics[0].as_text() and "holds 2 entries, the ledger file only 1" in \
        exc.value.diagnostics[0].message
    other = tmp_path / "other.sqlite"
    assert _start(APPEND, str(other), str(tmp_path / "other.json"), "y", "1").wait(timeout=60) == 0
    with Store.open(other) as s, pytest.raises(StoreError) as exc:
        s.sync(ledger)
    assert "entry 1 of the ledger file is not entry 1 of the store" in exc.value.diagnostics[0].message
    # a fresh store (a CI runner) takes the file in; a backup is a whole store
    fresh = tmp_path / "fresh.sqlite"
    ledger.write_text(kept, encoding="utf-8")
    assert _consistent(fresh, ledger) == 2
    with Store.open(fresh) as s:
        s.backup(tmp_path / "copy.sqlite")
    with Store.open(tmp_path / "copy.sqlite") as s:
        assert s.export() == kept


def test_send_records_of_a_killed_run_and_of_two_runs_at_once_are_kept_once(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    proc = _start(SEND, str(store), "k", "1000000")
    assert proc.stdout is not None
    proc.stdout.readline()
    time.sleep(0.4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store.open(store) as s:
        killed = s.sends()
    assert killed and [r.recipient for r in killed] == [f"k{i}@example.com" for i in range(len(killed))]
    procs = [_start(SEND, str(store), tag, "150") for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Store.open(store) as s:
        rows = s.sends()
    assert len(rows) == len(killed) + 300
    assert len({r.id for r in rows}) == len(rows)
    for tag in ("a", "b"):
        assert [r.recipient for r in rows if r.recipient.startswith(tag)] == [f"{tag}{i}@example.com" for i in range(150)]
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_damaged_json_lines_log_is_located_and_taken_in_not_at_all(tmp_path: Path) -> None:
    log = tmp_path / "notices-sent.log"
    log.write_text('{"event": "sent", "notice": "n", "recipient": "a@example.com", "time": "t"}\n{broken\n',
                   encoding="utf-8")
    with Store.open(tmp_path / "store.sqlite") as s:
        with pytest.raises(StoreError) as exc:
            s.import_jsonl(log)
        assert exc.value.diagnostics[0].as_text().startswith(f"{log}:2:1: error TERMS077: not a send log record")
        assert s.sends() == []


OPEN = """
import sys, time
from pathlib import Path
from termsite.adapters.sqlite_store import Store
store, start = Path(sys.argv[1]), float(sys.argv[2])
while time.time() < start:
    pass
Store.open(store).close()
"""


@pytest.mark.parametrize("attempt", range(4))
def test_many_runs_opening_a_new_store_at_the_same_moment_all_open_it(tmp_path: Path, attempt: int) -> None:
    # Creating the file and switching it to WAL at the same instant once failed with "database is locked".
    store = tmp_path / "store.sqlite"
    start = time.time() + 1.5
    procs = [_start(OPEN, str(store), str(start)) for _ in range(6)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 6
    with Store.open(store) as s:
        assert s.entries() == []
