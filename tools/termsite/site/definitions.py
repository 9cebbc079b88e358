"""Defined terms of a version and where each is defined, so that a use of a term links to its definition.

Two kinds of definition are found, in each language on its own:

* a row of a definitions table (約款 第3条): a table whose first header cell is 用語 / Term, or any
  table of an article titled with 定義 / Definition; the first cell is the term, the row its
  definition;
* a definition in the text: （以下「本サービス」といいます）, （以下、総称して「反社会的勢力」という）,
  「個人情報」とは、…, (hereinafter referred to as the "Service"), ("Clara Online" hereinafter),
  the term "personal information" shall be defined as …: the paragraph (or item, or text of the
  preamble) holding it is the definition.

Each definition's element gets an id of its own (:attr:`Definitions.anchors`), the same in both
languages: ``def-`` and the English term's letters where the English text names one (``def-service``),
else ``def-`` and the unit and position (``def-definitions-2``); never an id the version already
uses. :meth:`Definitions.link` writes the uses of the terms in a text as links ``[term](#id)`` to their
definition: the first use of each term per article (or preamble, 附則, 別紙), unless the article has
defined it before the use, the longest term first
(本サービス利用契約 before 本サービス), never inside a link, nor in the text that defines it, nor inside a
longer term of the glossary that is not defined here (本サービス in the undefined 本サービス契約).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from termsite.model.links import Link, parse
from termsite.model.terms import Article, Item, Lang, Localized, Paragraph, Table, Version

_JA = (
    re.compile(r"以下[、,，]?(?:総称して)?[、,，]?「([^「」\n]{1,30})」と(?:いいます|いう|称します|称する|します|する)"),
    re.compile(r"「([^「」\n]{1,30})」とは[、,，]"),
)
_EN = (
    re.compile(r"hereinafter\s+(?:(?:collectively|together)\s+)?(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?"
               r"[\"“]([^\"”\n]{1,60})[\"”]"),
    re.compile(r"\((?:the\s+)?[\"“]([A-Z][A-Za-z\- ]{0,40})[\"”](?:\s+hereinafter)?\)"),
    re.compile(r"the\s+term\s+[\"“]([^\"”\n]{1,60})[\"”]\s+(?:shall\s+be\s+defined\s+as|means|shall\s+mean)"),
)
_TABLE_HEAD = {"ja": ("用語", "語句", "用語等"), "en": ("Term", "Terms", "Defined term", "Word")}
_SLUG = re.compile(r"[^a-z0-9]+")


def defined_in(text: str, lang: Lang) -> list[str]:
    """The terms ``text`` defines in the text (``（以下「当社」といいます）``: 当社), in order."""
    out: list[str] = []
    for pattern in _JA if lang == "ja" else _EN:
        out += [m.group(1).strip() for m in pattern.finditer(text)]
    return [t for i, t in enumerate(out) if t and t not in out[:i]]


@dataclass
class Definitions:
    """The defined terms of one version in one language, and the ids of their definitions."""

    lang: Lang
    terms: dict[str, str] = field(default_factory=dict)
    """The id of the element that defines each term (as written in ``lang``); the first definition of
    a term is its definition."""
    anchors: dict[int, str] = field(default_factory=dict)
    """The id of each defining element, by the ``id()`` of its text (a paragraph's, an item's, a text of
    the preamble) or, for a table row, of the row's first cell."""
    defines: dict[int, frozenset[str]] = field(default_factory=dict)
    """The ids each text's own definitions have (a text never links to its own definition)."""
    blockers: tuple[str, ...] = ()
    """Longer words of the glossary, not defined here, that hold a term (本サービス契約)."""
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    @property
    def ids(self) -> frozenset[str]:
        """Every definition's id."""
        return frozenset(self.anchors.values())

    def _matcher(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.terms:
            words = sorted(set(self.terms) | set(self.blockers), key=lambda w: (-len(w), w))
            alt = "|".join(re.escape(w) for w in words)
            if self.lang == "en":  # whole words (a plural allowed): Service, Services, not Serviceable
                self._pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?=s?(?![A-Za-z0-9]))")
            else:
                self._pattern = re.compile(alt)
        return self._pattern

    def link(self, value: str, holder: int | None, seen: set[str]) -> str:
        """``value`` with the first use (a term not in ``seen``, which it extends) of each term written
        as a link to its definition; ``holder`` is the ``id()`` of the text (its own definitions skipped)."""
        pattern = self._matcher()
        if pattern is None or not value:
            return value
        by_term = self.terms
        own = self.defines.get(holder, frozenset()) if holder is not None else frozenset()
        if own:
            seen.update(t for t, a in by_term.items() if a in own)  # defined here: no link later in the article
        out: list[str] = []
        for seg in parse(value):
            if isinstance(seg, Link):
                out.append(seg.markup)
                continue
            at = 0
            for m in pattern.finditer(seg):
                term = m.group(0)
                anchor = by_term.get(term)
                if anchor is None or anchor in own or term in seen:
                    continue
                seen.add(term)
                out += [seg[at:m.start()], f"[{m.group(0)}](#{anchor})"]
                at = m.end()
            out.append(seg[at:])
        return "".join(out)


