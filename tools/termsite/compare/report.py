"""A comparison as plain text for a terminal and as Markdown for a pull-request comment.

Text: one block per changed unit, unified-diff style: ``@@ heading [kinds]`` then one line per row,
prefixed `` `` (same), ``~`` (changed, with ``[-deleted-]{+inserted+}`` marks), ``+``/``-`` (added,
deleted) or ``>``/``<`` (moved in, moved out); unchanged units are counted, renumbered ones listed.

Markdown: per changed unit a heading and a two-column table (改定後 | 改定前) with ``<ins>``/``<del>``;
unchanged units in a collapsed ``<details>``.
"""

from __future__ import annotations

from termsite.compare.collector import collector_paused
from termsite.compare.findings import md_escape
from termsite.compare.model import Comparison, Group, Row, TableDiff, UnitDiff, renumbered_only
from termsite.compare.text import Segment, Side, TextDiff, diff_text
from termsite.compare.words import count_summary, fold_summary, word
from termsite.model.terms import Lang

_PREFIX = {"equal": " ", "modified": "~", "added": "+", "deleted": "-", "moved_in": ">", "moved_out": "<"}


def unit_kinds(u: UnitDiff, result: Comparison, lang: Lang) -> list[str]:
    """The words for the kinds of change of a unit (新設, 変更, …) as its findings say."""
    return [word(f.kind, lang) for f in result.findings_of(u)]


def _indent(text: str, pad: str) -> str:
    return text.replace("\n", "\n" + pad)


def _label_diff(row: Row, lang: Lang) -> TextDiff:
    return diff_text(row.old_label or "", row.new_label or "", lang)


def _text_table(t: TableDiff, lang: Lang, pad: str) -> list[str]:
    more = "  " + pad + "  "  # a line break inside a cell continues under the row
    lines = ["  " + pad + "| " + " | ".join(_indent(c.text.get(lang).marked(), more) for c in t.header) + " |"]
    for r in t.rows:
        prefix = _PREFIX[r.status]
        cells = " | ".join(_indent(c.text.get(lang).marked(), more) for c in r.cells)
        lines.append(f"{prefix} {pad}| {cells} |")
    return lines


def _text_row(row: Row, lang: Lang) -> list[str]:
    pad = "  " * row.depth
    label = _label_diff(row, lang).marked() if row.relabelled else (row.new_label or row.old_label or "")
    if row.table is not None:
        return _text_table(row.table, lang, pad)
    body = _indent(row.text.get(lang).marked(), "  " + pad + " " * (len(label) + 1 if label else 0))
    prefix = " " if row.status == "modified" and not row.changed_in(lang) else _PREFIX[row.status]
    line = f"{prefix} {pad}{label + ' ' if label else ''}{body}"
    if row.note is not None:
        line += " " + row.note.get(lang)
    elif row.status == "modified" and row.formatting_only(lang):
        line += " " + word("formatting_row", lang)
    return [line.rstrip()]


def _text_unit(u: UnitDiff, result: Comparison, lang: Lang) -> list[str]:
    heading = u.heading.get(lang).marked() or u.ref.name(lang)
    lines = [f"@@ {heading} [{', '.join(unit_kinds(u, result, lang))}]"]
    for note in (u.new_note, u.old_note):
        if note is not None:
            lines.append(f"   {note.get(lang)}")
    drift = u.drift(lang, result.original)
    if drift is not None:
        lines.append(f"   ※ {drift}")
    if renumbered_only(u):
        return lines + [f"   {word('unchanged_text', lang)}"]
    for row in u.rows:
        lines += _text_row(row, lang)
    return lines


def _fold_summary(units: tuple[UnitDiff, ...], result: Comparison, lang: Lang) -> str:
    articles = sum(1 for u in units if u.kind == "article")
    renumbered = sum(1 for u in units if u.kind == "article" and u.renumbered)
    others: list[str] = [u.kind for u in units if u.kind not in ("article", "chapter")]
    return fold_summary(articles, renumbered, others, result.numbering == "statute", lang)


def fold_title(group: Group, result: Comparison, lang: Lang) -> str:
    """The summary line of a folded run: 変更のない条項（5条）."""
    return _fold_summary(group.units, result, lang)


