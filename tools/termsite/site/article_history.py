"""The history of each article: the versions that added, changed, renumbered, moved or deleted it.

Built from the comparisons the site already makes (each visible version against the one it is
compared with, :func:`~termsite.site.changes.comparison_base`), by stable id: a comparison names
each article by the id each side gives it (``UnitRef.old_id`` / ``new_id``), so an article renamed
or paired by its content (:mod:`termsite.compare.pairing`) keeps its history under its new id. The
comparisons are made once for the build and left in the shared cache for the comparison pages
(:func:`~termsite.site.changes.comparison`).

``/<doc>/history/articles/`` lists every article (of any visible version) with those versions, each
linked to the article in that version's comparison; every article of a version page links to its row
(``#<anchor>``, :attr:`ArticleHistory.rows`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from termsite.compare.blocks import Texts, units
from termsite.compare.findings import UnitRef
from termsite.model.terms import LANGS, Document, Lang
from termsite.model.timeline import Entry
from termsite.site.changes import comparison, comparison_base
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import document_title, t
from termsite.site.pages import Page
from termsite.site.urls import (
    article_history_path,
    changes_path,
    lang_prefix,
    relative_url,
    site_path,
    version_path,
)

#: What a version did to an article, in the order a reader reads them.
KINDS = ("first", "added", "modified", "renumbered", "moved", "deleted")


@dataclass(frozen=True)
class Event:
    """A version that did something to an article: ``kinds`` (of :data:`KINDS`) and where to read it
    (a path under the language root with its fragment: the comparison, or the version for the first)."""

    entry: Entry
    kinds: tuple[str, ...]
    href: str


@dataclass
class Lineage:
    """One article through the versions: its events, oldest first, and its names in the latest
    version that has it (``alive``: the latest version of the chain still has it)."""

    events: list[Event] = field(default_factory=list)
    names: Texts = field(default_factory=lambda: Texts("", ""))
    ids: list[tuple[str, str]] = field(default_factory=list)
    """Every (version key, article id) that is this article."""
    alive: bool = True
    anchor: str = ""


@dataclass(frozen=True)
class ArticleHistory:
    """Every article of a document with its events, in reading order, and the row of each article of
    each version."""

    lineages: tuple[Lineage, ...]
    rows: dict[tuple[str, str], str]
    """The row anchor of (version key, article id)."""


def _name(ref: UnitRef, lang: Lang, side: str) -> str:
    return ref.name(lang, side)


def article_history(ctx: SiteContext, doc: Document) -> ArticleHistory:
    """The history of every article of ``doc`` in this build (made once per build)."""
    key = f"article history {doc.id}"
    found = ctx.memo.get(key)
    if isinstance(found, ArticleHistory):
        return found
    by_version: dict[str, dict[str, Lineage]] = {}
    lineages: list[Lineage] = []
    for entry in ctx.timeline(doc):
        v = entry.version
        base = comparison_base(ctx, doc, entry)
        here: dict[str, Lineage] = {}
        if base is None:
            for unit in units(doc, v):
                if unit.kind == "article":
                    lin = Lineage(names=unit.heading if (unit.heading.ja or unit.heading.en) else unit.title)
                    if not (lin.names.ja or lin.names.en):
                        lin.names = Texts(unit.id, unit.id)
                    lin.events.append(Event(entry, ("first",), f"{version_path(doc.id, v.key)}#{unit.id}"))
                    lineages.append(lin)
                    here[unit.id] = lin
            by_version[v.key] = here
            continue
        before = by_version.get(base.key, {})
        result = comparison(ctx, doc, base, v, None)
        where = changes_path(doc.id, v.key)
        for u in result.units:
            if u.kind != "article":
                continue
            ref = u.ref
            lin_or_none = before.get(ref.old_id) if ref.old_id is not None else None
            if u.status == "added" or lin_or_none is None:
                # (an old article the version it is compared with does not list: only a broken chain)
                lin = Lineage(names=Texts(_name(ref, "ja", "old"), _name(ref, "en", "old")))
                lineages.append(lin)
                kinds: tuple[str, ...] = ("added",) if u.status == "added" else ("deleted",)
            else:
                lin = lin_or_none
                kinds = tuple(k for k, on in (("modified", u.status == "modified"), ("renumbered", u.renumbered),
                                              ("moved", u.moved), ("deleted", u.status == "deleted")) if on)
            if kinds:
                lin.events.append(Event(entry, kinds, f"{where}#{ref.anchor}"))
            if ref.new_id is not None:
                here[ref.new_id] = lin
                lin.names = Texts(_name(ref, "ja", "new"), _name(ref, "en", "new"))
        by_version[v.key] = here
    for key_, articles in by_version.items():
        for aid, lin in articles.items():
            lin.ids.append((key_, aid))
    line = ctx.timeline(doc)
    last = line[-1].version.key if line else ""
    # reading order: the articles of the latest version, then those no longer in it, latest first
    order = {id(lin): k for k, lin in enumerate(by_version.get(last, {}).values())}
    gone = [lin for lin in lineages if id(lin) not in order]
    for lin in gone:
        lin.alive = False
    ordered = sorted((lin for lin in lineages if id(lin) in order), key=lambda lin: order[id(lin)])
    ordered += sorted(gone, key=lambda lin: lin.events[-1].entry.version.effective, reverse=True)
    used: set[str] = set()
    rows: dict[tuple[str, str], str] = {}
    for lin in ordered:
        latest = lin.ids[-1][1] if lin.ids else "article"
        anchor = f"a-{latest}"
        if anchor in used:
            anchor = f"a-{latest}-{lin.events[0].entry.version.key}"
        used.add(anchor)
        lin.anchor = anchor
        for vid in lin.ids:
            rows[vid] = anchor
    out = ArticleHistory(tuple(ordered), rows)
    ctx.memo[key] = out
    return out


def article_links(ctx: SiteContext, doc: Document, entry: Entry, lang: Lang, page_path: str) -> dict[str, str]:
    """The link from the page at ``page_path`` to each article's row of the history of each article,
    by the article's id in ``entry``'s version (relative links)."""
    history = article_history(ctx, doc)
    here = lang_prefix(lang) + page_path
    target = relative_url(here, lang_prefix(lang) + article_history_path(doc.id))
    key = entry.version.key
    return {aid: f"{target}#{anchor}" for (k, aid), anchor in history.rows.items() if k == key}


def article_history_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/history/articles/``: every article of every visible version with its history."""
    for doc in ctx.documents:
        for lang in LANGS:
            yield Planned(site_path(lang, article_history_path(doc.id)), partial(_page, ctx, doc, lang), doc.id)


def _page(ctx: SiteContext, doc: Document, lang: Lang) -> Page:
    path = article_history_path(doc.id)
    title = t("articles_history_title", lang, title=document_title(doc, lang))
    html = ctx.render("pages/article_history.j2", lang, path, doc=doc, title=title,
                      heading=document_title(doc, lang), lineages=article_history(ctx, doc).lineages)
    return Page(lang, path, "history", title, html, lastmod=ctx.lastmod(doc))
