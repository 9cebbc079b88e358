"""`terms import` over the corpus of import cases: golden output, conservation of the source's text, ids.

Each folder of ``import_cases/`` holds an ``input.*``, its ``document.yml`` and the expected version
YAML and import report. The conservation check proves part 1 of issue 11 on every case: the text of
the source, markup, labels and blank lines aside, is the text of the version plus the lines the
import reported as left out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from termsite.importer.entry import import_text
from termsite.importer.inline import link_labels
from termsite.source.dump import dump_data
from termsite.source.parse import load_version_text

CASES = Path(__file__).parent / "import_cases"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", NAMES)
def test_golden_import(case: str, tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    folder = CASES / case
    source = next(folder.glob("input.*"))
    (tmp_path / "terms" / case).mkdir(parents=True)
    shutil.copy(folder / "document.yml", tmp_path / "terms" / case / "document.yml")
    run = terms("--root", tmp_path, "import", source, "--document", case, "--effective", "2025-04-01",
                "--output", "-")
    assert run.code == 0, run.err
    notes = run.err.replace(str(source), source.name)
    if UPDATE:
        (folder / "expected.yml").write_text(run.out, encoding="utf-8")
        (folder / "expected-notes.txt").write_text(notes, encoding="utf-8")
    assert run.out == (folder / "expected.yml").read_text(encoding="utf-8")
    assert notes == (folder / "expected-notes.txt").read_text(encoding="utf-8")
    # the output is a version of the document that terms check accepts
    (tmp_path / "terms" / case / "2025-04-01.yml").write_text(run.out, encoding="utf-8")
    check = terms("--root", tmp_path, "check")
    assert check.code == 0, check.err


# --- conservation: every character of the source is placed or reported ---------------------------------

_LABEL = re.compile(
    r"^(?:#{1,6}\s*|>\s*)*"
    r"(?:[-*+]\s+|[・●•]\s*|\d{1,3}\.\d{1,3}\.?\s+|\d{1,3}[.)]\s+|[0-9０-９]{1,3}[.．]?[\s　]+|[（(][0-9０-９]{1,3}[）)]\s*"
    r"|[一二三四五六七八九十]{1,3}[\s　]+|[アイウエオカキク][\s　]+"
    r"|第[0-9０-９一二三四五六七八九十百]+[章条](?:の[0-9０-９一二三四五六七八九十]+)?)?")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<a\b[^>]*>|</a>|mailto:")
_NOISE = re.compile(r"<[^>]*>|[\s*_|#()（）\[\]>]")


def _source_chars(line: str, printed: bool = False) -> Counter[str]:
    """The characters of a source line, markup and labels aside (``printed``: headings keep their labels)."""
    stripped = line.strip()
    if not (printed and stripped.startswith("#")):
        stripped = _LABEL.sub("", stripped, count=1)
    stripped = re.sub(r"<((?:https?://|mailto:)?[^<>\s]+@[^<>\s]+|https?://[^<>\s]+)>", r"\1", stripped)
    stripped = re.sub(r"^\t*[-*+]\s+", "", stripped)
    return Counter(_NOISE.sub("", _LINK_TARGET.sub("", stripped)))


def _version_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [x for k, v in node.items() if k not in ("id", "effective", "status", "note")
                for x in ([v] if k in ("ja", "en") and isinstance(v, str) else _version_texts(v))]
    if isinstance(node, list):
        return [x for v in node for x in _version_texts(v)]
    return []


def _mentioned(notes: list[str]) -> set[int]:
    """Every line number a report names: a note's own line and ranges such as 'lines 10–69, 71'."""
    out: set[int] = set()
    for text in notes:
        m = re.match(r"[^:]+:(\d+):", text)
        if m:
            out.add(int(m.group(1)))
        for part in re.findall(r"lines? ([0-9–, ]+)", text):
            for piece in part.split(","):
                a, _, b = piece.strip().partition("–")
                if a.strip().isdigit():
                    out.update(range(int(a), int(b or a) + 1))
    return out


@pytest.mark.parametrize("case", NAMES)
def test_every_character_of_the_source_is_placed_or_reported(case: str) -> None:
    folder = CASES / case
    source = next(folder.glob("input.*"))
    text = source.read_text(encoding="utf-8")
    fmt = "markdown" if source.suffix == ".md" else "text"
    lang = "en" if "original: en" in (folder / "document.yml").read_text(encoding="utf-8") else "ja"
    result = import_text(text, source.name, fmt, lang, dt.date(2025, 4, 1))  # type: ignore[arg-type]
    placed: Counter[str] = Counter()
    for t in _version_texts(result.data):
        placed += Counter(_NOISE.sub("", link_labels(t)))
    kept: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    printed = any("printed labels are kept" in n.message for n in result.notes)
    for n, line in enumerate(text.splitlines(), 1):
        (reported if n in result.left_out else kept).update(_source_chars(line, printed))
    assert placed - kept == Counter(), "text in the version that the source does not have"
    assert kept - placed == Counter(), "text of the source neither placed nor reported"
    named = _mentioned([n.as_text(source.name) for n in result.notes] + result.dropped)
    unnamed = [n for n in sorted(result.left_out) if _source_chars(text.splitlines()[n - 1]) and n not in named]
    assert not unnamed, f"lines left out without a report: {unnamed}"
    assert reported or not result.left_out


