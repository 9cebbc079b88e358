"""The 新旧対照表 as an HTML fragment, written in Python with plain strings and one escape function.

A ``<div class="terms-comparison">`` holds a ``<table>`` per group of units (column headers unless
it is a context heading; unchanged runs folded in ``<details>`` with a summary), a ``<tbody>`` per
unit, a row per heading and block, and in each row a cell per column, each with its column label
for a narrow screen, where a row that reads the same on both sides (``cmp-row-same``) shows one
cell. Changed words are ``<ins>``/``<del>`` (underline / strike-through, so they read without
colour) with visually hidden words that screen readers announce. Added and deleted units and rows
carry (新設)/(削除) in the other column. No whitespace is added inside inline content: in Japanese a
stray space would show.

The markup was a Jinja template once; a large page has tens of thousands of cells, and as macros
they were most of the time a large site took to build. Unchanged units, most of every comparison,
are written once and reused by the next comparison of the document, given a memo (:meth:`_Writer.memo`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import jinja2
from markupsafe import Markup, escape

from termsite.compare import links as _links
from termsite.compare.collector import collector_paused
from termsite.compare.memo import Memo, Table, remembered
from termsite.compare.model import Comparison, Group, Row, TableDiff, UnitDiff, renumbered_only
from termsite.compare.report import fold_title
from termsite.compare.text import Op, TextDiff, diff_text
from termsite.compare.words import word
from termsite.model.terms import Document, Lang

PAGE_TEMPLATE = "partials/comparison_page.html.j2"
CSS = "assets/comparison.css"

Column = Literal["new", "old"]
TextFilter = Callable[[str], object]

# The op a column leaves out: the old column does not show insertions, the new one deletions.
_DROP: dict[Column, Op] = {"old": "insert", "new": "delete"}


def html_escape(text: str) -> str:
    """``text`` escaped by markupsafe's :func:`~markupsafe.escape` (the templates' autoescape), as a plain ``str``.

    A plain ``str``, not :class:`~markupsafe.Markup`: the writer adds strings to strings, and a ``str`` plus
    a ``Markup`` would escape the ``str``. A text with nothing to escape (most of a table's tens of
    thousands) is returned as it is."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return str(escape(text))
    return text


def _plain(diff: TextDiff) -> str | None:
    """The text of a diff that only keeps text (``""`` if empty); None if it marks a change."""
    if not diff.segments:
        return ""
    if len(diff.segments) == 1 and diff.segments[0].op == "equal":
        return diff.segments[0].text
    return None


def _table_key(t: TableDiff, lang: Lang) -> tuple[object, ...] | None:
    """What a table that shows no change looks like in ``lang``, or None if it shows a change."""
    out: list[object] = []
    for status, cells in [("header", t.header)] + [(r.status, r.cells) for r in t.rows]:
        texts = tuple(_plain(c.text.get(lang)) for c in cells)
        if None in texts:
            return None
        out.append((status, tuple(c.status for c in cells), texts))
    return tuple(out)


