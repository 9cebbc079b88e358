"""The repository's folder rules: ``terms/<document>/document.yml`` and ``<YYYY-MM-DD>.yml`` version
files, ``site_config/site.yml`` and ``glossary.yml``, read into a :class:`Corpus` with every problem found.

Loading does the plain thing unless it is given more: a ``store`` of parsed files (a cache), a
``read_ahead`` map that reads version files ahead of the walk (on other cores), and ``nodes``, a
context in which the YAML composer makes lighter nodes. None of them changes a result.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import Corpus, Document, GlossaryTerm, SiteConfig, Version
from termsite.source.ahead import MapAhead, ReadAhead
from termsite.source.build import build_config, build_document, build_glossary, build_version
from termsite.source.files import load_source
from termsite.source.problems import diag, shown
from termsite.source.safe_read import NotReadable, read_regular
from termsite.source.store import ParsedStore

VERSION_NAME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.ya?ml\Z")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block with the cyclic garbage collector paused, then freeze what it created.

    Loading builds millions of small objects that live as long as the process; with the collector on,
    each collection rescans all of them and loading grows much faster than linearly. The loaded model
    is immutable and never garbage, so it is frozen out of later collections too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_document(folder: Path, root: Path, store: ParsedStore | None = None,
                  ahead: ReadAhead | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """A document folder: ``document.yml`` and every version file, oldest first."""
    diags: list[Diagnostic] = []
    rel = _rel(folder, root)
    meta_path = folder / "document.yml"
    try:
        entries = _folder_entries(folder)
    except OSError as exc:
        return None, [_folder_error(exc, rel)]
    if not os.path.lexists(meta_path):
        diags.append(diag("TERMS009", f"folder '{rel}' has no document.yml", rel,
                          hint="add document.yml (id, title, original, numbering) or move the files"))
        return None, diags
    src, more = load_source(meta_path, f"{rel}/document.yml", "document", root=root)
    diags += more
    versions: list[Version] = []
    version_files = 0
    for f, m in entries:
        display = f"{rel}/{f.name}"
        if m is None:
            diags.append(diag("TERMS009", f"'{shown(f.name)}' is not a version file", shown(display),
                              hint="name version files by their effective date, e.g. 2025-04-01.yml"))
            continue
        version_files += 1
        vsrc, more = load_source(f, display, "version", store, ahead, root)
        diags += more
        if vsrc is None:
            continue
        version, more = build_version(vsrc, folder.name)
        diags += more
        if version is None:
            continue
        if version.key != m.group(1):
            line, col = vsrc.at(("effective",))
            diags.append(diag("TERMS010", f"file name says {m.group(1)} but `effective` is {version.key}",
                              display, line, col, key="effective"))
        versions.append(version)
    if src is None:
        return None, diags
    if version_files == 0:
        diags.append(diag("TERMS024", f"document '{folder.name}' has no version", src.path))
    doc, more = build_document(src, folder.name, versions)
    return doc, diags + more


def _folder_entries(folder: Path) -> list[tuple[Path, re.Match[str] | None]]:
    """The files of a document folder but document.yml, with their name's match if they are versions.

    Raises :class:`OSError` if the folder cannot be listed; any other file is read (or refused) later.
    """
    out: list[tuple[Path, re.Match[str] | None]] = []
    for f in sorted(folder.iterdir()):
        if f.name.startswith(".") or f.name in ("document.yml", "README.md"):
            continue
        m = VERSION_NAME.match(f.name)
        out.append((f, None if _is_dir(f) else m))
    return out


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder (following links); ``False`` when it cannot even be looked at."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _folder_error(exc: OSError, display: str) -> Diagnostic:
    return diag("TERMS001", f"cannot read folder: {exc.strerror or exc}", display,
                hint="make the folder readable (and searchable) for the user running terms")


def load_glossary(root: Path) -> tuple[tuple[GlossaryTerm, ...], list[Diagnostic]]:
    """``site_config/glossary.yml``: every defined term and its fixed translation."""
    path = root / "site_config" / "glossary.yml"
    if not os.path.lexists(path):
        return (), []
    src, diags = load_source(path, "site_config/glossary.yml", "glossary", root=root)
    if src is None:
        return (), diags
    return build_glossary(src), diags


def load_config(root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """``site_config/site.yml`` and the glossary; defaults where they are absent."""
    glossary, diags = load_glossary(root)
    path = root / "site_config" / "site.yml"
    if not os.path.lexists(path):
        return SiteConfig(glossary=glossary), diags
    src, more = load_source(path, "site_config/site.yml", "site", root=root)
    diags += more
    if src is None:
        return SiteConfig(glossary=glossary), diags
    config = build_config(src, glossary)
    logo, problems = _logo(root, config)
    return (replace(config, publisher=replace(config.publisher, logo_data=logo)) if logo else config), diags + problems


_LOGO_LIMIT = 1 << 20


def _logo(root: Path, config: SiteConfig) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of the publisher's logo named in ``site.yml``, or why it cannot be read."""
    name = config.publisher.logo
    if not name:
        return None, []
    try:
        return read_regular(root / name, _LOGO_LIMIT, root), []
    except NotReadable as exc:
        line, col = config.location(("publisher", "logo"))
        return None, [diag("TERMS001", f"publisher.logo '{name}': {exc}", config.source, line, col,
                           hint="put the logo file (.svg or .png, at most 1 MB) at that path, or remove `logo`")]


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_corpus(root: Path, *, store: ParsedStore | None = None, read_ahead: MapAhead | None = None,
                nodes: Callable[[], AbstractContextManager[object]] | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """Every document under ``root/terms`` and the site settings, with all problems found.

    ``store`` keeps parsed files between loads (and is pruned to this load's files), ``read_ahead``
    reads version files ahead of the walk, ``nodes()`` is entered around the load: none of them
    changes the corpus or the diagnostics.
    """
    with paused_gc(), (nodes() if nodes is not None else contextlib.nullcontext()):
        return _load_corpus(root, store, read_ahead)


def _load_corpus(root: Path, store: ParsedStore | None,
                 read_ahead: MapAhead | None) -> tuple[Corpus, list[Diagnostic]]:
    terms = root / "terms"
    try:
        entries = [e for e in sorted(terms.iterdir()) if not e.name.startswith(".") and e.name != "README.md"] \
            if _is_dir(terms) else []
    except OSError as exc:
        config, diags = load_config(root)
        return Corpus((), config), [*diags, _folder_error(exc, "terms")]
    ahead = ReadAhead(_version_files(entries, root), store, read_ahead, root) if read_ahead is not None else None
    try:
        return _load_all(root, entries, store, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _version_files(entries: list[Path], root: Path) -> list[tuple[Path, str]]:
    """(path, display name) of the version files :func:`load_document` will read, in its order."""
    out = []
    for entry in entries:
        if not _is_dir(entry) or not os.path.lexists(entry / "document.yml"):
            continue
        rel = _rel(entry, root)
        try:
            out += [(f, f"{rel}/{f.name}") for f, m in _folder_entries(entry) if m is not None]
        except OSError:
            continue  # load_document reports it
    return out


def _load_all(root: Path, entries: list[Path], store: ParsedStore | None,
              ahead: ReadAhead | None) -> tuple[Corpus, list[Diagnostic]]:
    config, diags = load_config(root)
    terms = root / "terms"
    docs: list[Document] = []
    if not _is_dir(terms):
        diags.append(diag("TERMS009", "no terms/ folder here", _rel(terms, root),
                          hint="run the command at the top of the terms repository"))
        return Corpus((), config), diags
    for entry in entries:
        if not _is_dir(entry):
            if entry.suffix in (".yml", ".yaml"):
                diags.append(diag("TERMS009", "version file outside any document folder", _rel(entry, root),
                                  hint="move it to terms/<document-id>/ next to a document.yml"))
            continue
        doc, more = load_document(entry, root, store, ahead)
        diags += more
        if doc is not None:
            docs.append(doc)
    order = {d: i for i, d in enumerate(config.document_order)}
    docs.sort(key=lambda d: (order.get(d.id, len(order)), d.id))
    if store is not None:
        store.prune()
    return Corpus(tuple(docs), config), diags
