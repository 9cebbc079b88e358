"""One version seen as the diff sees it: a sequence of units, each a heading and a list of blocks.

A *unit* is what is matched by id across versions: the preamble, a chapter, an article, a
supplementary provision, an appendix. Its *blocks* are its paragraphs, items (nested, with their
detail texts), tables and, in decimal style, subsection headings, flattened in reading order with the
label each shows (``2.``, ``(1)``, ``4.1.``) and the place a reader would cite (第2項第1号).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from termsite.compare.memo import Memo, remembered
from termsite.model.numbering import (
    article_numbers,
    chapter_label,
    chapter_numbers,
    chapter_separator,
    heading,
    item_label,
    item_numbers,
    paragraph_label,
    section_label,
)
from termsite.model.terms import (
    Article,
    Document,
    Item,
    Lang,
    Localized,
    Numbering,
    Paragraph,
    Table,
    Version,
)
from termsite.model.text_safety import reveal

UnitKind = Literal["preamble", "chapter", "article", "supplementary", "appendix"]
BlockKind = Literal["text", "paragraph", "item", "detail", "section", "table"]


@dataclass(frozen=True)
class Texts:
    """A text in both languages, a missing translation read as empty."""

    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.ja if lang == "ja" else self.en

    @staticmethod
    def of(value: Localized | None) -> Texts:
        """From a model text (``None`` and missing sides become ``""``); invisible and control
        characters are written as ``⟨U+200B⟩``, so that no change hides in a comparison."""
        if value is None:
            return Texts("", "")
        return Texts(reveal(value.ja or ""), reveal(value.en or ""))


EMPTY = Texts("", "")


@dataclass(frozen=True)
class Block:
    """A paragraph, item, detail text, table or subsection heading of a unit."""

    kind: BlockKind
    depth: int
    label: str
    text: Texts
    table: Table | None
    anchor: str
    place: Texts
    _key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Made once: alignment compares the keys of every pair of units, often more than once.
        parts = [self.kind, str(self.depth), self.anchor, self.text.ja, self.text.en]
        if self.table is not None:
            parts += [c.ja or "" for c in self.table.header] + [c.en or "" for c in self.table.header]
            for row in self.table.rows:
                parts += ["\x1e"] + [c.ja or "" for c in row] + [c.en or "" for c in row]
        object.__setattr__(self, "_key", "\x1f".join(parts))

    def key(self) -> str:
        """Equal keys mean equal content (the label, a matter of position, does not count)."""
        return self._key

    def similarity_text(self, lang: Lang) -> str:
        """The text alignment compares: the block's text, or a table's cells, in ``lang``."""
        if self.table is None:
            return self.text.get(lang)
        cells = list(self.table.header) + [c for row in self.table.rows for c in row]
        return "\n".join(Texts.of(c).get(lang) for c in cells)


@dataclass(frozen=True)
class Unit:
    """One side's view of a unit: its id, labels, heading and blocks."""

    kind: UnitKind
    id: str
    position: int
    number: str | None
    label: Texts | None
    heading: Texts
    title: Texts
    chapter: str | None
    blocks: tuple[Block, ...]
    content: object
    #: the id the version gives the unit, where the comparison pairs it under another (its partner's)
    own_id: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What matches a unit across versions: its kind and id."""
        return (self.kind, self.id)

    @property
    def given_id(self) -> str:
        """The unit's id in its version."""
        return self.own_id or self.id


def _place_para(numbering: str, k: int, n: int) -> Texts:
    if numbering == "statute":
        return Texts(f"第{k}項", f"paragraph {k}") if n > 1 else Texts("本文", "text")
    return Texts(f"第{k}段落", f"paragraph {k}")


