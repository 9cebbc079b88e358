"""Property tests of the diff over random versions of the whole model.

* a version compared with itself has no changes;
* ``compare(a, b)`` and ``compare(b, a)`` are mirrors (added ↔ deleted, ins ↔ del, moved in ↔ out);
* applying the comparison's new side rebuilds b's text, its old side a's text (checked against an
  independent plain-text rendering of each version);
* the changed words of any two texts rebuild both texts and are symmetric.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.compare.compare import (
    Added,
    Comparison,
    Deleted,
    Finding,
    Modified,
    Moved,
    Renumbered,
    TableDiff,
    UnitRef,
    compare,
)
from termsite.compare.report import side_text
from termsite.compare.text import diff_text, renumbered
from termsite.model.numbering import (
    article_numbers,
    chapter_label,
    chapter_numbers,
    heading,
    item_label,
    paragraph_label,
    section_label,
)
from termsite.model.terms import LANGS, Article, Document, Item, Lang, Localized, Paragraph, Version
from termsite.speed.memo import comparison_memo

from .strategies import _no_sections, documents, edited, version_pairs, versions

# ---- an independent plain-text rendering of a version ------------------------------------------


def _t(x: Localized | None, lang: Lang) -> str:
    return "" if x is None else (x.get(lang) or "")


def _items(out: list[str], items: tuple[Item, ...], style: str, depth: int, lang: Lang) -> None:
    for m, it in enumerate(items, 1):
        out.append("  " * depth + item_label(style, m) + " " + _t(it.text, lang))  # type: ignore[arg-type]
        out += ["  " * depth + _t(d, lang) for d in it.detail]
        _items(out, it.items, it.items_style, depth + 1, lang)


def _paragraphs(out: list[str], doc: Document, paras: tuple[Paragraph, ...], depth: int, lang: Lang,
                art: Article | None) -> None:
    for k, p in enumerate(paras, 1):
        label = paragraph_label(art, k, doc.numbering, len(paras))
        if p.text is not None or label:
            out.append("  " * depth + (label + " " if label else "") + _t(p.text, lang))
        _items(out, p.items, p.items_style, depth + 1, lang)
        if p.table is not None:
            for row in (p.table.header, *p.table.rows):
                out.append("  " * depth + "| " + " | ".join(_t(c, lang) for c in row))


def version_text(doc: Document, v: Version, lang: Lang) -> str:
    """Every heading, label and text of ``v`` in reading order, one per line."""
    out: list[str] = []
    if v.preamble:
        out.append("# " + ("前文" if lang == "ja" else "Preamble"))
        out += [_t(x, lang) for x in v.preamble]
    numbers = article_numbers(v)
    chapters = chapter_numbers(v)
    sep = "\u3000" if lang == "ja" else ": "

    def article(a: Article) -> None:
        n = numbers[a.id]
        out.append("# " + heading(doc, n, _t(a.title, lang) or None, lang))
        _paragraphs(out, doc, a.paragraphs, 0, lang, a)
        for j, s in enumerate(a.sections, 1):
            label = section_label(n, j, doc.numbering)
            out.append((label + " " if label else "") + _t(s.title, lang))
            _paragraphs(out, doc, s.paragraphs, 1, lang, None)

    for c in v.chapters:
        label = chapter_label(chapters[c.id], doc.numbering, lang)
        out.append("# " + sep.join(x for x in (label, _t(c.title, lang)) if x))
        for a in c.articles:
            article(a)
    for a in () if v.chapters else v.loose_articles:
        article(a)
    for s in v.supplementary:
        caption = _t(s.caption, lang)
        out.append("# " + _t(s.title, lang) + ((f"（{caption}）" if lang == "ja" else f" ({caption})") if caption else ""))
        _paragraphs(out, doc, s.paragraphs, 0, lang, None)
    for ap in v.appendices:
        out.append("# " + sep.join(x for x in (_t(ap.label, lang), _t(ap.title, lang)) if x))
        _paragraphs(out, doc, ap.paragraphs, 0, lang, None)
    return "\n".join(out) + "\n"


# ---- mirrors ----------------------------------------------------------------------------------

_STATUS = {"added": "deleted", "deleted": "added", "moved_in": "moved_out", "moved_out": "moved_in",
           "equal": "equal", "modified": "modified", "unchanged": "unchanged"}


def _ids(ref: UnitRef, mirror: bool) -> tuple[str | None, str | None]:
    # A unit pair is known by the ids its two versions give it: the comparison's own id is the new
    # side's, which is the other version when the comparison is turned round.
    return (ref.new_id, ref.old_id) if mirror else (ref.old_id, ref.new_id)


def _finding_key(f: Finding, mirror: bool) -> tuple[Any, ...]:
    base = (f.unit.kind, *_ids(f.unit, mirror))
    if isinstance(f, Added | Deleted):
        kind = f.kind if not mirror else ("deleted" if f.kind == "added" else "added")
        return (kind, *base)
    if isinstance(f, Modified):
        return ("modified", *base, f.langs)
    if isinstance(f, Moved):
        places = (f.new_place, f.old_place) if mirror else (f.old_place, f.new_place)
        return ("moved", *base, places)
    assert isinstance(f, Renumbered)
    numbers = (f.new_number, f.old_number) if mirror else (f.old_number, f.new_number)
    return ("renumbered", *base, numbers)


def _table_rows(t: TableDiff, mirror: bool) -> set[tuple[Any, ...]]:
    out = set()
    for r in t.rows:
        cells = tuple((_STATUS[c.status] if mirror else c.status,
                       c.text.ja.mirrored() if mirror else c.text.ja,
                       c.text.en.mirrored() if mirror else c.text.en) for c in r.cells)
        idx = (r.new_index, r.old_index) if mirror else (r.old_index, r.new_index)
        out.add((*idx, _STATUS[r.status] if mirror else r.status, cells))
    return out


def assert_mirrored(fwd: Comparison, back: Comparison) -> None:
    assert sorted(map(repr, (_finding_key(f, False) for f in back.findings))) == sorted(
        map(repr, (_finding_key(f, True) for f in fwd.findings)))
    back_units = {(u.kind, *_ids(u.ref, False)): u for u in back.units}
    assert len(back_units) == len(fwd.units)
    for u in fwd.units:
        v = back_units[(u.kind, *_ids(u.ref, True))]
        assert (v.status, v.moved, v.renumbered, v.changed_langs) == (_STATUS[u.status], u.moved, u.renumbered,
                                                                    u.changed_langs)
        assert (v.old_position, v.new_position) == (u.new_position, u.old_position)
        assert v.heading.ja == u.heading.ja.mirrored() and v.heading.en == u.heading.en.mirrored()
        rows = {(r.old_index, r.new_index): r for r in v.rows}
        assert len(rows) == len(u.rows)
        for r in u.rows:
            m = rows[(r.new_index, r.old_index)]
            assert m.status == _STATUS[r.status]
            assert (m.old_label, m.new_label) == (r.new_label, r.old_label)
            assert m.text.ja == r.text.ja.mirrored() and m.text.en == r.text.en.mirrored()
            assert (m.table is None) == (r.table is None)
            if m.table is not None and r.table is not None:
                assert _table_rows(m.table, False) == _table_rows(r.table, True)


# ---- properties ---------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(documents, versions())
def test_a_version_compared_with_itself_has_no_changes(doc: Document, v: Version) -> None:
    result = compare(doc, v, v)
    assert not result.has_changes and result.findings == ()
    assert all(u.status == "unchanged" and not u.moved and not u.renumbered for u in result.units)
    assert all(r.status == "equal" and not r.relabelled for u in result.units for r in u.rows)
    assert all(s.op == "equal" for u in result.units for r in u.rows for lang in LANGS
               for s in r.text.get(lang).segments)
    assert all(g.role != "changed" for lang in LANGS for g in result.groups(lang))


@settings(max_examples=120, deadline=None)
@given(version_pairs())
def test_comparing_both_ways_gives_mirrored_findings(case: tuple[Document, Version, Version]) -> None:
    doc, a, b = case
    forward = compare(doc, a, b)
    assert_mirrored(forward, compare(doc, b, a))
    assert compare(doc, a, b) == forward  # deterministic


@settings(max_examples=120, deadline=None)
@given(version_pairs())
def test_applying_either_side_rebuilds_that_version(case: tuple[Document, Version, Version]) -> None:
    doc, a, b = case
    result = compare(doc, a, b)
    for lang in LANGS:
        assert side_text(result, "new", lang) == version_text(doc, b, lang)
        assert side_text(result, "old", lang) == version_text(doc, a, lang)
    # Every change is classified, and a unit without a finding shows no change.
    classified = {(f.unit.kind, f.unit.id) for f in result.findings}
    for u in result.units:
        visible_change = u.status != "unchanged" or u.moved or u.renumbered
        assert ((u.kind, u.id) in classified) == visible_change
        if u.status == "unchanged":
            assert all(r.status == "equal" for r in u.rows)


_TEXT = st.text(st.sampled_from(list("約款当社はがをの、。 AB12\n")), max_size=30)
_REPEATS = st.text(st.sampled_from(list("当社はの")), min_size=5, max_size=30)
_WORDS = st.lists(st.sampled_from(["the", "Company", "may", " ", ",", "12", "shall", "\n"]), max_size=12).map("".join)


@st.composite
def _text_pairs(draw: st.DrawFn, lang: Lang) -> tuple[str, str]:
    """Two texts: unrelated, or the second an edit of the first (repetitive Japanese is where
    difflib's ties would make the two directions disagree)."""
    x = draw(_WORDS if lang == "en" else st.one_of(_TEXT, _REPEATS))
    if draw(st.booleans()):
        return x, draw(_WORDS if lang == "en" else _TEXT)
    y = list(x)
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(y)))
        piece = draw(st.sampled_from(["当", "社", "は", "の", "the", " "]))
        if draw(st.booleans()) or not y:
            y.insert(k, piece)
        else:
            y.pop(min(k, len(y) - 1))
    return x, "".join(y)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["ja", "en"]), st.data())
