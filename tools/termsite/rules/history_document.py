"""``document.yml`` of a published document is history too (``terms check --base``).

A document with a version published and announced at the base has shown its pages under the
base's ``document.yml``. Compared with the base's file (not the current one):

* ``original``, ``numbering`` and ``change_clause`` are fixed (TERMS044): they decide which language
  governs, the label of every article and what every notice says about deemed consent;
* ``title`` and ``publisher`` may change only with a new ``renamed`` entry that records the value as
  it was at the base (TERMS045), and entries of ``renamed`` at the base stay as they were (TERMS046);
* the file, or the document's folder, must not be deleted (TERMS047);
* a document with two languages cannot become ``single_language`` (TERMS086; the other way is allowed).

``numerals`` (how the Japanese labels print numbers) is free to change: it is a display setting, and
the text of the terms is the same whichever way 第1条 is printed.

``id`` needs no rule here: it must equal the folder name (TERMS013), and a renamed folder is a
deleted document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.model.terms import KeyPath
from termsite.source.files import load_source
from termsite.source.problems import key_path_str
from termsite.source.yaml import Source

_LANG = {"ja": "Japanese (ja)", "en": "English (en)"}
_NEW_DOCUMENT = "publish the terms as a new document (a new folder under terms/ with its own document.yml)"


def _diag(code: str, message: str, src: Source, path: KeyPath, hint: str) -> Diagnostic:
    line, col = src.at(path)
    return Diagnostic(code, "error", message, Location(src.path, line, col), hint=hint, key=key_path_str(path))


def _fixed(doc_id: str, old: dict[str, Any], src: Source, ref: str) -> list[Diagnostic]:
    """TERMS044: the governing language, the numbering and the change clause."""
    new = src.data
    out: list[Diagnostic] = []
    if old.get("original") != new.get("original"):
        was = old.get("original")
        out.append(_diag(
            "TERMS044", f"the governing language of published document {doc_id} changed from "
            f"{_LANG.get(str(was), was)} to {_LANG.get(str(new.get('original')), new.get('original'))} since {ref}",
            src, ("original",),
            hint=f"the original of a published document is fixed (its published text would turn into a translation): "
            f"restore `original: {was}`; for terms governed by another language, {_NEW_DOCUMENT}"))
    if old.get("numbering") != new.get("numbering"):
        out.append(_diag(
            "TERMS044", f"the numbering of published document {doc_id} changed from {old.get('numbering')} to "
            f"{new.get('numbering')} since {ref}: every published article would be labelled anew",
            src, ("numbering",),
            hint=f"the numbering of a published document is fixed: restore `numbering: {old.get('numbering')}`; "
            f"for another numbering, {_NEW_DOCUMENT}"))
    was_clause, clause = old.get("change_clause"), new.get("change_clause")
    if was_clause != clause:
        path: KeyPath
        if clause is None:
            what, path = f"was removed (it was '{was_clause}')", ()
        elif was_clause is None:
            what, path = f"was added ('{clause}'; there was none)", ("change_clause",)
        else:
            what, path = f"changed from '{was_clause}' to '{clause}'", ("change_clause",)
        restore = f"restore `change_clause: {was_clause}`" if was_clause else "remove `change_clause`"
        out.append(_diag(
            "TERMS044", f"the change clause of published document {doc_id} {what} since {ref}", src, path,
            hint=f"the change clause of a published document is fixed (its published notices state deemed consent "
            f"under it): {restore}; to change the article itself, keep its id in a new version; otherwise "
            f"{_NEW_DOCUMENT}"))
    return out


def _records(data: dict[str, Any]) -> list[Any]:
    renamed = data.get("renamed")
    return list(renamed) if isinstance(renamed, list) else []


def _renamed(doc_id: str, old: dict[str, Any], src: Source, ref: str) -> list[Diagnostic]:
    """TERMS045 and TERMS046: a new title or publisher is recorded, and old records stay."""
    out: list[Diagnostic] = []
    before, now = _records(old), _records(src.data)
    for i, entry in enumerate(before):
        if i >= len(now) or now[i] != entry:
            path: KeyPath = ("renamed", i) if i < len(now) else ("renamed",) if "renamed" in src.data else ()
            out.append(_diag(
                "TERMS046", f"entry {i + 1} of `renamed` of published document {doc_id} was changed or removed "
                f"since {ref}", src, path,
                hint=f"the record of earlier names is history: restore the entries as they are at {ref} and add new "
                "ones after them"))
            break
    added = now[len(before):]
    for key, what in (("title", "title"), ("publisher", "publisher")):
        was, value = old.get(key), src.data.get(key)
        if was == value:
            continue
        # an entry added since the base records the value as it was (any entry when there was none)
        if any(isinstance(e, dict) and e.get(key) == was for e in added) if was is not None else added:
            continue
        langs = [lang for lang in ("ja", "en") if (was or {}).get(lang) != (value or {}).get(lang)]
        if old.get("single_language") and _only_translation_added(old, was, langs):
            continue  # a document gaining its translation names itself in that language for the first time
        path = (key, langs[0]) if value is not None and langs and langs[0] in value else (key,) if value else ()
        change = "; ".join(f"{lang}: '{(was or {}).get(lang, '')}' -> '{(value or {}).get(lang, '')}'"
                           for lang in langs)
        out.append(_diag(
            "TERMS045", f"the {what} of published document {doc_id} changed since {ref} ({change}) without a "
            "`renamed` entry that records it", src, path,
            hint=f"restore the {what}, or record the earlier one: add to `renamed` an entry with `date` (the day of "
            f"the change), `{key}` (the {what} exactly as it is at {ref}) and `note` (why), as terms/README.md shows"))
    return out


def _only_translation_added(old: dict[str, Any], was: Any, langs: list[str]) -> bool:
    """True if the only change to a name of a one-language document is its first text in the other language."""
    translation = "en" if old.get("original") == "ja" else "ja"
    return langs == [translation] and not (was or {}).get(translation)


def check_document(root: Path, doc_id: str, old: dict[str, Any] | None, ref: str) -> list[Diagnostic]:
    """Problems with ``terms/<doc_id>/document.yml`` of a document published at ``ref`` (its data ``old``)."""
    display = f"terms/{doc_id}/document.yml"
    folder = root / "terms" / doc_id
    if not (folder / "document.yml").is_file():
        what = f"its folder terms/{doc_id}/ is gone" if not folder.is_dir() else "its document.yml is gone"
        return [Diagnostic(
            "TERMS047", "error", f"published document {doc_id} was deleted since {ref} ({what})",
            Location(display, 1, 1),
            hint=f"restore {display} from {ref} (git checkout {ref} -- terms/{doc_id}): a published document "
            f"cannot be deleted or renamed")]
    if old is None:
        return []  # broken at the base: it protects nothing
    src, problems = load_source(folder / "document.yml", display, "document")
    if src is None or problems:
        return []  # the loader reports the file's own problems
    return _fixed(doc_id, old, src, ref) + _renamed(doc_id, old, src, ref) + _single(doc_id, old, src, ref)


def _single(doc_id: str, old: dict[str, Any], src: Source, ref: str) -> list[Diagnostic]:
    """TERMS086: a published document with two languages cannot become a one-language document (its
    published translations would disappear); the other way (a translation added) is allowed."""
    if old.get("single_language") or not src.data.get("single_language"):
        return []
    return [_diag("TERMS086", f"published document {doc_id} was made single_language since {ref}: its published "
                  "translations would no longer be shown", src, ("single_language",),
                  hint="remove `single_language`: a published translation cannot be withdrawn; to stop translating, "
                  "declare `translation_pending: true` in a new version")]