class _Writer:
    """Writes the tables of one comparison in one language: every text escaped once, here."""

    def __init__(self, lang: Lang, order: tuple[Column, Column], heading_level: int, text: TextFilter,
                 unchanged: Table[tuple[object, ...], str] | None = None,
                 links: dict[Column, _links.Href] | None = None, original: Lang = "ja",
                 marks: dict[Column, _links.MarkFinder] | None = None) -> None:
        self.lang: Lang = lang
        self._links = links or {"old": _links.web_only, "new": _links.web_only}
        self._marks = marks or {"old": _links.no_marks, "new": _links.no_marks}
        # the id each version gives the unit being written (its texts' marks are looked up by it)
        self._unit_ids: dict[Column, str | None] = {"old": None, "new": None}
        self.original: Lang = original
        # the HTML of unchanged units, and of the rows of unchanged blocks, by everything it depends on
        self._unchanged = unchanged
        self.order = order
        self.heading_level = heading_level
        self._filter = text
        # What every cell depends on besides the unit (the filter itself is kept, not its id).
        self._settings = (lang, order, heading_level, text)
        self.labels = {c: html_escape(word(c, lang)) for c in order}
        self.same = html_escape(word("same", lang))
        self.unchanged_text = word("unchanged_text", lang)
        self.formatting = word("formatting_row", lang)
        self.marker_added = html_escape(word("marker_added", lang))
        self.marker_deleted = html_escape(word("marker_deleted", lang))
        vh = '<span class="cmp-vh">{}</span>'
        self.ins = ("<ins>" + vh.format(html_escape(word("ins_start", lang))),
                    vh.format(html_escape(word("ins_end", lang))) + "</ins>")
        self.dele = ("<del>" + vh.format(html_escape(word("del_start", lang))),
                     vh.format(html_escape(word("del_end", lang))) + "</del>")

    def memo(self, key: tuple[object, ...], write: Callable[[], str]) -> str:
        """The HTML stored under ``key``, written (and stored, given a memo) first if it is not there."""
        return remembered(self._unchanged, key, write)

    def text(self, value: str) -> str:
        """A text as HTML: escaped; a line break as the environment's ``text`` filter writes it."""
        if "\n" in value:
            return str(self._filter(value))
        return html_escape(value)

    def segments(self, diff: TextDiff, side: Column) -> str:
        """The segments ``side`` shows, changed words in ``<ins>``/``<del>`` with words for screen readers."""
        drop = _DROP[side]
        segs = [s for s in diff.segments if s.op != drop]
        if not segs:
            return ""
        full = segs[0].text if len(segs) == 1 else "".join(s.text for s in segs)
        marks = self._marks[side](self._unit_ids[side], full)
        if marks or "](" in full:
            return _links.side_html(segs, self._links[side], self.text, html_escape, self.ins, self.dele, marks)
        if len(segs) == 1 and segs[0].op == "equal":
            return self.text(segs[0].text)
        out = []
        for s in segs:
            body = self.text(s.text)
            if s.op == "insert":
                out.append(self.ins[0] + body + self.ins[1])
            elif s.op == "delete":
                out.append(self.dele[0] + body + self.dele[1])
            else:
                out.append(body)
        return "".join(out)

    def inner_table(self, t: TableDiff, side: Column) -> str:
        """A table inside a cell: the header and rows ``side`` has, changed words marked."""
        gone = "added" if side == "old" else "deleted"
        lang = self.lang
        out = ['<div class="cmp-inner-wrap"><table class="cmp-inner">']
        header = [c for c in t.header if c.status != gone]
        if header:
            out.append("<thead><tr>" + "".join(f'<th scope="col">{self.segments(c.text.get(lang), side)}</th>'
                                               for c in header) + "</tr></thead>")
        out.append("<tbody>")
        for r in t.rows:
            if r.status != gone:
                out.append(f'<tr class="cmp-trow-{html_escape(r.status)}">' + "".join(
                    f"<td>{self.segments(c.text.get(lang), side)}</td>" for c in r.cells if c.status != gone)
                    + "</tr>")
        out.append("</tbody>\n</table></div>")
        return "".join(out)

    def _td(self, side: Column, present: bool, label: str, inner: str, marker: str, note: str,
            remark: str = "") -> str:
        """One cell: its column label (read on a narrow screen), content, marker and note."""
        out = f'<td class="cmp-{side}{"" if present else " cmp-absent"}"><span class="cmp-col-label">{label}</span>'
        out += inner
        if marker:
            out += f'<span class="cmp-marker">{marker}</span>'
        if note:
            out += f'<span class="cmp-note">{html_escape(note)}</span>'
        if remark:  # what the reader must not miss (text unchanged, formatting only): in the text's colour
            out += f'<span class="cmp-remark">{html_escape(remark)}</span>'
        return out + "</td>"

    def _block_cell(self, r: Row, side: Column, label: str, whole: bool) -> str:
        """The cell of one column on a row of blocks (a paragraph, item, table …)."""
        if (r.old_index if side == "old" else r.new_index) is None:
            marker = ""
            if not whole:  # in an added or deleted unit the heading alone carries the marker
                if r.status == "added" and side == "old":
                    marker = self.marker_added
                elif r.status == "deleted" and side == "new":
                    marker = self.marker_deleted
            return self._td(side, False, label, "", marker, "")
        if r.relabelled:
            num = self.segments(diff_text(r.old_label or "", r.new_label or "", self.lang), side)
        else:
            num = self.text((r.old_label if side == "old" else r.new_label) or "")
        body = self.inner_table(r.table, side) if r.table is not None else self.segments(r.text.get(self.lang), side)
        inner = (f'<div class="cmp-block cmp-depth-{r.depth}">'
                 + (f'<span class="cmp-num">{num}</span>' if num else "") + body + "</div>")
        note = r.note.get(self.lang) if r.note is not None else ""
        remark = self.formatting if side == "new" and r.status == "modified" and r.formatting_only(self.lang) else ""
        return self._td(side, True, label, inner, "", note, remark)

    def _heading_cell(self, u: UnitDiff, side: Column, label: str) -> str:
        """The cell of one column on a unit's heading row."""
        if (u.status == "added" and side == "old") or (u.status == "deleted" and side == "new"):
            return self._td(side, False, label, "", self.marker_added if side == "old" else self.marker_deleted, "")
        note = u.old_note if side == "old" else u.new_note
        if note is None and side == "new" and renumbered_only(u):
            return self._heading_text(u, side, label, "", self.unchanged_text)
        return self._heading_text(u, side, label, note.get(self.lang) if note is not None else "")

    def _heading_text(self, u: UnitDiff, side: Column, label: str, note: str, remark: str = "") -> str:
        segs = self.segments(u.heading.get(self.lang), side)
        has_text = any(s.op != _DROP[side] for s in u.heading.get(self.lang).segments)
        role = (f' role="heading" aria-level="{self.heading_level}"'
                if has_text and (side == "new" or u.status == "deleted") else "")
        return self._td(side, True, label, f'<div class="cmp-heading"{role}>{segs}</div>', "", note, remark)

    def _tr(self, kind: str, status: str, same: bool, cells: list[str]) -> str:
        return (f'<tr class="cmp-row cmp-row-{kind} cmp-row-{html_escape(status)}{" cmp-row-same" if same else ""}">'
                + "".join(cells) + "</tr>\n")

    def _label(self, side: Column, same: bool, first: bool) -> str:
        return self.same if same and first else self.labels[side]

    def outside_units(self) -> None:
        """What is written next is in no unit (the translator's notes)."""
        self._unit_ids = {"old": None, "new": None}

    def _marks_key(self, u: UnitDiff) -> tuple[tuple[_links.Mark, ...], ...]:
        """The marks of every text of ``u`` in each column, in order (empty if it has none): what the
        HTML of the unit depends on besides its texts. Pages at the same depth that link a column to
        the same version (each earlier version with the one in force) share it."""
        out: list[tuple[_links.Mark, ...]] = []
        for side in self.order:
            find = self._marks[side]
            if find is _links.no_marks:
                continue
            uid = self._unit_ids[side]
            out += [find(uid, t) for t in _links.unit_texts(u, self.lang, side)]
        return tuple(out) if any(out) else ()

    def unit(self, u: UnitDiff) -> str:
        """One unit as a ``<tbody>``, from the memo if the same unchanged unit was written before."""
        self._unit_ids = {"old": u.ref.old_id, "new": u.ref.new_id}
        rows_key = self._unchanged_key(u.rows, False)
        heading = _plain(u.heading.get(self.lang))
        if (rows_key is None or heading is None or u.status != "unchanged" or u.moved or u.renumbered
                or u.old_note is not None or u.new_note is not None or _links.unit_has_links(u, self.lang)):
            return self._unit(u, rows_key)
        marks = self._marks_key(u)
        return self.memo((rows_key, u.ref.anchor, u.kind, heading, marks), lambda: self._unit(u, rows_key, marks))

    def _unit(self, u: UnitDiff, rows_key: tuple[object, ...] | None,
              marks: tuple[tuple[_links.Mark, ...], ...] | None = None) -> str:
        """One unit as a ``<tbody>``: its heading row (unless it has none to show), then its blocks."""
        lang = self.lang
        whole = u.status in ("added", "deleted")
        classes = f"cmp-unit cmp-{u.kind} cmp-unit-{u.status}"
        if u.moved:
            classes += " cmp-moved"
        if u.renumbered:
            classes += " cmp-renumbered"
        out = [f'<tbody id="{html_escape(u.ref.anchor)}" class="{html_escape(classes)}">\n']
        heading = u.heading.get(lang)
        # An untitled article of an unnumbered document has no heading to show: no empty heading row.
        if heading.old or heading.new or whole or u.moved:
            same = not whole and not heading.changed and not u.moved
            out.append(self._tr("heading", u.status, same, [
                self._heading_cell(u, side, self._label(side, same, k == 0)) for k, side in enumerate(self.order)]))
        drift = u.drift(lang, self.original)
        if drift is not None:
            out.append(f'<tr class="cmp-row cmp-row-drift"><td class="cmp-drift" colspan="{len(self.order)}">'
                       f'<span class="cmp-remark">{html_escape(drift)}</span></td></tr>\n')
        if renumbered_only(u):
            pass  # the number is the change: the text, the same, is not repeated
        elif whole or rows_key is None or _links.unit_has_links(u, lang):  # links: where the page says
            out.append(self._rows(u.rows, whole))
        else:  # the blocks of a changed heading (a renumbered article) may still read the same
            found = self._marks_key(u) if marks is None else marks  # (the heading's marks too: simpler)
            out.append(self.memo((rows_key, found), lambda: self._rows(u.rows, whole)))
        out.append("</tbody>\n")
        return "".join(out)

    def _unchanged_key(self, rows: tuple[Row, ...], whole: bool) -> tuple[object, ...] | None:
        """Everything the HTML of rows that show no change depends on, or None if one shows a change.

        Each version is compared with the one before and the one after it, and most units keep their
        text from version to version: their rows are written once, not in every comparison."""
        lang = self.lang
        key: list[object] = [self._settings, whole]
        for r in rows:
            text = _plain(r.text.get(lang))
            table = _table_key(r.table, lang) if r.table is not None else ()
            if r.status != "equal" or text is None or table is None or r.note is not None:
                return None
            key.append((r.kind, r.depth, r.old_index is None, r.new_index is None, r.old_label, r.new_label, text,
                        table))
        return tuple(key)

    def _rows(self, rows: tuple[Row, ...], whole: bool) -> str:
        out = []
        for r in rows:
            # a row changed only in the other language reads the same in this one
            same = not r.relabelled and (r.status == "equal"
                                         or (r.status == "modified" and not r.changed_in(self.lang)))
            out.append(self._tr(r.kind, r.status, same, [
                self._block_cell(r, side, self._label(side, same, k == 0), whole)
                for k, side in enumerate(self.order)]))
        return "".join(out)

    def table(self, g: Group, out: list[str]) -> None:
        """A group of units as one ``<table>`` (no column header on a context heading), onto ``out``."""
        out.append(f'<table class="cmp-table cmp-{html_escape(g.role)}">\n')
        if g.role != "context":
            out.append("<thead><tr>" + "".join(f'<th scope="col" class="cmp-{side}">{self.labels[side]}</th>'
                                               for side in self.order) + "</tr></thead>\n")
        out += [self.unit(u) for u in g.units]
        out.append("</table>\n")


