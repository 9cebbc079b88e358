"""The one on-disk store: entries replaced whole, unused ones pruned, and nothing planted in the cache
folder (a FIFO, a device, a link) blocks a build, feeds it, or makes pruning reach outside the store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from termsite.speed.parse_cache import ParseCache
from termsite.speed.store import Store, read_marshal, write_marshal


def test_entries_are_stored_read_and_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.put("abcdef", {"x": [1, "y"]})
    again = Store(tmp_path / "s")
    assert again.get("abcdef") == {"x": [1, "y"]} and again.hits == 1 and again.used == {"abcdef"}
    assert again.get("abzzzz") is None and again.misses == 1
    assert again.get("abcdef", lambda data: data["missing"]) is None  # damaged for its reader: a miss
    assert again.misses == 2


def test_nowhere_keeps_nothing() -> None:
    store = Store(None)
    store.put("abcdef", 1)
    store.adopt("abcdef")
    assert store.get("abcdef") is None and not store.used and not store.has_entries()
    store.prune()


def test_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for value in range(3):
        store.put("abcdef", value)
    assert sorted(p.name for p in (tmp_path / "ab").iterdir()) == ["abcdef"]
    assert write_marshal(tmp_path / "one" / "record.marshal", [1, 2])
    assert read_marshal(tmp_path / "one" / "record.marshal") == [1, 2]
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["record.marshal"]
    assert not write_marshal(tmp_path / "one" / "bad.marshal", object())  # marshal cannot hold it


def test_a_link_planted_at_a_temporary_name_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.write_text("keep", encoding="utf-8")
    store = Store(tmp_path / "s")
    (tmp_path / "s" / "ab").mkdir(parents=True)
    for pid in range(os.getpid() - 2, os.getpid() + 3):  # the names the old code would have used
        (tmp_path / "s" / "ab" / f"abcdef.{pid}.tmp").symlink_to(outside)
    store.put("abcdef", "data")
    assert outside.read_text(encoding="utf-8") == "keep"
    assert Store(tmp_path / "s").get("abcdef") == "data"


def test_pruning_removes_what_the_build_did_not_use(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    for key in ("aa11", "aa22", "bb33"):
        store.put(key, key)
    (tmp_path / "s" / "aa" / ".aa11.x.tmp").write_bytes(b"left by a killed build")
    later = Store(tmp_path / "s")
    assert later.get("aa11") == "aa11"
    later.prune()
    assert sorted(p.name for p in (tmp_path / "s").rglob("*") if p.is_file()) == ["aa11"]


def test_pruning_does_not_follow_a_linked_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious").write_text("x", encoding="utf-8")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "ab").symlink_to(elsewhere, target_is_directory=True)
    Store(tmp_path / "s").prune()
    assert (elsewhere / "precious").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_planted_as_an_entry_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    for store in (Store(tmp_path / "s"), ParseCache(tmp_path / "s")):
        (tmp_path / "s" / "ab").mkdir(parents=True, exist_ok=True)
        fifo = tmp_path / "s" / "ab" / "abcdef"
        if not fifo.exists():
            os.mkfifo(fifo)
        assert store.read("abcdef") is None
        assert store.get("abcdef") is None and store.misses == 1
    assert read_marshal(fifo) is None
    Store(tmp_path / "s").prune()  # a FIFO nobody used is removed like any entry
    assert not fifo.exists()


def test_a_device_planted_as_an_entry_is_not_read(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    (tmp_path / "s" / "ab").mkdir(parents=True)
    (tmp_path / "s" / "ab" / "abcdef").symlink_to("/dev/zero")
    assert Store(tmp_path / "s").get("abcdef") is None
