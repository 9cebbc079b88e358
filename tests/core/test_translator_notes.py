"""Translator's notes: on one text, in the translation only; shown apart, never a change of the terms."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from termsite.adapters.cli.main import main
from termsite.compare.compare import compare
from termsite.compare.html import render_comparison_html
from termsite.compare.report import render_markdown, render_text
from termsite.model.terms import Document, Version
from termsite.rules.checks import check_corpus
from termsite.site.body import body_view
from termsite.site.body_html import body_html
from termsite.source.canonical import export_data
from termsite.source.load import load_corpus

from .conftest import Repo

REPO = Path(__file__).resolve().parents[2]

NOTED = """\
effective: 2024-01-01
announced: 2023-12-01
status: published
preamble:
  - text: {ja: 当社は、以下のとおり約款を定めます。, en: The Company establishes the following Terms and Conditions.}
    translator_note: {en: A note on the preamble.}
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    translator_note: {en: A note on the title.}
    paragraphs:
      - text: {ja: 本約款は、本サービスに適用します。, en: These Terms and Conditions apply to the Service.}
  - id: amendment
    title: {ja: 変更, en: Amendment}
    paragraphs:
      - text: {ja: 当社は、第5条により本約款を変更できます。, en: The Company may amend these Terms and Conditions under Article 5.}
        translator_note:
          en: The Japanese text cites Article 5, which does not exist; Article 1 is meant.
      - text: {ja: 当社は、次の事項を掲示します。, en: The Company shall post the following.}
        items:
          - text: {ja: 変更の内容, en: What changed}
            translator_note: {en: A note on an item.}
