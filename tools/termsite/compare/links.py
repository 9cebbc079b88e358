"""Links in the 新旧対照表: one column's changed text with its links as ``<a>``, their changes readable.

The comparison compares texts as strings, link markup included, so a changed target is a change. A
column shows its side's text: the link markup (``[``, ``](``, ``)``) becomes an ``<a>`` around the
label, changed words of the label marked inside it. When anything of a link changed besides its
label (its target, or the link itself added or removed around kept words), the column also shows
the target after the label, ``⟨https://…⟩``, its changed characters marked: a reader sees the old
address in the old column and the new one in the new column, never raw ``[…](…)``.

The caller gives the escaping of plain text, the ``<ins>``/``<del>`` wrappers and where a link leads
from its column (``href``, None: the label alone), so this module knows no page and no site.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from termsite.compare.model import UnitDiff
from termsite.compare.text import Segment
from termsite.model.links import Link, internal, spans, target_problem
from termsite.model.terms import Lang

Href = Callable[[Link], "str | None"]

_EXTERNAL = ' class="terms-link terms-link--external" rel="noopener noreferrer"'
_INTERNAL = ' class="terms-link"'


class _Escape(Protocol):
    def __call__(self, value: str, /) -> str: ...


def has_link_markup(texts: Sequence[str]) -> bool:
    """True if one of ``texts`` may hold a link (its HTML then depends on the page)."""
    return any("](" in t for t in texts)


def side_html(segments: Sequence[Segment], href: Href, text: _Escape, attr: _Escape,
              ins: tuple[str, str], dele: tuple[str, str]) -> str:
    """The HTML of one column: ``segments`` are the equal and inserted (or deleted) segments it
    shows; ``text`` escapes plain text, ``attr`` an attribute value; ``ins``/``dele`` wrap changes."""
    full = "".join(s.text for s in segments)
    bounds: list[tuple[int, int, str]] = []  # every segment's start, end and op
    at = 0
    for s in segments:
        bounds.append((at, at + len(s.text), s.op))
        at += len(s.text)

    def pieces(start: int, end: int) -> str:
        out = []
        for a, b, op in bounds:
            lo, hi = max(a, start), min(b, end)
            if lo >= hi:
                continue
            body = text(full[lo:hi])
            out.append(body if op == "equal" else (ins[0] + body + ins[1] if op == "insert"
                                                  else dele[0] + body + dele[1]))
        return "".join(out)

    def changed(start: int, end: int) -> bool:
        return any(op != "equal" and max(a, start) < min(b, end) for a, b, op in bounds)

    out = []
    last = 0
    for start, end, link in spans(full):
        out.append(pieces(last, start))
        label_start = start + 1
        label_end = label_start + len(link.label)
        target_start = label_end + 2
        target_end = end - 1
        label = pieces(label_start, label_end)
        where = href(link)
        if where is None:
            out.append(label)
        else:
            attrs = _INTERNAL if internal(link.target) is not None else _EXTERNAL
            out.append(f'<a href="{attr(where)}"{attrs}>{label}</a>')
        # a label that is the address shows its changes itself
        if link.label != link.target and (changed(start, label_start) or changed(label_end, end)):
            out.append(f'<span class="cmp-link-target"> ⟨{pieces(target_start, target_end)}⟩</span>')
        last = end
    out.append(pieces(last, len(full)))
    return "".join(out)


def web_only(link: Link) -> str | None:
    """Where a link leads without a page to resolve internal links from: web and mail addresses only."""
    return link.target if target_problem(link.target) is None and internal(link.target) is None else None


def unit_has_links(u: UnitDiff, lang: Lang) -> bool:
    """True if a text of ``u`` in ``lang`` may hold a link: its HTML then depends on the page (where
    ``#id`` of each column leads), so it is written for the page, not taken from the memo."""
    diffs = [u.heading.get(lang)]
    for r in u.rows:
        diffs.append(r.text.get(lang))
        if r.table is not None:
            diffs += [c.text.get(lang) for c in r.table.header]
            diffs += [c.text.get(lang) for row in r.table.rows for c in row.cells]
    return any("](" in d.old or "](" in d.new for d in diffs)
