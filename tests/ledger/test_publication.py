"""Two publications of a real site appended to the ledger and verified; then the ledger and the site
tampered with (an edited, a removed, a reordered entry, a changed, a missing and an added page) and
each caught with its position."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import terms


def _build(repo: Path, site: Path, as_of: str, capsys: pytest.CaptureFixture[str], *extra: str) -> None:
    code, _, err = terms(repo, "build", "--as-of", as_of, "--site-dir", str(site), *extra, capsys=capsys)
    assert code == 0, err


@pytest.fixture
def published(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """The site published as of 2025-01-15 (before the change is announced) and as of 2025-02-01."""
    store, ledger = tmp_path / "store.sqlite", tmp_path / "ledger.json"
    first, second = tmp_path / "site1", tmp_path / "site2"
    _build(repo, first, "2025-01-15", capsys)
    code, _, err = terms(repo, "publish-record", "--site", str(first), "--at", "2025-01-14T15:05:00Z",
                         "--store", str(store), "--ledger", str(ledger), capsys=capsys)
    assert code == 0, err
    assert err.startswith("terms: publication recorded as entry 1 (2025-01-14T15:05:00Z, hash ")
    shutil.copy(ledger, tmp_path / "ledger-after-1.json")
    _build(repo, second, "2025-02-01", capsys)
    code, _, err = terms(repo, "publish-record", "--site", str(second), "--at", "2025-01-31T15:05:00Z",
                         "--store", str(store), "--ledger", str(ledger), capsys=capsys)
    assert code == 0, err
    return {"store": store, "ledger": ledger, "site1": first, "site2": second, "old": tmp_path / "ledger-after-1.json"}


def _entries(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["entries"])


def _canonical_hash(entry: dict[str, Any]) -> str:
    # the hashing the README documents, written out independently of the package
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def test_two_publications_are_chained_and_verified(repo: Path, published: dict[str, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    one, two = _entries(published["ledger"])
    assert (one["number"], two["number"]) == (1, 2)
    assert one["previous"] is None and two["previous"] == one["hash"]
    assert one["hash"] == _canonical_hash(one) and two["hash"] == _canonical_hash(two)
    assert (one["time"], one["as_of"], two["time"], two["as_of"]) == (
        "2025-01-14T15:05:00Z", "2025-01-15", "2025-01-31T15:05:00Z", "2025-02-01")
    assert one["commit"] is None and one["commit_note"].startswith("no commit: ")
    # the change is embargoed in the first publication, upcoming in the second, with its notice; no draft
    assert [(v["version"], v["state"]) for v in one["versions"]] == [("2024-01-01", "current")]
    assert [(v["version"], v["state"]) for v in two["versions"]] == [("2024-01-01", "current"),
                                                                      ("2025-04-01", "upcoming")]
    api = json.loads((published["site2"] / "api/terms.json").read_text(encoding="utf-8"))
    assert two["versions"][1]["sha256"] == api["documents"][0]["versions"][1]["sha256"]
    assert two["versions"][1]["urls"]["ja"] == "https://terms.example.com/demo/2025-04-01/"
    assert one["notices"] == []
    assert [(n["lang"], n["url"]) for n in two["notices"]] == [
        ("ja", "https://terms.example.com/notices/demo-2025-04-01/"),
        ("en", "https://terms.example.com/en/notices/demo-2025-04-01/")]
    for n in two["notices"]:
        assert n["sha256"] == hashlib.sha256((published["site2"] / n["path"]).read_bytes()).hexdigest()
    # every file but the ledger and the stamp, with its hash
    files = {p.relative_to(published["site2"]).as_posix() for p in published["site2"].rglob("*") if p.is_file()}
    assert set(two["pages"]) == files - {"api/ledger.json", ".terms-build"}
    # the site publishes the ledger; the ledger file is one entry a line
    assert (published["site2"] / "api/ledger.json").read_bytes() == published["ledger"].read_bytes()
    assert len(published["ledger"].read_text(encoding="utf-8").splitlines()) == 4

    code, _, err = terms(repo, "ledger", "verify", "--site", str(published["site2"]), capsys=capsys)
    assert code == 0, err
    assert f"every file of {published['site2']} is as entry 2 recorded" in err
    code, _, err = terms(repo, "ledger", "verify", "--ledger", str(published["ledger"]), "--extends",
                         str(published["old"]), "--store", str(published["store"]), capsys=capsys)
    assert code == 0, err
    # the store's export is the ledger file, byte for byte
    code, out, _ = terms(repo, "ledger", "export", "--store", str(published["store"]), capsys=capsys)
    assert code == 0 and out == published["ledger"].read_text(encoding="utf-8")


def _verify(repo: Path, ledger: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    code, out, err = terms(repo, "ledger", "verify", "--ledger", str(ledger), *extra, capsys=capsys)
    assert code == 1, err
    assert "Traceback" not in err and out == ""
    return err.splitlines()


def _rewrite(path: Path, entries: list[dict[str, Any]]) -> None:
    from termsite.ledger.chain import dump

    path.write_text(dump(entries), encoding="utf-8")


def test_an_edited_entry_is_caught_at_its_line(repo: Path, published: dict[str, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    ledger = published["ledger"]
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace('"as_of":"2025-01-15"', '"as_of":"2025-01-10"'), encoding="utf-8")
    lines = _verify(repo, ledger, capsys)
    col = text.splitlines()[1].index('"hash"') + 1
    assert lines[0].startswith(f"{ledger}:2:{col}: error TERMS073: entry 1 was changed after it was written: "
                               "its contents hash to ")
    assert "restore the ledger from the `ledger` branch" in lines[0]
    assert lines[-1] == "1 error(s), 0 warning(s)"
    # an older copy shows the rewrite even when the edited entry is hashed again (and so chained anew)
    entries = _entries(published["old"])
    entries[0]["as_of"] = "2025-01-10"
    entries[0]["hash"] = _canonical_hash(entries[0])
    forged = tmp_path / "forged.json"
    _rewrite(forged, entries)
    lines = _verify(repo, forged, capsys, "--extends", str(published["old"]))
    assert lines[0].startswith(f"{forged}:2:") and "error TERMS074: entry 1 differs from entry 1 of " in lines[0]


def test_an_entry_hashed_again_after_an_edit_breaks_the_chain_at_the_next(
        repo: Path, published: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    entries = _entries(published["ledger"])
    entries[0]["pages"]["index.html"] = "0" * 64
    entries[0]["hash"] = _canonical_hash(entries[0])
    _rewrite(published["ledger"], entries)
    lines = _verify(repo, published["ledger"], capsys)
    assert len(lines) == 2
    assert lines[0].startswith(f"{published['ledger']}:3:") and "error TERMS074: entry 2 is not chained to the " \
        "entry before it" in lines[0] and "(the entry before was rewritten with a new hash)" in lines[0]


def test_a_removed_entry_is_caught(repo: Path, published: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    entries = _entries(published["ledger"])
    _rewrite(published["ledger"], entries[1:])
    lines = _verify(repo, published["ledger"], capsys)
    assert "error TERMS074: position 1 of the ledger holds entry 2: entry 1 is missing (removed)" in lines[0]
    assert lines[0].startswith(f"{published['ledger']}:2:")
    # and a removed last entry, against a copy kept after it was published
    kept = published["ledger"].with_name("kept.json")
    _rewrite(kept, entries)
    _rewrite(published["ledger"], entries[:1])
    lines = _verify(repo, published["ledger"], capsys, "--extends", str(kept))
    assert "error TERMS074: the ledger has 1 entries, fewer than the 2 of" in lines[0]


def test_reordered_entries_are_caught(repo: Path, published: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    entries = _entries(published["ledger"])
    ledger = published["ledger"]
    ledger.write_text(json.dumps({"format": "termsite-ledger/1", "entries": entries[::-1]}, indent=2),
                      encoding="utf-8")  # any JSON layout is read, and located
    lines = _verify(repo, ledger, capsys)
    text = ledger.read_text(encoding="utf-8").splitlines()
    first_number = next(i for i, line in enumerate(text, 1) if line.strip() == '"number": 2,')
    assert lines[0] == (f"{ledger}:{first_number}:7: error TERMS074: position 1 of the ledger holds entry 2: the "
                        "entries were reordered; " + lines[0].split("; ", 1)[1])
    assert "position 2 of the ledger holds entry 1: the entries were reordered" in lines[1]


def test_a_changed_missing_or_added_page_is_caught(repo: Path, published: dict[str, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    site = published["site2"]
    (site / "notices/demo-2025-04-01/index.html").write_bytes(b"<p>changed</p>")
    (site / "en/demo/history/index.html").unlink()
    (site / "extra.html").write_text("x", encoding="utf-8")
    code, _, err = terms(repo, "ledger", "verify", "--site", str(site), capsys=capsys)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{site}/en/demo/history/index.html:1:1: error TERMS075: missing: entry 2 "
                               "(published 2025-01-31T15:05:00Z) records this file")
    assert lines[1].startswith(f"{site}/extra.html:1:1: error TERMS075: not published: entry 2")
    assert lines[2].startswith(f"{site}/notices/demo-2025-04-01/index.html:1:1: error TERMS075: changed since "
                               "publication: its bytes hash to ")
    assert lines[-1] == "3 error(s), 0 warning(s)"
    # the first site is not what the latest entry recorded either
    code, out, _ = terms(repo, "ledger", "verify", "--ledger", str(published["ledger"]), "--site",
                         str(published["site1"]), "--format", "json", capsys=capsys)
    found = json.loads(out)
    assert code == 1 and found["errors"] == len(found["diagnostics"]) > 0
    assert {d["code"] for d in found["diagnostics"]} == {"TERMS075"}
    assert any(d["path"] == f"{published['site1']}/notices/demo-2025-04-01/index.html"
               and d["message"].startswith("missing: entry 2") for d in found["diagnostics"])


def test_a_preview_another_day_or_a_broken_ledger_is_not_recorded(
        repo: Path, tmp_path: Path, published: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    store, ledger = published["store"], published["ledger"]
    before = ledger.read_bytes()
    preview = tmp_path / "preview"
    _build(repo, preview, "2025-02-01", capsys, "--drafts")
    code, _, err = terms(repo, "publish-record", "--site", str(preview), "--store", str(store), "--ledger",
                         str(ledger), capsys=capsys)
    assert code == 1
    assert err == ("terms: error TERMS078: the site shows the draft demo 2025-09-01: it is a preview (built with "
                   "--drafts), not a publication; build without --drafts and record that\n")
    code, _, err = terms(repo, "publish-record", "--site", str(published["site2"]), "--as-of", "2025-02-02",
                         "--store", str(store), "--ledger", str(ledger), capsys=capsys)
    assert code == 1 and "was built as of 2025-02-01, not 2025-02-02" in err
    assert ledger.read_bytes() == before
    ledger.write_bytes(before.replace(b'"as_of":"2025-01-15"', b'"as_of":"2025-01-16"'))
    code, _, err = terms(repo, "publish-record", "--site", str(published["site2"]), "--store", str(store),
                         "--ledger", str(ledger), capsys=capsys)
    assert code == 1 and "error TERMS073: entry 1 was changed" in err
    assert "the ledger file's chain is broken; nothing was appended" in err


def test_a_site_built_from_other_terms_is_not_recorded(repo: Path, tmp_path: Path, published: dict[str, Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    version = repo / "terms/demo/2025-04-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("料金を改定します。", "料金を改めます。"),
                       encoding="utf-8")
    code, _, err = terms(repo, "publish-record", "--site", str(published["site2"]), "--store",
                         str(published["store"]), "--ledger", str(published["ledger"]), capsys=capsys)
    assert code == 1
    assert err == ("terms: error TERMS078: the site's api/terms.json and the terms disagree about demo 2025-04-01: "
                   "the site was not built from these terms as of this day; build it again from this checkout, then "
                   "record it\n")
    assert len(_entries(published["ledger"])) == 2
