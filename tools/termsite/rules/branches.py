"""Rules for inserted provisions (``branch: true``): 第3条の2 follows an article, (1-2) an item.

A branch is derived from the provision before it, so the first article of a version or the first item
of a list cannot be one; and only statute numbering has branch numbers.
"""

from __future__ import annotations

from collections.abc import Iterator

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.model.terms import Document, KeyPath, Paragraph, Version
from termsite.source.problems import key_path_str

_NOT_STATUTE = "remove `branch`: only statute-numbered documents (第3条の2) have branch numbers"


def _d(code: str, msg: str, version: Version, path: KeyPath, hint: str | None = None) -> Diagnostic:
    line, col = version.location(path)
    return Diagnostic(code, "error", msg, Location(version.source, line, col), hint=hint or CODES[code][1],
                      key=key_path_str(path))


def _items(paras: tuple[Paragraph, ...], version: Version, statute: bool) -> Iterator[Diagnostic]:
    lists = [p.items for p in paras if p.items]
    while lists:  # every list, nested ones too; a loop, not recursion: this runs over every version
        items = lists.pop()
        for k, it in enumerate(items):
            if it.items:
                lists.append(it.items)
            if not it.branch:
                continue
            path = it.path + ("branch",)
            if not statute:
                yield _d("TERMS066", "`branch: true` on an item of a document not numbered `statute`", version, path,
                         _NOT_STATUTE)
            elif k == 0:
                yield _d("TERMS065", "the first item of a list cannot be a branch: there is no item before it",
                         version, path)


def branch_problems(doc: Document, version: Version) -> Iterator[Diagnostic]:
    """Branch articles and items that have nothing before them, or stand where branches cannot."""
    statute = doc.numbering == "statute"
    for i, art in enumerate(version.articles):
        if art.branch:
            path = art.path + ("branch",)
            if not statute:
                yield _d("TERMS066", f"article '{art.id}' is a branch (`branch: true`) in a document numbered "
                         f"`{doc.numbering}`, which has no branch numbers", version, path, _NOT_STATUTE)
            elif art.number is not None:
                yield _d("TERMS066", f"article '{art.id}' has both `branch: true` and `number`: a branch derives "
                         "its number from the article before it", version, path,
                         "remove `number` (keep `branch: true` for 第N条の2), or remove `branch` to keep the override")
            elif i == 0:
                yield _d("TERMS065", f"article '{art.id}' is the first article of the version and cannot be a "
                         "branch: there is no article before it", version, path)
        yield from _items(art.paragraphs, version, statute)
        for sec in art.sections:
            yield from _items(sec.paragraphs, version, statute)
    for s in version.supplementary:
        yield from _items(s.paragraphs, version, statute)
    for a in version.appendices:
        yield from _items(a.paragraphs, version, statute)
