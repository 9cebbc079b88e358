"""One publication as a ledger entry: what the site showed, as of its build day, and every file's hash.

The entry (before :func:`termsite.ledger.chain.seal` numbers, chains and hashes it) holds:

- ``time``: the publishing run's clock, UTC (``2026-12-03T15:05:12Z``); ``as_of``: the build day;
- ``commit``: the commit built (``git rev-parse HEAD``), or null with ``commit_note`` saying why;
- ``versions``: every version the site shows, with its state as of the build day (``current``: in
  force, ``upcoming``, ``superseded``), dates, impact, the SHA-256 of its canonical text (the one
  ``/api/terms.json`` publishes) and its URLs;
- ``notices``: every notice posted, per language, with its URL and the SHA-256 of its built page;
- ``pages``: the SHA-256 of every file of the built site by its path, except the ledger itself
  (``api/ledger.json``) and the build's stamp (``.terms-build``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from termsite.model.terms import LANGS, Corpus
from termsite.model.timeline import timeline
from termsite.notices.notice import changes_in
from termsite.site.urls import absolute_url, changes_path, notice_path, site_path, version_path
from termsite.source.canonical import content_hash

LEDGER_PATH = "api/ledger.json"
"""Where the site publishes the ledger (the adapter writes it after the build)."""
NOT_RECORDED = frozenset({LEDGER_PATH, ".terms-build"})


class RecordError(Exception):
    """The site cannot be recorded as a publication (the message says why and what to do)."""


def file_hash(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def site_files(site: Path) -> dict[str, str]:
    """SHA-256 of every regular file of the site by its ``/``-separated path, except the ledger and the
    stamp. A symbolic link is refused: a published site holds files only."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath, name)
            rel = full.relative_to(site).as_posix()
            if rel in NOT_RECORDED:
                continue
            if full.is_symlink() or not full.is_file():
                raise RecordError(f"{full}: not a regular file; a published site holds files only")
            out[rel] = file_hash(full)
    return out


def utc_text(moment: dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC (an aware ``moment``)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_body(corpus: Corpus, as_of: dt.date, pages: dict[str, str], *, at: dt.datetime,
               commit: str | None, commit_note: str | None = None) -> dict[str, Any]:
    """The entry of a publication of ``corpus`` as of ``as_of`` whose files hash to ``pages``."""
    site_url = corpus.config.site_url

    def urls(path: str) -> dict[str, str]:
        return {lang: absolute_url(site_url, site_path(lang, path)) for lang in LANGS}

    versions: list[dict[str, Any]] = []
    notices: list[dict[str, Any]] = []
    for doc in corpus.documents:
        for e in timeline(doc, as_of):
            v = e.version
            has_changes = site_path(LANGS[0], changes_path(doc.id, v.key)) + "index.html" in pages
            versions.append({
                "document": doc.id, "version": v.key, "state": e.state,
                "announced": v.announced.isoformat() if v.announced else None,
                "effective": v.effective.isoformat(), "impact": v.impact, "sha256": content_hash(v),
                "urls": urls(version_path(doc.id, v.key)),
                "changes_urls": urls(changes_path(doc.id, v.key)) if has_changes else None,
            })
        for _previous, v in changes_in(doc, as_of):
            for lang in LANGS:
                path = site_path(lang, notice_path(doc.id, v.key))
                page = pages.get(path + "index.html")
                if page is None:
                    raise RecordError(f"the notice of {doc.id} {v.key} ({lang}) is not in the site at "
                                      f"{path}index.html: record the site this build of the terms made")
                notices.append({"document": doc.id, "version": v.key, "lang": lang,
                                "url": absolute_url(site_url, path), "path": path + "index.html", "sha256": page})
        for v in doc.versions:
            if v.status == "draft" and site_path(LANGS[0], version_path(doc.id, v.key)) + "index.html" in pages:
                raise RecordError(f"the site shows the draft {doc.id} {v.key}: it is a preview (built with "
                                  "--drafts), not a publication; build without --drafts and record that")
    body: dict[str, Any] = {
        "time": utc_text(at), "as_of": as_of.isoformat(), "commit": commit, "site_url": site_url,
        "versions": versions, "notices": notices, "pages": dict(sorted(pages.items())),
    }
    if commit is None:
        body["commit_note"] = commit_note or "no commit: not recorded"
    return body
