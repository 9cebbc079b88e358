"""Assembling importer tokens into a version: chapters, articles, paragraphs, items, tables.

Placement rules, in the order an editor reads a PDF:

* A numbered line ``1.`` after an article's unnumbered first paragraph starts that paragraph's items
  (第8条: 「…各号のいずれかに該当するときは…」 then 1. 2. 3.); a ``２`` after it is paragraph 2 (the
  statute layout, where paragraph 1 carries no number). Otherwise numbered lines are paragraphs.
* Items nest by marker kind: ``(1)`` under a paragraph, ``ア`` under ``(1)``, and so on.
* A line without a marker continues the text before it (a line or page broken by the PDF), unless a
  blank line separates it from an unnumbered paragraph that ended a sentence: then it is a new
  paragraph. Markdown paragraphs are always separate.
* Text before the first heading is the preamble when it reads as sentences; anything else there (a
  cover page: title, publisher, date) is reported, not imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from termsite.importer.tokens import CONVERTED, IRREGULAR_NUMBER, NOT_PLACED, TRAILER, Note, Token, join_wrapped
from termsite.importer.trailer import DateLine, date_of, is_trailer

_SENTENCE_END = ("。", ".", "！", "？", "!", "?", "」", "）")
_LABEL_LINE = re.compile(r"^[^。、：:\s]{1,10}[：:]\S")


class Acc:
    """A text being collected line by line."""

    def __init__(self, line: int, text: str = "") -> None:
        self.line = line
        self.value = text
        self.lines = [line]
        self.last = text  # the last line added, as written

    def wrap(self, text: str, line: int = 0) -> None:
        """Continue the text across a line broken by the layout."""
        self.value = join_wrapped(self.value, text)
        self.lines.append(line or self.line)
        self.last = text

    def newline(self, text: str, line: int = 0) -> None:
        """Add a line that stands on its own line (a list inside a table cell, an address)."""
        self.value = f"{self.value}\n{text}" if self.value else text
        self.lines.append(line or self.line)
        self.last = text

    def ends_sentence(self) -> bool:
        """True when the text so far ends a sentence."""
        return self.value.rstrip().endswith(_SENTENCE_END)


@dataclass
class ItemN:
    line: int
    text: Acc | None
    style: str
    number: int | None
    items: list[ItemN] = field(default_factory=list)
    detail: list[Acc] = field(default_factory=list)


@dataclass
class TableN:
    header: list[Acc]
    rows: list[list[Acc]] = field(default_factory=list)


@dataclass
class ParaN:
    line: int
    text: Acc | None
    number: int | None = None
    items: list[ItemN] = field(default_factory=list)
    table: TableN | None = None


@dataclass
class BlockN:
    """An article, a section, a supplementary provision or an appendix."""

    kind: str
    line: int
    number: int | None = None
    branch: int | None = None
    title: str = ""
    caption: str = ""
    label: str = ""
    paragraphs: list[ParaN] = field(default_factory=list)
    sections: list[BlockN] = field(default_factory=list)
    numbered: bool = False
    dot_items: bool = False
    anchors: tuple[str, ...] = ()


@dataclass
class ChapterN:
    line: int
    number: int | None
    title: str
    articles: list[BlockN] = field(default_factory=list)
    anchors: tuple[str, ...] = ()


@dataclass
class Built:
    """What the source holds, before ids and languages are assigned."""

    preamble: list[Acc]
    chapters: list[ChapterN]
    articles: list[BlockN]
    supplementary: list[BlockN]
    appendices: list[BlockN]
    notes: list[Note]
    noise: dict[str, list[int]]
    dates: list[DateLine] = field(default_factory=list)
    left_out: set[int] = field(default_factory=set)


class Builder:
    """Feed tokens in order with :meth:`feed`, then take the result from :meth:`finish`."""

    def __init__(self, markdown: bool = False) -> None:
        self.markdown = markdown
        self.chapters: list[ChapterN] = []
        self.loose: list[BlockN] = []
        self.supp: list[BlockN] = []
        self.appx: list[BlockN] = []
        self.front: list[tuple[Acc, bool]] = []  # text before the first heading, and whether a blank preceded it
        self.notes: list[Note] = []
        self.noise: dict[str, list[int]] = {}
        self.dates: list[DateLine] = []
        self.left_out: set[int] = set()
        self.block: BlockN | None = None
        self.article: BlockN | None = None
        self.para: ParaN | None = None
        self.stack: list[ItemN] = []
        self.target: Acc | None = None
        self.blank = False
        self.pending_title = ""
        self.started = False
        self.list_offset = 0  # 1 while a Markdown list's top entries are paragraphs, not items

    # --- helpers ------------------------------------------------------------------------------------

    def note(self, line: int, code: str, message: str, hint: str = "") -> None:
        self.notes.append(Note(line, "warning", code, message, hint))

    def _reset(self, block: BlockN | None) -> None:
        self.block, self.para, self.stack, self.target = block, None, [], None
        self.list_offset = 0

    def _new_para(self, line: int, text: str | None, number: int | None = None) -> ParaN:
        assert self.block is not None
        para = ParaN(line, Acc(line, text) if text is not None else None, number)
        self.block.paragraphs.append(para)
        self.para, self.stack, self.target = para, [], para.text
        return para

    # --- tokens -------------------------------------------------------------------------------------

    def feed(self, tok: Token) -> None:
        """Place one token."""
        kind = tok.kind
        if kind == "noise":
            self.noise.setdefault(tok.style, []).append(tok.line)
            return
        if kind == "blank":
            self.blank = True
            return
        getattr(self, f"_on_{kind}")(tok)
        self.blank = False

    def _on_trailer(self, tok: Token) -> None:
        self.left_out.add(tok.line)
        day = date_of(tok.text, tok.line)
        if day is not None:
            self.dates.append(day)
        what = "a date of the document's history" if day else "a closing mark"
        self.notes.append(Note(tok.line, "info", TRAILER, f"'{_excerpt(tok.text)}' after the last provision is "
                               f"{what}, kept out of the articles", "history lives in the version files' dates"))

    def _on_unplaced(self, tok: Token) -> None:
        self.left_out.add(tok.line)
        self.note(tok.line, NOT_PLACED, f"not imported: {tok.text}", tok.label or
                  "add it to the version file by hand if it belongs to the terms")

    def _on_chapter(self, tok: Token) -> None:
        self.started = True
        self.chapters.append(ChapterN(tok.line, tok.number, tok.text, anchors=tok.anchors))
        self.article = None
        self._reset(None)

    def _on_article(self, tok: Token) -> None:
        self.started = True
        title = tok.text or self.pending_title
        self.pending_title = ""
        art = BlockN("article", tok.line, tok.number, tok.branch, title, anchors=tok.anchors)
        if self.chapters:
            self.chapters[-1].articles.append(art)
        else:
            self.loose.append(art)
        self.article = art
        self._reset(art)

    def _on_section(self, tok: Token) -> None:
        if self.article is None or self.block is None or self.block.kind not in ("article", "section"):
            self._on_article(tok)
            return
        sec = BlockN("section", tok.line, tok.number, None, tok.text, anchors=tok.anchors)
        self.article.sections.append(sec)
        self._reset(sec)

    def _on_supplementary(self, tok: Token) -> None:
        self.started = True
        blk = BlockN("supplementary", tok.line, title=tok.text, caption=tok.label, anchors=tok.anchors)
        self.supp.append(blk)
        self.article = None
        self._reset(blk)

    def _on_appendix(self, tok: Token) -> None:
        self.started = True
        blk = BlockN("appendix", tok.line, tok.number, title=tok.text, label=tok.label, anchors=tok.anchors)
        self.appx.append(blk)
        self.article = None
        self._reset(blk)

    def _on_caption(self, tok: Token) -> None:
        blk = self.block
        if tok.style == "before":
            self.pending_title = tok.text
            return
        if blk is not None and not blk.paragraphs:
            if blk.kind == "supplementary" and not blk.caption:
                blk.caption = tok.text
                return
            if blk.kind in ("article", "section") and not blk.title:
                blk.title = tok.text
                return
        self._on_text(Token("text", tok.line, tok.label or f"（{tok.text}）"))

    def _on_text(self, tok: Token) -> None:
        blk = self.block
        if blk is None:
            if self.started:
                self.left_out.add(tok.line)
                self.note(tok.line, NOT_PLACED, f"text between a chapter heading and its first article was not "
                          f"imported: '{_excerpt(tok.text)}'", "move it into an article by hand if it belongs "
                          "to the terms")
                return
            if self.front and not self.blank and not self.markdown:
                self.front[-1][0].wrap(tok.text, tok.line)
            else:
                self.front.append((Acc(tok.line, tok.text), self.blank))
            return
        if blk.kind == "appendix" and not blk.title and not blk.paragraphs:
            blk.title = tok.text
            return
        para, target = self.para, self.target
        if self.markdown and tok.style == "para":
            self.list_offset = 0
            blk.dot_items = False
            self._new_para(tok.line, tok.text)
            return
        table_cell = para is not None and para.table is not None and target is not None and target is not para.text
        if target is None or table_cell:
            self._new_para(tok.line, tok.text)
            return
        plain_para = para is not None and target is para.text and para.number is None and not para.items
        if self.blank and plain_para and target.ends_sentence():
            self._new_para(tok.line, tok.text)
            return
        if _LABEL_LINE.match(tok.text) and (target.ends_sentence() or _LABEL_LINE.match(target.last)):
            target.newline(tok.text, tok.line)  # 社名：… / 住所：…: lines of their own, never glued
            return
        target.wrap(tok.text, tok.line)

    def _on_detail(self, tok: Token) -> None:
        if not self.stack:
            self._on_text(Token("text", tok.line, tok.text, style="para"))
            return
        acc = Acc(tok.line, tok.text)
        self.stack[-1].detail.append(acc)
        self.target = acc

    def _on_para(self, tok: Token) -> None:
        blk, para = self.block, self.para
        if blk is None:
            self._on_text(Token("text", tok.line, tok.label or tok.text))
            return
        number = tok.number or 0
        lazy = self.markdown and tok.style == "dot"  # Markdown numbers its lists itself: 1. 1. 1. is a list
        if para is not None and blk.dot_items and para.items and para.items[-1].style == "dot" \
                and (lazy or para.items[-1].number == number - 1):
            self._add_item(Token("item", tok.line, tok.text, number=number, style="dot"), top=True)
            return
        lead = para is not None and para.number is None and para.text is not None and not para.items \
            and para.table is None
        if not blk.numbered and lead and number == 1 and tok.style == "dot":
            blk.dot_items = True
            self.list_offset = 0
            self._add_item(Token("item", tok.line, tok.text, number=1, style="dot"), top=True)
            return
        blk.dot_items = False
        expected = len(blk.paragraphs) + 1
        if number != expected and not lazy:
            self.note(tok.line, IRREGULAR_NUMBER, f"paragraph numbered {number} is paragraph {expected} of its "
                      "provision; numbers are derived from position", "check the source: a number may be "
                      "missing or repeated")
        blk.numbered = True
        self._new_para(tok.line, tok.text, number)
        self.list_offset = 1

    def _on_item(self, tok: Token) -> None:
        if self.block is None:
            self._on_text(Token("text", tok.line, tok.label or tok.text))
            return
        self._add_item(tok, top=False)

    def _add_item(self, tok: Token, top: bool) -> None:
        if self.para is None:
            self._new_para(tok.line, None)
        assert self.para is not None
        item = ItemN(tok.line, Acc(tok.line, tok.text) if tok.text else Acc(tok.line), tok.style, tok.number)
        if top:
            self.stack = []
        elif self.markdown:
            del self.stack[max(tok.level - self.list_offset, 0):]
        elif any(it.style == tok.style for it in self.stack):
            while self.stack and self.stack[-1].style != tok.style:
                self.stack.pop()
            self.stack.pop()
        siblings = self.stack[-1].items if self.stack else self.para.items
        if siblings and siblings[0].style != tok.style and _style(siblings[0].style) != _style(tok.style):
            self.note(tok.line, IRREGULAR_NUMBER, f"a {tok.style} item follows {siblings[0].style} items in the same "
                      "list; it is kept in that list", "check the source")
        siblings.append(item)
        if tok.number is not None and tok.number != len(siblings) and not self.markdown:
            self.note(tok.line, IRREGULAR_NUMBER, f"item numbered {tok.number} is item {len(siblings)} of its list; "
                      "numbers are derived from position", "check the source: an item may be missing or repeated")
        if tok.style in ("kanji", "katakana", "letter"):
            self.note(tok.line, CONVERTED, f"a {tok.style} item label ('{_marker(tok.label)}') is shown as (N)",
                      "the format labels items (1), 1. or •")
        self.stack.append(item)
        self.target = item.text

    def _on_table_header(self, tok: Token) -> None:
        if self.block is None:
            self._on_unplaced(Token("unplaced", tok.line, "a table outside any article: " + " | ".join(tok.cells)))
            return
        if self.para is None or self.para.table is not None or self.stack:
            self._new_para(tok.line, None)
        assert self.para is not None
        self.para.table = TableN([Acc(tok.line, c) for c in tok.cells])
        self.stack, self.target = [], None

    def _on_table_row(self, tok: Token) -> None:
        if self.block is None:
            self._on_unplaced(Token("unplaced", tok.line, "a table row outside any article: " + " | ".join(tok.cells)))
            return
        if self.para is None or self.para.table is None:
            self._new_para(tok.line, None)
            assert self.para is not None
            self.para.table = TableN([])
        assert self.para.table is not None
        row = [Acc(tok.line, c) for c in tok.cells]
        self.para.table.rows.append(row)
        self.target = row[-1]

    def _on_table_more(self, tok: Token) -> None:
        if self.block is None and self.front and not self.started:
            acc = self.front[-1][0]
            acc.newline(tok.text, tok.line) if tok.newline else acc.wrap(tok.text, tok.line)
        elif self.target is None:
            self._on_text(Token("text", tok.line, tok.text))
        elif tok.newline:
            self.target.newline(tok.text, tok.line)
        else:
            self.target.wrap(tok.text, tok.line)

    # --- result -------------------------------------------------------------------------------------

    def finish(self) -> Built:
        """The collected structure; cover lines and empty provisions become notes."""
        preamble: list[Acc] = []
        for acc, _ in self.front:
            if acc.ends_sentence() and len(acc.value) > 20:
                preamble.append(acc)
            else:
                self.left_out.update(acc.lines)
                day = date_of(acc.value, acc.line) if is_trailer(acc.value) else None
                if day is not None:
                    self.dates.append(day)
                self.note(acc.line, NOT_PLACED, f"'{_excerpt(acc.value)}' before the first heading is not a sentence "
                          "of the terms (a cover page: title, publisher or date?) and was not imported",
                          "the title and publisher live in document.yml; add it to `preamble` by hand if it "
                          "belongs to the terms")
        chapters = []
        for ch in self.chapters:
            if ch.articles:
                chapters.append(ch)
            else:
                self.left_out.add(ch.line)
                self.note(ch.line, NOT_PLACED, f"chapter '{ch.title}' has no articles and was not imported",
                          "a chapter needs at least one article")
        articles = self.loose
        if chapters and articles:
            self.note(articles[0].line, NOT_PLACED, "articles before the first chapter heading were put into the "
                      "first chapter", "a version has either chapters or articles; add a chapter by hand")
            chapters[0].articles[:0] = articles
            articles = []
        for blk in [*(a for c in chapters for a in c.articles), *articles, *self.supp, *self.appx]:
            if not blk.paragraphs and not blk.sections:
                self.note(blk.line, NOT_PLACED, f"{_what(blk)} has no text", "check the source for lost lines")
        return Built(preamble, chapters, articles, self.supp, self.appx, self.notes, self.noise, self.dates,
                     self.left_out)


def _style(style: str) -> str:
    """The items_style a marker kind is written as."""
    return {"dot": "dot", "bullet": "bullet"}.get(style, "paren")


def _marker(label: str) -> str:
    return re.split(r"[\s\u3000]", label.strip(), maxsplit=1)[0][:6]


def _excerpt(text: str, size: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= size else text[:size] + "…"


def _what(blk: BlockN) -> str:
    if blk.kind == "article" and blk.number:
        return f"第{blk.number}条" + (f"の{blk.branch}" if blk.branch else "") + f" (line {blk.line})"
    return f"the {blk.kind} on line {blk.line}"


def item_data(it: ItemN, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    text = it.text.value.strip() if it.text else ""
    if text:
        out["text"] = {lang: text}
    if it.items:
        out["items_style"] = _style(it.items[0].style)
        out["items"] = [item_data(x, lang) for x in it.items]
    if it.detail:
        out["detail"] = [{lang: d.value.strip()} for d in it.detail if d.value.strip()]
        if not out["detail"]:
            del out["detail"]
    return out


def paragraph_data(p: ParaN, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    text = p.text.value.strip() if p.text else ""
    if text:
        out["text"] = {lang: text}
    if p.items:
        out["items_style"] = _style(p.items[0].style)
        out["items"] = [item_data(x, lang) for x in p.items]
    if p.table is not None and not p.table.rows and p.table.header:
        p.table.rows, p.table.header = [p.table.header], []  # a lone header row is kept as the table's row
    if p.table is not None and p.table.rows:
        table: dict[str, Any] = {}
        if p.table.header:
            table["header"] = [{lang: c.value.strip()} for c in p.table.header]
        table["rows"] = [[{lang: c.value.strip()} for c in row] for row in p.table.rows]
        out["table"] = table
    return out
