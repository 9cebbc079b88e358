"""The quicker longest-match search of :mod:`termsite.compare.text` finds exactly what difflib finds.

The changed words must not depend on how they were found: the golden files and every published
comparison page were made with difflib's own search."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.compare import text as diff_text
from termsite.compare.text import matching_blocks, tokens

# Few symbols, so that equal tokens and ties between equally long matches are everywhere.
TOKENS = st.lists(st.sampled_from(["a", "b", "c", " "]), max_size=40)
EDIT = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(0, 40), TOKENS)


def edited(base: list[str], edits: list[tuple[str, int, list[str]]]) -> list[str]:
    """``base`` with a few edits: what a revision does to a paragraph."""
    out = list(base)
    for op, at, part in edits:
        at = min(at, len(out))
        if op == "insert":
            out[at:at] = part
        elif op == "delete":
            del out[at : at + len(part)]
        else:
            out[at : at + 1] = part[:1]
    return out


def same_blocks(a: list[str], b: list[str]) -> None:
    theirs = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    assert matching_blocks(a, b) == [tuple(m) for m in theirs]


@pytest.fixture(autouse=True, params=[1, 10**9], ids=["anchored", "plain"])
def search(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # Anchored whenever a single token is known in common, or never: both searches are checked.
    monkeypatch.setattr(diff_text, "_ANCHOR_MIN", request.param)


@settings(max_examples=1500, deadline=None)
@given(TOKENS, st.lists(EDIT, max_size=4))
def test_an_edited_sequence_matches_as_difflib_matches_it(base: list[str], edits: list[tuple[str, int, list[str]]],
                                                          ) -> None:
    other = edited(base, edits)
    same_blocks(base, other)
    same_blocks(other, base)


@settings(max_examples=500, deadline=None)
@given(TOKENS, TOKENS)
def test_any_two_sequences_match_as_difflib_matches_them(a: list[str], b: list[str]) -> None:
    same_blocks(a, b)


def test_a_long_english_paragraph_with_a_sentence_added() -> None:
    old = "The Company and the Customer shall each keep the other's confidential information secret. " * 8
    new = old + "The Company shall retain records of such measures for a certain period."
    same_blocks(tokens(old, "en"), tokens(new, "en"))
    same_blocks(tokens(new, "en"), tokens(old, "en"))
    middle = old[:300] + "in writing, " + old[300:]
    same_blocks(tokens(old, "en"), tokens(middle, "en"))
