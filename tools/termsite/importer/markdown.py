"""Reading terms written in Markdown into importer tokens.

Headings are provisions, placed by :mod:`termsite.importer.headings` (title, chapter, article,
section). Numbered lists are paragraphs, or items when a paragraph introduces them; bullet lists and
nested lists (``-``, ``*``, ``+``, tab-indented, any depth) are items; an indented paragraph under a
list item is that item's detail. Pipe tables become tables. Inline markup is resolved by
:mod:`termsite.importer.inline`: emphasis removed, links kept as ``[t](u)``; each kind removed is
reported once. The lines of a paragraph keep their line breaks, except a line of Japanese broken
inside a sentence, which is joined to the next and reported. HTML-only lines, images and code blocks
are reported and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from termsite.importer.headings import Head, pattern, roles
from termsite.importer.inline import inline, slug
from termsite.importer.plain import TocEntry, _item
from termsite.importer.tokens import (
    CONVERTED,
    LINES_JOINED,
    LINK_DROPPED,
    NOT_PLACED,
    STRUCTURE,
    Note,
    Token,
    heading,
    is_cjk,
    normalise,
)

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*(?:\s#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_LIST = re.compile(r"^([ \t]*)(?:(\d{1,3})[.)]|([-*+]))[ \t]+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*(?:-\s*){3,}$|^\s*(?:\*\s*){3,}$|^\s*(?:_\s*){3,}$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANCHOR_TAG = re.compile(r"""<a\s+(?:id|name)\s*=\s*["']([^"']+)["'][^>]*>\s*</a>""", re.IGNORECASE)
_ATTR_ID = re.compile(r"\s*\{#([\w-]+)\}\s*$")
_LABEL_LINE = re.compile(r"^[^。：:]{1,12}[：:]")
_SENTENCE_END = ("。", "．", "！", "？", "」", "』", "）", ")", ".", "!", "?")


@dataclass
class _Report:
    """What the reader changed or left out, gathered to be reported once per kind."""

    notes: list[Note] = field(default_factory=list)
    removed: dict[str, list[int]] = field(default_factory=dict)
    joined: list[int] = field(default_factory=list)

    def text(self, raw: str, n: int) -> tuple[str, tuple[str, ...]]:
        found = inline(raw)
        for kind in found.removed:
            self.removed.setdefault(kind, []).append(n)
        for what in found.dropped:
            self.notes.append(Note(n, "warning", LINK_DROPPED, f"{what} was kept as plain text: a text may link "
                                   "only to https://, http://, mailto: or a provision (#id)",
                                   "link to the page by hand if it is safe (FORMS: [label](target))"))
        return found.text.strip(), tuple(found.anchors)

    def finish(self) -> list[Note]:
        for kind, lines in sorted(self.removed.items(), key=lambda kv: kv[1][0]):
            shown = sorted(set(lines))
            self.notes.append(Note(shown[0], "info", CONVERTED, f"{kind} removed on line(s) "
                                   f"{', '.join(str(x) for x in shown)}", "texts are plain text with links"))
        if self.joined:
            self.notes.append(Note(self.joined[0], "info", LINES_JOINED, "a line of Japanese broken inside a "
                                   "sentence was joined to the next (no space) on line(s) "
                                   f"{', '.join(str(x) for x in self.joined)}", "check that each was one sentence"))
        return self.notes


def _front_and_code(lines: list[str], notes: list[Note]) -> dict[int, str]:
    """Lines of front matter and fenced code (not terms), and which of the two they are."""
    skip: dict[int, str] = {}
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                skip.update((x, "front matter") for x in range(0, j + 1))
                notes.append(Note(1, "warning", NOT_PLACED, f"front matter (lines 1–{j + 1}) was not imported",
                                  "dates and status are set by the command; copy anything else by hand"))
                break
    fence_start = None
    for j, ln in enumerate(lines):
        if j in skip or not _FENCE.match(ln):
            continue
        if fence_start is None:
            fence_start = j
        else:
            skip.update((x, "code") for x in range(fence_start, j + 1))
            notes.append(Note(fence_start + 1, "warning", NOT_PLACED, f"a code block (lines {fence_start + 1}–"
                              f"{j + 1}) was not imported", "terms are plain text; add it by hand if needed"))
            fence_start = None
    return skip


def _headings(lines: list[str], skip: dict[int, str]) -> dict[int, tuple[int, str]]:
    heads: dict[int, tuple[int, str]] = {}
    for j, ln in enumerate(lines):
        if j in skip:
            continue
        m = _ATX.match(ln)
        if m:
            heads[j] = (len(m.group(1)), m.group(2))
        elif j > 0 and (j - 1) not in skip and _SETEXT.match(ln) and lines[j - 1].strip() and (j - 1) not in heads \
                and not _LIST.match(lines[j - 1]) and not lines[j - 1].lstrip().startswith("|") \
                and (j < 2 or not lines[j - 2].strip() or (j - 2) in heads):
            heads[j - 1] = (1 if ln.strip().startswith("=") else 2, lines[j - 1].strip())
            skip[j] = "markup"
    return heads


def _breaks(prev: str, cur: str, raw_prev: str) -> bool:
    """Whether the source's line break between two lines of a paragraph is kept (else they are joined)."""
    if raw_prev.endswith(("  ", "\\")):
        return True
    if not prev or not cur or not (is_cjk(prev[-1]) or is_cjk(cur[0])):
        return False  # words wrapped by the editor: Markdown joins them with a space
    return prev.endswith(_SENTENCE_END) or bool(_LABEL_LINE.match(prev) or _LABEL_LINE.match(cur)) or len(prev) < 20