def test_conservation_catches_a_lost_title() -> None:
    """The check can fail: a title dropped by the importer shows as characters neither placed nor reported."""
    text = "## 第8条 登録の抹消、利用停止\n\n当社は、登録を抹消できます。\n"
    result = import_text(text, "x.md", "markdown", "ja", dt.date(2025, 4, 1))
    art = result.data["articles"][0]
    assert art["title"] == {"ja": "登録の抹消、利用停止"}
    del art["title"]
    placed = sum((Counter(_NOISE.sub("", t)) for t in _version_texts(result.data)), Counter())
    kept = sum((_source_chars(ln) for ln in text.splitlines()), Counter())
    assert kept - placed == Counter("登録の抹消、利用停止")


# --- ids that survive an insertion ------------------------------------------------------------------------

_TITLES = ["目的", "定義", "適用", "登録", "料金", "支払", "禁止事項", "停止", "解約", "免責", "変更", "準拠法"]


def _statute(titles: list[str]) -> str:
    return "\n".join(f"第{i}条（{t}）\n当社は、{t}について定めるところにより取り扱うものとします。\n"
                     for i, t in enumerate(titles, 1))


def test_an_inserted_article_gets_a_fresh_id_and_every_old_article_keeps_its_own() -> None:
    first = import_text(_statute(_TITLES), "v1.txt", "text", "ja", dt.date(2025, 4, 1))
    v1, diags = load_version_text(dump_data(first.data), "terms/demo/2025-04-01.yml", "demo")
    assert v1 is not None, diags
    old_ids = {a.title.ja: a.id for a in v1.articles if a.title}
    assert list(old_ids.values()) == [f"article-{i}" for i in range(1, 13)]
    inserted = _TITLES[:4] + ["反社会的勢力の排除"] + _TITLES[4:]
    ever = frozenset(old_ids.values())
    second = import_text(_statute(inserted), "v2.txt", "text", "ja", dt.date(2026, 4, 1), previous=v1, ever=ever)
    arts = second.data["articles"]
    assert len(arts) == 13
    for a in arts:
        title = a["title"]["ja"]
        if title in old_ids:
            assert a["id"] == old_ids[title], title  # renumbered (第5条 → 第6条 …), same id
    new = arts[4]
    assert new["title"]["ja"] == "反社会的勢力の排除"
    assert new["id"] not in ever and new["id"] == "article-5-20260401"
    assert second.ids == ["article-5-20260401"]


def test_an_edited_article_is_matched_by_its_content_and_an_unrelated_one_is_not() -> None:
    base = import_text(_statute(_TITLES), "v1.txt", "text", "ja", dt.date(2025, 4, 1))
    v1, _ = load_version_text(dump_data(base.data), "terms/demo/2025-04-01.yml", "demo")
    assert v1 is not None
    edited = _statute(_TITLES).replace("第5条（料金）\n当社は、料金について", "第5条（利用料金）\n当社は、利用料金について")
    edited = edited.replace("第12条（準拠法）\n当社は、準拠法について定めるところにより取り扱うものとします。",
                            "第12条（通知）\nお知らせは電子メールで送ります。")
    again = import_text(edited, "v2.txt", "text", "ja", dt.date(2026, 4, 1), previous=v1,
                        ever=frozenset(a.id for a in v1.articles))
    ids = [a["id"] for a in again.data["articles"]]
    assert ids[4] == "article-5"  # title and text changed a little: the same article
    assert ids[11] == "article-12-20260401"  # nothing in common with 準拠法: a new article, a new id


def test_a_match_is_symmetric_in_the_two_directions() -> None:
    """Deleting the article again pairs the same articles as inserting it did."""
    from termsite.importer.ids import match

    old = [(t, f"当社は、{t}について定める。") for t in _TITLES]
    new = old[:4] + [("反社会的勢力の排除", "利用者は、反社会的勢力に該当しないことを表明する。")] + old[4:]
    forward = match(new, old)
    backward = match(old, new)
    assert forward == {i if i < 4 else i + 1: i for i in range(12)}
    assert {v: k for k, v in forward.items()} == backward


def test_an_insertion_through_the_command_keeps_every_id(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "terms" / "demo"
    folder.mkdir(parents=True)
    (folder / "document.yml").write_text("id: demo\ntitle: {ja: 規約, en: Terms}\noriginal: ja\nnumbering: statute\n",
                                         encoding="utf-8")
    v1 = tmp_path / "v1.txt"
    v1.write_text(_statute(_TITLES), encoding="utf-8")
    first = terms("--root", tmp_path, "import", v1, "--document", "demo", "--effective", "2025-04-01")
    assert first.code == 0, first.err
    v2 = tmp_path / "v2.txt"
    v2.write_text(_statute(_TITLES[:4] + ["反社会的勢力の排除"] + _TITLES[4:]), encoding="utf-8")
    second = terms("--root", tmp_path, "import", v2, "--document", "demo", "--effective", "2026-04-01",
                   "--output", "-")
    assert second.code == 0, second.err
    version, _ = load_version_text(second.out, "terms/demo/2026-04-01.yml", "demo")
    assert version is not None
    assert [a.id for a in version.articles] == [*(f"article-{i}" for i in range(1, 5)), "article-5-20260401",
                                                *(f"article-{i}" for i in range(5, 13))]
    assert "1 new id(s) named from their numbers (article-5-20260401)" in second.err
