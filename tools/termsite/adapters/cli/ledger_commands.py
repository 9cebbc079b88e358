"""``terms publish-record``, ``terms ledger verify|export|backup|sends`` and ``terms evidence``: the
publication ledger (:mod:`termsite.ledger`) over the SQLite store (:mod:`termsite.adapters.sqlite_store`).

By default the store is ``.terms/store.sqlite`` and the ledger file ``.terms/ledger.json`` in the
repository; the publishing workflow points ``--ledger`` at the ``ledger`` branch's file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from termsite.adapters.cli.main import UsageError, load, parse_date, report, version_index


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time written YYYY-MM-DDTHH:MM:SSZ") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"'{text}' has no time zone: write it in UTC, ending in Z")
    return moment


def _store_path(args: argparse.Namespace) -> Path:
    return Path(args.store) if args.store else args.root / ".terms" / "store.sqlite"


def _ledger_path(args: argparse.Namespace) -> Path:
    return Path(args.ledger) if args.ledger else args.root / ".terms" / "ledger.json"


def _commit(root: Path) -> tuple[str | None, str | None]:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"no commit: git could not be run ({exc})"
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["not a git repository"])[-1]
        return None, f"no commit: {why}"
    return done.stdout.strip(), None


def _fail(exc: Exception) -> int:
    diags = getattr(exc, "diagnostics", None) or ([exc.diagnostic] if hasattr(exc, "diagnostic") else [])
    if diags:
        report(diags)
    print(f"terms: error: {exc}", file=sys.stderr)
    return 1


def _site_api(site: Path) -> dict[str, Any]:
    from termsite.ledger.entry import RecordError

    try:
        data = json.loads((site / "api" / "terms.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RecordError(f"{site}: not a site built by terms build (api/terms.json: {exc})") from None
    if not isinstance(data, dict):
        raise RecordError(f"{site}/api/terms.json: not the site's index")
    return data


def _same_versions(api: dict[str, Any], body: dict[str, Any]) -> str | None:
    """Why the site's /api/terms.json and the entry disagree on the versions shown, or None."""
    shown = {(d.get("id"), v.get("effective")): (v.get("state"), v.get("sha256"))
             for d in api.get("documents", []) for v in d.get("versions", [])}
    recorded = {(v["document"], v["version"]): (v["state"], v["sha256"]) for v in body["versions"]}
    if shown == recorded:
        return None
    diff = sorted(set(shown.items()) ^ set(recorded.items()), key=str)[0]
    return (f"the site's api/terms.json and the terms disagree about {diff[0][0]} {diff[0][1]}: the site was not "
            "built from these terms as of this day; build it again from this checkout, then record it")


