"""Sending an announcement by SMTP, once per recipient, resumable after a failure.

Every successful send is appended to a log (JSON lines, fsynced) before the next one starts. A run
that stops half-way (the server fails, the network drops) is simply run again: recipients with a
``sent`` record for this notice are skipped, everyone else is sent to. A lock on the log keeps two
runs from sending at the same time. Each message carries a Message-ID derived from the notice and the
recipient, so in the one window no log can close (the server accepted, the process died before the
log line) the duplicate is recognisable as the same message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import IO

_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


class SendError(Exception):
    """A problem that stops sending; the message says what to do."""


@dataclass(frozen=True)
class Outcome:
    """What one run did."""

    sent: int
    skipped: int
    total: int


def read_recipients(path: Path) -> list[str]:
    """Addresses from a file, one a line; ``#`` comments and blank lines ignored, duplicates dropped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SendError(f"{path}: cannot read the recipients file ({exc})") from None
    out: list[str] = []
    seen: set[str] = set()
    bad: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not _ADDRESS.match(line):
            bad.append(f"{path}:{n}:1: not an email address: '{line}'")
            continue
        if line.lower() not in seen:
            seen.add(line.lower())
            out.append(line)
    if bad:
        raise SendError("\n".join(bad) + "\nfix these lines; nothing was sent")
    if not out:
        raise SendError(f"{path}: no recipients; nothing was sent")
    return out


def already_sent(log: Path, notice_key: str) -> set[str]:
    """Recipients (lower-cased) with a ``sent`` record for ``notice_key`` in the log."""
    done: set[str] = set()
    if not log.exists():
        return done
    for n, line in enumerate(log.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            raise SendError(f"{log}:{n}:1: the send log is damaged; repair or move it before sending") from None
        if rec.get("event") == "sent" and rec.get("notice") == notice_key:
            done.add(str(rec.get("recipient", "")).lower())
    return done


def _append(fh: IO[str], record: dict[str, str]) -> None:
    fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    fh.flush()
    os.fsync(fh.fileno())


def send_all(
    *,
    host: str,
    port: int,
    recipients: list[str],
    log: Path,
    notice_key: str,
    make_message: Callable[[str], EmailMessage],
    timeout: float = 30.0,
    progress: Callable[[str], None] = lambda _s: None,
) -> Outcome:
    """Send one message per recipient not yet logged as sent for ``notice_key``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SendError(f"{log}: another send is running with this log; wait for it to finish") from None
        done = already_sent(log, notice_key)
        todo = [r for r in recipients if r.lower() not in done]
        if not todo:
            return Outcome(0, len(recipients), len(recipients))
        sent = 0
        try:
            with smtplib.SMTP(host, port, timeout=timeout) as smtp:
                smtp.ehlo_or_helo_if_needed()
                if smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
                for rcpt in todo:
                    msg = make_message(rcpt)
                    smtp.send_message(msg, to_addrs=[rcpt])
                    _append(fh, {"event": "sent", "notice": notice_key, "recipient": rcpt,
                                 "message_id": str(msg["Message-ID"]),
                                 "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
                    sent += 1
                    progress(f"sent {sent}/{len(todo)}: {rcpt}")
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            left = len(todo) - sent
            raise SendError(
                f"sending stopped after {sent} of {len(todo)} message(s): {exc}. "
                f"{left} recipient(s) were not sent to; run the same command again to send to them "
                f"(the {sent} sent are logged in {log} and will not be sent twice)"
            ) from None
    return Outcome(sent, len(recipients) - len(todo), len(recipients))
