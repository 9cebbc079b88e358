"""Translator's notes compared: a note added, removed or reworded between two versions.

A note is not part of the terms (:mod:`termsite.model.notes`): the units and findings of a comparison
do not see it, so a changed note never counts as a change of the terms, and the comparison of the
original language shows none. The comparison of the translation lists each changed note on its own
(``Comparison.notes``), under the provision it is on. Notes are paired by the provision's id and the
place of their text in it (its title, the preamble's k-th text, the k-th paragraph, its items).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from termsite.compare.blocks import Texts
from termsite.compare.text import TextDiff, diff_text
from termsite.model.notes import translation_of
from termsite.model.terms import Article, Document, Item, Lang, Localized, Paragraph, Version

NoteStatus = Literal["added", "deleted", "modified"]


@dataclass(frozen=True)
class NoteChange:
    """One translator's note that differs between the versions, in the translation's language."""

    status: NoteStatus
    unit: str
    """The id of the provision the note is on (``preamble`` for the preamble)."""
    place: Texts
    """Where its text stands in the provision, as a reader cites it (見出し, 第2項第1号, paragraph 2)."""
    lang: Lang
    diff: TextDiff


_Key = tuple[str, tuple[int, ...]]


def _items(items: tuple[Item, ...], unit: str, at: tuple[int, ...]) -> Iterator[tuple[_Key, Localized]]:
    for k, it in enumerate(items, 1):
        if it.translator_note is not None:
            yield (unit, at + (k,)), it.translator_note
        yield from _items(it.items, unit, at + (k,))


def _paragraphs(paras: tuple[Paragraph, ...], unit: str, at: tuple[int, ...]) -> Iterator[tuple[_Key, Localized]]:
    for m, p in enumerate(paras, 1):
        here = at + (m if len(paras) > 1 else 0,)  # 0: the only paragraph, cited by the article alone
        if p.translator_note is not None:
            yield (unit, here), p.translator_note
        yield from _items(p.items, unit, here)


def _article(a: Article) -> Iterator[tuple[_Key, Localized]]:
    if a.translator_note is not None:
        yield (a.id, ()), a.translator_note
    yield from _paragraphs(a.paragraphs, a.id, (0,))
    for j, s in enumerate(a.sections, 1):
        yield from _paragraphs(s.paragraphs, a.id, (j,))


def _notes(version: Version) -> dict[_Key, Localized]:
    out: dict[_Key, Localized] = {}
    for i, n in enumerate(version.preamble_notes, 1):
        if n is not None:
            out[("preamble", (i,))] = n
    for a in version.articles:
        out.update(_article(a))
    for s in version.supplementary:
        out.update(_paragraphs(s.paragraphs, s.id, (0,)))
    for b in version.appendices:
        out.update(_paragraphs(b.paragraphs, b.id, (0,)))
    return out


def _place(unit: str, at: tuple[int, ...], statute: bool) -> Texts:
    if unit == "preamble":
        return Texts(f"前文第{at[0]}段落", f"preamble, paragraph {at[0]}")
    if not at:
        return Texts("見出し", "heading")
    section, rest = at[0], at[1:]
    ja = [f"{section}." if section else ""]
    en = [f"section {section}" if section else ""]
    if rest and rest[0]:
        ja.append(f"第{rest[0]}項" if statute else f"第{rest[0]}段落")
        en.append(f"paragraph {rest[0]}")
    for k in rest[1:2]:
        ja.append(f"第{k}号")
        en.append(f"item ({k})")
    for k in rest[2:]:
        ja.append(f"({k})")
        en.append(f"({k})")
    return Texts("".join(ja) or "本文", ", ".join(x for x in en if x) or "text")


def note_changes(doc: Document, old: Version, new: Version) -> tuple[NoteChange, ...]:
    """Every translator's note added, removed or reworded from ``old`` to ``new``, in the new version's
    order (removed ones after), in the translation's language only."""
    lang = translation_of(doc.original)
    before, after = _notes(old), _notes(new)
    out: list[NoteChange] = []
    statute = doc.numbering == "statute"
    for key in list(after) + [k for k in before if k not in after]:
        a = before[key].get(lang) if key in before else None
        b = after[key].get(lang) if key in after else None
        if (a or "") == (b or ""):
            continue
        status: NoteStatus = "added" if not a else "deleted" if not b else "modified"
        out.append(NoteChange(status, key[0], _place(*key, statute), lang, diff_text(a or "", b or "", lang)))
    return tuple(out)
