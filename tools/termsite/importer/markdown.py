"""Reading terms written in Markdown into importer tokens.

Headings are provisions: a heading that names itself (第N章, 第N条, 附則, 別紙, "Article 3", "4.1 …")
is taken at its word; other headings are placed by level: a single top heading is the document's
title (not imported), the next level holds articles, or chapters when their headings carry no text
of their own, and the level below articles holds sections. Numbered lists are paragraphs, or items
when a paragraph introduces them; bullet lists and nested lists are items; an indented paragraph
under a list item is that item's detail. Pipe tables become tables. Texts are plain text: emphasis
and links are turned into plain text and reported; HTML, images and code blocks are reported and
left out.
"""

from __future__ import annotations

import re
from collections import Counter

from termsite.importer.plain import TocEntry, _item
from termsite.importer.tokens import CONVERTED, NOT_PLACED, Heading, Note, Token, heading, join_wrapped, normalise

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_LIST = re.compile(r"^(\s*)(?:(\d{1,3})[.)]|([-*+]))\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*(?:-\s*){3,}$|^\s*(?:\*\s*){3,}$|^\s*(?:_\s*){3,}$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_NUMBERED_TITLE = re.compile(r"^(\d{1,3})(?:\.(\d{1,3}))?\.?\s+(.+)$")
_HTML = re.compile(r"<[^>]+>")


def plain(text: str) -> tuple[str, bool]:
    """Inline Markdown made plain text; True when something was changed."""
    out = text
    out = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", out)
    out = re.sub(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)",
                 lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", out)
    out = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", out)
    out = re.sub(r"(\*\*|__)(.+?)\1", r"\2", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", out)
    out = re.sub(r"`([^`]+)`", r"\1", out)
    out = re.sub(r"<br\s*/?>", "\n", out, flags=re.IGNORECASE)
    out = _HTML.sub("", out)
    out = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", out)
    return out, out != text


def _heading_role(levels: list[tuple[int, str, bool]]) -> dict[int, str]:
    """The role of each heading level that does not name itself: title, chapter, article or section."""
    unnamed = [(lvl, has_body) for lvl, text, has_body in levels if heading(normalise(text)) is None
               and not _NUMBERED_TITLE.match(normalise(text))]
    roles: dict[int, str] = {}
    counts = Counter(lvl for lvl, _ in unnamed)
    ordered = sorted(counts)
    if ordered and counts[ordered[0]] == 1 and levels and levels[0][0] == ordered[0] and len(levels) > 1:
        roles[ordered[0]] = "title"
        ordered = ordered[1:]
    if len(ordered) >= 2:
        upper = ordered[0]
        with_body = any(has_body for lvl, has_body in unnamed if lvl == upper)
        roles[upper] = "article" if with_body else "chapter"
        roles[ordered[1]] = "section" if with_body else "article"
        for lvl in ordered[2:]:
            roles[lvl] = "section"
    elif ordered:
        roles[ordered[0]] = "article"
    return roles


def _heading_token(text: str, role: str, n: int) -> Token:
    h: Heading | None = heading(text)
    if h is not None and h.kind != "caption":
        kinds = {"chapter": "chapter", "article": "article", "supplementary": "supplementary", "appendix": "appendix"}
        label = h.label if h.kind == "appendix" else (h.rest if h.kind == "supplementary" else text)
        return Token(kinds[h.kind], n, h.title, number=h.number, branch=h.branch, label=label)  # type: ignore[arg-type]
    m = _NUMBERED_TITLE.match(normalise(text))
    if m:
        title = text[len(text) - len(m.group(3)):].strip()
        if m.group(2):
            return Token("section", n, title, number=int(m.group(2)), label=text)
        return Token("chapter" if role == "chapter" else "article", n, title, number=int(m.group(1)), label=text)
    kind = {"chapter": "chapter", "section": "section"}.get(role, "article")
    return Token(kind, n, text, label=text)  # type: ignore[arg-type]


def read_markdown(text: str) -> tuple[list[Token], list[TocEntry], list[Note]]:
    """The tokens of a Markdown terms document (it has no table of contents to compare)."""
    lines = text.splitlines()
    notes: list[Note] = []
    skip: set[int] = set()
    # front matter and fenced code are not terms
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                skip.update(range(0, j + 1))
                notes.append(Note(1, "warning", NOT_PLACED, f"front matter (lines 1–{j + 1}) was not imported",
                                  "dates and status are set by the command; copy anything else by hand"))
                break
    fence_start = None
    for j, ln in enumerate(lines):
        if j in skip:
            continue
        if _FENCE.match(ln):
            if fence_start is None:
                fence_start = j
            else:
                skip.update(range(fence_start, j + 1))
                notes.append(Note(fence_start + 1, "warning", NOT_PLACED, f"a code block (lines {fence_start + 1}–"
                                  f"{j + 1}) was not imported", "terms are plain text; add it by hand if needed"))
                fence_start = None
    # headings (ATX and setext) and whether each has text of its own before the next heading
    heads: dict[int, tuple[int, str]] = {}
    for j, ln in enumerate(lines):
        if j in skip:
            continue
        m = _ATX.match(ln)
        if m:
            heads[j] = (len(m.group(1)), m.group(2))
        elif j > 0 and (j - 1) not in skip and _SETEXT.match(ln) and lines[j - 1].strip() and (j - 1) not in heads \
                and not _LIST.match(lines[j - 1]) and not lines[j - 1].lstrip().startswith("|"):
            heads[j - 1] = (1 if ln.strip().startswith("=") else 2, lines[j - 1].strip())
            skip.add(j)
    order = sorted(heads)
    levels = []
    for k, j in enumerate(order):
        end = order[k + 1] if k + 1 < len(order) else len(lines)
        body = any(lines[x].strip() and x not in skip and x not in heads for x in range(j + 1, end))
        levels.append((heads[j][0], plain(heads[j][1])[0], body))
    roles = _heading_role(levels)

    tokens: list[Token] = []
    changed: list[int] = []
    list_indents: list[int] = []
    in_table = False
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if para:
            joined = ""
            for _, t in para:
                joined = join_wrapped(joined, t)
            tokens.append(Token("text", para[0][0], joined, style="para"))
            para.clear()

    def clean(t: str, n: int) -> str:
        out, was = plain(t)
        if was:
            changed.append(n)
        return out.strip()

    for j, ln in enumerate(lines):
        n = j + 1
        if j in skip:
            continue
        if j in heads:
            flush()
            list_indents.clear()
            in_table = False
            level, htext = heads[j]
            htext = clean(htext, n)
            role = roles.get(level, "article")
            if role == "title" and heading(htext) is None:
                notes.append(Note(n, "warning", NOT_PLACED, f"the title '{htext}' was not imported",
                                  "the document's title lives in document.yml"))
                continue
            tokens.append(_heading_token(htext, role, n))
            continue
        stripped = ln.strip()
        if not stripped:
            flush()
            tokens.append(Token("blank", n))
            in_table = False
            continue
        if stripped.startswith("<!--") or _RULE.match(ln):
            flush()
            tokens.append(Token("noise", n, stripped, style="markup"))
            continue
        if stripped.startswith("|"):
            flush()
            cells = [clean(c, n) for c in stripped.strip("|").split("|")]
            if _TABLE_SEP.match(stripped):
                continue
            nxt = lines[j + 1] if j + 1 < len(lines) else ""
            if not in_table and _TABLE_SEP.match(nxt.strip()):
                tokens.append(Token("table_header", n, cells=tuple(cells)))
            else:
                tokens.append(Token("table_row", n, cells=tuple(cells)))
            in_table = True
            continue
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
            notes.append(Note(n, "warning", CONVERTED, "a block quote was imported as an ordinary paragraph",
                              "check where it belongs"))
        m = _LIST.match(ln)
        if m:
            flush()
            indent = len(m.group(1).expandtabs(4))
            while list_indents and list_indents[-1] > indent:
                list_indents.pop()
            if not list_indents or list_indents[-1] < indent:
                list_indents.append(indent)
            level = len(list_indents) - 1
            content = clean(m.group(4), n)
            if m.group(2) and level == 0:
                tokens.append(Token("para", n, content, number=int(m.group(2)), style="dot", label=stripped))
            else:
                style = "dot" if m.group(2) else "bullet"
                number = int(m.group(2)) if m.group(2) else None
                tokens.append(Token("item", n, content, number=number, style=style, level=level, label=stripped))
            continue
        if list_indents and ln[:1] in (" ", "\t"):
            prev = tokens[-1] if tokens else None
            if prev is not None and prev.kind == "blank":
                tokens.append(Token("detail", n, clean(stripped, n)))
            else:
                tokens.append(Token("table_more", n, clean(stripped, n)))  # a lazy continuation of the item
            continue
        list_indents.clear()
        found = _item(normalise(stripped), stripped)
        if found is not None and found.style != "bullet":
            flush()
            tokens.append(Token("item", n, clean(found.text, n), number=found.number, style=found.style,
                                label=stripped))
            continue
        para.append((n, clean(stripped, n)))
    flush()
    if changed:
        notes.append(Note(changed[0], "info", CONVERTED, "Markdown formatting (emphasis, links, HTML) was turned "
                          f"into plain text on line(s) {', '.join(str(x) for x in sorted(set(changed)))}",
                          "texts are plain text"))
    return tokens, [], notes