def _nl2br(text: str) -> Markup:
    """Escaped text with line breaks as ``<br>``."""
    return Markup("<br>").join(escape(text).split("\n"))


def _check_order(order: tuple[str, str]) -> tuple[Column, Column]:
    if order == ("new", "old"):
        return ("new", "old")
    if order == ("old", "new"):
        return ("old", "new")
    raise ValueError(f"column order must be ('new', 'old') or ('old', 'new'), not {order!r}")


def render_comparison_html(
    doc: Document,
    result: Comparison,
    lang: Lang,
    order: tuple[str, str] = ("new", "old"),
    *,
    heading_level: int = 3,
    env: jinja2.Environment | None = None,
    memo: Memo | None = None,
    links: dict[Column, _links.Href] | None = None,
    marks: dict[Column, _links.MarkFinder] | None = None,
) -> str:
    """The 新旧対照表 of ``result`` in ``lang`` as an HTML fragment (no page wrapper).

    ``order`` is the column order: ``("new", "old")`` (改定後 | 改定前) or ``("old", "new")``.
    ``heading_level`` is the ARIA level of each unit heading (the page's own headings sit above).
    ``env`` is the site's Jinja2 environment if it has one: its ``text`` filter (escape, line breaks as
    ``<br>``) writes the texts that have line breaks; without one, :func:`_nl2br`. With a ``memo``,
    unchanged units written before (by any comparison of the document) are taken from it. ``links``
    says where the links of each column lead (:mod:`.links`; without it, only web and mail links are
    followed); ``marks`` which words of each column's texts are links too (resolved references,
    addresses written as text: :class:`~termsite.compare.links.Mark`)."""
    with collector_paused():  # thousands of rows made while the comparison is alive
        return _render_comparison_html(doc, result, lang, order, heading_level=heading_level, env=env, memo=memo,
                                       links=links, marks=marks)


