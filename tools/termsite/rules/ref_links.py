"""Where the resolved references of a version's texts lead: the anchor of each cited provision.

The same resolution as the checks' (:func:`resolutions`, one :class:`~termsite.rules.refs.Resolver`
per version): the checks report what does not resolve, the site links what does
(:func:`cited_spans`). A reference becomes a link only when it resolves, without problem, to one
anchor that exists: an article (paragraphs and items have no anchor of their own, so 第5条第1項 leads
to 第5条), a decimal subsection, a chapter, an appendix, or a provision of another document's version in
force on the citing version's effective date. A reference to a law, one with a problem, one written
inside a link's label, or one citing several provisions at once stays plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from termsite.model.links import Link, parse
from termsite.model.numbering import chapter_numbers
from termsite.model.terms import LANGS, Lang, Version
from termsite.rules.refs import Documents, Resolution, Resolver, Target, refs_in
from termsite.rules.traverse import TextAt, texts


@dataclass(frozen=True)
class Cited:
    """A reference at ``start:end`` of a text, leading to ``anchor`` of version ``key`` of ``document``
    (``document`` empty: the citing version itself)."""

    start: int
    end: int
    anchor: str
    document: str = ""
    key: str = ""


def resolutions(resolver: Resolver, t: TextAt,
                langs: tuple[Lang, ...] = LANGS) -> Iterator[tuple[Lang, str, list[Resolution]]]:
    """The references of ``t`` in each of ``langs`` it has, resolved (languages without references skipped)."""
    for lang in langs:
        value = t.text.get(lang)
        if not value:
            continue
        refs = refs_in(value, lang, resolver.titles(lang))
        if refs:
            yield lang, value, resolver.resolve(refs, t.context, lang, value)


def _anchor(version: Version, target: Target, section: bool) -> str | None:
    """The id of the element that shows ``target`` in ``version``, or None when none does."""
    if target.article.startswith("chapter:"):
        n = int(target.article.split(":", 1)[1])
        return next((cid for cid, k in chapter_numbers(version).items() if k == n), None)
    if target.article.startswith("appendix:"):
        aid = target.article.split(":", 1)[1]
        return aid if any(a.id == aid for a in version.appendices) else None
    art = next((a for a in version.articles if a.id == target.article), None)
    if art is None:
        return None
    if section and target.paragraph:
        return art.sections[target.paragraph - 1].id if target.paragraph <= len(art.sections) else None
    return art.id


def _cited(resolver: Resolver, res: Resolution) -> Cited | None:
    if res.problem or res.ref.law is not None or not res.targets:
        return None
    found: set[tuple[str, str, str]] = set()
    for target in res.targets:
        version, doc, key = resolver.version, "", ""
        if target.document:
            other = resolver.others.get(target.document)
            if other is None:
                return None
            version, doc, key = other.version, target.document, other.version.key
        anchor = _anchor(version, target, res.ref.kind == "section")
        if anchor is None:
            return None
        found.add((anchor, doc, key))
    if len(found) != 1:
        return None  # 前2条, 第3条及び第5条: several provisions, no one place to lead to
    anchor, doc, key = found.pop()
    return Cited(res.ref.start, res.ref.start + len(res.ref.raw), anchor, doc, key)


def _link_spans(value: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for s in parse(value):
        n = len(s.markup) if isinstance(s, Link) else len(s)
        if isinstance(s, Link):
            spans.append((at, at + n))
        at += n
    return spans


def cited_spans(version: Version, documents: Documents | None, lang: Lang) -> dict[int, tuple[Cited, ...]]:
    """The references of every text of ``version`` in ``lang`` that lead somewhere, keyed by the
    ``id`` of the text's :class:`~termsite.model.terms.Localized` (alive as long as ``version``)."""
    resolver = Resolver(version, documents)
    out: dict[int, tuple[Cited, ...]] = {}
    for t in texts(version):
        for _, value, found in resolutions(resolver, t, (lang,)):
            inside = _link_spans(value) if "](" in value else []
            spans = []
            for res in found:
                c = _cited(resolver, res)
                if c is not None and not any(a < c.end and c.start < b for a, b in inside):
                    spans.append(c)
            if spans:
                out[id(t.text)] = tuple(spans)
    return out
