"""Comparing two versions of a document: what was added, deleted, modified, moved, renumbered.

:func:`compare` matches units by stable id (articles, chapters, supplementary provisions, appendices;
the preamble by position), aligns their paragraphs and items by similarity so that an inserted
paragraph does not make every later one "modified", finds the changed words (characters in
Japanese, words in English) and classifies every change as a typed finding. The result is
deterministic and symmetric: ``compare(doc, b, a)`` mirrors ``compare(doc, a, b)``.

Public API (see :mod:`termsite.compare.model` and :mod:`termsite.compare.findings`)::

    compare(doc, old, new, *, memo=None) -> Comparison
    Comparison.units / .findings / .groups(lang) / .findings_for(lang) / .counts(lang)
    Finding.as_text(lang) / .as_markdown(lang) / .as_html(lang, href=None)
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from termsite.compare.align import align, common_order, similarity
from termsite.compare.blocks import Block, BlockKind, Texts, Unit, UnitKind, units
from termsite.compare.cells import (
    PAIR_THRESHOLD,
    equal_table,
    gap_pairs,
    localized,
    one_side,
    same_texts,
    similarity_lang,
    table_diff,
    walk,
    whole_table,
)
from termsite.compare.collector import collector_paused
from termsite.compare.findings import (
    Added,
    Deleted,
    Finding,
    Modified,
    Moved,
    Reformatted,
    Renumbered,
    UnitRef,
    anchor_for,
    md_escape,
)
from termsite.compare.memo import Memo, Steps, by_identities, by_identity
from termsite.compare.model import (
    CellDiff,
    CellStatus,
    Comparison,
    Group,
    LocalizedDiff,
    Row,
    RowStatus,
    TableDiff,
    TableRowDiff,
    UnitDiff,
    UnitStatus,
    langs_changed,
)
from termsite.compare.notes import NoteChange, note_changes
from termsite.compare.pairing import pair_units
from termsite.compare.text import Segment, TextDiff, renumbered
from termsite.compare.wording import same_wording
from termsite.compare.words import CHANGE_KINDS, ChangeKind
from termsite.model.terms import LANGS, Document, Lang, Version

__all__ = [
    "CHANGE_KINDS",
    "Added",
    "BlockKind",
    "CellDiff",
    "CellStatus",
    "ChangeKind",
    "Comparison",
    "Deleted",
    "Finding",
    "Group",
    "LocalizedDiff",
    "Modified",
    "Moved",
    "NoteChange",
    "Reformatted",
    "Renumbered",
    "Row",
    "RowStatus",
    "Segment",
    "TableDiff",
    "TableRowDiff",
    "TextDiff",
    "Texts",
    "UnitDiff",
    "UnitKind",
    "UnitRef",
    "UnitStatus",
    "anchor_for",
    "compare",
    "md_escape",
]

# ---- blocks of one unit -----------------------------------------------------------------------


@dataclass
class _Pending:
    """A unit pair while it is being compared (moves across units are found before rows are built)."""

    old: Unit | None
    new: Unit | None
    steps: list[tuple[int, int, str]]
    moved_to: dict[int, tuple[Unit, int]]
    moved_from: dict[int, tuple[Unit, int]]


def _block_weight(a: Block, b: Block, original: Lang) -> int:
    if a.kind != b.kind or a.depth != b.depth:
        return 0
    if a.kind == "section" and a.anchor != b.anchor:
        return 0
    if a.key() == b.key():
        return 1000
    ta, tb = a.similarity_text(original), b.similarity_text(original)
    lang = similarity_lang(original, ta.strip(), tb.strip())
    s = similarity(a.similarity_text(lang), b.similarity_text(lang))
    if a.kind == "section":  # the same subsection (same id), whatever its new title
        return max(s, PAIR_THRESHOLD)
    return s if s >= PAIR_THRESHOLD else 0


def _align_blocks(old: tuple[Block, ...], new: tuple[Block, ...], original: Lang) -> list[tuple[int, int, str]]:
    if old is new:  # an unchanged article's blocks, shared by both versions
        return [(k, k, "pair") for k in range(len(old))]
    a_keys = [b.key() for b in old]
    b_keys = [b.key() for b in new]
    if a_keys == b_keys:
        return [(k, k, "pair") for k in range(len(old))]
    pairs = align(a_keys, b_keys, lambda i, j: _block_weight(old[i], new[j], original))
    # A block with an identical twin on the other side is a move, not a rewrite of its neighbour.
    twins = set(a_keys) & set(b_keys)
    compatible = [
        [x.kind == y.kind and x.depth == y.depth and (x.kind != "section" or x.anchor == y.anchor)
         and a_keys[i] not in twins and b_keys[j] not in twins for j, y in enumerate(new)]
        for i, x in enumerate(old)
    ]
    pairs = gap_pairs(pairs, len(old), len(new), compatible)
    return walk(pairs, len(old), len(new))


def _move_key(b: Block) -> str:
    # A move keeps the text; it may change depth (an item becoming a sub-item).
    return "\x1f".join([b.kind, b.anchor, b.key().split("\x1f", 3)[3]])


def _find_moves(pending: list[_Pending]) -> None:
    """Pair a deleted block with an added block of the same text, within a unit or across units.

    Deleted blocks are taken in old reading order and added ones in new reading order, so the
    pairing is the same whichever version is called old."""
    gone: dict[str, list[tuple[int, int, _Pending]]] = defaultdict(list)
    came: dict[str, list[tuple[int, int, _Pending]]] = defaultdict(list)
    for p in pending:
        if p.old is None or p.new is None:
            continue
        for i, j, kind in p.steps:
            if kind == "old":
                gone[_move_key(p.old.blocks[i])].append((p.old.position, i, p))
            elif kind == "new":
                came[_move_key(p.new.blocks[j])].append((p.new.position, j, p))
    for key, olds in gone.items():
        news = came.get(key, [])
        for (_, i, po), (_, j, pn) in zip(sorted(olds, key=lambda t: t[:2]), sorted(news, key=lambda t: t[:2]),
                                           strict=False):
            assert po.old is not None and pn.new is not None
            po.moved_to[i] = (pn.new, j)
            pn.moved_from[j] = (po.old, i)


def _move_note(here: Unit, there: Unit, block: Block, direction: str) -> Texts:
    place = block.place
    if here.key != there.key:
        name = there.label or there.heading
        place = Texts(f"{name.ja}{place.ja}", f"{name.en}, {place.en}")
    if direction == "from":
        return Texts(f"（{place.ja}から移動）", f"(moved from {place.en})")
    return Texts(f"（{place.ja}へ移動）", f"(moved to {place.en})")


def _block_row(p: _Pending, i: int, j: int, kind: str, original: Lang) -> Row:
    if kind == "pair":
        assert p.old is not None and p.new is not None
        a, b = p.old.blocks[i], p.new.blocks[j]
        status: RowStatus = "equal" if a.key() == b.key() else "modified"
        table = None
        if a.table is not None and b.table is not None:
            table = equal_table(a.table) if status == "equal" else table_diff(a.table, b.table, original)
        text = same_texts(a.text) if status == "equal" else localized(a.text, b.text)
        return Row(a.kind, status, b.depth, i, j, a.label, b.label, a.place, b.place, text, table)
    if kind == "old":
        assert p.old is not None
        a = p.old.blocks[i]
        note = None
        status = "deleted"
        if i in p.moved_to:
            there, k = p.moved_to[i]
            status, note = "moved_out", _move_note(p.old, there, there.blocks[k], "to")
        table = whole_table(a.table, "old") if a.table is not None else None
        return Row(a.kind, status, a.depth, i, None, a.label, None, a.place, None, one_side(a.text, "old"),
                   table, note)
    assert p.new is not None
    b = p.new.blocks[j]
    note = None
    status = "added"
    if j in p.moved_from:
        there, k = p.moved_from[j]
        status, note = "moved_in", _move_note(p.new, there, there.blocks[k], "from")
    table = whole_table(b.table, "new") if b.table is not None else None
    return Row(b.kind, status, b.depth, None, j, None, b.label, None, b.place, one_side(b.text, "new"), table, note)


# ---- units ------------------------------------------------------------------------------------


def _display_order(old: list[Unit], new: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Every unit once: the new order, each deleted unit after the old unit it followed."""
    new_keys = {u.key: u for u in new}
    old_keys = {u.key: u for u in old}
    after: dict[tuple[str, str] | None, list[Unit]] = defaultdict(list)
    anchor: tuple[str, str] | None = None
    for u in old:
        if u.key in new_keys:
            anchor = u.key
        else:
            after[anchor].append(u)
    out: list[tuple[Unit | None, Unit | None]] = [(u, None) for u in after[None]]
    for u in new:
        out.append((old_keys.get(u.key), u))
        out += [(d, None) for d in after.get(u.key, [])]
    return out


