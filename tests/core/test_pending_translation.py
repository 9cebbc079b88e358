"""A translation declared pending (`translation_pending`) or absent (`single_language`): the loader, the
checks (TERMS083, TERMS084, TERMS014 still for a version that declares nothing) and sealed history
(TERMS085, TERMS086)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import languages, shown_language
from termsite.rules.checks import check_corpus
from termsite.rules.history import check_history
from termsite.source.canonical import version_data
from termsite.source.repository import load_corpus

FIXTURE = Path(__file__).resolve().parents[1] / "site" / "pending"
AS_OF = dt.date(2025, 6, 15)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE / "terms", root / "terms")
    shutil.copytree(FIXTURE / "site_config", root / "site_config")
    return root


def _check(root: Path) -> list[Diagnostic]:
    corpus, diags = load_corpus(root)
    assert diags == []
    return check_corpus(corpus, AS_OF)


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_loader_reads_both_declarations() -> None:
    corpus, diags = load_corpus(FIXTURE)
    assert diags == []
    service, cookies, english = (corpus.document(i) for i in ("service", "cookie-policy", "english-policy"))
    assert service is not None and cookies is not None and english is not None
    pending = service.version("2025-05-01")
    assert pending is not None and pending.translation_pending and not service.single_language
    assert english.single_language and english.original == "en"
    first = service.version("2025-01-01")
    assert first is not None and not first.translation_pending
    assert languages(service, pending) == ("ja",) and languages(service, first) == ("ja", "en")
    assert shown_language(service, pending, "en") == "ja" and shown_language(service, first, "en") == "en"
    assert languages(english, english.versions[0]) == ("en",) and shown_language(english, english.versions[0], "ja") == "en"
    # the flag is part of the file's canonical form (and so of what `terms new-version` copies)
    assert version_data(pending)["translation_pending"] is True and "translation_pending" not in version_data(first)


def test_a_pending_translation_is_a_warning_for_each_missing_text_with_its_place() -> None:
    found = _check(FIXTURE)
    assert [d for d in found if d.severity == "error"] == []
    assert not any(d.code == "TERMS014" for d in found)  # nothing reports a missing translation
    pending = [d for d in found if d.code == "TERMS083"]
    service = sorted((d.location.line, d.location.col, d.key) for d in pending
                     if d.location.path == "terms/service/2025-05-01.yml")
    # the summary, the title and text of `fees`, the title and text of `amendment`; `purpose` is translated
    assert service == [(8, 3, "summary.en"), (15, 12, "articles[1].title.en"),
                       (17, 15, "articles[1].paragraphs[0].text.en"), (19, 12, "articles[2].title.en"),
                       (21, 15, "articles[2].paragraphs[0].text.en")]
    assert all(d.severity == "warning" and "English translation of this text is pending" in d.message
               and "translation_pending, line 6" in d.message for d in pending
               if d.location.path.startswith("terms/service/"))
    cookies = [d for d in pending if d.location.path == "terms/cookie-policy/2025-03-01.yml"]
    assert len(cookies) == 2 and all("Japanese translation" in d.message for d in cookies)
    # the English-only document: nothing at all
    assert not any(d.location.path.startswith("terms/english-policy/") for d in found)


def test_without_the_flag_every_missing_text_is_still_an_error(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "terms/service/2025-05-01.yml", "translation_pending: true\n", "")
    found = _check(root)
    missing = [d for d in found if d.code == "TERMS014" and d.location.path == "terms/service/2025-05-01.yml"]
    assert len(missing) == 5 and all(d.severity == "error" for d in missing)
    assert any(d.code == "TERMS031" and d.severity == "error" for d in found)  # the summary in both languages
    assert not any(d.code == "TERMS083" and d.location.path.startswith("terms/service/") for d in found)


def test_a_one_language_document_needs_no_translation_but_refuses_a_pending_flag(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "terms/english-policy/2025-02-01.yml", "status: published\n",
          "status: published\ntranslation_pending: true\n")
    found = _check(root)
    flag = [d for d in found if d.code == "TERMS084"]
    assert len(flag) == 1 and flag[0].severity == "error" and flag[0].location.line == 5
    assert "exists only in English" in flag[0].message


def test_texts_of_the_other_language_in_a_one_language_document_are_never_shown(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "terms/english-policy/2025-02-01.yml", "title: {en: Scope}", "title: {en: Scope, ja: 範囲}")
    found = [d for d in _check(root) if d.code == "TERMS084"]
    assert len(found) == 1 and found[0].severity == "warning" and "never shown" in found[0].message
    assert (found[0].location.line, found[0].key) == (7, "articles[0].title.ja")


def test_a_pending_flag_with_nothing_left_to_translate_is_a_warning(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "terms/cookie-policy/2025-03-01.yml", "title: {en: Cookies}", "title: {en: Cookies, ja: クッキー}")
    _edit(root, "terms/cookie-policy/2025-03-01.yml", "- text: {en: We use cookies to keep you signed in.}",
          "- text: {en: We use cookies to keep you signed in., ja: ログイン状態を保つためにクッキーを使います。}")
    found = [d for d in _check(root) if d.location.path == "terms/cookie-policy/2025-03-01.yml"]
    assert [d.code for d in found] == ["TERMS084"] and found[0].severity == "warning"
    assert "every text has its Japanese translation" in found[0].message


# -- sealed history: `terms check --base` -------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    import subprocess

    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def based(tmp_path: Path) -> Path:
    root = _copy(tmp_path)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.email=e@example.com", "-c", "user.name=E", "-c", "commit.gpgsign=false",
         "add", "-A")
    _git(root, "-c", "user.email=e@example.com", "-c", "user.name=E", "-c", "commit.gpgsign=false",
         "commit", "-q", "-m", "base")
    return root


TRANSLATED = """translation_pending: true
summary:
  ja: 料金の条項を追加しました。
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    paragraphs:
      - text: {ja: 本規約は、本サービスに適用します。, en: These Terms apply to the Service.}
  - id: fees
    title: {ja: 料金}
    paragraphs:
      - text: {ja: 料金は、当社が別に定める料金表のとおりとします。}
  - id: amendment
    title: {ja: 変更}
    paragraphs:
      - text: {ja: 当社は、本規約を変更できます。}