def test_changed_words_rebuild_both_texts_and_are_symmetric(lang: Lang, data: st.DataObject) -> None:
    x, y = data.draw(_text_pairs(lang))
    d = diff_text(x, y, lang)
    assert (d.old, d.new) == (x, y)
    assert diff_text(y, x, lang) == d.mirrored()
    assert all(s.text for s in d.segments)
    assert all(p.op != q.op for p, q in zip(d.segments, d.segments[1:], strict=False))
    assert d.changed == (x != y)


_HEAD_REST = {"ja": st.text(st.sampled_from(list("（）条第1234の本約款")), max_size=10),
              "en": st.text(st.sampled_from(list(" ()Article12x")), max_size=10)}


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["ja", "en"]), st.integers(1, 120), st.integers(1, 120), st.data())
def test_a_renumbered_heading_diff_is_the_diff_of_its_number(lang: Lang, n: int, m: int, data: st.DataObject) -> None:
    # compare diffs only the number of a heading whose number alone changed: the same result
    rest = data.draw(_HEAD_REST[lang].filter(lambda r: not r[:1].isalnum()))
    a, b = (f"第{k}条" if lang == "ja" else f"Article {k}" for k in (n, m))
    if data.draw(st.booleans()):  # a label of another shape: diffed
        b = data.draw(st.sampled_from(["第1条の2", "Article 1-2", "附則", "第A条"]))
    assert renumbered(a, b, rest, lang) == diff_text(a + rest, b + rest, lang)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_shared_memo_gives_every_pair_of_a_chain_its_plain_comparison(data: st.DataObject) -> None:
    # A site compares each version with the one before and with the versions in force and upcoming: the
    # same two units meet in several comparisons, in some with a block moved from or to another unit.
    doc = data.draw(documents)
    chain = [data.draw(versions())]
    for _ in range(3):
        chain.append(data.draw(edited(chain[-1])))
    if doc.numbering != "decimal":
        chain = [_no_sections(v) for v in chain]
    memo = comparison_memo()
    pairs = [(a, b) for k, a in enumerate(chain) for b in chain[k + 1:]]
    for a, b in pairs + pairs[::-1]:
        assert compare(doc, a, b, memo=memo) == compare(doc, a, b)


