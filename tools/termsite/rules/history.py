"""Published history cannot be rewritten: compare the terms with a git base (a pull request's target).

A version that was published and announced at the base (``status: published`` and ``announced`` on
or before today in Tokyo, read from the base's own file) is history:

* its original-language text, its dates, status and impact must stay as they were (TERMS040);
* its translation may be corrected only together with a record of the fix: a new
  ``translation_revisions`` entry dated after the announcement (what changed and why, in both
  languages; entries already at the base stay as they are, TERMS071), or a new or extended ``note``
  (TERMS041);
* its file must not be deleted, renamed or moved (TERMS042; the renamed file itself: TERMS048);
* a translation declared pending (``translation_pending``) is not yet published: it may grow freely,
  and is published by removing the flag with a new ``translation_revisions`` entry (TERMS085); a
  published translation cannot be declared pending again.

The document's ``document.yml`` is sealed by :mod:`.history_document` (TERMS044-TERMS047). What was
published, and which language is the original, is decided by the base's files, never the current ones.

A correction of published text is a new version (``terms new-version``). The base is read with
``git ls-tree`` and ``git cat-file``; a base that cannot be read is one clear error (TERMS043).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.model.gaps import only_marked
from termsite.model.terms import Corpus, KeyPath, Lang, Version
from termsite.model.timeline import today_in_tokyo
from termsite.rules.history_document import check_document
from termsite.source.canonical import version_data
from termsite.source.parse import load_version_text, parse_text
from termsite.source.problems import key_path_str
from termsite.source.repository import VERSION_NAME

GIT_TIMEOUT = 120
_LANG_NAME = {"ja": "Japanese", "en": "English"}
MAX_REPORTED = 10  # differences reported per version and language; the rest are counted
# Keys that are facts about the version rather than text; a change to them is named by key.
_FACTS_ONLY = ("effective", "announced", "status", "impact")


class BaseError(Exception):
    """The git base cannot be read."""


@dataclass
class BaseSnapshot:
    """The terms at a git ref: every version that loads, and problems with the ones that do not."""

    ref: str
    versions: dict[tuple[str, str], Version] = field(default_factory=dict)
    originals: dict[str, Lang] = field(default_factory=dict)
    documents: dict[str, dict[str, Any] | None] = field(default_factory=dict)  # document.yml data (None: broken)
    problems: list[Diagnostic] = field(default_factory=list)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise BaseError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise BaseError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    text = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[0] if text else f"git exited with {proc.returncode}"


def read_base(root: Path, ref: str) -> BaseSnapshot:
    """Every document and version file under ``terms/`` at ``ref``; raises :class:`BaseError`."""
    if not ref or ref.startswith("-") or any(c in ref for c in " \t\n:"):
        raise BaseError(f"'{ref}' is not a git ref")
    top = _git(root, "rev-parse", "--show-prefix")
    if top.returncode != 0:
        raise BaseError(f"{root} is not inside a git repository ({_stderr(top)})")
    prefix = top.stdout.decode("utf-8").strip()
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise BaseError(f"unknown git ref '{ref}': no such branch, tag or commit here")
    sha = commit.stdout.decode().strip()
    listing = _git(root, "ls-tree", "-r", "--full-tree", "--name-only", "-z", sha, "--", f"{prefix}terms")
    if listing.returncode != 0:
        raise BaseError(f"cannot list terms/ at '{ref}': {_stderr(listing)}")
    snap = BaseSnapshot(ref)
    paths = [p for p in listing.stdout.decode("utf-8", "replace").split("\0") if p]
    for full in sorted(paths):
        rel = full[len(prefix):]
        parts = rel.split("/")
        if len(parts) != 3:
            continue
        _, doc_id, name = parts
        if name == "document.yml":
            text = _blob(root, sha, full, ref)
            src, _ = parse_text(text, f"{rel}@{ref}", "document") if text is not None else (None, [])
            snap.documents[doc_id] = src.data if src is not None else None
            if src is not None and src.data.get("original") in ("ja", "en"):
                snap.originals[doc_id] = src.data["original"]
            continue
        m = VERSION_NAME.match(name)
        if not m:
            continue
        text = _blob(root, sha, full, ref)
        if text is None:
            continue
        version, _ = load_version_text(text, f"{rel}@{ref}", doc_id)
        if version is None or version.key != m.group(1):
            continue  # a file that was broken at the base protects nothing
        snap.versions[(doc_id, version.key)] = version
    return snap


def _blob(root: Path, sha: str, path: str, ref: str) -> str | None:
    proc = _git(root, "cat-file", "blob", f"{sha}:{path}")
    if proc.returncode != 0:
        raise BaseError(f"cannot read {path} at '{ref}': {_stderr(proc)}")
    try:
        return proc.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def was_announced(version: Version, today: dt.date) -> bool:
    """Published and announced on or before ``today``: the public has seen this text."""
    return version.status == "published" and version.announced is not None and version.announced <= today


def _project(value: Any, lang: Lang) -> Any:
    """``value`` with every localized text reduced to its ``lang`` side."""
    if isinstance(value, dict):
        if value and set(value) <= {"ja", "en"}:
            return value.get(lang)
        return {k: _project(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_project(v, lang) for v in value]
    return value


def _differences(old: Any, new: Any, path: KeyPath = ()) -> Iterator[KeyPath]:
    """Key paths where ``old`` and ``new`` differ, as deep as both still have the same shape; a text
    that only gained markers of gaps in the source (:func:`termsite.model.gaps.only_marked`) is the same."""
    if old == new or (isinstance(old, str) and isinstance(new, str) and only_marked(old, new)):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            yield from _differences(old.get(key), new.get(key), path + (key,))
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _differences(a, b, path + (i,))
        return
    yield path


def _texts_of(version: Version, lang: Lang, original: bool = False) -> dict[str, Any]:
    data = version_data(version)
    data.pop("note", None)
    data.pop("translation_revisions", None)  # a record about the translation, checked on its own
    data.pop("translation_pending", None)  # a fact about the translation, checked on its own (TERMS085)
    if original:  # a translator's note is the translation's: the original is the same without one
        data = _without_notes(data)
        if "preamble" in data:
            data["preamble"] = [e["text"] if isinstance(e, dict) and "text" in e else e for e in data["preamble"]]
    return {k: _project(v, lang) for k, v in data.items()}


def _without_notes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_notes(v) for k, v in value.items() if k != "translator_note"}
    if isinstance(value, list):
        return [_without_notes(v) for v in value]
    return value


def _diag(code: str, message: str, version: Version, path: KeyPath, hint: str) -> Diagnostic:
    line, col = version.location(path)
    return Diagnostic(code, "error", message, Location(version.source, line, col), hint=hint, key=key_path_str(path))


def _located(version: Version, path: KeyPath, lang: Lang) -> KeyPath:
    """The path of the changed text in the file: localized leaves gain their language key."""
    node: Any = version_data(version)
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return path
    return path + (lang,) if isinstance(node, dict) and lang in node else path


def compare_published(old: Version, new: Version, original: Lang, ref: str,
                      untranslated: bool = False) -> list[Diagnostic]:
    """TERMS040, TERMS041 and TERMS085 for one version announced at the base, compared with its current
    file; ``untranslated``: the document had no translation at the base (``single_language``)."""
    out: list[Diagnostic] = []
    translation: Lang = "en" if original == "ja" else "ja"
    announced = f"announced {old.announced}"
    changed = list(_differences(_texts_of(old, original, True), _texts_of(new, original, True)))
    for path in changed[:MAX_REPORTED]:
        what = f"the {_LANG_NAME[original]} original" if path[0] not in _FACTS_ONLY else f"`{path[0]}`"
        out.append(_diag(
            "TERMS040", f"{what} of this published version ({announced}) differs from {ref}",
            new, _located(new, path, original),
            hint=f"published history cannot be rewritten: restore the text as it is at {ref} and make the correction a "
            f"new version (terms new-version {new.document_id} --effective YYYY-MM-DD)"))
    if len(changed) > MAX_REPORTED:
        out.append(_diag("TERMS040", f"and {len(changed) - MAX_REPORTED} more change(s) to published text",
                         new, (), hint=CODES["TERMS040"][1]))
    kept = new.translation_revisions[:len(old.translation_revisions)]
    for i, entry in enumerate(old.translation_revisions):
        now = kept[i] if i < len(kept) else None
        if now is None or (now.date, now.summary) != (entry.date, entry.summary):
            where = now.path if now is not None else ("translation_revisions",)
            out.append(_diag("TERMS071", f"translation revision of {entry.date} recorded at {ref} was "
                             + ("removed" if now is None else "changed"), new, where, hint=CODES["TERMS071"][1]))
    published_on = old.announced or old.effective  # announced: was_announced decided that
    revised = any(r.date > published_on for r in new.translation_revisions[len(old.translation_revisions):])
    noted = bool(new.note) and (new.note or "").strip() != (old.note or "").strip()
    out.extend(_pending_problems(old, new, ref, revised, untranslated))
    # while the translation is still pending it is not published: the translator may add to it freely
    unpublished = untranslated or (old.translation_pending and new.translation_pending)
    if not noted and not revised and not unpublished:
        fixed = list(_differences(_texts_of(old, translation), _texts_of(new, translation)))
        for path in fixed[:MAX_REPORTED]:
            out.append(_diag(
                "TERMS041", f"the {_LANG_NAME[translation]} translation of this published version ({announced}) "
                f"changed since {ref} without a record of the revision", new, _located(new, path, translation),
                hint="a translation fix is allowed: record it in a new `translation_revisions` entry (the day, and "
                "what was corrected and why in both languages) or in `note`, in the same change"))
        if len(fixed) > MAX_REPORTED:
            out.append(_diag("TERMS041", f"and {len(fixed) - MAX_REPORTED} more translation change(s) without a record",
                             new, ("note",), hint=CODES["TERMS041"][1]))
    return out


def _pending_problems(old: Version, new: Version, ref: str, revised: bool, untranslated: bool) -> list[Diagnostic]:
    """TERMS085: the translation of a published version becomes published only with a record (a new
    ``translation_revisions`` entry), and a published translation cannot be declared pending again."""
    announced = f"announced {old.announced}"
    if old.translation_pending and not new.translation_pending and not revised:
        return [_diag("TERMS085", f"translation_pending was removed from this published version ({announced}) "
                      f"since {ref} without a new `translation_revisions` entry", new,
                      ("translation_revisions",) if new.translation_revisions else (),
                      hint="publishing the translation is a recorded revision: add a `translation_revisions` entry "
                      "(the day, and that the translation was added, in both languages) in the same change")]
    if new.translation_pending and not old.translation_pending and not untranslated:
        return [_diag("TERMS085", f"translation_pending was added to this published version ({announced}) since "
                      f"{ref}: its translation was published", new, ("translation_pending",),
                      hint="remove `translation_pending`: a published translation cannot be withdrawn; correct it "
                      "with a `translation_revisions` entry instead")]
    return []


def check_history(root: Path, corpus: Corpus, base: str, as_of: dt.date | None = None) -> list[Diagnostic]:
    """Problems with published history compared with the git ref ``base`` (``terms check --base``)."""
    try:
        snap = read_base(root, base)
    except BaseError as exc:
        return [Diagnostic("TERMS043", "error", f"git base cannot be read: {exc}", Location("terms", 1, 1),
                           hint=f"{CODES['TERMS043'][1]} (in CI: git fetch origin <target-branch>)")]
    today = as_of or today_in_tokyo()
    out: list[Diagnostic] = []
    published: set[str] = set()
    for (doc_id, key), old in sorted(snap.versions.items()):
        if not was_announced(old, today):
            continue
        published.add(doc_id)
        doc = corpus.document(doc_id)
        new = doc.version(key) if doc is not None else None
        base_path = old.source.rsplit("@", 1)[0]
        if new is None:
            folder = root / "terms" / doc_id
            if any(VERSION_NAME.match(f.name) and f.name.startswith(key) for f in _listing(folder)):
                continue  # the file is there but broken: the loader has reported it
            moved = _moved_to(corpus, old)
            out.append(Diagnostic(
                "TERMS042", "error", f"published version {doc_id} {key} (announced {old.announced}) was "
                + (f"moved to {moved.source} since {base}" if moved else f"deleted or renamed since {base}"),
                Location(base_path, 1, 1),
                hint=f"restore {base_path} from {base}: published history cannot be deleted; to end a version, publish "
                "a new one"))
            if moved is not None:
                out.append(_renamed_file(moved, base_path, doc_id, key, base))
            continue
        if new.source != base_path:
            out.append(Diagnostic(
                "TERMS042", "error", f"published version {doc_id} {key} (announced {old.announced}) was renamed "
                f"to {new.source} since {base}", Location(base_path, 1, 1),
                hint=f"rename it back (git mv {new.source} {base_path}): a published version keeps its file, "
                "renaming it is deleting it and adding another"))
            out.append(_renamed_file(new, base_path, doc_id, key, base))
        # the base decides which language governs: a flipped `original` must not turn it into a translation
        original = snap.originals.get(doc_id) or (doc.original if doc is not None else "ja")
        old_doc = snap.documents.get(doc_id) or {}
        out.extend(compare_published(old, new, original, base, bool(old_doc.get("single_language"))))
    for doc_id in sorted(published):
        out.extend(check_document(root, doc_id, snap.documents.get(doc_id), base))
    return out


def _moved_to(corpus: Corpus, old: Version) -> Version | None:
    """The current version, in any document, whose content is that of ``old``: where a moved file went."""
    data = version_data(old)
    for doc in corpus.documents:
        new = doc.version(old.key)
        if new is not None and version_data(new) == data:
            return new
    return None


def _renamed_file(new: Version, base_path: str, doc_id: str, key: str, base: str) -> Diagnostic:
    return Diagnostic(
        "TERMS048", "error", f"this file is published version {doc_id} {key}, renamed or moved from {base_path} "
        f"since {base}", Location(new.source, 1, 1),
        hint=f"move it back to {base_path} (git mv {new.source} {base_path}); a new version is a new file "
        "named by its effective date (terms new-version)")


def _listing(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


@dataclass(frozen=True)
class ChangedVersion:
    """A version added or changed since the base, and the version before it (for the 新旧対照表)."""

    document: str
    version: str
    previous: str | None
    change: str  # "added" | "changed"


def changed_versions(root: Path, corpus: Corpus, base: str) -> list[ChangedVersion]:
    """Versions whose content differs from ``base`` (or that are new); raises :class:`BaseError`."""
    snap = read_base(root, base)
    out: list[ChangedVersion] = []
    for doc in corpus.documents:
        previous: Version | None = None
        for v in doc.versions:
            old = snap.versions.get((doc.id, v.key))
            if old is None or version_data(old) != version_data(v):
                out.append(ChangedVersion(doc.id, v.key, previous.key if previous else None,
                                          "added" if old is None else "changed"))
            previous = v
    return out
