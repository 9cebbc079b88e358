"""Gaps in the source (:mod:`termsite.model.gaps`): a text that looks as if words were lost, with no
marker to tell the reader (TERMS080), and a marker written in the other language's form (TERMS081).

Both are warnings, in drafts and history alike: the shapes are a guess (a list with nothing between
its commas, a sentence that stops at "at"), and the fix, a marker, is for the editor to decide.
"""

from __future__ import annotations

from collections.abc import Iterator

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.model.gaps import MARKERS, suspects
from termsite.model.terms import LANGS, Version
from termsite.rules.traverse import TextAt
from termsite.source.problems import key_path_str


def _warning(code: str, message: str, version: Version, path: tuple[str | int, ...]) -> Diagnostic:
    line, col = version.location(path)
    return Diagnostic(code, "warning", message, Location(version.source, line, col), hint=CODES[code][1],
                      key=key_path_str(path))


def gap_problems(version: Version, all_texts: list[TextAt]) -> Iterator[Diagnostic]:
    """TERMS080 and TERMS081 for every text of ``version``."""
    for t in all_texts:
        for lang in LANGS:
            value = t.text.get(lang)
            if value is None:
                continue
            path = (*t.text.path, lang)
            other = MARKERS["en" if lang == "ja" else "ja"]
            if other in value:
                yield _warning("TERMS081", f"the gap marker '{other}' is the other language's, in a {lang} text",
                               version, path)
            for offset, found in suspects(value, lang, introduces=t.leads):
                shown = found.strip() or found
                yield _warning("TERMS080", f"'{shown}' at character {offset + 1} looks like words lost from the "
                               f"source (a {t.what})", version, path)
