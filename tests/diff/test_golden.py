"""Golden comparisons: each case is two version files (reduced from the shipped 約款) and the expected
text, Markdown and HTML outputs, like black keeps its cases. ``UPDATE_GOLDEN=1`` rewrites them.

Each case also states the facts the outputs must show, so that a wrong golden file cannot pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from termsite.adapters.cli.main import main
from termsite.compare.compare import Comparison, Modified, Reformatted, compare
from termsite.compare.html import render_comparison_html
from termsite.compare.report import render_text
from termsite.compare.words import count_summary
from termsite.model.terms import LANGS

from .helpers import CASES, check_golden, load_case
from .test_properties import assert_mirrored

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def cli(case: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["--root", str(case), "diff", "cloud-resale", "2024-01-01", "2025-04-01", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_every_case_is_checked() -> None:
    assert {p.name for p in CASE_DIRS} == set(FACTS)


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_golden_outputs(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc, old, new = load_case(case)
    result = compare(doc, old, new)
    check_golden(case / "expected.ja.txt", cli(case, capsys))
    check_golden(case / "expected.en.txt", cli(case, capsys, "--lang", "en"))
    check_golden(case / "expected.ja.md", cli(case, capsys, "--format", "markdown"))
    check_golden(case / "expected.ja.html", render_comparison_html(doc, result, "ja"))
    check_golden(case / "expected.en.html", render_comparison_html(doc, result, "en", ("old", "new")))
    findings = []
    for f in result.findings:
        findings += [f.as_text("ja"), f.as_text("en"), f.as_markdown("ja"), f.as_html("en", href=f"#{f.anchor}"), ""]
    check_golden(case / "expected.findings.txt", "\n".join(findings))
    # the other direction: the new version compared with the old one
    check_golden(case / "expected.reverse.ja.txt", render_text(compare(doc, new, old), "ja"))
    check_golden(case / "expected.reverse.en.txt", render_text(compare(doc, new, old), "en"))


def lines(result: Comparison, lang: str = "ja") -> list[str]:
    return [f.as_text(lang) for f in result.findings_for(lang)]  # type: ignore[arg-type]


def one_character(r: Comparison) -> None:
    assert lines(r) == ["変更: 第2条（約款の追加・変更）: 第1項"]
    (row,) = [x for x in r.unit("article", "amendment").rows if x.status != "equal"]  # type: ignore[union-attr]
    assert row.status == "modified"
    assert [(s.op, s.text) for s in row.text.ja.segments if s.op != "equal"] == [("insert", "。")]
    assert [(s.op, s.text) for s in row.text.en.segments if s.op != "equal"] == [("insert", ".")]


def inserted_article(r: Comparison) -> None:
    assert lines(r) == [
        "新設: 第2条（約款変更の通知）",
        "番号変更: 第3条（約款の追加・変更）: 第2条 → 第3条",
        "番号変更: 第4条（用語の定義）: 第3条 → 第4条",
        "番号変更: 第5条（契約の申込み）: 第4条 → 第5条",
        "番号変更: 第6条（契約の成立）: 第5条 → 第6条",
    ]
    assert r.counts()["modified"] == 0  # renumbering alone is not a change of text


def deleted_article(r: Comparison) -> None:
    assert lines(r) == ["削除: 第4条（契約の申込み）", "番号変更: 第4条（契約の成立）: 第5条 → 第4条"]
    gone = r.unit("article", "applications")
    assert gone is not None and gone.status == "deleted" and gone.new_position is None


def moved_paragraph(r: Comparison) -> None:
    assert lines(r) == ["変更: 第1条（約款の適用）: 第2項、第3項"]
    rows = r.unit("article", "application").rows  # type: ignore[union-attr]
    statuses = [x.status for x in rows]
    # The paragraph that moved is out at its old place and in at its new one; the other paragraph
    # and its four items are the same text, only their label changed.
    assert statuses.count("moved_in") == 1 and statuses.count("moved_out") == 1
    assert "modified" not in statuses and "added" not in statuses and "deleted" not in statuses
    moved_in = next(x for x in rows if x.status == "moved_in")
    assert moved_in.note is not None and moved_in.note.ja == "（第3項から移動）"
    assert [x.old_label + "→" + x.new_label for x in rows if x.relabelled] == ["2.→3."]  # type: ignore[operator]


def table_cell(r: Comparison) -> None:
    assert lines(r) == ["変更: 第3条（用語の定義）: 本文の表"]
    (row,) = r.unit("article", "definitions").rows[1:]  # type: ignore[union-attr]
    assert row.table is not None
    changed = [(k, c) for tr in row.table.rows for k, c in enumerate(tr.cells) if c.status != "equal"]
    assert len(changed) == 1 and changed[0][0] == 1
    cell = changed[0][1]
    assert [(s.op, s.text) for s in cell.text.ja.segments if s.op != "equal"] == [("delete", "12"), ("insert", "13")]


def moved_article(r: Comparison) -> None:
    # In the new order: the article that moved first (moved and renumbered), then the two it overtook.
    assert lines(r) == [
        "移動: 第1条（用語の定義）: 第2条の次 → 冒頭",
        "番号変更: 第1条（用語の定義）: 第3条 → 第1条",
        "番号変更: 第2条（約款の適用）: 第1条 → 第2条",
        "番号変更: 第3条（約款の追加・変更）: 第2条 → 第3条",
    ]


def english_only(r: Comparison) -> None:
    # A change of the translation alone is a change on both pages: the Japanese one says so.
    assert lines(r, "ja") == ["変更: 第5条（契約の成立）: 第3項（英語のみ）"]
    (f,) = r.findings_for("en")
    assert isinstance(f, Modified) and f.langs == ("en",)
    assert f.as_text("en") == "modified: Article 5 (Formation of the Contract): paragraph 3 (English only)"
    assert r.counts("ja") == r.counts("en")
    u = r.unit("article", "formation")
    assert u is not None and u.drift("ja", "ja") == "英語の参考訳のみ変更（日本語の本文は変更なし）"
    assert u.drift("en", "ja") is None


def summary(r: Comparison, lang: str) -> str:
    return count_summary(r.counts(lang), lang)  # type: ignore[arg-type]


def careless_ids_inserted(r: Comparison) -> None:
    # Every article after the new 第2条 was given an id from its new number: paired by content,
    # the comparison is the one of inserted-article, nothing shown as rewritten.
    assert summary(r, "ja") == "新設 1、番号変更 4" and summary(r, "en") == "1 added, 4 renumbered"
    assert lines(r) == [
        "新設: 第2条（約款変更の通知）",
        "番号変更: 第3条（約款の追加・変更）: 第2条 → 第3条",
        "番号変更: 第4条（用語の定義）: 第3条 → 第4条",
        "番号変更: 第5条（契約の申込み）: 第4条 → 第5条",
        "番号変更: 第6条（契約の成立）: 第5条 → 第6条",
    ]
    u = r.unit("article", "article-3")
    assert u is not None and (u.ref.old_id, u.ref.new_id) == ("amendment", "article-3")
    assert all(x.status == "unchanged" for x in r.units if x.kind == "article" and x.ref.old_id)


def reused_id_after_deletion(r: Comparison) -> None:
    # The article after the deleted one took its id: the text, not the id, says which is which.
    assert lines(r) == ["削除: 第4条（契約の申込み）", "番号変更: 第4条（契約の成立）: 第5条 → 第4条"]
    gone = next(u for u in r.units if u.status == "deleted")
    assert (gone.ref.old_id, gone.ref.new_id, gone.id) == ("applications", None, "applications#old")
    assert gone.ref.anchor != r.unit("article", "applications").ref.anchor  # type: ignore[union-attr]


def moved_between_chapters(r: Comparison) -> None:
    assert lines(r) == ["移動: 第3条（用語の定義）: 第1章 → 第2章"]


def id_changed(r: Comparison) -> None:
    assert r.findings == () and not r.has_changes
    u = r.unit("article", "terms-definitions")
    assert u is not None and (u.ref.old_id, u.ref.new_id) == ("definitions", "terms-definitions")


def whitespace_only(r: Comparison) -> None:
    assert summary(r, "ja") == "表記のみ 3" and summary(r, "en") == "3 formatting only"
    assert all(isinstance(f, Reformatted) for f in r.findings)
    assert lines(r) == ["表記のみ: 第1条（約款の適用）: 第1項（日本語のみ）",
                        "表記のみ: 第2条（約款の追加・変更）: 第1項（英語のみ）",
                        "表記のみ: 第3条（用語の定義）: 本文（英語のみ）"]
    first = r.unit("article", "application")
    assert first is not None and first.formatting_only
    assert first.drift("en", "ja") == "Only the formatting of the Japanese text of this article changed."
    assert [x.formatting_only("ja") for x in first.rows if x.status == "modified"] == [True]


def translation_drift(r: Comparison) -> None:
    assert summary(r, "ja") == "変更 1" and summary(r, "en") == "1 modified"
    (f,) = r.findings
    assert isinstance(f, Modified) and f.langs == ("ja",)
    u = r.unit("article", "formation")
    assert u is not None and u.shown_in("en") and u.shown_in("ja")
    assert u.drift("en", "ja") == ("Only the Japanese text of this article changed; this reference translation "
                                   "was not updated.")
    assert u.drift("ja", "ja") is None


def unrelated_same_id(r: Comparison) -> None:
    # Same id, unrelated text and title: not one article rewritten but one deleted and one added.
    assert summary(r, "ja") == "新設 1、削除 1"
    assert sorted(f.kind for f in r.findings) == ["added", "deleted"]


FACTS = {
    "careless-ids-inserted": careless_ids_inserted,
    "reused-id-after-deletion": reused_id_after_deletion,
    "moved-between-chapters": moved_between_chapters,
    "id-changed": id_changed,
    "whitespace-only": whitespace_only,
    "translation-drift": translation_drift,
    "unrelated-same-id": unrelated_same_id,
    "one-character-ja": one_character,
    "inserted-article": inserted_article,
    "deleted-article": deleted_article,
    "moved-paragraph": moved_paragraph,
    "table-cell": table_cell,
    "moved-article": moved_article,
    "english-only": english_only,
}


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_case_facts(case: Path) -> None:
    doc, old, new = load_case(case)
    FACTS[case.name](compare(doc, old, new))


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_both_directions_mirror(case: Path) -> None:
    doc, old, new = load_case(case)
    forward, back = compare(doc, old, new), compare(doc, new, old)
    assert_mirrored(forward, back)
    for lang in LANGS:
        counts = back.counts(lang)
        assert forward.counts(lang) == counts | {"added": counts["deleted"], "deleted": counts["added"]}
