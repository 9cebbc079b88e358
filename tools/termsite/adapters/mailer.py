"""Sending an announcement by SMTP, once per recipient, resumable, one refusal never blocking the rest.

Every recipient's outcome is appended to the send log (a table of the SQLite store,
:mod:`termsite.adapters.sqlite_store`, each record committed) before the next one starts:

- ``sent``: the server accepted the message (with its Message-ID and the server's reply);
- ``deferred``: a temporary refusal (4xx at RCPT or DATA), or the connection was lost after the message
  was handed over but before the server confirmed it; a rerun tries again;
- ``refused``: a permanent refusal (5xx at RCPT or DATA); a rerun never tries this address again for
  this notice (a corrected address is a new recipient).

Each record carries the notice, the recipient, the time and, for a refusal, the server's code and reply.
A run goes on after a refusal. If the server drops the connection before the message was handed over,
the run reconnects and tries that recipient again; after three losses in a row, a connection that cannot
be made, or a refused sender, the run stops: whoever was not attempted is simply not in the log and is
sent to by the next run. A lock on the store keeps two runs from sending at the same time. A JSON-lines
log of an earlier termsite is taken into the store first (:meth:`Store.import_jsonl`), so nobody it
records is sent to again; logs written before refusals were recorded (``sent`` records only) read the
same way. Each message carries a
Message-ID derived from the notice and the recipient, so in the one window no log can close (the server
accepted, the confirmation or the log line never came) a duplicate is recognisable as the same message.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from termsite.adapters.sqlite_store import Store
from termsite.model.text_safety import code_point, first_invisible, reveal_all
from termsite.notices.addresses import AddressError, ascii_address
from termsite.notices.email import HeaderError

_MAX_LOSSES = 3


class SendError(Exception):
    """A problem found before anything is sent; the message says what to do."""


@dataclass(frozen=True)
class Refusal:
    """A recipient the server would not take, as logged."""

    recipient: str
    event: str  # "deferred" or "refused"
    code: int | None
    reply: str

    @property
    def why(self) -> str:
        """The server's code and reply, as printed."""
        return f"{self.code} {self.reply}" if self.code is not None else self.reply


@dataclass
class Outcome:
    """What one run did, and what the log said before it."""

    total: int
    sent_before: int = 0
    refused_before: list[Refusal] = field(default_factory=list)
    sent: int = 0
    deferred: list[Refusal] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    not_attempted: int = 0
    stopped: str | None = None  # why the run ended before the last recipient

    @property
    def complete(self) -> bool:
        """True when every recipient has been sent the notice, by this run or an earlier one."""
        return self.sent_before + self.sent == self.total


