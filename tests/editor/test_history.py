"""`terms check --base REF` and `terms changed`: published history cannot be rewritten."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from termsite.core.history import check_history
from termsite.core.load import load_corpus

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
