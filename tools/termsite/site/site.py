"""Rendering the whole site: plan every output, then make them, then the navigation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from termsite.model.terms import LANGS, Corpus, Lang
from termsite.site.builders import BUILDERS, Builder
from termsite.site.context import Planned, SiteContext
from termsite.site.messages import t
from termsite.site.pages import NavItem, Page, Site, StaticFile
from termsite.site.urls import document_path, history_path, hub_path, notices_index_path
from termsite.speed.page_cache import PageCache, build_key, bundle_key, document_key, site_key
from termsite.speed.parallel import MakeError, Output, make_all


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
    build = "" if cache is None else build_key(templates=templates, config=corpus.config, as_of=as_of,
                                                drafts=drafts, paths=ctx.paths)
    # every output is made from one document (its scope) or from the whole site (scope ""): one
    # cache bundle each, made by one worker
    keys: dict[str, str] = {}
    if cache is not None:
        for doc in ctx.documents:
            keys[doc.id] = bundle_key(build, document_key(doc, ctx.timeline(doc), ctx.lastmod(doc)))
        keys[""] = bundle_key(build, site_key(keys.values(), as_of))
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
    groups = list(by_scope.items())

    def describe(exc: TemplateError, p: Planned) -> str:
        return f"{_template_location(exc, templates)}: template error while rendering '{p.path}': {exc}"

    def store(index: int, outputs: list[Output]) -> None:
        scope = groups[index][0]
        if cache is not None and scope in keys:
            cache.put(keys[scope], outputs)

    try:
        made = make_all([[planned[i] for i in g] for _, g in groups], describe, workers, store)
        for (scope, indices), outputs in zip(groups, made, strict=True):
            if cache is not None and scope in keys:
                cache.used.add(keys[scope])  # stored by the worker that made the outputs
            for i, out in zip(indices, outputs, strict=True):
                found[i] = out
    except MakeError as exc:
        raise RenderError(str(exc)) from exc
    ordered = [found[i] for i in range(len(planned))]
    if cache is not None:
        cache.prune()
    page_keys = {p.path: keys[p.scope] for p in planned if p.scope is not None and p.scope in keys}
    pages = tuple(o for o in ordered if isinstance(o, Page))
    files = tuple(o for o in ordered if isinstance(o, StaticFile))
    return Site(pages, files, {lang: site_nav(ctx, lang) for lang in LANGS}, page_keys)


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
