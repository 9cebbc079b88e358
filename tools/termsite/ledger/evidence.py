"""What a legal team hands over when a customer disputes a change: the evidence of its publication.

Drawn from the terms (the dates the version states, the notice period its impact requires, the
canonical text's SHA-256, the notice's text), the ledger (when the version and its notice were first
posted) and the email send log (who was sent the notice, when, and the log's own hash). It states what
it cannot prove as plainly as what it shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from termsite.model.terms import Corpus, Document, Version
from termsite.model.timeline import TOKYO
from termsite.source.canonical import canonical_json, content_hash


def send_log_hash(records: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 (hex) of the records as JSON lines: each record's canonical JSON and a line feed, in the
    order logged (what ``terms ledger sends`` prints)."""
    text = "".join(canonical_json(dict(r)) + "\n" for r in records)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def send_summary(notice: str, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """How many recipients were sent, are deferred (never sent nor refused) or refused, first and last
    send time, and the hash of these records."""
    final: dict[str, str] = {}
    for r in records:
        who = str(r.get("recipient", "")).lower()
        if r.get("event") == "sent" or final.get(who) != "sent":
            final[who] = str(r.get("event"))
    sent_times = sorted(str(r.get("time")) for r in records if r.get("event") == "sent")
    return {
        "notice": notice, "records": len(records),
        "sent": sum(1 for e in final.values() if e == "sent"),
        "deferred": sum(1 for e in final.values() if e == "deferred"),
        "refused": sum(1 for e in final.values() if e == "refused"),
        "first_sent": sent_times[0] if sent_times else None,
        "last_sent": sent_times[-1] if sent_times else None,
        "sha256": send_log_hash(records),
    }


def _moment(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _tokyo_day(text: str) -> dt.date:
    return _moment(text).astimezone(TOKYO).date()


@dataclass(frozen=True)
class Request:
    """What the evidence is about and what it is drawn from."""

    corpus: Corpus
    document: Document
    version: Version
    previous: Version | None
    entries: Sequence[Mapping[str, Any]] | None  # None: no ledger at all
    sends: Mapping[str, Sequence[Mapping[str, Any]]] | None  # by notice key; None: no send log at all
    notice_lang: str
    notice_text: str | None


def evidence(req: Request) -> dict[str, Any]:
    """The evidence as JSON-ready data (the text and Markdown reports are made from it)."""
    doc, v = req.document, req.version
    policy = req.corpus.config.notice
    required = policy.days(v.impact) if v.impact else None
    kept = (v.effective - v.announced).days if v.announced else None
    sha = content_hash(v)
    cannot: list[str] = []
    out: dict[str, Any] = {
        "document": doc.id, "title": {"ja": doc.title.ja, "en": doc.title.en}, "version": v.key,
        "previous": req.previous.key if req.previous else None, "status": v.status,
        "announced": v.announced.isoformat() if v.announced else None, "effective": v.effective.isoformat(),
        "timezone": req.corpus.config.timezone, "impact": v.impact,
        "notice_days_required": required, "notice_days_announced": kept,
        "notice_period_kept": (kept >= required) if kept is not None and required is not None else None,
        "sha256": sha,
    }
    entries = list(req.entries or [])
    terms_first: dict[str, Any] | None = None
    notice_first: dict[str, Any] | None = None
    mismatched: list[int] = []
    for e in entries:
        for rec in e.get("versions", []):
            if rec.get("document") == doc.id and rec.get("version") == v.key:
                if rec.get("sha256") != sha:
                    mismatched.append(int(e["number"]))
                if terms_first is None:
                    terms_first = {"entry": e["number"], "time": e["time"], "as_of": e["as_of"],
                                   "commit": e["commit"], "entry_hash": e["hash"], "state": rec.get("state"),
                                   "sha256": rec.get("sha256"), "urls": rec.get("urls")}
        if notice_first is None:
            posted = [{"lang": n.get("lang"), "url": n.get("url"), "sha256": n.get("sha256")}
                      for n in e.get("notices", []) if n.get("document") == doc.id and n.get("version") == v.key]
            if posted:
                notice_first = {"entry": e["number"], "time": e["time"], "as_of": e["as_of"],
                                "commit": e["commit"], "entry_hash": e["hash"], "notices": posted}
    out["ledger"] = ({"entries": len(entries), "first": entries[0]["time"] if entries else None,
                      "last": entries[-1]["time"] if entries else None,
                      "last_hash": entries[-1]["hash"] if entries else None} if req.entries is not None else None)
    out["terms_first_posted"] = terms_first
    out["notice_first_posted"] = notice_first
    effective_start = dt.datetime.combine(v.effective, dt.time(), TOKYO)
    days_before: int | None = None
    if notice_first is not None:
        days_before = (v.effective - _tokyo_day(notice_first["time"])).days  # calendar days, as notice_days counts
    out["notice_days_before_effective"] = days_before

    if req.entries is None:
        cannot.append("There is no ledger: nothing here shows when the terms or the notice were posted.")
    elif not entries:
        cannot.append("The ledger has no entry: nothing here shows when the terms or the notice were posted.")
    else:
        first_day = _tokyo_day(entries[0]["time"])
        if v.announced and first_day > v.announced:
            cannot.append(f"The ledger has no entry before {entries[0]['time']}: it cannot show that the change was "
                          f"posted on {v.announced.isoformat()}, the version's announced date.")
        if terms_first is None:
            cannot.append("No ledger entry lists this version: the ledger cannot show that it was posted.")
        elif v.announced and _tokyo_day(terms_first["time"]) > v.announced and first_day <= v.announced:
            cannot.append(f"The ledger first lists this version at {terms_first['time']}, after its announced date "
                          f"{v.announced.isoformat()}.")
        if req.previous is not None and notice_first is None:
            cannot.append("No ledger entry lists the notice of this change: the ledger cannot show that it was posted.")
        if days_before is not None:
            if days_before < 0 or _moment(notice_first["time"]) >= effective_start:  # type: ignore[index]
                cannot.append(f"The notice first appears in the ledger at {notice_first['time']}, not before the "  # type: ignore[index]
                              f"version took effect ({v.effective.isoformat()} 00:00 {req.corpus.config.timezone}).")
            elif required is not None and days_before < required:
                cannot.append(f"The notice first appears in the ledger {days_before} day(s) before the version took "
                              f"effect, fewer than the {required} day(s) a change of impact {v.impact} requires.")
        if mismatched:
            cannot.append("Entries " + ", ".join(map(str, mismatched)) + " record another SHA-256 for this version's "
                          "text than the text has now.")
    emails = []
    keys = [f"{doc.id}/{v.key}/{lang}" for lang in ("ja", "en")]
    for key in keys:
        records = list((req.sends or {}).get(key, []))
        if records:
            emails.append(send_summary(key, records))
    out["email"] = emails
    if req.sends is None:
        cannot.append("There is no send log: nothing here shows that the notice was emailed to anyone.")
    elif not emails:
        cannot.append("The send log holds no record of this notice: nothing here shows that it was emailed.")
    else:
        for s in emails:
            if s["deferred"] or s["refused"]:
                cannot.append(f"{s['deferred'] + s['refused']} recipient(s) of {s['notice']} were not sent the "
                              f"email (deferred {s['deferred']}, refused {s['refused']}).")
        cannot.append("The send log shows that the mail server accepted each message sent; it cannot show that "
                      "the recipient received or read it.")
    if entries:
        cannot.append("Each entry's time is the clock of the publishing run; the ledger is as strong as the "
                      "copies kept of it (the ledger branch, the deployed /api/ledger.json, the workflow's "
                      "artifacts), which an entry's hash ties together.")
    out["cannot_prove"] = cannot
    out["notice"] = {"lang": req.notice_lang, "text": req.notice_text} if req.notice_text is not None else None
    return out


def render_json(data: Mapping[str, Any]) -> str:
    """The evidence as indented JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _lines(data: Mapping[str, Any], md: bool) -> list[str]:
    def item(text: str) -> str:
        if md:
            return f"  - {text.strip()}" if text.startswith("  ") else f"- {text}"
        return f"  {text}"

    def head(text: str) -> list[str]:
        return ["", f"## {text}", ""] if md else ["", text]

    def code(text: Any) -> str:
        return f"`{text}`" if md else str(text)

    title = data["title"].get("ja") or data["title"].get("en") or data["document"]
    out = [(f"# Evidence of publication: {title} ({data['document']}) {data['version']}" if md
            else f"Evidence of publication: {title} ({data['document']}) {data['version']}")]
    out += head("Dates the terms require")
    out.append(item(f"announced (posted on the site): {data['announced'] or 'not announced'}"))
    out.append(item(f"effective: {data['effective']} 00:00 {data['timezone']}"))
    req = data["notice_days_required"]
    out.append(item(f"impact: {data['impact'] or 'not stated'}; notice period required: "
                    + (f"{req} day(s) (site_config/site.yml notice_days)" if req is not None else "none stated")))
    if data["notice_days_announced"] is not None:
        verdict = {True: "kept", False: "NOT kept", None: "nothing to compare with"}[data["notice_period_kept"]]
        out.append(item("notice period from announced to effective: "
                        f"{data['notice_days_announced']} day(s): {verdict}"))
    out += head("Text")
    out.append(item(f"canonical text SHA-256: {code(data['sha256'])}"))
    out += head("First posted (from the ledger)")
    ledger = data["ledger"]
    if ledger is None:
        out.append(item("no ledger"))
    else:
        out.append(item(f"ledger: {ledger['entries']} entries, from {ledger['first']} to {ledger['last']}; "
                        f"last entry hash {code(ledger['last_hash'])}"))
        tf = data["terms_first_posted"]
        if tf:
            out.append(item(f"terms: entry {tf['entry']} at {tf['time']} (site as of {tf['as_of']}, commit "
                            f"{code(tf['commit'] or 'none')}), state {tf['state']}, "
                            f"entry hash {code(tf['entry_hash'])}"))
            for lang, url in sorted((tf.get("urls") or {}).items()):
                out.append(item(f"  {lang}: {url}"))
        else:
            out.append(item("terms: not in any entry"))
        nf = data["notice_first_posted"]
        if nf:
            out.append(item(f"notice: entry {nf['entry']} at {nf['time']} (site as of {nf['as_of']}), "
                            f"{data['notice_days_before_effective']} day(s) before the day the version took effect"))
            for n in nf["notices"]:
                out.append(item(f"  {n['lang']}: {n['url']} page SHA-256 {code(n['sha256'])}"))
        elif data["previous"] is not None:
            out.append(item("notice: not in any entry"))
    out += head("Email (send log)")
    if not data["email"]:
        out.append(item("no record"))
    for s in data["email"]:
        out.append(item(f"{s['notice']}: {s['records']} record(s); sent {s['sent']}, deferred {s['deferred']}, "
                        f"refused {s['refused']}; first sent {s['first_sent'] or 'never'}, last sent "
                        f"{s['last_sent'] or 'never'}; log SHA-256 {code(s['sha256'])}"))
    out += head("What this cannot prove")
    out += [f"- {c}" if md else f"  - {c}" for c in data["cannot_prove"]]
    notice = data["notice"]
    if notice is not None:
        out += head(f"The notice ({notice['lang']})")
        body = notice["text"].rstrip("\n").split("\n")
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", notice["text"])), default=0))
        out += ([f"{fence}text", *body, fence] if md else [f"  {line}".rstrip() for line in body])
    return out


def render_text(data: Mapping[str, Any]) -> str:
    """The evidence as plain text."""
    return "\n".join(_lines(data, md=False)) + "\n"


def render_markdown(data: Mapping[str, Any]) -> str:
    """The evidence as Markdown (the notice's text in a fenced block, verbatim)."""
    return "\n".join(_lines(data, md=True)) + "\n"
