"""Lines after the last article that are the document's history or a closing mark, not its text.

Japanese terms end with lines such as ``2023年04月01日 制定``, ``2024年10月01日 改訂``, ``最終更新日：…``
and ``以上`` (often right-aligned in a ``<div align="right">``); English ones with ``Last updated: April
1, 2024`` or ``Effective date: 2024-04-01``. Kept out of the articles, they are reported, and their
dates are offered as candidates for the version's ``effective`` and ``announced`` dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from termsite.importer.tokens import Token, normalise

_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), 1)}
_ERAS = {"令和": 2018, "平成": 1988}
_JA_DATE = r"(?:(\d{4})|(令和|平成)\s*(\d{1,2}|元))\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_ISO_DATE = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_EN_DATE = r"([A-Z][a-z]+)\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+([A-Z][a-z]+),?\s+(\d{4})"
_JA_WORDS = r"(?:制定|改訂|改定|改正|施行|発効|更新|公開|公表|作成|一部改訂|一部改定|一部改正|全部改訂|全面改訂)"
_EN_WORDS = r"(?:last\s+(?:updated|modified|revised|amended)|effective(?:\s+date)?|updated|revised|amended|" \
            r"established|enacted|published|created|version\s+date|date\s+of\s+(?:last\s+)?(?:revision|update))"
_DATE_ANY = f"(?:{_JA_DATE}|{_ISO_DATE}|{_EN_DATE})"
_TRAILER = [
    re.compile(rf"^(?:{_JA_WORDS}(?:日|年月日)?\s*[:：]?\s*)?{_DATE_ANY}\s*(?:[(（]?\s*{_JA_WORDS}\s*[)）]?)?\s*$"),
    re.compile(rf"^(?:最終)?{_JA_WORDS}(?:日|年月日)?\s*[:：]?\s*{_DATE_ANY}\s*$"),
    re.compile(rf"^(?:{_EN_WORDS})\s*(?:on|:|-)?\s*{_DATE_ANY}\.?$", re.IGNORECASE),
    re.compile(rf"^{_DATE_ANY}\s*(?:[(]?\s*(?:{_EN_WORDS})\s*[)]?)\.?$", re.IGNORECASE),
    re.compile(r"^(?:以\s*上|以上です。?|END|-\s*以上\s*-|－\s*以上\s*－)$"),
]
_WHAT = re.compile(rf"{_JA_WORDS}|{_EN_WORDS}", re.IGNORECASE)


@dataclass(frozen=True)
class DateLine:
    """A date found in a trailer line: the day, what the line says happened, and the line."""

    day: dt.date
    what: str
    line: int


def is_trailer(text: str) -> bool:
    """Whether one line of text (markup removed) reads as history or a closing mark."""
    norm = normalise(text.strip()).strip(" ")
    return bool(norm) and any(p.match(norm) for p in _TRAILER)


def date_of(text: str, line: int) -> DateLine | None:
    """The date a trailer line names, if it names one that exists."""
    norm = normalise(text.strip())
    day: dt.date | None = None
    m = re.search(_JA_DATE, norm)
    try:
        if m:
            year = int(m.group(1)) if m.group(1) else _ERAS[m.group(2)] + (1 if m.group(3) == "元" else int(m.group(3)))
            day = dt.date(year, int(m.group(4)), int(m.group(5)))
        elif (m := re.search(_ISO_DATE, norm)) is not None:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif (m := re.search(_EN_DATE, norm)) is not None:
            month, d, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
            if month.lower() not in _MONTHS:
                return None
            day = dt.date(int(y), _MONTHS[month.lower()], int(d))
    except ValueError:
        return None
    if day is None:
        return None
    what = _WHAT.search(norm)
    return DateLine(day, what.group(0) if what else "", line)


def candidates(dates: list[DateLine], effective: dt.date) -> str:
    """What the dates of the trailer suggest for the version's dates, as one sentence."""
    listed = ", ".join(f"{d.day.isoformat()}{f' ({d.what})' if d.what else ''} on line {d.line}" for d in dates)
    latest = max(dates, key=lambda d: d.day)
    advice = f"the text reads as of {latest.day.isoformat()}: a candidate for `effective`"
    if any(_is_update(d.what) for d in dates):
        advice += " (and `announced` no later than the day it was posted)"
    if latest.day != effective:
        advice += f"; this import was given --effective {effective.isoformat()}"
    return f"dates in the source's closing lines: {listed}; {advice}"


def _is_update(what: str) -> bool:
    return bool(re.search(r"更新|公開|公表|updated|published", what, re.IGNORECASE))


def mark_trailers(tokens: list[Token]) -> list[Token]:
    """The tokens with the history and closing lines at the end of the document made ``trailer`` tokens.

    A run of such lines is taken from the end back to the first line that is text of the terms; it is
    left alone when it is all the text of a 附則 (``附則`` / ``2024年4月1日 施行``) or when no article precedes.
    """
    end = len(tokens)
    found: list[int] = []
    i = end - 1
    while i >= 0:
        tok = tokens[i]
        if tok.kind in ("blank", "noise"):
            i -= 1
            continue
        if tok.kind in ("text", "table_more") and tok.text and all(is_trailer(x) for x in tok.text.split("\n")):
            found.append(i)
            i -= 1
            continue
        break
    if not found or i < 0 or tokens[i].kind in ("supplementary", "appendix", "caption") \
            or not any(t.kind == "article" for t in tokens[:i + 1]):
        return tokens
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if k in found:
            out += [Token("trailer", tok.line, part) for part in tok.text.split("\n")]
        else:
            out.append(tok)
    return out
