"""The body of a version prepared for the templates: every label derived, every text chosen.

Templates only lay out what this module computes: headings split into a number label (kept on one
line) and the rest, paragraph and item labels from :mod:`termsite.model.numbering`, the heading
levels, and the page's table of contents. Texts stay strings as written, links ``[label](target)``
included (the HTML writer makes them ``<a>``, leading where ``links`` says); the table of contents
holds what a reader reads (:func:`~termsite.model.links.plain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from termsite.model.autolinks import addresses
from termsite.model.links import plain
from termsite.model.notes import LABEL as NOTE_LABEL
from termsite.model.numbering import (
    ArticleNumber,
    article_numbers,
    chapter_label,
    chapter_numbers,
    chapter_separator,
    heading,
    item_labels,
    paragraph_label,
    section_label,
)
from termsite.model.terms import (
    Appendix,
    Article,
    Document,
    Item,
    Lang,
    Localized,
    Paragraph,
    Supplementary,
    Table,
    Version,
)
from termsite.rules.ref_links import Cited
from termsite.site.definitions import Definitions
from termsite.site.links import LinkTargets
from termsite.site.pages import TocEntry


class Citations(NamedTuple):
    """What of a version page's texts are links besides the links they carry."""

    cited: dict[int, tuple[Cited, ...]]
    """The references of the version's texts that lead somewhere (:func:`~termsite.rules.ref_links.cited_spans`)."""
    in_force: dict[str, str]
    """The version key of each other document whose page in force the site shows: a reference to it
    leads there when that is the version it cites."""
    permalinks: frozenset[str] = frozenset()
    """The other documents' versions (``doc@YYYY-MM-DD``) whose permalink the site has: a reference
    citing one of them that is not the page in force leads to its permalink."""
    definitions: Definitions | None = None
    """The version's defined terms in the page's language: their uses link to their definition."""
    addresses: bool = False
    """Web and mail addresses written as text are links."""

#: Shown in place of a missing translation; only drafts can have one (a published version fails the
#: checks), and a preview must show the gap rather than fill it from the other language.
MISSING: dict[Lang, str] = {"ja": "〔翻訳がありません〕", "en": "[translation missing]"}


@dataclass(frozen=True)
class Heading:
    """A heading: ``label`` (第1条, 4.1.) kept together, then the rest (（約款の適用）)."""

    label: str
    rest: str
    level: int

    @property
    def text(self) -> str:
        """The whole heading as one string."""
        return self.label + self.rest


@dataclass(frozen=True)
class NoteView:
    """A translator's note: its label (〔訳注〕, [Translator's note]) and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class ItemView:
    """An item with its label, its text, explanations under it and nested items."""

    label: str
    text: str | None
    detail: tuple[str, ...]
    items: ListView | None
    note: NoteView | None = None
    """The translator's note on the text, in this page's language (``None``: none here)."""
    id: str | None = None
    """The id of the item when its text defines a term (:mod:`termsite.site.definitions`)."""


@dataclass(frozen=True)
class ListView:
    """A list of items; ``bullet`` lists show bullets instead of numbers."""

    bullet: bool
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class TableView:
    """A table's header cells and body rows."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_ids: tuple[str | None, ...] = ()
    """The id of each row that defines a term (a definitions table), by position."""


@dataclass(frozen=True)
class ParagraphView:
    """A paragraph: its label (``1.`` or empty), text, items and table."""

    label: str
    text: str | None
    items: ListView | None
    table: TableView | None
    note: NoteView | None = None
    """The translator's note on the text, in this page's language (``None``: none here)."""
    id: str | None = None
    """The id of the paragraph when its text defines a term (:mod:`termsite.site.definitions`)."""


@dataclass(frozen=True)
class SectionView:
    """A decimal subsection (4.1)."""

    id: str
    heading: Heading
    paragraphs: tuple[ParagraphView, ...]


@dataclass(frozen=True)
class ArticleView:
    """An article; ``heading`` is None for an untitled article of an unnumbered document."""

    id: str
    heading: Heading | None
    paragraphs: tuple[ParagraphView, ...]
    sections: tuple[SectionView, ...]
    note: NoteView | None = None
    """The translator's note on the title, in this page's language."""


@dataclass(frozen=True)
class ChapterView:
    """A chapter and its articles."""

    id: str
    heading: Heading
    articles: tuple[ArticleView, ...]


@dataclass(frozen=True)
class BlockView:
    """Supplementary provisions or an appendix: a heading and paragraphs."""

    id: str
    kind: str
    heading: Heading
    paragraphs: tuple[ParagraphView, ...]