def _moved_units(doc: Document, old: list[Unit], new: list[Unit]) -> dict[tuple[str, str], tuple[Texts, Texts]]:
    """Units present in both versions at another place: ``key -> (old place, new place)``."""
    out: dict[tuple[str, str], tuple[Texts, Texts]] = {}
    old_chapters = {u.id: u for u in old if u.kind == "chapter"}
    new_chapters = {u.id: u for u in new if u.kind == "chapter"}
    for kind in ("chapter", "article", "supplementary", "appendix"):
        a = [u for u in old if u.kind == kind]
        b = [u for u in new if u.kind == kind]
        # Known by the ids both versions give the pair, so that ties break alike either way round.
        pair_key = {u.id: "\x00".join(sorted((u.given_id, u.id))) for u in a}
        kept_keys = common_order([pair_key[u.id] for u in a], [pair_key.get(u.id, u.id) for u in b])
        kept = {u.id for u in a if pair_key[u.id] in kept_keys}
        a_by_id = {u.id: (k, u) for k, u in enumerate(a)}
        for j, u in enumerate(b):
            if u.id not in a_by_id:
                continue
            i, v = a_by_id[u.id]
            chapter_moved = (kind == "article" and v.chapter != u.chapter
                             and (v.chapter in new_chapters or u.chapter in old_chapters))
            if u.id in kept and not chapter_moved:
                continue
            if chapter_moved:
                out[u.key] = (_chapter_name(old_chapters.get(v.chapter or "")),
                              _chapter_name(new_chapters.get(u.chapter or "")))
            else:
                out[u.key] = (_after(a, i), _after(b, j))
    return out


