"""Rendering the whole site: plan every output, then make them, then the navigation.

The speed of it is plugged in by the caller (:mod:`termsite.speed.render` plugs in all of it): a
``cache`` of pages made before, a ``pdf_store`` of PDFs made before, a ``map`` that makes groups of
outputs (and the PDFs) on several processes, a ``memo`` the comparisons share. Without them every
output is made here, the same bytes.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeAlias, TypeVar

from jinja2 import TemplateError, TemplateSyntaxError

from termsite.compare.memo import Memo
from termsite.model.terms import LANGS, Corpus, Lang
from termsite.site.builders import BUILDERS, Builder
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import document_title, t
from termsite.site.pages import NavItem, Page, Site, StaticFile
from termsite.site.pdf import PdfStore, PlannedPdf, make_pdfs, pdf_hashes, plan_pdfs
from termsite.site.pdf_render import PdfUnavailable
from termsite.site.urls import document_path, history_path, hub_path, notices_index_path

Output: TypeAlias = "Page | StaticFile"
T = TypeVar("T")
R = TypeVar("R")


class PageStore(Protocol):
    """Pages made by an earlier build, in bundles by key (:class:`termsite.speed.page_cache.PageCache`)."""

    def bundle_keys(self, ctx: SiteContext) -> dict[str, str]:
        """The key of each bundle of the build ``ctx`` (every output planned): one per document, by
        its id, and one for the outputs made from the whole site, under ``""``."""

    def get(self, key: str) -> Mapping[str, Output] | None:
        """The outputs of the bundle ``key`` by their path from the site root, or None."""

    def put(self, key: str, pages: Iterable[Output]) -> None:
        """Store a bundle (perhaps from a worker process)."""

    def adopt(self, key: str) -> None:
        """Count ``key`` as used by this build: a worker stored it."""

    def prune(self) -> None:
        """Remove the bundles this build did not use."""


class Map(Protocol):
    """``fn(item)`` for every item, in the order of the items (:class:`termsite.speed.pool.Pool`).

    It may do an item twice (again here when a worker failed), so ``fn`` must not return None."""

    def __call__(self, fn: Callable[[T], R], items: Sequence[T], /) -> Iterable[R]:
        """The results, in order."""


@dataclass(frozen=True)
class _Group:
    """The outputs of one scope made by one job, and the cache bundle they go to."""

    planned: tuple[Planned, ...]
    key: str | None

    def __len__(self) -> int:  # the work of the job, for a map that weighs it
        return len(self.planned)


class RenderError(Exception):
    """A page could not be rendered: a mistake in a template (the message says where)."""


class DuplicatePath(RenderError):
    """Two builders planned the same output path."""


def _template_location(exc: BaseException, templates: Path) -> str:
    """``templates/x.j2:12`` of the innermost template frame of ``exc``'s traceback, if any."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.startswith(str(templates)):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where or str(templates)


