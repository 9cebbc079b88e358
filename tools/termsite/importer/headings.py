"""The role of every Markdown heading: document title, chapter, article, section, or a line of text.

A heading that names itself (第N章, 第N条, 附則, 別紙, "Chapter 2", "Article 3") is taken at its word.
Every other heading is placed by its level and its numbering pattern, for statute and decimal documents
alike:

* a single heading at the top level, first in the file, is the document's title (not imported);
* below the level of named articles (第N条) headings are sections, above it chapters;
* without named articles, the shallowest remaining level holds articles unless it is a chapter level:
  its headings carry no text of their own and the numbers of the level below run on across them
  (``## General`` / ``### 1.`` ``### 2.`` / ``## Fees`` / ``### 3.``). When the numbers below restart
  under each heading (``### B. Accounts`` / ``#### 1. Registration``), or the headings are lettered or
  have text, they are articles and the level below holds their sections;
* ``4.1`` is a section wherever it stands; a level deeper than sections is kept as a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from termsite.importer.tokens import heading, normalise

Role = Literal["title", "chapter", "article", "section", "supplementary", "appendix", "text"]

_DECIMAL = re.compile(r"^(?:(?:Section|SECTION|§)\s*)?(\d{1,3})\.(\d{1,3})\.?\s+(\S.*)$")
_NUMBERED = re.compile(r"^(?:(?:Section|SECTION|Clause|CLAUSE|§)\s*)?(\d{1,3})[.):]?\s+(\S.*)$")
_SECTION_WORD = re.compile(r"^(?:Section|SECTION|Clause|CLAUSE|§)\s*(\d{1,3})\.?$")
_LETTERED = re.compile(r"^(?:(?:Section|SECTION|Part|PART)\s+)?([A-Z])[.):]\s+(\S.*)$")


@dataclass(frozen=True)
class Head:
    """One heading of the source: its line (0-based), level, text and whether text follows it."""

    index: int
    level: int
    text: str
    has_body: bool


@dataclass(frozen=True)
class Pattern:
    """How a heading is numbered: named (第N条 …), decimal ``4.1``, ``N.``, lettered ``A.`` or plain."""

    kind: Literal["named", "decimal", "numbered", "lettered", "plain"]
    number: int | None = None
    title: str = ""
    named: str = ""


def pattern(text: str) -> Pattern:
    """The numbering pattern of a heading's text."""
    norm = normalise(text)
    h = heading(norm)
    if h is not None and h.kind != "caption":
        return Pattern("named", h.number, named=h.kind)
    m = _DECIMAL.match(norm)
    if m:
        return Pattern("decimal", int(m.group(2)), _tail(text, m.group(3)))
    m = _NUMBERED.match(norm)
    if m:
        return Pattern("numbered", int(m.group(1)), _tail(text, m.group(2)))
    m = _SECTION_WORD.match(norm)
    if m:
        return Pattern("numbered", int(m.group(1)), "")
    m = _LETTERED.match(norm)
    if m:
        return Pattern("lettered", ord(m.group(1)) - 64, _tail(text, m.group(2)))
    return Pattern("plain", title=text)


def _tail(text: str, norm_tail: str) -> str:
    return text[len(text) - len(norm_tail):].strip()


def roles(heads: list[Head]) -> dict[int, Role]:
    """The role of every heading, keyed by its line index."""
    out: dict[int, Role] = {}
    pats = {h.index: pattern(h.text) for h in heads}
    for h in heads:
        p = pats[h.index]
        if p.kind == "named":
            out[h.index] = p.named  # type: ignore[assignment]
        elif p.kind == "decimal":
            out[h.index] = "section"
    rest = [h for h in heads if h.index not in out]
    if rest and len(heads) > 1:
        top = min(h.level for h in heads)
        first = heads[0]
        if first in rest and first.level == top and sum(1 for h in heads if h.level == top) == 1:
            out[first.index] = "title"
            rest = rest[1:]
    named_articles = [h.level for h in heads if out.get(h.index) == "article"]
    if named_articles:
        level = Counter(named_articles).most_common(1)[0][0]
        for h in rest:
            out[h.index] = "chapter" if h.level < level else "article" if h.level == level else "section"
        return out
    levels = sorted({h.level for h in rest})
    if not levels:
        return out
    sections = [h.level for h in heads if out.get(h.index) == "section"]
    upper = levels[0]
    lower = levels[1] if len(levels) > 1 else None
    if sections and lower is None:
        upper_role: Role = "chapter" if upper < min(sections) - 1 else "article"
        for h in rest:
            out[h.index] = upper_role
        return out
    upper_role = "article"
    if lower is not None and _is_chapter_level(heads, rest, upper, lower, pats):
        upper_role = "chapter"
    for h in rest:
        if h.level == upper:
            out[h.index] = upper_role
        elif h.level == lower:
            out[h.index] = "article" if upper_role == "chapter" else "section"
        elif upper_role == "chapter" and len(levels) > 2 and h.level == levels[2]:
            out[h.index] = "section"
        else:
            out[h.index] = "text"
    return out


def _is_chapter_level(heads: list[Head], rest: list[Head], upper: int, lower: int,
                      pats: dict[int, Pattern]) -> bool:
    """Whether the headings at ``upper`` group articles (chapters) rather than being articles."""
    uppers = [h for h in rest if h.level == upper]
    if any(pats[h.index].kind == "lettered" for h in uppers) or any(h.has_body for h in uppers):
        return False
    groups: list[list[int | None]] = []
    for h in heads:
        if h.level == upper and h in rest:
            groups.append([])
        elif h.level == lower and h in rest and groups:
            groups[-1].append(pats[h.index].number)
    numbered = [g for g in groups if g and all(n is not None for n in g)]
    if len(numbered) >= 2:
        restarts = sum(1 for g in numbered[1:] if g[0] == 1)
        return restarts < len(numbered[1:])  # the numbers run on across the headings above
    return True
