"""A published site against the latest ledger entry: every file's current bytes, file by file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from termsite.diagnostics.codes import Code
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.ledger.entry import RecordError, site_files


def check_site(site: Path, entry: dict[str, Any]) -> list[Diagnostic]:
    """A problem for every file of ``site`` that is changed, missing or not recorded by ``entry``."""
    n = entry.get("number")
    recorded = entry.get("pages")
    if not isinstance(recorded, dict):
        return [Diagnostic(Code.TERMS072.value, "error", f"entry {n} records no pages", Location(str(site)))]
    try:
        current = site_files(site)
    except (RecordError, OSError) as exc:
        return [Diagnostic(Code.TERMS075.value, "error", str(exc), Location(str(site)),
                           Code.TERMS075.hint)]
    out: list[Diagnostic] = []
    for path in sorted(set(recorded) | set(current)):
        where = Location(str(site / path))
        was, now = recorded.get(path), current.get(path)
        if was == now:
            continue
        if now is None:
            what = f"missing: entry {n} (published {entry.get('time')}) records this file"
        elif was is None:
            what = f"not published: entry {n} (published {entry.get('time')}) records no such file"
        else:
            what = (f"changed since publication: its bytes hash to {now[:16]}…, entry {n} "
                    f"(published {entry.get('time')}) recorded {str(was)[:16]}…")
        out.append(Diagnostic(Code.TERMS075.value, "error", what, where, Code.TERMS075.hint))
    return out
