"""Hypothesis strategies that build random but valid versions of the model."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from termsite.model.terms import Article, Chapter, Item, Localized, Paragraph, Table, Version

# Texts mix Japanese, English, digits, punctuation, YAML-significant characters and line breaks.
_ALPHABET = st.sampled_from(list("あいう約款第条項号（）「」、。ABCxyz 0123:#-*&!?'\"[]{}|>%@`\n\t"))
text = st.text(_ALPHABET, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s != "")
ident = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
localized = st.builds(Localized, text, text)


@st.composite
def items(draw: st.DrawFn, depth: int = 0) -> tuple[Item, ...]:
    n = draw(st.integers(0, 3))
    out = []
    for _ in range(n):
        nested = draw(items(depth + 1)) if depth < 1 else ()
        out.append(Item(
            text=draw(localized),
            items=nested,
            items_style=draw(st.sampled_from(["paren", "dot", "bullet"])) if nested else "paren",
            detail=tuple(draw(st.lists(localized, max_size=1))),
        ))
    return tuple(out)


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[Paragraph, ...]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        its = draw(items())
        table = None
        if draw(st.booleans()) and draw(st.booleans()):
            cols = draw(st.integers(1, 3))
            table = Table(
                header=tuple(draw(st.lists(localized, min_size=cols, max_size=cols))),
                rows=tuple(tuple(draw(st.lists(localized, min_size=cols, max_size=cols)))
                           for _ in range(draw(st.integers(1, 2)))),
            )
        out.append(Paragraph(
            text=draw(localized),
            items=its,
            items_style=draw(st.sampled_from(["paren", "dot", "bullet"])) if its else "paren",
            table=table,
        ))
    return tuple(out)


@st.composite
def articles(draw: st.DrawFn, ids: list[str]) -> tuple[Article, ...]:
    return tuple(
        Article(id=i, title=draw(st.one_of(st.none(), localized)), paragraphs=draw(paragraphs()))
        for i in ids
    )


@st.composite
def versions(draw: st.DrawFn) -> Version:
    ids = draw(st.lists(ident, min_size=1, max_size=6, unique=True))
    arts = draw(articles(ids))
    effective = draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
    announced = effective - dt.timedelta(days=draw(st.integers(0, 90)))
    use_chapters = draw(st.booleans())
    chapters: tuple[Chapter, ...] = ()
    if use_chapters:
        chapters = (Chapter(id="chapter-x", title=draw(localized), articles=arts),)
    return Version(
        document_id="demo",
        effective=effective,
        announced=announced,
        status=draw(st.sampled_from(["draft", "published"])),
        impact=draw(st.one_of(st.none(), st.sampled_from(["favourable", "adverse", "editorial"]))),
        summary=draw(st.one_of(st.none(), localized)),
        reason=draw(st.one_of(st.none(), localized)),
        note=draw(st.one_of(st.none(), text)),
        preamble=tuple(draw(st.lists(localized, max_size=2))),
        chapters=chapters,
        loose_articles=() if use_chapters else arts,
        supplementary=(),
        appendices=(),
    )
