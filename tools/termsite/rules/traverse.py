"""Walking every text of a version with where it stands (for checks, search and hashing)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from termsite.model.terms import Item, Localized, Paragraph, Version
from termsite.rules.refs import Context


@dataclass(frozen=True)
class TextAt:
    """A localized text and its context: article position, paragraph and item numbers."""

    text: Localized
    context: Context
    what: str
    leads: bool = False
    """The text leads into items, details or a table below it (it may end with a colon)."""


def _items(items: tuple[Item, ...], ctx: Context) -> Iterator[TextAt]:
    for k, it in enumerate(items, 1):
        ictx = Context(ctx.article, ctx.paragraph, k, len(items))
        if it.text is not None:
            yield TextAt(it.text, ictx, "item", bool(it.items or it.detail))
        for d in it.detail:
            yield TextAt(d, ictx, "item detail")
        # nested items are cited through their parent item: give them the parent's context
        yield from _items(it.items, ictx)


def _paragraphs(paras: tuple[Paragraph, ...], article: int | None) -> Iterator[TextAt]:
    for p, para in enumerate(paras, 1):
        ctx = Context(article, p if article is not None else None)
        if para.text is not None:
            yield TextAt(para.text, ctx, "paragraph", bool(para.items or para.table))
        yield from _items(para.items, ctx)
        if para.table is not None:
            for cell in para.table.header:
                yield TextAt(cell, ctx, "table header")
            for row in para.table.rows:
                for cell in row:
                    yield TextAt(cell, ctx, "table cell")


def texts(version: Version) -> Iterator[TextAt]:
    """Every text of ``version`` in document order, with its context."""
    for field in (version.summary, version.reason):
        if field is not None:
            yield TextAt(field, Context(), "summary")
    for t in version.preamble:
        yield TextAt(t, Context(), "preamble")
    chapter_titles = {c.articles[0].id: c.title for c in version.chapters if c.articles}
    for i, art in enumerate(version.articles):
        if art.id in chapter_titles:
            yield TextAt(chapter_titles[art.id], Context(), "chapter title")
        if art.title is not None:
            yield TextAt(art.title, Context(), "article title")
        yield from _paragraphs(art.paragraphs, i)
        for sec in art.sections:
            if sec.title is not None:
                yield TextAt(sec.title, Context(), "section title")
            yield from _paragraphs(sec.paragraphs, i)
    for s in version.supplementary:
        yield TextAt(s.title, Context(), "supplementary title")
        if s.caption is not None:
            yield TextAt(s.caption, Context(), "caption")
        yield from _paragraphs(s.paragraphs, None)
    for a in version.appendices:
        if a.label is not None:
            yield TextAt(a.label, Context(), "appendix label")
        yield TextAt(a.title, Context(), "appendix title")
        yield from _paragraphs(a.paragraphs, None)