def _chapter_name(ch: Unit | None) -> Texts:
    if ch is None:
        return Texts("章の外", "outside any chapter")
    return ch.label or ch.title


def _after(seq: list[Unit], k: int) -> Texts:
    if k == 0:
        return Texts("冒頭", "the beginning")
    prev = seq[k - 1]
    name = prev.label or prev.heading
    return Texts(f"{name.ja}の次", f"after {name.en}")


def _snippet(u: Unit) -> Texts:
    for b in u.blocks:
        if b.text.ja or b.text.en:
            return Texts(_cut(b.text.ja, 20), _cut(b.text.en, 40))
    return Texts(u.id, u.id)


@functools.lru_cache(maxsize=4096)
def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "…"


def _finish(doc: Document, p: _Pending, moves: dict[tuple[str, str], tuple[Texts, Texts]],
            memo: Memo | None) -> UnitDiff:
    """The diff of one unit pair (or lone unit), its rows in the order of ``p.steps``.

    An article unchanged at the same place and number is the very same unit in both versions (with a
    memo: :func:`termsite.compare.blocks.units`), and then its diff is the one of the comparison before;
    so is the diff of two units compared before, unless a block moved between units."""
    if memo is None or p.old is None or p.new is None or p.old.key in moves or p.new.key in moves:
        return _diff_unit(doc, p, moves, memo)
    if p.old is p.new:
        return by_identity(memo.same_unit, p.old, lambda: _diff_unit(doc, p, moves, memo))
    if p.moved_to or p.moved_from:  # the rows name the other unit: this comparison's alone
        return _diff_unit(doc, p, moves, memo)
    # the same two units in another comparison (a version and the one in force, after the version
    # before it and the one in force): their rows follow from them alone
    return by_identities(memo.unit_pairs, p.old, p.new, lambda: _diff_unit(doc, p, moves, memo))


