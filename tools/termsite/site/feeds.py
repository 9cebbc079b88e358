"""Atom feeds of the notices (RFC 4287): ``/feed.xml`` in Japanese and ``/en/feed.xml`` in English.

One entry per notice, newest first. Everything in a feed comes from the sources and the build day,
never from the clock, so the same sources and ``--as-of`` give the same bytes:

* an entry's ``id`` is the notice's absolute URL (a notice's address never changes);
* an entry's ``updated`` (and ``published``) is its posting day at 00:00 in the site's time zone;
* the feed's ``updated`` is its newest entry's; a feed without entries takes the day the newest
  visible version was announced, the last day the site's public history changed.

The feeds are files written by the renderer (like ``api/terms.json``), not pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

from termsite.model.terms import LANGS, Lang
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import t
from termsite.site.notice_pages import latest_notices, notice_title
from termsite.site.pages import StaticFile
from termsite.site.urls import absolute_url, feed_path, notices_index_path, site_path

TEMPLATE = "feeds/atom.xml.j2"
# characters XML 1.0 forbids even as references; the loader lets YAML escapes such as "\a" through
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedHead:
    """The feed's own elements."""

    id: str
    title: str
    subtitle: str
    updated: str
    self_url: str
    html_url: str
    author: str


def timestamp(day: dt.date, timezone: str) -> str:
    """``day`` at 00:00 in ``timezone`` as an RFC 3339 date-time: ``2026-12-01T00:00:00+09:00``."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(timezone)).isoformat()


def feed_files(ctx: SiteContext) -> Iterator[Planned]:
    """``/feed.xml`` (Japanese) and ``/en/feed.xml`` (English)."""
    for lang in LANGS:
        path = site_path(lang, feed_path())
        yield Planned(path, partial(_feed, ctx, lang, path))


def _fallback_day(ctx: SiteContext) -> dt.date:
    days = [e.version.announced for d in ctx.documents for e in ctx.timeline(d)
            if e.state != "draft" and e.version.announced is not None]
    return max(days) if days else ctx.as_of


def _feed(ctx: SiteContext, lang: Lang, path: str) -> StaticFile:
    config = ctx.corpus.config
    notices = latest_notices(ctx, lang)
    newest = notices[0].version.announced if notices else None
    site_name = config.site_name.get(lang) or t("all_documents", lang)
    head = FeedHead(
        id=absolute_url(ctx.site_url, path),
        title=t("feed_title", lang, site=site_name),
        subtitle=t("notices_lead", lang),
        updated=timestamp(newest or _fallback_day(ctx), config.timezone),
        self_url=absolute_url(ctx.site_url, path),
        html_url=absolute_url(ctx.site_url, site_path(lang, notices_index_path())),
        author=site_name,
    )
    entries = [
        {"n": n, "title": notice_title(n),
         "updated": timestamp(n.version.announced or n.version.effective, config.timezone)}
        for n in notices
    ]
    text = ctx.env.get_template(TEMPLATE).render(lang=lang, feed=head, entries=entries)
    return StaticFile(path, _NOT_XML.sub("", text).encode("utf-8"))
