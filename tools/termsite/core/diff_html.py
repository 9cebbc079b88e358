"""The 新旧対照表 as an HTML fragment: ``templates/partials/comparison.html.j2`` over a view model.

The view model (built here, in Python) says what each column shows; the template only writes the
markup. Changed words are ``<ins>``/``<del>`` (underline / strike-through, so they read without
colour) with visually hidden words that screen readers announce. Added and deleted units and rows
carry (新設)/(削除) in the other column; unchanged units are folded in ``<details>``; on a narrow
screen the columns stack, each with its label.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import jinja2
from markupsafe import Markup, escape

from .diff_model import Comparison, Group, Row, TableDiff, UnitDiff
from .diff_report import fold_title
from .diff_text import Segment, Side, diff_text
from .diff_words import word
from .model import Document, Lang

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
TEMPLATE = "partials/comparison.html.j2"
PAGE_TEMPLATE = "partials/comparison_page.html.j2"
CSS = TEMPLATES / "assets" / "comparison.css"

Column = Literal["new", "old"]


@dataclass(frozen=True)
class TableView:
    """One side of a table inside a cell: header cells and rows of segments."""

    header: tuple[tuple[Segment, ...], ...]
    rows: tuple[tuple[str, tuple[tuple[Segment, ...], ...]], ...]


@dataclass(frozen=True)
class CellView:
    """What one column shows on one row."""

    side: Side
    column: str
    present: bool
    label: tuple[Segment, ...]
    segments: tuple[Segment, ...]
    table: TableView | None
    marker: str
    note: str
    heading: bool


@dataclass(frozen=True)
class RowView:
    """One row: its kind, status, depth and one cell per column, in column order."""

    kind: str
    status: str
    depth: int
    cells: tuple[CellView, ...]
    same: bool


@dataclass(frozen=True)
class UnitView:
    """One unit: its anchor, classes and rows (the first is the heading)."""

    anchor: str
    classes: str
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class GroupView:
    """A table of units; ``summary`` is set for a folded run."""

    role: str
    summary: str
    units: tuple[UnitView, ...]


def _table_view(t: TableDiff, side: Side, lang: Lang) -> TableView:
    gone = "added" if side == "old" else "deleted"
    header = tuple(c.text.get(lang).side(side) for c in t.header if c.status != gone)
    rows = tuple(
        (r.status, tuple(c.text.get(lang).side(side) for c in r.cells if c.status != gone))
        for r in t.rows if r.status != gone
    )
    return TableView(header, rows)


def _cell(row: Row, side: Side, column: str, lang: Lang, in_whole: bool) -> CellView:
    present = (row.old_index if side == "old" else row.new_index) is not None
    marker = ""
    if not in_whole:  # in an added or deleted unit the heading alone carries the marker
        if not present and row.status == "added" and side == "old":
            marker = word("marker_added", lang)
        if not present and row.status == "deleted" and side == "new":
            marker = word("marker_deleted", lang)
    if not present:
        return CellView(side, column, False, (), (), None, marker, "", False)
    label_text = row.old_label if side == "old" else row.new_label
    if row.relabelled:
        label = diff_text(row.old_label or "", row.new_label or "", lang).side(side)
    else:
        label = (Segment("equal", label_text),) if label_text else ()
    table = _table_view(row.table, side, lang) if row.table is not None else None
    note = row.note.get(lang) if row.note is not None else ""
    return CellView(side, column, True, label, row.text.get(lang).side(side), table, "", note, False)


def _heading_cell(u: UnitDiff, side: Side, column: str, lang: Lang) -> CellView:
    absent = (u.status == "added" and side == "old") or (u.status == "deleted" and side == "new")
    if absent:
        marker = word("marker_added" if side == "old" else "marker_deleted", lang)
        return CellView(side, column, False, (), (), None, marker, "", True)
    note_t = u.old_note if side == "old" else u.new_note
    note = note_t.get(lang) if note_t is not None else ""
    return CellView(side, column, True, (), u.heading.get(lang).side(side), None, "", note, True)


def _unit_view(u: UnitDiff, lang: Lang, order: tuple[Column, Column]) -> UnitView:
    cols = {c: word(c, lang) for c in order}
    whole = u.status in ("added", "deleted")
    same_heading = not whole and not u.heading.changed_in(lang) and not u.moved
    heading = RowView("heading", u.status, 0, tuple(_heading_cell(u, c, cols[c], lang) for c in order),
                      same_heading)
    # An untitled article of an unnumbered document has no heading to show: no empty heading row.
    untitled = not u.heading.get(lang).old and not u.heading.get(lang).new and not whole and not u.moved
    rows = ([] if untitled else [heading]) + [
        RowView(r.kind, r.status, r.depth, tuple(_cell(r, c, cols[c], lang, whole) for c in order),
                r.status == "equal" and not r.relabelled)
        for r in u.rows
    ]
    classes = ["cmp-unit", f"cmp-{u.kind}", f"cmp-unit-{u.status}"]
    if u.moved:
        classes.append("cmp-moved")
    if u.renumbered:
        classes.append("cmp-renumbered")
    return UnitView(u.ref.anchor, " ".join(classes), tuple(rows))


def _group_view(g: Group, result: Comparison, lang: Lang, order: tuple[Column, Column]) -> GroupView:
    summary = fold_title(g, result, lang) if g.role == "folded" else ""
    return GroupView(g.role, summary, tuple(_unit_view(u, lang, order) for u in g.units))


def _nl2br(text: str) -> Markup:
    """Escaped text with line breaks as ``<br>``."""
    return Markup("<br>").join(escape(text).split("\n"))


@functools.cache
def environment(root: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja2 environment over ``templates/`` (autoescaping on, undefined names are errors)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = _nl2br
    return env


def _check_order(order: tuple[str, str]) -> tuple[Column, Column]:
    if order == ("new", "old"):
        return ("new", "old")
    if order == ("old", "new"):
        return ("old", "new")
    raise ValueError(f"column order must be ('new', 'old') or ('old', 'new'), not {order!r}")


def _context(doc: Document, result: Comparison, lang: Lang, order: tuple[str, str],
             heading_level: int) -> dict[str, object]:
    cols = _check_order(order)
    if doc.id != result.document_id:
        raise ValueError(f"the comparison is of '{result.document_id}', not of '{doc.id}'")
    words = {k: word(k, lang) for k in ("ins_start", "ins_end", "del_start", "del_end", "no_changes", "same")}
    return {
        "lang": lang,
        "columns": tuple((c, word(c, lang)) for c in cols),
        "groups": tuple(_group_view(g, result, lang, cols) for g in result.groups(lang)),
        "words": words,
        "has_changes": result.has_changes,
        "heading_level": heading_level,
    }


def segments_html(segs: Iterable[Any] | None, words: dict[str, str], text: Callable[[str], Any]) -> Markup:
    """Changed words as HTML: ``<ins>``/``<del>`` with visually hidden words for screen readers.

    ``text`` is the environment's ``text`` filter (escape, line breaks as ``<br>``), so the output is
    the same whichever environment renders the fragment.
    """
    if not segs:
        return Markup("")
    segs = tuple(segs)
    if len(segs) == 1 and segs[0].op == "equal":
        return Markup(text(segs[0].text))
    ins = (f'<ins><span class="cmp-vh">{escape(words["ins_start"])}</span>',
           f'<span class="cmp-vh">{escape(words["ins_end"])}</span></ins>')
    dele = (f'<del><span class="cmp-vh">{escape(words["del_start"])}</span>',
            f'<span class="cmp-vh">{escape(words["del_end"])}</span></del>')
    out = []
    for s in segs:
        body = str(text(s.text))
        if s.op == "insert":
            out.append(ins[0] + body + ins[1])
        elif s.op == "delete":
            out.append(dele[0] + body + dele[1])
        else:
            out.append(body)
    return Markup("".join(out))


def table_html(tv: TableView, seg: Callable[[Any], Markup]) -> Markup:
    """A table inside a cell: its header and rows, changed words marked by ``seg``."""
    out = ['<div class="cmp-inner-wrap"><table class="cmp-inner">']
    if tv.header:
        out.append("<thead><tr>" + "".join(f'<th scope="col">{seg(c)}</th>' for c in tv.header) + "</tr></thead>")
    out.append("<tbody>")
    for status, cells in tv.rows:
        out.append(f'<tr class="cmp-trow-{escape(status)}">' + "".join(f"<td>{seg(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody>\n</table></div>")
    return Markup("".join(out))


def cell_html(row: RowView, c: CellView, first: bool, *, words: dict[str, str], heading_level: int,
              seg: Callable[[Any], Markup]) -> Markup:
    """One cell of a row: its column label (read on a narrow screen), heading or block, marker and note."""
    label = words["same"] if row.same and first else c.column
    out = [f'<td class="cmp-{escape(c.side)}{"" if c.present else " cmp-absent"}">'
           f'<span class="cmp-col-label">{escape(label)}</span>']
    if c.heading and c.present:
        role = (f' role="heading" aria-level="{heading_level}"'
                if c.segments and (c.side == "new" or row.status == "deleted") else "")
        out.append(f'<div class="cmp-heading"{role}>{seg(c.segments)}</div>')
    elif c.present:
        out.append(f'<div class="cmp-block cmp-depth-{row.depth}">')
        if c.label:
            out.append(f'<span class="cmp-num">{seg(c.label)}</span>')
        out.append(table_html(c.table, seg) if c.table else seg(c.segments))
        out.append("</div>")
    if c.marker:
        out.append(f'<span class="cmp-marker">{escape(c.marker)}</span>')
    if c.note:
        out.append(f'<span class="cmp-note">{escape(c.note)}</span>')
    out.append("</td>")
    return Markup("".join(out))


def render_comparison_html(
    doc: Document,
    result: Comparison,
    lang: Lang,
    order: tuple[str, str] = ("new", "old"),
    *,
    heading_level: int = 3,
    env: jinja2.Environment | None = None,
) -> str:
    """The 新旧対照表 of ``result`` in ``lang`` as an HTML fragment (no page wrapper).

    ``order`` is the column order: ``("new", "old")`` (改定後 | 改定前) or ``("old", "new")``.
    ``heading_level`` is the ARIA level of each unit heading (the page's own headings sit above).
    ``env`` is the site's Jinja2 environment if it has one (it must find ``partials/`` and provide the
    ``text`` filter: escape, line breaks as ``<br>``), by default :func:`environment`."""
    env = env or environment()
    context = _context(doc, result, lang, order, heading_level)
    words = cast(dict[str, str], context["words"])
    seg = functools.partial(segments_html, words=words, text=env.filters["text"])
    context["seg"] = seg
    context["cell"] = functools.partial(cell_html, words=words, heading_level=heading_level, seg=seg)
    return env.get_template(TEMPLATE).render(context).strip() + "\n"


def comparison_css() -> str:
    """The stylesheet of the fragment (``templates/assets/comparison.css``)."""
    return CSS.read_text(encoding="utf-8")


def render_comparison_page(doc: Document, result: Comparison, lang: Lang, order: tuple[str, str] = ("new", "old"),
                           ) -> str:
    """A standalone HTML page of the fragment with its CSS inlined (``terms diff --format html``)."""
    env = environment()
    fragment = Markup(render_comparison_html(doc, result, lang, order, heading_level=2, env=env))
    title = f"{doc.title.get(lang) or doc.id} {word('caption', lang)} {result.old_key} → {result.new_key}"
    return env.get_template(PAGE_TEMPLATE).render(
        lang=lang, title=title, css=Markup(comparison_css()), fragment=fragment)
