"""Plain data to the model: versions, documents and the site settings from schema-valid files.

The data has passed its schema, so the shapes are known; what the schema cannot say (a date that
does not exist) becomes a diagnostic here. Every part keeps its key path, for positions later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import (
    Appendix,
    Article,
    Chapter,
    Document,
    GlossaryTerm,
    Item,
    KeyPath,
    Localized,
    NoticePolicy,
    Numerals,
    Paragraph,
    Publisher,
    Reviewed,
    Section,
    SiteConfig,
    Supplementary,
    Table,
    TranslationRevision,
    Version,
)
from termsite.source.problems import diag, key_path_str, shown
from termsite.source.yaml import LazyPositions, Source


def _loc(d: Any, path: KeyPath) -> Localized | None:
    if not isinstance(d, dict):
        return None
    return Localized(d.get("ja"), d.get("en"), path)


def _items(lst: Any, path: KeyPath, reviewed: list[tuple[KeyPath, Reviewed]]) -> tuple[Item, ...]:
    out = []
    for i, it in enumerate(lst or ()):
        p = path + (i,)
        sub, detail = it.get("items"), it.get("detail")  # mostly absent: no call, no generator then
        if "translation" in it:
            reviewed.append((p, it["translation"]))
        out.append(Item(
            text=_loc(it.get("text"), p + ("text",)),
            items=_items(sub, p + ("items",), reviewed) if sub else (),
            items_style=it.get("items_style", "paren"),
            detail=tuple(cast(Localized, _loc(x, p + ("detail", j))) for j, x in enumerate(detail)) if detail else (),
            branch=it.get("branch", False),
            translation=it.get("translation"),
            translator_note=_loc(it.get("translator_note"), p + ("translator_note",)),
            path=p,
        ))
    return tuple(out)


def _paragraphs(lst: Any, path: KeyPath, reviewed: list[tuple[KeyPath, Reviewed]]) -> tuple[Paragraph, ...]:
    out = []
    for i, pd in enumerate(lst or ()):
        p = path + (i,)
        table = None
        if pd.get("table"):
            t = pd["table"]
            tp = p + ("table",)
            table = Table(
                header=tuple(cast(Localized, _loc(c, tp + ("header", j))) for j, c in enumerate(t.get("header") or ())),
                rows=tuple(tuple(cast(Localized, _loc(c, tp + ("rows", r, j))) for j, c in enumerate(row))
                           for r, row in enumerate(t["rows"])),
                path=tp,
            )
        sub = pd.get("items")
        if "translation" in pd:
            reviewed.append((p, pd["translation"]))
        out.append(Paragraph(
            text=_loc(pd.get("text"), p + ("text",)),
            items=_items(sub, p + ("items",), reviewed) if sub else (),
            items_style=pd.get("items_style", "paren"),
            table=table,
            translation=pd.get("translation"),
            translator_note=_loc(pd.get("translator_note"), p + ("translator_note",)),
            path=p,
        ))
    return tuple(out)


def _article(a: Any, p: KeyPath, reviewed: list[tuple[KeyPath, Reviewed]]) -> Article:
    if "translation" in a:
        reviewed.append((p, a["translation"]))
    return Article(
        id=a["id"],
        title=_loc(a.get("title"), p + ("title",)),
        paragraphs=_paragraphs(a.get("paragraphs"), p + ("paragraphs",), reviewed),
        sections=tuple(
            Section(id=s["id"], title=_loc(s.get("title"), p + ("sections", j, "title")),
                    paragraphs=_paragraphs(s.get("paragraphs"), p + ("sections", j, "paragraphs"), reviewed),
                    number=s.get("number"), path=p + ("sections", j))
            for j, s in enumerate(a.get("sections") or ())),
        number=a.get("number"),
        branch=a.get("branch", False),
        translation=a.get("translation"),
        translator_note=_loc(a.get("translator_note"), p + ("translator_note",)),
        path=p,
    )


def _preamble_text(x: Any, i: int) -> Localized:
    """A text of the preamble: ``{ja, en}``, or ``{text: {ja, en}, translator_note: …}`` with a note."""
    if "text" in x:
        return cast(Localized, _loc(x["text"], ("preamble", i, "text")))
    return cast(Localized, _loc(x, ("preamble", i)))


def _preamble_notes(entries: Any) -> tuple[Localized | None, ...]:
    notes = tuple(_loc(x.get("translator_note"), ("preamble", i, "translator_note")) for i, x in enumerate(entries))
    return notes if any(n is not None for n in notes) else ()


def _date(src: Source, key: str, diags: list[Diagnostic]) -> dt.date | None:
    value = src.data.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        line, col = src.at((key,))
        diags.append(diag("TERMS008", f"'{value}' is not a real date", src.path, line, col, key=key))
        return None


def build_version(src: Source, document_id: str) -> tuple[Version | None, list[Diagnostic]]:
    """The model of a schema-valid version file."""
    diags: list[Diagnostic] = []
    d = src.data
    effective = _date(src, "effective", diags)
    announced = _date(src, "announced", diags)
    if effective is None:
        return None, diags
    reviewed: list[tuple[KeyPath, Reviewed]] = []
    version = Version(
        document_id=document_id,
        effective=effective,
        announced=announced,
        status=d["status"],
        impact=d.get("impact"),
        summary=_loc(d.get("summary"), ("summary",)),
        reason=_loc(d.get("reason"), ("reason",)),
        note=d.get("note"),
        translation_revisions=_revisions(src, diags),
        translation_pending=bool(d.get("translation_pending", False)),
        preamble=tuple(_preamble_text(x, i) for i, x in enumerate(d.get("preamble") or ())),
        preamble_notes=_preamble_notes(d.get("preamble") or ()),
        chapters=tuple(
            Chapter(id=c["id"], title=cast(Localized, _loc(c["title"], ("chapters", i, "title"))),
                    articles=tuple(_article(a, ("chapters", i, "articles", j), reviewed)
                                   for j, a in enumerate(c["articles"])),
                    number=c.get("number"), path=("chapters", i))
            for i, c in enumerate(d.get("chapters") or ())),
        loose_articles=tuple(_article(a, ("articles", j), reviewed) for j, a in enumerate(d.get("articles") or ())),
        supplementary=tuple(
            Supplementary(id=s["id"], title=cast(Localized, _loc(s["title"], ("supplementary", i, "title"))),
                          caption=_loc(s.get("caption"), ("supplementary", i, "caption")),
                          paragraphs=_paragraphs(s["paragraphs"], ("supplementary", i, "paragraphs"), reviewed),
                          path=("supplementary", i))
            for i, s in enumerate(d.get("supplementary") or ())),
        appendices=tuple(
            Appendix(id=s["id"], label=_loc(s.get("label"), ("appendices", i, "label")),
                     title=cast(Localized, _loc(s["title"], ("appendices", i, "title"))),
                     paragraphs=_paragraphs(s["paragraphs"], ("appendices", i, "paragraphs"), reviewed),
                     path=("appendices", i))
            for i, s in enumerate(d.get("appendices") or ())),
        source=src.path,
        digest=src.digest,
        positions=LazyPositions(src),
        reviewed=tuple(reviewed),
    )
    return version, diags


def _revisions(src: Source, diags: list[Diagnostic]) -> tuple[TranslationRevision, ...]:
    """``translation_revisions``: each entry with a real date (TERMS008 for one that is not)."""
    out = []
    for i, entry in enumerate(src.data.get("translation_revisions") or ()):
        path: KeyPath = ("translation_revisions", i)
        try:
            day = dt.date.fromisoformat(str(entry["date"]))
        except ValueError:
            diags.append(diag("TERMS008", f"'{shown(entry['date'])}' is not a real date", src.path,
                              *src.at(path + ("date",)), key=key_path_str(path + ("date",))))
            continue
        out.append(TranslationRevision(day, cast(Localized, _loc(entry["summary"], path + ("summary",))), path))
    return tuple(out)


def build_document(src: Source, document_id: str, versions: Sequence[Version]) -> tuple[Document, list[Diagnostic]]:
    """The model of a schema-valid ``document.yml`` with its versions (sorted here, oldest first)."""
    diags: list[Diagnostic] = []
    d = src.data
    for i, entry in enumerate(d.get("renamed") or ()):
        try:
            dt.date.fromisoformat(str(entry["date"]))
        except ValueError:
            path: KeyPath = ("renamed", i, "date")
            diags.append(diag("TERMS008", f"'{shown(entry['date'])}' is not a real date", src.path, *src.at(path),
                              key=key_path_str(path)))
    if d["id"] != document_id:
        line, col = src.at(("id",))
        diags.append(diag("TERMS013", f"id '{d['id']}' differs from the folder name '{document_id}'",
                          src.path, line, col, key="id"))
    doc = Document(
        id=document_id,
        title=cast(Localized, _loc(d["title"], ("title",))),
        original=d["original"],
        numbering=d["numbering"],
        change_clause=d.get("change_clause"),
        publisher=_loc(d.get("publisher"), ("publisher",)),
        versions=tuple(sorted(versions, key=lambda v: v.effective)),
        source=src.path,
        positions=LazyPositions(src),
        numerals=_numerals(d.get("numerals")),
        single_language=bool(d.get("single_language", False)),
    )
    return doc, diags


def _numerals(d: Any) -> Numerals:
    """``numerals`` of ``document.yml``; the half-width default for what it leaves out."""
    base = Numerals()
    if not isinstance(d, dict):
        return base
    return Numerals(digits=d.get("digits", base.digits),
                    chapter_separator=d.get("chapter_separator", base.chapter_separator),
                    paragraph_separator=d.get("paragraph_separator", base.paragraph_separator))


def build_glossary(src: Source) -> tuple[GlossaryTerm, ...]:
    """Every term of a schema-valid glossary."""
    return tuple(GlossaryTerm(t.get("original", ""), t["ja"], t["en"], tuple(t.get("also") or ()),
                              bool(t.get("exclusive", False))) for t in src.data["terms"])


def _publisher(d: Any) -> Publisher:
    """``publisher`` of ``site.yml`` (schema-valid): every key may be left out."""
    empty = Localized(None, None)
    contact = d.get("contact") or {}
    return Publisher(
        name=_loc(d.get("name"), ("publisher", "name")) or empty,
        contact=contact.get("url"),
        contact_label=_loc(contact.get("label"), ("publisher", "contact", "label")) or empty,
        copyright=_loc(d.get("copyright"), ("publisher", "copyright")) or empty,
        logo=d.get("logo"),
    )


def build_config(src: Source, glossary: tuple[GlossaryTerm, ...]) -> SiteConfig:
    """The site settings of a schema-valid ``site.yml``; defaults for the keys it leaves out."""
    d = src.data
    base = SiteConfig()
    nd = d.get("notice_days") or {}
    return SiteConfig(
        site_url=d.get("site_url", base.site_url),
        timezone=d.get("timezone", base.timezone),
        site_name=_loc(d.get("site_name"), ("site_name",)) or base.site_name,
        notice=NoticePolicy(
            adverse=nd.get("adverse", base.notice.adverse),
            favourable=nd.get("favourable", base.notice.favourable),
            editorial=nd.get("editorial", base.notice.editorial),
        ),
        comparison_order=("old", "new") if d.get("comparison_columns") == "old-new" else ("new", "old"),
        document_order=tuple(d.get("documents") or ()),
        glossary=glossary,
        publisher=_publisher(d.get("publisher") or {}),
        source=src.path,
        positions=LazyPositions(src),
    )