def read_markdown(text: str) -> tuple[list[Token], list[TocEntry], list[Note]]:
    """The tokens of a Markdown terms document (it has no table of contents to compare)."""
    lines = text.splitlines()
    rep = _Report()
    skip = _front_and_code(lines, rep.notes)
    heads = _headings(lines, skip)
    order = sorted(heads)
    plan = []
    for k, j in enumerate(order):
        end = order[k + 1] if k + 1 < len(order) else len(lines)
        body = any(lines[x].strip() and x not in skip and x not in heads and inline(lines[x]).text.strip()
                   for x in range(j + 1, end))
        plan.append(Head(j, heads[j][0], inline(_ATTR_ID.sub("", heads[j][1])).text.strip(), body))
    role = roles(plan)
    lettered = [h for h in plan if role.get(h.index) == "article" and pattern(h.text).kind == "lettered"]
    printed = len(lettered) >= 2
    if printed:
        rep.notes.append(Note(lettered[0].index + 1, "info", STRUCTURE, "the articles are lettered ("
                              + ", ".join(h.text.split()[0] for h in lettered[:3]) + ", …): their printed labels "
                              "are kept in their titles", "with `numbering: none` in document.yml the pages show "
                              "the labels exactly as printed (the model numbers articles, it has no letters)"))

    tokens: list[Token] = []
    list_indents: list[int] = []
    in_table = False
    prev_line: tuple[str, str] | None = None  # the last line of the current paragraph or item: text, raw
    pending_anchors: list[str] = []

    for j, ln in enumerate(lines):
        n = j + 1
        if j in skip:
            tokens.append(Token("noise", n, ln, style=skip[j]))
            continue
        if j in heads:
            prev_line, in_table = None, False
            list_indents.clear()
            level, raw = heads[j]
            anchors = [*pending_anchors, *_ANCHOR_TAG.findall(raw)]
            pending_anchors.clear()
            explicit = _ATTR_ID.search(raw)
            if explicit:
                anchors.append(explicit.group(1))
                raw = _ATTR_ID.sub("", raw)
            htext, _ = rep.text(raw, n)
            anchors.append(slug(htext))
            tok = _heading_token(htext, role.get(j, "article"), n, tuple(anchors), printed, rep)
            tokens.append(tok if tok is not None else Token("noise", n, htext, style="title"))
            continue
        stripped = ln.strip()
        if not stripped:
            tokens.append(Token("blank", n))
            prev_line, in_table = None, False
            continue
        if stripped.startswith("<!--") or _RULE.match(ln):
            tokens.append(Token("noise", n, stripped, style="markup"))
            prev_line = None
            continue
        if stripped.startswith("|"):
            prev_line = None
            if _TABLE_SEP.match(stripped):
                tokens.append(Token("noise", n, stripped, style="markup"))
                continue
            cells = [rep.text(c, n)[0] for c in re.split(r"(?<!\\)\|", stripped.strip("|"))]
            nxt = lines[j + 1] if j + 1 < len(lines) else ""
            kind = "table_header" if not in_table and _TABLE_SEP.match(nxt.strip()) else "table_row"
            tokens.append(Token(kind, n, cells=tuple(cells)))  # type: ignore[arg-type]
            in_table = True
            continue
        quoted = stripped.startswith(">")
        if quoted:
            rep.removed.setdefault("block quotes (imported as ordinary text)", []).append(n)
            ln = stripped = stripped.lstrip("> ").strip()
        m = _LIST.match(ln)
        if m:
            indent = len(m.group(1).expandtabs(4))
            while list_indents and list_indents[-1] > indent:
                list_indents.pop()
            if not list_indents or list_indents[-1] < indent:
                list_indents.append(indent)
            level = len(list_indents) - 1
            content, _ = rep.text(m.group(4), n)
            if m.group(2) and level == 0:
                tokens.append(Token("para", n, content, number=int(m.group(2)), style="dot", label=stripped))
            else:
                tokens.append(Token("item", n, content, number=int(m.group(2)) if m.group(2) else None,
                                    style="dot" if m.group(2) else "bullet", level=level, label=stripped))
            prev_line = (content, ln)
            continue
        if not inline(stripped).text.strip():  # a line of HTML only (<div align="right">): layout
            tokens.append(Token("noise", n, stripped, style="markup"))
            pending_anchors += _ANCHOR_TAG.findall(stripped)
            continue
        content, _ = rep.text(stripped, n)
        if list_indents and ln[:1] in (" ", "\t") and tokens and tokens[-1].kind == "blank":
            tokens.append(Token("detail", n, content))
            prev_line = (content, ln)
            continue
        if prev_line is not None:
            keep = _breaks(prev_line[0], content, prev_line[1])
            if not keep and (is_cjk(prev_line[0][-1]) or is_cjk(content[0])):
                rep.joined.append(n - 1)
            tokens.append(Token("table_more", n, content, newline=keep))
            prev_line = (content, ln)
            continue
        list_indents.clear()
        found = _item(normalise(stripped), stripped)
        if found is not None and found.style != "bullet":
            item_text, _ = rep.text(found.text, n)
            tokens.append(Token("item", n, item_text, number=found.number, style=found.style, label=stripped))
        else:
            tokens.append(Token("text", n, content, style="para"))
        prev_line = (content, ln)
    return tokens, [], rep.finish()