@dataclass(frozen=True)
class BodyView:
    """The whole body of a version in one language, and its table of contents."""

    lang: Lang
    preamble: tuple[str, ...]
    chapters: tuple[ChapterView, ...]
    articles: tuple[ArticleView, ...]
    blocks: tuple[BlockView, ...]
    toc: tuple[TocEntry, ...]
    links: LinkTargets | None = None
    """Where the links of the texts lead from the page (None: web and mail links only)."""
    preamble_notes: tuple[NoteView | None, ...] = ()
    """The translator's note of each text of the preamble in this language, by position."""
    history: Mapping[str, str] | None = None
    """The link from each article (by id) to its history (:mod:`termsite.site.article_history`), if any."""
    preamble_ids: tuple[str | None, ...] = ()
    """The id of each text of the preamble that defines a term, by position."""


def _target(c: Cited, cites: Citations) -> str | None:
    """Where the reference ``c`` leads: ``#id`` in the version, another document's page in force when
    it is the version cited, else that version's permalink if the site has it (None: nowhere)."""
    if not c.document:
        return f"#{c.anchor}"
    if cites.in_force.get(c.document) == c.key:
        return f"{c.document}#{c.anchor}"
    if f"{c.document}@{c.key}" in cites.permalinks:
        return f"{c.document}@{c.key}#{c.anchor}"
    return None  # no page of the cited version: no link to a provision another version may lack


def _with_links(value: str, cited: tuple[Cited, ...], cites: Citations) -> str:
    """``value`` with each reference of ``cited`` written as a link ``[reference](target)``."""
    out, at = [], 0
    for c in cited:
        raw = value[c.start:c.end]
        target = _target(c, cites)
        if target is None or c.start < at or not raw or any(ch in raw for ch in "[]\n"):
            continue
        out += [value[at:c.start], f"[{raw}]({target})"]
        at = c.end
    return "".join(out) + value[at:]


def with_addresses(value: str) -> str:
    """``value`` with each web and mail address written as text (:mod:`termsite.model.autolinks`) as a
    link ``[address](target)``; an address the link form cannot hold (a parenthesis) stays text."""
    found = addresses(value)
    if not found:
        return value
    out, at = [], 0
    for a in found:
        if any(ch in a.target for ch in "()"):
            continue
        out += [value[at:a.start], f"[{value[a.start:a.end]}]({a.target})"]
        at = a.end
    return "".join(out) + value[at:]