def _diff_unit(doc: Document, p: _Pending, moves: dict[tuple[str, str], tuple[Texts, Texts]],
               memo: Memo | None) -> UnitDiff:
    old, new = p.old, p.new
    some = new or old
    assert some is not None
    ref = UnitRef(some.kind, some.id, old.heading if old else None, new.heading if new else None,
                  old.label if old else None, new.label if new else None, _snippet(some),
                  old.given_id if old else None, new.given_id if new else None)
    if old is not None and new is not None and old.blocks is new.blocks:
        rows = _equal_rows(old.blocks, memo)
    else:
        rows = tuple(_block_row(p, i, j, kind, doc.original) for i, j, kind in p.steps)
    status: UnitStatus
    if old is None or new is None:
        side = "new" if old is None else "old"
        status = "added" if old is None else "deleted"
        return UnitDiff(ref, status, False, False, old.position if old else None, new.position if new else None,
                        one_side(some.heading, side), rows, LANGS)
    status = "unchanged" if old.content == new.content else "modified"
    renumbered = old.number != new.number and old.number is not None and new.number is not None
    heading = _heading_diff(old, new)
    langs: tuple[Lang, ...] = ()
    formatting = False
    if status == "modified":
        structural = any(r.status not in ("equal", "modified") for r in rows)
        # The heading without its number: a title or caption changed in that language.
        a, b = _strip_label(old.heading, old.label), _strip_label(new.heading, new.label)
        langs = langs_changed({lang: a.get(lang) != b.get(lang) for lang in LANGS}, rows, structural)
        formatting = not structural and not any(
            not same_wording(a.get(lang), b.get(lang)) or any(r.reworded_in(lang) for r in rows) for lang in LANGS)
    old_note = new_note = None
    moved = p.new is not None and new.key in moves
    if moved:
        was, now = moves[new.key]
        old_note = Texts(f"（{now.ja}へ移動）", f"(moved to {now.en})")
        new_note = Texts(f"（{was.ja}から移動）", f"(moved from {was.en})")
    return UnitDiff(ref, status, moved, renumbered, old.position, new.position, heading, rows, langs,
                    old_note, new_note, formatting)


def _heading_diff(old: Unit, new: Unit) -> LocalizedDiff:
    """The changed words of a heading; of its number alone when that is all that changed (a renumbered
    article: thousands of them after an insertion near the top of a long document)."""
    if old.heading == new.heading:
        return same_texts(new.heading)
    a, b = old.label, new.label
    if a is not None and b is not None and all(
            old.heading.get(lang).startswith(a.get(lang)) and new.heading.get(lang).startswith(b.get(lang))
            and old.heading.get(lang)[len(a.get(lang)):] == new.heading.get(lang)[len(b.get(lang)):]
            and not old.heading.get(lang)[len(a.get(lang)):][:1].isalnum()  # the number's token ends with it
            for lang in LANGS):
        ja, en = (renumbered(a.get(lang), b.get(lang), new.heading.get(lang)[len(b.get(lang)):], lang)
                  for lang in LANGS)
        return LocalizedDiff(ja, en)
    return localized(old.heading, new.heading)


def _equal_rows(blocks: tuple[Block, ...], memo: Memo | None) -> tuple[Row, ...]:
    """Each block paired with itself: what the rows of two equal blocks are, unchanged.

    An article that did not change shares its blocks with the version before (with a memo:
    :func:`termsite.compare.blocks.units`), and so its rows with the comparison before."""
    return by_identity(memo.same_blocks if memo is not None else None, blocks, lambda: tuple(
        Row(b.kind, "equal", b.depth, k, k, b.label, b.label, b.place, b.place, same_texts(b.text),
            equal_table(b.table) if b.table is not None else None)
        for k, b in enumerate(blocks)))


