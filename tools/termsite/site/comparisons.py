"""What changed since a version: each version compared with the version in force and the upcoming one.

A customer who agreed to an old version wants its difference to today's terms, not a chain of
consecutive comparisons. Besides the comparison of each version with the one before
(:mod:`termsite.site.changes`, ``/<doc>/<new>/changes/``), the site pre-builds the comparison of every
earlier published version with the version in force and with each upcoming version, at
``/<doc>/<old>/changes/<new>/`` (:func:`~termsite.site.urls.pair_changes_path`). These are the pairs a
reader can pick on the history page (a form over the list of pairs: the same comparison engine, no
diff in the browser). Drafts are compared only with the version before them; an upcoming version is
a target only once announced (the timeline shows nothing else).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from termsite.compare.html import Column, render_comparison_html
from termsite.compare.links import Href, MarkFinder
from termsite.compare.words import count_summary
from termsite.model.dates import format_date
from termsite.model.terms import LANGS, Document, Lang
from termsite.model.timeline import Entry
from termsite.site.changes import SLOT, comparison, comparison_base, fill, toc
from termsite.site.citations import column_marks
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import document_title, t
from termsite.site.notice_pages import notice_paths
from termsite.site.pages import Page
from termsite.site.pending import comparison_language, in_language
from termsite.site.urls import changes_path, pair_changes_path, site_path


@dataclass(frozen=True)
class Pair:
    """Two versions of a document with a pre-built comparison page at ``path`` (under a language root)."""

    old: Entry
    new: Entry
    path: str
    consecutive: bool
    """True for the comparison of a version with the one before it (``/<doc>/<new>/changes/``)."""


def comparison_pairs(ctx: SiteContext, doc: Document) -> tuple[Pair, ...]:
    """Every pair of versions of ``doc`` this build has a comparison page for, by the later version's
    date and then the earlier one's: the consecutive ones, then each earlier published version against
    the version in force and each upcoming version."""
    key = f"pairs {doc.id}"
    found = ctx.memo.get(key)
    if isinstance(found, tuple):
        return found
    line = ctx.timeline(doc)
    by_key = {e.version.key: e for e in line}
    pairs: dict[tuple[str, str], Pair] = {}
    for e in line:
        base = comparison_base(ctx, doc, e)
        if base is not None:
            pairs[(base.key, e.version.key)] = Pair(by_key[base.key], e, changes_path(doc.id, e.version.key), True)
    for target in line:
        if target.state not in ("current", "upcoming"):
            continue
        for e in line:
            k = (e.version.key, target.version.key)
            if e.state != "draft" and e.version.effective < target.version.effective and k not in pairs:
                pairs[k] = Pair(e, target, pair_changes_path(doc.id, *k), False)
    out = tuple(sorted(pairs.values(), key=lambda p: (p.new.version.effective, p.old.version.effective)))
    ctx.memo[key] = out
    return out


def linked_pairs(ctx: SiteContext, doc: Document, lang: Lang) -> list[Pair]:
    """The pairs of :func:`comparison_pairs` whose page this build has in ``lang`` (a link is written
    only to a page that exists, whichever builder makes it)."""
    return [p for p in comparison_pairs(ctx, doc) if ctx.exists(lang, p.path)]


def comparisons_from(ctx: SiteContext, doc: Document, lang: Lang, key: str) -> list[Pair]:
    """The comparisons of the version ``key`` with the version in force and the upcoming versions
    (consecutive or not) that this build has in ``lang``, in the order of the later version: what the
    version's page and its history row link to."""
    return [p for p in linked_pairs(ctx, doc, lang)
            if p.old.version.key == key and p.new.state in ("current", "upcoming")]


def pair_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/<old>/changes/<new>/`` for every pair that is not consecutive."""
    for doc in ctx.documents:
        for pair in comparison_pairs(ctx, doc):
            if pair.consecutive:
                continue
            for lang in LANGS:
                yield Planned(site_path(lang, pair.path), partial(_pair_page, ctx, doc, pair, lang), doc.id)


def _pair_page(ctx: SiteContext, doc: Document, pair: Pair, lang: Lang) -> Page:
    old, new = pair.old.version, pair.new.version
    result = comparison(ctx, doc, old, new, lang)
    name = document_title(doc, lang)
    title = t("pair_page_title", lang, title=name, old=format_date(old.effective, lang),
              new=format_date(new.effective, lang))
    targets = ctx.link_targets(lang, pair.path)
    links: dict[Column, Href] = {"new": targets.of_version(doc.id, new.key).href,
                                 "old": targets.of_version(doc.id, old.key).href}
    shown = comparison_language(doc, old, new, lang)  # the originals while a translation is pending
    marks: dict[Column, MarkFinder] = {"new": column_marks(ctx, doc, new, lang, pair.path, shown),
                                       "old": column_marks(ctx, doc, old, lang, pair.path, shown)}
    fragment = in_language(render_comparison_html(doc, result, shown, ctx.corpus.config.comparison_order,
                                                  heading_level=3, env=ctx.env, memo=ctx.comparison_memo,
                                                  links=links, marks=marks), shown, lang)
    # the published versions whose changes the comparison adds up, each with its own comparison
    between = [e for e in ctx.timeline(doc)
               if e.state != "draft" and old.effective < e.version.effective <= new.effective]
    entries = toc(result, shown)
    page = ctx.render(
        "pages/compare_pair.j2", lang, pair.path, toc_entries=entries, comparison_lang=shown,
        doc=doc, title=title, heading=name, old=pair.old, new=pair.new, between=between,
        counts=count_summary(result.counts(shown), lang), has_changes=result.has_changes,
        fragment=Markup(SLOT), notice_paths=notice_paths(ctx, doc),
    )
    description = t("describe_changes", lang, title=name, new=format_date(new.effective, lang),
                    old=format_date(old.effective, lang))
    return Page(lang, pair.path, "changes", title, fill(page, fragment), entries, searchable=False,
                lastmod=ctx.lastmod(doc), description=description)
