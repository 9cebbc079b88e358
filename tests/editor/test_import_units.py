"""The importer's parts one by one: inline markup and links, heading roles, trailers, messages, lean loading."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.importer.entry import import_text
from termsite.importer.headings import Head, roles
from termsite.importer.inline import ANCHOR, inline
from termsite.importer.trailer import date_of, is_trailer

from .conftest import copy_terms

# --- inline markup --------------------------------------------------------------------------------------


@pytest.mark.parametrize("marked", ["*重要*な条項", "_重要_な条項", "**重要**な条項", "__重要__な条項",
                                    "<em>重要</em>な条項", "<strong>重要</strong>な条項", "***重要***な条項",
                                    "**_重要_**な条項"])
def test_every_spelling_of_emphasis_reads_the_same(marked: str) -> None:
    found = inline(marked)
    assert found.text == "重要な条項"
    assert found.removed == {"emphasis"}


def test_underscores_inside_words_and_lone_stars_are_text() -> None:
    assert inline("snake_case_name and 5 * 3 = 15").text == "snake_case_name and 5 * 3 = 15"
    assert inline("snake_case_name").removed == set()


@pytest.mark.parametrize(("source", "kept"), [
    ("see [the policy](https://example.com/privacy)", "see [the policy](https://example.com/privacy)"),
    ('see <a href="https://example.com/p?a=1&amp;b=2">the policy</a>', "see [the policy](https://example.com/p?a=1&b=2)"),
    ("mail <info@example.com>", "mail [info@example.com](mailto:info@example.com)"),
    ("at <https://example.com/x>", "at [https://example.com/x](https://example.com/x)"),
    ('[price list](https://example.com/prices "Prices")', "[price list](https://example.com/prices)"),
    ("[**bold** label](https://example.com)", "[bold label](https://example.com)"),
])
def test_safe_links_are_kept_in_the_one_form(source: str, kept: str) -> None:
    assert inline(source).text == kept


@pytest.mark.parametrize("source", ["[click](javascript:alert(1))", '<a href="javascript:alert(1)">click</a>',
                                    "[click](data:text/html;base64,PHNjcmlwdD4=)", "[click](/relative/path)",
                                    "[click](//evil.example.com)", "[click](vbscript:msgbox)"])
def test_unsafe_links_become_their_label_and_are_reported(source: str) -> None:
    found = inline(source)
    assert found.text == "click"
    assert len(found.dropped) == 1


def test_an_anchor_is_marked_until_resolved() -> None:
    found = inline("see [B](#section-b)")
    assert found.text == f"see [B]({ANCHOR}section-b)" and found.anchors == ["section-b"]


_SAFE_TARGET = re.compile(r"^(?:https?://[A-Za-z0-9.-]+|mailto:|\x01)")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"[]()<>\"'=*_#:/ ajvscriptdhwmo.@&;", "href", "javascript:", "https://",
                                 "<a ", "</a>", "&#106;", "&colon;", "&#91;", "&#93;",
                                 "&#40;", "&#41;", "\\[", "\\]"]), max_size=40).map("".join))
def test_no_unsafe_target_survives(text: str) -> None:
    out = inline(text).text
    for m in re.finditer(r"\[([^\[\]\n]+)\]\(([^()\s<>\"'\\]+)\)", out):
        assert _SAFE_TARGET.match(m.group(2)), (text, out)


# --- heading roles --------------------------------------------------------------------------------------


def _roles(spec: list[tuple[int, str, bool]]) -> list[str]:
    heads = [Head(i, level, text, body) for i, (level, text, body) in enumerate(spec)]
    found = roles(heads)
    return [found[h.index] for h in heads]


def test_lettered_sections_with_numbered_subsections_are_articles_and_sections() -> None:
    assert _roles([(1, "Terms", False), (3, "A. Definitions", True), (3, "B. Accounts", False),
                   (4, "1. Registration", True), (4, "2. Security", True), (3, "C. Payment", False),
                   (4, "1. Fees", True)]) == ["title", "article", "article", "section", "section", "article",
                                               "section"]


def test_groups_whose_articles_number_on_are_chapters() -> None:
    assert _roles([(1, "Terms", False), (2, "General", False), (3, "1. Scope", True), (3, "2. Changes", True),
                   (2, "Fees", False), (3, "3. Prices", True), (4, "Late payment", True)]) == [
        "title", "chapter", "article", "article", "chapter", "article", "section"]


def test_statute_articles_fix_the_levels_around_them() -> None:
    assert _roles([(1, "利用規約", False), (2, "総則", False), (3, "第1条（目的）", True), (4, "細則", True),
                   (2, "附則", True)]) == ["title", "chapter", "article", "section", "supplementary"]


def test_numbers_that_restart_under_each_heading_make_sections() -> None:
    assert _roles([(2, "1. Accounts", False), (3, "1. Registration", True), (3, "2. Security", True),
                   (2, "2. Fees", False), (3, "1. Prices", True)]) == [
        "article", "section", "section", "article", "section"]


def test_a_heading_deeper_than_sections_is_text() -> None:
    assert _roles([(2, "A. One", True), (3, "Details", True), (4, "More", True), (2, "B. Two", True)]) == [
        "article", "section", "text", "article"]


# --- trailers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["2023年04月01日 制定", "2024年10月01日　改訂", "最終更新日：2024年9月1日", "以上",
                                  "制定日: 2020年1月1日", "令和6年4月1日 施行", "Last updated: October 1, 2024",
                                  "Effective date: 2025-03-03", "2024/10/01 改定"])
def test_closing_lines_are_recognised(line: str) -> None:
    assert is_trailer(line)


@pytest.mark.parametrize("line", ["この規約は、2024年4月1日から施行する。", "以上の事項に同意します。", "Fees are due.",
                                  "2024年4月1日までに届け出るものとします。"])
def test_sentences_are_not_closing_lines(line: str) -> None:
    assert not is_trailer(line)


def test_dates_of_closing_lines() -> None:
    found = date_of("令和6年4月1日 施行", 3)
    assert found is not None and found.day == dt.date(2024, 4, 1) and found.what == "施行"
    assert date_of("2024年2月30日 改訂", 1) is None


def test_a_date_that_is_all_of_a_supplementary_provision_stays_there() -> None:
    text = "第1条（目的）\nこの規約は利用条件を定めます。\n\n附則\n2024年4月1日 施行\n"
    result = import_text(text, "x.txt", "text", "ja", dt.date(2025, 4, 1))
    assert result.data["supplementary"][0]["paragraphs"] == [{"text": {"ja": "2024年4月1日 施行"}}]
    assert not result.dates


# --- messages in the document's numbering ---------------------------------------------------------------


def test_an_english_decimal_document_is_told_in_its_own_labels() -> None:
    text = "## 1. Scope\n\nThese apply.\n\n## 2. Fees\n\nFees apply.\n\n## 1. Again\n\nOnce more.\n"
    result = import_text(text, "x.md", "markdown", "en", dt.date(2025, 4, 1), numbering="decimal")
    messages = [n.message for n in result.notes if n.code == "TERMS052"]
    assert messages == ["Section 1 is printed where section 3 stands; it keeps its printed number with `number: 1`"]
    ja = import_text("第1条（目的）\n本文。\n第5条（定義）\n本文。\n", "x.txt", "text", "ja", dt.date(2025, 4, 1))
    assert [n.message for n in ja.notes if n.code == "TERMS052"] == [
        "the articles go from 第1条 to 第5条; it keeps its printed number with `number: 5`"]


def test_a_lazy_numbered_list_is_one_list_without_warnings() -> None:
    text = "## 第1条（定義）\n\n次のとおりとします。\n\n" + "".join(f"1. 項目{i}です。\n" for i in range(8))
    result = import_text(text, "x.md", "markdown", "ja", dt.date(2025, 4, 1))
    para, = result.data["articles"][0]["paragraphs"]
    assert [it["text"]["ja"] for it in para["items"]] == [f"項目{i}です。" for i in range(8)]
    assert not [n for n in result.notes if n.code == "TERMS052"]


# --- an import reads the document, not the corpus ---------------------------------------------------------


def test_import_does_not_parse_older_versions_but_avoids_their_ids(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    root = copy_terms(tmp_path, ("cancellation-policy",))
    folder = root / "terms" / "cancellation-policy"
    # an old version that no longer even parses: the import neither reads it nor stops on it
    (folder / "2001-01-01.yml").write_text("effective: 2001-01-01\narticles:\n  - id: article-2\n    : [\n",
                                           encoding="utf-8")
    md = tmp_path / "policy.md"
    md.write_text("# Policy\n\n## Cancellation\n\nPlans renew until cancelled.\n\n## Refunds\n\nNone.\n",
                  encoding="utf-8")
    run = terms("--root", root, "import", md, "--document", "cancellation-policy", "--effective", "2030-01-01",
                "--output", "-")
    assert run.code == 0, run.err
    ids = re.findall(r"^\s*- id: (\S+)", run.out, re.MULTILINE)
    assert "article-2" not in ids and "article-2-20300101" in ids
