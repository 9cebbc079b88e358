"""`translation_revisions`: the record that lets the translation of a published version be corrected.

The base of each test is the shipped terms as they were before their translation was revised (the
record removed, some corrected texts put back as they were published); the change under test is the
shipped revision itself, or that revision with its record damaged.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from termsite.adapters.cli.main import main as terms_main

from .conftest import copy_terms, git, git_repo

YAKKAN = "terms/cloud-resale/2024-01-01.yml"  # Japanese original, English revised 2026-12-04 and -05 (notes)
PRIVACY = "terms/privacy-policy/2026-11-21.yml"  # English original, Japanese revised 2026-12-04 and -05 (notes)
AS_OF = "2026-12-05"
# (as revised, as published): the texts of the base
BEFORE = {
    YAKKAN: [("en: Abolition of the Service", "en: Termination of the Service"),
             ("abolish all or part of the Service", "terminate all or part of the Service"),
             ("en: End of the Agreement", "en: Termination of the Agreement")],
    PRIVACY: [("ja: 個人情報の利用目的及びその公表", "ja: 個人情報の利用目的及び開示"),
              ("ja: 申込者情報の提供", "ja: 申込者情報の開示")],
}
_RECORD = re.compile(r"^translation_revisions:\n(?:[ \t].*\n|\n)*", re.M)


def _without_record(text: str) -> str:
    out, n = _RECORD.subn("", text)
    assert n == 1
    return out


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    """A repository whose base commit has the published texts without the revision, and whose
    working tree has the shipped revision."""
    root = copy_terms(tmp_path / "repo", ("cloud-resale", "privacy-policy"))
    shipped = {rel: (root / rel).read_text(encoding="utf-8") for rel in BEFORE}
    for rel, pairs in BEFORE.items():
        text = _without_record(shipped[rel])
        for new, old in pairs:
            assert text.count(new) == 1, new
            text = text.replace(new, old)
        (root / rel).write_text(text, encoding="utf-8")
    git_repo(root)
    for rel, text in shipped.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _drop_entry(root: Path, rel: str, date: str) -> None:
    """Remove the ``translation_revisions`` entry of ``date`` (its lines up to the next entry or key)."""
    path = root / rel
    text, n = re.subn(rf"^  - date: {date}\n(?:    .*\n|      .*\n)*", "", path.read_text(encoding="utf-8"), flags=re.M)
    assert n == 1
    path.write_text(text, encoding="utf-8")


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = terms_main(["--root", str(root), "check", "--as-of", AS_OF, "--base", "main"])
    return code, capsys.readouterr().err


def _line_of(root: Path, rel: str, text: str) -> int:
    return next(i for i, ln in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1) if ln == text)


def _errors(err: str, code: str) -> list[str]:
    return [ln for ln in err.splitlines() if f"error {code}:" in ln]


def test_the_shipped_revision_passes_with_its_record(revised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(revised, capsys)
    assert code == 0, err
    assert "TERMS04" not in err and "TERMS07" not in err


@pytest.mark.parametrize(("rel", "language"), [(YAKKAN, "English"), (PRIVACY, "Japanese")])
def test_the_shipped_revision_fails_without_its_record(revised: Path, capsys: pytest.CaptureFixture[str],
                                                       rel: str, language: str) -> None:
    path = revised / rel
    path.write_text(_without_record(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, err = _check(revised, capsys)
    assert code == 1
    found = _errors(err, "TERMS041")
    assert found and all(ln.startswith(f"{rel}:") for ln in found)
    assert f"the {language} translation of this published version" in found[0]
    assert "without a record of the revision" in found[0] and "translation_revisions" in found[0]
    assert "TERMS040" not in err  # the original is untouched


def test_a_revision_dated_before_the_announcement_does_not_record_it(
        revised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _drop_entry(revised, PRIVACY, "2026-12-05")  # the later entry (the translator's notes) would record it
    _replace(revised, PRIVACY, "translation_revisions:\n  - date: 2026-12-04", "translation_revisions:\n  - date: 2026-11-21")
    code, err = _check(revised, capsys)
    assert code == 1
    line = _line_of(revised, PRIVACY, "  - date: 2026-11-21")
    assert [ln.split(";")[0] for ln in _errors(err, "TERMS070")] == [
        f"{PRIVACY}:{line}:11: error TERMS070: translation revision dated 2026-11-21, on or before the announcement "
        "(2026-11-21) (at translation_revisions[0].date)"]
    assert any(ln.startswith(f"{PRIVACY}:") for ln in _errors(err, "TERMS041"))


def test_an_old_revision_does_not_cover_a_new_change(revised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(revised, "add", "-A")
    git(revised, "commit", "-q", "-m", "revisions of 2026-12-04 and 2026-12-05")
    # the fix made in the draft that follows too, as a translation fix must be (else TERMS068 there)
    for rel in (YAKKAN, "terms/cloud-resale/2027-01-01.yml"):
        _replace(revised, rel, "These Terms and Conditions set forth", "These Terms and Conditions lay down")
    code, err = _check(revised, capsys)
    assert code == 1 and _errors(err, "TERMS041") and not _errors(err, "TERMS068")
    # a second entry, a later day, records it
    _replace(revised, YAKKAN, "\npreamble:\n", "\n  - date: 2026-12-06\n    summary: {ja: 第1条第1項の英訳を改めました。, "
             "en: 'Article 1, paragraph (1): lay down.'}\npreamble:\n")
    code, err = _check(revised, capsys)
    assert code == 0, err


def test_a_recorded_revision_stays_as_it_is(revised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(revised, "add", "-A")
    git(revised, "commit", "-q", "-m", "revision of 2026-12-04")
    _replace(revised, PRIVACY, "The Japanese translation is revised;", "The Japanese translation was improved;")
    code, err = _check(revised, capsys)
    assert code == 1
    line = _line_of(revised, PRIVACY, "  - date: 2026-12-04")
    assert [ln.split(";")[0] for ln in _errors(err, "TERMS071")] == [
        f"{PRIVACY}:{line}:5: error TERMS071: translation revision of 2026-12-04 recorded at main was changed "
        "(at translation_revisions[0])"]
    path = revised / PRIVACY
    path.write_text(_without_record(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, err = _check(revised, capsys)
    assert code == 1 and "translation revision of 2026-12-04 recorded at main was removed" in err


def test_a_draft_has_no_revisions_to_record(revised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(revised, "terms/cloud-resale/2027-01-01.yml", "\npreamble:\n",
             "\ntranslation_revisions:\n  - date: 2026-12-04\n    summary: {ja: 改訂, en: Revised}\npreamble:\n")
    capsys.readouterr()
    code = terms_main(["--root", str(revised), "check", "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert code == 1
    assert [ln.split(":")[0] for ln in _errors(err, "TERMS070")] == ["terms/cloud-resale/2027-01-01.yml"]
    assert "a version that is not published is translated in place" in err
