"""Finding cross-references in a text, in Japanese and English (resolution is :mod:`termsite.rules.refs`).

Japanese: 第N条, 第N条第M項第K号, 第N条のM, 第N条（見出し）第M項, 第N章, 第M項, 第K号, 第K号のM, 本項第K号,
前項第K号, 前条・同条・次条・本条 (each optionally with 第M項第K号), 前項, 次項, 前号, 前N条, 前N項, 各号, 前各号,
前項各号, 別表第N, 別紙第N, and any of the article forms after another document's title
(プライバシーポリシー第5条). English (the glossary's forms): Article N, Article N(M), Article N (Title),
Article N, paragraph (M), item (K), Article N-M, Chapter N, Section N.M, paragraph (M), item (K) of this
paragraph, the preceding / same / following Article and this Article (optionally with a paragraph and
item, before or after), the preceding / following paragraph, the preceding N Articles, Appendix N,
Schedule N, and "the Privacy Policy, Section 4" or "Section 4 of the Privacy Policy" for another
document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from termsite.model.numbering import japanese_number
from termsite.model.terms import Lang

_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_N = r"[0-9０-９]+|[一二三四五六七八九十百]+"
CONNECTOR = re.compile(
    r"^(?:ないし|から|まで|及び|又は|並びに|若しくは|もしくは|、|,|・|\s|to|and|or|through)*$"
)
"""What may stand between two references for the second to continue the first (第1項から第3項まで)."""


def number(text: str) -> int:
    """An int from half-width, full-width or kanji digits (十四 → 14), or English words."""
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    return japanese_number(text) or 0


# A heading in brackets after 第N条 (第12条（料金の返金）第2号); a remark in brackets (（以下「…」という。）,
# （ただし…）, （第3項を除く。）) is not a heading.
_JA_TITLE = r"（(?P<at>(?!以下|ただし|但し|第|同|前|次|本)[^（）「」。\n]{1,40})）"
_EN_TITLE = r" \((?P<at>[A-Z][^()\n]{0,60}?)\)"
_ITEM = rf"第(?P<{{0}}>{_N})号(?:の(?P<{{0}}b>{_N}))?"
_JA = re.compile(
    rf"第(?P<a>{_N})条(?:の(?P<ab>{_N}))?(?:{_JA_TITLE})?(?:第(?P<ap>{_N})項)?(?:{_ITEM.format('ai')})?(?:各号)?"
    rf"|第(?P<c>{_N})章"
    rf"|前項{_ITEM.format('ppi')}"
    rf"|本項{_ITEM.format('tpi')}"
    rf"|次項{_ITEM.format('npi')}"
    rf"|第(?P<p>{_N})項(?:{_ITEM.format('pi')})?(?:各号)?"
    rf"|{_ITEM.format('i')}"
    r"|前(?P<pna>[二三四五六七八九十0-9０-９]+)条"
    rf"|(?P<rel>前条|同条|次条|本条)(?:第(?P<rp>{_N})項)?(?:{_ITEM.format('ri')})?"
    r"|前(?P<pnp>[二三四五六七八九十0-9０-９]+)項"
    r"|(?P<prev_para_items>前項各号)"
    r"|(?P<prev_para>前項)"
    r"|(?P<next_para>次項)"
    r"|(?P<prev_item>前号)"
    r"|(?P<prev_items>前各号)"
    r"|(?P<each>各号)"
    rf"|(?P<tb>(?:別表|別紙)第(?:{_N}))"
)
_NUMW = r"two|three|four|five|six|seven|eight|nine|ten|\d+"
_R = r"(?: (?:to|and|or|through) \((?P<{0}>\d+)\))?"
_EN_ITEM = r"\((?P<{0}>\d+)(?:-(?P<{0}b>\d+))?\)"
_REL_EN = r"(?P<{0}>[Tt]he preceding Article|[Tt]he same Article|[Tt]he following Article|[Tt]his Article)"
_EN = re.compile(
    r"\bArticle (?P<a>\d+)(?:-(?P<ab>\d+))?(?:" + _EN_TITLE + r")?(?:\((?P<ap2>\d+)\))?"
    r"(?:, paragraphs? \((?P<ap>\d+)\)" + _R.format("ap3") + ")?"
    r"(?:, items? " + _EN_ITEM.format("ai") + _R.format("ai2") + ")?"
    r"|\bChapter (?P<c>\d+)"
    r"|\bSection (?P<s>\d+)(?:\.(?P<ss>\d+))?"
    r"|\bitems? " + _EN_ITEM.format("ppi") + _R.format("ppi2") + r" of the preceding paragraph"
    r"|\bitems? " + _EN_ITEM.format("tpi") + _R.format("tpi2") + r" of this paragraph"
    r"|\bitems? " + _EN_ITEM.format("npi") + _R.format("npi2") + r" of the following paragraph"
    r"|\bparagraphs? \((?P<p>\d+)\)" + _R.format("p2")
    + r"(?:, items? " + _EN_ITEM.format("pi") + _R.format("pi2") + ")?"
    + r"(?: of " + _REL_EN.format("prel") + ")?"
    r"|\bitems? " + _EN_ITEM.format("i") + _R.format("i2")
    + rf"|\b[Tt]he preceding (?P<pna>{_NUMW}) Articles\b"
    r"|\b" + _REL_EN.format("rel") + r"\b(?:, paragraph \((?P<rp>\d+)\))?(?:, items? " + _EN_ITEM.format("ri") + ")?"
    + rf"|\b[Tt]he preceding (?P<pnp>{_NUMW}) paragraphs\b"
    r"|\b(?P<prev_para_items>[Tt]he items of the preceding paragraph)"
    r"|\b(?P<prev_para>[Tt]he preceding paragraph)"
    r"|\b(?P<next_para>[Tt]he (?:following|next) paragraph)"
    r"|\b(?P<prev_item>[Tt]he preceding item)\b"
    r"|\b(?P<prev_items>[Tt]he preceding items)\b"
    r"|\b(?P<each>[Tt]he following items)\b"
    r"|\b(?P<tb>(?:Appendix|Appended Table|Schedule|Annex) \d+)\b"
)
_REL_KIND = {"前条": "prev_art", "同条": "same_art", "次条": "next_art", "本条": "this_art",
             "the preceding article": "prev_art", "the same article": "same_art",
             "the following article": "next_art", "this article": "this_art"}


@dataclass(frozen=True)
class Ref:
    """One reference found in a text."""

    kind: str
    raw: str
    start: int
    article: str | None = None
    paragraphs: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    count: int = 0
    chapter: int | None = None
    section: int | None = None
    item_branches: tuple[int | None, ...] = ()
    """The branch of each of ``items`` (第1号の2: items (1,), branches (2,)); empty when none has one."""
    title: str | None = None
    """The cited article's heading as the reference writes it (第12条（料金の返金）)."""
    document: str | None = None
    """The title of another document the reference cites (プライバシーポリシー第5条), as written."""
    appendix: str | None = None
    """The label of the appendix cited (別表第1, Schedule 1)."""
    law: str | None = None
    """The law the reference cites a provision of (民法第548条の4, Article 548-4 of the Civil Code), as
    written: a provision outside the repository, which the checks neither resolve nor compare."""