class _Builder:
    def __init__(self, doc: Document, version: Version, lang: Lang, links: LinkTargets | None,
                 citations: Citations | None = None) -> None:
        self.cites = citations if citations is not None else Citations({}, {})
        self.cited = self.cites.cited
        self.defs = self.cites.definitions
        if links is not None and self.defs is not None and links.ids is not None:
            links = replace(links, ids=links.ids | self.defs.ids)  # a term's link leads to its definition
        if links is not None and self.cites.permalinks:
            links = replace(links, permalinks=links.permalinks | self.cites.permalinks)
        self.links = links
        self.seen: set[str] = set()
        """The definitions the current article (or preamble, 附則, 別紙) has linked to already."""
        self.doc = doc
        self.version = version
        self.lang = lang
        self.numbers = article_numbers(version)

    def note(self, note: Localized | None) -> NoteView | None:
        # a note shows only in its own language: the translation's (a note in the original is an error)
        value = note.get(self.lang) if note is not None else None
        return NoteView(NOTE_LABEL[self.lang], value) if value else None

    def text(self, loc: Localized | None, body: bool = True) -> str | None:
        if loc is None:
            return None
        return self.required(loc, body)

    def required(self, loc: Localized, body: bool = True) -> str:
        """The text of ``loc`` in the page's language, its references as links; in the ``body`` (not a
        heading) also its addresses and the first use of each defined term."""
        value = loc.get(self.lang)
        if value is None:
            return MISSING[self.lang]
        cited = self.cited.get(id(loc))
        value = _with_links(value, cited, self.cites) if cited else value
        if not body:
            return value
        if self.cites.addresses:
            value = with_addresses(value)
        if self.defs is not None:
            value = self.defs.link(value, id(loc), self.seen)
        return value

    def anchor(self, loc: Localized | None) -> str | None:
        """The id of the element showing ``loc`` when ``loc`` defines a term."""
        return self.defs.anchors.get(id(loc)) if self.defs is not None and loc is not None else None

    def table(self, table: Table | None) -> TableView | None:
        if table is None:
            return None
        ids = tuple(self.anchor(row[0]) if row else None for row in table.rows)
        return TableView(tuple(self.required(c, False) for c in table.header),
                         tuple(tuple(self.required(c) for c in row) for row in table.rows),
                         ids if any(ids) else ())

    def items(self, items: tuple[Item, ...], style: str) -> ListView | None:
        if not items:
            return None
        labels = item_labels(items, style, self.lang)  # type: ignore[arg-type]
        views = tuple(
            ItemView(label, self.text(it.text),
                     tuple(self.required(d) for d in it.detail), self.items(it.items, it.items_style),
                     self.note(it.translator_note), self.anchor(it.text))
            for label, it in zip(labels, items, strict=True)
        )
        return ListView(style == "bullet", views)

    def paragraphs(self, paras: tuple[Paragraph, ...], article: Article | None = None) -> tuple[ParagraphView, ...]:
        numbering = self.doc.numbering
        return tuple(
            ParagraphView(paragraph_label(article, i, numbering, len(paras), self.lang, self.doc.numerals),
                          self.text(p.text),
                          self.items(p.items, p.items_style), self.table(p.table),
                          self.note(p.translator_note), self.anchor(p.text))
            for i, p in enumerate(paras, 1)
        )

    def article(self, art: Article, level: int) -> tuple[ArticleView, TocEntry | None]:
        number: ArticleNumber = self.numbers[art.id]
        self.seen = set()
        title = self.text(art.title, False)
        head: Heading | None = None
        if title is not None or self.doc.numbering != "none":
            full = heading(self.doc, number, title, self.lang)
            label = number.label(self.doc.numbering, self.lang, self.doc.numerals)
            head = Heading(label, full[len(label):], level)
        sections = []
        for j, sec in enumerate(art.sections, 1):
            slabel = section_label(number, j, self.doc.numbering)
            stitle = self.text(sec.title, False) or ""
            rest = f" {stitle}" if slabel and stitle else stitle
            sections.append(SectionView(sec.id, Heading(slabel, rest, level + 1), self.paragraphs(sec.paragraphs)))
        view = ArticleView(art.id, head, self.paragraphs(art.paragraphs, art), tuple(sections),
                           self.note(art.translator_note))
        if head is None:
            return view, None
        children = tuple(TocEntry(s.id, plain(s.heading.text)) for s in view.sections)
        return view, TocEntry(art.id, plain(head.text), children)

    def supplementary(self, s: Supplementary) -> BlockView:
        self.seen = set()
        title = self.required(s.title, False)
        caption = self.text(s.caption, False)
        if caption:
            rest = f"（{caption}）" if self.lang == "ja" else f" ({caption})"
        else:
            rest = ""
        return BlockView(s.id, "supplementary", Heading(title, rest, 2), self.paragraphs(s.paragraphs))

    def appendix(self, a: Appendix) -> BlockView:
        self.seen = set()
        label = self.text(a.label, False) or ""
        title = self.required(a.title, False)
        sep = "　" if self.lang == "ja" else ": "
        return BlockView(a.id, "appendix", Heading(label, (sep if label else "") + title, 2),
                         self.paragraphs(a.paragraphs))

    def body(self) -> BodyView:
        v = self.version
        toc: list[TocEntry] = []
        chapters = []
        chapter_no = chapter_numbers(v)
        for ch in v.chapters:
            label = chapter_label(chapter_no[ch.id], self.doc.numbering, self.lang, self.doc.numerals)
            title = self.required(ch.title, False)
            rest = (chapter_separator(self.lang, self.doc.numerals) + title) if label else title
            arts = []
            children = []
            for a in ch.articles:
                view, entry = self.article(a, 3)
                arts.append(view)
                if entry is not None:
                    children.append(entry)
            head = Heading(label, rest, 2)
            chapters.append(ChapterView(ch.id, head, tuple(arts)))
            toc.append(TocEntry(ch.id, plain(head.text), tuple(children)))
        loose = []
        for a in v.loose_articles if not v.chapters else ():
            view, entry = self.article(a, 2)
            loose.append(view)
            if entry is not None:
                toc.append(entry)
        blocks = [self.supplementary(s) for s in v.supplementary] + [self.appendix(a) for a in v.appendices]
        toc += [TocEntry(b.id, plain(b.heading.text)) for b in blocks]
        notes = tuple(self.note(n) for n in v.preamble_notes)
        self.seen = set()
        preamble = tuple(self.required(p) for p in v.preamble)
        ids = tuple(self.anchor(p) for p in v.preamble)
        return BodyView(self.lang, preamble, tuple(chapters), tuple(loose),
                        tuple(blocks), tuple(toc), self.links, notes if any(notes) else (),
                        preamble_ids=ids if any(ids) else ())


def body_view(doc: Document, version: Version, lang: Lang, links: LinkTargets | None = None,
              citations: Citations | None = None) -> BodyView:
    """The body of ``version`` in ``lang``, labelled as published, with its table of contents;
    ``links`` says where its links lead from the page it is shown on; with ``citations``, its resolved
    references are links too."""
    return _Builder(doc, version, lang, links, citations).body()
