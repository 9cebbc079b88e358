"""Page builders: one function per kind of page, each announcing the outputs it makes.

A builder takes the :class:`SiteContext` and yields :class:`Planned` outputs (a path and a function
that makes the page or file). Adding a kind of page (comparisons, notices, feeds) is one more
function in :data:`BUILDERS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from termsite.model.dates import format_date
from termsite.model.terms import LANGS, Document, Lang, languages, shown_language
from termsite.model.timeline import Entry
from termsite.rules.links import provision_ids
from termsite.site.article_history import article_history_pages, article_links
from termsite.site.body import body_view
from termsite.site.changes import changes_pages
from termsite.site.citations import citations
from termsite.site.comparisons import comparisons_from, linked_pairs, pair_pages
from termsite.site.context import Planned, SiteContext
from termsite.site.env import template_folders
from termsite.site.feeds import feed_files
from termsite.site.identity import logo_path, publisher_name
from termsite.site.messages import document_title, t
from termsite.site.notice_pages import latest_notices, notice_pages, notice_paths, notice_title
from termsite.site.pages import Page, StaticFile
from termsite.site.point_in_time import on_date_pages
from termsite.site.urls import (
    absolute_url,
    api_path,
    article_history_path,
    changes_path,
    document_path,
    feed_path,
    history_path,
    hub_path,
    notice_path,
    notice_pdf_path,
    notices_index_path,
    site_path,
    version_path,
    version_pdf_path,
)
from termsite.source.canonical import content_hash, loc

Builder = Callable[[SiteContext], Iterable[Planned]]

#: How many notices the hub lists; /notices/ has them all.
HUB_NOTICES = 5


# -- the hub ------------------------------------------------------------------------------------------


def hub_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/`` and ``/en/``: every document, its version in force and its effective date."""
    for lang in LANGS:
        yield Planned(site_path(lang, hub_path()), partial(_hub, ctx, lang))


def _hub(ctx: SiteContext, lang: Lang) -> Page:
    docs = [(d, ctx.in_force(d), ctx.upcoming(d)) for d in ctx.documents]
    title = ctx.corpus.config.site_name.get(lang) or t("all_documents", lang)
    latest = [(n, notice_title(n)) for n in latest_notices(ctx, lang)[:HUB_NOTICES]]
    html = ctx.render("pages/hub.j2", lang, hub_path(), title=title, documents=docs, notices=latest,
                      notices_of={d.id: notice_paths(ctx, d) for d in ctx.documents}, notice_path=notice_path,
                      notices_index=notices_index_path(), feed=feed_path())
    days = [ctx.lastmod(d) for d in ctx.documents]
    description = t("describe_hub", lang, publisher=publisher_name(ctx.corpus.config, lang))
    return Page(lang, hub_path(), "hub", title, html, lastmod=max(days) if days else ctx.as_of,
                description=description)


# -- versions -----------------------------------------------------------------------------------------


def document_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/``: the version in force (or a notice that none is in force yet)."""
    for doc in ctx.documents:
        for lang in LANGS:
            yield Planned(site_path(lang, document_path(doc.id)), partial(_document, ctx, doc, lang), doc.id)


def version_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/<effective-date>/``: a permalink for every visible version."""
    for doc in ctx.documents:
        for entry in ctx.timeline(doc):
            for lang in LANGS:
                path = version_path(doc.id, entry.version.key)
                yield Planned(site_path(lang, path), partial(_version, ctx, doc, entry, lang), doc.id)


def _document(ctx: SiteContext, doc: Document, lang: Lang) -> Page:
    path = document_path(doc.id)
    current = ctx.in_force(doc)
    title = document_title(doc, lang)
    if current is None:
        html = ctx.render("pages/not_in_force.j2", lang, path, doc=doc, title=title,
                          upcoming=ctx.upcoming(doc), entries=ctx.timeline(doc), notice_paths=notice_paths(ctx, doc))
        return Page(lang, path, "document", title, html, lastmod=ctx.lastmod(doc),
                    description=t("describe_history", lang, title=title))
    return _version_page(ctx, doc, current, lang, path, "document", title, searchable=True)