"""


def _load(repo: Repo, text: str = NOTED) -> tuple[Document, Version]:
    repo.demo(text)
    corpus, problems = load_corpus(repo.root)
    assert not problems, problems
    doc = corpus.document("demo")
    assert doc is not None
    return doc, doc.versions[0]


def test_a_note_renders_after_its_text_on_the_translations_page_only(repo: Repo) -> None:
    doc, v = _load(repo)
    en = body_html(body_view(doc, v, "en"))
    label = '<aside class="terms-note" role="note"><span class="terms-note-label">[Translator&#39;s note]</span> '
    assert en.count(label) == 4
    # after the paragraph's text, before its items; after the heading, never inside it
    assert ("under Article 5.</p>" + label + "The Japanese text cites Article 5, which does not exist; Article 1 is "
            "meant.</aside>") in en
    assert re.search(r"\(Purpose\)</h\d>" + re.escape(label) + "A note on the title.</aside>", en)
    assert "What changed" + label + "A note on an item.</aside>" in en
    assert "Terms and Conditions.</p>" + label + "A note on the preamble.</aside>" in en
    heading = re.search(r"<h\d[^>]*data-terms-anchor>(.*?)</h\d>", en)
    assert heading is not None and "note" not in heading.group(1)
    view = body_view(doc, v, "en")
    assert all("note" not in e.title for e in view.toc)  # nor in the table of contents
    assert "terms-note" not in body_html(body_view(doc, v, "ja"))  # the original is never annotated


def test_japanese_notes_are_labelled_without_a_space(repo: Repo) -> None:
    doc_yml = "id: demo\ntitle: {ja: デモ, en: Demo}\noriginal: en\nnumbering: statute\n"
    repo.write("terms/demo/document.yml", doc_yml)
    repo.write("terms/demo/2024-01-01.yml", NOTED.replace("translator_note: {en:", "translator_note: {ja:")
               .replace("translator_note:\n          en:", "translator_note:\n          ja:"))
    corpus, problems = load_corpus(repo.root)
    assert not problems
    doc = corpus.document("demo")
    assert doc is not None
    ja = body_html(body_view(doc, doc.versions[0], "ja"))
    assert '<span class="terms-note-label">〔訳注〕</span>A note on the title.</aside>' in ja
    assert not [d for d in check_corpus(corpus, dt.date(2026, 12, 1)) if d.severity == "error"]


def test_a_note_in_the_original_language_is_refused(repo: Repo) -> None:
    path = repo.demo(NOTED.replace("translator_note: {en: A note on the title.}", "translator_note: {ja: 見出しの注。}"))
    corpus, _ = load_corpus(repo.root)
    found = [d for d in check_corpus(corpus, dt.date(2026, 12, 1)) if d.code == "TERMS082"]
    line = next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "見出しの注" in ln)
    assert [(d.severity, d.location.line, d.key) for d in found] == [
        ("error", line, "articles[0].translator_note.ja")]
    assert "the original language of demo" in found[0].message and "`original`" in (found[0].hint or "")


def test_a_note_is_checked_like_every_text(repo: Repo) -> None:
    repo.demo(NOTED.replace("A note on an item.", "A note <b>on</b> an item."))
    corpus, _ = load_corpus(repo.root)
    assert [d.key for d in check_corpus(corpus, dt.date(2026, 12, 1)) if d.code == "TERMS018"] == [
        "articles[1].paragraphs[1].items[0].translator_note.en"]


def test_the_export_holds_the_notes(repo: Repo) -> None:
    doc, v = _load(repo)
    data = export_data(doc, v)["content"]
    assert data["preamble"][0] == {"text": {"ja": "当社は、以下のとおり約款を定めます。",
                                            "en": "The Company establishes the following Terms and Conditions."},
                                   "translator_note": {"en": "A note on the preamble."}}
    assert data["articles"][0]["translator_note"] == {"en": "A note on the title."}
    assert data["articles"][1]["paragraphs"][1]["items"][0]["translator_note"] == {"en": "A note on an item."}


def _second(repo: Repo, text: str) -> tuple[Document, Version, Version]:
    repo.write("terms/demo/2025-01-01.yml", text.replace("effective: 2024-01-01", "effective: 2025-01-01")
               .replace("status: published", "status: draft\nimpact: editorial\nsummary: {ja: 訳注, en: Notes}"))
    corpus, problems = load_corpus(repo.root)
    assert not problems, problems
    doc = corpus.document("demo")
    assert doc is not None
    return doc, doc.versions[0], doc.versions[1]


def test_a_changed_note_is_no_change_of_the_terms_and_shows_in_the_translation_only(repo: Repo) -> None:
    repo.demo(NOTED)
    changed = (NOTED.replace("Article 1 is meant.", "Article 2 is meant.")
               .replace("    translator_note: {en: A note on the title.}\n", "")
               .replace("translator_note: {en: A note on an item.}",
                        "translator_note: {en: A note on an item.}\n      - text: {ja: 日, en: Day}\n"
                        "        translator_note: {en: A new note.}"))
    doc, old, new = _second(repo, changed)
    result = compare(doc, old, new)
    assert [n.status for n in result.notes] == ["modified", "added", "deleted"]
    assert not result.notes_for("ja")
    # the paragraph added with the new note is a change of the terms; the notes are not
    assert {f.unit.id for f in result.findings} == {"amendment"}
    assert [result.note_place(n, "en") for n in result.notes] == [
        "Article 2 (Amendment), paragraph 1", "Article 2 (Amendment), paragraph 3",
        "Article 1 (Purpose), heading"]
    assert result.note_place(result.notes[0], "ja") == "第2条（変更） 第1項"
    text_en, text_ja = render_text(result, "en"), render_text(result, "ja")
    assert "== Translator's notes changed (notes on the translation, not changes of the terms)" in text_en
    assert "~ Article 2 (Amendment), paragraph 1 [note changed]" in text_en
    assert "Article [-1-]{+2+} is meant." in text_en
    assert "- Article 1 (Purpose), heading [note removed]" in text_en
    assert "訳注" not in text_ja and "note" not in text_ja
    assert "Translator's notes changed" in render_markdown(result, "en")
    assert "訳注" not in render_markdown(result, "ja")
    html_en, html_ja = render_comparison_html(doc, result, "en"), render_comparison_html(doc, result, "ja")
    assert '<section class="cmp-tns">' in html_en and "cmp-tns" not in html_ja
    assert '<li class="cmp-tn cmp-tn--deleted"><span class="cmp-tn-place">Article 1 (Purpose), heading (note removed)' \
        in html_en
    # both directions: the mirror comparison lists the same notes the other way round
    back = compare(doc, new, old)
    assert [n.status for n in back.notes] == ["added", "modified", "deleted"]


def test_a_note_alone_changes_nothing_in_the_comparison_of_the_terms(repo: Repo) -> None:
    repo.demo(NOTED)
    doc, old, new = _second(repo, NOTED.replace("Article 1 is meant.", "Article 1 is what is meant.")
                            .replace("A note on an item.", "A note on the item."))
    result = compare(doc, old, new)
    assert not result.findings and not result.has_changes
    assert all(u.status == "unchanged" for u in result.units)
    assert [n.status for n in result.notes_for("en")] == ["modified", "modified"]
    assert [result.note_place(n, "ja") for n in result.notes] == ["第2条（変更） 第1項", "第2条（変更） 第2項第1号"]
    # nor is it translation drift (TERMS068, TERMS069): the notes are not the translation of the terms
    corpus, _ = load_corpus(repo.root)
    assert not [d for d in check_corpus(corpus, dt.date(2026, 12, 1)) if d.code in ("TERMS068", "TERMS069")]


# --- the shipped notes, through the correction path of published versions ------------------------------

_NOTES_ENTRY = re.compile(r"^  - date: 2026-12-05\n(?:    .*\n|      .*\n)*", re.M)
_NOTE = re.compile(r"^( *)translator_note:\n(?:\1  .*\n)+", re.M)
PUBLISHED = ("terms/cloud-resale/2024-01-01.yml", "terms/privacy-policy/2026-11-21.yml")


def _git(root: Path, *args: str) -> None:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def noted(tmp_path: Path) -> Path:
    """A repository whose base has the published versions without their notes and their record of
    2026-12-05, and whose working tree has the shipped versions."""
    import shutil
    root = tmp_path / "repo"
    shutil.copytree(REPO / "site_config", root / "site_config")
    for doc in ("cloud-resale", "privacy-policy"):
        shutil.copytree(REPO / "terms" / doc, root / "terms" / doc)
    shipped = {rel: (root / rel).read_text(encoding="utf-8") for rel in PUBLISHED}
    for rel, text in shipped.items():
        text, n = _NOTES_ENTRY.subn("", text)
        assert n == 1
        text = _NOTE.sub("", text)
        if "privacy" in rel:  # the preamble's one text goes back to its plain form
            text = re.sub(r"^  - text:\n((?:      .*\n)+)", lambda m: "  - " + m.group(1)[6:].replace(
                "\n      ", "\n    "), text, count=1, flags=re.M)
        (root / rel).write_text(text, encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "editor@example.com")
    _git(root, "config", "user.name", "Editor")
    _git(root, "add", "-A")
    _git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "base")
    for rel, text in shipped.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "check", "--as-of", "2026-12-05", "--base", "main"])
    return code, capsys.readouterr().err


def test_the_shipped_notes_pass_with_their_record(noted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(noted, capsys)
    assert code == 0, err
    assert "TERMS04" not in err and "TERMS07" not in err


def test_the_shipped_notes_fail_without_their_record(noted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for rel in PUBLISHED:
        path = noted / rel
        path.write_text(_NOTES_ENTRY.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    code, err = _check(noted, capsys)
    assert code == 1
    found = [ln for ln in err.splitlines() if "error TERMS041" in ln]
    keys = [re.search(r"\(at ([^)]*)\)", ln).group(1) for ln in found]  # type: ignore[union-attr]
    assert len([k for k in keys if k.endswith("translator_note.en")]) == 7  # the 約款's seven notes
    assert "articles[6].translator_note.ja" in keys and "preamble[0]" in keys  # the privacy policy's two
    assert "TERMS040" not in err  # the originals are untouched: a note is not the original's text
