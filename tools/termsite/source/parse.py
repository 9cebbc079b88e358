"""Text to validated data, and to a version: YAML read with positions, then checked against its schema."""

from __future__ import annotations

from collections.abc import Callable

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import Version
from termsite.source.build import build_version
from termsite.source.problems import diag
from termsite.source.schema import type_name, validate
from termsite.source.yaml import Source, parse_yaml


def parse_text(text: str, display: str, schema_name: str,
               reread: Callable[[], str] | None = None) -> tuple[Source | None, list[Diagnostic]]:
    """Parse and validate YAML text; ``None`` when it cannot be used."""
    src, diags = parse_yaml(text, display, reread)
    if src is None:
        return None, diags
    if not isinstance(src.data, dict):
        diags.append(diag("TERMS007", f"expected a mapping of keys at the top, found {type_name(src.data)}",
                          display, *src.at(()), hint="start the file with `key: value` lines"))
        return None, diags
    diags += validate(src, schema_name)
    if any(x.is_error for x in diags):
        return None, diags
    return src, diags


def load_version_text(text: str, display: str, document_id: str) -> tuple[Version | None, list[Diagnostic]]:
    """A version from YAML text (used for files at a git base and by tests)."""
    src, diags = parse_text(text, display, "version")
    if src is None:
        return None, diags
    version, more = build_version(src, document_id)
    return version, diags + more
