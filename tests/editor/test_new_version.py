"""`terms new-version`: a draft copy of the latest version, layout and comments kept, bad input refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from termsite.source.parse import load_version_text
from termsite.source.repository import load_corpus
from termsite.source.roundtrip import top_level_spans

from .conftest import files


def _latest(root: Path, doc: str) -> Path:
    return max((root / "terms" / doc).glob("[0-9]*.yml"))


@pytest.mark.parametrize("doc", ["cloud-resale", "privacy-policy", "cancellation-policy"])
def test_copy_keeps_every_byte_of_the_text(shipped: Path, terms, doc: str) -> None:  # type: ignore[no-untyped-def]
    latest = _latest(shipped, doc)
    old = latest.read_text(encoding="utf-8")
    run = terms("--root", shipped, "new-version", doc, "--effective", "2030-04-01", "--announced", "2030-02-01",
                "--impact", "adverse")
    assert run.code == 0, run.err
    assert f"created terms/{doc}/2030-04-01.yml" in run.out
    new = (shipped / "terms" / doc / "2030-04-01.yml").read_text(encoding="utf-8")

    # everything after the facts about the version is byte for byte the old file: text, comments, layout,
    # but for the old version's records of a reviewed translation (`translation: unchanged`), its own
    old_spans, new_spans = top_level_spans(old, "old"), top_level_spans(new, "new")
    body_keys = [k for k in old_spans if k not in ("effective", "announced", "status", "impact", "summary", "reason",
                                                    "note", "translation_revisions")]
    first_old = min(old_spans[k][0] for k in body_keys)
    first_new = min(new_spans[k][0] for k in body_keys)
    reviews = [ln for ln in old.splitlines() if ln.lstrip().startswith("translation: ")]
    assert (doc == "cloud-resale") == bool(reviews)  # the shipped draft records one
    assert new.splitlines()[first_new:] == [ln for ln in old.splitlines()[first_old:] if ln not in reviews]

    version, diags = load_version_text(new, "new", doc)
    assert version is not None and not [d for d in diags if d.is_error]
    assert (version.effective, version.announced, version.status, version.impact) == (
        dt.date(2030, 4, 1), dt.date(2030, 2, 1), "draft", "adverse")
    # the old change description is not carried over; templates tell the editor what to write
    assert version.summary is None and version.reason is None and version.note is None
    assert "# summary:" in new and "# reason:" in new
    assert new.startswith("# yaml-language-server: $schema=")

    # terms check then says what is missing, as warnings while it is a draft
    assert "TERMS031" in run.err and "TERMS032" in run.err
    check = terms("--root", shipped, "check")
    assert check.code == 0, check.err


def test_comments_inside_the_body_are_kept(shipped: Path, terms) -> None:  # type: ignore[no-untyped-def]
    latest = _latest(shipped, "cancellation-policy")
    lines = latest.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith("- text:"))
    comment = "      # 編集者のメモ: this comment belongs to the text and must survive the copy\n"
    latest.write_text("".join(lines[:at] + [comment] + lines[at:]), encoding="utf-8")
    run = terms("--root", shipped, "new-version", "cancellation-policy", "--effective", "2030-04-01")
    assert run.code == 0, run.err
    new = (shipped / "terms" / "cancellation-policy" / "2030-04-01.yml").read_text(encoding="utf-8")
    assert comment in new
    # without --impact the template asks for it, and no announced date is invented
    assert "# impact: favourable | adverse | editorial" in new
    assert "\nannounced:" not in new


def test_the_new_draft_is_a_version_of_the_document(shipped: Path, terms) -> None:  # type: ignore[no-untyped-def]
    assert terms("--root", shipped, "new-version", "privacy-policy", "--effective", "2030-01-01").code == 0
    corpus, diags = load_corpus(shipped)
    doc = corpus.document("privacy-policy")
    assert doc is not None and doc.versions[-1].key == "2030-01-01" and doc.versions[-1].status == "draft"
    assert not [d for d in diags if d.is_error]


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-doc", "--effective", "2030-01-01"], "unknown document 'no-such-doc' (documents: "),
    (["cancellation-policy", "--effective", "2026-11-21"], "already exists"),
    (["cancellation-policy", "--effective", "2020-01-01"], "is not after the latest version 2026-11-21"),
    (["cancellation-policy", "--effective", "2030-01-01", "--announced", "2030-02-01"], "is after --effective"),
    (["cancellation-policy", "--effective", "2030-02-30"], "'2030-02-30' is not a date written YYYY-MM-DD"),
    (["cancellation-policy", "--effective", "2030-01-01", "--impact", "worse"], "invalid choice: 'worse'"),
])
def test_bad_input_is_refused_and_nothing_is_written(shipped: Path, terms, args: list[str],  # type: ignore[no-untyped-def]
                                                      message: str) -> None:
    before = files(shipped)
    run = terms("--root", shipped, "new-version", *args)
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err
    assert files(shipped) == before


def test_a_latest_version_with_errors_is_not_copied(shipped: Path, terms) -> None:  # type: ignore[no-untyped-def]
    broken = shipped / "terms" / "cancellation-policy" / "2026-11-21.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: published", "status: [oops"),
                      encoding="utf-8")
    before = files(shipped)
    run = terms("--root", shipped, "new-version", "cancellation-policy", "--effective", "2030-01-01")
    assert run.code == 2 and "has errors and cannot be copied" in run.err
    assert files(shipped) == before


def test_a_folder_that_is_not_a_document_is_refused(shipped: Path, terms) -> None:  # type: ignore[no-untyped-def]
    (shipped / "terms" / "stray").mkdir()
    before = files(shipped)
    run = terms("--root", shipped, "new-version", "stray", "--effective", "2030-01-01")
    assert run.code == 2 and "unknown document 'stray'" in run.err
    assert files(shipped) == before
