"""The canonical form of a version: plain data in a stable key order, and its SHA-256.

:func:`version_data` is what a version file holds (and what :mod:`dump` writes back);
:func:`export_data` adds the derived numbers and labels for machines; :func:`content_hash` is the
SHA-256 of the canonical JSON of the content, published in ``/api/terms.json``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from termsite.model.links import has_links, segments_data
from termsite.model.numbering import article_numbers, chapter_numbers, item_labels, paragraph_label, section_label
from termsite.model.terms import (
    Appendix,
    Article,
    Document,
    Item,
    Lang,
    Localized,
    Paragraph,
    Section,
    Supplementary,
    Version,
)


def loc(t: Localized | None) -> dict[str, str] | None:
    """``{ja, en}`` without missing sides."""
    if t is None:
        return None
    return {k: v for k, v in (("ja", t.ja), ("en", t.en)) if v is not None}


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, (), [], {}):
        out[key] = value


def item_data(it: Item) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if it.branch:
        out["branch"] = True
    _put(out, "text", loc(it.text))
    if it.items:
        if it.items_style != "paren":
            out["items_style"] = it.items_style
        out["items"] = [item_data(x) for x in it.items]
    _put(out, "detail", [loc(x) for x in it.detail])
    _put(out, "translation", it.translation)
    _put(out, "translator_note", loc(it.translator_note))
    return out


def paragraph_data(p: Paragraph) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "text", loc(p.text))
    if p.items:
        if p.items_style != "paren":
            out["items_style"] = p.items_style
        out["items"] = [item_data(x) for x in p.items]
    if p.table is not None:
        table: dict[str, Any] = {}
        _put(table, "header", [loc(c) for c in p.table.header])
        table["rows"] = [[loc(c) for c in row] for row in p.table.rows]
        out["table"] = table
    _put(out, "translation", p.translation)
    _put(out, "translator_note", loc(p.translator_note))
    return out


def preamble_entry(v: Version, i: int) -> dict[str, Any] | None:
    """The ``i``-th text of the preamble as the file holds it: ``{ja, en}``, or with its translator's
    note ``{text: {ja, en}, translator_note: {…}}``."""
    note = v.preamble_notes[i] if i < len(v.preamble_notes) else None
    if note is None:
        return loc(v.preamble[i])
    return {"text": loc(v.preamble[i]), "translator_note": loc(note)}


def section_data(s: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id}
    _put(out, "title", loc(s.title))
    _put(out, "number", s.number)
    out["paragraphs"] = [paragraph_data(p) for p in s.paragraphs]
    return out


def article_data(a: Article) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.id}
    _put(out, "title", loc(a.title))
    _put(out, "number", a.number)
    if a.branch:
        out["branch"] = True
    out["paragraphs"] = [paragraph_data(p) for p in a.paragraphs]
    _put(out, "sections", [section_data(s) for s in a.sections])
    _put(out, "translation", a.translation)
    _put(out, "translator_note", loc(a.translator_note))
    return out


def supplementary_data(s: Supplementary) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "title": loc(s.title)}
    _put(out, "caption", loc(s.caption))
    out["paragraphs"] = [paragraph_data(p) for p in s.paragraphs]
    return out


def appendix_data(a: Appendix) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.id}
    _put(out, "label", loc(a.label))
    out["title"] = loc(a.title)
    out["paragraphs"] = [paragraph_data(p) for p in a.paragraphs]
    return out


def version_data(v: Version) -> dict[str, Any]:
    """The version as a version file holds it, in the canonical key order."""
    out: dict[str, Any] = {"effective": v.effective.isoformat()}
    _put(out, "announced", v.announced.isoformat() if v.announced else None)
    out["status"] = v.status
    _put(out, "impact", v.impact)
    _put(out, "summary", loc(v.summary))
    _put(out, "reason", loc(v.reason))
    _put(out, "note", v.note)
    _put(out, "translation_revisions", [{"date": r.date.isoformat(), "summary": loc(r.summary)}
                                        for r in v.translation_revisions])
    if v.translation_pending:
        out["translation_pending"] = True
    _put(out, "preamble", [preamble_entry(v, i) for i in range(len(v.preamble))])
    if v.chapters:
        out["chapters"] = [
            {"id": c.id, "title": loc(c.title), **({"number": c.number} if c.number else {}),
             "articles": [article_data(a) for a in c.articles]}
            for c in v.chapters
        ]
    else:
        _put(out, "articles", [article_data(a) for a in v.loose_articles])
    _put(out, "supplementary", [supplementary_data(s) for s in v.supplementary])
    _put(out, "appendices", [appendix_data(a) for a in v.appendices])
    return out


def canonical_json(data: Any) -> str:
    """Compact JSON with sorted keys: the same content always gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_HASHES: dict[int, tuple[Version, str]] = {}
