"""Commands that start something: ``init`` (a new terms repository), ``new-document``, ``write-schemas``.

The texts come from :mod:`termsite.source.scaffold`; here they are checked by the same code as
``terms check`` (the schema, then the rules on the site settings and the document) before anything is
written, and every refusal is a usage error (exit 2) that names the option to correct.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from termsite.adapters.cli.main import UsageError
from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import LANGS, Lang, Numbering, SiteConfig
from termsite.model.text_safety import reveal_all
from termsite.model.timeline import today_in_tokyo
from termsite.rules.checks import check_document, check_site_config, text_problems
from termsite.source.build import build_config, build_document
from termsite.source.parse import parse_text
from termsite.source.roundtrip import RoundTripError
from termsite.source.scaffold import (
    REQUIREMENT_FILE,
    REQUIREMENT_PLACEHOLDER,
    DocumentInputs,
    Localized2,
    SiteInputs,
    default_site_name,
    document_yml,
    repository_files,
    schema_files,
    site_yml,
    with_document_in_order,
    write_files,
)
from termsite.source.schema import schema

RESERVED_IDS = ("api", "assets", "en", "ja", "notices", "search")
"""Folders of the site itself: a document there would clash with them."""
SITE_FILE = "site_config/site.yml"


def register(subparsers: Any) -> None:
    """Add ``init``, ``new-document`` and ``write-schemas`` to the ``terms`` parser."""
    i = subparsers.add_parser(
        "init", help="start a new terms repository in an empty folder",
        description="Write a new terms repository into DIR (new or empty): mkdocs.yml, site_config/site.yml, an "
        "empty terms/, the GitHub workflows (pull-request checks, publishing on merge and daily), the pre-commit "
        "hooks, README and CONTRIBUTING for its editors and the JSON Schemas. `terms build` works in it at once.")
    i.add_argument("dir", type=Path, help="the folder of the new repository (created if absent; must be empty)")
    i.add_argument("--publisher-ja", required=True, help="the publisher's name in Japanese, e.g. 株式会社例")
    i.add_argument("--publisher-en", required=True, help="the publisher's name in English, e.g. 'Example, Inc.'")
    i.add_argument("--site-url", required=True, help="the address the site is published at, e.g. "
                   "https://terms.example.com/ (https, ending in /)")
    i.add_argument("--site-name-ja", help="the site's name in Japanese (default: '<publisher>の利用規約')")
    i.add_argument("--site-name-en", help="the site's name in English (default: '<publisher> Terms')")
    i.add_argument("--termsite-requirement", metavar="REQUIREMENT",
                   help=f"the pip requirement the workflows install termsite from, written to {REQUIREMENT_FILE} "
                   "(default: where this termsite was installed from, if that is a URL; else a placeholder)")
    i.set_defaults(func=cmd_init)

    n = subparsers.add_parser(
        "new-document", help="start a new document: terms/ID/document.yml, listed on the hub",
        description="Write terms/ID/document.yml and add ID to the hub order of site_config/site.yml (keeping "
        "its comments). Then import its first version with `terms import FILE --document ID --effective DATE`.")
    n.add_argument("id", help="the document id: lowercase letters, digits and single hyphens; permanent")
    add_document_options(n, required=True)
    n.set_defaults(func=cmd_new_document)

    w = subparsers.add_parser(
        "write-schemas", help="write the JSON Schemas of this termsite into schemas/ (after an upgrade)",
        description="Write schemas/<kind>.schema.json, which the files' yaml-language-server comments name, "
        "from the installed termsite.")
    w.set_defaults(func=cmd_write_schemas)


def add_document_options(parser: Any, *, required: bool) -> None:
    """The options that describe a new document (``new-document``, and ``import --new-document``)."""
    parser.add_argument("--original", choices=["ja", "en"], required=required, help="the language that governs")
    parser.add_argument("--numbering", choices=["statute", "decimal", "none"], required=required,
                        help="statute: 第N条 / Article N; decimal: 1., 4.1.; none: no numbers")
    # the titles: both, or with --single-language the original's (checked by document_inputs)
    parser.add_argument("--title-ja", help="the title in Japanese")
    parser.add_argument("--title-en", help="the title in English")
    parser.add_argument("--single-language", action="store_true",
                        help="the document exists only in its --original language (no translation; the title in "
                        "the other language may be left out)")
    parser.add_argument("--change-clause", metavar="ID", help="the id of the article that allows the terms to be "
                        "changed (第2条)")
    parser.add_argument("--publisher-ja", help="the publisher in Japanese (default: site_config/site.yml's)")
    parser.add_argument("--publisher-en", help="the publisher in English (default: site_config/site.yml's)")


# --- terms init ----------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    target: Path = args.dir
    _refuse_used_folder(target)
    publisher = Localized2(args.publisher_ja, args.publisher_en)
    name = default_site_name(publisher)
    inputs = SiteInputs(publisher, args.site_url,
                        Localized2(args.site_name_ja or name.ja, args.site_name_en or name.en),
                        _requirement(args.termsite_requirement))
    warnings = _check_site_inputs(inputs, given_names=(args.site_name_ja is not None, args.site_name_en is not None))
    files = repository_files(inputs)
    # A new folder is written beside its place and renamed into it: all of it appears, or nothing. An
    # empty folder (perhaps the shell's working folder) is written in place and emptied again on failure.
    existed = target.is_dir()
    into = target if existed else target.parent / f".{target.name}.init-{os.getpid()}"
    try:
        into.parent.mkdir(parents=True, exist_ok=True)
        write_files(into, files)
        if not existed:
            os.replace(into, target)
    except OSError as exc:
        if existed:
            for entry in into.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(into, ignore_errors=True)
        print(f"terms init: cannot write {target}: {exc.strerror or exc}; nothing was written", file=sys.stderr)
        return 1
    for line in warnings:
        print(f"terms init: warning: {line}", file=sys.stderr)
    print(f"created a terms repository in {target} ({len(files)} files)")
    if inputs.requirement is None:
        print(f"to do: write in {target / REQUIREMENT_FILE} where the workflows install termsite from (the line "
              f"{REQUIREMENT_PLACEHOLDER}; see README.md, section termsite)")
    print("next:\n"
          f"  cd {shlex.quote(str(target))}\n"
          "  terms new-document ID --original ja --numbering statute --title-ja … --title-en …\n"
          "  terms import FILE --document ID --effective YYYY-MM-DD\n"
          "  terms build    (or terms serve, to preview with drafts)")
    return 0


def _refuse_used_folder(target: Path) -> None:
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder: give the path of a new or empty folder")
    try:
        entries = sorted(p.name for p in target.iterdir())
    except OSError as exc:
        raise UsageError(f"{target} cannot be read ({exc.strerror or exc}): give a new or empty folder") from None
    if entries:
        shown = ", ".join(entries[:5]) + (", …" if len(entries) > 5 else "")
        raise UsageError(f"{target} is not empty ({shown}): `terms init` writes a new repository into a new or empty "
                         "folder, and changes nothing in an existing one; choose another folder (to add a "
                         "document to an existing repository, run `terms new-document` in it)")


_OPTION_OF_KEY = {"site_url": "--site-url", "site_name.ja": "--site-name-ja", "site_name.en": "--site-name-en",
                  "publisher.name.ja": "--publisher-ja", "publisher.name.en": "--publisher-en"}


def _check_site_inputs(inputs: SiteInputs, given_names: tuple[bool, bool]) -> list[str]:
    """Refuse what ``terms check`` would refuse in the new ``site.yml``; the warnings it would print."""
    text = site_yml(inputs)
    src, diags = parse_text(text, SITE_FILE, "site")
    if src is not None:
        config = build_config(src, ())
        diags += check_site_config(config)
        for lang in LANGS:
            path = ("publisher", "name", lang)
            diags += text_problems(inputs.publisher.get(lang), lang, (SITE_FILE, *src.at(path)), path, "error",
                                   one_line=True)
    options = dict(_OPTION_OF_KEY)
    for given, code in zip(given_names, LANGS, strict=True):
        if not given:  # the default name is made from the publisher: its problems are the publisher's
            options[f"site_name.{code}"] = f"--publisher-{code} (in the default site name)"
    return _refuse(diags, options, "terms init")


def _requirement(given: str | None) -> str | None:
    """The requirement line for :data:`REQUIREMENT_FILE`: as given (one line, not a pip option), else
    where this termsite was installed from when that is a URL a workflow can reach (PEP 610)."""
    if given is not None:
        if not given.strip() or given.strip() != given or any(ch in given for ch in "\r\n\0") or \
                given.startswith("-"):
            raise UsageError(f"--termsite-requirement '{reveal_all(given)}' is not one pip requirement: write it "
                             "on one line, e.g. 'termsite @ git+https://github.com/OWNER/REPOSITORY@COMMIT'")
        return given
    try:
        raw = metadata.distribution("termsite").read_text("direct_url.json")
        origin = json.loads(raw) if raw else None
    except (metadata.PackageNotFoundError, ValueError):
        return None
    if not isinstance(origin, dict) or not str(origin.get("url", "")).startswith("https://"):
        return None  # a checkout (-e .), a local wheel or an index: nothing a workflow can install from
    url = str(origin["url"])
    vcs = origin.get("vcs_info")
    sub = origin.get("subdirectory")
    tail = f"#subdirectory={sub}" if isinstance(sub, str) and re.fullmatch(r"[\w./-]+", sub) else ""
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and re.fullmatch(r"[0-9a-f]{40}", str(vcs.get("commit_id"))):
        return f"termsite @ git+{url}@{vcs['commit_id']}{tail}"
    if "archive_info" in origin and not any(ch.isspace() for ch in url):
        return f"termsite @ {url}{tail}"
    return None


def _refuse(diags: list[Diagnostic], options: dict[str, str], command: str) -> list[str]:
    """Raise a usage error naming the option of every error; the warnings, named likewise."""
    def said(d: Diagnostic) -> str:
        where = options.get(d.key) or next((o for k, o in options.items() if d.key.startswith(k)), d.key)
        return f"{where}: {d.message}" + (f"; {d.hint}" if d.hint else "") + f" ({d.code})"

    errors = [said(d) for d in diags if d.is_error]
    if errors:
        raise UsageError("; ".join(errors) + f"; {command} wrote nothing")
    return [said(d) for d in diags]


# --- terms new-document --------------------------------------------------------------------------------


@dataclass
class CreatedDocument:
    """A document just written: what to remove to undo it (``import --new-document`` when the import fails)."""

    folder: Path
    document: Path
    site: Path | None
    site_before: str | None

    def undo(self) -> None:
        """Remove the document and restore the hub order as it was."""
        self.document.unlink(missing_ok=True)
        try:
            self.folder.rmdir()
        except OSError:
            pass  # something else was put there meanwhile: kept
        if self.site is not None and self.site_before is not None:
            _replace(self.site, self.site_before)


def document_inputs(args: argparse.Namespace, doc_id: str) -> DocumentInputs:
    """The new document's description from the options of :func:`add_document_options`."""
    titles: tuple[str, ...] = ("title_ja", "title_en")
    if args.single_language and args.original is not None:
        titles = (f"title_{args.original}",)  # a one-language document needs only the original's title
    missing = [f"--{name.replace('_', '-')}" for name in ("original", "numbering", *titles)
               if getattr(args, name) is None]
    if missing:
        raise UsageError(f"a new document needs {', '.join(missing)}")
    pair = (args.publisher_ja, args.publisher_en)
    if (pair[0] is None) != (pair[1] is None):
        raise UsageError("give the publisher in both languages (--publisher-ja and --publisher-en), or neither to "
                         f"use the one of {SITE_FILE}")
    original: Lang = args.original
    numbering: Numbering = args.numbering
    return DocumentInputs(doc_id, original, numbering, Localized2(args.title_ja or "", args.title_en or ""),
                          args.change_clause, Localized2(*pair) if pair[0] is not None else None,
                          single_language=bool(args.single_language))


