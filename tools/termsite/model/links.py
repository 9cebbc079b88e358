"""Links inside a text: Markdown's inline link ``[label](target)``, the one form a text may carry.

:func:`parse` splits a text into plain strings and :class:`Link` segments; it accepts any string and
never raises: a ``[`` not followed by a well-formed ``label](target)`` is plain text. Joining the
plain strings and each link written back as ``[label](target)`` gives the text again. :func:`plain`
is the text a reader reads (labels without their targets).

The form (CONTRIBUTING.md, "Links"): a label is one line, not empty, without ``[`` or ``]``; a target
has no whitespace and none of ``( ) < > " '`` or a backslash. Which targets may be followed is
:func:`target_problem` (the checks report it, and the renderers never make an ``href`` of a target it
refuses): ``https://host…``, ``http://host…``, ``mailto:addr@host``, ``#id`` (a provision of the same
version), ``doc`` or ``doc#id`` (another document of the repository, one of its provisions).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Link:
    """``[label](target)``: the text a reader sees and where it leads."""

    label: str
    target: str

    @property
    def markup(self) -> str:
        """The link as written in a text."""
        return f"[{self.label}]({self.target})"


Segment = str | Link
"""A piece of a text: plain text, or a link."""

_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^\s()<>\"'\\]+)\)")
# What an editor means as a link: ``[label](`` and the target up to the next parenthesis or line end.
_NEAR = re.compile(r"\[([^\[\]\n]*)\]\(([^()\n]*)")

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_INTERNAL = re.compile(rf"(?:(?P<doc>{_ID})(?:#(?P<id1>{_ID}))?|#(?P<id2>{_ID}))\Z")
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_MAILBOX = re.compile(r"[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")

TargetKind = Literal["external", "mailto", "fragment", "document"]


@functools.lru_cache(maxsize=65536)
def parse(text: str) -> tuple[Segment, ...]:
    """``text`` as plain strings and links, in order; adjacent plain text is one string, never empty."""
    if "](" not in text:
        return (text,) if text else ()
    out: list[Segment] = []
    last = 0
    for m in _LINK.finditer(text):
        if m.start() > last:
            out.append(text[last:m.start()])
        out.append(Link(m.group(1), m.group(2)))
        last = m.end()
    if last < len(text):
        out.append(text[last:])
    return tuple(out)


def has_links(text: str) -> bool:
    """True if ``text`` holds at least one link."""
    return "](" in text and any(isinstance(s, Link) for s in parse(text))


def plain(text: str) -> str:
    """The text a reader reads: every link replaced by its label."""
    if "](" not in text:
        return text
    return "".join(s if isinstance(s, str) else s.label for s in parse(text))


def spans(text: str) -> Iterator[tuple[int, int, Link]]:
    """Every link of ``text`` with its start and end offsets in ``text``."""
    at = 0
    for s in parse(text):
        if isinstance(s, str):
            at += len(s)
        else:
            end = at + len(s.markup)
            yield at, end, s
            at = end


def near_links(text: str) -> Iterator[tuple[int, str, str, str]]:
    """``[…](…)`` that is not a link of the form (an empty label, a space in the target …): offset,
    label, target as written up to a parenthesis or the end of the line, and the character that ended
    it (``""``: the end of the text), for a check to report; the text shows them as plain text."""
    if "](" not in text:
        return
    starts = {start for start, _end, _link in spans(text)}
    for m in _NEAR.finditer(text):
        if m.start() not in starts:
            yield m.start(), m.group(1), m.group(2), text[m.end():m.end() + 1]


def kind(target: str) -> TargetKind | None:
    """What ``target`` is, judged by its form alone (:func:`target_problem` says whether it is valid)."""
    if target.startswith("#") or _INTERNAL.match(target):
        return "fragment" if target.startswith("#") else "document"
    scheme = _SCHEME.match(target)
    if scheme is None:
        return None
    name = scheme.group(1).lower()
    if name in ("http", "https"):
        return "external"
    if name == "mailto":
        return "mailto"
    return None


def internal(target: str) -> tuple[str | None, str | None] | None:
    """``(document, id)`` of an internal target (``#id``: no document; ``doc``: no id), else None."""
    m = _INTERNAL.match(target)
    if m is None:
        return None
    return m.group("doc"), m.group("id1") or m.group("id2")


@functools.lru_cache(maxsize=16384)
def target_problem(target: str) -> str | None:
    """Why ``target`` cannot be followed (``None`` if it can): only web, mail and internal links."""
    bad = _CONTROL.search(target)
    if bad:
        return f"it contains the invisible or control character U+{ord(bad.group(0)):04X}"
    if _ENTITY.search(target):
        return "it contains a character entity (write the character itself)"
    if target.startswith("//"):
        return "a link must name its scheme: write https://host/… rather than //host/…"
    if target.startswith("#") or (not _SCHEME.match(target) and "/" not in target and "." not in target):
        if internal(target) is None:
            return ("an internal link is #id (a provision of this version) or document-id, document-id#id "
                    "(lowercase letters, digits and single hyphens)")
        return None
    scheme = _SCHEME.match(target)
    if scheme is None:
        return "a relative path is not a link target: write https://… , mailto:… or an internal link"
    name = scheme.group(1).lower()
    if name == "mailto":
        return _mailto_problem(target[len("mailto:"):], scheme.group(1))
    if name not in ("http", "https"):
        return f"'{name}:' links are not allowed: only https://, http://, mailto: and internal links"
    if scheme.group(1) != name:
        return f"write the scheme in lowercase ({name}://)"
    return _web_problem(target)


def _mailto_problem(address: str, written: str) -> str | None:
    if written != "mailto":
        return "write the scheme in lowercase (mailto:)"
    mailbox = urllib.parse.unquote(address.split("?", 1)[0])
    if not _MAILBOX.match(mailbox):
        return "a mailto: link needs one address written name@host.domain"
    return None


def _web_problem(url: str) -> str | None:
    if not url.isascii():
        return "it holds characters outside ASCII: percent-encode them, and write a domain in its xn-- form"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:
        return f"it is not a URL ({exc})"
    if not url[len(parts.scheme):].startswith("://"):
        return f"write {parts.scheme}:// and the host name"
    if parts.username is not None or parts.password is not None:
        return "it must not hold a user name or password"
    host = parts.hostname or ""
    if not host:
        return "it has no host name"
    if ":" not in host and not all(_HOST_LABEL.match(x) for x in host.rstrip(".").split(".")):
        return f"'{host}' is not a host name (letters, digits and hyphens, separated by dots)"
    return None


def to_text(text: str, url: Callable[[Link], str | None]) -> str:
    """``text`` for plain text (an email, a feed's text): each link as ``label (url)``, where ``url``
    gives the address to show (``None``: the label alone)."""
    if "](" not in text:
        return text
    out = []
    for s in parse(text):
        if isinstance(s, str):
            out.append(s)
            continue
        address = url(s) if target_problem(s.target) is None else None
        out.append(s.label if not address or address == s.label else f"{s.label} ({address})")
    return "".join(out)


def segments_data(text: str) -> list[str | dict[str, str]]:
    """The segments of ``text`` as JSON data: strings, and ``{"label": …, "target": …}`` for links."""
    return [s if isinstance(s, str) else {"label": s.label, "target": s.target} for s in parse(text)]