def _renumbered_line(u: UnitDiff, lang: Lang) -> str:
    assert u.ref.old_label is not None and u.ref.new_label is not None
    return f"{u.ref.old_label.get(lang)} → {u.ref.name(lang)}"


def render_text(result: Comparison, lang: Lang) -> str:
    """The comparison for a terminal, in ``lang``."""
    with collector_paused():  # thousands of rows made while the comparison is alive
        return _render_text(result, lang)


def _render_text(result: Comparison, lang: Lang) -> str:
    lines = [f"{result.document_id} {result.old_key} → {result.new_key} ({lang})",
             count_summary(result.counts(lang), lang)]
    for group in result.groups(lang):
        lines.append("")
        if group.role == "changed":
            for k, u in enumerate(group.units):
                if k:
                    lines.append("")
                lines += _text_unit(u, result, lang)
        elif group.role == "context":
            lines += [f"== {u.heading.get(lang).marked()}" for u in group.units]
        else:
            lines.append(f"= {fold_title(group, result, lang)}")
            lines += [f"    {_renumbered_line(u, lang)}" for u in group.units if u.renumbered]
    notes = result.notes_for(lang)
    if notes:
        lines += ["", f"== {word('notes_changed', lang)}"]
        for n in notes:
            lines.append(f"{_NOTE_PREFIX[n.status]} {result.note_place(n, lang)} [{word('note_' + n.status, lang)}]")
            lines.append("    " + _indent(n.diff.marked(), "    "))
    return "\n".join(lines) + "\n"


_NOTE_PREFIX = {"added": "+", "deleted": "-", "modified": "~"}


# ---- Markdown -----------------------------------------------------------------------------------


def md_segments(segments: tuple[Segment, ...]) -> str:
    """Segments as Markdown: inserted text underlined and bold, deleted text struck through."""
    out = []
    for s in segments:
        text = md_escape(s.text)
        if s.op == "equal":
            out.append(text)
        elif s.op == "insert":
            out.append(f"<ins><b>{text}</b></ins>")
        else:
            out.append(f"<del>{text}</del>")
    return "".join(out)


def _md_table(t: TableDiff, side: Side, lang: Lang) -> str:
    """A table inside a cell: the header, then the rows that changed (… for the rows left out)."""
    gone = "added" if side == "old" else "deleted"
    lines = [" ｜ ".join(md_segments(c.text.get(lang).side(side)) for c in t.header if c.status != gone)]
    whole = all(r.status == "equal" for r in t.rows) or all(r.status != "equal" for r in t.rows)
    for r in t.rows:
        if r.status == gone:
            continue
        if r.status == "equal" and not whole:
            if lines[-1] != "…":
                lines.append("…")
            continue
        lines.append(" ｜ ".join(md_segments(c.text.get(lang).side(side)) for c in r.cells if c.status != gone))
    return "<br>".join(lines)


def _md_cell(row: Row, side: Side, lang: Lang, in_whole: bool) -> str:
    present = (row.old_index if side == "old" else row.new_index) is not None
    if not present:
        if in_whole:
            return ""
        if row.status == "added" and side == "old":
            return md_escape(word("marker_added", lang))
        if row.status == "deleted" and side == "new":
            return md_escape(word("marker_deleted", lang))
        return ""
    label = row.old_label if side == "old" else row.new_label
    parts = []
    if row.relabelled:
        parts.append(md_segments(_label_diff(row, lang).side(side)) + " ")
    elif label:
        parts.append(md_escape(label) + " ")
    if row.table is not None:
        parts.append(_md_table(row.table, side, lang))
    else:
        parts.append(md_segments(row.text.get(lang).side(side)))
    if row.note is not None:
        parts.append(" " + md_escape(row.note.get(lang)))
    elif side == "new" and row.status == "modified" and row.formatting_only(lang):
        parts.append(" " + md_escape(word("formatting_row", lang)))
    return "&emsp;" * row.depth + "".join(parts)