def read_recipients(path: Path) -> list[str]:
    """Addresses from a file, one a line, checked, their domains in ASCII; ``#`` comments and blank
    lines ignored, duplicates dropped. Every bad line is reported as ``path:line:col``."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # not read_text: a lone CR must stay on its line
    except (OSError, UnicodeDecodeError) as exc:
        raise SendError(f"{path}: cannot read the recipients file ({exc})") from None
    out: list[str] = []
    seen: set[str] = set()
    bad: list[str] = []
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.removesuffix("\r")
        at = first_invisible(line, allow="\t")
        if at is not None:
            bad.append(f"{path}:{n}:{at + 1}: control or invisible character {code_point(line[at])} "
                       f"in '{reveal_all(line)}'")
            continue
        content = line.split("#", 1)[0]
        address = content.strip(" \t")
        if not address:
            continue
        try:
            checked = ascii_address(address)
        except AddressError as exc:
            bad.append(f"{path}:{n}:{content.index(address) + exc.column + 1}: {exc.message}")
            continue
        if checked.lower() not in seen:
            seen.add(checked.lower())
            out.append(checked)
    if bad:
        raise SendError("\n".join(bad) + "\nfix these lines; nothing was sent")
    if not out:
        raise SendError(f"{path}: no recipients; nothing was sent")
    return out


@dataclass
class LogState:
    """What the log says about one notice, by lower-cased recipient."""

    sent: set[str] = field(default_factory=set)
    refused: dict[str, Refusal] = field(default_factory=dict)


def read_log(store: Store, notice_key: str) -> LogState:
    """The ``sent`` and permanently ``refused`` recipients of ``notice_key``; ``deferred`` ones are left
    to retry."""
    state = LogState()
    for rec in store.sends(notice_key):
        who = rec.recipient.lower()
        if rec.event == "sent":
            state.sent.add(who)
            state.refused.pop(who, None)
        elif rec.event == "refused" and who not in state.sent:
            state.refused[who] = Refusal(rec.recipient, "refused", rec.code, rec.reply)
    return state


class _Stop(Exception):
    """Nobody more can be sent to in this run (the message says why)."""


class _Lost(Exception):
    """The connection failed; ``handed_over`` when the message itself had been sent."""

    def __init__(self, handed_over: bool, cause: BaseException) -> None:
        super().__init__(str(cause) or type(cause).__name__)
        self.handed_over = handed_over


def _reply(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return reveal_all(" ".join(text.split("\n")))


def _connect(host: str, port: int, timeout: float) -> smtplib.SMTP:
    smtp = smtplib.SMTP(timeout=timeout)
    try:
        code, greeting = smtp.connect(host, port)
        if code != 220:
            raise _Stop(f"the server at {host}:{port} is not accepting mail: {code} {_reply(greeting)}")
        smtp.ehlo_or_helo_if_needed()
        if smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
    except (smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise _Stop(f"cannot connect to {host}:{port} ({exc or type(exc).__name__})") from None
    except _Stop:
        smtp.close()
        raise
    return smtp


def _quietly(action: Callable[[], object]) -> None:
    try:
        action()
    except (smtplib.SMTPException, OSError):
        pass


def _deliver(smtp: smtplib.SMTP, sender: str, rcpt: str, data: bytes) -> tuple[str, int | None, str]:
    """One SMTP transaction: (event, code, reply). Raises :class:`_Lost` or :class:`_Stop`."""
    reply: bytes | str
    try:
        code, reply = smtp.mail(sender)
        if code == 421:  # the server is closing the connection: nothing was sent, try again on a new one
            raise _Lost(False, smtplib.SMTPServerDisconnected(f"{code} {_reply(reply)}"))
        if code != 250:
            _quietly(smtp.rset)
            raise _Stop(f"the server refused the sender {sender}: {code} {_reply(reply)}; nobody more can be "
                        "sent to (check --from)" if code >= 500 else
                        f"the server refused the sender {sender} for now: {code} {_reply(reply)}")
        code, reply = smtp.rcpt(rcpt)
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        raise _Lost(False, exc) from None
    if code not in (250, 251):
        _quietly(smtp.rset)
        return ("refused" if 500 <= code < 600 else "deferred"), code, _reply(reply)
    try:
        code, reply = smtp.data(data)
    except smtplib.SMTPDataError as exc:  # DATA itself refused, before the message went out
        code, reply = exc.smtp_code, exc.smtp_error
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        raise _Lost(True, exc) from None
    if code != 250:
        _quietly(smtp.rset)
        return ("refused" if 500 <= code < 600 else "deferred"), code, _reply(reply)
    return "sent", code, _reply(reply)


def send_all(
    *,
    host: str,
    port: int,
    sender: str,
    recipients: list[str],
    store: Store,
    notice_key: str,
    make_message: Callable[[str], EmailMessage],
    timeout: float = 30.0,
    progress: Callable[[str], None] = lambda _s: None,
) -> Outcome:
    """Send one message from ``sender`` (an envelope address) to each recipient not yet logged as sent or
    permanently refused for ``notice_key``, logging each outcome; see the module docstring."""
    with store.send_lock():
        state = read_log(store, notice_key)
        out = Outcome(total=len(recipients))
        todo: list[str] = []
        for r in recipients:
            if r.lower() in state.sent:
                out.sent_before += 1
            elif r.lower() in state.refused:
                out.refused_before.append(state.refused[r.lower()])
            else:
                todo.append(r)
        smtp: smtplib.SMTP | None = None
        done = losses = 0
        try:
            while done < len(todo):
                rcpt = todo[done]
                try:
                    msg = make_message(rcpt)
                    data = msg.as_bytes(policy=SMTP)
                except HeaderError as exc:
                    raise _Stop(f"the message to {rcpt} cannot be written: {exc}") from None
                if smtp is None:
                    smtp = _connect(host, port, timeout)
                try:
                    event, code, reply = _deliver(smtp, sender, rcpt, data)
                    losses = 0
                except _Lost as lost:
                    _quietly(smtp.close)
                    smtp = None
                    losses += 1
                    if lost.handed_over:
                        event, code, reply = "deferred", None, (
                            f"connection lost before the server confirmed the message ({lost}); it may have "
                            "been delivered: a rerun sends it again with the same Message-ID")
                    elif losses >= _MAX_LOSSES:
                        raise _Stop(f"the server closed the connection {losses} times in a row ({lost})") from None
                    else:
                        continue
                record: dict[str, object] = {
                    "event": event, "notice": notice_key, "recipient": rcpt,
                    "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "code": code, "reply": reply}
                if event == "sent":
                    record["message_id"] = str(msg["Message-ID"])
                store.record_send(record)
                done += 1
                if event == "sent":
                    out.sent += 1
                    progress(f"sent {done}/{len(todo)}: {rcpt}")
                else:
                    refusal = Refusal(rcpt, event, code, reply)
                    (out.refused if event == "refused" else out.deferred).append(refusal)
                    progress(f"{event} {done}/{len(todo)}: {rcpt}: {refusal.why}")
                if code == 421 and smtp is not None:  # the server closes after this reply
                    _quietly(smtp.close)
                    smtp = None
                if losses >= _MAX_LOSSES:
                    raise _Stop(f"the server closed the connection {losses} times in a row")
        except _Stop as stop:
            out.stopped = str(stop)
        finally:
            if smtp is not None:
                _quietly(smtp.quit)
                _quietly(smtp.close)
        out.not_attempted = len(todo) - done
    return out