def _render_comparison_html(
    doc: Document,
    result: Comparison,
    lang: Lang,
    order: tuple[str, str] = ("new", "old"),
    *,
    heading_level: int = 3,
    env: jinja2.Environment | None = None,
    memo: Memo | None = None,
    links: dict[Column, _links.Href] | None = None,
    marks: dict[Column, _links.MarkFinder] | None = None,
) -> str:
    cols = _check_order(order)
    if doc.id != result.document_id:
        raise ValueError(f"the comparison is of '{result.document_id}', not of '{doc.id}'")
    writer = _Writer(lang, cols, heading_level, env.filters["text"] if env is not None else _nl2br,
                     memo.html if memo is not None else None, links, doc.original, marks)
    # One list joined once: the fragment of a large document is a few hundred kilobytes.
    out = [f'<div class="terms-comparison" lang="{html_escape(lang)}">\n']
    if not result.has_changes:
        out.append(f'<p class="cmp-empty">{html_escape(word("no_changes", lang))}</p>\n')
    for g in result.groups(lang):
        if g.role == "folded":
            out.append(f'<details class="cmp-fold">\n<summary>{html_escape(fold_title(g, result, lang))}</summary>\n')
            writer.table(g, out)
            out.append("</details>\n")
        else:
            writer.table(g, out)
    writer.outside_units()
    out += _notes_html(result, writer, lang)
    out.append("</div>\n")
    return "".join(out)