def _place_item(parent: Texts, style: str, m: int, depth: int, parent_is_para: bool,
                number: tuple[int, int | None] | None = None) -> Texts:
    k, b = number or (m, None)
    ja_n, en_n = (f"{k}の{b}", f"{k}-{b}") if b else (str(k), str(k))
    if style == "bullet":
        own = Texts(f"{m}番目の項目", f"bullet {m}")
    elif depth == 1:
        own = Texts(f"第{ja_n}号", f"item ({en_n})")
    else:
        own = Texts(f"({ja_n})", f"({en_n})")
    if parent_is_para and parent.ja == "本文":
        return own
    ja_join = "" if own.ja.startswith(("第", "(")) else "の"
    return Texts(parent.ja + ja_join + own.ja, f"{parent.en}, {own.en}")


class _Flattener:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.out: list[Block] = []

    def paragraphs(self, paras: tuple[Paragraph, ...], depth: int, prefix: Texts | None,
                   article: Article | None) -> None:
        for k, para in enumerate(paras, 1):
            # one label for both languages: the neutral 1. (the heading labels follow the numerals)
            label = paragraph_label(article, k, self.numbering, len(paras))
            place = _place_para(self.numbering, k, len(paras))
            if prefix is not None:
                place = Texts(f"{prefix.ja} {place.ja}", f"{prefix.en}, {place.en}")
            if para.text is not None or label:
                self.out.append(Block("paragraph", depth, label, Texts.of(para.text), None, "", place))
            self.items(para.items, para.items_style, depth + 1, place, True)
            if para.table is not None:
                where = Texts(f"{place.ja}の表", f"table in {place.en}")
                self.out.append(Block("table", depth, "", EMPTY, para.table, "", where))

    def items(self, items: tuple[Item, ...], style: str, depth: int, parent: Texts, parent_is_para: bool) -> None:
        for m, (item, (k, b)) in enumerate(zip(items, item_numbers(items), strict=True), 1):
            place = _place_item(parent, style, m, depth, parent_is_para, (k, b))
            label = item_label(style, k, b)  # type: ignore[arg-type]
            self.out.append(Block("item", depth, label, Texts.of(item.text), None, "", place))
            for d in item.detail:
                self.out.append(Block("detail", depth, "", Texts.of(d), None, "",
                                      Texts(f"{place.ja}の説明", f"explanation of {place.en}")))
            self.items(item.items, item.items_style, depth + 1, place, False)


def _article_blocks(numbering: Numbering, art: Article, sec_labels: tuple[str, ...],
                    memo: Memo | None) -> tuple[Block, ...]:
    # Kept by value: most articles are the same in the next version of the document, and hashing
    # an article is a fraction of flattening it. The blocks are immutable, so versions share them.
    return remembered(memo.article_blocks if memo is not None else None, (numbering, art, sec_labels),
                      lambda: _flatten_article(numbering, art, sec_labels))


def _flatten_article(numbering: Numbering, art: Article, sec_labels: tuple[str, ...]) -> tuple[Block, ...]:
    f = _Flattener(numbering)
    f.paragraphs(art.paragraphs, 0, None, art)
    for sec, label in zip(art.sections, sec_labels, strict=True):
        name = label.rstrip(".") or sec.id
        f.out.append(Block("section", 0, label, Texts.of(sec.title), None, sec.id,
                           Texts(f"{name}の見出し", f"heading of {name}")))
        f.paragraphs(sec.paragraphs, 1, Texts(name, name), None)
    return tuple(f.out)


def _joined(a: str, sep: str, b: str) -> str:
    return f"{a}{sep}{b}" if a and b else a or b


