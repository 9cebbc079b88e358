"""Problems found in a source file, as diagnostics: a code with its catalogue hint, a key path, a shown value."""

from __future__ import annotations

from typing import Any

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location, Severity
from termsite.model.terms import KeyPath
from termsite.model.text_safety import reveal_all


def diag(
    code: str, message: str, path: str, line: int = 1, col: int = 1, *,
    severity: Severity = "error", key: str = "", hint: str | None = None,
) -> Diagnostic:
    """A diagnostic; the hint defaults to the code's fix from the catalogue."""
    return Diagnostic(
        code, severity, message, Location(path, line, col),
        hint=CODES[code][1] if hint is None else hint, key=key,
    )


def key_path_str(path: KeyPath) -> str:
    """``chapters[0].articles[3].title.en``: the key path as an editor reads it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def shown(value: Any) -> str:
    """``value`` for a message, every control or invisible character written as ``⟨U+000A⟩``."""
    return reveal_all(str(value))