def cmd_publish_record(args: argparse.Namespace) -> int:
    """Append the publication of the built site to the ledger; write it into the site."""
    from termsite.adapters.sqlite_store import Store, StoreError, _write_atomically
    from termsite.ledger.entry import LEDGER_PATH, RecordError, entry_body, site_files

    site: Path = args.site
    corpus, diags = load(args.root)
    errors = [d for d in diags if d.is_error]
    if errors:
        report(errors)
        return 1
    try:
        api = _site_api(site)
        as_of = dt.date.fromisoformat(str(api.get("as_of")))
        if args.as_of is not None and args.as_of != as_of:
            raise RecordError(f"{site} was built as of {as_of}, not {args.as_of}: record the build of that day")
        commit, note = (args.commit, None) if args.commit else _commit(args.root)
        at = args.at or dt.datetime.now(dt.UTC)
        body = entry_body(corpus, as_of, site_files(site), at=at, commit=commit, commit_note=note)
        problem = _same_versions(api, body)
        if problem:
            raise RecordError(problem)
        ledger = _ledger_path(args)
        with Store.open(_store_path(args)) as store:
            entry = store.append(body, ledger)
        _write_atomically(site / LEDGER_PATH, ledger.read_text(encoding="utf-8"))
    except RecordError as exc:
        from termsite.diagnostics.codes import Code

        print(f"terms: error {Code.TERMS078.value}: {exc}", file=sys.stderr)
        return 1
    except (StoreError, OSError, ValueError) as exc:
        return _fail(exc)
    print(f"terms: publication recorded as entry {entry['number']} ({entry['time']}, hash {entry['hash']}) in "
          f"{ledger} and {site / LEDGER_PATH}", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check the chain, the site's files against the latest entry, an older copy, the store."""
    from termsite.diagnostics.codes import Code
    from termsite.diagnostics.diagnostic import Diagnostic, Location
    from termsite.ledger.chain import LedgerError, extends, parse, verify
    from termsite.ledger.entry import LEDGER_PATH
    from termsite.ledger.pages import check_site

    path = Path(args.ledger) if args.ledger else (args.site / LEDGER_PATH if args.site else _ledger_path(args))
    diags: list[Diagnostic] = []
    try:
        ledger = parse(path.read_text(encoding="utf-8"), str(path))
        diags += verify(ledger)
        if args.extends:
            older = parse(Path(args.extends).read_text(encoding="utf-8"), str(args.extends))
            diags += extends(ledger, older)
    except LedgerError as exc:
        diags.append(exc.diagnostic)
        ledger = None
    except (OSError, UnicodeDecodeError) as exc:
        diags.append(Diagnostic(Code.TERMS072.value, "error", f"cannot read the ledger ({exc})", Location(str(path)),
                                Code.TERMS072.hint))
        ledger = None
    if ledger is not None and args.site is not None:
        if not ledger.entries:
            diags.append(Diagnostic(Code.TERMS075.value, "error", "the ledger has no entry to check the site with",
                                    Location(str(path)), Code.TERMS075.hint))
        else:
            diags += check_site(args.site, ledger.entries[-1])
    if ledger is not None and args.store:
        diags += _store_agrees(Path(args.store), ledger.entries, path)
    if diags:
        report(diags, args.format)
        return 1
    assert ledger is not None
    last = ledger.entries[-1] if ledger.entries else None
    print(f"terms: ledger {path} verified: {len(ledger.entries)} entries"
          + (f", the last {last['time']} (hash {last['hash']})" if last else "")
          + (f"; every file of {args.site} is as entry {last['number']} recorded" if args.site and last else ""),
          file=sys.stderr)
    return 0


def _store_agrees(store_path: Path, entries: Any, path: Path) -> list[Any]:
    from termsite.adapters.sqlite_store import Store, StoreError
    from termsite.diagnostics.codes import Code
    from termsite.diagnostics.diagnostic import Diagnostic, Location

    if not store_path.exists():
        return [Diagnostic(Code.TERMS076.value, "error", f"there is no store at {store_path}", Location(str(path)),
                           Code.TERMS076.hint)]
    try:
        with Store.open(store_path) as store:
            held = store.entries()
    except StoreError as exc:
        return [Diagnostic(Code.TERMS076.value, "error", str(exc), Location(str(store_path)), Code.TERMS076.hint)]
    if [e["hash"] for e in held] != [e["hash"] for e in entries]:
        return [Diagnostic(Code.TERMS076.value, "error",
                           f"the store {store_path} holds {len(held)} entries, the ledger file {len(entries)}, "
                           "and they are not the same", Location(str(path)), Code.TERMS076.hint)]
    return []


def cmd_export(args: argparse.Namespace) -> int:
    """Write the ledger's JSON from the store, after checking the store's own chain."""
    from termsite.adapters.sqlite_store import Store, StoreError, _write_atomically
    from termsite.ledger.chain import parse, verify

    try:
        with Store.open(_store_path(args)) as store:
            text = store.export()
    except StoreError as exc:
        return _fail(exc)
    problems = verify(parse(text, f"{_store_path(args)} (exported)"))
    if problems:
        report(problems)
        return 1
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write_atomically(Path(args.out), text)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the whole store, consistently, while others may write."""
    from termsite.adapters.sqlite_store import Store, StoreError

    if Path(args.target).exists():
        raise UsageError(f"{args.target} exists: back up into a new file")
    try:
        with Store.open(_store_path(args)) as store:
            store.backup(Path(args.target))
    except StoreError as exc:
        return _fail(exc)
    return 0


def cmd_sends(args: argparse.Namespace) -> int:
    """Print the send log's records (of one notice) as the JSON lines its hash covers."""
    from termsite.adapters.sqlite_store import Store, StoreError
    from termsite.source.canonical import canonical_json

    try:
        with Store.open(_store_path(args)) as store:
            for r in store.sends(args.notice):
                print(canonical_json(r.as_json()))
    except StoreError as exc:
        return _fail(exc)
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    """The evidence of one version's publication."""
    from termsite.adapters.sqlite_store import Store, StoreError, read_ledger_file
    from termsite.ledger import evidence as ev
    from termsite.notices.email import render_text
    from termsite.notices.notice import build_notice
    from termsite.site.env import make_environment
    from termsite.site.urls import notice_links

    corpus, diags = load(args.root)
    errors = [d for d in diags if d.is_error]
    if errors:
        report(errors)
        return 1
    doc, index = version_index(corpus, args.document, args.version)
    version = doc.versions[index]
    previous = doc.versions[index - 1] if index else None
    ledger = _ledger_path(args)
    store_path = _store_path(args)
    try:
        entries = read_ledger_file(ledger) if ledger.exists() else None
        sends: dict[str, list[dict[str, Any]]] | None = None
        if store_path.exists():
            with Store.open(store_path) as store:
                sends = {}
                for r in store.sends():
                    sends.setdefault(r.notice, []).append(r.as_json())
    except StoreError as exc:
        return _fail(exc)
    text = None
    if previous is not None:
        notice = build_notice(doc, previous, version, doc.original, corpus.config, notice_links)
        text = render_text(notice, make_environment(args.root / "templates"))
    data = ev.evidence(ev.Request(corpus, doc, version, previous, entries, sends, doc.original, text))
    render = {"json": ev.render_json, "markdown": ev.render_markdown, "text": ev.render_text}[args.format]
    sys.stdout.write(render(data))
    return 0


def _common(p: argparse.ArgumentParser, *, ledger: bool = True) -> None:
    p.add_argument("--store", default=None, help="the SQLite store (default: .terms/store.sqlite)")
    if ledger:
        p.add_argument("--ledger", default=None, help="the ledger's JSON file (default: .terms/ledger.json)")


def register(sub: Any) -> None:
    """Add ``publish-record``, ``ledger`` and ``evidence`` to the ``terms`` command line."""
    r = sub.add_parser("publish-record", help="append the publication of a built site to the ledger and write "
                                              "the ledger into the site as api/ledger.json")
    r.add_argument("--site", type=Path, default=Path("site"), help="the site terms build wrote (default: site/)")
    r.add_argument("--as-of", type=parse_date, default=None,
                   help="the day the site was built as (default: the site's own, from api/terms.json; given, it "
                        "must be that day)")
    r.add_argument("--at", type=_moment, default=None,
                   help="the time of the publication, UTC (default: now; for tests)")
    r.add_argument("--commit", default=None, help="the commit published (default: git rev-parse HEAD)")
    _common(r)
    r.set_defaults(func=cmd_publish_record)

    led = sub.add_parser("ledger", help="the publication ledger: verify, export, back up, the send log")
    lsub = led.add_subparsers(dest="ledger_command", required=True)
    v = lsub.add_parser("verify", help="check the chain, and a site's files against the latest entry")
    v.add_argument("--site", type=Path, default=None,
                   help="check every file of this site against the latest entry (and read the ledger from its "
                        "api/ledger.json unless --ledger is given)")
    v.add_argument("--extends", default=None, help="a copy of the ledger kept earlier: it must be where this one "
                                                   "begins, unchanged")
    v.add_argument("--format", choices=["text", "github", "json", "markdown"], default="text")
    _common(v)
    v.set_defaults(func=cmd_verify)
    e = lsub.add_parser("export", help="write the ledger's JSON from the store")
    e.add_argument("--out", default=None, help="the file to write (default: standard output)")
    _common(e, ledger=False)
    e.set_defaults(func=cmd_export)
    b = lsub.add_parser("backup", help="copy the store (ledger and send log) into a new SQLite file")
    b.add_argument("target")
    _common(b, ledger=False)
    b.set_defaults(func=cmd_backup)
    s = lsub.add_parser("sends", help="print the send log as the JSON lines its hash covers")
    s.add_argument("notice", nargs="?", default=None, help="one notice: DOC/VERSION/LANG (default: all)")
    _common(s, ledger=False)
    s.set_defaults(func=cmd_sends)

    ev = sub.add_parser("evidence", help="the evidence of a version's publication: dates, hashes, the ledger, "
                                         "the notice and the send log")
    ev.add_argument("document")
    ev.add_argument("version", help="the effective date, YYYY-MM-DD")
    ev.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    _common(ev)
    ev.set_defaults(func=cmd_evidence)