"""
ADDED = """summary:
  ja: 料金の条項を追加しました。
  en: An article on fees is added.
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    paragraphs:
      - text: {ja: 本規約は、本サービスに適用します。, en: These Terms apply to the Service.}
  - id: fees
    title: {ja: 料金, en: Fees}
    paragraphs:
      - text: {ja: 料金は、当社が別に定める料金表のとおりとします。, en: The fees are as set out in the Company's fee table.}
  - id: amendment
    title: {ja: 変更, en: Amendment}
    paragraphs:
      - text: {ja: 当社は、本規約を変更できます。, en: The Company may amend these Terms.}
"""
RECORD = """translation_revisions:
  - date: 2025-06-10
    summary:
      ja: 英訳を追加しました。日本語の原文は変わりません。
      en: The English translation is added; the Japanese original is unchanged.
"""
SERVICE = "terms/service/2025-05-01.yml"


def _history(root: Path) -> list[Diagnostic]:
    corpus, diags = load_corpus(root)
    assert diags == []
    return check_history(root, corpus, "main", AS_OF)


def test_adding_the_translation_with_a_record_is_accepted(based: Path) -> None:
    _edit(based, SERVICE, TRANSLATED, RECORD + ADDED)
    assert _history(based) == []
    assert [d for d in _check(based) if d.location.path == SERVICE] == []


def test_adding_the_translation_without_a_record_is_refused(based: Path) -> None:
    _edit(based, SERVICE, TRANSLATED, ADDED)
    found = _history(based)
    assert found[0].code == "TERMS085" and found[0].location.path == SERVICE
    assert "without a new `translation_revisions` entry" in found[0].message
    # and each text of the translation that changed without a record
    assert [d.code for d in found[1:]] == ["TERMS041"] * 5


def test_a_pending_translation_may_grow_without_a_record(based: Path) -> None:
    _edit(based, SERVICE, "title: {ja: 料金}", "title: {ja: 料金, en: Fees}")
    assert _history(based) == []


def test_the_original_of_a_pending_version_stays_sealed(based: Path) -> None:
    _edit(based, SERVICE, "料金は、当社が別に定める料金表のとおりとします。", "料金は、料金表のとおりとします。")
    assert [d.code for d in _history(based)] == ["TERMS040"]


def test_a_published_translation_cannot_be_declared_pending_again(based: Path) -> None:
    _edit(based, "terms/service/2025-01-01.yml", "status: published\n", "status: published\ntranslation_pending: true\n")
    found = _history(based)
    assert [d.code for d in found] == ["TERMS085"] and "its translation was published" in found[0].message


def test_a_published_document_cannot_become_single_language(based: Path) -> None:
    _edit(based, "terms/service/document.yml", "original: ja\n", "original: ja\nsingle_language: true\n")
    found = [d for d in _history(based) if d.code == "TERMS086"]
    assert len(found) == 1 and found[0].location.path == "terms/service/document.yml"
    assert found[0].location.line == 4


def test_a_one_language_document_may_gain_its_translation(based: Path) -> None:
    _edit(based, "terms/english-policy/document.yml", "single_language: true\n", "")
    _edit(based, "terms/english-policy/document.yml", "title: {en: Export Compliance Policy}",
          "title: {en: Export Compliance Policy, ja: 輸出管理方針}")
    for rel in ("terms/english-policy/2025-02-01.yml", "terms/english-policy/2025-06-01.yml"):
        _edit(based, rel, "status: published\n", "status: published\ntranslation_pending: true\n")
    assert _history(based) == []


def test_the_page_cache_key_follows_the_one_language_declaration() -> None:
    """A document made (or no longer) single-language renders its pages anew: the key of its cached pages
    holds the declaration (a version's flag is in its file's digest already)."""
    from dataclasses import replace

    from termsite.speed.page_cache import document_key

    corpus, _ = load_corpus(FIXTURE)
    english = corpus.document("english-policy")
    assert english is not None
    assert document_key(english, [], AS_OF) != document_key(replace(english, single_language=False), [], AS_OF)
