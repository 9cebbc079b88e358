"""Web and mail addresses written as plain text in a text: where they are and where they lead.

A text may name an address without the link form (``（http://www.clara.co.jp/policy/）``,
``support@example.com``). :func:`addresses` finds them: ``http://`` and ``https://`` URLs and mail
addresses (optionally written ``mailto:…``), no other scheme. An address ends before the first
character a URL cannot hold (any character outside ASCII, so ``。`` and ``）`` end it), and trailing
punctuation a sentence puts after it (``.,;:!?'``, an unbalanced ``)``) is left out. Only what
:func:`~termsite.model.links.target_problem` accepts is returned, and nothing inside a link the text
already carries (``[label](target)``), nor inside what looks like one and is not (the checks report
it): such a text is never linked twice.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from termsite.model.links import near_links, spans, target_problem

# The characters of a URL (RFC 3986), brackets and quotes aside: ``[`` and ``]`` are the link form's.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&*+,;=%()]+")
_MAIL = re.compile(r"(?<![A-Za-z0-9._%+\-@/])(?:mailto:)?[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_TRAILING = ".,;:!?*"


@dataclass(frozen=True, slots=True)
class Address:
    """An address at ``start:end`` of a text, leading to ``target`` (``https://…`` or ``mailto:…``)."""

    start: int
    end: int
    target: str


def _trim(url: str) -> str:
    """``url`` without the punctuation of the sentence around it."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            break
    return url


@functools.lru_cache(maxsize=16384)
def addresses(text: str) -> tuple[Address, ...]:
    """Every web and mail address written as plain text in ``text``, in order, none overlapping
    another or a link of the text."""
    if "://" not in text and "@" not in text:
        return ()
    taken = [(a, b) for a, b, _link in spans(text)] if "](" in text else []
    # ``[label](target`` that is not a link (the checks report it) stays as written, address and all
    taken += [(at, at + len(label) + len(target) + 3) for at, label, target, _end in near_links(text)]
    found: list[Address] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    for m in _URL.finditer(text):
        url = _trim(m.group(0))
        a, b = m.start(), m.start() + len(url)
        if not free(a, b) or target_problem(url) is not None:
            continue
        found.append(Address(a, b, url))
        taken.append((a, b))
    for m in _MAIL.finditer(text):
        raw = m.group(0).rstrip(".-")
        a, b = m.start(), m.start() + len(raw)
        target = raw if raw.startswith("mailto:") else "mailto:" + raw
        if not free(a, b) or target_problem(target) is not None:
            continue
        found.append(Address(a, b, target))
        taken.append((a, b))
    return tuple(sorted(found, key=lambda x: x.start))
