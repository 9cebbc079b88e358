"""The references of a version's texts as links (:mod:`termsite.rules.ref_links`), on its page and in
the 新旧対照表.

A version's texts are resolved by the same resolver as the checks'. On a version page
(:func:`citations`) a reference to another document leads to that document's page in force when that
is the version in force on the citing version's effective date (the version it cites), else to the
cited version's permalink (``/<doc>/<YYYY-MM-DD>/#id``) when the site has it, else nowhere; the page's
defined terms and addresses written as text are links too. In a comparison (:func:`column_marks`) each
column's references lead to that column's version page, another document's to the cited version's
permalink.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from termsite.compare.links import Mark, MarkFinder
from termsite.model.autolinks import addresses
from termsite.model.terms import Document, Item, Lang, Localized, Paragraph, Version
from termsite.model.text_safety import reveal
from termsite.rules.links import provision_ids
from termsite.rules.ref_links import Cited, cited_spans
from termsite.rules.refs import Documents
from termsite.site.body import Citations
from termsite.site.context import SiteContext
from termsite.site.definitions import definitions
from termsite.site.urls import document_path, lang_prefix, relative_url, version_path


def _documents(ctx: SiteContext, doc: Document) -> Documents:
    key = f"citing documents {doc.id}"
    documents = ctx.memo.get(key)
    if not isinstance(documents, Documents):
        documents = Documents(ctx.corpus, doc)
        ctx.memo[key] = documents
    return documents


def _cited(ctx: SiteContext, doc: Document, version: Version, lang: Lang) -> dict[int, tuple[Cited, ...]]:
    """The resolved references of ``version`` in ``lang``, resolved once for its pages and comparisons."""
    key = f"cited {doc.id} {version.key} {lang}"
    found = ctx.memo.get(key)
    if not isinstance(found, dict):
        found = cited_spans(version, _documents(ctx, doc), lang)
        ctx.memo[key] = found
    return found


def _destinations(ctx: SiteContext, doc: Document, lang: Lang) -> tuple[dict[str, str], frozenset[str]]:
    """Where the pages in ``lang`` of ``doc``'s references to other documents are: each document's
    version in force with a page, and the other documents' permalinks (``doc@YYYY-MM-DD``)."""
    key = f"reference destinations {doc.id} {lang}"
    found = ctx.memo.get(key)
    if isinstance(found, tuple):
        return found
    in_force = {}
    permalinks: set[str] = set()
    for other in ctx.documents:
        entry = ctx.in_force(other)
        if entry is not None and ctx.exists(lang, document_path(other.id)):
            in_force[other.id] = entry.version.key
        if other.id != doc.id:
            permalinks.update(f"{other.id}@{e.version.key}" for e in ctx.timeline(other)
                              if ctx.exists(lang, version_path(other.id, e.version.key)))
    out = (in_force, frozenset(permalinks))
    ctx.memo[key] = out
    return out


def citations(ctx: SiteContext, doc: Document, version: Version, lang: Lang) -> Citations:
    """What of ``version`` of ``doc`` in ``lang`` is a link besides the links its texts carry: the
    references that lead somewhere, where other documents' pages in force and permalinks are, the
    defined terms (:mod:`termsite.site.definitions`), and the addresses written as text."""
    in_force, permalinks = _destinations(ctx, doc, lang)
    key = f"definitions {doc.id} {version.key} {lang}"
    defs = ctx.memo.get(key)
    if defs is None:  # the version in force has two pages: /<doc>/ and its permalink
        glossary = tuple(g.ja if lang == "ja" else g.en for g in ctx.corpus.config.glossary)
        defs = ctx.memo[key] = definitions(version, lang, provision_ids(version), glossary)
    return Citations(_cited(ctx, doc, version, lang), dict(in_force), permalinks, defs, True)


# -- references in the 新旧対照表: each column's links lead to that column's version --------------------

Spans = dict[tuple[str | None, str], tuple[Cited, ...] | None]
"""A version's resolved references by (the unit's id, the text as a comparison shows it); also by
(None, text), where the same text reads alike wherever it stands (None: it does not)."""


def _paragraph_texts(paras: tuple[Paragraph, ...]) -> Iterator[Localized]:
    def items(its: tuple[Item, ...]) -> Iterator[Localized]:
        for it in its:
            if it.text is not None:
                yield it.text
            yield from it.detail
            yield from items(it.items)

    for p in paras:
        if p.text is not None:
            yield p.text
        yield from items(p.items)
        if p.table is not None:
            yield from p.table.header
            for row in p.table.rows:
                yield from row


