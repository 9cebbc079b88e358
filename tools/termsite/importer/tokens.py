"""What the importer's readers see in a line of text: tokens, numbers and headings.

Plain text (:mod:`import_plain`) and Markdown (:mod:`import_markdown`) are both read into the same
:class:`Token` stream, which :mod:`import_build` assembles into a version. Markers are recognised
on a *normalised* line (full-width digits, parentheses, period and space made ASCII); the text kept
is always the original, so full-width characters inside the terms stay as they were written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from termsite.model.numbering import japanese_number

Kind = Literal[
    "chapter", "article", "section", "supplementary", "caption", "appendix", "para", "item", "text", "detail",
    "blank", "table_header", "table_row", "table_more", "noise", "unplaced", "trailer",
]


@dataclass(frozen=True)
class Token:
    """One recognised piece of the source, with its 1-based line number."""

    kind: Kind
    line: int
    text: str = ""
    number: int | None = None
    branch: int | None = None
    style: str = ""
    level: int = 0
    cells: tuple[str, ...] = ()
    label: str = ""
    newline: bool = False
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """Something the importer could not place, dropped on purpose, or changed; shown to the editor."""

    line: int
    severity: Literal["warning", "info"]
    code: str
    message: str
    hint: str = ""

    def as_text(self, source: str) -> str:
        """``source:line:1: warning TERMS050: message; hint`` (``note:`` for information)."""
        hint = f"; {self.hint}" if self.hint else ""
        if not self.line:
            label = "note" if self.severity == "info" else f"{self.severity} {self.code}"
            return f"{source}: {label}: {self.message}{hint}"
        if self.severity == "info":
            return f"{source}:{self.line}:1: note: {self.message}{hint}"
        return f"{source}:{self.line}:1: {self.severity} {self.code}: {self.message}{hint}"


# Codes of the importer's notes (proposed for the catalogue in codes.py).
NOT_PLACED = "TERMS050"
TOC_MISMATCH = "TERMS051"
IRREGULAR_NUMBER = "TERMS052"
CONVERTED = "TERMS053"
TRAILER = "TERMS054"
LINK_DROPPED = "TERMS055"
LINES_JOINED = "TERMS056"
STRUCTURE = "TERMS057"

_ASCII = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "（": "(", "）": ")", "．": ".", "\u3000": " ", "：": ":", "－": "-",
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
})
KANJI_NUMBER = "[〇零一二三四五六七八九十百]+"
NUMBER = rf"(?:\d+|{KANJI_NUMBER})"
SPACE = " \t\u3000"


def normalise(line: str) -> str:
    """The line with full-width digits, letters, parentheses, period, colon and space made ASCII."""
    return line.translate(_ASCII)


def to_int(text: str) -> int | None:
    """``12``, ``１２`` or ``十二`` as a number; ``None`` if it is none of these."""
    return japanese_number(normalise(text))


def is_cjk(ch: str) -> bool:
    """True for Japanese characters and full-width punctuation (lines wrapped there join without a space)."""
    o = ord(ch)
    return (0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x2460 <= o <= 0x24FF or 0x25A0 <= o <= 0x25FF)


def join_wrapped(before: str, after: str) -> str:
    """Join a line broken by a PDF or an editor: no space next to Japanese, one space between words."""
    if not before:
        return after
    if not after:
        return before
    if is_cjk(before[-1]) or is_cjk(after[0]) or before.endswith(("-", "/")):
        return before + after
    return f"{before} {after}"


# --- headings shared by both readers ------------------------------------------------------------

_CHAPTER = re.compile(rf"^第\s*({NUMBER})\s*章(?:[\s:]+(.*)|\s*\((.*)\)\s*)?$")
_CHAPTER_EN = re.compile(r"^(?:Chapter|CHAPTER|Part|PART)\s+(\d+)\.?(?:[\s:]+(.*))?$")
_ARTICLE = re.compile(rf"^第\s*({NUMBER})\s*条(?:\s*の\s*({NUMBER}))?(.*)$")
_ARTICLE_EN = re.compile(r"^(?:Article|ARTICLE|Art\.)\s+(\d+)(?:-(\d+))?\.?(.*)$")
_SUPPLEMENTARY = re.compile(r"^(附\s*則|付\s*則|Supplementary Provisions?)(?:\s*\((.+)\))?$", re.IGNORECASE)
_APPENDIX = re.compile(rf"^(別紙|別表|Appendix|Schedule|Annex)\s*(第?\s*{NUMBER}|[A-Z]\b)?(.*)$")
_CAPTION = re.compile(r"^\(([^()]{1,40})\)$")


@dataclass(frozen=True)
class Heading:
    """A recognised heading line: its kind, number, branch (第5条の2), title and text after it."""

    kind: Literal["chapter", "article", "supplementary", "appendix", "caption"]
    number: int | None = None
    branch: int | None = None
    title: str = ""
    rest: str = ""
    label: str = ""


def _title_or_text(rest: str) -> tuple[str, str]:
    """Split what follows 第N条: ``（見出し）本文``, `` 見出し`` or `` 本文…。``; ``"\x00"`` if no heading."""
    norm = normalise(rest)
    if not norm.strip():
        return "", ""
    lead = len(norm) - len(norm.lstrip(" \t"))
    if norm[lead] == "(":
        depth = 0
        for i in range(lead, len(norm)):
            depth += norm[i] == "("
            depth -= norm[i] == ")"
            if depth == 0:
                title, after = rest[lead + 1:i].strip(SPACE), rest[i + 1:]
                if after.strip() and after[0] not in SPACE:
                    return "", "\x00"  # 第3条（用語の定義）に定める…: a sentence, not a heading
                return title, after.strip(SPACE)
        return "", "\x00"
    if lead == 0 and norm[0] not in ":.":
        return "", "\x00"  # 第12条第4項に…: a wrapped sentence that starts with a citation
    body = rest.strip(SPACE + ":.：．")
    if any(is_cjk(c) for c in body):
        is_text = "。" in body or "、" in body or len(body) > 30
    else:
        is_text = body.endswith(".") or len(body) > 80
    return ("", body) if is_text else (body, "")


def heading(line: str) -> Heading | None:
    """The heading that ``line`` (stripped) is, if it is one."""
    norm = normalise(line)
    m = _CHAPTER.match(norm) or _CHAPTER_EN.match(norm)
    if m:
        n = to_int(m.group(1))
        title = (m.group(2) or (m.group(3) if m.re is _CHAPTER else "") or "").strip(SPACE)
        return Heading("chapter", n, title=_original_tail(line, title))
    m = _ARTICLE.match(norm) or _ARTICLE_EN.match(norm)
    if m:
        n = to_int(m.group(1))
        branch = to_int(m.group(2)) if m.group(2) else None
        start = len(norm) - len(m.group(3))
        title, rest = _title_or_text(line[start:])
        if rest == "\x00":
            return None
        return Heading("article", n, branch, title=title, rest=rest)
    m = _SUPPLEMENTARY.match(norm)
    if m:
        return Heading("supplementary", title=line[: len(m.group(1))].strip(),
                       rest=_original_tail(line, m.group(2) or ""))
    m = _APPENDIX.match(norm)
    if m:
        tail = m.group(3).strip()
        if tail.startswith("(") and tail.endswith(")"):
            tail = tail[1:-1]
        elif tail and (m.group(3)[:1] not in " :" or "。" in tail or len(tail) > 40
                       or (m.group(1).isascii() and not m.group(2))):
            return None  # 別紙において定めます…, "Schedule of fees …": a sentence
        label = line[: len(norm) - len(m.group(3))].strip(SPACE)
        return Heading("appendix", to_int(m.group(2).lstrip("第")) if m.group(2) else None,
                       title=_original_tail(line, tail), label=label)
    m = _CAPTION.match(norm)
    if m and not m.group(1).strip().isdigit():
        return Heading("caption", title=_original_tail(line, m.group(1)))
    return None


def _original_tail(line: str, norm_part: str) -> str:
    """The original characters of ``norm_part`` (found in the normalised line) in ``line``."""
    if not norm_part:
        return ""
    norm = normalise(line)
    i = norm.rfind(norm_part)
    return line[i: i + len(norm_part)].strip(SPACE) if i >= 0 else norm_part.strip(SPACE)