def _md_unit(u: UnitDiff, result: Comparison, lang: Lang, order: tuple[str, str]) -> list[str]:
    title = md_escape(u.heading.get(lang).new if u.status != "deleted" else u.heading.get(lang).old)
    kinds = ("、" if lang == "ja" else ", ").join(unit_kinds(u, result, lang))
    lines = [f"#### {title or md_escape(u.ref.name(lang))} — {kinds}", ""]
    for note in (u.new_note,):
        if note is not None:
            lines += [md_escape(note.get(lang)), ""]
    drift = u.drift(lang, result.original)
    if drift is not None:
        lines += [f"*{md_escape(drift)}*", ""]
    lines.append("| " + " | ".join(word(c, lang) for c in order) + " |")
    lines.append("| --- | --- |")
    head: dict[str, str] = {}
    untitled = not u.heading.get(lang).old and not u.heading.get(lang).new
    for side in ([] if untitled else order):
        s: Side = "old" if side == "old" else "new"
        if (u.status == "added" and s == "old") or (u.status == "deleted" and s == "new"):
            head[side] = md_escape(word("marker_added" if s == "old" else "marker_deleted", lang))
        else:
            head[side] = f"**{md_segments(u.heading.get(lang).side(s))}**"
    if head:
        lines.append("| " + " | ".join(head[c] for c in order) + " |")
    if renumbered_only(u):
        return lines + ["| " + " | ".join(md_escape(word("unchanged_text", lang)) for _ in order) + " |"]
    for row in u.rows:
        whole = u.status in ("added", "deleted")
        cells = {"old": _md_cell(row, "old", lang, whole), "new": _md_cell(row, "new", lang, whole)}
        lines.append("| " + " | ".join(cells[c] for c in order) + " |")
    return lines


def render_markdown(result: Comparison, lang: Lang, order: tuple[str, str] = ("new", "old")) -> str:
    """The comparison as GitHub Markdown for a pull-request comment, in ``lang``."""
    with collector_paused():  # thousands of rows made while the comparison is alive
        return _render_markdown(result, lang, order)


def _render_markdown(result: Comparison, lang: Lang, order: tuple[str, str] = ("new", "old")) -> str:
    lines = [f"### {md_escape(result.document_id)}: {result.old_key} → {result.new_key}", "",
             f"**{md_escape(count_summary(result.counts(lang), lang))}**"]
    for group in result.groups(lang):
        lines.append("")
        if group.role == "changed":
            for k, u in enumerate(group.units):
                if k:
                    lines.append("")
                lines += _md_unit(u, result, lang, order)
        elif group.role == "context":
            lines += [f"**{md_escape(u.heading.get(lang).new)}**" for u in group.units]
        else:
            lines += [f"<details><summary>{md_escape(fold_title(group, result, lang))}</summary>", ""]
            renumbered = [u for u in group.units if u.renumbered]
            lines += [f"- {md_escape(_renumbered_line(u, lang))}" for u in renumbered]
            if not renumbered:
                lines += [f"- {md_escape(u.ref.name(lang))}" for u in group.units if u.kind != "chapter"]
            lines += ["", "</details>"]
    notes = result.notes_for(lang)
    if notes:
        lines += ["", f"**{md_escape(word('notes_changed', lang))}**", ""]
        lines += [f"- {md_escape(result.note_place(n, lang))} ({md_escape(word('note_' + n.status, lang))}): "
                  f"{md_segments(n.diff.segments)}"
                  for n in notes]
    return "\n".join(lines) + "\n"


# ---- one side as plain text ----------------------------------------------------------------------


def side_text(result: Comparison, side: Side, lang: Lang) -> str:
    """The plain text of one version rebuilt from the comparison alone (headings, labels, texts,
    tables), in that version's order: what :func:`version_text` gives for the version itself."""
    present = [u for u in result.units if (u.old_position if side == "old" else u.new_position) is not None]
    present.sort(key=lambda u: (u.old_position if side == "old" else u.new_position) or 0)
    out: list[str] = []
    for u in present:
        out.append("# " + u.heading.get(lang).text(side))
        for row in u.rows:
            if (row.old_index if side == "old" else row.new_index) is None:
                continue
            label = (row.old_label if side == "old" else row.new_label) or ""
            if row.table is not None:
                t = row.table
                gone = "added" if side == "old" else "deleted"
                out.append("  " * row.depth + "| " + " | ".join(
                    c.text.get(lang).text(side) for c in t.header if c.status != gone))
                for r in t.rows:
                    if r.status != gone:
                        out.append("  " * row.depth + "| " + " | ".join(
                            c.text.get(lang).text(side) for c in r.cells if c.status != gone))
            else:
                out.append("  " * row.depth + (label + " " if label else "") + row.text.get(lang).text(side))
    return "\n".join(out) + "\n"