def _places(u: UnitDiff) -> tuple[Texts, ...]:
    out: list[Texts] = []
    if u.heading.ja.changed or u.heading.en.changed:
        # A heading that differs only by the renumbering is reported as renumbered, not here.
        if not u.renumbered or u.ref.old_heading is None or u.ref.new_heading is None or (
            _strip_label(u.ref.old_heading, u.ref.old_label) != _strip_label(u.ref.new_heading, u.ref.new_label)
        ):
            out.append(Texts("見出し", "heading"))
    # Where the wording changed; where only the formatting did if that is all there is.
    changed = [r for r in u.rows if r.reworded_in("ja") or r.reworded_in("en")] or [
        r for r in u.rows if r.changed_in("ja") or r.changed_in("en")]
    for r in changed or [r for r in u.rows if r.relabelled]:
        if r.place not in out:
            out.append(r.place)
    return tuple(out)


def _strip_label(heading: Texts, label: Texts | None) -> Texts:
    if label is None:
        return heading
    return Texts(heading.ja.replace(label.ja, "", 1), heading.en.replace(label.en, "", 1))


def _findings(u: UnitDiff, moves: dict[tuple[str, str], tuple[Texts, Texts]]) -> list[Finding]:
    if u.status == "added":
        return [Added(u.ref)]
    if u.status == "deleted":
        return [Deleted(u.ref)]
    out: list[Finding] = []
    if u.moved:
        was, now = moves[(u.kind, u.id)]
        out.append(Moved(u.ref, was, now))
    if u.renumbered and u.ref.old_label is not None and u.ref.new_label is not None:
        out.append(Renumbered(u.ref, u.ref.old_label, u.ref.new_label))
    if u.status == "modified":
        out.append((Reformatted if u.formatting_only else Modified)(u.ref, _places(u), u.changed_langs))
    return out


def _units(doc: Document, version: Version, memo: Memo | None) -> list[Unit]:
    """The units of ``version``: a site compares each version with the one before and the one after,
    so with a memo each is flattened once, not twice."""
    if memo is None:
        return units(doc, version)
    key = (id(doc), id(version))
    hit = memo.units.get(key)
    if hit is None or hit[0] is not doc or hit[1] is not version:  # the objects are kept: ids not reused
        hit = (doc, version, tuple(units(doc, version, memo)))
        memo.units[key] = hit
    return list(hit[2])


def compare(doc: Document, old: Version, new: Version, *, memo: Memo | None = None) -> Comparison:
    """Compare two versions of ``doc``: every unit of either, aligned, with typed findings.

    With a ``memo`` (:class:`termsite.compare.memo.Memo`), what an earlier comparison of the document
    made is found again instead of made: the same result."""
    with collector_paused():
        return _compare(doc, old, new, memo)


def _compare(doc: Document, old: Version, new: Version, memo: Memo | None) -> Comparison:
    old_units, new_units = _units(doc, old, memo), _units(doc, new, memo)
    old_units = pair_units(old_units, new_units, doc.original, memo.grams if memo is not None else None)
    pending: list[_Pending] = []
    table = memo.alignments if memo is not None else None
    for a, b in _display_order(old_units, new_units):
        if a is not None and b is not None:
            made: Steps = by_identities(table, a.blocks, b.blocks,
                                        lambda: tuple(_align_blocks(a.blocks, b.blocks, doc.original)))  # noqa: B023
            steps = list(made)
        elif a is not None:
            steps = [(k, -1, "old") for k in range(len(a.blocks))]
        else:
            assert b is not None
            steps = [(-1, k, "new") for k in range(len(b.blocks))]
        pending.append(_Pending(a, b, steps, {}, {}))
    _find_moves(pending)
    moves = _moved_units(doc, old_units, new_units)
    diffs = tuple(_finish(doc, p, moves, memo) for p in pending)
    findings = tuple(f for u in diffs for f in _findings(u, moves))
    return Comparison(doc.id, doc.numbering, doc.original, old.key, new.key, diffs, findings,
                      note_changes(doc, old, new))
