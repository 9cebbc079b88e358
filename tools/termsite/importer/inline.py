"""Inline Markdown and HTML of one line made into the text the model keeps.

Emphasis in every spelling (``*x*``, ``_x_``, ``**x**``, ``__x__``, ``<em>``, ``<strong>``, ``<b>``,
``<i>``) is removed alike, so that a version which only switched ``*`` to ``_`` reads the same. Links
(Markdown ``[t](u)``, HTML ``<a href="u">t</a>``, autolinks ``<https://…>``) are kept in the one form
a text may carry (``[t](u)``, see FORMS in the README) when their target is safe: ``https://``,
``http://``, ``mailto:``, or ``#anchor`` (resolved to a provision's id once ids are known). Any
other target (``javascript:``, ``data:``, a relative path) makes the link plain text, reported.
What was removed is returned by kind, so that the reader reports each kind once.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

ANCHOR = "\x01"  # marks a target that is an anchor of the source, until it is resolved to an id

_A = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMAIL = re.compile(r"<([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\\*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)")
_EM_UNDER = re.compile(r"(?<![A-Za-z0-9\\_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![A-Za-z0-9_])")  # not in snake_case
_EMPH_TAG = re.compile(r"</?(?:em|strong|b|i|u|mark)\b[^>]*>", re.IGNORECASE)
_CODE = re.compile(r"`([^`]+)`")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_SAFE_URL = re.compile(r"^(?:https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s()<>\"'\\]*)?|mailto:[^\s@()<>\"'\\]+@[^\s()<>\"'\\]+)$")
_PLACE = re.compile("\x02(\\d+)\x03")


@dataclass
class Inline:
    """The text of a line, what kinds of markup were removed, and the links that could not be kept."""

    text: str
    removed: set[str] = field(default_factory=set)
    dropped: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def _target(raw: str) -> str | None:
    """The target as kept (an anchor marked with :data:`ANCHOR`), or None when it cannot be kept."""
    target = html.unescape(raw.strip())
    if target.startswith("#") and re.fullmatch(r"#[^\s()<>\"'\\]+", target):
        return ANCHOR + target[1:]
    return target if _SAFE_URL.match(target) else None


def inline(text: str) -> Inline:
    """``text`` with its inline markup resolved (see the module's description)."""
    out = Inline(text)
    links: list[str] = []

    def keep(label: str, raw: str, kind: str) -> str:
        label = _plain_label(label, out)
        target = _target(raw)
        if target is None or not label or "[" in label or "]" in label:
            out.dropped.append(f"{kind} '{label}' to '{raw}'" if label else f"{kind} to '{raw}'")
            return label or ""
        if target.startswith(ANCHOR):
            out.anchors.append(target[1:])
        links.append(f"[{label}]({target})")
        return f"\x02{len(links) - 1}\x03"

    def a_tag(m: re.Match[str]) -> str:
        href = _HREF.search(m.group(1))
        if href is None:
            out.removed.add("HTML")
            return m.group(2)
        return keep(m.group(2), next(g for g in href.groups() if g is not None), "the HTML link")

    s = _A.sub(a_tag, text)
    s, n = _IMAGE.subn(r"\1", s)
    if n:
        out.removed.add("images")
    s = _LINK.sub(lambda m: keep(m.group(1), m.group(2), "the link"), s)
    s = _AUTOLINK.sub(lambda m: keep(m.group(1), m.group(1), "the link"), s)
    s = _EMAIL.sub(lambda m: keep(m.group(1), f"mailto:{m.group(1)}", "the link"), s)
    s = _emphasis(s, out)
    s, n = _CODE.subn(r"\1", s)
    if n:
        out.removed.add("code spans")
    s, n = _BR.subn("\n", s)
    if n:
        out.removed.add("line breaks (<br>)")
    s, n = _TAG.subn("", s)
    if n:
        out.removed.add("HTML")
    if _ENTITY.search(s):
        s = html.unescape(s)
        out.removed.add("HTML character references")
    s = _ESCAPE.sub(r"\1", s)
    # what reads as a link only now (brackets written as entities or escapes) is text, or a safe link
    s = _LINK.sub(lambda m: keep(m.group(1), m.group(2), "the link"), s)
    out.text = _PLACE.sub(lambda m: links[int(m.group(1))], s)
    return out


def _emphasis(s: str, out: Inline) -> str:
    before = s
    for _ in range(3):  # nested emphasis: ***x***, **_x_**
        s = _STRONG.sub(r"\2", s)
        s = _EM_STAR.sub(r"\1", s)
        s = _EM_UNDER.sub(r"\1", s)
    s = _EMPH_TAG.sub("", s)
    if s != before:
        out.removed.add("emphasis")
    return s


def _plain_label(label: str, out: Inline) -> str:
    inner = Inline(label)
    s = _emphasis(_TAG.sub("", label), inner)
    out.removed |= inner.removed
    return " ".join(html.unescape(_ESCAPE.sub(r"\1", s)).split())


def slug(text: str) -> str:
    """The anchor GitHub (and MkDocs' ``toc`` with unicode slugs) gives a heading."""
    s = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return s.replace(" ", "-")


def resolve_anchors(text: str, ids: dict[str, str]) -> tuple[str, list[str]]:
    """Anchor targets of ``text`` replaced by the ids they name; links to unknown anchors made plain."""
    missing: list[str] = []

    def one(m: re.Match[str]) -> str:
        found = ids.get(m.group(2)) or ids.get(m.group(2).lower())
        if found is None:
            missing.append(f"the link '{m.group(1)}' to '#{m.group(2)}'")
            return m.group(1)
        return f"[{m.group(1)}](#{found})"

    return re.sub(r"\[([^\[\]\n]+)\]\(" + ANCHOR + r"([^)]*)\)", one, text), missing


def link_labels(text: str) -> str:
    """``text`` with every ``[label](target)`` reduced to its label (what a reader reads)."""
    return re.sub(r"\[([^\[\]\n]+)\]\([^()\s<>\"'\\]+\)", r"\1", text)
