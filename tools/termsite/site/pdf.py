"""PDFs of the site: every published version and every notice of change, in each language.

Each PDF is made from a print page, a whole HTML document rendered by the templates under
``print/`` (A4, the title, the effective date, the governing-language note, the permanent URL of the
version or notice and the version's SHA-256 printed on it), by :mod:`.pdf_render` (WeasyPrint,
PDF/A-3b, fonts embedded). A PDF is made from its print page alone, so it is kept by the hash of
that page and of the renderer (:func:`pdf_key`) in a ``store`` the caller hands in
(:class:`termsite.speed.pdf_cache.PdfCache`): a rebuild makes only the PDFs whose page changed.
Print pages say nothing about the state of a version (in force, superseded) nor the build day, so
a version's PDFs stay the same bytes for as long as its text does.

Drafts get no PDF: a PDF is what a reader keeps, and a draft is not the terms.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Protocol

from termsite.model.dates import format_date
from termsite.model.terms import LANGS, Document, Lang, Version, shown_language
from termsite.rules.links import provision_ids
from termsite.site.body import body_view
from termsite.site.context import SiteContext
from termsite.site.messages import document_title
from termsite.site.notice_pages import latest_notices, notice_title
from termsite.site.pages import StaticFile
from termsite.site.pdf_render import render_pdf, renderer_id
from termsite.site.urls import (
    absolute_url,
    changes_path,
    notice_path,
    notice_pdf_path,
    site_path,
    version_path,
    version_pdf_path,
)
from termsite.source.canonical import content_hash

if TYPE_CHECKING:  # notices imports the site package: the type only
    from termsite.notices.notice import Notice

#: What making one PDF weighs against making one page, for a map that weighs its jobs (a PDF of a
#: long version takes about as long as thirty of its pages).
PDF_WEIGHT = 32
#: The UTC offset of the dates a PDF records: the terms' days are days in Tokyo.
_TOKYO = "+09:00"


class PdfStore(Protocol):
    """PDFs made before, by key (:class:`termsite.speed.pdf_cache.PdfCache`)."""

    def get(self, key: str) -> bytes | None:
        """The PDF stored under ``key``, or None."""

    def put(self, key: str, pdf: bytes) -> None:
        """Store a PDF (perhaps from a worker process)."""

    def adopt(self, key: str) -> None:
        """Count ``key`` as used by this build: a worker stored it."""

    def prune(self) -> None:
        """Remove the PDFs this build did not use."""


class PdfMap(Protocol):
    """``fn(item)`` for every item, in order (the ``map`` of :func:`termsite.site.site.render_site`)."""

    def __call__(self, fn: Callable[[PdfJob], bytes], items: Sequence[PdfJob], /) -> Iterable[bytes]:
        """The results, in order."""


@dataclass(frozen=True)
class PrintPage:
    """A print page: a whole HTML document, and the absolute URL its relative links start from."""

    html: str
    base_url: str


@dataclass(frozen=True)
class PlannedPdf:
    """A PDF a build will make: its path from the site root and how to render its print page."""

    path: str
    page: Callable[[], PrintPage]


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: its path, its key in the store, its print page."""

    path: str
    key: str
    page: PrintPage

    def __len__(self) -> int:  # the work of the job, for a map that weighs it
        return PDF_WEIGHT


def pdf_key(page: PrintPage) -> str:
    """The store key of the PDF of ``page``: SHA-256 of the renderer, the base URL and the HTML."""
    h = hashlib.sha256(renderer_id().encode())
    h.update(b"\0" + page.base_url.encode() + b"\0" + page.html.encode("utf-8"))
    return h.hexdigest()


def _w3c(day: dt.date) -> str:
    """A day as the PDF's creation and modification date: 00:00 in Tokyo (never the clock)."""
    return f"{day.isoformat()}T00:00:00{_TOKYO}"


