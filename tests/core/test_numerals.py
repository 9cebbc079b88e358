"""The numerals as printed: ``numerals`` of document.yml decides how the Japanese labels print numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termsite.model.numbering import (
    ArticleNumber,
    chapter_label,
    chapter_separator,
    heading,
    japanese_number,
    kanji_number,
    paragraph_label,
)
from termsite.model.terms import Document, Localized, Numerals
from termsite.rules.checks import check_corpus
from termsite.site.body import body_view
from termsite.site.body_html import body_html
from termsite.source.load import load_corpus

from .conftest import Repo

REPO = Path(__file__).resolve().parents[2]
FULL = Numerals(digits="full", chapter_separator="\u3000\u3000")
KANJI = Numerals(digits="kanji")


@pytest.mark.parametrize(("number", "numerals", "ja"), [
    (ArticleNumber(1), Numerals(), "第1条"),
    (ArticleNumber(10), Numerals(), "第10条"),
    (ArticleNumber(3, 2), Numerals(), "第3条の2"),
    (ArticleNumber(1), FULL, "第１条"),
    (ArticleNumber(10), FULL, "第１０条"),
    (ArticleNumber(3, 2), FULL, "第３条の２"),
    (ArticleNumber(1), KANJI, "第一条"),
    (ArticleNumber(10), KANJI, "第十条"),
    (ArticleNumber(12), KANJI, "第十二条"),
    (ArticleNumber(20), KANJI, "第二十条"),
    (ArticleNumber(39), KANJI, "第三十九条"),
    (ArticleNumber(100), KANJI, "第百条"),
    (ArticleNumber(105), KANJI, "第百五条"),
    (ArticleNumber(1234), KANJI, "第千二百三十四条"),
    (ArticleNumber(3, 2), KANJI, "第三条の二"),
])
def test_article_labels(number: ArticleNumber, numerals: Numerals, ja: str) -> None:
    assert number.label("statute", "ja", numerals) == ja
    # English labels never change: Article 10, Article 3-2
    assert number.label("statute", "en", numerals) == number.label("statute", "en")
    assert number.label("decimal", "ja", numerals) == f"{number.main}."  # decimal documents: as before


def test_chapter_and_paragraph_labels() -> None:
    assert chapter_label(1, "statute", "ja") == "第1章" and chapter_separator("ja") == "\u3000"
    assert chapter_label(1, "statute", "ja", FULL) == "第１章" and chapter_separator("ja", FULL) == "\u3000\u3000"
    assert chapter_label(8, "statute", "ja", KANJI) == "第八章"
    assert chapter_label(1, "statute", "en", FULL) == "Chapter 1" and chapter_separator("en", FULL) == " "
    dotted = Numerals(paragraph_separator="．")
    assert paragraph_label(None, 1, "statute", 2, "ja", dotted) == "1．"
    assert paragraph_label(None, 1, "statute", 2, "en", dotted) == "1."
    assert paragraph_label(None, 1, "statute", 2) == "1."  # the default
    assert paragraph_label(None, 1, "statute", 1, "ja", dotted) == ""  # one paragraph: no number


@given(st.integers(min_value=1, max_value=9999))
def test_kanji_and_full_width_numbers_read_back(n: int) -> None:
    """What a label prints, a reference written the same way reads back (rules/refs_find.py)."""
    assert japanese_number(kanji_number(n)) == n
    assert japanese_number(ArticleNumber(n).label("statute", "ja", FULL)[1:-1]) == n


def _shipped_yakkan() -> Document:
    corpus, problems = load_corpus(REPO)
    doc = corpus.document("cloud-resale")
    assert doc is not None and not [p for p in problems if p.severity == "error"]
    return doc


def test_the_yakkan_prints_its_numerals_as_its_pdf() -> None:
    doc = _shipped_yakkan()
    assert doc.numerals == Numerals(digits="full", chapter_separator="\u3000\u3000", paragraph_separator=".")
    v = doc.versions[0]
    ja = body_view(doc, v, "ja")
    assert ja.chapters[0].heading.text == "第１章\u3000\u3000総則"
    assert ja.chapters[0].articles[0].heading is not None
    assert ja.chapters[0].articles[0].heading.text == "第１条（約款の適用）"
    assert ja.chapters[0].articles[0].paragraphs[0].label == "1."
    assert ja.toc[0].title == "第１章\u3000\u3000総則" and ja.toc[0].children[0].title == "第１条（約款の適用）"
    html = body_html(ja)
    assert '<span class="terms-num">第１０条</span>（サービス提供開始予定日）' in html
    en = body_view(doc, v, "en")
    assert en.chapters[0].heading.text == "Chapter 1 General Provisions"
    assert en.chapters[0].articles[0].heading is not None
    assert en.chapters[0].articles[0].heading.text == "Article 1 (Application of These Terms and Conditions)"
    # the notice's clause heading (notices/notice.py) goes through the same labels
    art = next(a for a in v.articles if a.id == "amendment")
    from termsite.model.numbering import article_numbers
    assert heading(doc, article_numbers(v)[art.id], (art.title or Localized(None, None)).ja, "ja") == "第２条（約款の追加・変更）"


NUMBERED = """\
effective: 2024-01-01
announced: 2023-12-01
status: published
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    paragraphs:
      - text: {ja: 本約款は、本サービスに適用します。, en: These Terms and Conditions apply to the Service.}
  - id: amendment
    title: {ja: 変更, en: Amendment}
    paragraphs:
      - text: {ja: 当社は、第１条の本約款を変更できます。, en: The Company may amend these Terms and Conditions under Article 1.}
      - text: {ja: 当社は、第二条第一項の変更を掲示します。, en: "The Company shall post the amendment under Article 2, paragraph (1)."}
      - text: {ja: 当社は、第２条第４項の変更を掲示します。, en: "The Company shall post the amendment under Article 2, paragraph (4)."}
