"""`terms check` on links: the form, the scheme, internal targets, and the severity history gives them."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from termsite.adapters.cli.main import load_checked
from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.links import near_links
from termsite.model.text_safety import markup

from .conftest import DOC_STATUTE, Repo

AS_OF = dt.date(2026, 11, 22)

POLICY_DOC = """\
id: policy
title: {ja: 方針, en: Policy}
original: en
numbering: decimal
"""

POLICY_V1 = """\
effective: 2024-01-01
announced: 2023-12-01
status: published
articles:
  - id: contact
    title: {ja: 連絡先, en: Contact}
    paragraphs:
      - text: {ja: 連絡先です。, en: How to contact us.}
"""

POLICY_V2 = """\
effective: 2025-01-01
announced: 2024-12-01
status: published
impact: editorial
summary: {ja: 追加。, en: Added.}
articles:
  - id: contact
    title: {ja: 連絡先, en: Contact}
    paragraphs:
      - text: {ja: 連絡先です。, en: How to contact us.}
  - id: cookies
    title: {ja: クッキー, en: Cookies}
    paragraphs:
      - text: {ja: クッキーです。, en: Cookies.}
"""


def _version(status: str, texts: list[tuple[str, str]], *, effective: str = "2024-06-01",
             announced: str = "2024-05-01") -> str:
    paragraphs = "".join(f"      - text:\n          ja: '{ja}'\n          en: '{en}'\n" for ja, en in texts)
    return (f"effective: {effective}\nannounced: {announced}\nstatus: {status}\n"
            "articles:\n"
            "  - id: purpose\n    title: {ja: 目的, en: Purpose}\n    paragraphs:\n" + paragraphs +
            "  - id: amendment\n    title: {ja: 変更, en: Amendment}\n    paragraphs:\n"
            "      - text: {ja: 当社は、本約款を変更できます。, en: The Company may amend these Terms and Conditions.}\n")


def _check(repo: Repo, status: str, texts: list[tuple[str, str]], **dates: str) -> list[Diagnostic]:
    repo.write("terms/demo/document.yml", DOC_STATUTE)
    repo.write("terms/demo/2024-06-01.yml", _version(status, texts, **dates))
    repo.write("terms/policy/document.yml", POLICY_DOC)
    repo.write("terms/policy/2024-01-01.yml", POLICY_V1)
    repo.write("terms/policy/2025-01-01.yml", POLICY_V2)
    _, diags = load_checked(repo.root, AS_OF)
    return [d for d in diags if d.code.startswith(("TERMS06", "TERMS018", "TERMS027"))]


def _codes(diags: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.severity) for d in diags]


GOOD = [
    ("[プライバシーポリシー](policy)を参照。", "See the [Privacy Policy](policy)."),
    ("[連絡先](policy#contact)、[第2条](#amendment)。", "[Contact](policy#contact), [Article 2](#amendment)."),
    ("[当社](https://example.com/a?b=1&c=2#x)、[メール](mailto:legal@example.co.jp)",
     "[us](http://example.com/), [mail](mailto:legal@example.co.jp)"),
]


def test_good_links_pass(repo: Repo) -> None:
    assert _check(repo, "draft", GOOD) == []


@pytest.mark.parametrize(("en", "code", "words"), [
    ("[x](javascript:alert(1))", "TERMS061", "holds '('"),
    ("[x](JaVaScRiPt:alert)", "TERMS060", "'javascript:' links are not allowed"),
    ("[x](vbscript:msgbox)", "TERMS060", "'vbscript:' links are not allowed"),
    ("[x](data:text/html,hi)", "TERMS060", "'data:' links are not allowed"),
    ("[x](//evil.example/)", "TERMS060", "must name its scheme"),
    ("[x](https://a.b/&quot;x)", "TERMS060", "character entity"),
    ("[x](mailto:legal)", "TERMS060", "name@host.domain"),
    ("[x](policy.pdf)", "TERMS060", "relative path"),
    ('[x](https://a.b/"onmouseover=alert)', "TERMS061", "holds '\"'"),
    ("[x](https://a.b/ c)", "TERMS061", "holds a space"),
    ("[](https://a.b/)", "TERMS061", "label is empty"),
    ("[x](#nope)", "TERMS062", "no provision with id 'nope'"),
    ("[x](nowhere#a)", "TERMS063", "no document 'nowhere' (documents: demo, policy)"),
    ("[x](policy#nope)", "TERMS063", "'policy' 2024-01-01 has no provision with id 'nope'"),
    ("[x](policy#cookies)", "TERMS064", "'cookies' is not in the version of 'policy' 2024-01-01, in force on 2024-06-01 "
                                        "(it is in 2025-01-01)"),
])
def test_bad_links_are_reported_where_they_are(repo: Repo, en: str, code: str, words: str) -> None:
    diags = _check(repo, "draft", [("本文。", en)])
    mine = [d for d in diags if d.code == code]
    assert mine, diags
    d = mine[0]
    assert words in d.message
    assert d.location.path == "terms/demo/2024-06-01.yml"
    assert (d.location.line, d.location.col) == (10, 15)  # the en: text of the first paragraph
    assert d.key == "articles[0].paragraphs[0].text.en"
    expected = "warning" if code == "TERMS064" else "error"
    assert d.severity == expected


def test_published_history_gets_warnings_and_a_draft_errors(repo: Repo) -> None:
    bad = [("[x](#nope)", "[x](ftp://a.b/)")]
    assert _codes(_check(repo, "draft", bad)) == [("TERMS062", "error"), ("TERMS060", "error")]
    # published and announced before the day of the check: history, a correction is a new version
    assert _codes(_check(repo, "published", bad)) == [("TERMS062", "warning"), ("TERMS060", "warning")]
    # published but announced after the day of the check: it can still change
    assert _codes(_check(repo, "published", bad, effective="2027-06-01", announced="2027-05-01")) == [
        ("TERMS062", "error"), ("TERMS060", "error")]


def test_a_link_cites_the_version_in_force_on_its_effective_date(repo: Repo) -> None:
    later = [("本文。", "[x](policy#cookies)")]
    assert _check(repo, "draft", later, effective="2025-06-01", announced="2025-05-01") == []
    assert _codes(_check(repo, "draft", later)) == [("TERMS064", "warning")]


def test_a_label_is_checked_like_any_text(repo: Repo) -> None:
    diags = _check(repo, "draft", [("本文。", "[<script>](https://a.b/) and [a\u200bb](https://a.b/)")])
    assert [d.code for d in diags] == ["TERMS018", "TERMS027"]
    assert "'<script>](https://a.b/)" in diags[0].message
    assert "U+200B" in diags[1].message


def test_an_image_is_markup(repo: Repo) -> None:
    diags = _check(repo, "draft", [("本文。", "![logo](https://a.b/logo.png)")])
    assert [d.code for d in diags] == ["TERMS018"]


def test_a_megabyte_of_brackets_is_plain_text(repo: Repo) -> None:
    assert _check(repo, "draft", [("本文。", "[" * 20_000)]) == []  # the longest text the schema allows
    start = time.perf_counter()
    for text in ("[" * 1_000_000, "[a](" * 250_000, "[](" * 300_000):
        assert markup(text) is None
        list(near_links(text))
    assert time.perf_counter() - start < 3.0


def test_a_text_without_links_costs_nothing_new(repo: Repo) -> None:
    assert _check(repo, "draft", [("[注]（参照）", "[sic] (see above) a[1] (b)")]) == []
