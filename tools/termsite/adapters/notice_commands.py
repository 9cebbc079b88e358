"""``terms notice``: render a change announcement, or send it by email (約款第6条)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .cli import UsageError, report


def register(sub: Any) -> None:
    """Add ``notice`` to the ``terms`` command."""
    p = sub.add_parser("notice", help="render or send the announcement of a version's change")
    p.add_argument("document")
    p.add_argument("version", help="the effective date of the changed version, YYYY-MM-DD")
    p.add_argument("--lang", choices=["ja", "en"], default=None, help="default: the document's original language")
    p.add_argument("--format", choices=["eml", "text", "markdown"], default="text")
    p.add_argument("--from", dest="sender", default="Terms <terms@example.com>", help="the From address")
    p.add_argument("--send", action="store_true", help="send by SMTP to every address in --to-file")
    p.add_argument("--smtp", default="127.0.0.1:25", help="HOST:PORT of the SMTP server (with --send)")
    p.add_argument("--to-file", type=Path, help="recipients, one address a line (with --send)")
    p.add_argument("--log", type=Path, default=Path("notices-sent.log"),
                   help="append-only record of sends; a rerun skips whoever it lists (default: notices-sent.log)")
    p.set_defaults(func=cmd_notice)


def cmd_notice(args: argparse.Namespace) -> int:
    # imported here: `terms check` should not pay for the announcement's modules
    from termsite.core.announce import build_message, render_markdown, render_text
    from termsite.core.load import load_corpus
    from termsite.core.notices import build_notice

    from .mailer import SendError, read_recipients, send_all

    corpus, diags = load_corpus(args.root)
    errors = [d for d in diags if d.is_error]
    if errors:
        report(errors)
        return 1
    doc = corpus.document(args.document)
    if doc is None:
        raise UsageError(f"unknown document '{args.document}' (documents: {', '.join(d.id for d in corpus.documents)})")
    index = next((i for i, v in enumerate(doc.versions) if v.key == args.version), None)
    if index is None:
        raise UsageError(f"document '{doc.id}' has no version '{args.version}' "
                         f"(versions: {', '.join(v.key for v in doc.versions)})")
    if index == 0:
        raise UsageError(f"{doc.id} {args.version} is the first version: there is no change to announce")
    version, previous = doc.versions[index], doc.versions[index - 1]
    lang = args.lang or doc.original
    notice = build_notice(doc, previous, version, lang, corpus.config)
    templates = args.root / "templates"
    if not args.send:
        if version.status == "draft":
            print(f"terms: note: {doc.id} {version.key} is a draft; this is a preview", file=sys.stderr)
        if args.format == "eml":
            sys.stdout.write(build_message(notice, templates, sender=args.sender).as_string())
        elif args.format == "markdown":
            sys.stdout.write(render_markdown(notice, templates))
        else:
            sys.stdout.write(render_text(notice, templates))
        return 0
    if version.status != "published":
        raise UsageError(f"{doc.id} {version.key} is a draft: publish it before announcing it")
    if args.to_file is None:
        raise UsageError("--send needs --to-file with the recipients")
    host, _, port = args.smtp.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--smtp must be HOST:PORT, not '{args.smtp}'")
    try:
        recipients = read_recipients(args.to_file)
        outcome = send_all(
            host=host, port=int(port), recipients=recipients, log=args.log,
            notice_key=f"{doc.id}/{version.key}/{lang}",
            make_message=lambda rcpt: build_message(notice, templates, sender=args.sender, recipient=rcpt),
            progress=lambda line: print(line, file=sys.stderr),
        )
    except SendError as exc:
        print(f"terms: error: {exc}", file=sys.stderr)
        return 1
    print(f"terms: sent {outcome.sent}, already sent before {outcome.skipped}, recipients {outcome.total}",
          file=sys.stderr)
    return 0
