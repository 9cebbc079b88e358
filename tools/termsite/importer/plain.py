"""Reading terms written as plain text (often extracted from a PDF) into importer tokens.

Recognised: 第N章 / Chapter N; 第N条（見出し）, 第N条 見出し, 第N条のM and a （見出し） line above 第N条;
paragraphs numbered ``1.``, ``１．`` or ``２　`` (or not numbered); items ``(1)``, ``（１）``, ``一``,
``ア``, ``(a)`` and bullets; 附則 / 付則 with a （caption）; 別紙 and 別表; a two-column table such as a
definitions table. PDF noise is dropped and reported: page numbers and the table of contents (kept
aside to compare with the body). Lines broken by the PDF are joined by :mod:`import_build`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from termsite.importer.tokens import SPACE, Heading, Token, heading, is_cjk, normalise, to_int

_PAGE = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}(?:\s*/\s*\d{1,3})?|(?:page|p\.)\s*\d{1,3})$", re.IGNORECASE)
_TOC_HEAD = re.compile(r"^(?:目\s*次|(?:table\s+of\s+)?contents)$", re.IGNORECASE)
_TOC_ENTRY = re.compile(r"^(.*\S)[ \t.…・]+\d{1,3}$")
_ITEM_PAREN = re.compile(r"^\((\d{1,3})\)\s*(.*)$")
_ITEM_LETTER = re.compile(r"^\(([a-z])\)\s+(.*)$")
_ITEM_KANA_PAREN = re.compile(r"^\(([アイウエオカキクケコサシスセソタチツテト])\)\s*(.*)$")
_ITEM_KANJI = re.compile(r"^([一二三四五六七八九十]{1,3}) +(\S.*)$")
_ITEM_KANA = re.compile(r"^([アイウエオカキクケコサシスセソタチツテト]) +(\S.*)$")
_ITEM_BULLET = re.compile(r"^(?:[●•・○◦■□▪◆◇]\s*|[-*] +)(\S.*)$")
_PARA_DOT = re.compile(r"^(\d{1,3})\.(?!\d)\s*(.*)$")
_PARA_SPACE = re.compile(r"^(\d{1,3}) +(\S.*)$")
_UNITS = "日月年円%％時分秒個件名回かヶカ箇週倍万億千"
_KANA = "アイウエオカキクケコサシスセソタチツテト"
_CELL_PUNCT = set("。、，,.:：;；()（）「」")


@dataclass(frozen=True)
class TocEntry:
    """A line of the table of contents: the heading it names, and where."""

    line: int
    heading: Heading


def _item(norm: str, text: str) -> Token | None:
    """The item token of a line (``text`` is the original), if it starts with an item marker."""
    def rest(m: re.Match[str]) -> str:
        return text[len(norm) - len(m.group(m.lastindex or 0)):].strip(SPACE)

    m = _ITEM_PAREN.match(norm)
    if m:
        return Token("item", 0, rest(m), number=int(m.group(1)), style="paren", label=text)
    m = _ITEM_LETTER.match(norm)
    if m:
        return Token("item", 0, rest(m), number=ord(m.group(1)) - 96, style="letter", label=text)
    m = _ITEM_KANA_PAREN.match(norm) or _ITEM_KANA.match(norm)
    if m:
        return Token("item", 0, rest(m), number=_KANA.index(m.group(1)) + 1, style="katakana", label=text)
    m = _ITEM_KANJI.match(norm)
    if m:
        return Token("item", 0, rest(m), number=to_int(m.group(1)), style="kanji", label=text)
    m = _ITEM_BULLET.match(norm)
    if m:
        return Token("item", 0, rest(m), style="bullet", label=text)
    return None


def _para(norm: str, text: str) -> Token | None:
    m = _PARA_DOT.match(norm)
    if m:
        return Token("para", 0, text[len(norm) - len(m.group(2)):].strip(SPACE), number=int(m.group(1)),
                     style="dot", label=text)
    m = _PARA_SPACE.match(norm)
    # "２　本文" (law style) needs a full-width digit or space; a half-width "30 日" is a wrapped line
    if m and m.group(2)[0] not in _UNITS and (not text[0].isascii() or "\u3000" in text[: len(m.group(1)) + 1]):
        return Token("para", 0, m.group(2) and text[len(norm) - len(m.group(2)):].strip(SPACE),
                     number=int(m.group(1)), style="space", label=text)
    return None


def _cells(text: str, count: int) -> list[str] | None:
    parts = re.split(r"[ \u3000]+", text.strip(SPACE), maxsplit=count - 1)
    if len(parts) != count or not parts[-1]:
        return None
    if any(len(p) > 20 or _CELL_PUNCT & set(p) for p in parts[:-1]):
        return None
    return parts


def _header(text: str) -> list[str] | None:
    parts = re.split(r"[ \u3000]+", text.strip(SPACE))
    if not 2 <= len(parts) <= 4 or not any(is_cjk(c) for c in text):
        return None
    if any(len(p) > 15 or _CELL_PUNCT & set(p) for p in parts):
        return None
    return parts


def _toc_lines(lines: list[str]) -> set[int]:
    """0-based indexes of the lines of a table of contents (after 目次, or a run of page-numbered headings)."""
    out: set[int] = set()

    def entry(s: str) -> bool:
        m = _TOC_ENTRY.match(normalise(s))
        return m is not None and heading(s[: len(m.group(1))].strip(SPACE)) is not None

    i = 0
    while i < len(lines):
        s = lines[i].strip(SPACE)
        if _TOC_HEAD.match(normalise(s)):
            j = i + 1
            last = i
            while j < len(lines):
                t = lines[j].strip(SPACE)
                if entry(t):
                    last = j
                elif t and not _PAGE.match(normalise(t)):
                    break
                j += 1
            out.update(range(i, last + 1))
            i = last + 1
            continue
        if entry(s):  # a table of contents without a heading: three or more page-numbered headings
            run = [i]
            j = i + 1
            while j < len(lines) and (not lines[j].strip(SPACE) or entry(lines[j].strip(SPACE))):
                if lines[j].strip(SPACE):
                    run.append(j)
                j += 1
            if len(run) >= 3:
                out.update(range(run[0], run[-1] + 1))
                i = run[-1] + 1
                continue
        i += 1
    return out


def read_plain(text: str) -> tuple[list[Token], list[TocEntry]]:
    """The tokens of a plain-text terms document and the entries of its table of contents."""
    lines = text.splitlines()
    toc_lines = _toc_lines(lines)
    tokens: list[Token] = []
    toc: list[TocEntry] = []
    table_cols = 0
    blank = False
    last_content = ""

    def next_content(i: int) -> str:
        for t in lines[i + 1:]:
            if t.strip(SPACE) and not _PAGE.match(normalise(t.strip(SPACE))):
                return t.strip(SPACE)
        return ""

    for i, raw in enumerate(lines):
        n = i + 1
        s = raw.strip(SPACE)
        norm = normalise(s)
        if i in toc_lines:
            tokens.append(Token("noise", n, s, style="toc"))
            m = _TOC_ENTRY.match(norm)
            if m:
                h = heading(s[: len(m.group(1))].strip(SPACE))
                if h is not None:
                    toc.append(TocEntry(n, h))
            continue
        if not s:
            tokens.append(Token("blank", n))
            blank = True
            continue
        if _PAGE.match(norm):
            tokens.append(Token("noise", n, s, style="page"))
            continue
        h = heading(s)
        if table_cols:
            if h is not None and h.kind != "caption":
                table_cols = 0
            else:
                cells = _cells(s, table_cols)
                after_row = tokens[-1].kind in ("table_header", "table_row") and len(tokens[-1].cells) == table_cols \
                    and _cells(last_content, table_cols) is not None
                if cells and (blank or last_content.endswith("。") or after_row):
                    tokens.append(Token("table_row", n, cells=tuple(cells)))
                    blank, last_content = False, s
                    continue
                if _item(norm, s) is not None:
                    tokens.append(Token("table_more", n, s, newline=True))
                    blank, last_content = False, s
                    continue
                if not (blank and last_content.endswith("。")):
                    tokens.append(Token("table_more", n, s))
                    blank, last_content = False, s
                    continue
                table_cols = 0
        tok = _classify(s, norm, h, n, next_content(i))
        if tok.kind == "text" and last_content.endswith(("。", ":", "：")):
            header = _header(s)
            if header and _cells(next_content(i), len(header)):
                tok = Token("table_header", n, cells=tuple(header))
                table_cols = len(header)
        tokens.append(tok)
        if h is not None and h.kind == "article" and h.rest:
            tokens.append(Token("text", n, h.rest))
        blank, last_content = False, s
    return tokens, toc


def _classify(s: str, norm: str, h: Heading | None, n: int, following: str) -> Token:
    if h is not None:
        if h.kind == "article":
            return Token("article", n, h.title, number=h.number, branch=h.branch, label=s)
        if h.kind == "chapter":
            return Token("chapter", n, h.title, number=h.number, label=s)
        if h.kind == "supplementary":
            return Token("supplementary", n, h.title, label=h.rest)
        if h.kind == "appendix":
            return Token("appendix", n, h.title, number=h.number, label=h.label)
        nxt = heading(following) if following else None
        before = nxt is not None and nxt.kind == "article" and not nxt.title
        return Token("caption", n, h.title, style="before" if before else "after", label=s)
    for found in (_item(norm, s), _para(norm, s)):
        if found is not None:
            return Token(found.kind, n, found.text, number=found.number, style=found.style, label=s)
    return Token("text", n, s)