def units(doc: Document, version: Version, memo: Memo | None = None) -> list[Unit]:
    """Every unit of ``version`` in reading order.

    With a ``memo``, an article at the same place (the document, its numbering, the article's id,
    number, chapter and position) as in a version flattened before gives the very same unit."""
    out: list[Unit] = []

    def add(kind: UnitKind, uid: str, number: str | None, label: Texts | None, head: Texts, title: Texts,
            chapter: str | None, blocks: tuple[Block, ...], content: object) -> None:
        out.append(Unit(kind, uid, len(out), number, label, head, title, chapter, blocks, content))

    if version.preamble:
        f = _Flattener(doc.numbering)
        for k, t in enumerate(version.preamble, 1):
            f.out.append(Block("text", 0, "", Texts.of(t), None, "", Texts(f"第{k}段落", f"paragraph {k}")))
        add("preamble", "preamble", None, None, Texts("前文", "Preamble"), EMPTY, None, tuple(f.out),
            version.preamble)
    numbers = article_numbers(version)
    chapters = chapter_numbers(version)

    def article(art: Article, chapter: str | None) -> None:
        n = numbers[art.id]
        # The same article at the same place and number in the next version is the very same unit:
        # the comparison then knows it unchanged without reading it (diff._finish).
        key = (doc.id, doc.numbering, doc.numerals, art.id, n, chapter, len(out))
        kept = memo.article_units.get(key) if memo is not None else None
        unit = kept[1] if kept is not None and kept[0] == art else None  # compared, not hashed: quicker
        if unit is None:
            label = Texts(n.label(doc.numbering, "ja", doc.numerals), n.label(doc.numbering, "en"))
            title = Texts.of(art.title)
            head = Texts(heading(doc, n, title.ja or None, "ja"), heading(doc, n, title.en or None, "en"))
            secs = tuple(section_label(n, j, doc.numbering) for j in range(1, len(art.sections) + 1))
            unit = Unit("article", art.id, len(out), n.key if doc.numbering != "none" else None,
                        label if label.ja else None, head, title, chapter,
                        _article_blocks(doc.numbering, art, secs, memo), (art.title, art.paragraphs, art.sections))
            if memo is not None:
                memo.article_units[key] = (art, unit)
        out.append(unit)

    for ch in version.chapters:
        num = chapters[ch.id]
        label = Texts(chapter_label(num, doc.numbering, "ja", doc.numerals), chapter_label(num, doc.numbering, "en"))
        title = Texts.of(ch.title)
        head = Texts(_joined(label.ja, chapter_separator("ja", doc.numerals), title.ja),
                     _joined(label.en, ": ", title.en))
        add("chapter", ch.id, str(num) if label.ja else None, label if label.ja else None, head, title, None,
            (), ch.title)
        for art in ch.articles:
            article(art, ch.id)
    for art in version.loose_articles if not version.chapters else ():
        article(art, None)
    for s in version.supplementary:
        title, caption = Texts.of(s.title), Texts.of(s.caption)
        head = Texts(title.ja + (f"（{caption.ja}）" if caption.ja else ""),
                     title.en + (f" ({caption.en})" if caption.en else ""))
        f = _Flattener(doc.numbering)
        f.paragraphs(s.paragraphs, 0, None, None)
        add("supplementary", s.id, None, None, head, title, None, tuple(f.out), (s.title, s.caption, s.paragraphs))
    for a in version.appendices:
        label_t, title = Texts.of(a.label), Texts.of(a.title)
        head = Texts(_joined(label_t.ja, "\u3000", title.ja), _joined(label_t.en, ": ", title.en))
        f = _Flattener(doc.numbering)
        f.paragraphs(a.paragraphs, 0, None, None)
        add("appendix", a.id, None, None, head, title, None, tuple(f.out), (a.label, a.title, a.paragraphs))
    return _unique(out)


def _unique(found: list[Unit]) -> list[Unit]:
    """Units with ids made unique within their kind (``id#2``): a duplicate id is an error the
    checks report; the diff must still show both."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for u in found:
        count = seen.get(u.key, 0) + 1
        seen[u.key] = count
        if count > 1:
            u = Unit(u.kind, f"{u.id}#{count}", u.position, u.number, u.label, u.heading, u.title, u.chapter,
                     u.blocks, u.content)
        out.append(u)
    return out
