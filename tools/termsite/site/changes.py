"""Comparison pages ``/<doc>/<effective-date>/changes/``: the 新旧対照表 of a version against the one before.

A published version is compared with the previous published version this build shows (the same pair
its notice describes, whether or not the build shows drafts); a draft, in a preview build, with the
version just before it. The page holds the summary, the reason, the impact and the dates at the top,
links to both versions and to the notice, the counts of changes, then the comparison fragment of
:mod:`termsite.compare.html`. Comparison pages stay out of the search index: the text they show is
the version's own text, which is searched through the version in force.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from markupsafe import Markup

from termsite.compare.compare import compare
from termsite.compare.html import Column, render_comparison_html
from termsite.compare.links import Href, MarkFinder
from termsite.compare.memo import Memo
from termsite.compare.model import Comparison
from termsite.compare.words import count_summary
from termsite.model.dates import format_date
from termsite.model.terms import LANGS, Document, Lang, Version
from termsite.model.timeline import Entry
from termsite.site.citations import column_marks
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import document_title, t
from termsite.site.notice_pages import notice_paths
from termsite.site.pages import Page, TocEntry
from termsite.site.pending import comparison_language, in_language
from termsite.site.urls import changes_path, site_path

# Where the comparison fragment goes in the rendered page.
SLOT = "\x00comparison\x00"
# A comparison and the languages whose page has not used it yet.
_Cache = dict[tuple[str, str, str], tuple[Comparison, set[Lang]]]


def shared_cache(ctx: SiteContext) -> _Cache:
    """The comparisons of this build made and not yet used by both languages' pages: shared by the
    comparison pages and the history of each article (:mod:`termsite.site.article_history`), which
    makes a document's consecutive comparisons first, so that each is made once."""
    cache = ctx.memo.get("comparisons")
    if not isinstance(cache, dict):
        cache = ctx.memo["comparisons"] = {}
    return cache


def comparison(ctx: SiteContext, doc: Document, old: Version, new: Version, lang: Lang | None) -> Comparison:
    """The comparison of ``old`` and ``new`` for the page in ``lang`` (``None``: for no page; it is then
    kept for both languages' pages), made once and dropped when both languages' pages have used it."""
    cache = shared_cache(ctx)
    if lang is None:
        key = (doc.id, old.key, new.key)
        if key not in cache:
            cache[key] = (compare(doc, old, new, memo=ctx.comparison_memo), set(LANGS))
        return cache[key][0]
    return _comparison(cache, doc, old, new, lang, ctx.comparison_memo)


def comparison_base(ctx: SiteContext, doc: Document, entry: Entry) -> Version | None:
    """The version ``entry`` is compared with, or None for the first version.

    A draft is compared with the version before it in this build; a published version with the
    previous published one, so that a preview build shows the same comparison as the public site.
    """
    if entry.state == "draft":
        return entry.previous
    earlier = [e.version for e in ctx.timeline(doc)
               if e.state != "draft" and e.version.effective < entry.version.effective]
    return earlier[-1] if earlier else None


def changes_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/<effective-date>/changes/`` for every visible version that has one before it."""
    for doc in ctx.documents:
        for entry in ctx.timeline(doc):
            base = comparison_base(ctx, doc, entry)
            if base is None:
                continue
            for lang in LANGS:
                path = changes_path(doc.id, entry.version.key)
                yield Planned(site_path(lang, path), partial(_changes, ctx, doc, entry, base, lang), doc.id)


def _comparison(cache: _Cache, doc: Document, old: Version, new: Version, lang: Lang,
                memo: Memo | None) -> Comparison:
    """The comparison of ``old`` and ``new``: one serves both languages, then is dropped.

    Kept, every comparison of a large site would stay in memory and each run of the garbage
    collector would walk all of them again (a third of the time of the comparison pages)."""
    key = (doc.id, old.key, new.key)
    if key not in cache:
        cache[key] = (compare(doc, old, new, memo=memo), set(LANGS))
    result, waiting = cache[key]
    waiting.discard(lang)
    if not waiting:
        del cache[key]
    return result


def toc(result: Comparison, lang: Lang) -> tuple[TocEntry, ...]:
    """The changed units, in reading order: the page's table of contents."""
    return tuple(TocEntry(u.ref.anchor, u.ref.name(lang)) for u in result.changed_units(lang))


def fill(page: str, fragment: str) -> str:
    """``page`` (rendered with ``fragment=Markup(SLOT)``) with the comparison ``fragment`` in its slot.

    The fragment (hundreds of kilobytes) goes in last: through Jinja it would be copied three times."""
    head, slot, tail = page.rpartition(SLOT)
    assert slot, "a comparison page's template must show {{ fragment }}"
    return head + fragment + tail


def _changes(ctx: SiteContext, doc: Document, entry: Entry, base: Version, lang: Lang) -> Page:
    path = changes_path(doc.id, entry.version.key)
    memo = ctx.comparison_memo
    result = comparison(ctx, doc, base, entry.version, lang)
    name = document_title(doc, lang)
    title = t("changes_page_title", lang, title=name, date=format_date(entry.version.effective, lang))
    # a link of each column leads from this page to that column's version (#id) or document
    targets = ctx.link_targets(lang, path)
    links: dict[Column, Href] = {"new": targets.of_version(doc.id, entry.version.key).href,
                                 "old": targets.of_version(doc.id, base.key).href}
    # while either version's translation is pending, the comparison is of the originals, marked as such
    shown = comparison_language(doc, base, entry.version, lang)
    marks: dict[Column, MarkFinder] = {"new": column_marks(ctx, doc, entry.version, lang, path, shown),
                                       "old": column_marks(ctx, doc, base, lang, path, shown)}
    fragment = in_language(render_comparison_html(doc, result, shown, ctx.corpus.config.comparison_order,
                                                  heading_level=3, env=ctx.env, memo=memo, links=links, marks=marks),
                           shown, lang)
    entries = toc(result, shown)
    page = ctx.render(
        "pages/changes.j2", lang, path, toc_entries=entries,
        doc=doc, title=title, heading=name, entry=entry, base=base,
        counts=count_summary(result.counts(shown), lang), has_changes=result.has_changes,
        fragment=Markup(SLOT), notice_paths=notice_paths(ctx, doc), comparison_lang=shown,
    )
    description = t("describe_changes", lang, title=name, new=format_date(entry.version.effective, lang),
                    old=format_date(base.effective, lang))
    return Page(lang, path, "changes", title, fill(page, fragment), entries, searchable=False, lastmod=ctx.lastmod(doc),
                description=description)
