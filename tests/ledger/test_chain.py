"""The chain's properties: any sealed chain verifies, in any JSON layout; any change to one entry, any
removal and any swap of two entries is caught."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.ledger.chain import dump, parse, seal, verify

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_body = st.fixed_dictionaries({
    "time": _text, "as_of": _text, "commit": st.none() | _text, "site_url": _text,
    "versions": st.lists(st.fixed_dictionaries({"document": _text, "sha256": _text}), max_size=3),
    "notices": st.just([]), "pages": st.dictionaries(_text, _text, max_size=4)})


def _chain(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for b in bodies:
        entries.append(seal(b, entries))
    return entries


@settings(max_examples=60, deadline=None)
@given(st.lists(_body, min_size=1, max_size=5), st.booleans())
def test_a_sealed_chain_verifies_in_any_layout(bodies: list[dict[str, Any]], indent: bool) -> None:
    entries = _chain(bodies)
    text = dump(entries) if not indent else json.dumps({"format": "termsite-ledger/1", "entries": entries}, indent=3)
    ledger = parse(text, "ledger.json")
    assert not verify(ledger)
    lines = text.split("\n")
    for i in range(len(entries)):
        at = ledger.at(i)
        assert lines[at.line - 1][at.col - 1] == "{"  # each entry located where it starts
        key = ledger.at(i, "hash")
        assert lines[key.line - 1][key.col - 1:].startswith('"hash"')
    if not indent:
        assert [ledger.at(i).line for i in range(len(entries))] == list(range(2, len(entries) + 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(_body, min_size=2, max_size=5), st.data())
def test_any_edit_removal_or_swap_is_caught(bodies: list[dict[str, Any]], data: st.DataObject) -> None:
    entries = _chain(bodies)
    i = data.draw(st.integers(0, len(entries) - 1))
    edited = [dict(e) for e in entries]
    key = data.draw(st.sampled_from(["time", "as_of", "site_url", "commit"]))
    edited[i][key] = (edited[i][key] or "") + "x"
    assert {d.code for d in verify(parse(dump(edited), "l"))} == {"TERMS073"}
    removed = entries[:i] + entries[i + 1:]
    found = verify(parse(dump(removed), "l"))
    assert found if i < len(entries) - 1 else not found  # the last one: only an older copy shows it (--extends)
    assert all(d.code == "TERMS074" for d in found)
    j = data.draw(st.integers(0, len(entries) - 1).filter(lambda j: j != i))
    swapped = list(entries)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    messages = [d.message for d in verify(parse(dump(swapped), "l"))]
    assert messages and all("reordered" in m for m in messages)
