"""The result of comparing two versions: units, their aligned rows, changed words and findings.

A :class:`Comparison` lists every unit of either version in reading order (the new order, with
deleted units where they stood). Each :class:`UnitDiff` has a heading diff and :class:`Row` s: one
row per block of either side, an aligned pair on one row. Texts carry a :class:`LocalizedDiff` (one
:class:`~termsite.compare.text.TextDiff` per language).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from termsite.compare.blocks import BlockKind, Texts, UnitKind
from termsite.compare.findings import Finding, UnitRef
from termsite.compare.notes import NoteChange
from termsite.compare.text import TextDiff
from termsite.compare.wording import same_wording
from termsite.compare.words import CHANGE_KINDS, ChangeKind, drift_note
from termsite.model.terms import LANGS, Lang, Numbering

RowStatus = Literal["equal", "modified", "added", "deleted", "moved_in", "moved_out"]
UnitStatus = Literal["unchanged", "modified", "added", "deleted"]
CellStatus = Literal["equal", "modified", "added", "deleted"]


@dataclass(frozen=True)
class LocalizedDiff:
    """The changed words of one text in each language."""

    ja: TextDiff
    en: TextDiff

    def get(self, lang: Lang) -> TextDiff:
        """The diff in ``lang``."""
        return self.ja if lang == "ja" else self.en

    def changed_in(self, lang: Lang) -> bool:
        """True if the text changed in ``lang``."""
        return self.get(lang).changed

    def reworded_in(self, lang: Lang) -> bool:
        """True if the wording changed in ``lang`` (not only whitespace: :mod:`termsite.compare.wording`)."""
        d = self.get(lang)
        return d.changed and not same_wording(d.old, d.new)


@dataclass(frozen=True)
class CellDiff:
    """One table cell; ``added``/``deleted`` when only one side has the cell."""

    status: CellStatus
    text: LocalizedDiff


@dataclass(frozen=True)
class TableRowDiff:
    """One table row: aligned with the other side's row, or added or deleted."""

    status: CellStatus
    old_index: int | None
    new_index: int | None
    cells: tuple[CellDiff, ...]


@dataclass(frozen=True)
class TableDiff:
    """A table compared cell by cell: the header by column, the rows aligned like paragraphs."""

    header: tuple[CellDiff, ...]
    rows: tuple[TableRowDiff, ...]

    def changed_in(self, lang: Lang) -> bool:
        """True if any cell changed in ``lang``, or a row or column came or went."""
        cells = list(self.header) + [c for r in self.rows for c in r.cells]
        return any(r.status != "equal" for r in self.rows) or any(
            c.status in ("added", "deleted") or c.text.changed_in(lang) for c in cells)

    def reworded_in(self, lang: Lang) -> bool:
        """True if the table changed in ``lang`` other than in the whitespace of its cells."""
        cells = list(self.header) + [c for r in self.rows for c in r.cells]
        return any(r.status not in ("equal", "modified") for r in self.rows) or any(
            c.status in ("added", "deleted") or c.text.reworded_in(lang) for c in cells)


@dataclass(frozen=True)
class Row:
    """A block of either side, or an aligned pair of blocks, on one row of the comparison.

    ``old_index``/``new_index`` are the block's position among its unit's blocks on each side (None
    where the side does not have it); labels are what each side shows (``2.``, ``(1)``)."""

    kind: BlockKind
    status: RowStatus
    depth: int
    old_index: int | None
    new_index: int | None
    old_label: str | None
    new_label: str | None
    old_place: Texts | None
    new_place: Texts | None
    text: LocalizedDiff
    table: TableDiff | None = None
    note: Texts | None = None

    @property
    def relabelled(self) -> bool:
        """Both sides have the block but show a different label (a paragraph inserted before it)."""
        return self.old_label is not None and self.new_label is not None and self.old_label != self.new_label

    def changed_in(self, lang: Lang) -> bool:
        """True if the row shows a change in ``lang`` (a relabelling alone is not one)."""
        if self.status != "modified":
            return self.status != "equal"
        return self.text.changed_in(lang) or (self.table is not None and self.table.changed_in(lang))

    def reworded_in(self, lang: Lang) -> bool:
        """True if the row shows a change in ``lang`` other than of whitespace."""
        if self.status != "modified":
            return self.status != "equal"
        return self.text.reworded_in(lang) or (self.table is not None and self.table.reworded_in(lang))

    def formatting_only(self, lang: Lang) -> bool:
        """True if the row changed in ``lang`` in its whitespace only (表記のみ)."""
        return self.changed_in(lang) and not self.reworded_in(lang)

    @property
    def place(self) -> Texts:
        """Where the block is, as a reader cites it (new side first)."""
        return self.new_place or self.old_place or Texts("", "")


@dataclass(frozen=True)
class UnitDiff:
    """One unit compared: status, whether it moved or was renumbered, heading and rows."""

    ref: UnitRef
    status: UnitStatus
    moved: bool
    renumbered: bool
    old_position: int | None
    new_position: int | None
    heading: LocalizedDiff
    rows: tuple[Row, ...]
    changed_langs: tuple[Lang, ...]
    old_note: Texts | None = None
    new_note: Texts | None = None
    #: a modified unit whose every change, in every language, is of formatting only
    formatting_only: bool = False

    @property
    def kind(self) -> UnitKind:
        """preamble, chapter, article, supplementary or appendix."""
        return self.ref.kind

    @property
    def id(self) -> str:
        """The unit's stable id."""
        return self.ref.id

    def shown_in(self, lang: Lang) -> bool:
        """True if the unit is a change a reader of ``lang`` must see (not folded): added, deleted,
        moved, renumbered, or changed in either language (on both pages: see :meth:`drift`)."""
        return self.status != "unchanged" or self.moved or self.renumbered

    def drift(self, lang: Lang, original: Lang) -> str | None:
        """On the page in ``lang``, the note saying that only the other language's text changed."""
        if self.status != "modified" or len(self.changed_langs) != 1:
            return None
        return drift_note(self.changed_langs[0], lang, original, self.kind == "article", self.formatting_only)