def _slug(term: str) -> str:
    return _SLUG.sub("-", term.lower()).strip("-")


class _Finder:
    def __init__(self, version: Version, lang: Lang, taken: frozenset[str], glossary: Iterable[str]) -> None:
        self.version = version
        self.lang: Lang = lang
        self.taken = set(taken)
        self.out = Definitions(lang)
        self.glossary = tuple(glossary)
        self.counter: dict[str, int] = {}

    def anchor(self, loc: Localized, unit: str, english: str | None) -> str:
        """One id per defining text, made from what does not depend on the page's language."""
        if id(loc) in self.out.anchors:
            return self.out.anchors[id(loc)]
        base = f"def-{_slug(english)}" if english and _slug(english) else ""
        if not base or base in self.taken:
            n = self.counter.get(unit, 0) + 1
            self.counter[unit] = n
            base = f"def-{unit}-{n}"
            while base in self.taken:
                n += 1
                self.counter[unit] = n
                base = f"def-{unit}-{n}"
        self.taken.add(base)
        self.out.anchors[id(loc)] = base
        return base

    def text(self, loc: Localized | None, unit: str) -> None:
        value = loc.get(self.lang) if loc is not None else None
        if loc is None or not value:
            return
        terms = defined_in(value, self.lang)
        if not terms:
            return
        english = defined_in(loc.en or "", "en")
        anchor = self.anchor(loc, unit, english[0] if english else None)
        for term in terms:
            self.out.terms.setdefault(term, anchor)
        self.out.defines[id(loc)] = frozenset({anchor})

    def table(self, table: Table, unit: str, titled: bool) -> None:
        head = table.header[0].get(self.lang) if table.header else None
        if not (titled or (head or "").strip() in _TABLE_HEAD[self.lang]) or not table.rows:
            return
        for row in table.rows:
            if len(row) < 2:
                continue
            term = (row[0].get(self.lang) or "").strip()
            if not term or "\n" in term or len(term) > 60 or "](" in term:
                continue
            anchor = self.anchor(row[0], unit, (row[0].en or "").strip() or None)
            self.out.terms.setdefault(term, anchor)
            for cell in row:
                self.out.defines[id(cell)] = frozenset({anchor})

    def items(self, items: tuple[Item, ...], unit: str) -> None:
        for it in items:
            self.text(it.text, unit)
            self.items(it.items, unit)

    def paragraphs(self, paras: tuple[Paragraph, ...], unit: str, titled: bool) -> None:
        for p in paras:
            self.text(p.text, unit)
            self.items(p.items, unit)
            if p.table is not None:
                self.table(p.table, unit, titled)

    def article(self, art: Article) -> None:
        title = f"{art.title.ja or ''} {art.title.en or ''}" if art.title else ""
        titled = "定義" in title or "Definition" in title
        self.paragraphs(art.paragraphs, art.id, titled)
        for sec in art.sections:
            self.paragraphs(sec.paragraphs, art.id, titled)

    def find(self) -> Definitions:
        v = self.version
        for t in v.preamble:
            self.text(t, "preamble")
        for art in v.articles:
            self.article(art)
        for s in v.supplementary:
            self.paragraphs(s.paragraphs, s.id, False)
        for a in v.appendices:
            self.paragraphs(a.paragraphs, a.id, False)
        defined = set(self.out.terms)

        def bare(word: str) -> str:  # "the Service" is the Service
            return re.sub(r"^(?:the|a|an)\s+", "", word, flags=re.IGNORECASE)

        self.out.blockers = tuple(sorted(
            {g for g in self.glossary
             if g not in defined and bare(g) not in defined and any(t in g and t != g for t in defined)}))
        return self.out


def definitions(version: Version, lang: Lang, taken: frozenset[str], glossary: Iterable[str] = ()) -> Definitions:
    """The defined terms of ``version`` in ``lang`` (``taken``: the ids the version's page already
    has; ``glossary``: the glossary's words in ``lang``, whose undefined longer words block a term)."""
    return _Finder(version, lang, taken, glossary).find()