def _version(ctx: SiteContext, doc: Document, entry: Entry, lang: Lang) -> Page:
    date = format_date(entry.version.effective, lang)
    if lang == "ja":
        title = f"{document_title(doc, lang)}（{date}施行）"
    else:
        title = f"{document_title(doc, lang)} (effective {date})"
    path = version_path(doc.id, entry.version.key)
    # Only the terms in force are searched (through /<doc>/): the index stays small and results
    # never point at an old text.
    return _version_page(ctx, doc, entry, lang, path, "version", title, searchable=False)


def _version_page(ctx: SiteContext, doc: Document, entry: Entry, lang: Lang, path: str, kind: str,
                  title: str, *, searchable: bool) -> Page:
    links = replace(ctx.link_targets(lang, path), here=True, ids=provision_ids(entry.version))
    shown = shown_language(doc, entry.version, lang)  # the original while the translation is pending
    body = replace(body_view(doc, entry.version, shown, links, citations(ctx, doc, entry.version, shown)),
                   history=article_links(ctx, doc, entry, lang, path) if ctx.exists(lang, article_history_path(doc.id))
                   else None)
    html = ctx.render(
        "pages/version.j2", lang, path,
        doc=doc, title=title, heading=document_title(doc, lang), entry=entry, body=body, kind=kind,
        entries=ctx.menu(doc, entry), total=len(ctx.timeline(doc)), current=ctx.in_force(doc),
        upcoming=ctx.upcoming(doc),
        successor=ctx.successor(doc, entry.version), notice_paths=notice_paths(ctx, doc),
        pairs_from=partial(comparisons_from, ctx, doc, lang),
    )
    description = t("describe_version", lang, title=document_title(doc, lang),
                    date=format_date(entry.version.effective, lang), state=t("state_" + entry.state, lang))
    return Page(lang, path, kind, title, html, body.toc, searchable=searchable and entry.state == "current",
                lastmod=ctx.lastmod(doc), description=description)


# -- history ------------------------------------------------------------------------------------------


def history_pages(ctx: SiteContext) -> Iterator[Planned]:
    """``/<doc>/history/``: every version with its dates, kind of change, summary, comparison and notice."""
    for doc in ctx.documents:
        for lang in LANGS:
            yield Planned(site_path(lang, history_path(doc.id)), partial(_history, ctx, doc, lang), doc.id)


def _history(ctx: SiteContext, doc: Document, lang: Lang) -> Page:
    path = history_path(doc.id)
    title = t("history_of", lang, title=document_title(doc, lang))
    html = ctx.render("pages/history.j2", lang, path, doc=doc, title=title, heading=document_title(doc, lang),
                      entries=list(reversed(ctx.timeline(doc))), notice_paths=notice_paths(ctx, doc),
                      pairs=linked_pairs(ctx, doc, lang), pairs_from=partial(comparisons_from, ctx, doc, lang))
    description = t("describe_history", lang, title=document_title(doc, lang))
    return Page(lang, path, "history", title, html, lastmod=ctx.lastmod(doc), description=description)


# -- machine-readable index ---------------------------------------------------------------------------


def api_files(ctx: SiteContext) -> Iterator[Planned]:
    """``/api/terms.json``: documents, versions, dates, states, URLs and content hashes."""
    yield Planned(api_path(), partial(_api, ctx))


def _urls(ctx: SiteContext, path: str) -> dict[str, str]:
    return {lang: absolute_url(ctx.site_url, site_path(lang, path)) for lang in LANGS}


def _urls_if(ctx: SiteContext, path: str) -> dict[str, str] | None:
    """The URLs of ``path`` if the site has that page, else None."""
    return _urls(ctx, path) if ctx.exists(LANGS[0], path) else None


