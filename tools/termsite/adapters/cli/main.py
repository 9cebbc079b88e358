"""The ``terms`` command line for editors and CI: a thin adapter over the domain packages.

Exit codes: 0 success, 1 problems found (errors in the terms, a failed build), 2 usage error.
Each subcommand is a ``cmd_<name>(args) -> int`` function registered in :func:`build_parser`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, format_report
from termsite.model.terms import Corpus, Document
from termsite.model.timeline import today_in_tokyo
from termsite.rules.checks import check_corpus
from termsite.source.canonical import export_data
from termsite.source.repository import load_corpus
from termsite.source.schema import schema
from termsite.speed import defaults
from termsite.speed.check_results import CheckResults, fingerprint


class UsageError(Exception):
    """A mistake in the command line; exit 2."""


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` for argparse, with a clear message."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def load(root: Path) -> tuple[Corpus, list[Diagnostic]]:
    """The corpus and its loading problems, loaded with the speed of :mod:`termsite.speed.defaults`."""
    return load_corpus(root, **defaults.loading(root))


def load_checked(root: Path, as_of: dt.date) -> tuple[Corpus, list[Diagnostic]]:
    """The corpus and every problem: loading problems and rule problems, collected together.

    The problems are kept for the next :func:`checked` of the same sources (a build checks too)."""
    key = fingerprint(root, as_of)
    corpus, diags = load(root)
    diags += check_corpus(corpus, as_of, map=defaults.check_map())
    if key is not None and fingerprint(root, as_of) == key:  # unchanged while it was read
        CheckResults.for_root(root).keep(key, diags)
    return corpus, diags


def checked(root: Path, as_of: dt.date) -> list[Diagnostic]:
    """Every problem of the repository, as :func:`load_checked` finds them, or as it found them last
    for exactly these sources, this day and this tool (:mod:`termsite.speed.check_results`)."""
    key = fingerprint(root, as_of)
    if key is not None:
        found = CheckResults.for_root(root).found(key)
        if found is not None:
            return found
    return load_checked(root, as_of)[1]


def version_index(corpus: Corpus, doc_id: str, key: str) -> tuple[Document, int]:
    """The document ``doc_id`` and the position of its version ``key``; a :class:`UsageError` that names
    the documents or versions there are when either is unknown."""
    doc = corpus.document(doc_id)
    if doc is None:
        raise UsageError(f"unknown document '{doc_id}' (documents: {', '.join(d.id for d in corpus.documents)})")
    index = next((i for i, v in enumerate(doc.versions) if v.key == key), None)
    if index is None:
        raise UsageError(f"document '{doc.id}' has no version '{key}' "
                         f"(versions: {', '.join(v.key for v in doc.versions)})")
    return doc, index


def report(diags: list[Diagnostic], fmt: str = "text", *, quiet_ok: bool = False) -> None:
    """Print diagnostics to stderr (text) or stdout (machine formats)."""
    if quiet_ok and not diags:
        return
    out = format_report(diags, fmt)
    stream = sys.stdout if fmt in ("json", "github", "markdown") else sys.stderr
    if out:
        print(out, file=stream)


def cmd_check(args: argparse.Namespace) -> int:
    if getattr(args, "base", None):
        from termsite.rules.history import check_history

        corpus, diags = load_checked(args.root, args.as_of)
        diags += check_history(args.root, corpus, args.base, as_of=args.as_of)
    else:
        diags = checked(args.root, args.as_of)
    report(diags, args.format)
    if args.format == "github" and not any(d.is_error for d in diags):
        print(f"terms check: no errors, {len(diags)} warning(s)", file=sys.stderr)
    return 1 if any(d.is_error for d in diags) or (args.strict and diags) else 0


def cmd_export(args: argparse.Namespace) -> int:
    corpus, diags = load(args.root)
    doc = corpus.document(args.document)
    errors = [d for d in diags if d.is_error]
    if doc is None:
        report(errors, quiet_ok=True)
        known = ", ".join(d.id for d in corpus.documents) or "none"
        raise UsageError(f"unknown document '{args.document}' (documents: {known})")
    version = doc.version(args.version)
    if version is None:
        report(errors, quiet_ok=True)
        known = ", ".join(v.key for v in doc.versions) or "none"
        raise UsageError(f"document '{doc.id}' has no version '{args.version}' (versions: {known})")
    print(json.dumps(export_data(doc, version), ensure_ascii=False, indent=2))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(schema(args.kind), ensure_ascii=False, indent=2))
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    for code, (what, fix) in CODES.items():
        print(f"{code}  {what}: {fix}")
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    p = _Parser(prog="terms", description="Bilingual terms as data: check, export, build, compare, announce.")
    p.add_argument("--root", type=Path, default=Path("."), help="the terms repository (default: .)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="check every document and version")
    c.add_argument("--format", choices=["text", "github", "json", "markdown"], default="text")
    c.add_argument("--as-of", type=parse_date, default=today_in_tokyo(),
                   help="the day to check as (default: today in Asia/Tokyo)")
    c.add_argument("--base", help="git ref to compare published history with (the PR's target branch)")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("export", help="print the canonical model of one version")
    e.add_argument("document")
    e.add_argument("version", help="the effective date, YYYY-MM-DD")
    e.add_argument("--format", choices=["json"], default="json")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("schema", help="print the JSON Schema of a file kind")
    s.add_argument("kind", nargs="?", choices=["version", "document", "site"], default="version")
    s.set_defaults(func=cmd_schema)

    k = sub.add_parser("codes", help="list every diagnostic code, what it means and how to fix it")
    k.set_defaults(func=cmd_codes)

    # the subcommands' modules import main's helpers: imported here, after main is complete
    from termsite.adapters.cli import (
        change_commands,
        editor_commands,
        init_commands,
        ledger_commands,
        notice_commands,
        site_commands,
    )

    for module in (init_commands, site_commands, change_commands, notice_commands, editor_commands, ledger_commands):
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``terms``; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except UsageError as exc:
        print(f"terms: error: {exc}", file=sys.stderr)
        print("run 'terms --help' for usage", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `terms export … | head`
        sys.stderr.close()
        return 0


def run() -> None:
    """The ``terms`` console script: :func:`main`, then exit without freeing the loaded terms object
    by object (for a large repository that alone takes a tenth of a second). Every stream is flushed
    first; the commands close their files and worker processes themselves."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`terms export … | head`)
            pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
