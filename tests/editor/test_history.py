"""`terms check --base REF` and `terms changed`: published history cannot be rewritten."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from termsite.rules.history import check_history
from termsite.source.repository import load_corpus

from .conftest import copy_terms, git, git_repo

PUBLISHED = "terms/cancellation-policy/2026-11-21.yml"  # English original, announced 2026-11-21


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the published cancellation policy and 約款."""
    return git_repo(copy_terms(tmp_path / "repo", ("cancellation-policy", "cloud-resale")))


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _codes(err: str) -> list[str]:
    return sorted(part.split(":")[0] for part in err.split(" error ")[1:])


def test_unchanged_history_passes(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 0, run.err
    assert "TERMS04" not in run.err


def test_changing_published_original_text_is_an_error_at_its_line(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, PUBLISHED, "Hosting plans will automatically be renewed", "Hosting plans are renewed")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    line = next(i for i, ln in enumerate((history / PUBLISHED).read_text(encoding="utf-8").splitlines(), 1)
                if "Hosting plans are renewed" in ln)
    # the location is the text's key (`en: >-`) or the text itself
    assert f"{PUBLISHED}:{line - 1}:" in run.err or f"{PUBLISHED}:{line}:" in run.err
    assert "error TERMS040" in run.err
    assert "the English original of this published version (announced 2026-11-21) differs from main" in run.err
    assert "make the correction a new version (terms new-version cancellation-policy" in run.err


def test_changing_the_dates_of_a_published_version_is_an_error(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, PUBLISHED, "announced: 2026-11-21", "announced: 2026-11-01")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1 and "`announced` of this published version" in run.err and "TERMS040" in run.err


def test_translation_fix_without_a_note_is_an_error(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, PUBLISHED, "ホスティングプランは、解約されるまで", "ホスティングプランは、解約のお申し出があるまで")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert "error TERMS041: the Japanese translation of this published version" in run.err
    assert "TERMS040" not in run.err


def test_translation_fix_with_a_note_is_allowed(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, PUBLISHED, "ホスティングプランは、解約されるまで", "ホスティングプランは、解約のお申し出があるまで")
    _edit(history, PUBLISHED, "note: >-\n", "note: >-\n  Translation fix 2026-12-01: 解約されるまで clarified.\n")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 0, run.err
    assert "TERMS04" not in run.err


def test_an_old_note_does_not_cover_a_new_translation_change(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    # the 約款 already has a note at the base: a translation change must add to it
    _edit(history, "terms/cloud-resale/2024-01-01.yml", "These Terms and Conditions set forth",
          "These Terms and Conditions lay down")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1 and "error TERMS041: the English translation" in run.err


def test_deleting_a_published_version_is_an_error(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    (history / "terms/cloud-resale/2024-01-01.yml").unlink()
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert "terms/cloud-resale/2024-01-01.yml:1:1: error TERMS042: published version cloud-resale 2024-01-01" in run.err
    assert "restore terms/cloud-resale/2024-01-01.yml from main" in run.err


def test_deleting_a_whole_document_is_an_error_per_published_version(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    git(history, "rm", "-rq", "terms/cancellation-policy")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1 and "error TERMS042: published version cancellation-policy 2026-11-21" in run.err


def test_a_draft_and_an_embargoed_version_at_the_base_may_change(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    assert terms("--root", history, "new-version", "cancellation-policy", "--effective", "2031-01-01").code == 0
    future = history / "terms/cancellation-policy/2030-06-01.yml"
    text = (history / PUBLISHED).read_text(encoding="utf-8")
    future.write_text(text.replace("2026-11-21", "2030-06-01").replace("note: >-", "impact: editorial\nsummary: "
                      "{ja: 変更, en: Change}\nnote: >-"), encoding="utf-8")
    git(history, "add", "-A")
    git(history, "commit", "-qm", "a draft and an embargoed version")
    for rel in ("terms/cancellation-policy/2031-01-01.yml", "terms/cancellation-policy/2030-06-01.yml"):
        _edit(history, rel, "Hosting plans will automatically be renewed", "Hosting plans are renewed")
    run = terms("--root", history, "check", "--base", "main", "--as-of", "2026-12-01")
    assert "TERMS040" not in run.err and "TERMS041" not in run.err, run.err


def test_as_of_decides_what_was_announced(history: Path) -> None:
    """A version announced after the day of the check is still embargoed: it may change."""
    _edit(history, PUBLISHED, "Hosting plans will automatically be renewed", "Hosting plans are renewed")
    corpus, _ = load_corpus(history)
    assert [d.code for d in check_history(history, corpus, "main", as_of=dt.date(2026, 11, 20))] == []
    assert [d.code for d in check_history(history, corpus, "main", as_of=dt.date(2026, 11, 21))] == ["TERMS040"]


@pytest.mark.parametrize("ref", ["no-such-branch", "origin/main", "-rf", "main:terms", "deadbeef" * 5])
def test_an_unknown_ref_is_one_clear_error(history: Path, terms, ref: str) -> None:  # type: ignore[no-untyped-def]
    run = terms("--root", history, "check", f"--base={ref}", "--format", "github")
    assert run.code == 1
    annotations = [ln for ln in run.out.splitlines() if ln.startswith("::error")]
    assert len(annotations) == 1 and "TERMS043" in annotations[0] and "git base cannot be read" in annotations[0]
    assert "no errors" not in run.err


def test_not_a_git_repository(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    root = copy_terms(tmp_path / "plain", ("cancellation-policy",))
    run = terms("--root", root, "check", "--base", "main")
    assert run.code == 1 and "error TERMS043" in run.err and "not inside a git repository" in run.err


def test_terms_in_a_subfolder_of_the_git_repository(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    top = tmp_path / "top"
    copy_terms(top / "legal", ("cancellation-policy",))
    git_repo(top)
    _edit(top / "legal", PUBLISHED, "Hosting plans will automatically be renewed", "Hosting plans are renewed")
    run = terms("--root", top / "legal", "check", "--base", "main")
    assert run.code == 1 and f"{PUBLISHED}:" in run.err and "TERMS040" in run.err


# --- terms changed: the list the pull-request summary turns into 新旧対照表 ------------------------------


def test_changed_lists_new_and_changed_versions_with_their_previous(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    assert terms("--root", history, "changed", "--base", "main").out == ""
    assert terms("--root", history, "new-version", "cancellation-policy", "--effective", "2031-01-01").code == 0
    run = terms("--root", history, "changed", "--base", "main")
    assert run.code == 0 and run.out == "cancellation-policy 2026-11-21 2031-01-01\n"
    data = json.loads(terms("--root", history, "changed", "--base", "main", "--format", "json").out)
    assert data == [{"document": "cancellation-policy", "version": "2031-01-01", "previous": "2026-11-21",
                     "change": "added"}]


def test_changed_ignores_comments_and_reports_a_first_version_on_stderr(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, PUBLISHED, "articles:\n", "# a comment changes no text\narticles:\n")
    assert terms("--root", history, "changed", "--base", "main").out == ""
    _edit(history, PUBLISHED, "Hosting plans will automatically be renewed", "Hosting plans are renewed")
    run = terms("--root", history, "changed", "--base", "main")
    assert run.out == "" and "cancellation-policy 2026-11-21: changed, the first version" in run.err


def test_changed_with_an_unknown_ref(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    run = terms("--root", history, "changed", "--base", "nope")
    assert run.code == 1 and "TERMS043" in run.err and run.out == ""


# --- document.yml of a published document, and the path of a published file ---------------------------

DOCUMENT = "terms/cloud-resale/document.yml"  # 約款: Japanese original, statute numbering, change clause
POLICY = "terms/cancellation-policy/document.yml"


def _lines(err: str, code: str) -> list[str]:
    return [ln for ln in err.splitlines() if f" error {code}:" in ln]


def test_flipping_the_original_is_an_error_and_the_base_decides_which_text_is_original(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, DOCUMENT, "original: ja", "original: en")
    # with `original: en` read from the new file, this would be a translation fix "with a note"
    _edit(history, "terms/cloud-resale/2024-01-01.yml", "本サービス利用契約（当社と契約者の間の個別の合意）",
          "本サービス利用契約（当社と契約者の合意）")
    _edit(history, "terms/cloud-resale/2024-01-01.yml", "note: >-\n", "note: >-\n  Translation fix: 個別の dropped.\n")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert _lines(run.err, "TERMS044") == [
        f"{DOCUMENT}:6:11: error TERMS044: the governing language of published document cloud-resale changed from "
        "Japanese (ja) to English (en) since main (at original); the original of a published document is fixed (its "
        "published text would turn into a translation): restore `original: ja`; for terms governed by another "
        "language, publish the terms as a new document (a new folder under terms/ with its own document.yml)"]
    assert [ln.split(": error")[1].split(" (at ")[0] for ln in _lines(run.err, "TERMS040")] == [
        " TERMS040: the Japanese original of this published version (announced 2024-01-01) differs from main"]
    assert "TERMS041" not in run.err


def test_changing_the_numbering_is_an_error(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, DOCUMENT, "numbering: statute", "numbering: decimal")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert _lines(run.err, "TERMS044") == [
        f"{DOCUMENT}:7:12: error TERMS044: the numbering of published document cloud-resale changed from statute to "
        "decimal since main: every published article would be labelled anew (at numbering); the numbering of a "
        "published document is fixed: restore `numbering: statute`; for another numbering, publish the terms as a "
        "new document (a new folder under terms/ with its own document.yml)"]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), [
    (DOCUMENT, "change_clause: amendment     # 第2条（約款の追加・変更）\n", "",
     f"{DOCUMENT}:2:1: error TERMS044: the change clause of published document cloud-resale was removed (it was "
     "'amendment') since main; the change clause of a published document is fixed (its published notices state "
     "deemed consent under it): restore `change_clause: amendment`;"),
    (DOCUMENT, "change_clause: amendment", "change_clause: application",
     f"{DOCUMENT}:8:16: error TERMS044: the change clause of published document cloud-resale changed from "
     "'amendment' to 'application' since main (at change_clause); the change clause of a published document is "
     "fixed (its published notices state deemed consent under it): restore `change_clause: amendment`;"),
    (POLICY, "numbering: none\n", "numbering: none\nchange_clause: cancellation\n",
     f"{POLICY}:6:16: error TERMS044: the change clause of published document cancellation-policy was added "
     "('cancellation'; there was none) since main (at change_clause); the change clause of a published document "
     "is fixed (its published notices state deemed consent under it): remove `change_clause`;"),
], ids=["removed", "changed", "added"])
def test_the_change_clause_is_fixed(history: Path, terms, rel: str, old: str, new: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    _edit(history, rel, old, new)
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    [line] = _lines(run.err, "TERMS044")
    assert line.startswith(expected), line
    assert line.endswith("to change the article itself, keep its id in a new version; otherwise publish the terms "
                         "as a new document (a new folder under terms/ with its own document.yml)")


def test_a_document_published_only_later_may_still_change(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    """The cancellation policy is announced on 2026-11-21: the day before, its document.yml is not sealed."""
    _edit(history, POLICY, "original: en", "original: ja")
    _edit(history, POLICY, "Cancellation Policy", "Cancellation Rules")
    run = terms("--root", history, "check", "--base", "main", "--as-of", "2026-11-20")
    assert "TERMS044" not in run.err and "TERMS045" not in run.err, run.err
    assert "TERMS044" in terms("--root", history, "check", "--base", "main", "--as-of", "2026-11-21").err


def test_a_title_change_without_a_record_is_an_error(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, DOCUMENT, "en: Cloud Resale Service Terms and Conditions", "en: Cloud Resale Terms")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert _lines(run.err, "TERMS045") == [
        f"{DOCUMENT}:5:7: error TERMS045: the title of published document cloud-resale changed since main (en: "
        "'Cloud Resale Service Terms and Conditions' -> 'Cloud Resale Terms') without a `renamed` entry that records "
        "it (at title.en); restore the title, or record the earlier one: add to `renamed` an entry with `date` (the "
        "day of the change), `title` (the title exactly as it is at main) and `note` (why), as terms/README.md shows"]


RECORD = ("renamed:\n  - date: 2026-12-01\n    title:\n      ja: クラウドリセールサービス約款\n"
          "      en: Cloud Resale Service Terms and Conditions\n    note: Shorter English title (legal, 2026-11-30).\n")


def test_a_title_change_with_a_record_passes_and_the_record_stays(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, DOCUMENT, "en: Cloud Resale Service Terms and Conditions", "en: Cloud Resale Terms")
    (history / DOCUMENT).write_text((history / DOCUMENT).read_text(encoding="utf-8") + RECORD, encoding="utf-8")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 0, run.err
    assert "TERMS04" not in run.err
    git(history, "commit", "-qam", "renamed")
    # the record is history too: it may not be edited away later
    _edit(history, DOCUMENT, "Shorter English title", "A better title")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    entry = (history / DOCUMENT).read_text(encoding="utf-8").splitlines().index("renamed:") + 2
    assert _lines(run.err, "TERMS046") == [
        f"{DOCUMENT}:{entry}:5: error TERMS046: entry 1 of `renamed` of published document cloud-resale was changed or "
        "removed since main (at renamed[0]); the record of earlier names is history: restore the entries as they are "
        "at main and add new ones after them"]


def test_a_record_of_another_title_does_not_cover_the_change(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, DOCUMENT, "en: Cloud Resale Service Terms and Conditions", "en: Cloud Resale Terms")
    (history / DOCUMENT).write_text((history / DOCUMENT).read_text(encoding="utf-8")
                                    + RECORD.replace("Service Terms and Conditions", "Terms"), encoding="utf-8")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1 and len(_lines(run.err, "TERMS045")) == 1 and f"{DOCUMENT}:5:7:" in run.err


def test_a_publisher_change_needs_a_record_too(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    _edit(history, POLICY, 'en: "Clara Online, Inc."', 'en: "Clara Cloud, Inc."')
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    [line] = _lines(run.err, "TERMS045")
    assert line.startswith(f"{POLICY}:6:35: error TERMS045: the publisher of published document cancellation-policy "
                           "changed since main (en: 'Clara Online, Inc.' -> 'Clara Cloud, Inc.') without a `renamed` "
                           "entry that records it (at publisher.en); restore the publisher, or record the "
                           "earlier one"), line


def test_renaming_a_published_file_to_yaml_is_a_deletion_and_an_addition(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    renamed = "terms/cancellation-policy/2026-11-21.yaml"
    git(history, "mv", PUBLISHED, renamed)
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert _lines(run.err, "TERMS042") == [
        f"{PUBLISHED}:1:1: error TERMS042: published version cancellation-policy 2026-11-21 (announced 2026-11-21) "
        f"was renamed to {renamed} since main; rename it back (git mv {renamed} {PUBLISHED}): a published version "
        "keeps its file, renaming it is deleting it and adding another"]
    assert _lines(run.err, "TERMS048") == [
        f"{renamed}:1:1: error TERMS048: this file is published version cancellation-policy 2026-11-21, renamed or "
        f"moved from {PUBLISHED} since main; move it back to {PUBLISHED} (git mv {renamed} {PUBLISHED}); a new "
        "version is a new file named by its effective date (terms new-version)"]


def test_moving_a_published_file_to_another_document_says_where_it_went(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    moved = "terms/cloud-resale/2026-11-21.yml"
    git(history, "mv", PUBLISHED, moved)
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert [ln.split(";")[0] for ln in _lines(run.err, "TERMS042")] == [
        f"{PUBLISHED}:1:1: error TERMS042: published version cancellation-policy 2026-11-21 (announced 2026-11-21) "
        f"was moved to {moved} since main"]
    assert [ln.split(";")[0] for ln in _lines(run.err, "TERMS048")] == [
        f"{moved}:1:1: error TERMS048: this file is published version cancellation-policy 2026-11-21, renamed or "
        f"moved from {PUBLISHED} since main"]


def test_deleting_document_yml_of_a_published_document_is_an_error(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    (history / POLICY).unlink()
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert _lines(run.err, "TERMS047") == [
        f"{POLICY}:1:1: error TERMS047: published document cancellation-policy was deleted since main (its "
        "document.yml is gone); restore terms/cancellation-policy/document.yml from main (git checkout main -- "
        "terms/cancellation-policy): a published document cannot be deleted or renamed"]


def test_deleting_the_folder_of_a_published_document_names_the_folder(history: Path, terms) -> None:  # type: ignore[no-untyped-def]
    git(history, "rm", "-rq", "terms/cancellation-policy")
    run = terms("--root", history, "check", "--base", "main")
    assert run.code == 1
    assert [ln.split(";")[0] for ln in _lines(run.err, "TERMS047")] == [
        f"{POLICY}:1:1: error TERMS047: published document cancellation-policy was deleted since main (its folder "
        "terms/cancellation-policy/ is gone)"]
