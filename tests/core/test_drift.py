"""Translation drift between consecutive versions, both directions, its records, and new-version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

from termsite.adapters.cli.main import load_checked
from termsite.model.terms import Article, Document, Localized, Paragraph, Version
from termsite.rules.drift import drift_problems
from termsite.source.new_version import plan_new_version, write_new_version

CASE = Path(__file__).parent / "cases" / "translation-drift"
AS_OF = dt.date(2026, 11, 22)


def _doc(original: str = "ja") -> Document:
    return Document("d", Localized("約款", "Terms"), original, "statute", None, None, ())  # type: ignore[arg-type]


def _version(day: int, *texts: tuple[str, str], status: str = "draft", **ack: str) -> Version:
    paras = tuple(Paragraph(Localized(ja, en), translation=ack.get(str(k)))  # type: ignore[arg-type]
                  for k, (ja, en) in enumerate(texts))
    art = Article("a", Localized("見出し", "Heading"), paras, translation=ack.get("article"))  # type: ignore[arg-type]
    return Version("d", dt.date(2024, 1, day), None, status, None, None, None, None, (), (), (art,), (),  # type: ignore[arg-type]
                   ())


def _found(old: Version, new: Version, original: str = "ja", frozen: bool = False) -> list[tuple[str, str, str]]:
    return [(d.code, d.severity, d.message) for d in drift_problems(_doc(original), old, new, frozen)]


def test_original_changed_alone_is_drift_in_both_document_languages() -> None:
    old = _version(1, ("甲", "A"))
    assert [c for c, _, _ in _found(old, _version(2, ("乙", "A")))] == ["TERMS068"]
    # an English original: the English changing alone is the drift
    [(code, _, msg)] = _found(old, _version(2, ("甲", "B")), original="en")
    assert code == "TERMS068" and "the English (the original) changed" in msg


def test_translation_changed_alone_is_drift_too() -> None:
    [(code, sev, msg)] = _found(_version(1, ("甲", "A")), _version(2, ("甲", "B")))
    assert (code, sev) == ("TERMS068", "error") and "the English changed" in msg


def test_both_languages_changed_or_neither_is_no_drift() -> None:
    old = _version(1, ("甲", "A"), ("乙", "B"))
    assert _found(old, _version(2, ("丙", "C"), ("乙", "B"))) == []
    assert _found(old, old) == []


def test_whitespace_alone_is_no_change() -> None:
    assert _found(_version(1, ("甲", "A  b")), _version(2, ("甲", "A b\n"))) == []


def test_published_history_gets_a_warning() -> None:
    [(_, sev, _)] = _found(_version(1, ("甲", "A")), _version(2, ("乙", "A")), frozen=True)
    assert sev == "warning"


def test_a_record_on_the_paragraph_or_its_article_accepts_the_drift() -> None:
    old = _version(1, ("甲", "A"), ("乙", "B"))
    assert _found(old, _version(2, ("丁", "A"), ("乙", "B"), **{"0": "unchanged"})) == []
    assert _found(old, _version(2, ("丁", "A"), ("乙", "B"), article="unchanged")) == []
    assert _found(old, _version(2, ("甲", "A2"), ("乙", "B"), **{"0": "corrected"})) == []


def test_a_record_of_the_other_kind_does_not_accept_it_and_is_itself_reported() -> None:
    found = _found(_version(1, ("甲", "A")), _version(2, ("乙", "A"), **{"0": "corrected"}))
    assert sorted(c for c, _, _ in found) == ["TERMS068", "TERMS069"]


def test_a_record_with_nothing_to_record_is_reported() -> None:
    old = _version(1, ("甲", "A"))
    [(code, sev, _)] = _found(old, _version(2, ("甲", "A"), **{"0": "unchanged"}))
    assert (code, sev) == ("TERMS069", "warning")
    [(code, _, msg)] = [(d.code, d.severity, d.message) for d in
                        drift_problems(_doc(), None, _version(2, ("甲", "A"), article="unchanged"), False)]
    assert code == "TERMS069" and "first version" in msg


def test_a_paragraph_added_does_not_hide_a_drift_beside_it() -> None:
    old = _version(1, ("甲", "A"), ("乙", "B"))
    new = _version(2, ("甲", "A"), ("新", "New"), ("乙改", "B"))
    [(code, _, msg)] = _found(old, new)
    assert code == "TERMS068" and "第3項" in msg


def test_provisions_pair_by_id_not_by_position() -> None:
    old = _version(1, ("甲", "A"))
    moved = dataclasses.replace(old, effective=dt.date(2024, 1, 2), loose_articles=(
        Article("new", Localized("新", "New"), (Paragraph(Localized("別", "Other")),)), *old.loose_articles))
    assert _found(old, moved) == []


def test_the_case_reports_both_directions_with_their_lines() -> None:
    _, diags = load_checked(CASE, AS_OF)
    drift = [(d.location.path, d.location.line, d.severity) for d in diags if d.code == "TERMS068"]
    assert ("terms/demo/2025-01-01.yml", 9, "error") in drift       # Japanese changed alone
    assert ("terms/demo/2025-01-01.yml", 13, "error") in drift      # English changed alone
    assert ("terms/policy/2024-01-01.yml", 10, "warning") in drift  # published and announced


def test_new_version_leaves_the_records_out(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASE, root)
    corpus, _ = load_checked(root, AS_OF)
    plan = plan_new_version(root, corpus, "demo", dt.date(2026, 1, 1))
    assert "translation:" not in plan.text
    write_new_version(plan)
    corpus, diags = load_checked(root, AS_OF)
    doc = corpus.document("demo")
    assert doc is not None and doc.versions[-1].key == "2026-01-01"
    new, copied = doc.versions[-1], doc.versions[-2]
    assert [a.paragraphs for a in new.articles] != [a.paragraphs for a in copied.articles]  # records gone
    assert [[p.text for p in a.paragraphs] for a in new.articles] == \
        [[p.text for p in a.paragraphs] for a in copied.articles]
    assert not [d for d in diags if d.location.path.endswith("2026-01-01.yml") and d.code in ("TERMS068", "TERMS069")]