def test_a_memo_does_not_carry_a_move_into_a_comparison_without_it() -> None:
    # v0 -> v1 adds P to b; v1 -> v2 moves P from b to a. Article a is the same object in v0 and v1 and
    # a2 the same in both comparisons: (v1, v2) notes the move, (v0, v2) shows P added to a.
    import dataclasses as dc
    import datetime as dt

    from termsite.model.terms import Document as Doc
    from termsite.model.terms import Version as Ver

    def par(ja: str, en: str) -> Paragraph:
        return Paragraph(text=Localized(ja, en), items=(), items_style="paren", table=None)

    p = par("移る段落です。", "The paragraph that moves.")
    a = Article(id="a", title=Localized("甲", "A"), paragraphs=(par("甲の本文です。", "A's text."),), sections=())
    b0 = Article(id="b", title=Localized("乙", "B"), paragraphs=(par("乙の本文です。", "B's text."),), sections=())
    b1 = dc.replace(b0, paragraphs=(*b0.paragraphs, p))
    a2 = dc.replace(a, paragraphs=(*a.paragraphs, p))

    def ver(day: int, *arts: Article) -> Ver:
        return Ver(document_id="demo", effective=dt.date(2024, 1, day), announced=dt.date(2024, 1, day),
                   status="published", impact=None, summary=None, reason=None, note=None, preamble=(),
                   chapters=(), loose_articles=arts, supplementary=(), appendices=())

    doc = Doc(id="demo", title=Localized("デモ", "Demo"), original="ja", numbering="statute", change_clause=None,
              publisher=None, versions=())
    v0, v1, v2 = ver(1, a, b0), ver(2, a, b1), ver(3, a2, b0)
    assert any(u.moved or any(r.note is not None for r in u.rows) for u in compare(doc, v1, v2).units)
    # (v0, v1) first: v1 then shares the unit of a with v0 (the memo keeps the last unit at each place)
    for order in ([(v0, v1), (v1, v2), (v0, v2)], [(v0, v1), (v0, v2), (v1, v2)]):
        memo = comparison_memo()
        for old, new in order:
            assert compare(doc, old, new, memo=memo) == compare(doc, old, new)