def create_document(root: Path, inputs: DocumentInputs) -> tuple[CreatedDocument, list[str]]:
    """Check and write ``terms/<id>/document.yml`` and the hub order; the warnings of the checks."""
    terms = root / "terms"
    if not terms.is_dir() or terms.is_symlink():
        raise UsageError(f"no terms/ folder in {root}: run the command at the top of a terms repository "
                         "(`terms init DIR` makes one)")
    _check_id(inputs.id, "the document id")
    if inputs.change_clause is not None:
        _check_id(inputs.change_clause, "--change-clause")
    folder = terms / inputs.id
    if os.path.lexists(folder):
        raise UsageError(f"terms/{inputs.id} already exists: a document id is used once; choose another id, or add a "
                         f"version to it with `terms import FILE --document {inputs.id} --effective DATE` or "
                         f"`terms new-version {inputs.id}`")
    site = root / SITE_FILE
    site_before = site.read_text(encoding="utf-8") if site.is_file() and not site.is_symlink() else None
    publisher, from_site = inputs.publisher, False
    if publisher is None and site_before is not None:
        publisher, from_site = _site_publisher(site_before), True
    chosen = DocumentInputs(inputs.id, inputs.original, inputs.numbering, inputs.title, inputs.change_clause,
                            publisher, single_language=inputs.single_language)
    text = document_yml(chosen, root)
    warnings = _check_document_text(text, chosen, from_site)
    site_after = None
    if site_before is not None:
        try:
            site_after = with_document_in_order(site_before, SITE_FILE, inputs.id)
        except RoundTripError as exc:
            raise UsageError(f"{exc}; nothing was written") from None
        _src, diags = parse_text(site_after, SITE_FILE, "site")
        if any(d.is_error for d in diags):
            raise UsageError(f"{SITE_FILE} has errors ({'; '.join(d.as_text() for d in diags if d.is_error)}); fix "
                             "them first (terms check); nothing was written")
    else:
        warnings.append(f"there is no {SITE_FILE}: the hub lists the documents by id")
    folder.mkdir()
    path = folder / "document.yml"
    with path.open("x", encoding="utf-8", newline="\n") as f:
        f.write(text)
    if site_after is not None and site_after != site_before:
        _replace(site, site_after)
    return CreatedDocument(folder, path, site if site_after is not None else None, site_before), warnings


