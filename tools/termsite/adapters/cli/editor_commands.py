"""Commands for legal editors and the pull-request workflow: ``new-version``, ``import``, ``changed``.

Thin adapters over :mod:`termsite.source.new_version`, :mod:`termsite.importer.entry` and
:mod:`termsite.rules.history`. A refused command writes nothing and exits non-zero: 2 for a mistake
in the command line (unknown document, a date that clashes), 1 for a problem in the input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from termsite.adapters.cli.init_commands import add_document_options, create_document, document_inputs
from termsite.adapters.cli.main import UsageError, load, parse_date, report
from termsite.model.timeline import today_in_tokyo

_IMPACTS = ["favourable", "adverse", "editorial"]


def register(subparsers: Any) -> None:
    """Add the editor commands to the ``terms`` parser."""
    n = subparsers.add_parser(
        "new-version", help="start a new version of a document as a draft copy of its latest version",
        description="Copy the latest version of DOCUMENT to terms/DOCUMENT/EFFECTIVE.yml as a draft with the new "
        "dates, keeping its text, comments and layout. Then edit the text, fill in summary (and reason), and "
        "publish by setting `announced` and `status: published`.")
    n.add_argument("document", help="the document id (its folder under terms/)")
    n.add_argument("--effective", type=parse_date, required=True, help="the day the new version takes effect")
    n.add_argument("--announced", type=parse_date, help="the day it is posted on the site (may be set later)")
    n.add_argument("--impact", choices=_IMPACTS, help="decides the notice period (site_config notice_days)")
    n.set_defaults(func=cmd_new_version)

    i = subparsers.add_parser(
        "import", help="turn existing terms text (plain text from a PDF, or Markdown) into a draft version",
        description="Read FILE and write terms/DOCUMENT/EFFECTIVE.yml as a draft in one language. Every line "
        "that could not be placed, the noise dropped (page numbers, table of contents) and doubtful structure "
        "are reported with line numbers.")
    i.add_argument("file", type=Path, help="the text (.txt) or Markdown (.md) file")
    i.add_argument("--document", required=True, help="the document id (terms/<id>/document.yml must exist, "
                   "unless --new-document)")
    i.add_argument("--effective", type=parse_date, required=True, help="the day this version takes effect")
    i.add_argument("--lang", choices=["ja", "en"], help="the language of the text (default: the document's original)")
    i.add_argument("--format", choices=["auto", "text", "markdown"], default="auto",
                   help="how to read FILE (default: by its name: .md is Markdown)")
    i.add_argument("--translation-pending", action="store_true",
                   help="the text is the original and its translation is in preparation: the draft declares "
                   "`translation_pending: true` (it may be published so; terms/README.md)")
    i.add_argument("--output", type=Path,
                   help="write here instead of terms/<document>/<effective>.yml ('-' for standard output)")
    new = i.add_argument_group("a new document", "--new-document creates terms/<document>/document.yml first (as "
                               "`terms new-document` does, with these options) and removes it if the import fails")
    new.add_argument("--new-document", action="store_true", help="create the document, then import its first version")
    add_document_options(new, required=False)
    i.set_defaults(func=cmd_import)

    c = subparsers.add_parser(
        "changed", help="list versions added or changed since a git ref (for the pull-request summary)",
        description="Print one line 'DOCUMENT PREVIOUS VERSION' per version whose content differs from --base, "
        "ready for `terms diff DOCUMENT PREVIOUS VERSION`. A first version (nothing to compare) is listed on "
        "standard error.")
    c.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(func=cmd_changed)


def cmd_new_version(args: argparse.Namespace) -> int:
    from termsite.source.new_version import NewVersionError, diagnostics_for, plan_new_version, write_new_version

    corpus, _ = load(args.root)
    try:
        plan = plan_new_version(args.root, corpus, args.document, args.effective, args.announced, args.impact)
        write_new_version(plan)
    except NewVersionError as exc:
        raise UsageError(str(exc)) from None
    print(f"created {plan.display} (draft, copied from {plan.copied_from})")
    from termsite.adapters.cli.main import load_checked

    _, diags = load_checked(args.root, today_in_tokyo())
    mine = diagnostics_for(diags, plan.display)
    if mine:
        print("still to do before it can be published (terms check):", file=sys.stderr)
        report(mine)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if not args.new_document:
        given = [o for o in ("original", "numbering", "title_ja", "title_en", "change_clause", "publisher_ja",
                             "publisher_en") if getattr(args, o) is not None]
        given += ["single_language"] if args.single_language else []
        if given:
            raise UsageError(f"--{given[0].replace('_', '-')} describes a new document: add --new-document, or leave "
                             "it out to import into an existing one")
        return _import(args)
    if args.output is not None:
        raise UsageError("--new-document writes into the repository: leave out --output")
    if not args.file.is_file():
        print(f"terms import: {args.file}: no such file; nothing was written", file=sys.stderr)
        return 1
    created, warnings = create_document(args.root, document_inputs(args, args.document))
    for line in warnings:
        print(f"terms import: warning: {line}", file=sys.stderr)
    print(f"created terms/{args.document}/document.yml", file=sys.stderr)
    try:
        code = _import(args)
    except BaseException:
        created.undo()
        raise
    if code != 0:
        created.undo()
        print(f"terms import: removed terms/{args.document}/document.yml again: nothing was written", file=sys.stderr)
    return code


def _import(args: argparse.Namespace) -> int:
    from termsite.importer.entry import ImportFailed, plan_import, write_import
    from termsite.source.new_version import NewVersionError

    try:
        plan = plan_import(args.root, args.file, args.document, args.effective, args.lang, args.format, args.output,
                           translation_pending=args.translation_pending)
    except NewVersionError as exc:
        raise UsageError(str(exc)) from None
    except ImportFailed as exc:
        print(f"terms import: {exc}", file=sys.stderr)
        return 1
    result = plan.result
    for note in result.notes:
        print(note.as_text(str(args.file)), file=sys.stderr)
    if result.dropped:
        print(f"{args.file}: note: dropped as layout noise: {'; '.join(result.dropped)}", file=sys.stderr)
    if result.ids:
        print(f"{args.file}: note: {len(result.ids)} new id(s) named from their numbers ({', '.join(result.ids[:5])}"
              f"{', …' if len(result.ids) > 5 else ''}): give them meaningful English slugs before publishing; "
              "an id is a permanent anchor and the key the 新旧対照表 matches on", file=sys.stderr)
    try:
        write_import(plan)
    except NewVersionError as exc:
        raise UsageError(str(exc)) from None
    except ImportFailed as exc:
        print(f"terms import: {exc}", file=sys.stderr)
        return 1
    if plan.path is None:
        sys.stdout.write(result.yaml)
    else:
        print(f"created {plan.display} (draft)", file=sys.stderr)
    missing = [d for d in plan.diagnostics if d.code == "TERMS014" and not d.is_error]
    rest = [d for d in plan.diagnostics if d not in missing]
    print(f"terms check on {plan.display}:", file=sys.stderr)
    if missing:
        print(f"  {len(missing)} text(s) have no translation yet (TERMS014, a warning in a draft): expected after an "
              "import; add the other language before publishing", file=sys.stderr)
    report(rest)
    return 0


def cmd_changed(args: argparse.Namespace) -> int:
    from termsite.rules.history import BaseError, changed_versions

    corpus, diags = load(args.root)
    errors = [d for d in diags if d.is_error]
    if errors:
        report(errors)
        return 1
    try:
        changes = changed_versions(args.root, corpus, args.base)
    except BaseError as exc:
        print(f"terms changed: error TERMS043: git base cannot be read: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps([{"document": c.document, "version": c.version, "previous": c.previous, "change": c.change}
                          for c in changes], ensure_ascii=False, indent=2))
        return 0
    for c in changes:
        if c.previous is None:
            print(f"{c.document} {c.version}: {c.change}, the first version: nothing to compare", file=sys.stderr)
        else:
            print(f"{c.document} {c.previous} {c.version}")
    return 0
