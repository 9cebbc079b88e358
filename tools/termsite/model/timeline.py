"""Which version is in force on a day, and what a build as of that day may show.

A version takes effect at 00:00 Asia/Tokyo on its ``effective`` date. A published version announced
after the build day appears nowhere (an embargo); drafts appear only in preview builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from termsite.model.terms import Document, Version

State = Literal["current", "superseded", "upcoming", "draft"]
TOKYO = ZoneInfo("Asia/Tokyo")


def today_in_tokyo(now: dt.datetime | None = None) -> dt.date:
    """The calendar day in Asia/Tokyo at ``now`` (default: the current time)."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(TOKYO).date()


@dataclass(frozen=True)
class Entry:
    """A visible version and its state as of the build day."""

    version: Version
    state: State
    previous: Version | None


def visible_versions(doc: Document, as_of: dt.date, drafts: bool = False) -> list[Version]:
    """The versions a build as of ``as_of`` shows, oldest first."""
    out = []
    for v in doc.versions:
        if v.status == "draft":
            if drafts:
                out.append(v)
        elif v.announced is not None and v.announced <= as_of:
            out.append(v)
    return out


def in_force(doc: Document, as_of: dt.date) -> Version | None:
    """The latest published, announced version whose effective date is on or before ``as_of``."""
    current = None
    for v in visible_versions(doc, as_of):
        if v.status == "published" and v.effective <= as_of:
            current = v
    return current


def timeline(doc: Document, as_of: dt.date, drafts: bool = False) -> list[Entry]:
    """Every visible version with its state and the visible version before it."""
    current = in_force(doc, as_of)
    out: list[Entry] = []
    previous: Version | None = None
    for v in visible_versions(doc, as_of, drafts):
        if v.status == "draft":
            state: State = "draft"
        elif current is not None and v == current and v.key == current.key:
            state = "current"
        elif v.effective > as_of:
            state = "upcoming"
        else:
            state = "superseded"
        out.append(Entry(v, state, previous))
        previous = v
    return out


def upcoming(doc: Document, as_of: dt.date) -> list[Version]:
    """Published versions announced but not yet in force."""
    return [e.version for e in timeline(doc, as_of) if e.state == "upcoming"]