_NOTE_SIDES: dict[str, tuple[Column, ...]] = {"added": ("new",), "deleted": ("old",), "modified": ("old", "new")}


def _notes_html(result: Comparison, writer: _Writer, lang: Lang) -> list[str]:
    """The changed translator's notes, after the changes of the terms and apart from them (none in the
    original language: :mod:`termsite.compare.notes`)."""
    notes = result.notes_for(lang)
    if not notes:
        return []
    title = html_escape(word("notes_changed", lang))
    out = [f'<section class="cmp-tns">\n<p class="cmp-tns-title">{title}</p>\n<ul>\n']
    for n in notes:
        status = word("note_" + n.status, lang)
        what = f"（{status}）" if lang == "ja" else f" ({status})"
        sides = _NOTE_SIDES[n.status]
        texts = "".join(f'<p class="cmp-tn-text">{writer.segments(n.diff, side)}</p>' for side in sides)
        out.append(f'<li class="cmp-tn cmp-tn--{n.status}"><span class="cmp-tn-place">'
                   f"{html_escape(result.note_place(n, lang) + what)}</span>{texts}</li>\n")
    out.append("</ul>\n</section>\n")
    return out


def comparison_css(env: jinja2.Environment) -> str:
    """The stylesheet of the fragment, ``assets/comparison.css`` where ``env`` finds its templates."""
    assert env.loader is not None
    return env.loader.get_source(env, CSS)[0]


def render_comparison_page(doc: Document, result: Comparison, lang: Lang, order: tuple[str, str] = ("new", "old"),
                           *, env: jinja2.Environment, memo: Memo | None = None) -> str:
    """A standalone HTML page of the fragment with its CSS inlined (``terms diff --format html``), from
    ``env``'s ``partials/comparison_page.html.j2``. Texts with line breaks are written as without ``env``
    (:func:`render_comparison_html`); ``memo`` as for :func:`render_comparison_html`. With no site
    around it, references stay text (the fragment holds no version page to land on); web and mail
    addresses written as text are links."""
    # away from the site a reference has no version page to lead to: only addresses written as text link
    fragment = Markup(render_comparison_html(doc, result, lang, order, heading_level=2, memo=memo,
                                             marks={"old": _links.address_marks, "new": _links.address_marks}))
    title = f"{doc.title.get(lang) or doc.id} {word('caption', lang)} {result.old_key} → {result.new_key}"
    return env.get_template(PAGE_TEMPLATE).render(
        lang=lang, title=title, css=Markup(comparison_css(env)), fragment=fragment)
