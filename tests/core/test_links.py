"""The link form of a text: parse is total and faithful, plain drops the markup, targets are judged."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.model.links import Link, near_links, parse, plain, segments_data, spans, target_problem, to_text

# Brackets, parentheses and the characters a target may not hold, so that near misses are common.
_ALPHABET = st.sampled_from(list("[]()#:/.@ab約款 \n\t<>\"'\\x-") + ["https://", "mailto:", "](", "javascript:"])
texts = st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=60)


def _unparse(segments: tuple[str | Link, ...]) -> str:
    return "".join(s if isinstance(s, str) else f"[{s.label}]({s.target})" for s in segments)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_parse_never_raises_and_gives_the_text_back(text: str) -> None:
    segments = parse(text)
    assert _unparse(segments) == text
    assert all(s != "" for s in segments)
    # plain strings never sit next to each other
    assert not any(isinstance(a, str) and isinstance(b, str) for a, b in itertools.pairwise(segments))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_plain_holds_no_link_and_keeps_every_label(text: str) -> None:
    read = plain(text)
    segments = parse(text)
    assert read == "".join(s if isinstance(s, str) else s.label for s in segments)
    if not any(isinstance(s, str) and set(s) & set("[]()") for s in segments):
        # no bracket of the text's own survives: what plain gives holds no link markup at all
        assert not any(isinstance(s, Link) for s in parse(read))
        assert "](" not in read
    labels = [s.label for s in parse(text) if isinstance(s, Link)]
    for label in labels:
        assert label in read
    assert len(read) == len(text) - sum(len(s.target) + 4 for s in parse(text) if isinstance(s, Link))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(st.sampled_from(list("ab約 .!")), min_size=1, max_size=8),
                          st.sampled_from(["https://a.example/x", "#art-1", "privacy-policy#s-2", "mailto:a@b.jp"]),
                          st.text(st.sampled_from(list("xy条。 ")), max_size=6)), max_size=5))
def test_links_written_in_the_form_are_found(parts: list[tuple[str, str, str]]) -> None:
    text = "".join(f"[{label}]({target}){rest}" for label, target, rest in parts)
    found = [s for s in parse(text) if isinstance(s, Link)]
    assert found == [Link(label, target) for label, target, _rest in parts]
    assert plain(text) == "".join(label + rest for label, _target, rest in parts)
    assert [text[a:b] for a, b, _ in spans(text)] == [link.markup for link in found]


def test_examples() -> None:
    assert parse("see [the policy](privacy-policy#s-4).") == ("see ", Link("the policy", "privacy-policy#s-4"), ".")
    assert parse("[a [b](c)") == ("[a ", Link("b", "c"))                  # the innermost brackets make the link
    assert parse("[a](b c)") == ("[a](b c)",)                              # a space: not a link
    assert parse("[](https://a.b)") == ("[](https://a.b)",)                # an empty label: not a link
    assert parse("[a\nb](https://a.b)") == ("[a\nb](https://a.b)",)        # a label is one line
    assert parse('[x](https://a.b/"onmouseover=alert(1))') == ('[x](https://a.b/"onmouseover=alert(1))',)
    assert parse("") == ()
    assert plain("[<script>](https://a.b)") == "<script>"
    assert segments_data("a[b](#c)") == ["a", {"label": "b", "target": "#c"}]


def test_near_links_are_what_an_editor_meant_as_links() -> None:
    assert list(near_links("[x](javascript:alert(1))")) == [(0, "x", "javascript:alert", "(")]
    assert list(near_links("ok [](https://a.b) and [a](b c)")) == [(3, "", "https://a.b", ")"), (23, "a", "b c", ")")]
    assert list(near_links("[a](https://a.b")) == [(0, "a", "https://a.b", "")]
    assert list(near_links("[a](https://a.b) [b]")) == []


@pytest.mark.parametrize(("target", "problem"), [
    ("https://example.com/a?b=1&c=2#x", None),
    ("http://example.com", None),
    ("mailto:legal@example.co.jp", None),
    ("#art-1", None),
    ("privacy-policy", None),
    ("privacy-policy#section-4", None),
    ("javascript:alert(1)", "'javascript:' links are not allowed"),
    ("JaVaScRiPt:alert", "'javascript:' links are not allowed"),
    ("vbscript:x", "'vbscript:' links are not allowed"),
    ("data:text/html,<b>", "'data:' links are not allowed"),
    ("ftp://example.com/", "'ftp:' links are not allowed"),
    ("//evil.example/", "must name its scheme"),
    ("HTTPS://example.com/", "lowercase"),
    ("https:example.com", "write https:// and the host name"),
    ("https://", "no host name"),
    ("https://user:pw@example.com/", "user name or password"),
    ("https://exa_mple.com/", "is not a host name"),
    ("https://例え.jp/", "outside ASCII"),
    ("https://a.b/&#106;avascript", "character entity"),
    ("https://a.b/\u200b", "U+200B"),
    ("https://a.b/\x07", "U+0007"),
    ("mailto:legal", "name@host.domain"),
    ("mailto:@example.com", "name@host.domain"),
    ("#Nope", "an internal link is"),
    ("#", "an internal link is"),
    ("policy.html", "relative path"),
    ("../x", "relative path"),
])
def test_targets(target: str, problem: str | None) -> None:
    found = target_problem(target)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_plain_text_form() -> None:
    text = "see [the policy](https://a.b/p), [mail us](mailto:x@y.jp), [x](javascript:alert)"
    shown = to_text(text, lambda link: link.target)
    assert shown == "see the policy (https://a.b/p), mail us (mailto:x@y.jp), x"
    assert to_text("[https://a.b/](https://a.b/)", lambda link: link.target) == "https://a.b/"
    assert to_text("[p](#a)", lambda link: None) == "p"


@pytest.mark.parametrize("text", ["[" * 1_000_000, "[a](" * 250_000, "[a](x" * 200_000, "[" + "a" * 1_000_000,
                                  "[a](" + "x" * 1_000_000, "[a]" * 300_000])
def test_a_megabyte_of_brackets_is_quick(text: str) -> None:
    start = time.perf_counter()
    assert _unparse(parse(text)) == text
    list(near_links(text))
    plain(text)
    assert time.perf_counter() - start < 2.0
