"""Email announcements of a change (約款第6条: notice by email to the registered contact).

Renders a :class:`~termsite.notices.notice.Notice` as plain text, HTML and Markdown from the templates
``email/notice.{txt,html,md}.j2`` of the environment it is given (the site's one environment, made by
:func:`termsite.site.env.make_environment`), and as an RFC 5322 message (UTF-8, text with an HTML alternative). The
message is deterministic: its Date is the posting day, its Message-ID derives from the notice and the
recipient, so a message sent twice can be recognised as the same. A header value that cannot be carried
(a line break or another control character from a title, a malformed address) is a :class:`HeaderError`,
never a half-built message.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

from jinja2 import Environment

from termsite.model.text_safety import code_point, first_invisible, reveal_all
from termsite.model.timeline import TOKYO
from termsite.notices.addresses import AddressError, parse_sender
from termsite.notices.notice import Notice


class HeaderError(Exception):
    """A header value the message cannot carry; the message names the header and what is wrong."""

    def __init__(self, header: str, message: str) -> None:
        super().__init__(message)
        self.header = header


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(value: str | None) -> str:
    return _MD_SPECIAL.sub(r"\\\1", value or "")


def render_text(notice: Notice, env: Environment) -> str:
    """The plain-text announcement."""
    return env.get_template("email/notice.txt.j2").render(n=notice)


def render_markdown(notice: Notice, env: Environment) -> str:
    """The announcement as Markdown (for a pull request or a posting elsewhere); texts are escaped."""
    return env.get_template("email/notice.md.j2").render(n=_escaped_for_markdown(notice, env))


def render_html(notice: Notice, env: Environment) -> str:
    """The HTML alternative; every text is escaped."""
    return env.get_template("email/notice.html.j2").render(n=notice)


def _escaped_for_markdown(n: Notice, env: Environment) -> Notice:
    from dataclasses import replace

    # links as "label (url)", as in the plain-text email (the environment's plain_text filter)
    as_text = env.filters.get("plain_text", lambda value, _url: value)
    summary, reason = (as_text(x, n.new_text_url) if x else None for x in (n.summary, n.reason))
    return replace(n, subject=_md(n.subject), fact=_md(n.fact), summary=_md(summary) if summary else None,
                   reason=_md(reason) if reason else None, consent=_md(n.consent) if n.consent else None,
                   publisher=_md(n.publisher) if n.publisher else None)


def message_id(notice: Notice, recipient: str = "") -> str:
    """``<notice-<doc>-<date>-<lang>[-<hash>]@<site host>>``: the same notice and recipient, the same id."""
    host = urlsplit(notice.notice_url).hostname or "localhost"
    suffix = "-" + hashlib.sha256(recipient.lower().encode()).hexdigest()[:16] if recipient else ""
    return f"<notice-{notice.id}-{notice.lang}{suffix}@{host}>"


def header_problem(name: str, value: str) -> str | None:
    """Why ``value`` cannot be the ``name`` header (a control or invisible character), or None."""
    bad = first_invisible(value)
    if bad is None:
        return None
    return (f"the {name} header cannot hold {code_point(value[bad])} at character {bad + 1} of "
            f"'{reveal_all(value)}'")


def _set(msg: EmailMessage, name: str, value: str | Address) -> None:
    problem = header_problem(name, str(value)) if isinstance(value, str) else None
    if problem:
        raise HeaderError(name, problem)
    try:
        msg[name] = value
    except (ValueError, TypeError, IndexError, email.errors.MessageError) as exc:
        raise HeaderError(name, f"the {name} header cannot hold '{reveal_all(str(value))}' ({exc})") from None


def build_message(notice: Notice, env: Environment, *, sender: str, recipient: str | None = None) -> EmailMessage:
    """The announcement as an email: UTF-8 text with an HTML alternative. ``recipient`` is an address
    already checked (:func:`~termsite.notices.addresses.ascii_address`). Raises :class:`HeaderError` when
    a header value (the subject from the title, the sender) cannot be carried."""
    msg = EmailMessage(policy=SMTP)
    _set(msg, "Subject", notice.subject)
    try:
        name, addr = parse_sender(sender)
        from_value: str | Address = Address(display_name=name, addr_spec=addr) if name else addr
    except (AddressError, ValueError, IndexError) as exc:
        raise HeaderError("From", f"the From address '{reveal_all(sender)}' is unusable: {exc}") from None
    _set(msg, "From", from_value)
    _set(msg, "To", recipient or "undisclosed-recipients:;")
    posted = notice.version.announced or notice.version.effective
    _set(msg, "Date", format_datetime(dt.datetime.combine(posted, dt.time(0, 0), TOKYO)))
    _set(msg, "Message-ID", message_id(notice, recipient or ""))
    _set(msg, "Content-Language", notice.lang)
    msg.set_content(render_text(notice, env), charset="utf-8", cte="quoted-printable")
    msg.add_alternative(render_html(notice, env), subtype="html", charset="utf-8", cte="quoted-printable")
    # a fixed boundary keeps the message byte-identical from run to run
    msg.set_boundary("=_" + hashlib.sha256(msg["Message-ID"].encode()).hexdigest()[:24])
    try:
        msg.as_bytes()  # whatever the email package would refuse when sending, it refuses here
    except (ValueError, TypeError, UnicodeError, email.errors.MessageError) as exc:
        raise HeaderError("", f"the message cannot be written: {exc}") from None
    return msg
