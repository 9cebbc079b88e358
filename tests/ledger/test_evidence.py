"""``terms evidence``: golden text, Markdown and JSON for a version with a ledger and a send log, and
plain statements of what it cannot prove without them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from termsite.adapters.sqlite_store import Store
from termsite.ledger.entry import entry_body
from termsite.source.load import load_corpus

from .conftest import terms

CASES = Path(__file__).parent / "cases"


def _pages(as_of: str) -> dict[str, str]:
    """A site's files with stand-in hashes: the golden does not depend on how the templates render."""
    paths = ["index.html", "demo/index.html", "demo/2024-01-01/index.html", "en/index.html"]
    if as_of >= "2025-02-01":
        paths += ["demo/2025-04-01/index.html", "demo/2025-04-01/changes/index.html",
                  "notices/demo-2025-04-01/index.html", "en/notices/demo-2025-04-01/index.html"]
    return {p: hashlib.sha256(f"{as_of}:{p}".encode()).hexdigest() for p in paths}


@pytest.fixture
def evidence_repo(repo: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    store, ledger = tmp_path / "store.sqlite", tmp_path / "ledger.json"
    corpus, _ = load_corpus(repo)
    with Store.open(store) as s:
        for as_of, at in (("2025-01-31", "2025-01-30T15:05:00Z"), ("2025-02-01", "2025-01-31T15:05:00Z"),
                          ("2025-02-02", "2025-02-01T15:05:00Z")):
            moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
            s.append(entry_body(corpus, dt.date.fromisoformat(as_of), _pages(as_of), at=moment,
                                commit=hashlib.sha1(as_of.encode()).hexdigest()), ledger)
        for i, (event, who, time, code) in enumerate([
                ("sent", "a@example.com", "2025-02-01T01:00:00+00:00", 250),
                ("deferred", "b@example.com", "2025-02-01T01:00:01+00:00", 451),
                ("refused", "c@example.com", "2025-02-01T01:00:02+00:00", 550),
                ("sent", "b@example.com", "2025-02-02T01:00:00+00:00", 250)]):
            s.record_send({"event": event, "notice": "demo/2025-04-01/ja", "recipient": who, "time": time,
                           "code": code, "reply": "OK" if code == 250 else "no",
                           "message_id": f"<m{i}@demo>" if event == "sent" else None})
    return repo, store, ledger


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_evidence_with_a_ledger_and_a_send_log(evidence_repo: tuple[Path, Path, Path], fmt: str, suffix: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    repo, store, ledger = evidence_repo
    code, out, err = terms(repo, "evidence", "demo", "2025-04-01", "--format", fmt, "--store", str(store),
                           "--ledger", str(ledger), capsys=capsys)
    assert code == 0, err
    golden = CASES / f"evidence.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_the_evidence_is_drawn_from_the_ledger_and_the_log(evidence_repo: tuple[Path, Path, Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    repo, store, ledger = evidence_repo
    code, out, _ = terms(repo, "evidence", "demo", "2025-04-01", "--format", "json", "--store", str(store),
                         "--ledger", str(ledger), capsys=capsys)
    assert code == 0
    data = json.loads(out)
    entries = json.loads(ledger.read_text(encoding="utf-8"))["entries"]
    # first posted: the entry of 2025-02-01, not the one before (embargoed) nor the one after
    assert data["terms_first_posted"]["entry"] == 2 == data["notice_first_posted"]["entry"]
    assert data["terms_first_posted"]["entry_hash"] == entries[1]["hash"]
    assert data["notice_days_before_effective"] == 59  # 2025-01-31T15:05Z is 00:05 on 2025-02-01 in Tokyo
    assert (data["notice_days_required"], data["notice_days_announced"], data["notice_period_kept"]) == (30, 59, True)
    (mail,) = data["email"]
    assert (mail["sent"], mail["deferred"], mail["refused"], mail["records"]) == (2, 0, 1, 4)
    assert (mail["first_sent"], mail["last_sent"]) == ("2025-02-01T01:00:00+00:00", "2025-02-02T01:00:00+00:00")
    code, lines, _ = terms(repo, "ledger", "sends", "demo/2025-04-01/ja", "--store", str(store), capsys=capsys)
    assert code == 0 and hashlib.sha256(lines.encode("utf-8")).hexdigest() == mail["sha256"]
    assert data["notice"]["lang"] == "ja" and "料金を改定します。" in data["notice"]["text"]
    assert "1 recipient(s) of demo/2025-04-01/ja were not sent the email (deferred 0, refused 1)." in data["cannot_prove"]


def test_without_a_ledger_or_a_send_log_it_says_what_it_cannot_prove(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = terms(repo, "evidence", "demo", "2025-04-01", "--store", str(tmp_path / "none.sqlite"),
                         "--ledger", str(tmp_path / "none.json"), capsys=capsys)
    assert code == 0
    assert "  - There is no ledger: nothing here shows when the terms or the notice were posted.\n" in out
    assert "  - There is no send log: nothing here shows that the notice was emailed to anyone.\n" in out
    assert not (tmp_path / "none.sqlite").exists()  # reading the evidence creates no store


def test_a_ledger_that_starts_late_or_a_notice_posted_late_is_said_plainly(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, ledger = tmp_path / "store.sqlite", tmp_path / "ledger.json"
    corpus, _ = load_corpus(repo)
    with Store.open(store) as s:
        s.append(entry_body(corpus, dt.date(2025, 3, 20), _pages("2025-03-20"),
                            at=dt.datetime(2025, 3, 19, 15, 5, tzinfo=dt.UTC), commit=None, commit_note="no commit"),
                 ledger)
    code, out, _ = terms(repo, "evidence", "demo", "2025-04-01", "--format", "json", "--store", str(store),
                         "--ledger", str(ledger), capsys=capsys)
    assert code == 0
    cannot = json.loads(out)["cannot_prove"]
    assert cannot[0] == ("The ledger has no entry before 2025-03-19T15:05:00Z: it cannot show that the change was "
                         "posted on 2025-02-01, the version's announced date.")
    assert cannot[1] == ("The notice first appears in the ledger 12 day(s) before the version took effect, fewer "
                         "than the 30 day(s) a change of impact adverse requires.")
    assert "The send log holds no record of this notice: nothing here shows that it was emailed." in cannot