def unit_texts(version: Version) -> Iterator[tuple[str, Localized]]:
    """Every text of ``version`` with the id of the unit it belongs to, as the comparison sees units
    (the preamble, a chapter's title, an article, 附則, 別紙)."""
    for t in version.preamble:
        yield "preamble", t
    for ch in version.chapters:
        yield ch.id, ch.title
    for art in version.articles:
        if art.title is not None:
            yield art.id, art.title
        for t in _paragraph_texts(art.paragraphs):
            yield art.id, t
        for sec in art.sections:
            if sec.title is not None:
                yield art.id, sec.title
            for t in _paragraph_texts(sec.paragraphs):
                yield art.id, t
    for s in version.supplementary:
        for t in _paragraph_texts(s.paragraphs):
            yield s.id, t
    for a in version.appendices:
        for t in _paragraph_texts(a.paragraphs):
            yield a.id, t


def version_spans(version: Version, documents: Documents | None, lang: Lang,
                  cited: dict[int, tuple[Cited, ...]] | None = None) -> Spans:
    """The resolved references of ``version`` in ``lang`` by unit and text, as a comparison looks them up
    (``cited``: :func:`~termsite.rules.ref_links.cited_spans` of the version, if made already)."""
    if cited is None:
        cited = cited_spans(version, documents, lang)
    out: Spans = {}
    for uid, loc in unit_texts(version):
        value = loc.get(lang)
        if not value or reveal(value) != value:  # the comparison shows ⟨U+200B⟩: other offsets
            continue
        spans = cited.get(id(loc), ())
        for k in ((uid, value), (None, value)):
            if k in out and out[k] != spans:
                out[k] = None  # the same text leads elsewhere elsewhere: no link rather than a wrong one
            else:
                out.setdefault(k, spans)
    return out


def mark_finder(spans: Spans, page_of: Callable[[str, str], str | None], doc_id: str, key: str,
                found_addresses: dict[str, tuple[Mark, ...]] | None = None) -> MarkFinder:
    """The marks of a column showing version ``key`` of ``doc_id`` (its references by ``spans``):
    each reference leads to ``page_of(document, version)`` and the provision's anchor (None: the page
    is not in the build, no link), each address written as text to itself (``found_addresses``: the
    addresses of texts looked at before, which it extends)."""
    seen = {} if found_addresses is None else found_addresses
    made: dict[tuple[str | None, str], tuple[Mark, ...]] = {}

    def find(unit: str | None, text: str) -> tuple[Mark, ...]:
        hit = made.get((unit, text))
        if hit is None:
            hit = made[unit, text] = marks(unit, text)
        return hit

    def marks(unit: str | None, text: str) -> tuple[Mark, ...]:
        cited = spans.get((unit, text)) if (unit, text) in spans else spans.get((None, text))
        at = seen.get(text)
        if at is None:
            at = seen[text] = tuple(Mark(a.start, a.end, a.target, True) for a in addresses(text))
        if not cited:
            return at
        out = list(at)
        for c in cited or ():
            where = page_of(c.document or doc_id, c.key or key)
            if where is not None:
                out.append(Mark(c.start, c.end, f"{where}#{c.anchor}"))
        if len(out) < 2:
            return tuple(out)
        out.sort(key=lambda m: m.start)
        kept = [out[0]]
        for m in out[1:]:
            if m.start >= kept[-1].end:
                kept.append(m)
        return tuple(kept)

    return find


def column_marks(ctx: SiteContext, doc: Document, version: Version, lang: Lang, page: str,
                 shown: Lang | None = None) -> MarkFinder:
    """The links of one column of the comparison at ``page`` (under the ``lang`` root) showing
    ``version``'s texts in ``shown`` (default ``lang``; the original while a translation is pending):
    each resolved reference to that provision on ``version``'s own page (another document's provision
    on the page of the version it cites), each address written as text to itself. A reference leads
    nowhere when the page it would lead to is not in this build."""
    text_lang = lang if shown is None else shown
    key = f"compared citations {doc.id} {version.key} {text_lang}"
    spans = ctx.memo.get(key)
    if not isinstance(spans, dict):
        spans = version_spans(version, _documents(ctx, doc), text_lang, _cited(ctx, doc, version, text_lang))
        ctx.memo[key] = spans
    found = ctx.memo.get(f"addresses {text_lang}")
    if not isinstance(found, dict):
        found = ctx.memo[f"addresses {text_lang}"] = {}
    here = lang_prefix(lang) + page
    pages: dict[tuple[str, str], str | None] = {}

    def page_of(doc_id: str, key: str) -> str | None:
        if (doc_id, key) not in pages:
            path = version_path(doc_id, key)
            pages[doc_id, key] = relative_url(here, lang_prefix(lang) + path) if ctx.exists(lang, path) else None
        return pages[doc_id, key]

    return mark_finder(spans, page_of, doc.id, version.key, found)
