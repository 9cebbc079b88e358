"""Writing a version back to YAML in the house layout (used by import and by the round-trip tests)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from termsite.model.terms import Version
from termsite.source.canonical import version_data
from termsite.source.schema import SCHEMA_COMMENT

# Flow style ({ja: …, en: …}) only for texts that need no quoting: ruamel's emitter does not always
# quote correctly inside flow mappings (a value ':0' came back as a syntax error).
_FLOW_SAFE = re.compile(r"^[^\W_](?:[\w ・、。（）「」()/.]*[\w・、。（）「」()/.])?\Z")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _styled(v)
        if set(value) <= {"ja", "en"} and all(isinstance(v, str) and len(v) < 60 and _FLOW_SAFE.match(v)
                                              for v in value.values()):
            m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        s = CommentedSeq(_styled(v) for v in value)
        return s
    if isinstance(value, str) and _CONTROL.search(value):
        return DoubleQuotedScalarString(value)  # escaped: a raw control character is not readable YAML
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _dates_plain(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as date objects, so they are written ``2024-01-01`` rather than quoted."""
    out = dict(data)
    for key in ("effective", "announced"):
        value = out.get(key)
        if isinstance(value, str):
            try:
                out[key] = dt.date.fromisoformat(value)
            except ValueError:
                pass
    return out


def dump_data(data: dict[str, Any], header: str = "", schema: str | None = None) -> str:
    """YAML text for version data: block style, no line folding, schema comment on top (``schema``, by
    default this checkout's)."""
    data = _dates_plain(data)
    yaml = YAML()
    yaml.width = 100000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buf = io.StringIO()
    buf.write((schema or SCHEMA_COMMENT.format("version")) + "\n")
    if header:
        buf.write("".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()))
    yaml.dump(_styled(data), buf)
    return buf.getvalue()


def dump_version(version: Version, header: str = "") -> str:
    """A version file's text for ``version``."""
    return dump_data(version_data(version), header)
