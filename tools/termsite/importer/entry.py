"""``terms import``: existing terms text (plain text from a PDF, or Markdown) to a version file.

The importer reads the text into tokens (:mod:`import_plain`, :mod:`import_markdown`), assembles
them (:mod:`import_build`), then gives every provision an id and a number:

* **ids** are reused from the previous version by content (:mod:`termsite.importer.ids`), so the
  新旧対照表 pairs an article even when it was renumbered; the others are named from the printed
  number (``article-12``, ``article-5-2`` for 第5条の2, ``chapter-3``, ``appendix-1``), made new with the
  version's date when an earlier version used that id: no meaningful English slug can be made from a
  Japanese title offline, so the editor is told to rename them before publishing.
* **numbers** are derived from position; an inserted article (第5条の2) is written ``branch: true``;
  where the printed number differs otherwise (a duplicated 第20条, a skipped number), the article
  keeps its printed number with a ``number`` override.

Only the language given is filled in; the other is left absent, which ``terms check`` reports as a
missing translation: an imported version is a draft. Everything the importer could not place, the
noise it dropped and the structure it doubted are reported with their line numbers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.importer.build import BlockN, Builder, Built, ChapterN, ItemN, ParaN, item_data, paragraph_data
from termsite.importer.context import load_context
from termsite.importer.ids import Ids, assign
from termsite.importer.inline import ANCHOR, resolve_anchors
from termsite.importer.markdown import read_markdown
from termsite.importer.plain import TocEntry, read_plain
from termsite.importer.tokens import LINK_DROPPED, NOT_PLACED, TOC_MISMATCH, TRAILER, Note, normalise
from termsite.importer.trailer import DateLine, candidates, mark_trailers
from termsite.model.terms import Document, Lang, Numbering, SiteConfig, Version
from termsite.model.timeline import today_in_tokyo
from termsite.rules.checks import check_document
from termsite.source.dump import dump_data
from termsite.source.new_version import NewVersionError, check_new_date
from termsite.source.parse import load_version_text
from termsite.source.schema import schema_comment
from termsite.source.text import read_text

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class ImportFailed(Exception):
    """The text cannot be imported (not terms, unreadable); nothing was written."""


@dataclass
class ImportResult:
    """The version data, the YAML text and what the editor must know about the import."""

    data: dict[str, Any]
    notes: list[Note]
    dropped: list[str]
    ids: list[str] = field(default_factory=list)
    yaml: str = ""
    dates: list[DateLine] = field(default_factory=list)
    left_out: set[int] = field(default_factory=set)


def detect_format(path: Path, fmt: str) -> str:
    """``markdown`` or ``text``: as asked, or by the file name."""
    if fmt != "auto":
        return fmt
    return "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text"


def build(text: str, fmt: str) -> tuple[Built, list[TocEntry]]:
    """Read ``text`` as ``text`` or ``markdown`` and assemble it."""
    if fmt == "markdown":
        tokens, toc, extra = read_markdown(text)
    else:
        (tokens, toc), extra = read_plain(text), []
    builder = Builder(markdown=fmt == "markdown")
    for tok in mark_trailers(tokens):
        builder.feed(tok)
    built = builder.finish()
    built.notes.extend(extra)
    return built, toc


# --- conversion to version data --------------------------------------------------------------------


def _key(title: str) -> str:
    return re.sub(r"\s+", "", normalise(title))


def article_name(number: int, branch: int | None, numbering: Numbering, lang: Lang) -> str:
    """How the document itself names an article: 第5条の2, Article 5-2, Section 5 (decimal)."""
    if numbering == "decimal":
        return f"Section {number}" if lang == "en" else f"{number}."
    if lang == "en":
        return f"Article {number}" + (f"-{branch}" if branch else "")
    return f"第{number}条" + (f"の{branch}" if branch else "")


class _Convert:
    """The assembled source as version data, with placeholder ids (the printed numbers) for :mod:`ids`."""

    def __init__(self, built: Built, lang: Lang, numbering: Numbering) -> None:
        self.built, self.lang, self.numbering = built, lang, numbering
        self.notes: list[Note] = []
        self.anchored: list[tuple[tuple[str, ...], dict[str, Any]]] = []

    def name(self, number: int, branch: int | None = None) -> str:
        return article_name(number, branch, self.numbering, self.lang)

    def paragraphs(self, paras: list[ParaN], where: str) -> list[dict[str, Any]]:
        out = []
        for p in paras:
            self._drop_empty_items(p.items)
            data = paragraph_data(p, self.lang)
            if data:
                out.append(data)
            else:
                self.notes.append(Note(p.line, "warning", NOT_PLACED, f"an empty paragraph of {where} was left out",
                                       "check the source for lost lines"))
        return out

    def _drop_empty_items(self, items: list[ItemN]) -> None:
        for it in list(items):
            self._drop_empty_items(it.items)
            if not item_data(it, self.lang):
                self.notes.append(Note(it.line, "warning", NOT_PLACED, "an item without text was left out",
                                       "check the source for lost lines"))
                items.remove(it)

    def article(self, a: BlockN, position: int, previous_printed: int | None, first: bool) -> dict[str, Any]:
        label = self.name(a.number, a.branch) if a.number else f"the article on line {a.line}"
        fallback = (f"article-{a.number}-{a.branch}" if a.branch else f"article-{a.number}") if a.number \
            else f"article-{position}"
        out: dict[str, Any] = {"id": fallback}
        self.anchored.append((a.anchors, out))
        if a.title:
            out["title"] = {self.lang: a.title}
        if a.branch and a.number and not first:
            out["branch"] = True
            if a.number != previous_printed:
                self.notes.append(Note(a.line, "warning", "TERMS052", f"{label} follows "
                                       f"{self.name(previous_printed) if previous_printed else 'no numbered article'}"
                                       f"; as an inserted article it is numbered after that article",
                                       "check the source: an article may be missing"))
        elif a.branch and a.number:
            out["number"] = f"{a.number}-{a.branch}"
            self.notes.append(Note(a.line, "warning", "TERMS052", f"{label} is the first article; it keeps its "
                                   f"printed number with `number: {a.number}-{a.branch}`",
                                   "the first article cannot be an inserted one"))
        elif a.number and a.number != position:
            out["number"] = a.number
            if previous_printed == a.number:
                why = f"{label} appears twice; the second keeps its printed number"
            elif previous_printed is not None and a.number > previous_printed + 1:
                why = f"the articles go from {self.name(previous_printed)} to {label}; it keeps its printed number"
            else:
                where = self.name(position).lower() if self.lang == "en" else self.name(position)
                why = f"{label} is printed where {where} stands; it keeps its printed number"
            self.notes.append(Note(a.line, "warning", "TERMS052", f"{why} with `number: {a.number}`",
                                   "a published version is reproduced exactly; renumber in a new version"))
        out["paragraphs"] = self.paragraphs(a.paragraphs, label)
        if a.sections:
            out["sections"] = []
            main = a.number or position
            for j, s in enumerate(a.sections, 1):
                sec: dict[str, Any] = {"id": f"section-{main}-{j}"}
                self.anchored.append((s.anchors, sec))
                if s.title:
                    sec["title"] = {self.lang: s.title}
                sec["paragraphs"] = self.paragraphs(s.paragraphs, f"section {main}.{j}")
                out["sections"].append(sec)
        return out

    def articles(self, arts: list[BlockN], state: list[int | None]) -> list[dict[str, Any]]:
        out = []
        for a in arts:
            first = state[0] == 0
            if not (a.branch and not first):
                state[0] = (state[0] or 0) + 1
            out.append(self.article(a, state[0] or 1, state[1], first))
            if a.number and not a.branch:
                state[1] = a.number
        return out

    def data(self) -> dict[str, Any]:
        b, lang = self.built, self.lang
        out: dict[str, Any] = {}
        if b.preamble:
            out["preamble"] = [{lang: p.value.strip()} for p in b.preamble]
        state: list[int | None] = [0, None]  # position of the last article, printed number of the last one
        if b.chapters:
            out["chapters"] = []
            for i, ch in enumerate(b.chapters, 1):
                c: dict[str, Any] = {"id": f"chapter-{ch.number or i}",
                                     "title": {lang: ch.title or f"第{ch.number or i}章"}}
                self.anchored.append((ch.anchors, c))
                if ch.number and ch.number != i:
                    c["number"] = ch.number
                c["articles"] = self.articles(ch.articles, state)
                out["chapters"].append(c)
        elif b.articles:
            out["articles"] = self.articles(b.articles, state)
        if b.supplementary:
            out["supplementary"] = [self.supplementary(s, i) for i, s in enumerate(b.supplementary, 1)]
        if b.appendices:
            out["appendices"] = [self.appendix(x, i) for i, x in enumerate(b.appendices, 1)]
        return out

    def supplementary(self, s: BlockN, index: int) -> dict[str, Any]:
        texts = [s.title, s.caption] + [p.text.value for p in s.paragraphs if p.text]
        date = next((m for m in (_DATE.search(t) for t in texts) if m), None)
        day = None
        if date:
            try:
                day = dt.date(int(date.group(1)), int(date.group(2)), int(date.group(3)))
            except ValueError:
                day = None
        out: dict[str, Any] = {"id": f"supplementary-{day.isoformat()}" if day else f"supplementary-{index}",
                               "title": {self.lang: s.title}}
        self.anchored.append((s.anchors, out))
        if s.caption:
            out["caption"] = {self.lang: s.caption}
        out["paragraphs"] = self.paragraphs(s.paragraphs, s.title)
        return out

    def appendix(self, x: BlockN, index: int) -> dict[str, Any]:
        title = x.title or x.label or f"Appendix {index}"
        out: dict[str, Any] = {"id": f"appendix-{index}"}
        self.anchored.append((x.anchors, out))
        if x.label and x.title:
            out["label"] = {self.lang: x.label}
        out["title"] = {self.lang: title}
        out["paragraphs"] = self.paragraphs(x.paragraphs, title)
        return out


# --- the table of contents against the body ---------------------------------------------------------


def compare_toc(toc: list[TocEntry], built: Built) -> list[Note]:
    """Warnings where the table of contents and the body list different chapters or articles."""
    if not toc:
        return []
    first, last = toc[0].line, toc[-1].line

    def label(kind: str, number: int | None, branch: int | None, title: str) -> str:
        mark = "章" if kind == "chapter" else "条"
        num = f"第{number}{mark}" + (f"の{branch}" if branch else "") if number else ""
        return f"{num}（{title}）" if title else num

    listed = [(e.heading.kind, e.heading.number, e.heading.branch, _key(e.heading.title), e.line,
               label(e.heading.kind, e.heading.number, e.heading.branch, e.heading.title))
              for e in toc if e.heading.kind in ("chapter", "article")]
    body: list[tuple[str, int | None, int | None, str, int, str]] = []
    groups: list[tuple[ChapterN | None, list[BlockN]]] = [(c, c.articles) for c in built.chapters]
    groups = groups or [(None, built.articles)]
    for ch, arts in groups:
        if ch is not None:
            body.append(("chapter", ch.number, None, _key(ch.title), ch.line, label("chapter", ch.number, None,
                                                                                    ch.title)))
        for a in arts:
            body.append(("article", a.number, a.branch, _key(a.title), a.line, label("article", a.number, a.branch,
                                                                                     a.title)))
    notes: list[Note] = []
    where = f"the table of contents (lines {first}–{last})"
    matcher = difflib.SequenceMatcher(a=[x[:4] for x in listed], b=[x[:4] for x in body], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("insert", "replace"):
            for x in body[j1:j2]:
                notes.append(Note(x[4], "warning", TOC_MISMATCH, f"{x[5]} (line {x[4]}) is not in {where}"
                                  if op == "insert" else
                                  f"{x[5]} (line {x[4]}) differs from {where}: "
                                  + ", ".join(y[5] for y in listed[i1:i2]), "check which one the published "
                                  "document means; the body was imported"))
        if op == "delete":
            for y in listed[i1:i2]:
                notes.append(Note(y[4], "warning", TOC_MISMATCH, f"{where} lists {y[5]}, which the body does not "
                                  "have", "check the source for a lost article; the body was imported"))
    return notes


# --- the whole import -----------------------------------------------------------------------------


def _ranges(lines: list[int]) -> str:
    parts: list[str] = []
    start = prev = lines[0]
    for n in lines[1:] + [-1]:
        if n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
        start = prev = n
    return ", ".join(parts)


def import_text(text: str, source: str, fmt: str, lang: Lang, effective: dt.date,
                previous: Version | None = None, change_clause: str | None = None,
                numbering: Numbering = "statute", ever: frozenset[str] = frozenset()) -> ImportResult:
    """Import terms ``text`` (named ``source`` in messages) as a draft version effective ``effective``.

    ``previous`` is the version whose ids are reused by content; ``ever`` every id any version of the
    document used (a new id is never one of them); ``numbering`` the document's, for the messages.
    """
    built, toc = build(text, fmt)
    if not built.chapters and not built.articles:
        raise ImportFailed(f"{source}: no articles found, so this does not look like terms: expected headings such "
                           "as 第1条（目的）, 'Article 1' or Markdown headings (# …); nothing was written")
    conv = _Convert(built, lang, numbering)
    body = conv.data()
    ids = Ids(previous, lang, set(ever), effective)
    assign(body, ids)
    notes = built.notes + conv.notes + compare_toc(toc, built) + _resolve_anchors(body, conv.anchored, text)
    if built.dates:
        notes.append(Note(built.dates[0].line, "info", TRAILER, candidates(built.dates, effective),
                          "set `effective` and `announced` from them if this text is that version"))
    notes.sort(key=lambda n: (n.line, n.code, n.message))
    if change_clause and change_clause not in ids.used:
        notes.append(_adopt_change_clause(body, change_clause, ids))
    data: dict[str, Any] = {"effective": effective.isoformat(), "status": "draft",
                            "note": f"Imported by `terms import` from {Path(source).name} ({lang} only)."}
    data.update(body)
    dropped = []
    if built.noise.get("toc"):
        dropped.append(f"the table of contents (lines {_ranges(built.noise['toc'])})")
    if built.noise.get("page"):
        dropped.append(f"page numbers (lines {_ranges(built.noise['page'])})")
    if built.noise.get("markup"):
        dropped.append(f"Markdown and HTML markup lines (lines {_ranges(built.noise['markup'])})")
    left_out = set(built.left_out) | {n for lines in built.noise.values() for n in lines}
    minted = set(ids.minted)
    in_order = [x for x in _ids_in_order(body) if x in minted]
    return ImportResult(data, notes, dropped, in_order, dates=built.dates, left_out=left_out)


def _ids_in_order(node: Any) -> list[str]:
    """Every id of the imported body, in the order of the document."""
    if isinstance(node, dict):
        own = [node["id"]] if isinstance(node.get("id"), str) else []
        return own + [x for k, v in node.items() if k != "id" for x in _ids_in_order(v)]
    if isinstance(node, list):
        return [x for v in node for x in _ids_in_order(v)]
    return []


def _resolve_anchors(body: dict[str, Any], anchored: list[tuple[tuple[str, ...], dict[str, Any]]],
                     source: str) -> list[Note]:
    """Links to anchors of the source (``[t](#section-b)``) made links to the provisions' ids."""
    targets: dict[str, str] = {}
    for anchors, node in anchored:
        for a in anchors:
            if a:
                targets.setdefault(a, node["id"])
    missing: list[str] = []

    def walk(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: (walk(v) if k != "id" else v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        if isinstance(x, str) and ANCHOR in x:
            out, lost = resolve_anchors(x, targets)
            missing.extend(lost)
            return out
        return x

    body.update(walk(body))
    lines = source.splitlines()
    notes = []
    for what in missing:
        target = what.rsplit("'", 2)[-2]
        line = next((i for i, ln in enumerate(lines, 1) if f"({target}" in ln or f'"{target}"' in ln), 0)
        notes.append(Note(line, "warning", LINK_DROPPED, f"{what} names no heading of the source and was kept as "
                          "plain text", "link it to the provision by hand: [label](#id)"))
    return notes


def _adopt_change_clause(body: dict[str, Any], change_clause: str, ids: Ids) -> Note:
    """Name the article that reads as the change clause with the id document.yml expects."""
    arts = [a for c in body.get("chapters", []) for a in c["articles"]] or body.get("articles", [])
    pattern = re.compile(r"(約款|規約|規程|本規約|terms).*(変更|改定|改正)|(変更|改定)$|amendment|modification|changes",
                         re.IGNORECASE)
    found = [a for a in arts if any(pattern.search(t) for t in (a.get("title") or {}).values())]
    if len(found) == 1:
        old = found[0]["id"]
        found[0]["id"] = change_clause
        ids.minted = [change_clause if x == old else x for x in ids.minted]
        return Note(0, "info", "", f"article '{old}' reads as the change clause and was given the id "
                    f"'{change_clause}' that document.yml names", "check that it is the article allowing the terms "
                    "to be changed")
    return Note(0, "warning", NOT_PLACED, f"no article could be identified as the change clause '{change_clause}' "
                "named in document.yml", f"rename the id of that article to '{change_clause}' (TERMS019)")


@dataclass(frozen=True)
class ImportPlan:
    """A checked import: where it goes, its YAML, what to tell the editor and what `terms check` says."""

    path: Path | None
    display: str
    result: ImportResult
    diagnostics: list[Diagnostic]


_BLOCKING = {"TERMS015", "TERMS018", "TERMS023"}


def plan_import(root: Path, source: Path, doc_id: str, effective: dt.date, lang: Lang | None,
                fmt: str, output: Path | None, *, translation_pending: bool = False) -> ImportPlan:
    """Import ``source`` for document ``doc_id``; raises :class:`ImportFailed` or ``NewVersionError``.
    ``translation_pending``: the draft declares its translation pending (the text must be the original).

    Only what the import needs is read (:mod:`termsite.importer.context`), not the corpus.
    """
    ctx = load_context(root, doc_id, effective)
    doc = ctx.document
    folder = root / "terms" / doc.id
    if output is None:
        check_new_date_clash(folder, f"terms/{doc.id}", effective)
        path: Path | None = folder / f"{effective.isoformat()}.yml"
        display = f"terms/{doc.id}/{effective.isoformat()}.yml"
    elif str(output) == "-":
        path, display = None, f"terms/{doc.id}/{effective.isoformat()}.yml"
    else:
        if output.exists():
            raise NewVersionError(f"{output} already exists; nothing was written")
        path, display = output, str(output)
    if not source.is_file():
        raise ImportFailed(f"{source}: no such file")
    text, problems = read_text(source, str(source))
    if text is None:
        raise ImportFailed("; ".join(d.as_text() for d in problems) + "; nothing was written")
    use_lang: Lang = lang or doc.original
    if translation_pending and (use_lang != doc.original or doc.single_language):
        raise ImportFailed("--translation-pending is for the original text of a document with two languages: "
                           + (f"{doc.id} exists only in {doc.original} (single_language)" if doc.single_language
                              else f"this text is the translation ({use_lang}; the original is {doc.original})")
                           + "; nothing was written")
    result = import_text(text, str(source), detect_format(source, fmt), use_lang, effective, ctx.previous,
                         doc.change_clause, doc.numbering, ctx.ever)
    if translation_pending:  # after the dates and the note, before the body
        data = result.data
        result.data = {k: data[k] for k in ("effective", "status", "note")}
        result.data["translation_pending"] = True
        result.data.update({k: v for k, v in data.items() if k not in result.data})
    todo = "add the translation" if not doc.single_language else "check the text"
    header = (f"Imported from {source.name} by `terms import` ({use_lang} only): compare it with the source,\n"
              f"give new ids meaningful English slugs, {todo}, then describe the version.")
    result.yaml = dump_data(result.data, header, schema_comment("version", root))
    version, diags = load_version_text(result.yaml, display, doc.id)
    if version is None:
        raise ImportFailed("the imported version does not load (a bug in the importer): "
                           + "; ".join(d.as_text() for d in diags if d.is_error))
    checked = _check_with(doc, version, ctx.config)
    blocking = [d for d in checked if d.is_error and d.code in _BLOCKING]
    if blocking:
        raise ImportFailed("the imported text cannot be used: " + "; ".join(d.as_text() for d in blocking)
                           + "; fix the source and import again (nothing was written)")
    return ImportPlan(path, display, result, checked)


def check_new_date_clash(folder: Path, display_folder: str, effective: dt.date) -> None:
    """An import may add history before the latest version, but never replace a version file."""
    try:
        check_new_date(folder, display_folder, effective)
    except NewVersionError as exc:
        if "already exists" in str(exc):
            raise
        # an older date is allowed: importing the history of a document


def _check_with(doc: Document, version: Version, config: SiteConfig) -> list[Diagnostic]:
    versions = tuple(sorted([v for v in doc.versions if v.key != version.key] + [version], key=lambda v: v.effective))
    trial = Document(doc.id, doc.title, doc.original, doc.numbering, doc.change_clause, doc.publisher, versions,
                     doc.source, doc.positions)
    return [d for d in check_document(trial, config, today_in_tokyo()) if d.location.path == version.source]


def write_import(plan: ImportPlan) -> None:
    """Create the planned file; never overwrites."""
    if plan.path is None:
        return
    try:
        plan.path.parent.mkdir(parents=True, exist_ok=True)
        with plan.path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(plan.result.yaml)
    except FileExistsError:
        raise NewVersionError(f"{plan.display} already exists; nothing was written") from None
    except OSError as exc:
        raise ImportFailed(f"cannot write {plan.display}: {exc.strerror}") from None


__all__ = ["ImportFailed", "ImportPlan", "ImportResult", "import_text", "plan_import", "write_import"]
