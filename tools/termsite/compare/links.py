"""Links in the 新旧対照表: one column's changed text with its links as ``<a>``, their changes readable.

The comparison compares texts as strings, link markup included, so a changed target is a change. A
column shows its side's text: the link markup (``[``, ``](``, ``)``) becomes an ``<a>`` around the
label, changed words of the label marked inside it. When anything of a link changed besides its
label (its target, or the link itself added or removed around kept words), the column also shows
the target after the label, ``⟨https://…⟩``, its changed characters marked: a reader sees the old
address in the old column and the new one in the new column, never raw ``[…](…)``.

The caller gives the escaping of plain text, the ``<ins>``/``<del>`` wrappers and where a link leads
from its column (``href``, None: the label alone), so this module knows no page and no site. It may
also give *marks*: stretches of the column's text that are links without the link form (a resolved
reference, an address written as text: :class:`Mark`), each an ``<a>`` around its words, the
changed ones marked inside it; a mark never overlaps a link of the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from termsite.compare.model import UnitDiff
from termsite.compare.text import Segment, TextDiff
from termsite.model.autolinks import addresses
from termsite.model.links import Link, internal, spans, target_problem
from termsite.model.terms import Lang

Href = Callable[[Link], "str | None"]

_EXTERNAL = ' class="terms-link terms-link--external" rel="noopener noreferrer"'
_INTERNAL = ' class="terms-link"'


@dataclass(frozen=True, slots=True)
class Mark:
    """Words at ``start:end`` of a column's text that lead to ``href`` (escaped when written):
    ``external`` for a web or mail address, else a provision of the site."""

    start: int
    end: int
    href: str
    external: bool = False


MarkFinder = Callable[[str | None, str], "tuple[Mark, ...]"]
"""The marks of one column's text: given the id its version gives the unit and the text (as the
comparison shows it), the stretches that are links, in order and none overlapping."""


def no_marks(_unit: str | None, _text: str) -> tuple[Mark, ...]:
    """No marks: the texts show only their own links."""
    return ()


def address_marks(_unit: str | None, text: str) -> tuple[Mark, ...]:
    """The web and mail addresses written as text in ``text`` (:mod:`termsite.model.autolinks`): the
    marks of a comparison read away from the site (``terms diff --format html``), where a reference
    has no page to lead to."""
    return tuple(Mark(a.start, a.end, a.target, True) for a in addresses(text))


class _Escape(Protocol):
    def __call__(self, value: str, /) -> str: ...


def has_link_markup(texts: Sequence[str]) -> bool:
    """True if one of ``texts`` may hold a link (its HTML then depends on the page)."""
    return any("](" in t for t in texts)


def side_html(segments: Sequence[Segment], href: Href, text: _Escape, attr: _Escape,
              ins: tuple[str, str], dele: tuple[str, str], marks: Sequence[Mark] = ()) -> str:
    """The HTML of one column: ``segments`` are the equal and inserted (or deleted) segments it
    shows; ``text`` escapes plain text, ``attr`` an attribute value; ``ins``/``dele`` wrap changes;
    ``marks`` are stretches of the column's text written as links too (one that overlaps a link of
    the text is left out)."""
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

    def marked(start: int, end: int) -> str:
        out, at = [], start
        for m in marks:
            if m.start < at or m.end > end or m.start >= m.end:
                continue
            out.append(pieces(at, m.start))
            out.append(f'<a href="{attr(m.href)}"{_EXTERNAL if m.external else _INTERNAL}>{pieces(m.start, m.end)}</a>')
            at = m.end
        out.append(pieces(at, end))
        return "".join(out)

    def changed(start: int, end: int) -> bool:
        return any(op != "equal" and max(a, start) < min(b, end) for a, b, op in bounds)

    out = []
    last = 0
    for start, end, link in spans(full):
        out.append(marked(last, start))
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
    out.append(marked(last, len(full)))
    return "".join(out)


def web_only(link: Link) -> str | None:
    """Where a link leads without a page to resolve internal links from: web and mail addresses only."""
    return link.target if target_problem(link.target) is None and internal(link.target) is None else None


def _diffs(u: UnitDiff, lang: Lang) -> list[TextDiff]:
    """The text diffs of ``u`` in ``lang``: its heading, blocks and table cells, in order."""
    diffs = [u.heading.get(lang)]
    for r in u.rows:
        diffs.append(r.text.get(lang))
        if r.table is not None:
            diffs += [c.text.get(lang) for c in r.table.header]
            diffs += [c.text.get(lang) for row in r.table.rows for c in row.cells]
    return diffs


def unit_has_links(u: UnitDiff, lang: Lang) -> bool:
    """True if a text of ``u`` in ``lang`` may hold a link: its HTML then depends on the page (where
    ``#id`` of each column leads), so it is written for the page, not taken from the memo."""
    return any("](" in d.old or "](" in d.new for d in _diffs(u, lang))


def unit_texts(u: UnitDiff, lang: Lang, side: str) -> list[str]:
    """Every text of ``u`` in ``lang`` as the column ``side`` (``old``/``new``) shows it: its heading,
    blocks and table cells (the texts a :data:`MarkFinder` is asked about)."""
    return [t for t in (d.old if side == "old" else d.new for d in _diffs(u, lang)) if t]
