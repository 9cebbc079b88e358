"""Hypothesis strategies for the diff: random versions over the whole model, and a second version
made from the first by the edits editors make (reword, insert, delete, move, renumber, translate).

Texts come from a small alphabet so that equal and nearly equal paragraphs are common: that is where
alignment, tie-breaking and move detection can go wrong."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import itertools
from typing import Any

from hypothesis import strategies as st

from termsite.model.terms import (
    Appendix,
    Article,
    Chapter,
    Document,
    Item,
    Localized,
    Paragraph,
    Section,
    Supplementary,
    Table,
    Version,
)

_JA = st.text(st.sampled_from(list("約款当社はがをにの、。第条項12AB\n")), min_size=0, max_size=14)
_EN_WORDS = st.lists(st.sampled_from(["the", "Company", "shall", "may", "terms", "12", ",", ".", "notice"]),
                     min_size=0, max_size=7)
_EN = _EN_WORDS.map(" ".join)
ident = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "fees", "notices", "scope", "x-1"])


@st.composite
def localized(draw: st.DrawFn) -> Localized:
    return Localized(draw(_JA), draw(_EN))


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def items(draw: st.DrawFn, depth: int = 1) -> tuple[Item, ...]:
    out = []
    for _ in range(draw(st.integers(0, 2))):
        nested = draw(items(depth + 1)) if depth < 2 and draw(st.integers(0, 3)) == 0 else ()
        out.append(Item(
            text=draw(maybe(localized())),
            items=nested,
            items_style=draw(st.sampled_from(["paren", "dot", "bullet"])),
            detail=(draw(localized()),) if draw(st.integers(0, 4)) == 0 else (),
        ))
    return tuple(out)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    cols = draw(st.integers(1, 2))
    row = st.lists(localized(), min_size=cols, max_size=cols).map(tuple)
    return Table(header=draw(row), rows=tuple(draw(st.lists(row, min_size=1, max_size=3))))


@st.composite
def paragraph(draw: st.DrawFn) -> Paragraph:
    return Paragraph(
        text=draw(maybe(localized())),
        items=draw(items()),
        items_style=draw(st.sampled_from(["paren", "dot", "bullet"])),
        table=draw(maybe(tables())) if draw(st.integers(0, 3)) == 0 else None,
    )


paragraphs = st.lists(paragraph(), min_size=1, max_size=3).map(tuple)


@st.composite
def article(draw: st.DrawFn, aid: str) -> Article:
    sections: tuple[Section, ...] = ()
    if draw(st.integers(0, 4)) == 0:
        ids = draw(st.lists(st.sampled_from(["s1", "s2", "s3"]), max_size=2, unique=True))
        sections = tuple(Section(i, draw(maybe(localized())), draw(paragraphs)) for i in ids)
    return Article(id=aid, title=draw(maybe(localized())), paragraphs=draw(paragraphs), sections=sections)


@st.composite
def versions(draw: st.DrawFn) -> Version:
    ids = draw(st.lists(ident, min_size=0, max_size=5, unique=True))
    arts = [draw(article(i)) for i in ids]
    chapters: tuple[Chapter, ...] = ()
    loose: tuple[Article, ...] = ()
    if arts and draw(st.booleans()):
        cuts = sorted(draw(st.lists(st.integers(1, len(arts)), max_size=2, unique=True)))
        bounds = [0, *[c for c in cuts if c < len(arts)], len(arts)]
        chapters = tuple(
            Chapter(f"ch{k}", draw(localized()), tuple(arts[lo:hi]))
            for k, (lo, hi) in enumerate(itertools.pairwise(bounds))
        )
    else:
        loose = tuple(arts)
    supp = tuple(Supplementary(i, draw(localized()), draw(maybe(localized())), draw(paragraphs))
                 for i in draw(st.lists(st.sampled_from(["s-2024", "s-2025"]), max_size=1, unique=True)))
    apps = tuple(Appendix(i, draw(maybe(localized())), draw(localized()), draw(paragraphs))
                 for i in draw(st.lists(st.sampled_from(["services", "fees"]), max_size=1, unique=True)))
    return Version(
        document_id="demo", effective=dt.date(2024, 1, 1), announced=dt.date(2024, 1, 1), status="published",
        impact=None, summary=None, reason=None, note=None,
        preamble=tuple(draw(st.lists(localized(), max_size=2))),
        chapters=chapters, loose_articles=loose, supplementary=supp, appendices=apps,
    )


documents = st.builds(
    Document,
    id=st.just("demo"),
    title=st.just(Localized("デモ", "Demo")),
    original=st.sampled_from(["ja", "en"]),
    numbering=st.sampled_from(["statute", "decimal", "none"]),
    change_clause=st.none(),
    publisher=st.none(),
    versions=st.just(()),
)


# ---- edits -------------------------------------------------------------------------------------


def _groups(v: Version) -> list[list[Article]]:
    return [list(c.articles) for c in v.chapters] if v.chapters else [list(v.loose_articles)]


def _rebuild(v: Version, groups: list[list[Article]]) -> Version:
    if v.chapters:
        return dc.replace(v, chapters=tuple(dc.replace(c, articles=tuple(g)) for c, g in zip(v.chapters, groups,
                                                                                            strict=True)))
    return dc.replace(v, loose_articles=tuple(groups[0]))


def _edit_text(draw: st.DrawFn, t: Localized | None) -> Localized:
    if t is None:
        return draw(localized())
    how = draw(st.sampled_from(["ja", "en", "both", "append", "new"]))
    if how == "new":
        return draw(localized())
    ja, en = t.ja or "", t.en or ""
    if how in ("ja", "both"):
        k = draw(st.integers(0, len(ja)))
        ja = ja[:k] + draw(st.sampled_from(["が", "第", "3", ""])) + ja[k + 1:]
    if how in ("en", "both"):
        words = en.split(" ")
        k = draw(st.integers(0, len(words)))
        words.insert(k, draw(st.sampled_from(["not", "Customer", "13"])))
        en = " ".join(words)
    if how == "append":
        ja, en = ja + "。", en + "."
    return Localized(ja, en)


@st.composite
def edited(draw: st.DrawFn, v: Version) -> Version:
    """``v`` after one to four random edits."""
    for _ in range(draw(st.integers(1, 3))):
        groups = _groups(v)
        flat = [(g, k) for g, arts in enumerate(groups) for k in range(len(arts))]
        what = draw(st.sampled_from(
            ["reword", "insert-paragraph", "delete-paragraph", "move-paragraph", "insert-article",
             "delete-article", "move-article", "table", "preamble", "title", "rename-ids", "respace"]))
        if what == "rename-ids":  # careless ids: every article named from its number, as by hand
            number = iter(range(1, len(flat) + 1))
            v = _rebuild(v, [[dc.replace(a, id=f"a{next(number)}") for a in arts] for arts in groups])
            continue
        if what == "insert-article" or not flat:
            g = draw(st.integers(0, len(groups) - 1))
            used = {a.id for arts in groups for a in arts}
            free = [i for i in ["n1", "n2", "n3", "b", "c"] if i not in used]
            if free:
                groups[g].insert(draw(st.integers(0, len(groups[g]))), draw(article(free[0])))
            v = _rebuild(v, groups)
            continue
        g, k = draw(st.sampled_from(flat))
        art = groups[g][k]
        paras = list(art.paragraphs)
        p = draw(st.integers(0, len(paras) - 1))
        if what == "reword":
            paras[p] = dc.replace(paras[p], text=_edit_text(draw, paras[p].text))
        elif what == "insert-paragraph":
            paras.insert(draw(st.integers(0, len(paras))), draw(paragraph()))
        elif what == "delete-paragraph" and len(paras) > 1:
            paras.pop(p)
        elif what == "move-paragraph":
            moving = paras.pop(p)
            if draw(st.booleans()) or len(flat) == 1:
                paras.insert(draw(st.integers(0, len(paras))), moving)
            else:  # to another article
                g2, k2 = draw(st.sampled_from([x for x in flat if x != (g, k)]))
                other = groups[g2][k2]
                target = list(other.paragraphs)
                target.insert(draw(st.integers(0, len(target))), moving)
                groups[g2][k2] = dc.replace(other, paragraphs=tuple(target))
                if not paras:
                    paras = [Paragraph(Localized("", ""))]
        elif what == "delete-article":
            groups[g].pop(k)
            v = _rebuild(v, groups)
            continue
        elif what == "move-article":
            moving = groups[g].pop(k)
            g2 = draw(st.integers(0, len(groups) - 1))
            groups[g2].insert(draw(st.integers(0, len(groups[g2]))), moving)
            v = _rebuild(v, groups)
            continue
        elif what == "table":
            tabled = [i for i, x in enumerate(paras) if x.table is not None]
            if tabled:
                i = draw(st.sampled_from(tabled))
                t = paras[i].table
                assert t is not None
                rows = [list(r) for r in t.rows]
                r = draw(st.integers(0, len(rows) - 1))
                c = draw(st.integers(0, len(rows[r]) - 1))
                rows[r][c] = _edit_text(draw, rows[r][c])
                if draw(st.booleans()):
                    rows.insert(draw(st.integers(0, len(rows))), list(draw(st.lists(
                        localized(), min_size=len(rows[0]), max_size=len(rows[0])))))
                paras[i] = dc.replace(paras[i], table=dc.replace(t, rows=tuple(tuple(x) for x in rows)))
        elif what == "respace":  # whitespace only: doubled, trailing or full-width spaces
            text = paras[p].text
            if text is not None:
                space = draw(st.sampled_from(["  ", "\u3000", " \n"]))
                paras[p] = dc.replace(paras[p], text=Localized((text.ja or "").replace(" ", space, 1) + " ",
                                                               (text.en or "").replace(" ", space, 1)))
        elif what == "preamble":
            v = dc.replace(v, preamble=v.preamble + (draw(localized()),))
        elif what == "title":
            art = dc.replace(art, title=_edit_text(draw, art.title))
        groups[g][k] = dc.replace(art, paragraphs=tuple(paras))
        v = _rebuild(v, groups)
    return v


@st.composite
def version_pairs(draw: st.DrawFn) -> tuple[Document, Version, Version]:
    """A document and two versions: the second an edit of the first, or unrelated."""
    doc = draw(documents)
    a = draw(versions())
    b = draw(edited(a)) if draw(st.integers(0, 4)) else draw(versions())
    if doc.numbering != "decimal":  # subsections belong to decimal documents
        a, b = _no_sections(a), _no_sections(b)
    return doc, a, b


def _no_sections(v: Version) -> Version:
    return _rebuild(v, [[dc.replace(a, sections=()) for a in g] for g in _groups(v)])