def renumbered_only(u: UnitDiff) -> bool:
    """True if the unit's number is all that changed: shown as its heading with both numbers, the
    text (the same on both sides) not repeated."""
    return u.status == "unchanged" and u.renumbered and not u.moved


@dataclass(frozen=True)
class Group:
    """A run of units shown together: changed units, context headings, or a fold of unchanged ones."""

    role: Literal["changed", "context", "folded"]
    units: tuple[UnitDiff, ...]


@dataclass(frozen=True)
class Comparison:
    """Two versions of one document compared."""

    document_id: str
    numbering: Numbering
    original: Lang
    old_key: str
    new_key: str
    units: tuple[UnitDiff, ...]
    findings: tuple[Finding, ...]
    notes: tuple[NoteChange, ...] = ()
    """Translator's notes added, removed or reworded (the translation's comparison shows them apart from
    the changes of the terms; they are no finding: :mod:`termsite.compare.notes`)."""

    def notes_for(self, lang: Lang) -> tuple[NoteChange, ...]:
        """The note changes a reader of ``lang`` sees: none in the original, all in the translation."""
        return tuple(n for n in self.notes if n.lang == lang)

    def note_place(self, n: NoteChange, lang: Lang) -> str:
        """Where a changed note is: the provision's heading and the place of its text (前文第1段落,
        第4条（本サービス提供範囲） 見出し, Article 9 (…), paragraph 3)."""
        if n.unit == "preamble":
            return n.place.get(lang)
        u = self.unit("article", n.unit) or self.unit("supplementary", n.unit) or self.unit("appendix", n.unit)
        name = u.ref.name(lang) if u is not None else n.unit
        return f"{name} {n.place.ja}" if lang == "ja" else f"{name}, {n.place.en}"

    @property
    def has_changes(self) -> bool:
        """True if anything changed (renumbering included)."""
        return bool(self.findings)

    def findings_for(self, lang: Lang) -> tuple[Finding, ...]:
        """The findings a reader of ``lang`` sees: every finding. A provision changed in one language
        only is a change on both pages (the other page says that its text did not follow)."""
        return self.findings

    @functools.cached_property
    def _by_unit(self) -> dict[tuple[str, str], tuple[Finding, ...]]:
        # Made once: a report asks for the findings of each of thousands of units.
        out: dict[tuple[str, str], list[Finding]] = {}
        for f in self.findings:
            out.setdefault((f.unit.kind, f.unit.id), []).append(f)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def _units_by_key(self) -> dict[tuple[str, str], UnitDiff]:
        return {(u.kind, u.id): u for u in reversed(self.units)}

    def findings_of(self, u: UnitDiff) -> tuple[Finding, ...]:
        """The findings about the unit ``u``, in order."""
        return self._by_unit.get((u.kind, u.id), ())

    def counts(self, lang: Lang | None = None) -> dict[ChangeKind, int]:
        """How many findings of each kind (for ``lang``, or in either language)."""
        found = self.findings if lang is None else self.findings_for(lang)
        return {k: sum(1 for f in found if f.kind == k) for k in CHANGE_KINDS}

    def unit(self, kind: UnitKind, unit_id: str) -> UnitDiff | None:
        """The compared unit of this kind and id, if either version has it."""
        return self._units_by_key.get((kind, unit_id))

    def changed_units(self, lang: Lang) -> tuple[UnitDiff, ...]:
        """The units a reader of ``lang`` must see."""
        return tuple(u for u in self.units if u.shown_in(lang))

    def groups(self, lang: Lang) -> tuple[Group, ...]:
        """The units in reading order grouped for display in ``lang``: changed units; runs of
        unchanged ones to fold; and, unfolded as context, the headings of unchanged chapters that
        lead into a change."""
        out: list[Group] = []
        run: list[UnitDiff] = []

        def emit(units: list[UnitDiff], role: Literal["context", "folded"]) -> None:
            if not units:
                return
            if role == "folded" and all(u.kind == "chapter" for u in units):
                role = "context"  # a fold of nothing but headings would hide no text
            if out and out[-1].role == role:
                out[-1] = Group(role, out[-1].units + tuple(units))
            else:
                out.append(Group(role, tuple(units)))

        def flush(before_change: bool) -> None:
            # The heading of the chapter that holds the next change stays visible, in its place.
            last = max((k for k, u in enumerate(run) if u.kind == "chapter"), default=None)
            if before_change and last is not None:
                emit(run[:last], "folded")
                emit([run[last]], "context")
                emit(run[last + 1 :], "folded")
            else:
                emit(run, "folded")
            run.clear()

        for u in self.units:
            if u.shown_in(lang):
                flush(True)
                if out and out[-1].role == "changed":
                    out[-1] = Group("changed", out[-1].units + (u,))
                else:
                    out.append(Group("changed", (u,)))
            else:
                run.append(u)
        flush(False)
        return tuple(out)


def langs_changed(heading_changed: dict[Lang, bool], rows: tuple[Row, ...], structural: bool) -> tuple[Lang, ...]:
    """The languages in which a modified unit reads differently."""
    if structural:
        return LANGS
    found = tuple(lang for lang in LANGS if heading_changed[lang] or any(r.changed_in(lang) for r in rows))
    return found or LANGS
