"""The shipped 2024-01-01 約款 against a modified copy: the edits a real revision makes, found and
classified, through the model and through ``terms diff`` on a repository written to disk."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import shutil
from pathlib import Path

import pytest

from termsite.adapters.cli.main import main
from termsite.compare.compare import Comparison, compare
from termsite.compare.html import render_comparison_html
from termsite.model.terms import Article, Document, Localized, Paragraph, Version
from termsite.source.dump import dump_version
from termsite.source.load import load_corpus

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped() -> tuple[Document, Version]:
    corpus, _ = load_corpus(REPO)
    doc = corpus.document("cloud-resale")
    assert doc is not None
    version = doc.version("2024-01-01")
    assert version is not None
    return doc, version


def _edit_article(v: Version, aid: str, edit: object) -> Version:
    chapters = tuple(dc.replace(c, articles=tuple(edit(a) if a.id == aid else a for a in c.articles))  # type: ignore[operator]
                     for c in v.chapters)
    return dc.replace(v, chapters=chapters)


def _replace_text(a: Article, k: int, old: str, new: str, old_en: str, new_en: str) -> Article:
    p = a.paragraphs[k]
    assert p.text is not None and p.text.ja is not None and p.text.en is not None and old in p.text.ja
    text = Localized(p.text.ja.replace(old, new), p.text.en.replace(old_en, new_en))
    return dc.replace(a, paragraphs=a.paragraphs[:k] + (dc.replace(p, text=text),) + a.paragraphs[k + 1:])


def modified_copy(v: Version) -> Version:
    """A revision like the one the checks ask for: a missing 。, the 第5条 → 第6条 reference fixed,
    the duplicate 第20条 renumbered, an article inserted, one deleted, a table cell corrected."""
    v = _edit_article(v, "amendment", lambda a: _replace_text(a, 0, "できるものとします", "できるものとします。",
                                                              "the Customer", "the Customer."))
    v = _edit_article(v, "payment-of-fees",
                      lambda a: _replace_text(a, 3, "第5条第1項", "第6条第1項", "Article 5", "Article 6"))
    v = _edit_article(v, "abolition", lambda a: dc.replace(a, number=None))

    def cell(a: Article) -> Article:
        p = a.paragraphs[0]
        assert p.table is not None
        rows = list(p.table.rows)
        term, meaning = rows[3]
        rows[3] = (term, Localized((meaning.ja or "").replace("第12条", "第13条"),
                                   (meaning.en or "").replace("Article 12", "Article 13")))
        return dc.replace(a, paragraphs=(dc.replace(p, table=dc.replace(p.table, rows=tuple(rows))),))

    v = _edit_article(v, "definitions", cell)
    new_article = Article("change-notice", Localized("変更の通知", "Notice of Changes"), (
        Paragraph(Localized("当社は、本約款を変更するときは、効力発生日の30日前までに通知します。",
                            "The Company shall give notice of any amendment at least 30 days before it takes effect.")),))
    chapters = list(v.chapters)
    general = chapters[0]
    chapters[0] = dc.replace(general, articles=general.articles[:2] + (new_article,) + general.articles[2:])
    misc = next(k for k, c in enumerate(chapters) if any(a.id == "refusal-of-requests" for a in c.articles))
    chapters[misc] = dc.replace(chapters[misc], articles=tuple(
        a for a in chapters[misc].articles if a.id != "refusal-of-requests"))
    return dc.replace(v, chapters=tuple(chapters), effective=dt.date(2025, 4, 1), announced=dt.date(2025, 2, 1),
                      impact="adverse", summary=Localized("誤りを正しました。", "Corrected errors."),
                      reason=Localized("記載の誤りのため。", "The text had errors."), note=None)


def kinds(result: Comparison) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in result.findings:
        out.setdefault(f.kind, set()).add(f.unit.id)
    return out


def test_the_shipped_version_compared_with_itself_has_no_changes(shipped: tuple[Document, Version]) -> None:
    doc, v = shipped
    result = compare(doc, v, v)
    assert result.findings == ()
    assert [g.role for g in result.groups("ja")].count("changed") == 0


def test_a_modified_copy_is_found_and_classified(shipped: tuple[Document, Version]) -> None:
    doc, v = shipped
    result = compare(doc, v, modified_copy(v))
    found = kinds(result)
    assert found["added"] == {"change-notice"}
    assert found["deleted"] == {"refusal-of-requests"}
    assert found["modified"] == {"amendment", "payment-of-fees", "definitions"}
    assert "moved" not in found
    # Everything from the old 第3条 to the old 第36条 moves down one (34 articles); after the deleted
    # 第37条 the insertion and the deletion cancel out. The duplicate 第20条 (a number override, the
    # 21st article) becomes 第22条 once the override is gone. Labels print as the 約款 prints them
    # (document.yml `numerals`: full-width digits, 第２０条).
    abolition = result.unit("article", "abolition")
    assert abolition is not None and abolition.ref.old_label is not None and abolition.ref.new_label is not None
    assert (abolition.ref.old_label.ja, abolition.ref.new_label.ja) == ("第２０条", "第２２条")
    assert len(found["renumbered"]) == 34
    assert {"governing-law", "good-faith-consultation"}.isdisjoint(found["renumbered"])
    fees = result.unit("article", "payment-of-fees")
    assert fees is not None
    (row,) = [r for r in fees.rows if r.status != "equal"]
    assert row.text.ja.marked().endswith("第[-5-]{+6+}条第1項にしたがって契約者に通知することにより、契約期間内においても利用料金を変更することができるものとします。")
    html = render_comparison_html(doc, result, "ja")
    assert "（新設）" in html and "（削除）" in html and "<ins>" in html and "<del>" in html


def test_terms_diff_on_a_repository_with_the_revision(shipped: tuple[Document, Version], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _, v = shipped
    folder = tmp_path / "terms" / "cloud-resale"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "terms" / "cloud-resale" / "document.yml", folder)
    shutil.copy(REPO / "terms" / "cloud-resale" / "2024-01-01.yml", folder)
    (folder / "2025-04-01.yml").write_text(dump_version(modified_copy(v)), encoding="utf-8")
    args = ["--root", str(tmp_path), "diff", "cloud-resale", "2024-01-01", "2025-04-01"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[1] == "新設 1、削除 1、変更 3、番号変更 34"
    assert "@@ 第２条（約款の追加・変更） [変更]" in text  # the 約款's numerals: full-width
    assert "~ 1. 当社は、契約者の承諾を得ることなく、本約款を追加・変更できるものとします{+。+}" in text
    assert main([*args, "--format", "markdown", "--lang", "en"]) == 0
    md = capsys.readouterr().out
    assert "| After amendment | Before amendment |" in md
    assert "Article <del>5</del>, paragraph (1)" in md and "Article <ins><b>6</b></ins>, paragraph (1)" in md
    assert "<details><summary>Unchanged" in md
    assert main([*args, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and ".terms-comparison" in page and "改定後" in page