"""


def test_references_in_full_width_and_kanji_resolve(repo: Repo) -> None:
    repo.demo(NUMBERED)
    corpus, problems = load_corpus(repo.root)
    assert not problems
    found = [(d.code, d.message) for d in check_corpus(corpus, dt.date(2026, 12, 1))]
    # 第１条 and 第二条第一項 resolve; 第２条第３項 does not (there is no paragraph 4), in full-width too
    assert [c for c, _ in found] == ["TERMS020", "TERMS020"], found
    assert all("paragraph 4" in m for _, m in found) and any("第２条第４項" in m for _, m in found)


def _git(root: Path, *args: str) -> None:
    import subprocess
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("numerals", ["numerals: {digits: kanji}\n",
                                      "numerals: {digits: full, chapter_separator: \"\u3000\u3000\", "
                                      "paragraph_separator: \"．\"}\n"])
def test_numerals_of_a_published_document_may_change(repo: Repo, numerals: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A display setting, not the terms' text: the history check (TERMS044) lets it change, both ways."""
    from termsite.adapters.cli.main import main

    repo.demo()
    _git(repo.root, "init", "-q", "-b", "main")
    _git(repo.root, "config", "user.email", "editor@example.com")
    _git(repo.root, "config", "user.name", "Editor")
    _git(repo.root, "add", "-A")
    _git(repo.root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "base")
    doc = repo.root / "terms/demo/document.yml"
    doc.write_text(doc.read_text(encoding="utf-8") + numerals, encoding="utf-8")
    args = ["--root", str(repo.root), "check", "--as-of", "2026-12-01", "--base", "main"]
    capsys.readouterr()
    assert main(args) == 0, capsys.readouterr().err
    _git(repo.root, "-c", "commit.gpgsign=false", "commit", "-qam", "numerals")
    doc.write_text(doc.read_text(encoding="utf-8").replace(numerals, ""), encoding="utf-8")  # and back
    assert main(args) == 0, capsys.readouterr().err
    # while the numbering itself stays fixed
    doc.write_text(doc.read_text(encoding="utf-8").replace("numbering: statute", "numbering: decimal"), encoding="utf-8")
    assert main(args) == 1 and "TERMS044" in capsys.readouterr().err
