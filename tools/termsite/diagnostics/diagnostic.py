"""Diagnostics: every problem has a code, a severity, a location and a way to fix it.

A :class:`Diagnostic` prints itself as one text line (``path:line:col: error TERMS012: …``), as a
GitHub annotation, as JSON and as a Markdown table row. Problems are collected, then reported once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from termsite.model.text_safety import reveal_all

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{reveal_all(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the terms."""

    code: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""
    key: str = field(default="")

    @property
    def is_error(self) -> bool:
        """True for errors, which fail ``terms check``."""
        return self.severity == "error"

    def full_message(self) -> str:
        """The message with the key path and the fix, on one line, every control character visible.

        An id such as ``"fees\r\x1b[2K"`` in a message must not be able to erase its own location."""
        text = self.message
        if self.key:
            text = f"{text} (at {self.key})"
        if self.hint:
            text = f"{text}; {self.hint}"
        return reveal_all(text)

    def as_text(self) -> str:
        """``path:line:col: severity CODE: message``."""
        return f"{self.location}: {self.severity} {self.code}: {self.full_message()}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""

        def esc(s: str, prop: bool = False) -> str:
            s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                s = s.replace(":", "%3A").replace(",", "%2C")
            return s

        loc = self.location
        props = f"file={esc(reveal_all(loc.path), True)},line={loc.line},col={loc.col},title={esc(self.code, True)}"
        return f"::{self.severity} {props}::{esc(self.full_message())}"

    def as_json(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "path": reveal_all(self.location.path),
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity,
            "code": self.code,
            "message": reveal_all(self.message),
            "key": reveal_all(self.key),
            "hint": reveal_all(self.hint),
        }

    def as_markdown_row(self) -> str:
        """A row of the Markdown summary table."""
        msg = self.full_message().replace("|", "\\|")
        return f"| `{self.location}` | {self.severity} | {self.code} | {msg} |"


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column and code, duplicates removed: a stable report."""
    unique = {(d.location, d.code, d.message, d.key): d for d in diags}
    return sorted(unique.values(), key=lambda d: (d.location, d.code, d.message))


def format_report(diags: Iterable[Diagnostic], fmt: str) -> str:
    """The whole report in ``text``, ``github``, ``json`` or ``markdown``."""
    items = sort_diagnostics(diags)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    if fmt == "json":
        return json.dumps(
            {"errors": errors, "warnings": warnings, "diagnostics": [d.as_json() for d in items]},
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "github":
        return "\n".join(d.as_github() for d in items)
    if fmt == "markdown":
        lines = [f"**terms check**: {errors} error(s), {warnings} warning(s)", ""]
        if items:
            lines += ["| where | severity | code | message |", "|---|---|---|---|"]
            lines += [d.as_markdown_row() for d in items]
        return "\n".join(lines)
    lines = [d.as_text() for d in items]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