def _check_id(value: str, what: str) -> None:
    """The loader's rule for an id (the document schema's pattern and length), and no folder of the site."""
    rule = schema("document")["properties"]["id"]
    if len(value) > int(rule["maxLength"]) or not re.search(str(rule["pattern"]), value):
        raise UsageError(f"{what} '{reveal_all(value)}' is not a valid id: use lowercase letters, digits and single "
                         f"hyphens (at most {rule['maxLength']} characters), e.g. 'service-terms'")
    if what == "the document id" and value in RESERVED_IDS:
        raise UsageError(f"the document id '{value}' is the name of one of the site's own folders "
                         f"({', '.join(RESERVED_IDS)}): choose another, e.g. '{value}-terms'")


def _site_publisher(text: str) -> Localized2 | None:
    src, _ = parse_text(text, SITE_FILE, "site")
    value = src.data.get("publisher") if src is not None else None
    value = value.get("name") if isinstance(value, dict) else None
    if isinstance(value, dict) and isinstance(value.get("ja"), str) and isinstance(value.get("en"), str):
        return Localized2(value["ja"], value["en"])
    return None


def _check_document_text(text: str, inputs: DocumentInputs, publisher_from_site: bool) -> list[str]:
    """Refuse what ``terms check`` would refuse in the new ``document.yml``; its warnings."""
    display = f"terms/{inputs.id}/document.yml"
    options = {"id": "the document id", "title.ja": "--title-ja", "title.en": "--title-en",
               "change_clause": "--change-clause",
               "publisher.ja": f"{SITE_FILE} publisher.ja" if publisher_from_site else "--publisher-ja",
               "publisher.en": f"{SITE_FILE} publisher.en" if publisher_from_site else "--publisher-en"}
    src, diags = parse_text(text, display, "document")
    if src is not None:
        doc, more = build_document(src, inputs.id, [])
        diags += more
        diags += check_document(doc, SiteConfig(), today_in_tokyo())
    return _refuse(diags, options, "terms new-document")


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it: a reader sees the old or the new."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def cmd_new_document(args: argparse.Namespace) -> int:
    created, warnings = create_document(args.root, document_inputs(args, args.id))
    for line in warnings:
        print(f"terms new-document: warning: {line}", file=sys.stderr)
    listed = f"; added to the hub order in {SITE_FILE}" if created.site is not None else ""
    print(f"created terms/{args.id}/document.yml{listed}")
    print(f"next: terms import FILE --document {args.id} --effective YYYY-MM-DD   (a .txt or .md of the text), "
          f"or write terms/{args.id}/YYYY-MM-DD.yml (the format: terms/README.md)")
    return 0


def cmd_write_schemas(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / "terms").is_dir():
        raise UsageError(f"no terms/ folder in {root}: run the command at the top of a terms repository")
    written = write_files(root, schema_files(), mode="w")
    print(f"wrote {', '.join(p.relative_to(root).as_posix() for p in written)}")
    return 0
