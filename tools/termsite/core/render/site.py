"""Rendering the whole site: plan every output, then make them, then the navigation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from ..model import LANGS, Corpus, Lang
from .builders import BUILDERS, Builder
from .context import Planned, SiteContext
from .messages import t
from .page_cache import PageCache, build_key, bundle_key, document_key
from .pages import NavItem, Page, Site, StaticFile
from .parallel import MakeError, Output, make_all
from .urls import document_path, history_path, hub_path, notices_index_path


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
                builders: Sequence[Builder] | None = None, cache: PageCache | None = None,
                workers: int = 1) -> Site:
    """Every page and file of the site as of ``as_of`` (00:00 Asia/Tokyo), drafts only if asked.

    ``corpus`` must have passed the checks without errors. With a ``cache``, pages made from one
    document are read from it when nothing they are made from changed, and stored otherwise; the
    entries this build did not use are removed. ``workers`` > 1 makes the pages on that many processes
    (the same pages, in the same order).
    """
    ctx = SiteContext(corpus, as_of, drafts, templates)
    planned = [p for build in (BUILDERS if builders is None else builders) for p in build(ctx)]
    seen: set[str] = set()
    for p in planned:
        if p.path in seen:
            raise DuplicatePath(f"two outputs at '{p.path}'")
        seen.add(p.path)
    ctx.paths = frozenset(seen)
    pages: list[Page] = []
    files: list[StaticFile] = []
    build = "" if cache is None else build_key(templates=templates, config=corpus.config, as_of=as_of,
                                                drafts=drafts, paths=ctx.paths)
    documents = {d.id: d for d in ctx.documents}
    bundles: dict[str, dict[str, Page] | None] = {}
    keys: dict[str, str] = {}
    found: dict[int, Page] = {}
    for i, p in enumerate(planned):
        if cache is None or p.scope is None:
            continue
        if p.scope not in keys:
            doc = documents[p.scope]
            keys[p.scope] = bundle_key(build, document_key(doc, ctx.timeline(doc), ctx.lastmod(doc)))
            bundles[p.scope] = cache.get(keys[p.scope])
        hit = (bundles[p.scope] or {}).get(p.path)
        if hit is not None:
            found[i] = hit
    todo = [i for i in range(len(planned)) if i not in found]

    def describe(exc: TemplateError, p: Planned) -> str:
        return f"{_template_location(exc, templates)}: template error while rendering '{p.path}': {exc}"

    # one group per document (a worker makes all its pages and stores them in the cache), one per
    # page made from the whole site
    groups: list[tuple[str | None, list[int]]] = []
    by_scope: dict[str, list[int]] = {}
    for i in todo:
        scope = planned[i].scope
        if scope is None:
            groups.append((None, [i]))
        elif scope in by_scope:
            by_scope[scope].append(i)
        else:
            by_scope[scope] = [i]
            groups.append((scope, by_scope[scope]))

    def store(index: int, outputs: list[Output]) -> None:
        scope = groups[index][0]
        if cache is not None and scope is not None and scope in keys:
            cache.put(keys[scope], [out for out in outputs if isinstance(out, Page)])

    try:
        made = make_all([[planned[i] for i in g] for _, g in groups], describe, workers, store)
        for (scope, indices), outputs in zip(groups, made, strict=True):
            if cache is not None and scope is not None and scope in keys:
                cache.used.add(keys[scope])  # stored by the worker that made the pages
            for i, out in zip(indices, outputs, strict=True):
                if isinstance(out, Page):
                    found[i] = out
                else:
                    files.append(out)
    except MakeError as exc:
        raise RenderError(str(exc)) from exc
    pages.extend(found[i] for i in sorted(found))
    if cache is not None:
        cache.prune()
    return Site(tuple(pages), tuple(files), {lang: site_nav(ctx, lang) for lang in LANGS})


def site_nav(ctx: SiteContext, lang: Lang) -> tuple[NavItem, ...]:
    """The navigation: the hub, then each document's version in force and its history.

    Past and upcoming versions stay out of it: they are reached from each document's version menu, so
    the navigation (rendered into every page) does not grow with the history.
    """
    items = [NavItem(t("all_documents", lang), hub_path())]
    for doc in ctx.documents:
        title = doc.title.get(lang) or doc.id
        items.append(NavItem(title, children=(
            NavItem(t("nav_current", lang), document_path(doc.id)),
            NavItem(t("history", lang), history_path(doc.id)),
        )))
    items.append(NavItem(t("notices", lang), notices_index_path()))
    return tuple(items)
