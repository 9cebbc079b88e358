"""What an import reads of the repository: one document, the version next to the new one, and the ids.

An import does not load the corpus. It reads ``document.yml``, the version it is compared with (the
latest one effective before the new date, else the earliest after it), the site settings, and the
ids of every other version file by a plain scan of their ``id:`` lines, so that its time does not
grow with the document's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from termsite.importer.ids import ids_in_text
from termsite.model.terms import Document, SiteConfig, Version
from termsite.source.build import build_document, build_version
from termsite.source.files import load_source
from termsite.source.new_version import NewVersionError
from termsite.source.repository import VERSION_NAME, load_config


@dataclass(frozen=True)
class ImportContext:
    """The document (holding only the version compared with), that version, settings and every id used."""

    document: Document
    previous: Version | None
    config: SiteConfig
    ever: frozenset[str]


def load_context(root: Path, doc_id: str, effective: dt.date) -> ImportContext:
    """Read what importing a version of ``doc_id`` effective ``effective`` needs; ``NewVersionError`` if unusable."""
    folder = root / "terms" / doc_id
    meta = folder / "document.yml"
    if not (doc_id and "/" not in doc_id and meta.is_file()):
        terms = root / "terms"
        known = sorted(p.name for p in terms.iterdir() if (p / "document.yml").is_file()) if terms.is_dir() else []
        raise NewVersionError(f"unknown document '{doc_id}' (documents: {', '.join(known) or 'none'})")
    display = f"terms/{doc_id}"
    src, problems = load_source(meta, f"{display}/document.yml", "document", root=root)
    files = sorted((f for f in folder.iterdir() if VERSION_NAME.match(f.name) and f.is_file()), key=lambda f: f.name)
    key = effective.isoformat()
    before = [f for f in files if f.name[:10] < key]
    after = [f for f in files if f.name[:10] > key]
    chosen = before[-1] if before else after[0] if after else None
    previous: Version | None = None
    if chosen is not None:
        vsrc, more = load_source(chosen, f"{display}/{chosen.name}", "version", root=root)
        problems += more
        if vsrc is not None:
            previous, more = build_version(vsrc, doc_id)
            problems += more
    if src is None or any(d.is_error and d.location.path.endswith("document.yml") for d in problems):
        raise NewVersionError(f"document '{doc_id}' has errors and cannot be loaded; run `terms check` and fix "
                              f"{display}/document.yml first")
    doc, more = build_document(src, doc_id, [previous] if previous is not None else [])
    ever: set[str] = set()
    for f in files:
        if f is not chosen and not f.is_symlink():  # a link may lead out of the repository: not read
            try:
                ever |= ids_in_text(f.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
    config, _ = load_config(root)
    return ImportContext(doc, previous, config, frozenset(ever))
