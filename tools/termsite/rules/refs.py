"""Cross-references written in the text, resolved against a version (found by :mod:`refs_find`).

A reference resolves to :class:`Target` s: (article id, paragraph, item), a chapter, an appendix, or a
provision of another document of the repository (its version in force on the citing version's
effective date). The Japanese and English of one text must resolve to the same targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from termsite.model.numbering import article_numbers, chapter_numbers, item_numbers
from termsite.model.terms import LANGS, Article, Corpus, Document, Lang, Version
from termsite.rules.refs_find import CONNECTOR, NO_TITLES, Ref, Titles, find_refs, number, refs_in, titles

__all__ = ["Context", "Documents", "Ref", "Resolution", "Resolver", "Target", "find_refs", "number", "refs_in"]


@dataclass(frozen=True, order=True)
class Target:
    """A provision a reference points at: an article (``chapter:N``, ``appendix:<id>``), optionally a
    paragraph and item (by position), in this document or in ``document``."""

    article: str
    paragraph: int = 0
    item: int = 0
    document: str = ""


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
    title: tuple[str, str] | None = None
    """(written, actual) when the bracketed heading of the reference is not the cited article's title."""
    base: tuple[Resolver, int] | None = field(default=None, repr=False)
    """The version and article position the reference landed on, for the references joined to it."""


def _named(ref: Ref, lang: Lang) -> str:
    """The document a reference names, as a prefix of its provision (プライバシーポリシー, Privacy Policy, )."""
    return f"{ref.document}" if lang == "ja" else f"{ref.document}, "


def _squash(text: str) -> str:
    return "".join(text.split())


class Documents:
    """The documents of a repository a reference may name, by title in either language."""

    def __init__(self, corpus: Corpus, citing: Document) -> None:
        self.citing = citing
        self.by_title: dict[str, Document] = {}
        self.titles: dict[Lang, Titles] = {}
        for lang in LANGS:
            for doc in corpus.documents:
                title = doc.title.get(lang)
                if title:
                    self.by_title.setdefault(title, doc)
            self.titles[lang] = titles(tuple(t for d in corpus.documents if (t := d.title.get(lang))))
        self._resolvers: dict[tuple[str, str], Resolver] = {}

    def resolver(self, title: str, on: dt.date) -> tuple[Document, Resolver | None]:
        """The document named ``title`` and a resolver for its version in force ``on`` (None: none is)."""
        doc = self.by_title[title]
        in_force = [v for v in doc.versions if v.effective <= on]
        if not in_force:
            return doc, None
        v = in_force[-1]
        key = (doc.id, v.key)
        if key not in self._resolvers:
            self._resolvers[key] = Resolver(v, None, doc)
        return doc, self._resolvers[key]