class Titles:
    """The titles of the documents a reference may name, compared by identity: one object per set of
    titles (:func:`titles`), so that memoizing on it costs no hashing of the titles."""

    __slots__ = ("names",)

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names


_TITLES: dict[tuple[str, ...], Titles] = {}


def titles(names: tuple[str, ...]) -> Titles:
    """The one :class:`Titles` of ``names`` (longest first, so that a title ending another is tried after it)."""
    ordered = tuple(sorted(set(names), key=lambda t: (-len(t), t)))
    return _TITLES.setdefault(ordered, Titles(ordered))


NO_TITLES = titles(())


def find_refs(text: str, lang: Lang, names: tuple[str, ...] | Titles = ()) -> list[Ref]:
    """Every reference in ``text``, in order; ranges keep both ends.

    ``names`` are the titles (in ``lang``) of the documents a reference may name before or after
    the provision it cites."""
    return list(_find_refs(text, lang, names if isinstance(names, Titles) else titles(names)))


def refs_in(text: str, lang: Lang, names: Titles = NO_TITLES) -> tuple[Ref, ...]:
    """:func:`find_refs` as the (shared, memoized) tuple: for callers that only read it."""
    return _find_refs(text, lang, names)


def _item_ref(kind: str, raw: str, start: int, g: dict[str, str], key: str, **more: object) -> Ref:
    items = tuple(number(g[k]) for k in (key, key + "2") if k in g)
    branches = (number(g[key + "b"]),) if key + "b" in g else ()  # only a range's first item has one
    return Ref(kind, raw, start, items=items, item_branches=branches, **more)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=65536)
def _find_refs(text: str, lang: Lang, names: Titles) -> tuple[Ref, ...]:
    # successive versions share most texts: parse each distinct text once
    out: list[Ref] = []
    rx = _JA if lang == "ja" else _EN
    for m in rx.finditer(text):
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        raw, start = m.group(0), m.start()
        ref = _ref(g, raw, start)
        doc = None
        if names.names and ref.kind in ("abs", "section", "chapter"):
            doc = _document_named(text, start, start + len(raw), lang, names.names)
            if doc is not None:
                ref = Ref(**{**ref.__dict__, "document": doc})
        if doc is None and ref.kind in ("abs", "chapter", "item"):
            law = _law_named(text, start, start + len(raw), lang, ref.kind == "item")
            if law is not None:
                ref = Ref(**{**ref.__dict__, "law": law})
        out.append(ref)
    return tuple(out)


