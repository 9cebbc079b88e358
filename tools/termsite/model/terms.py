"""The terms model: frozen dataclasses for documents, versions and their body.

A *document* (the work) has one *version* (an expression) per effective date. Every text is a
:class:`Localized` pair. Numbers (第N条, paragraph 2, item (1)) are not stored: they are derived from
position by :mod:`termsite.model.numbering`, except for an explicit ``number`` override; an article or
item marked ``branch`` takes the number of the one before it with a branch (第3条の2).

Every node carries ``path``: the key path from the top of its YAML file (for example
``("chapters", 0, "articles", 3)``), which :attr:`Version.positions` maps to a line and column.
Paths do not take part in equality, so two versions with the same content compare equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, Lang] = ("ja", "en")
Status = Literal["draft", "published"]
Impact = Literal["favourable", "adverse", "editorial"]
Numbering = Literal["statute", "decimal", "none"]
ItemsStyle = Literal["paren", "dot", "bullet"]
NumeralDigits = Literal["half", "full", "kanji"]
Reviewed = Literal["unchanged", "corrected"]
"""A version's record that a translation was reviewed against the version before: ``unchanged`` (the
original changed, the translation needs no change), ``corrected`` (only the translation changed)."""
KeyPath = tuple[str | int, ...]


def nearest_position(positions: Mapping[KeyPath, tuple[int, int]], path: KeyPath) -> tuple[int, int]:
    """Line and column (1-based) of ``path`` in a file's source map, or of its nearest ancestor there;
    1:1 when none is."""
    p = path
    while p not in positions:
        if not p:
            return (1, 1)
        p = p[:-1]
    return positions[p]


@dataclass(frozen=True)
class Localized:
    """One text in both languages; a side is ``None`` when it is missing."""

    ja: str | None
    en: str | None
    path: KeyPath = field(default=(), compare=False, repr=False)

    def get(self, lang: Lang) -> str | None:
        """The text in ``lang``, or ``None`` if that translation is missing."""
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Table:
    """A table: a header row and body rows of localized cells."""

    header: tuple[Localized, ...]
    rows: tuple[tuple[Localized, ...], ...]
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Item:
    """An item of a list (号, bullet); items nest."""

    text: Localized | None
    items: tuple[Item, ...] = ()
    items_style: ItemsStyle = "paren"
    detail: tuple[Localized, ...] = ()
    branch: bool = False
    """Inserted after the item before it without renumbering the rest: 第K号の2, (1-2)."""
    translation: Reviewed | None = None
    translator_note: Localized | None = field(default=None, compare=False)
    """A translator's note on this item's text, in the translation's language only (〔訳注〕 / [Translator's
    note]): the translator's word to the reader, not part of the terms (nor of its equality: the
    comparison of the terms does not see it; :mod:`termsite.compare.notes` compares notes)."""
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (項): text, and optionally items and a table."""

    text: Localized | None
    items: tuple[Item, ...] = ()
    items_style: ItemsStyle = "paren"
    table: Table | None = None
    translation: Reviewed | None = None
    translator_note: Localized | None = field(default=None, compare=False)
    """A translator's note on this paragraph's text, in the translation's language only (〔訳注〕 / [Translator's
    note]): the translator's word to the reader, not part of the terms (nor of its equality: the
    comparison of the terms does not see it; :mod:`termsite.compare.notes` compares notes)."""
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Section:
    """A subsection of an article in decimal style (4.1, 4.2)."""

    id: str
    title: Localized | None
    paragraphs: tuple[Paragraph, ...]
    number: int | None = None
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Article:
    """An article (条) or a top-level section; ``id`` is its stable anchor and diff key."""

    id: str
    title: Localized | None
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...] = ()
    number: int | str | None = None
    branch: bool = False
    """Inserted after the article before it without renumbering the rest: 第N条の2 (derived, not stored)."""
    translation: Reviewed | None = None
    translator_note: Localized | None = field(default=None, compare=False)
    """A translator's note on this article's title, in the translation's language only (〔訳注〕 / [Translator's
    note]): the translator's word to the reader, not part of the terms (nor of its equality: the
    comparison of the terms does not see it; :mod:`termsite.compare.notes` compares notes)."""
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Chapter:
    """A chapter (章) grouping articles."""

    id: str
    title: Localized
    articles: tuple[Article, ...]
    number: int | None = None
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Supplementary:
    """Supplementary provisions (附則 / 付則)."""

    id: str
    title: Localized
    caption: Localized | None
    paragraphs: tuple[Paragraph, ...]
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Appendix:
    """An appendix (別紙)."""

    id: str
    label: Localized | None
    title: Localized
    paragraphs: tuple[Paragraph, ...]
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class TranslationRevision:
    """A revision of a published version's translation: the day it was made and what changed, and why."""

    date: dt.date
    summary: Localized
    path: KeyPath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Version:
    """One version of a document, named by its effective date."""

    document_id: str
    effective: dt.date
    announced: dt.date | None
    status: Status
    impact: Impact | None
    summary: Localized | None
    reason: Localized | None
    note: str | None
    preamble: tuple[Localized, ...]
    chapters: tuple[Chapter, ...]
    loose_articles: tuple[Article, ...]
    supplementary: tuple[Supplementary, ...]
    appendices: tuple[Appendix, ...]
    translation_revisions: tuple[TranslationRevision, ...] = ()
    """Corrections of the translation after publication, oldest first (the original is sealed)."""
    translation_pending: bool = False
    """``translation_pending: true``: published in the original language while the translation is in
    preparation; the other language's pages show the original (:func:`shown_language`)."""
    preamble_notes: tuple[Localized | None, ...] = field(default=(), compare=False)
    """The translator's note of each text of the preamble, by position (empty: none has one)."""
    source: str = field(default="", compare=False)
    digest: str = field(default="", compare=False)
    """A hash of the file the version was read from (its bytes and the schema), if the loader made one:
    the same digest, the same version."""
    positions: Mapping[KeyPath, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    reviewed: tuple[tuple[KeyPath, Reviewed], ...] | None = field(default=None, compare=False, repr=False)
    """Where the version records a reviewed translation (``translation:``), in file order, if the
    loader listed them; ``None``: not listed, the body has to be searched."""

    @property
    def key(self) -> str:
        """The version's name: its effective date as ``YYYY-MM-DD``."""
        return self.effective.isoformat()

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article in order, through all chapters."""
        if self.chapters:
            return tuple(a for c in self.chapters for a in c.articles)
        return self.loose_articles

    def location(self, path: KeyPath) -> tuple[int, int]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor that has one."""
        return nearest_position(self.positions, path)


@dataclass(frozen=True)
class Numerals:
    """How the Japanese labels of a statute-style document print their numbers (``numerals:`` of
    ``document.yml``): a display setting, the text of the terms does not change with it.

    ``digits``: 第1条 (``half``), 第１条 (``full``) or 第一条 (``kanji``, as e-Gov prints statutes), for
    articles and chapters; ``chapter_separator``: between 第1章 and its title; ``paragraph_separator``:
    after a paragraph's number (``1.`` or ``1．``; the number itself stays in ASCII digits, as printed).
    English labels (Article 1, Chapter 1, 1.) do not change."""

    digits: NumeralDigits = "half"
    chapter_separator: str = "\u3000"
    paragraph_separator: str = "."


@dataclass(frozen=True)
class Document:
    """A document (the work) and its versions, oldest first."""

    id: str
    title: Localized
    original: Lang
    numbering: Numbering
    change_clause: str | None
    publisher: Localized | None
    versions: tuple[Version, ...]
    source: str = field(default="", compare=False)
    positions: Mapping[KeyPath, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    numerals: Numerals = Numerals()
    """How the Japanese labels print numbers (statute style): a display setting of ``document.yml``."""
    single_language: bool = False
    """``single_language: true``: the document exists only in its ``original`` language (no translation)."""

    @property
    def translation(self) -> Lang:
        """The language that is not the original."""
        return "en" if self.original == "ja" else "ja"

    def version(self, key: str) -> Version | None:
        """The version whose effective date is ``key`` (``YYYY-MM-DD``), if any."""
        for v in self.versions:
            if v.key == key:
                return v
        return None

    def location(self, path: KeyPath) -> tuple[int, int]:
        """Line and column of ``path`` in ``document.yml`` (the nearest parent's if absent)."""
        return nearest_position(self.positions, path)


def translated(doc: Document, version: Version) -> bool:
    """True if ``version`` of ``doc`` has its translation: neither pending nor a one-language document."""
    return not (doc.single_language or version.translation_pending)


def shown_language(doc: Document, version: Version, lang: Lang) -> Lang:
    """The language the text of ``version`` is shown in on a page in ``lang``: ``lang`` itself, or the
    original while the translation is pending or when the document has none. While pending, every text
    shows in the original, translated ones too: the binding text is read as one whole, never a mix."""
    return lang if lang == doc.original or translated(doc, version) else doc.original


def languages(doc: Document, version: Version) -> tuple[Lang, ...]:
    """The languages ``version`` can be read in: both, or only the original."""
    return LANGS if translated(doc, version) else (doc.original,)


@dataclass(frozen=True)
class NoticePolicy:
    """Minimum days between announcement and effective date, per impact."""

    adverse: int = 30
    favourable: int = 0
    editorial: int = 0

    def days(self, impact: Impact) -> int:
        """The minimum notice in days for a change of this impact."""
        return int(getattr(self, impact))


class GlossaryTerm(NamedTuple):
    """A defined term of ``site_config/glossary.yml`` and its fixed translation."""

    original: str
    """The original language of the documents it applies to, or '' for both."""
    ja: str
    en: str
    also: tuple[str, ...] = ()
    """Other accepted forms of the rendering, in the translation's language (abolish for abolition)."""
    exclusive: bool = False
    """The rendering and its forms are kept for this term: a translation using them needs the term."""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site (``publisher`` in ``site_config/site.yml``): the footer and the descriptions."""

    name: Localized = Localized(None, None)
    contact: str | None = None
    """An address readers can reach the publisher at (``https://``, ``http://`` or ``mailto:``)."""
    contact_label: Localized = Localized(None, None)
    copyright: Localized = Localized(None, None)
    logo: str | None = None
    """An image in the repository (``site_config/logo.svg``); none: the site shows no logo."""
    logo_data: bytes | None = field(default=None, repr=False)
    """The logo's bytes, read with the settings (``None`` when there is none or it cannot be read)."""


@dataclass(frozen=True)
class SiteConfig:
    """Settings from ``site_config/site.yml``."""

    site_url: str = "https://terms.example.com/"
    timezone: str = "Asia/Tokyo"
    site_name: Localized = Localized("利用規約", "Terms")
    notice: NoticePolicy = NoticePolicy()
    comparison_order: tuple[str, str] = ("new", "old")
    document_order: tuple[str, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    publisher: Publisher = Publisher()
    source: str = field(default="site_config/site.yml", compare=False, repr=False)
    positions: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def location(self, path: KeyPath) -> tuple[int, int]:
        """Line and column of ``path`` in ``site_config/site.yml`` (the nearest parent's if absent)."""
        return nearest_position(self.positions, path)


@dataclass(frozen=True)
class Corpus:
    """Every document of a terms repository, and the site settings."""

    documents: tuple[Document, ...]
    config: SiteConfig = SiteConfig()

    def document(self, doc_id: str) -> Document | None:
        """The document with this id, if any."""
        for d in self.documents:
            if d.id == doc_id:
                return d
        return None
