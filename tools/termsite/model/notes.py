"""Translator's notes: a note on one text, in the translation's language only.

A note (``translator_note: {en: …}`` beside a paragraph's or item's ``text``, on an article for its
title, or on a text of the preamble) is the translator's word to the reader of the translation, for
example that the original cites a provision that does not say what it cites. It is not part of the
terms: the original is never annotated, a comparison of the original does not see it, and the
translation drift of the terms (:mod:`termsite.rules.drift`) does not count it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from termsite.model.terms import Item, KeyPath, Lang, Localized, Paragraph, Version

LABEL: dict[Lang, str] = {"ja": "〔訳注〕", "en": "[Translator's note]"}
"""What a note is introduced by, in the language it is written in."""


def translation_of(original: Lang) -> Lang:
    """The language of a document's translation: the one that is not its original."""
    return "en" if original == "ja" else "ja"


class NoteAt(NamedTuple):
    """A translator's note, the text it is on, and where it stands in the version's file."""

    note: Localized
    text: Localized | None
    path: KeyPath
    """The key path of the note itself (``…, "translator_note"``)."""


def _items(items: tuple[Item, ...]) -> Iterator[NoteAt]:
    for it in items:
        if it.translator_note is not None:
            yield NoteAt(it.translator_note, it.text, it.path + ("translator_note",))
        yield from _items(it.items)


def _paragraphs(paras: tuple[Paragraph, ...]) -> Iterator[NoteAt]:
    for p in paras:
        if p.translator_note is not None:
            yield NoteAt(p.translator_note, p.text, p.path + ("translator_note",))
        yield from _items(p.items)


def notes(version: Version) -> Iterator[NoteAt]:
    """Every translator's note of ``version``, in document order."""
    for i, n in enumerate(version.preamble_notes):
        if n is not None:
            yield NoteAt(n, version.preamble[i], ("preamble", i, "translator_note"))
    for art in version.articles:
        if art.translator_note is not None:
            yield NoteAt(art.translator_note, art.title, art.path + ("translator_note",))
        yield from _paragraphs(art.paragraphs)
        for sec in art.sections:
            yield from _paragraphs(sec.paragraphs)
    for s in version.supplementary:
        yield from _paragraphs(s.paragraphs)
    for a in version.appendices:
        yield from _paragraphs(a.paragraphs)


def note_text(note: Localized | None, lang: Lang) -> str | None:
    """The note as a reader of ``lang`` sees it, or ``None``: a note shows only in its own language."""
    return note.get(lang) if note is not None else None
