"""Cross-references written in the text: found in Japanese and English, resolved against a version.

Japanese: 第N条, 第N条第M項, 第N条第M項第K号, 第N条のM, 第N章, 第M項, 第K号, 本項第K号, 前項第K号, 前条, 同条,
前項, 前号, 前N条, 前N項, 各号, 前各号, 前項各号. English (the glossary's forms): Article N, Article N(M),
Article N, paragraph (M), item (K), Article N-M, Chapter N, Section N.M, paragraph (M), item (K) of this
paragraph, the preceding Article, the same Article, the preceding paragraph, the preceding N Articles, …

A reference resolves to :class:`Target` s: (article id, paragraph, item). The Japanese and English of
one text must resolve to the same targets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from termsite.model.numbering import article_numbers, chapter_numbers, item_numbers, japanese_number
from termsite.model.terms import Article, Lang, Version

_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_N = r"[0-9０-９]+|[一二三四五六七八九十百]+"
_CONNECTOR = re.compile(
    r"^(?:ないし|から|まで|及び|又は|並びに|若しくは|もしくは|、|,|・|\s|to|and|or|through)*$"
)


def number(text: str) -> int:
    """An int from half-width, full-width or kanji digits (十四 → 14), or English words."""
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    return japanese_number(text) or 0


_JA = re.compile(
    rf"第(?P<a>{_N})条(?:の(?P<ab>{_N}))?(?:第(?P<ap>{_N})項)?(?:第(?P<ai>{_N})号(?:の(?P<aib>{_N}))?)?(?:各号)?"
    rf"|第(?P<c>{_N})章"
    rf"|前項第(?P<ppi>{_N})号(?:の(?P<ppib>{_N}))?"
    rf"|本項第(?P<tpi>{_N})号(?:の(?P<tpib>{_N}))?"
    rf"|第(?P<p>{_N})項(?:第(?P<pi>{_N})号(?:の(?P<pib>{_N}))?)?(?:各号)?"
    rf"|第(?P<i>{_N})号(?:の(?P<ib>{_N}))?"
    r"|前(?P<pna>[二三四五六七八九十0-9０-９]+)条"
    r"|(?P<prev_art>前条)"
    r"|(?P<same_art>同条)"
    r"|前(?P<pnp>[二三四五六七八九十0-9０-９]+)項"
    r"|(?P<prev_para_items>前項各号)"
    r"|(?P<prev_para>前項)"
    r"|(?P<prev_item>前号)"
    r"|(?P<prev_items>前各号)"
    r"|(?P<each>各号)"
)
_NUMW = r"two|three|four|five|six|seven|eight|nine|ten|\d+"
_R = r"(?: (?:to|and|or|through) \((?P<{0}>\d+)\))?"
_EN = re.compile(
    r"\bArticle (?P<a>\d+)(?:-(?P<ab>\d+))?(?:\((?P<ap2>\d+)\))?(?:, paragraph \((?P<ap>\d+)\))?"
    r"(?:, items? \((?P<ai>\d+)(?:-(?P<aib>\d+))?\)" + _R.format("ai2") + ")?"
    r"|\bChapter (?P<c>\d+)"
    r"|\bSection (?P<s>\d+)(?:\.(?P<ss>\d+))?"
    r"|\bitems? \((?P<ppi>\d+)(?:-(?P<ppib>\d+))?\)" + _R.format("ppi2") + r" of the preceding paragraph"
    r"|\bitems? \((?P<tpi>\d+)(?:-(?P<tpib>\d+))?\)" + _R.format("tpi2") + r" of this paragraph"
    r"|\bparagraphs? \((?P<p>\d+)\)" + _R.format("p2")
    + r"(?:, items? \((?P<pi>\d+)(?:-(?P<pib>\d+))?\)" + _R.format("pi2") + ")?"
    r"|\bitems? \((?P<i>\d+)(?:-(?P<ib>\d+))?\)" + _R.format("i2")
    + rf"|\b[Tt]he preceding (?P<pna>{_NUMW}) Articles\b"
    r"|\b(?P<prev_art>[Tt]he preceding Article)\b"
    r"|\b(?P<same_art>[Tt]he same Article)\b"
    + rf"|\b[Tt]he preceding (?P<pnp>{_NUMW}) paragraphs\b"
    r"|\b(?P<prev_para_items>[Tt]he items of the preceding paragraph)"
    r"|\b(?P<prev_para>[Tt]he preceding paragraph)"
    r"|\b(?P<prev_item>[Tt]he preceding item)\b"
    r"|\b(?P<prev_items>[Tt]he preceding items)\b"
    r"|\b(?P<each>[Tt]he following items)\b"
)


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


def find_refs(text: str, lang: Lang) -> list[Ref]:
    """Every reference in ``text``, in order; ranges keep both ends."""
    return list(_find_refs(text, lang))


@functools.lru_cache(maxsize=65536)
def _find_refs(text: str, lang: Lang) -> tuple[Ref, ...]:
    # successive versions share most texts: parse each distinct text once
    out: list[Ref] = []
    rx = _JA if lang == "ja" else _EN
    for m in rx.finditer(text):
        g = {k: v for k, v in m.groupdict().items() if v is not None}

        def nums(*keys: str, g: dict[str, str] = g) -> tuple[int, ...]:
            return tuple(number(g[k]) for k in keys if k in g)

        def branches(first: str, g: dict[str, str] = g) -> tuple[int | None, ...]:
            # only the first item of a range carries a branch (第1号の2ないし第3号)
            return (number(g[first + "b"]),) if first + "b" in g else ()

        raw, start = m.group(0), m.start()
        if "a" in g:
            art = str(number(g["a"])) + (f"-{number(g['ab'])}" if "ab" in g else "")
            out.append(Ref("abs", raw, start, article=art, paragraphs=nums("ap", "ap2"), items=nums("ai", "ai2"),
                           item_branches=branches("ai")))
        elif "c" in g:
            out.append(Ref("chapter", raw, start, chapter=number(g["c"])))
        elif "s" in g:
            out.append(Ref("section", raw, start, article=str(number(g["s"])), section=(
                number(g["ss"]) if "ss" in g else None)))
        elif "ppi" in g:
            out.append(Ref("prev_para_item", raw, start, items=nums("ppi", "ppi2"), item_branches=branches("ppi")))
        elif "tpi" in g:
            out.append(Ref("this_para_item", raw, start, items=nums("tpi", "tpi2"), item_branches=branches("tpi")))
        elif "p" in g:
            out.append(Ref("para", raw, start, paragraphs=nums("p", "p2"), items=nums("pi", "pi2"),
                           item_branches=branches("pi")))
        elif "i" in g:
            out.append(Ref("item", raw, start, items=nums("i", "i2"), item_branches=branches("i")))
        elif "pna" in g:
            out.append(Ref("prev_n_articles", raw, start, count=number(g["pna"])))
        elif "pnp" in g:
            out.append(Ref("prev_n_paragraphs", raw, start, count=number(g["pnp"])))
        else:
            kind = next(k for k in ("prev_art", "same_art", "prev_para_items", "prev_para", "prev_item",
                                    "prev_items", "each") if k in g)
            out.append(Ref(kind, raw, start))
    return tuple(out)


@dataclass(frozen=True, order=True)
class Target:
    """A provision a reference points at: an article (or chapter) and optionally paragraph and item."""

    article: str
    paragraph: int = 0
    item: int = 0


@dataclass(frozen=True)
class Context:
    """Where a text stands: article position (0-based), paragraph (1-based), item (1-based) or none."""

    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    sibling_items: int = 0


@dataclass
class Resolution:
    """What one reference points at, and what is wrong with it."""

    ref: Ref
    targets: list[Target] = field(default_factory=list)
    problem: str | None = None
    irregular: bool = False
    compared: bool = True


class Resolver:
    """Resolves references against one version."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.articles: list[Article] = list(version.articles)
        nums = article_numbers(version)
        self.numbers = [nums[a.id] for a in self.articles]
        self.by_key: dict[str, list[int]] = {}
        for i, n in enumerate(self.numbers):
            self.by_key.setdefault(n.key, []).append(i)
        self.chapters = set(chapter_numbers(version).values())

    def label(self, target: Target, lang: Lang) -> str:
        """第20条第2項 / Article 20, paragraph (2)."""
        if target.article.startswith("chapter:"):
            n = target.article.split(":")[1]
            return f"第{n}章" if lang == "ja" else f"Chapter {n}"
        i = next((k for k, a in enumerate(self.articles) if a.id == target.article), None)
        base = self.numbers[i].label("statute", lang) if i is not None else target.article
        item = str(target.item)
        if target.item and i is not None and 1 <= target.paragraph <= len(self.articles[i].paragraphs):
            found = item_numbers(self.articles[i].paragraphs[target.paragraph - 1].items)
            if 1 <= target.item <= len(found):
                k, b = found[target.item - 1]
                item = (f"{k}の{b}" if lang == "ja" else f"{k}-{b}") if b else str(k)
        if lang == "ja":
            return base + (f"第{target.paragraph}項" if target.paragraph else "") + (
                f"第{item}号" if target.item else "")
        return base + (f", paragraph ({target.paragraph})" if target.paragraph else "") + (
            f", item ({item})" if target.item else "")

    def _irregular(self, i: int) -> bool:
        return self.numbers[i].overridden or len(self.by_key[self.numbers[i].key]) > 1

    def _para(self, ai: int, p: int, items: tuple[int, ...], res: Resolution, lang: Lang) -> None:
        art = self.articles[ai]
        if not 1 <= p <= len(art.paragraphs):
            res.problem = f"{res.ref.raw}: {self.numbers[ai].label('statute', lang)} has no paragraph {p}"
            return
        if not items:
            res.targets.append(Target(art.id, p))
            return
        para_items = art.paragraphs[p - 1].items
        # an item is cited by its number (第2号, 第1号の2), which a branch item before it makes differ
        # from its position; targets name positions, the same for both languages
        positions = {n: k for k, n in enumerate(item_numbers(para_items), 1)}
        branches = res.ref.item_branches
        for j, k in enumerate(items):
            branch = branches[j] if j < len(branches) else None
            at = positions.get((k, branch))
            if at is None:
                where = f"paragraph {p} of {self.numbers[ai].label('statute', lang)}"
                shown = (f"{k}の{branch}" if lang == "ja" else f"{k}-{branch}") if branch else str(k)
                res.problem = f"{res.ref.raw}: {where} has no item {shown}"
                return
            res.targets.append(Target(art.id, p, at))

    def resolve(self, refs: list[Ref], ctx: Context, lang: Lang, text: str) -> list[Resolution]:
        """Resolve the references of ``text`` in order.

        A partial reference joined to the one before by ないし, 及び, "to", … inherits its article and
        paragraph (第1条第2項第1号ないし第3号); 同条 refers to the article cited last.
        """
        out: list[Resolution] = []
        last: Resolution | None = None
        last_end = -1
        for ref in refs:
            res = Resolution(ref)
            joined = last is not None and bool(_CONNECTOR.match(text[last_end:ref.start]))
            self._resolve_one(ref, ctx, lang, res, last if joined or ref.kind == "same_art" else None)
            out.append(res)
            if ref.kind in ("abs", "para", "item", "prev_para", "this_para_item", "prev_para_item"):
                last = res
            last_end = ref.start + len(ref.raw)
        return out

    def _resolve_one(self, ref: Ref, ctx: Context, lang: Lang, res: Resolution, prev: Resolution | None) -> None:
        here = ctx.article
        kind = ref.kind
        if kind == "abs":
            found = self.by_key.get(ref.article or "", [])
            if not found:
                res.problem = f"{ref.raw}: there is no such article in this version"
                return
            if len(found) > 1:
                res.irregular = True
            for ai in found[:1]:
                if ref.paragraphs:
                    for p in ref.paragraphs:
                        self._para(ai, p, ref.items, res, lang)
                elif ref.items:
                    self._para(ai, 1, ref.items, res, lang)
                else:
                    res.targets.append(Target(self.articles[ai].id))
            return
        if kind == "chapter":
            if ref.chapter not in self.chapters:
                res.problem = f"{ref.raw}: there is no such chapter in this version"
            else:
                res.targets.append(Target(f"chapter:{ref.chapter}"))
            return
        if kind == "section":
            found = self.by_key.get(ref.article or "", [])
            if not found:
                res.problem = f"{ref.raw}: there is no such section in this version"
            elif ref.section and ref.section > len(self.articles[found[0]].sections):
                res.problem = f"{ref.raw}: there is no such subsection in this version"
            else:
                res.targets.append(Target(self.articles[found[0]].id, ref.section or 0))
            return
        if here is None:
            res.compared = False  # relative references outside an article are not checked
            return
        art = self.articles[here]
        para = ctx.paragraph
        if kind == "para":
            for p in ref.paragraphs:
                self._para(here, p, ref.items, res, lang)
            return
        if kind == "item":
            if prev is not None and prev.targets and prev.targets[-1].paragraph:
                t = prev.targets[-1]
                ai = next(i for i, a in enumerate(self.articles) if a.id == t.article)
                self._para(ai, t.paragraph, ref.items, res, lang)
                return
            if para is None:
                res.problem = f"{ref.raw}: this text is not in a paragraph"
                return
            if ctx.item is not None:
                for k in ref.items:
                    if not 1 <= k <= ctx.sibling_items:
                        res.problem = f"{ref.raw}: this list has no item {k}"
                        return
                    res.targets.append(Target(art.id, para, k))
                return
            self._para(here, para, ref.items, res, lang)
            return
        if kind == "this_para_item":
            self._para(here, para or 1, ref.items, res, lang)
            return
        if kind == "prev_para_item":
            self._para(here, (para or 1) - 1, ref.items, res, lang)
            return
        if kind in ("prev_art", "prev_n_articles"):
            n = 1 if kind == "prev_art" else ref.count
            if here - n < 0:
                res.problem = f"{ref.raw}: there are not {n} article(s) before this one"
                return
            for i in range(here - n, here):
                res.targets.append(Target(self.articles[i].id))
                res.irregular = res.irregular or self._irregular(i)
            return
        if kind == "same_art":
            if prev is not None and prev.targets:
                res.targets.append(Target(prev.targets[-1].article))
            else:
                res.targets.append(Target(art.id))
            return
        if kind in ("prev_para", "prev_n_paragraphs", "prev_para_items"):
            n = ref.count if kind == "prev_n_paragraphs" else 1
            if para is None or para - n < 1:
                res.problem = f"{ref.raw}: there are not {n} paragraph(s) before this one"
                return
            for p in range(para - n, para):
                res.targets.append(Target(art.id, p))
            if kind == "prev_para_items" and not art.paragraphs[para - 2].items:
                res.problem = f"{ref.raw}: the preceding paragraph has no items"
            return
        if kind == "prev_item":
            if ctx.item is None or ctx.item < 2:
                res.problem = f"{ref.raw}: there is no item before this one"
            else:
                res.targets.append(Target(art.id, para or 1, ctx.item - 1))
            return
        res.compared = False
        if kind == "prev_items":
            ok = (ctx.item is not None and ctx.item > 1) or (
                para is not None and para > 1 and bool(art.paragraphs[para - 2].items))
            if not ok:
                res.problem = f"{ref.raw}: there are no items before this point"
            return
        if kind == "each":
            has = ctx.item is not None or (para is not None and bool(art.paragraphs[para - 1].items))
            if not has:
                res.problem = f"{ref.raw}: this paragraph has no items"