def _ref(g: dict[str, str], raw: str, start: int) -> Ref:
    def nums(*keys: str) -> tuple[int, ...]:
        return tuple(number(g[k]) for k in keys if k in g)

    if "a" in g:
        art = str(number(g["a"])) + (f"-{number(g['ab'])}" if "ab" in g else "")
        return _item_ref("abs", raw, start, g, "ai", article=art, paragraphs=nums("ap", "ap2", "ap3"),
                         title=g.get("at"))
    if "c" in g:
        return Ref("chapter", raw, start, chapter=number(g["c"]))
    if "s" in g:
        return Ref("section", raw, start, article=str(number(g["s"])),
                   section=number(g["ss"]) if "ss" in g else None)
    for key, kind in (("ppi", "prev_para_item"), ("tpi", "this_para_item"), ("npi", "next_para_item")):
        if key in g:
            return _item_ref(kind, raw, start, g, key)
    if "p" in g:
        if "prel" in g:  # paragraph (2) of the same Article
            return _item_ref(_REL_KIND[g["prel"].lower()], raw, start, g, "pi", paragraphs=nums("p", "p2"))
        return _item_ref("para", raw, start, g, "pi", paragraphs=nums("p", "p2"))
    if "i" in g:
        return _item_ref("item", raw, start, g, "i")
    if "rel" in g:
        return _item_ref(_REL_KIND[g["rel"].lower()], raw, start, g, "ri", paragraphs=nums("rp"))
    if "pna" in g:
        return Ref("prev_n_articles", raw, start, count=number(g["pna"]))
    if "pnp" in g:
        return Ref("prev_n_paragraphs", raw, start, count=number(g["pnp"]))
    if "tb" in g:
        return Ref("appendix", raw, start, appendix=g["tb"])
    kind = next(k for k in ("prev_para_items", "prev_para", "next_para", "prev_item", "prev_items", "each")
                if k in g)
    return Ref(kind, raw, start)


def _document_named(text: str, start: int, end: int, lang: Lang, titles: tuple[str, ...]) -> str | None:
    """The title of a document named right before (プライバシーポリシー第5条, the Privacy Policy, Section 4)
    or, in English, right after (Section 4 of the Privacy Policy) the reference at ``start:end``."""
    before = text[:start]
    for title in titles:
        if lang == "ja":
            if before.endswith((title, title + "の", f"「{title}」", f"「{title}」の")):
                return title
        elif before.endswith((f"{title}, ", f"{title} ")) or text.startswith(f" of the {title}", end) \
                or text.startswith(f" of {title}", end):
            return title
    return None


# A law's name right before a Japanese citation: 民法, 電気通信事業法, 個人情報の保護に関する法律, 同法,
# 施行令, 施行規則, 条例; a bracketed number after the name (民法（明治29年法律第89号）) or quotes around
# it (「消費者契約法」) are allowed. 本規則 and the like name the document itself, not a law.
_JA_LAW = re.compile(r"(?<!本)(?P<law>[^\s、。，．「」（）()]{0,30}?"
                     r"(?:法律|法|政令|省令|施行令|施行規則|条例|憲法)|同法|同令)"
                     r"」?(?:（[^（）]{0,40}）)?の?$")
# The law named right after an English citation: Article 548-4 of the Civil Code, of the Act on the
# Protection of Personal Information, of the Companies Act.
_EN_LAW = re.compile(r" of (?:the )?(?P<law>(?:[A-Z][\w'-]*\s)*?(?:Act|Code|Law|Ordinance|Order|Constitution)"
                     r"(?: (?:on|of|for|concerning|regarding) [^,.;()]{1,80}?)?)(?=[,.;()]|\s(?:and|or)\s|$)")


# A law's number (明治29年法律第89号) reads like an item.
_JA_LAW_NUMBER = re.compile(r"(?P<law>法律|政令|省令|府令|条例|規則|告示)$")


def _law_named(text: str, start: int, end: int, lang: Lang, number: bool = False) -> str | None:
    """The law a citation at ``start:end`` belongs to (民法第548条の4, Article 548-4 of the Civil Code);
    with ``number``, the law a number like 法律第89号 is the number of."""
    if number:
        found = _JA_LAW_NUMBER.search(text, max(0, start - 2), start) if lang == "ja" else None
    elif lang == "ja":
        found = _JA_LAW.search(text, max(0, start - 48), start)
    else:
        found = _EN_LAW.match(text, end)
    return found.group("law") if found else None
