"""The version in force on a date: ``/<doc>/on/?date=YYYY-MM-DD``.

The page lists every published version with its period of force (the no-script answer); its script
(``assets/history.js``) reads ``date`` from the address and opens the version in force on that day,
from ``/<doc>/on/versions.json``: the effective date of every published version this build shows.
The rule is the one of ``--as-of`` (:mod:`termsite.model.timeline`): a version applies from 00:00
Asia/Tokyo on its effective date, so on a calendar day D (in Tokyo) the version in force is the
latest whose effective date is on or before D. Drafts are never in force; an upcoming version is
listed (once announced: the timeline shows nothing else) with the day it takes effect.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from termsite.model.terms import LANGS, Document, Lang
from termsite.model.timeline import Entry
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import document_title, t
from termsite.site.pages import Page, StaticFile
from termsite.site.urls import on_date_data_path, on_date_path, site_path


@dataclass(frozen=True)
class Period:
    """A published version and the days it applies: from its effective date to ``until`` (the day
    before the next version takes effect), or with no end (None)."""

    entry: Entry
    until: dt.date | None


def periods(ctx: SiteContext, doc: Document) -> list[Period]:
    """Every published version of ``doc`` this build shows, oldest first, with its period of force."""
    published = [e for e in ctx.timeline(doc) if e.state != "draft"]
    out = []
    for k, e in enumerate(published):
        after = published[k + 1].version.effective if k + 1 < len(published) else None
        out.append(Period(e, after - dt.timedelta(days=1) if after is not None else None))
    return out


def on_date_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/on/`` in each language, and the dates its script reads (``/<doc>/on/versions.json``)."""
    for doc in ctx.documents:
        for lang in LANGS:
            yield Planned(site_path(lang, on_date_path(doc.id)), partial(_page, ctx, doc, lang), doc.id)
        yield Planned(on_date_data_path(doc.id), partial(_data, ctx, doc), doc.id)


def _page(ctx: SiteContext, doc: Document, lang: Lang) -> Page:
    path = on_date_path(doc.id)
    title = t("on_date_title", lang, title=document_title(doc, lang))
    html = ctx.render("pages/on_date.j2", lang, path, doc=doc, title=title, heading=document_title(doc, lang),
                      periods=periods(ctx, doc))
    return Page(lang, path, "history", title, html, searchable=False, lastmod=ctx.lastmod(doc))


def _data(ctx: SiteContext, doc: Document) -> StaticFile:
    versions = [{"effective": p.entry.version.key, "until": p.until.isoformat() if p.until else None,
                 "state": p.entry.state} for p in periods(ctx, doc)]
    data = {"document": doc.id, "timezone": ctx.corpus.config.timezone, "versions": versions}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return StaticFile(on_date_data_path(doc.id), text.encode("utf-8"))
