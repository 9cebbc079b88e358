"""A translation declared pending (``translation_pending`` of a version) or absent (``single_language``
of ``document.yml``): what ``terms check`` says about the texts of the other language.

Nothing is inferred from missing texts: a version that declares nothing needs every text in both
languages (TERMS014). A version that declares its translation pending gets a warning for each text
still untranslated (TERMS083), so the list of what is left is always in front of the translator; a
one-language document needs no translation, and a text of the other language there, or a pending
declaration that no longer fits, is TERMS084.
"""

from __future__ import annotations

from collections.abc import Iterator

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location, Severity
from termsite.model.terms import Document, KeyPath, Lang, Localized, Version
from termsite.rules.traverse import TextAt
from termsite.source.problems import key_path_str

LANG_NAME: dict[Lang, str] = {"ja": "Japanese", "en": "English"}


def _d(code: str, sev: Severity, msg: str, where: tuple[str, tuple[int, int]], path: KeyPath,
       hint: str | None = None) -> Diagnostic:
    src, (line, col) = where
    return Diagnostic(code, sev, msg, Location(src, line, col),
                      hint=CODES[code][1] if hint is None else hint, key=key_path_str(path))


def excused(doc: Document, version: Version, text: Localized, lang: Lang) -> Diagnostic | bool:
    """What a missing ``lang`` side of ``text`` is, if the declarations excuse it: ``True`` (nothing to
    report: a one-language document), a TERMS083 warning (a pending translation), or ``False`` (not
    excused: TERMS014 as always)."""
    if lang == doc.original:
        return False
    if doc.single_language:
        return True
    if not version.translation_pending:
        return False
    line, _ = version.location(("translation_pending",))
    path = text.path + (lang,)
    return _d("TERMS083", "warning", f"the {LANG_NAME[lang]} translation of this text is pending "
              f"(translation_pending, line {line})", (version.source, version.location(text.path)), path,
              hint=f"add `{lang}:` when it is translated; when every text is, remove `translation_pending` "
              "(on a published version together with a new `translation_revisions` entry)")


def declaration_problems(doc: Document, version: Version, all_texts: list[TextAt]) -> Iterator[Diagnostic]:
    """TERMS084: a pending translation in a one-language document, a pending translation with nothing
    left to translate, and texts of the other language in a one-language document (never shown)."""
    other = doc.translation
    if not (version.translation_pending or doc.single_language):
        return  # (asking for a position reads the file's positions: only when there is a problem)
    here = (version.source, version.location(("translation_pending",)))
    if version.translation_pending and doc.single_language:
        yield _d("TERMS084", "error", f"translation_pending in a document that exists only in "
                 f"{LANG_NAME[doc.original]} (single_language in {doc.source})", here, ("translation_pending",),
                 hint="remove `translation_pending`: a one-language document has no translation to wait for")
        return
    if doc.single_language:
        stray = [t for t in all_texts if t.text.get(other) is not None]
        if stray:
            first = stray[0].text.path + (other,)
            more = f" (and {len(stray) - 1} more)" if len(stray) > 1 else ""
            yield _d("TERMS084", "warning", f"a {LANG_NAME[other]} text in a document that exists only in "
                     f"{LANG_NAME[doc.original]}{more}: it is never shown", (version.source, version.location(first)),
                     first, hint=f"remove the `{other}:` texts, or remove `single_language` from {doc.source} "
                     "to publish the document in both languages")
        return
    if version.translation_pending and all_texts and all(t.text.get(other) is not None for t in all_texts):
        yield _d("TERMS084", "warning", f"translation_pending, but every text has its {LANG_NAME[other]} "
                 "translation", here, ("translation_pending",),
                 hint="remove `translation_pending` to publish the translation (on a published version together "
                 "with a new `translation_revisions` entry)")