def _pdfs_if(ctx: SiteContext, path_in: Callable[[Lang], str]) -> dict[str, dict[str, str]] | None:
    """URL and SHA-256 of the PDF at ``path_in(lang)`` (under each language root), by language, if the
    build made them, else None."""
    found: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        path = site_path(lang, path_in(lang))
        digest = ctx.pdf_hashes.get(path)
        if digest is not None:
            found[lang] = {"url": absolute_url(ctx.site_url, path), "sha256": digest}
    return found or None


def _api(ctx: SiteContext) -> StaticFile:
    documents = []
    for doc in ctx.documents:
        current = ctx.in_force(doc)
        versions = []
        for e in ctx.timeline(doc):
            v = e.version
            versions.append({
                "effective": v.key,
                "announced": v.announced.isoformat() if v.announced else None,
                "status": v.status,
                "state": e.state,
                "impact": v.impact,
                "summary": loc(v.summary),
                "translation_revisions": [{"date": r.date.isoformat(), "summary": loc(r.summary)}
                                          for r in v.translation_revisions],
                "languages": list(languages(doc, v)),
                "translation_pending": v.translation_pending,
                "sha256": content_hash(v),
                "urls": _urls(ctx, version_path(doc.id, v.key)),
                "changes_urls": _urls_if(ctx, changes_path(doc.id, v.key)),
                "notice_urls": _urls_if(ctx, notice_path(doc.id, v.key)),
                "pdfs": _pdfs_if(ctx, partial(version_pdf_path, doc.id, v.key)),
                "notice_pdfs": _pdfs_if(ctx, partial(notice_pdf_path, doc.id, v.key)),
            })
        documents.append({
            "id": doc.id,
            "title": loc(doc.title),
            "original": doc.original,
            "languages": [doc.original] if doc.single_language else list(LANGS),
            "numbering": doc.numbering,
            "in_force": current.version.key if current else None,
            "urls": _urls(ctx, document_path(doc.id)),
            "history_urls": _urls(ctx, history_path(doc.id)),
            "versions": versions,
        })
    data = {
        "as_of": ctx.as_of.isoformat(),
        "timezone": ctx.corpus.config.timezone,
        "site_url": ctx.site_url,
        "feeds": {lang: absolute_url(ctx.site_url, site_path(lang, feed_path())) for lang in LANGS},
        "notices_urls": _urls(ctx, notices_index_path()),
        "documents": documents,
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return StaticFile(api_path(), text.encode("utf-8"))


# -- the site's own stylesheets and scripts -----------------------------------------------------------


def asset_files(ctx: SiteContext) -> Iterator[Planned]:
    """Every file of ``assets/`` in the template folders as ``/assets/terms/<name>`` (stylesheets,
    scripts): the repository's file where it overrides the packaged one of the same name."""
    found: dict[str, Path] = {}
    for folder in reversed([f / "assets" for f in template_folders(ctx.templates)]):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    found["assets/terms/" + path.relative_to(folder).as_posix()] = path
    for rel, path in sorted(found.items()):
        yield Planned(rel, partial(lambda p, r: StaticFile(r, p.read_bytes()), path, rel))


def logo_files(ctx: SiteContext) -> Iterator[Planned]:
    """``/assets/terms/logo.<ext>``: the publisher's logo, when ``site.yml`` names one."""
    publisher = ctx.corpus.config.publisher
    path = logo_path(publisher)
    if path is not None and publisher.logo_data is not None:
        yield Planned(path, partial(StaticFile, path, publisher.logo_data))


BUILDERS: list[Builder] = [
    hub_pages,
    document_pages,
    version_pages,
    changes_pages,
    pair_pages,
    history_pages,
    article_history_pages,
    on_date_pages,
    notice_pages,
    feed_files,
    api_files,
    asset_files,
    logo_files,
]
"""Every kind of output of the site, in the order they are planned."""