def plan_pdfs(ctx: SiteContext) -> Iterator[PlannedPdf]:
    """Every PDF of the build: each published version this build shows and each notice, per language."""
    for doc in ctx.documents:
        for entry in ctx.timeline(doc):
            if entry.version.status != "published":
                continue
            for lang in LANGS:
                path = site_path(lang, version_pdf_path(doc.id, entry.version.key, lang))
                yield PlannedPdf(path, partial(_version_page, ctx, doc, entry.version, lang))
    for lang in LANGS:
        for notice in latest_notices(ctx, lang):
            if notice.version.status != "published":
                continue
            path = site_path(lang, notice_pdf_path(notice.document.id, notice.version.key, lang))
            yield PlannedPdf(path, partial(_notice_page, ctx, notice))


def _site_name(ctx: SiteContext, lang: Lang) -> str:
    return ctx.corpus.config.site_name.get(lang) or ""


def _version_page(ctx: SiteContext, doc: Document, version: Version, lang: Lang) -> PrintPage:
    path = version_path(doc.id, version.key)
    links = replace(ctx.link_targets(lang, path), here=True, ids=provision_ids(version))
    body = body_view(doc, version, shown_language(doc, version, lang), links)  # the original while pending
    date = format_date(version.effective, lang)
    heading = document_title(doc, lang)
    title = f"{heading}（{date}施行）" if lang == "ja" else f"{heading} (effective {date})"
    url = absolute_url(ctx.site_url, site_path(lang, path))
    html = ctx.render("print/version.html.j2", lang, path, doc=doc, version=version, title=title,
                      heading=heading, body=body, url=url, sha256=content_hash(version),
                      created=_w3c(version.announced or version.effective), site_name=_site_name(ctx, lang))
    return PrintPage(html, url)


def _notice_page(ctx: SiteContext, notice: Notice) -> PrintPage:
    lang, doc, version = notice.lang, notice.document, notice.version
    path = notice_path(doc.id, version.key)
    url = absolute_url(ctx.site_url, site_path(lang, path))
    version_url = absolute_url(ctx.site_url, site_path(lang, version_path(doc.id, version.key)))
    changes = changes_path(doc.id, version.key)
    changes_url = absolute_url(ctx.site_url, site_path(lang, changes)) if ctx.exists(lang, changes) else None
    previous_url = absolute_url(ctx.site_url, site_path(lang, version_path(doc.id, notice.previous.key)))
    html = ctx.render("print/notice.html.j2", lang, path, doc=doc, n=notice, title=notice_title(notice),
                      url=url, version_url=version_url, changes_url=changes_url, previous_url=previous_url,
                      sha256=content_hash(version), created=_w3c(version.announced or version.effective),
                      site_name=_site_name(ctx, lang))
    return PrintPage(html, url)


def _make(store: PdfStore | None, job: PdfJob) -> bytes:
    pdf = render_pdf(job.page.html, job.page.base_url)
    if store is not None:
        store.put(job.key, pdf)  # where it was made: no copy sent back to store
    return pdf


def make_pdfs(planned: Sequence[PlannedPdf], *, store: PdfStore | None = None,
              map: PdfMap | None = None) -> list[StaticFile]:
    """The PDFs of ``planned``, in order: read from ``store`` when their print page and renderer are
    unchanged, else made (by ``map``, perhaps on several processes) and stored; the store's entries
    this build did not use are removed."""
    jobs = []
    for p in planned:
        page = p.page()
        jobs.append(PdfJob(p.path, pdf_key(page), page))
    found: dict[str, bytes] = {}
    todo: list[PdfJob] = []
    for job in jobs:
        hit = store.get(job.key) if store is not None else None
        if hit is None:
            todo.append(job)
        else:
            found[job.path] = hit
    made = iter((builtins.map if map is None else map)(partial(_make, store), todo))
    try:
        for job, pdf in zip(todo, made, strict=True):
            if store is not None:
                store.adopt(job.key)
            found[job.path] = pdf
    finally:
        close = getattr(made, "close", None)
        if close is not None:  # a generator over workers: stop them now
            close()
    if store is not None:
        store.prune()
    return [StaticFile(job.path, found[job.path]) for job in jobs]


def pdf_hashes(files: Sequence[StaticFile]) -> dict[str, str]:
    """SHA-256 (hex) of each PDF's bytes, by its path from the site root: what ``/api/terms.json`` lists."""
    return {f.path: hashlib.sha256(f.content).hexdigest() for f in files}