class Resolver:
    """Resolves references against one version (and, through ``documents``, other documents)."""

    def __init__(self, version: Version, documents: Documents | None = None, document: Document | None = None) -> None:
        self.version = version
        self.documents = documents
        self.document = document
        self.articles: list[Article] = list(version.articles)
        nums = article_numbers(version)
        self.numbers = [nums[a.id] for a in self.articles]
        self.by_key: dict[str, list[int]] = {}
        for i, n in enumerate(self.numbers):
            self.by_key.setdefault(n.key, []).append(i)
        self.chapters = set(chapter_numbers(version).values())
        self.others: dict[str, Resolver] = {}

    def titles(self, lang: Lang) -> Titles:
        """The document titles a text in ``lang`` may cite (none without a repository)."""
        return self.documents.titles[lang] if self.documents is not None else NO_TITLES

    def label(self, target: Target, lang: Lang) -> str:
        """第20条第2項 / Article 20, paragraph (2); another document's provision after its title."""
        if target.document:
            other = self.others.get(target.document)
            if other is not None and other.document is not None:
                title = other.document.title.get(lang) or other.document.id
                shown = other.label(Target(target.article, target.paragraph, target.item), lang)
                return f"{title}{shown}" if lang == "ja" else f"{title}, {shown}"
            return f"{target.document}:{target.article}"
        if target.article.startswith("chapter:"):
            n = target.article.split(":")[1]
            return f"第{n}章" if lang == "ja" else f"Chapter {n}"
        if target.article.startswith("appendix:"):
            aid = target.article.split(":")[1]
            app = next((a for a in self.version.appendices if a.id == aid), None)
            return (app.label.get(lang) if app and app.label else None) or aid
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

    def _target(self, article: str, paragraph: int = 0, item: int = 0) -> Target:
        doc = self.document.id if self.document is not None and self.documents is None else ""
        return Target(article, paragraph, item, doc)

    def _para(self, ai: int, p: int, items: tuple[int, ...], res: Resolution, lang: Lang) -> None:
        art = self.articles[ai]
        res.base = (self, ai)
        if not 1 <= p <= len(art.paragraphs):
            res.problem = f"{res.ref.raw}: {self.numbers[ai].label('statute', lang)} has no paragraph {p}"
            return
        if not items:
            res.targets.append(self._target(art.id, p))
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
            res.targets.append(self._target(art.id, p, at))

    def _article(self, ai: int, ref: Ref, res: Resolution, lang: Lang) -> None:
        """The article at ``ai``, or the paragraphs and items of it that ``ref`` names."""
        res.base = (self, ai)
        if ref.paragraphs:
            for p in ref.paragraphs:
                self._para(ai, p, ref.items, res, lang)
        elif ref.items:
            self._para(ai, 1, ref.items, res, lang)
        else:
            res.targets.append(self._target(self.articles[ai].id))

    def resolve(self, refs: Sequence[Ref], ctx: Context, lang: Lang, text: str) -> list[Resolution]:
        """Resolve the references of ``text`` in order.

        A partial reference joined to the one before by ないし, から, 及び, "to", … inherits its article
        and paragraph (第1条第2項第1号ないし第3号, 第2条第1項から第3項まで); 同条 refers to the article cited
        last.
        """
        out: list[Resolution] = []
        last: Resolution | None = None
        last_end = -1
        outside = False  # the reference before cites a law: a part joined to it, or 同条, does too
        for ref in refs:
            res = Resolution(ref)
            joined = last_end >= 0 and bool(CONNECTOR.match(text[last_end:ref.start]))
            if ref.law is not None or (outside and (joined or ref.kind == "same_art")):
                outside = True
                res.compared = False
            else:
                outside = False
                self._resolve_one(ref, ctx, lang, res, last if (joined and last is not None) or ref.kind == "same_art"
                                  else None)
                if res.base is not None:
                    last = res
            out.append(res)
            last_end = ref.start + len(ref.raw)
        return out

    def _other(self, ref: Ref, res: Resolution, lang: Lang) -> Resolver | None:
        """The resolver of the document ``ref`` names, or None with the problem recorded."""
        assert self.documents is not None and ref.document is not None
        doc, other = self.documents.resolver(ref.document, self.version.effective)
        if other is None:
            res.problem = (f"{_named(ref, lang)}{ref.raw}: no version of '{doc.id}' is in force on "
                           f"{self.version.effective}, the day this version takes effect")
            return None
        self.others[doc.id] = other
        return other

    def _resolve_one(self, ref: Ref, ctx: Context, lang: Lang, res: Resolution, prev: Resolution | None) -> None:
        kind = ref.kind
        if kind in ("abs", "section", "chapter") and ref.document is not None and self.documents is not None:
            if self.documents.by_title[ref.document].id != self.documents.citing.id:
                other = self._other(ref, res, lang)
                if other is not None:
                    other._resolve_absolute(ref, lang, res, f" in '{other.version.document_id}' {other.version.key}")
                    if res.problem:
                        res.problem = _named(ref, lang) + res.problem
                return
        if kind in ("abs", "section", "chapter"):
            self._resolve_absolute(ref, lang, res, " in this version")
            return
        if kind == "appendix":
            want = _squash(ref.appendix or "")
            app = next((a for a in self.version.appendices if a.label and _squash(a.label.get(lang) or "") == want),
                       None)
            if app is None:
                res.problem = f"{ref.raw}: there is no appendix labelled {ref.appendix} in this version"
            else:
                res.targets.append(Target(f"appendix:{app.id}"))
            return
        self._resolve_relative(ref, ctx, lang, res, prev)

    def _resolve_absolute(self, ref: Ref, lang: Lang, res: Resolution, where: str) -> None:
        if ref.kind == "chapter":
            if ref.chapter not in self.chapters:
                res.problem = f"{ref.raw}: there is no such chapter{where}"
            else:
                res.targets.append(self._target(f"chapter:{ref.chapter}"))
            return
        found = self.by_key.get(ref.article or "", [])
        if ref.kind == "section":
            if not found:
                res.problem = f"{ref.raw}: there is no such section{where}"
            elif ref.section and ref.section > len(self.articles[found[0]].sections):
                res.problem = f"{ref.raw}: there is no such subsection{where}"
            else:
                res.base = (self, found[0])
                res.targets.append(self._target(self.articles[found[0]].id, ref.section or 0))
            return
        if not found:
            res.problem = f"{ref.raw}: there is no such article{where}"
            return
        if len(found) > 1:
            res.irregular = True
        ai = found[0]
        self._article(ai, ref, res, lang)
        if ref.title is not None:
            title = self.articles[ai].title
            actual = title.get(lang) if title is not None else None
            if actual is None or _squash(actual) != _squash(ref.title):
                res.title = (ref.title, actual or "")

    def _resolve_relative(self, ref: Ref, ctx: Context, lang: Lang, res: Resolution, prev: Resolution | None) -> None:
        kind = ref.kind
        here = ctx.article
        if kind == "same_art" and prev is not None and prev.base is not None:
            r, ai = prev.base
            r._article(ai, ref, res, lang)
            return
        if here is None:
            res.compared = False  # relative references outside an article are not checked
            return
        art = self.articles[here]
        para = ctx.paragraph
        if kind in ("prev_art", "next_art", "this_art", "same_art"):
            ai = {"prev_art": here - 1, "next_art": here + 1}.get(kind, here)
            if not 0 <= ai < len(self.articles):
                res.problem = f"{ref.raw}: there is no article {'before' if ai < 0 else 'after'} this one"
                return
            res.irregular = kind in ("prev_art", "next_art") and self._irregular(ai)
            self._article(ai, ref, res, lang)
            return
        if kind == "para":
            if prev is not None and prev.base is not None and prev.targets and prev.targets[-1].paragraph:
                r, ai = prev.base  # 第2条第1項から第3項まで: the 第3項 of 第2条
                for p in ref.paragraphs:
                    r._para(ai, p, ref.items, res, lang)
                return
            for p in ref.paragraphs:
                self._para(here, p, ref.items, res, lang)
            return
        if kind == "item":
            if prev is not None and prev.base is not None and prev.targets and prev.targets[-1].paragraph:
                r, ai = prev.base
                r._para(ai, prev.targets[-1].paragraph, ref.items, res, lang)
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
        if kind in ("this_para_item", "prev_para_item", "next_para_item"):
            p = (para or 1) + {"this_para_item": 0, "prev_para_item": -1, "next_para_item": 1}[kind]
            self._para(here, p, ref.items, res, lang)
            return
        if kind == "prev_n_articles":
            if here - ref.count < 0:
                res.problem = f"{ref.raw}: there are not {ref.count} article(s) before this one"
                return
            for i in range(here - ref.count, here):
                res.targets.append(Target(self.articles[i].id))
                res.irregular = res.irregular or self._irregular(i)
            return
        if kind in ("prev_para", "prev_n_paragraphs", "prev_para_items"):
            n = ref.count if kind == "prev_n_paragraphs" else 1
            if para is None or para - n < 1:
                res.problem = f"{ref.raw}: there are not {n} paragraph(s) before this one"
                return
            res.base = (self, here)
            for p in range(para - n, para):
                res.targets.append(Target(art.id, p))
            if kind == "prev_para_items" and not art.paragraphs[para - 2].items:
                res.problem = f"{ref.raw}: the preceding paragraph has no items"
            return
        if kind == "next_para":
            if para is None or para + 1 > len(art.paragraphs):
                res.problem = f"{ref.raw}: there is no paragraph after this one"
                return
            res.base = (self, here)
            res.targets.append(Target(art.id, para + 1))
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
