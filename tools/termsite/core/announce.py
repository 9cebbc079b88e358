"""Email announcements of a change (約款第6条: notice by email to the registered contact).

Renders a :class:`~termsite.core.notices.Notice` as plain text, HTML and Markdown from the templates
in ``templates/email/``, and as an RFC 5322 message (UTF-8, text with an HTML alternative). The
message is deterministic: its Date is the posting day, its Message-ID derives from the notice and the
recipient, so a message sent twice can be recognised as the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .notices import Notice
from .timeline import TOKYO

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(value: str | None) -> str:
    return _MD_SPECIAL.sub(r"\\\1", value or "")


@lru_cache(maxsize=4)
def _environments(templates: Path) -> tuple[Environment, Environment]:
    loader = FileSystemLoader(str(templates / "email"))
    plain = Environment(loader=loader, autoescape=False, undefined=StrictUndefined, trim_blocks=True,
                        lstrip_blocks=True, keep_trailing_newline=True)
    plain.filters["md"] = _md
    html = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)
    return plain, html


def render_text(notice: Notice, templates: Path) -> str:
    """The plain-text announcement."""
    return _environments(templates)[0].get_template("notice.txt.j2").render(n=notice)


def render_markdown(notice: Notice, templates: Path) -> str:
    """The announcement as Markdown (for a pull request or a posting elsewhere); texts are escaped."""
    plain = _environments(templates)[0]
    safe = _escaped_for_markdown(notice)
    return plain.get_template("notice.md.j2").render(n=safe)


def render_html(notice: Notice, templates: Path) -> str:
    """The HTML alternative; every text is escaped."""
    return _environments(templates)[1].get_template("notice.html.j2").render(n=notice)


def _escaped_for_markdown(n: Notice) -> Notice:
    from dataclasses import replace

    return replace(n, subject=_md(n.subject), fact=_md(n.fact), summary=_md(n.summary) if n.summary else None,
                   reason=_md(n.reason) if n.reason else None, consent=_md(n.consent) if n.consent else None,
                   publisher=_md(n.publisher) if n.publisher else None)


def message_id(notice: Notice, recipient: str = "") -> str:
    """``<notice-<doc>-<date>-<lang>[-<hash>]@<site host>>``: the same notice and recipient, the same id."""
    host = urlsplit(notice.notice_url).hostname or "localhost"
    suffix = "-" + hashlib.sha256(recipient.lower().encode()).hexdigest()[:16] if recipient else ""
    return f"<notice-{notice.id}-{notice.lang}{suffix}@{host}>"


def build_message(notice: Notice, templates: Path, *, sender: str, recipient: str | None = None) -> EmailMessage:
    """The announcement as an email: UTF-8 text with an HTML alternative."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = notice.subject
    name, _, addr = sender.rpartition(" ")
    if name and addr.startswith("<"):
        msg["From"] = Address(display_name=name.strip('"'), addr_spec=addr.strip("<>"))
    else:
        msg["From"] = sender
    msg["To"] = recipient or "undisclosed-recipients:;"
    posted = notice.version.announced or notice.version.effective
    msg["Date"] = format_datetime(dt.datetime.combine(posted, dt.time(0, 0), TOKYO))
    msg["Message-ID"] = message_id(notice, recipient or "")
    msg["Content-Language"] = notice.lang
    msg.set_content(render_text(notice, templates), charset="utf-8", cte="quoted-printable")
    msg.add_alternative(render_html(notice, templates), subtype="html", charset="utf-8", cte="quoted-printable")
    # a fixed boundary keeps the message byte-identical from run to run
    msg.set_boundary("=_" + hashlib.sha256(msg["Message-ID"].encode()).hexdigest()[:24])
    return msg
