"""``terms new-version``: start a new version of a document as a copy of its latest version.

The copy keeps the text, the comments and the layout of the latest version file byte for byte (but
for the old version's records of reviewed translations, ``translation: unchanged``); only the
top-level facts about the version change: the new ``effective`` date, ``announced`` (when given),
``status: draft`` and ``impact`` (when given). The old ``summary``, ``reason`` and ``note`` describe
the old version, so they are left out and replaced by commented templates that tell the editor what
to fill in; ``terms check`` warns about them while the version is a draft and fails a published one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import Corpus, Document, Impact, Version
from termsite.source.canonical import version_data
from termsite.source.parse import load_version_text
from termsite.source.repository import VERSION_NAME
from termsite.source.roundtrip import RoundTripError, top_level_spans
from termsite.source.text import read_text

# Top-level keys that describe the version rather than its text; they are rewritten, never copied.
_FACTS = ("effective", "announced", "status", "impact", "summary", "reason", "note", "translation_revisions")


class NewVersionError(Exception):
    """The new version cannot be created; the message says why and how to fix it."""


@dataclass(frozen=True)
class NewVersion:
    """A planned version file: where it goes, its text and the file it was copied from."""

    path: Path
    display: str
    text: str
    copied_from: str


def existing_versions(folder: Path) -> dict[str, Path]:
    """Version files on disk by effective date (``YYYY-MM-DD``), whether or not they load."""
    found: dict[str, Path] = {}
    if folder.is_dir():
        for f in sorted(folder.iterdir()):
            m = VERSION_NAME.match(f.name)
            if m and f.is_file():
                found[m.group(1)] = f
    return found


def find_document(root: Path, corpus: Corpus, doc_id: str) -> Document:
    """The loaded document ``doc_id``, or an error naming the documents that exist."""
    doc = corpus.document(doc_id)
    if doc is not None:
        return doc
    if (root / "terms" / doc_id / "document.yml").is_file():
        raise NewVersionError(f"document '{doc_id}' has errors and cannot be loaded; run `terms check` and fix "
                              f"terms/{doc_id}/document.yml first")
    known = ", ".join(d.id for d in corpus.documents) or "none"
    raise NewVersionError(f"unknown document '{doc_id}' (documents: {known})")


def check_new_date(folder: Path, display_folder: str, effective: dt.date) -> None:
    """Refuse an effective date that clashes with or precedes an existing version file."""
    existing = existing_versions(folder)
    key = effective.isoformat()
    if key in existing:
        raise NewVersionError(f"{display_folder}/{existing[key].name} already exists: a document has one version "
                              "per effective date; choose another date or edit that file")
    later = sorted(k for k in existing if k > key)
    if later:
        raise NewVersionError(f"{key} is not after the latest version {later[-1]} of {display_folder}: a new version "
                              "must take effect after every existing one (published history is not rewritten)")


def _template(impact: Impact | None) -> list[str]:
    lines = []
    if impact is None:
        lines.append("# impact: favourable | adverse | editorial   # required (TERMS030): decides the notice period\n")
    lines += [
        "# summary:        # what changes, in both languages (TERMS031): uncomment and fill in before publishing\n",
        "#   ja: …\n",
        "#   en: …\n",
    ]
    if impact in (None, "adverse"):
        lines += [
            "# reason:         # why: required for an adverse change (TERMS032, 民法548条の4)\n",
            "#   ja: …\n",
            "#   en: …\n",
        ]
    return lines


def plan_new_version(
    root: Path, corpus: Corpus, doc_id: str, effective: dt.date,
    announced: dt.date | None = None, impact: Impact | None = None,
) -> NewVersion:
    """The text of ``terms/<doc>/<effective>.yml`` copied from the latest version; nothing is written."""
    doc = find_document(root, corpus, doc_id)
    folder = root / "terms" / doc.id
    display_folder = f"terms/{doc.id}"
    if announced is not None and announced > effective:
        raise NewVersionError(f"--announced {announced} is after --effective {effective}: a version is announced on "
                              "or before the day it takes effect")
    existing = existing_versions(folder)
    if not existing:
        raise NewVersionError(f"{display_folder} has no version to copy: write the first version by hand or with "
                              "`terms import`")
    check_new_date(folder, display_folder, effective)
    latest_key = max(existing)
    latest_path = existing[latest_key]
    latest_display = f"{display_folder}/{latest_path.name}"
    if doc.version(latest_key) is None:
        raise NewVersionError(f"the latest version {latest_display} has errors and cannot be copied; run `terms check` "
                              "and fix it first")
    text, problems = read_text(latest_path, latest_display)
    if text is None:
        raise NewVersionError("; ".join(d.as_text() for d in problems))
    try:
        spans = top_level_spans(text, latest_display)
    except RoundTripError as exc:
        raise NewVersionError(str(exc)) from None

    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    first_key = min(start for start, _ in spans.values())
    header = [ln for ln in lines[:first_key] if ln.startswith("# yaml-language-server:")]
    header.append(f"# Copied from {latest_path.name} by `terms new-version`: edit the text, then describe the change "
                  "below.\n")

    facts = [
        f"effective: {effective.isoformat()}\n",
        *([f"announced: {announced.isoformat()}\n"] if announced else []),
        "status: draft\n",
        *([f"impact: {impact}\n"] if impact else []),
        *_template(impact),
    ]
    fact_spans = sorted(span for key, span in spans.items() if key in _FACTS)
    other_starts = [start for key, (start, _) in spans.items() if key not in _FACTS]
    body: list[str] = []
    if fact_spans:
        lo, hi = fact_spans[0][0], fact_spans[-1][1]
        if any(lo < s < hi for s in other_starts):  # facts interleaved with text keys: drop each one alone
            drop = {i for s, e in fact_spans for i in range(s, e)}
            kept = [ln for i, ln in enumerate(lines[first_key:], first_key) if i not in drop]
            body = facts + kept
        else:
            body = lines[first_key:lo] + facts + lines[hi:]
    else:
        body = facts + lines[first_key:]
    new_text = "".join(header + body)

    display = f"{display_folder}/{effective.isoformat()}.yml"
    version, diags = load_version_text(new_text, display, doc.id)
    errors = [d for d in diags if d.is_error]
    if version is None or errors:  # the copy of a loading version always loads; guard against surprises
        raise NewVersionError("the copied version does not load: " + "; ".join(d.as_text() for d in errors))
    new_text = _without_reviews(new_text, display, doc.id, version)
    return NewVersion(folder / f"{effective.isoformat()}.yml", display, new_text, latest_display)


# A record of a reviewed translation on its own line (``translation: unchanged``), not as the first key
# of a list entry (``- translation: …``), whose removal would change the entry.
_REVIEW_LINE = re.compile(r"^[ \t]+translation:[ \t]*(?:unchanged|corrected)[ \t]*(?:#[^\n]*)?\n", re.MULTILINE)


def _stripped(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _stripped(v) for k, v in data.items() if k != "translation"}
    if isinstance(data, list):
        return [_stripped(v) for v in data]
    return data


def _without_reviews(text: str, display: str, doc_id: str, copied: Version) -> str:
    """The copy without the old version's records of reviewed translations (``translation:``): they
    describe the old version's changes, and kept in the new one they would hide its drift. Kept as
    they are if removing the lines would change anything else (then ``terms check`` warns, TERMS069)."""
    if not _REVIEW_LINE.search(text):
        return text
    out = _REVIEW_LINE.sub("", text)
    version, diags = load_version_text(out, display, doc_id)
    if version is None or any(d.is_error for d in diags) or \
            _stripped(version_data(version)) != _stripped(version_data(copied)):
        return text
    return out


def write_new_version(plan: NewVersion) -> None:
    """Create the planned file; refuses to overwrite a file that appeared meanwhile."""
    try:
        with plan.path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(plan.text)
    except FileExistsError:
        raise NewVersionError(f"{plan.display} already exists; nothing was written") from None
    except OSError as exc:
        raise NewVersionError(f"cannot write {plan.display}: {exc.strerror}") from None


def diagnostics_for(diags: list[Diagnostic], display: str) -> list[Diagnostic]:
    """The diagnostics located in the file ``display``."""
    return [d for d in diags if d.location.path == display]
