"""Checks of translator's notes (:mod:`termsite.model.notes`).

A note is written in the translation's language only (TERMS082 for one in the original): it speaks
to the reader of the translation. Its text is then checked like every text of the terms (markup,
invisible characters, look-alike letters: :func:`termsite.rules.checks.check_version`).
"""

from __future__ import annotations

from collections.abc import Iterator

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.model.notes import notes, translation_of
from termsite.model.terms import Document, KeyPath, Lang, Version
from termsite.source.problems import key_path_str

_NAMES = {"ja": "Japanese", "en": "English"}


def note_problems(doc: Document, version: Version, texts: list[tuple[str, Lang, KeyPath]]) -> Iterator[Diagnostic]:
    """TERMS082 for every note written in the original language; the notes in the translation are
    added to ``texts`` (value, language, key path) for the checks every text has."""
    translation = translation_of(doc.original)
    for found in notes(version):
        for lang, value in (("ja", found.note.ja), ("en", found.note.en)):
            if value is None:
                continue
            path = found.path + (lang,)
            if lang == translation:
                texts.append((value, lang, path))
                continue
            yield Diagnostic(
                "TERMS082", "error", f"translator's note in {_NAMES[lang]}, the original language of {doc.id}: "
                "a note is written in the translation only", Location(version.source, *version.location(path)),
                hint=CODES["TERMS082"][1], key=key_path_str(path))
