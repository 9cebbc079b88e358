"""Translation drift: the original of a provision changed from one version to the next and its
translation did not, or the reverse.

Provisions are paired across the two versions by id (articles, supplementary provisions, appendices,
chapter titles; the preamble as one). Within a provision, the texts are aligned on the original
language: a text whose original is the same in both versions must keep its translation, and a text
whose original was rewritten must have a rewritten translation. Whitespace alone is no change.

A version records a reviewed translation on the article, paragraph or item (and everything inside
it): ``translation: unchanged`` (the original changed; the translation needs none) or
``translation: corrected`` (only the translation changed). A record where there is no such drift is
reported too, so that one copied into the next version does not hide the next drift.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location, Severity
from termsite.model.numbering import article_numbers
from termsite.model.terms import Article, Document, Item, KeyPath, Lang, Localized, Paragraph, Reviewed, Version
from termsite.source.problems import key_path_str

_NAMES = {"ja": "Japanese", "en": "English"}


@dataclass(frozen=True)
class _Text:
    """One text of a provision, where it is, and the nearest record of a reviewed translation."""

    text: Localized
    where: str
    ack: Reviewed | None
    ack_path: KeyPath | None


def _squash(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _items(items: tuple[Item, ...], where: str, ack: tuple[Reviewed | None, KeyPath | None],
           ja: bool) -> Iterator[_Text]:
    for k, it in enumerate(items, 1):
        here = f"{where}第{k}号" if ja else f"{where}, item {k}"
        a = (it.translation, it.path) if it.translation else ack
        if it.text is not None:
            yield _Text(it.text, here, *a)
        for d in it.detail:
            yield _Text(d, here, *a)
        yield from _items(it.items, here, a, ja)


def _paragraphs(paras: tuple[Paragraph, ...], where: str, ack: tuple[Reviewed | None, KeyPath | None],
                ja: bool) -> Iterator[_Text]:
    for m, p in enumerate(paras, 1):
        here = (f"{where}第{m}項" if ja else f"{where}, paragraph {m}") if len(paras) > 1 else where
        a = (p.translation, p.path) if p.translation else ack
        if p.text is not None:
            yield _Text(p.text, here, *a)
        yield from _items(p.items, here, a, ja)
        if p.table is not None:
            for cell in (*p.table.header, *(c for row in p.table.rows for c in row)):
                yield _Text(cell, f"{here}の表" if ja else f"{here}, table", *a)


def _article(art: Article, label: str, ja: bool) -> list[_Text]:
    a = (art.translation, art.path) if art.translation else (None, None)
    out = [_Text(art.title, f"{label}の見出し" if ja else f"the title of {label}", *a)] if art.title else []
    out += _paragraphs(art.paragraphs, label, a, ja)
    for sec in art.sections:
        if sec.title is not None:
            out.append(_Text(sec.title, f"{label} ({sec.id})", *a))
        out += _paragraphs(sec.paragraphs, f"{label} ({sec.id})", a, ja)
    return out


_Texts = Callable[[], list[_Text]]


def _provisions(doc: Document, version: Version) -> dict[str, tuple[object, _Texts]]:
    """Every provision of ``version`` by a key that pairs it with the next version's: its content, for
    a quick equality test, and how to list its texts (only done for a provision that changed)."""
    ja = doc.original == "ja"
    out: dict[str, tuple[object, _Texts]] = {}
    none: tuple[Reviewed | None, KeyPath | None] = (None, None)
    if version.preamble:
        out["preamble"] = (version.preamble, lambda: [_Text(t, "前文" if ja else "the preamble", None, None)
                                                      for t in version.preamble])
    for c in version.chapters:
        where = f"章「{c.id}」の見出し" if ja else f"the title of chapter '{c.id}'"
        out[f"chapter:{c.id}"] = (c.title, functools.partial(lambda t, w: [_Text(t, w, None, None)], c.title, where))
    numbers = functools.cache(lambda: article_numbers(version))  # only for an article that changed

    def article(art: Article) -> list[_Text]:
        label = numbers()[art.id].label("statute", doc.original) if doc.numbering == "statute" else f"'{art.id}'"
        return _article(art, label, ja)

    for art in version.articles:
        out[f"article:{art.id}"] = (art, functools.partial(article, art))
    for s in version.supplementary:
        head = [_Text(s.title, f"'{s.id}'", None, None)] + ([_Text(s.caption, f"'{s.id}'", None, None)]
                                                            if s.caption else [])
        out[f"supplementary:{s.id}"] = (s, functools.partial(
            lambda h, ps, w: h + list(_paragraphs(ps, w, none, ja)), head, s.paragraphs, f"'{s.id}'"))
    for a in version.appendices:
        head = [_Text(a.title, f"'{a.id}'", None, None)] + ([_Text(a.label, f"'{a.id}'", None, None)]
                                                            if a.label else [])
        out[f"appendix:{a.id}"] = (a, functools.partial(
            lambda h, ps, w: h + list(_paragraphs(ps, w, none, ja)), head, a.paragraphs, f"'{a.id}'"))
    return out


def _drifted(old: list[_Text], new: list[_Text], orig: Lang, tr: Lang) -> Iterator[tuple[_Text, Reviewed]]:
    """The texts of ``new`` whose original changed alone (``unchanged`` would record them) or whose
    translation changed alone (``corrected``)."""
    a = [_squash(t.text.get(orig)) for t in old]
    b = [_squash(t.text.get(orig)) for t in new]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                before, after = old[i].text.get(tr), new[j].text.get(tr)
                if before is not None and after is not None and _squash(before) != _squash(after):
                    yield new[j], "corrected"
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                before, after = old[i].text.get(tr), new[j].text.get(tr)
                if before is not None and after is not None and _squash(before) == _squash(after) \
                        and new[j].text.get(orig) is not None and old[i].text.get(orig) is not None:
                    yield new[j], "unchanged"
        elif tag == "replace":
            # texts added among rewritten ones: a rewritten original keeps an old text's translation
            kept = {_squash(old[i].text.get(tr)) for i in range(i1, i2) if old[i].text.get(tr) is not None}
            for j in range(j1, j2):
                after = new[j].text.get(tr)
                if after is not None and new[j].text.get(orig) is not None and _squash(after) in kept:
                    yield new[j], "unchanged"
        # texts only added or only removed are new in both languages


def _d(code: str, sev: Severity, msg: str, version: Version, path: KeyPath, hint: str) -> Diagnostic:
    line, col = version.location(path)
    return Diagnostic(code, sev, msg, Location(version.source, line, col), hint=hint, key=key_path_str(path))


Provisions = dict[str, tuple[object, _Texts]]


def drift_problems(doc: Document, previous: Version | None, version: Version, frozen: bool,
                   memo: dict[str, Provisions] | None = None) -> Iterator[Diagnostic]:
    """Translation drift from ``previous`` to ``version`` (TERMS068), and records of a reviewed
    translation with no drift to record (TERMS069). ``frozen``: ``version`` is published history.

    ``memo`` keeps the provisions of a version by its key, for a caller that walks a document's
    versions in order: each is then listed once, not as the new and again as the old one."""
    orig: Lang = doc.original
    tr: Lang = "en" if orig == "ja" else "ja"
    sev: Severity = "warning" if frozen else "error"
    memo = {} if memo is None else memo
    new = memo[version.key] = _provisions(doc, version)
    old: Provisions = {}
    if previous is not None:
        old = memo.pop(previous.key, {}) or _provisions(doc, previous)
    used: set[KeyPath] = set()
    for key, (content, texts) in new.items():
        before = old.get(key)
        if before is None:
            continue
        if before[0] == content:
            continue  # the same provision: nothing drifted (a record on it is reported below)
        for text, wanted in _drifted(before[1](), texts(), orig, tr):
            if text.ack == wanted and text.ack_path is not None:
                used.add(text.ack_path)
                continue
            assert previous is not None
            path = text.text.path + (tr if wanted == "unchanged" else orig,)
            if wanted == "unchanged":
                msg = (f"{text.where}: the {_NAMES[orig]} (the original) changed since {previous.key} but the "
                       f"{_NAMES[tr]} did not")
                hint = (f"translate the change into the {_NAMES[tr]}, or, if the translation needs no change, "
                        "record that with `translation: unchanged` on the article, paragraph or item")
            else:
                msg = (f"{text.where}: the {_NAMES[tr]} changed since {previous.key} but the {_NAMES[orig]} "
                       "(the original) did not")
                hint = (f"change the {_NAMES[orig]} too if the meaning changed; if the {_NAMES[tr]} only "
                        "corrects the translation, record that with `translation: corrected` on the article, "
                        "paragraph or item")
            yield _d("TERMS068", sev, msg, version, path, hint)
    yield from _stale(version, used, previous)


def _stale(version: Version, used: set[KeyPath], previous: Version | None) -> Iterator[Diagnostic]:
    since = f"since {previous.key}" if previous is not None else "(this is the document's first version)"
    reviewed = version.reviewed
    if reviewed is None:
        reviewed = tuple((n.path, n.translation) for n in _acknowledged(version) if n.translation)
    for path, value in reviewed:
        if path in used:
            continue
        what = ("its original changed while its translation did not" if value == "unchanged"
                else "only its translation changed")
        yield _d("TERMS069", "warning", f"`translation: {value}`, but nothing here shows that {what} {since}",
                 version, path + ("translation",), CODES["TERMS069"][1])


def _acknowledged(version: Version) -> Iterator[Article | Paragraph | Item]:
    def items(its: tuple[Item, ...]) -> Iterator[Item]:
        for it in its:
            if it.translation:
                yield it
            yield from items(it.items)

    def paras(ps: tuple[Paragraph, ...]) -> Iterator[Article | Paragraph | Item]:
        for p in ps:
            if p.translation:
                yield p
            yield from items(p.items)

    for art in version.articles:
        if art.translation:
            yield art
        yield from paras(art.paragraphs)
        for sec in art.sections:
            yield from paras(sec.paragraphs)
    for s in version.supplementary:
        yield from paras(s.paragraphs)
    for a in version.appendices:
        yield from paras(a.paragraphs)
