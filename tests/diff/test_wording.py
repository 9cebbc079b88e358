"""Which edits are formatting only (表記のみ): whitespace, and links added or removed around kept words;
never a changed word, nor a link that now points elsewhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termsite.compare.wording import same_wording


@pytest.mark.parametrize(("old", "new"), [
    ("当社は、本約款を変更できます。", "当社は、本約款を変更できます。 "),
    ("The Company  may amend these Terms.", "The Company may amend these Terms."),
    ("当社は、 本約款を変更できます。", "当社は、本約款を変更できます。"),
    ("料金表に定めます。", "[料金表](https://example.com/prices)に定めます。"),
    ("See [the price list](https://example.com/prices).", "See the price list."),
    ("[A](https://a.example) and B", "[A](https://a.example) and [B](#article-2)"),
])
def test_formatting_only_both_ways(old: str, new: str) -> None:
    assert same_wording(old, new) and same_wording(new, old)


@pytest.mark.parametrize(("old", "new"), [
    ("当社は、本約款を変更できます。", "当社は、本約款を変更することがあります。"),
    ("The Company may amend", "The Companymay amend"),
    ("一行目\n二行目", "一行目二行目"),
    ("[料金表](https://example.com/prices)に定めます。", "[料金表](https://example.com/prices-2027)に定めます。"),
    ("[A](https://a.example) and [B](#b)", "[A](#b) and [B](https://a.example)"),
    ("See [the list](#article-2).", "See [the table](#article-2)."),
    ("本約款\u200bを", "本約款を"),
])
def test_changes_of_wording_both_ways(old: str, new: str) -> None:
    assert not same_wording(old, new) and not same_wording(new, old)


@given(st.text(max_size=40), st.text(alphabet=" \u3000\t", max_size=3))
def test_trailing_whitespace_is_formatting(text: str, tail: str) -> None:
    assert same_wording(text, text.rstrip(" \u3000\t") + tail)
