"""Links in one column of the 新旧対照表: what a reader reads is the column's text, links as links."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.compare.html import html_escape
from termsite.compare.links import side_html, web_only
from termsite.compare.text import diff_text
from termsite.model.links import plain
from termsite.site.links import LinkTargets

_ESC = html_escape
INS = ("<ins>", "</ins>")
DEL = ("<del>", "</del>")


def _column(old: str, new: str, side: str, href=web_only) -> str:  # type: ignore[no-untyped-def]
    diff = diff_text(old, new, "en")
    return side_html(diff.side(side), href, _ESC, _ESC, INS, DEL)  # type: ignore[arg-type]


def _read(html: str) -> str:
    """What a reader reads in a column, without the target shown next to a changed link."""
    html = re.sub(r'<span class="cmp-link-target">.*?⟩</span>', "", html)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_a_changed_target_shows_on_both_sides_both_ways() -> None:
    old, new = "See [our site](https://old.example/p).", "See [our site](https://new.example/p)."
    for a, b in ((old, new), (new, old)):
        after, before = _column(a, b, "new"), _column(a, b, "old")
        new_host = b.split("//")[1].split(".")[0]
        old_host = a.split("//")[1].split(".")[0]
        assert f'<a href="https://{new_host}.example/p"' in after
        assert f'<a href="https://{old_host}.example/p"' in before
        assert f"⟨https://<ins>{new_host}</ins>.example/p⟩" in after
        assert f"⟨https://<del>{old_host}</del>.example/p⟩" in before
        assert _read(after) == _read(before) == "See our site."


def test_a_link_put_around_kept_words_is_shown() -> None:
    old, new = "See the policy.", "See the [policy](https://a.example/)."
    after, before = _column(old, new, "new"), _column(old, new, "old")
    assert '<a href="https://a.example/"' in after and "⟨<ins>https://a.example/</ins>⟩" in after
    assert "<a " not in before and _read(before) == "See the policy."
    # and the other way: the link removed
    after, before = _column(new, old, "new"), _column(new, old, "old")
    assert "<a " not in after and '<a href="https://a.example/"' in before and "<del>https://a.example/</del>" in before


def test_a_changed_label_is_marked_inside_the_link() -> None:
    after = _column("[old words](https://a.example/)", "[new words](https://a.example/)", "new")
    assert after.startswith('<a href="https://a.example/"') and "<ins>new</ins>" in after
    assert "cmp-link-target" not in after  # the target did not change


def test_internal_links_lead_where_the_column_says() -> None:
    targets = LinkTargets("en", "en/demo/2025-01-01/changes/", frozenset({"policy"}))
    new = targets.of_version("demo", "2025-01-01").href
    old = targets.of_version("demo", "2024-01-01").href
    text_old, text_new = "[Article 2](#amendment)", "[Article 3](#amendment) and [P](policy#a)"
    assert 'href="../#amendment"' in _column(text_old, text_new, "new", new)
    assert 'href="../../../policy/#a"' in _column(text_old, text_new, "new", new)
    assert 'href="../../2024-01-01/#amendment"' in _column(text_old, text_new, "old", old)
    refused = _column("[x](https://a.b/)", "[x](javascript:alert)", "new", new)
    assert "<a " not in refused and "⟨<ins>javascript:alert</ins>⟩" in refused  # shown as the change, as text


_PART = st.sampled_from(["See ", "the ", "[policy](https://a.example/p)", "[policy](https://b.example/p)",
                         "[Article 2](#art-2)", "[x](javascript:alert)", "[", "](", ")", "policy", ". ", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PART, max_size=8).map("".join), st.lists(_PART, max_size=8).map("".join))
def test_each_column_reads_as_its_side(old: str, new: str) -> None:
    assert _read(_column(old, new, "old")) == plain(old)
    assert _read(_column(old, new, "new")) == plain(new)
    for side in ("old", "new"):
        html = _column(old, new, side)
        assert "javascript" not in "".join(re.findall(r'href="[^"]*"', html))