def render_site(corpus: Corpus, as_of: dt.date, templates: Path, *, drafts: bool = False,
                builders: Sequence[Builder] | None = None, cache: PageStore | None = None,
                map: Map | None = None, memo: Memo | None = None, pdfs: bool = False,
                pdf_store: PdfStore | None = None) -> Site:
    """Every page and file of the site as of ``as_of`` (00:00 Asia/Tokyo), drafts only if asked.

    ``corpus`` must have passed the checks without errors. With a ``cache``, pages made from one
    document are read from it when nothing they are made from changed, and stored otherwise; the
    entries this build did not use are removed. A ``map`` makes the groups of outputs (one per
    document, one for the whole site; :class:`_Group` has a length, its number of outputs), perhaps
    on several processes: the same pages, in the same order. A ``memo`` is shared by the comparisons.
    With ``pdfs``, every published version and notice also gets a PDF per language
    (:mod:`termsite.site.pdf`), made first (on the ``map`` too: the API lists their hashes) and kept
    in ``pdf_store`` by the hash of what each is made from.
    """
    ctx = SiteContext(corpus, as_of, drafts, templates, comparison_memo=memo)
    planned = [p for build in (BUILDERS if builders is None else builders) for p in build(ctx)]
    seen: set[str] = set()
    for p in planned:
        if p.path in seen:
            raise DuplicatePath(f"two outputs at '{p.path}'")
        seen.add(p.path)
    printed = list(plan_pdfs(ctx)) if pdfs else []
    for pdf in printed:
        if pdf.path in seen:
            raise DuplicatePath(f"two outputs at '{pdf.path}'")
        seen.add(pdf.path)
    ctx.paths = frozenset(seen)
    pdf_files = _pdfs(printed, templates, pdf_store, map)
    ctx.pdf_hashes = pdf_hashes(pdf_files)
    # every output is made from one document (its scope) or from the whole site (scope ""): one
    # cache bundle each, made by one job
    keys = cache.bundle_keys(ctx) if cache is not None else {}
    bundles = {scope: cache.get(key) for scope, key in keys.items()} if cache is not None else {}
    found: dict[int, Output] = {}
    for i, p in enumerate(planned):
        hit = (bundles.get(p.scope or "") or {}).get(p.path)
        if hit is not None:
            found[i] = hit
    by_scope: dict[str, list[int]] = {}
    for i in range(len(planned)):
        if i not in found:
            by_scope.setdefault(planned[i].scope or "", []).append(i)
    indices = list(by_scope.values())
    groups = [_Group(tuple(planned[i] for i in g), keys.get(scope)) for scope, g in by_scope.items()]

    def make(group: _Group) -> tuple[list[Output], str | None]:
        outputs = []
        for p in group.planned:
            try:
                outputs.append(p.make())
            except TemplateError as exc:
                return [], f"{_template_location(exc, templates)}: template error while rendering '{p.path}': {exc}"
        if cache is not None and group.key is not None:
            cache.put(group.key, outputs)  # where the outputs were made: no copy sent back to store
        return outputs, None

    made = iter((builtins.map if map is None else map)(make, groups))
    try:
        for group, at, (outputs, error) in zip(groups, indices, made, strict=True):
            if error is not None:
                raise RenderError(error)
            if cache is not None and group.key is not None:
                cache.adopt(group.key)
            for i, out in zip(at, outputs, strict=True):
                found[i] = out
    finally:
        close = getattr(made, "close", None)
        if close is not None:  # a generator over workers: stop them now, not when it is collected
            close()
    ordered = [found[i] for i in range(len(planned))]
    if cache is not None:
        cache.prune()
    page_keys = {p.path: keys[p.scope] for p in planned if p.scope is not None and p.scope in keys}
    pages = tuple(o for o in ordered if isinstance(o, Page))
    files = tuple(o for o in ordered if isinstance(o, StaticFile)) + tuple(pdf_files)
    return Site(pages, files, {lang: site_nav(ctx, lang) for lang in LANGS}, page_keys)


def _pdfs(printed: list[PlannedPdf], templates: Path, store: PdfStore | None, map: Map | None) -> list[StaticFile]:
    """The PDFs of ``printed`` (see :func:`termsite.site.pdf.make_pdfs`), a template error as a RenderError."""
    if not printed:
        return []
    try:
        return make_pdfs(printed, store=store, map=map)
    except PdfUnavailable as exc:
        raise RenderError(str(exc)) from None
    except TemplateError as exc:
        where = _template_location(exc, templates)
        raise RenderError(f"{where}: template error while rendering a PDF: {exc}") from None


def site_nav(ctx: SiteContext, lang: Lang) -> tuple[NavItem, ...]:
    """The navigation: the hub, then each document's version in force and its history.

    Past and upcoming versions stay out of it: they are reached from each document's version menu, so
    the navigation (rendered into every page) does not grow with the history.
    """
    items = [NavItem(t("all_documents", lang), hub_path())]
    for doc in ctx.documents:
        title = document_title(doc, lang)  # the original's title for a one-language document
        items.append(NavItem(title, children=(
            NavItem(t("nav_current", lang), document_path(doc.id)),
            NavItem(t("history", lang), history_path(doc.id)),
        )))
    items.append(NavItem(t("notices", lang), notices_index_path()))
    return tuple(items)
