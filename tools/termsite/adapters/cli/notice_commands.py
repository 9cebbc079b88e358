"""``terms notice``: render a change announcement, or send it by email (約款第6条)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from termsite.adapters.cli.main import UsageError, load, report, version_index

if TYPE_CHECKING:
    from termsite.adapters.mailer import Outcome
    from termsite.model.terms import Document, Lang


def register(sub: Any) -> None:
    """Add ``notice`` to the ``terms`` command."""
    p = sub.add_parser("notice", help="render or send the announcement of a version's change")
    p.add_argument("document")
    p.add_argument("version", help="the effective date of the changed version, YYYY-MM-DD")
    p.add_argument("--lang", choices=["ja", "en"], default=None, help="default: the document's original language")
    p.add_argument("--format", choices=["eml", "text", "markdown"], default="text")
    p.add_argument("--from", dest="sender", default="Terms <terms@example.com>", help="the From address")
    p.add_argument("--send", action="store_true",
                   help="send by SMTP to every address in --to-file; exit 0 only when every one of them has been "
                        "sent the notice (by this run or an earlier one), 1 when any is deferred, refused or not "
                        "attempted (the summary says which; a rerun retries the deferred and not attempted)")
    p.add_argument("--smtp", default="127.0.0.1:25", help="HOST:PORT of the SMTP server (with --send)")
    p.add_argument("--to-file", type=Path, help="recipients, one address a line (with --send)")
    p.add_argument("--store", type=Path, default=None,
                   help="the SQLite store whose send log records every sent, deferred and refused recipient; a "
                        "rerun skips the sent and the refused and retries the deferred (default: "
                        ".terms/store.sqlite in the repository)")
    p.add_argument("--log", type=Path, default=None,
                   help="a JSON-lines send log of an earlier termsite, taken into the store before sending so that "
                        "nobody it records is sent to twice (default: notices-sent.log, if it exists)")
    p.set_defaults(func=cmd_notice)


def cmd_notice(args: argparse.Namespace) -> int:
    # imported here: `terms check` should not pay for the announcement's modules
    from termsite.adapters.mailer import SendError, read_recipients, send_all
    from termsite.adapters.sqlite_store import Store, StoreError
    from termsite.notices.addresses import AddressError, parse_sender
    from termsite.notices.email import HeaderError, build_message, render_markdown, render_text
    from termsite.notices.notice import build_notice
    from termsite.site.env import make_environment
    from termsite.site.urls import notice_links

    corpus, diags = load(args.root)
    errors = [d for d in diags if d.is_error]
    if errors:
        report(errors)
        return 1
    doc, index = version_index(corpus, args.document, args.version)
    if index == 0:
        raise UsageError(f"{doc.id} {args.version} is the first version: there is no change to announce")
    try:
        _, sender = parse_sender(args.sender)
    except AddressError as exc:
        raise UsageError(f"--from: {exc.message}") from None
    version, previous = doc.versions[index], doc.versions[index - 1]
    lang = args.lang or doc.original
    problem = _title_problem(doc, lang)
    if problem:
        print(f"terms: error: {problem}", file=sys.stderr)
        return 1
    notice = build_notice(doc, previous, version, lang, corpus.config, notice_links)
    env = make_environment(args.root / "templates")
    try:
        # every format: the subject is the title's, and a message that cannot be built is refused here
        message = build_message(notice, env, sender=args.sender)
    except HeaderError as exc:
        print(f"terms: error: {exc}; nothing was written or sent", file=sys.stderr)
        return 1
    if not args.send:
        if version.status == "draft":
            print(f"terms: note: {doc.id} {version.key} is a draft; this is a preview", file=sys.stderr)
        if args.format == "eml":
            sys.stdout.write(message.as_string())
        elif args.format == "markdown":
            sys.stdout.write(render_markdown(notice, env))
        else:
            sys.stdout.write(render_text(notice, env))
        return 0
    if version.status != "published":
        raise UsageError(f"{doc.id} {version.key} is a draft: publish it before announcing it")
    if args.to_file is None:
        raise UsageError("--send needs --to-file with the recipients")
    host, _, port = args.smtp.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--smtp must be HOST:PORT, not '{args.smtp}'")
    store_path = args.store or args.root / ".terms" / "store.sqlite"
    old_log = args.log or (Path("notices-sent.log") if Path("notices-sent.log").exists() else None)
    try:
        recipients = read_recipients(args.to_file)
        with Store.open(store_path) as store:
            if old_log is not None and old_log.exists():
                added = store.import_jsonl(old_log)
                if added:
                    print(f"terms: took {added} record(s) of {old_log} into the send log of {store_path} (the "
                          "file is kept as it is and no longer written)", file=sys.stderr)
            outcome = send_all(
                host=host, port=int(port), sender=sender, recipients=recipients, store=store,
                notice_key=f"{doc.id}/{version.key}/{lang}",
                make_message=lambda rcpt: build_message(notice, env, sender=args.sender, recipient=rcpt),
                progress=lambda line: print(line, file=sys.stderr),
            )
    except StoreError as exc:
        if exc.diagnostics:
            report(exc.diagnostics)
        else:
            print(f"terms: error: {exc}", file=sys.stderr)
        return 1
    except SendError as exc:
        print(f"terms: error: {exc}", file=sys.stderr)
        return 1
    _summary(outcome, store_path, args.to_file)
    return 0 if outcome.complete else 1


def _title_problem(doc: Document, lang: Lang) -> str | None:
    """The title (or the id) would go into the Subject or Message-ID: one line of plain text only."""
    from termsite.model.text_safety import code_point, first_invisible, reveal_all

    for path, what, value in ((("title", lang), f"the {lang} title", doc.title.get(lang) or ""),
                              (("id",), "the document id", doc.id)):
        at = first_invisible(value)
        if at is not None:
            line, col = doc.location(path)
            return (f"{doc.source}:{line}:{col}: {what} of {reveal_all(doc.id)} holds {code_point(value[at])} "
                    f"('{reveal_all(value)}'), which an email header cannot carry; write it as one line of plain "
                    "text; nothing was written or sent")
    return None


def _summary(out: Outcome, log: Path, to_file: Path) -> None:
    """What this run did, and what is left to do."""
    err = sys.stderr
    if out.stopped:
        print(f"terms: error: sending stopped: {out.stopped}", file=err)
    for r in out.refused_before:
        print(f"terms: refused before: {r.recipient}: {r.why}", file=err)
    print(f"terms: sent {out.sent}, deferred {len(out.deferred)}, refused {len(out.refused)}, "
          f"not attempted {out.not_attempted}; before this run: sent {out.sent_before}, "
          f"refused {len(out.refused_before)}; recipients {out.total}", file=err)
    retry = len(out.deferred) + out.not_attempted
    if retry:
        print(f"terms: {retry} recipient(s) deferred or not attempted: run the same command again later to "
              f"retry them (whoever is sent is logged in {log} and never sent to twice)", file=err)
    refused = len(out.refused) + len(out.refused_before)
    if refused:
        print(f"terms: {refused} recipient(s) refused permanently are not retried: correct them in {to_file} "
              "(a corrected address is sent to by the next run) or reach them another way", file=err)