"""Content hashes by the identity of their (immutable) version, which the entry keeps alive."""


def content_hash(v: Version) -> str:
    """SHA-256 (hex) of the canonical JSON of the version's content and dates."""
    known = _HASHES.get(id(v))
    if known is not None and known[0] is v:
        return known[1]
    data = version_data(v)
    data.pop("note", None)  # a note is a record about the text, not the text
    data.pop("translation_revisions", None)  # so is the record of translation revisions
    digest = hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
    if len(_HASHES) >= 20000:  # a long preview session loads the terms again and again
        _HASHES.clear()
    _HASHES[id(v)] = (v, digest)
    return digest


def _numbered_paragraphs(paras: tuple[Paragraph, ...], doc: Document) -> list[dict[str, Any]]:
    out = []
    for i, p in enumerate(paras, 1):
        d = paragraph_data(p)
        d["label"] = paragraph_label(None, i, doc.numbering, len(paras))
        if p.items:
            d["items"] = _numbered_items(p.items, p.items_style)
        out.append(d)
    return out


def _numbered_items(items: tuple[Item, ...], style: str) -> list[dict[str, Any]]:
    out = []
    for label, it in zip(item_labels(items, style), items, strict=True):  # type: ignore[arg-type]
        d = item_data(it)
        d["label"] = label
        if it.items:
            d["items"] = _numbered_items(it.items, it.items_style)
        out.append(d)
    return out


def export_data(doc: Document, v: Version) -> dict[str, Any]:
    """The canonical model for machines: the version file plus derived numbers and labels."""
    data = version_data(v)
    numbers = article_numbers(v)
    chapters = chapter_numbers(v)
    langs: tuple[Lang, Lang] = ("ja", "en")

    def art(a: Article) -> dict[str, Any]:
        d = article_data(a)
        n = numbers[a.id]
        d["derived_number"] = n.key
        d["label"] = {lang: n.label(doc.numbering, lang, doc.numerals) for lang in langs}
        d["paragraphs"] = _numbered_paragraphs(a.paragraphs, doc)
        if a.sections:
            d["sections"] = [
                {**section_data(s), "label": section_label(n, j, doc.numbering),
                 "paragraphs": _numbered_paragraphs(s.paragraphs, doc)}
                for j, s in enumerate(a.sections, 1)
            ]
        return d

    if v.chapters:
        data["chapters"] = [
            {"id": c.id, "title": loc(c.title), "derived_number": chapters[c.id],
             "articles": [art(a) for a in c.articles]} for c in v.chapters
        ]
    else:
        data["articles"] = [art(a) for a in v.loose_articles]
    return {
        "document": {"id": doc.id, "title": loc(doc.title), "original": doc.original, "numbering": doc.numbering},
        "version": v.key,
        "sha256": content_hash(v),
        "content": with_link_segments(data),
    }


def with_link_segments(data: Any) -> Any:
    """``data`` where every text ``{ja, en}`` that holds a link also has ``"segments"``: per language,
    the text as a list of strings and ``{"label": …, "target": …}`` objects (:mod:`termsite.model.links`).
    Texts without links, and every other key, are left as they are."""
    if isinstance(data, list):
        return [with_link_segments(x) for x in data]
    if not isinstance(data, dict):
        return data
    if data and set(data) <= {"ja", "en"} and all(isinstance(x, str) for x in data.values()):
        if any(has_links(x) for x in data.values()):
            return {**data, "segments": {lang: segments_data(x) for lang, x in data.items()}}
        return data
    return {k: with_link_segments(x) for k, x in data.items()}
