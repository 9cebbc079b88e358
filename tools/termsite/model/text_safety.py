"""What a text of the terms may contain: plain, visible characters and no markup.

A reader must see every character that makes the terms: bidirectional controls can reorder what is
displayed (Trojan Source), zero-width and other format characters hide inside a word, and control
characters can rewrite a terminal. :func:`invisible` finds them, :func:`reveal` makes them visible
as ``⟨U+200B⟩`` (comparisons and diagnostics print texts through it), :func:`markup` finds what is
really HTML (a tag, an entity, a script link) while ``a < b & c > d`` stays legal text and a link
``[label](target)`` is the one markup allowed, and
:func:`mixed_script_word` finds a word whose letters come from scripts that look alike.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
import urllib.parse

from termsite.model.links import spans

# Cc (C0 and C1 controls, DEL) but newline; Cf (format: bidi controls and marks, zero-width
# characters, word joiner, BOM, soft hyphen, tag characters); line and paragraph separators; the
# Hangul fillers that render as nothing; interlinear annotation marks, noncharacters
# and lone surrogates (a YAML escape such as "\\ud800").
_INVISIBLE_RANGES = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff\ud800-\udfff"
    "\U000e0000-\U000e007f"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_RANGES}]")
_INVISIBLE_IN_LINE = re.compile(f"[\n{_INVISIBLE_RANGES}]")

# Variation selectors (U+FE00-FE0F) pick a glyph of the character before them (異体字 in names):
# they are kept when they follow a character and only reported when they stand alone.
_VARIATION = re.compile("[\ufe00-\ufe0f]")

_MARKUP = re.compile(
    r"<[A-Za-z/!?]"                                   # a tag, a closing tag, a comment or declaration
    r"|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});"  # a character reference
    r"|\b(?:java|vb)\s*script\s*:"                    # script links
    r"|\bdata\s*:\s*[A-Za-z]+/[A-Za-z0-9.+-]+[;,]",   # data: URLs (a MIME type, then ; or ,)
    re.IGNORECASE,
)

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_CYRILLIC = "\u0400-\u052f"
_WORD_WITH_LOOKALIKES = re.compile(f"[{_LATIN}{_GREEK}{_CYRILLIC}]+")
_LOOKALIKE_SCRIPT = re.compile(f"[{_GREEK}{_CYRILLIC}]")
_SCRIPTS = (("Latin", re.compile(f"[{_LATIN}]")), ("Greek", re.compile(f"[{_GREEK}]")),
            ("Cyrillic", re.compile(f"[{_CYRILLIC}]")))


def code_point(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: the code point and its name (controls have none in Unicode)."""
    name = unicodedata.name(ch, "") or ("(a control character)" if unicodedata.category(ch) == "Cc" else "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"


@functools.lru_cache(maxsize=65536)
def invisible(text: str) -> tuple[tuple[int, str], ...]:
    """Every invisible or control character of ``text`` as (offset, character), newline excepted."""
    found: list[tuple[int, str]] = []
    if _INVISIBLE.search(text):
        for m in _INVISIBLE.finditer(text):
            ch = m.group(0)
            if _VARIATION.fullmatch(ch) and m.start() > 0 and not _INVISIBLE.fullmatch(text[m.start() - 1]):
                continue
            found.append((m.start(), ch))
    return tuple(found)


def first_invisible(text: str, *, allow: str = "") -> int | None:
    """Offset of the first invisible or control character of a one-line value (newline included)
    that is not in ``allow``: for mail headers, addresses and names."""
    for m in _INVISIBLE_IN_LINE.finditer(text):
        if m.group(0) not in allow:
            return m.start()
    return None


def reveal(text: str) -> str:
    """``text`` with every invisible or control character written as ``⟨U+200B⟩``."""
    hits = invisible(text)
    if not hits:
        return text
    out: list[str] = []
    last = 0
    for i, ch in hits:
        out += [text[last:i], f"⟨U+{ord(ch):04X}⟩"]
        last = i + 1
    out.append(text[last:])
    return "".join(out)


def reveal_all(text: str) -> str:
    """Like :func:`reveal`, newlines included: for one-line output such as a diagnostic."""
    return reveal(text).replace("\n", "⟨U+000A⟩")


def markup(text: str) -> str | None:
    """Up to 40 characters of ``text`` from where markup starts (a tag, an entity, a script link).

    The one markup a text may hold is the link ``[label](target)`` (:mod:`termsite.model.links`): its
    target is judged by the link rules, its label like any text; an image (``![alt](src)``) is markup."""
    if "](" not in text:
        m = _MARKUP.search(text)
        return text[m.start():m.start() + 40] if m else None
    last = 0
    for start, end, link in spans(text):
        for at, piece in ((last, text[last:start]), (start + 1, link.label)):
            m = _MARKUP.search(piece)
            if m:
                return text[at + m.start():at + m.start() + 40]
        if start > 0 and text[start - 1] == "!":
            return text[start - 1:start + 39]
        last = end
    m = _MARKUP.search(text, last)
    return text[m.start():m.start() + 40] if m else None


def mixed_script_word(text: str) -> str | None:
    """The first word mixing Latin, Greek or Cyrillic letters (``Раураl`` with a Cyrillic ``Р``)."""
    if text.isascii() or not _LOOKALIKE_SCRIPT.search(text):
        return None
    for m in _WORD_WITH_LOOKALIKES.finditer(text):
        word = m.group(0)
        if sum(1 for _name, pattern in _SCRIPTS if pattern.search(word)) > 1:
            return word
    return None


def context(text: str, offset: int, width: int = 12) -> str:
    """The characters around ``offset``, revealed, for a message."""
    start, end = max(0, offset - width), min(len(text), offset + width + 1)
    return ("…" if start else "") + reveal_all(text[start:end]) + ("…" if end < len(text) else "")


_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
_URL_FORBIDDEN = re.compile(r"[\s\"'<>`{}|\\^]")


def site_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the site's public address (``None`` if it can).

    It is inserted into every page (canonical links, feeds, the sitemap): an absolute http or https
    URL with a host name and nothing that could leave an attribute or start markup."""
    bad = _URL_FORBIDDEN.search(url) or _INVISIBLE.search(url)
    if bad:
        return f"it contains {code_point(bad.group(0))}, which a URL cannot hold"
    if not url.isascii():
        return "it holds characters outside ASCII: write an international domain in its xn-- form"
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"it is not a URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "it must start with https:// (or http://)"
    host = parts.hostname or ""
    if not host:
        return "it has no host name"
    if parts.username is not None or parts.password is not None:
        return "it must not hold a user name or password"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "it must not have a query (?) or a fragment (#)"
    if port == 0:
        return "its port must be between 1 and 65535"
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"'{host}' is not an IPv6 address"
    elif not all(_HOST_LABEL.match(label) for label in host.rstrip(".").split(".")):
        return f"'{host}' is not a host name (letters, digits and hyphens, separated by dots)"
    if not parts.path.endswith("/"):
        return "it must end with / (the site's root folder)"
    return None
