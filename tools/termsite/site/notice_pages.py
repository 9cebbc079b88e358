"""Notice pages: ``/notices/`` (every notice, newest first) and ``/notices/<doc>-<effective-date>/``.

A notice is the posting that 約款第2条 and 民法第548条の4 require: the fact of the change, the
summary and the reason, the effective and posting dates, links to the new text and the comparison,
and the deemed-consent statement tied to the document's change clause. The texts come from
:mod:`termsite.notices.notice` (the same ones the feeds and the email announcements use); this module
lays them out as pages.

Notice pages are searchable: they are current information a reader looks for ("what changes, and
when"), they are short (a summary and a reason, never the text of the terms, so search never leads to
superseded wording), and the index grows by one short page per change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import cast

from termsite.model.terms import LANGS, Document, Lang, Version
from termsite.notices import notice as notice_core  # a module import: notices imports this package (a cycle
from termsite.site.context import Planned, SiteContext
from termsite.site.identity import publisher_name
from termsite.site.messages import t
from termsite.site.pages import Page
from termsite.site.urls import feed_path, notice_links, notice_path, notices_index_path, site_path


def notice_paths(ctx: SiteContext, doc: Document) -> dict[str, str]:
    """Version key -> the path of its notice, for every notice of ``doc`` this build shows (a draft's
    preview among them, in a build with drafts)."""
    posted = {v.key: notice_path(doc.id, v.key) for _, v in notice_core.changes_in(doc, ctx.as_of)}
    return posted | {v.key: notice_path(doc.id, v.key) for _, v in _drafts(ctx, doc)}


def latest_notices(ctx: SiteContext, lang: Lang) -> list[notice_core.Notice]:
    """Every notice posted as of the build day in ``lang``, newest announcement first (made once per
    build): what the hub and the feeds list."""
    key = f"notices-{lang}"
    if key not in ctx.memo:
        ctx.memo[key] = notice_core.all_notices(ctx.corpus, ctx.as_of, lang, notice_links)
    return cast(list[notice_core.Notice], ctx.memo[key])


def _drafts(ctx: SiteContext, doc: Document) -> list[tuple[Version, Version]]:
    """(previous, draft) for every draft this build shows (only a build with drafts shows any)."""
    return [(e.previous, e.version) for e in ctx.timeline(doc) if e.state == "draft" and e.previous is not None]


def shown_notices(ctx: SiteContext, lang: Lang) -> list[notice_core.Notice]:
    """:func:`latest_notices` and, in a build with drafts, the previews of the drafts' notices first:
    what the notices index and the notice pages show."""
    previews = [notice_core.build_notice(doc, prev, v, lang, ctx.corpus.config, notice_links, preview=True)
                for doc in ctx.corpus.documents for prev, v in _drafts(ctx, doc)]
    return previews + latest_notices(ctx, lang)


def notice_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/notices/`` and one page per notice, in both languages."""
    for lang in LANGS:
        yield Planned(site_path(lang, notices_index_path()), partial(_index, ctx, lang))
        for notice in shown_notices(ctx, lang):
            path = notice_path(notice.document.id, notice.version.key)
            yield Planned(site_path(lang, path), partial(_notice, ctx, notice), notice.document.id)


def _index(ctx: SiteContext, lang: Lang) -> Page:
    path = notices_index_path()
    title = t("notices_title", lang)
    found = [(n, _state(ctx, n), notice_title(n)) for n in shown_notices(ctx, lang)]
    html = ctx.render("pages/notices.j2", lang, path, title=title, notices=found, notice_path=notice_path,
                      feed=feed_path())
    description = t("describe_notices", lang, publisher=publisher_name(ctx.corpus.config, lang))
    return Page(lang, path, "notices", title, html, lastmod=_site_lastmod(ctx), description=description)


def _site_lastmod(ctx: SiteContext) -> dt.date:
    # as on the hub: the last day something happened to any document (states shown here change then)
    days = [ctx.lastmod(d) for d in ctx.documents]
    return max(days) if days else ctx.as_of


def _state(ctx: SiteContext, notice: notice_core.Notice) -> str:
    """The state of the notice's version (upcoming, current, superseded; draft for a preview): a notice's
    version is always visible, being published and announced, or a draft in a build that shows drafts."""
    return next(e.state for e in ctx.timeline(notice.document) if e.version.key == notice.version.key)


def notice_title(notice: notice_core.Notice) -> str:
    """クラウドリセールサービス約款改定のお知らせ（2027年1月1日施行） / Changes to the … (effective …)."""
    return t("notice_title", notice.lang, title=notice.title, date=notice.effective)


def _notice(ctx: SiteContext, notice: notice_core.Notice) -> Page:
    lang = notice.lang
    doc = notice.document
    path = notice_path(doc.id, notice.version.key)
    title = notice_title(notice)
    html = ctx.render("pages/notice.j2", lang, path, doc=doc, title=title, n=notice, state=_state(ctx, notice),
                      index=notices_index_path())
    return Page(lang, path, "notice", title, html, lastmod=ctx.lastmod(doc), description=notice.summary or notice.fact)