def _heading_token(text: str, role: str, n: int, anchors: tuple[str, ...], printed: bool,
                   rep: _Report) -> Token | None:
    if role == "title":
        rep.notes.append(Note(n, "warning", NOT_PLACED, f"the title '{text}' was not imported",
                              "the document's title lives in document.yml"))
        return None
    h = heading(normalise(text))
    if h is not None and h.kind != "caption" and role in ("chapter", "article", "supplementary", "appendix"):
        h = heading(text) or h
        if h.kind == "appendix":
            return Token("appendix", n, h.title, number=h.number, label=h.label, anchors=anchors)
        if h.kind == "supplementary":
            return Token("supplementary", n, h.title, label=h.rest, anchors=anchors)
        # in a heading, whatever follows 第N条 is its title, even with 、 or 。 in it
        return Token(h.kind, n, h.title or h.rest, number=h.number, branch=h.branch, label=text,
                     anchors=anchors)
    if role == "text":
        rep.notes.append(Note(n, "info", STRUCTURE, f"the heading '{text}' is deeper than a section and was kept "
                              "as a paragraph", "the model has articles and their sections, no deeper level"))
        return Token("text", n, text, style="para")
    p = pattern(text)
    title = text if printed or p.kind in ("plain", "lettered") else p.title
    number = None if printed or p.kind in ("plain", "lettered") else p.number
    kind = role if role in ("chapter", "section") else "article"
    return Token(kind, n, title, number=number, label=text, anchors=anchors)  # type: ignore[arg-type]
