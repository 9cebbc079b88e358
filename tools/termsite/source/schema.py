"""JSON Schema validation of plain data, and the wording of its errors.

A fast compiled validator decides; only when it refuses does the slower ``jsonschema`` validator run,
to find every error with its key path, which becomes a diagnostic at the value's position, in words
an editor understands (an unknown key with the closest known one, a missing key, the expected type).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import KeyPath
from termsite.source.problems import diag, key_path_str, shown
from termsite.source.yaml import Source

if TYPE_CHECKING:
    import jsonschema

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../tools/termsite/schemas/{}.schema.json"
SCHEMA_FOLDERS = ("schemas", "tools/termsite/schemas")
"""Where a repository keeps the schemas its files name: ``schemas/`` (written by ``terms init``), or
the package's own folder in the termsite checkout."""


def schema_folder(root: Path | None) -> str:
    """The folder of ``root`` that holds the schemas: ``schemas/`` (``terms init`` and ``terms
    write-schemas`` write them there), else the package's folder of a termsite checkout, which is
    also the answer when neither is there (as files written before ``terms init`` existed say)."""
    if root is not None and (root / SCHEMA_FOLDERS[0] / "document.schema.json").is_file():
        return SCHEMA_FOLDERS[0]
    return SCHEMA_FOLDERS[1]


def schema_comment(name: str, root: Path | None, depth: int = 2) -> str:
    """The ``yaml-language-server`` line of a file ``depth`` folders below ``root`` (a version or
    document file: 2; a settings file: 1), pointing at that repository's copy of the schema."""
    return f"# yaml-language-server: $schema={'../' * depth}{schema_folder(root)}/{name}.schema.json"


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``document``, ``version`` or ``site``."""
    return cast(dict[str, Any], json.loads(schema_file(name)))


def schema_file(name: str) -> str:
    """The text of the schema ``name`` as it ships in the package."""
    return resources.files("termsite").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")


@functools.cache
def fast_validator(name: str) -> Callable[[Any], Any]:
    """The compiled validator of the schema ``name``: fast, and silent about why it refuses."""
    return cast(Callable[[Any], Any], fastjsonschema.compile(schema(name)))


def type_name(value: Any) -> str:
    """What kind of value ``value`` is, as a message says it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


def validate(src: Source, name: str) -> list[Diagnostic]:
    """Schema problems of ``src`` against the schema ``name``, all of them, with positions."""
    try:
        fast_validator(name)(src.data)
        return []
    except fastjsonschema.JsonSchemaException as exc:
        fast = exc
    import jsonschema  # only to word the errors: importing it is slow, and most runs need no wording

    validator = jsonschema.Draft7Validator(schema(name))
    out: list[Diagnostic] = []
    for err in validator.iter_errors(src.data):
        out.extend(_schema_diag(src, err))
    if not out:  # the two validators disagree: the stricter one decides, never a silent pass
        path = tuple(getattr(fast, "path", ["data"])[1:])
        what = shown(getattr(fast, "message", fast))
        out.append(diag("TERMS007", f"does not match the schema: {what}", src.path, *src.at(path),
                        key=key_path_str(path)))
    return out


def _schema_diag(src: Source, err: jsonschema.ValidationError) -> Iterator[Diagnostic]:
    path: KeyPath = tuple(err.absolute_path)
    where = key_path_str(path)
    line, col = src.at(path)
    kw = err.validator
    if kw == "additionalProperties":
        allowed = sorted(cast(dict[str, Any], cast(dict[str, Any], err.schema).get("properties", {})))
        extra = sorted(set(cast(dict[str, Any], err.instance)) - set(allowed))
        for key in extra:
            kline, kcol = src.at(path + (key,), key=True)
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys here: {', '.join(allowed)}"
            yield diag("TERMS005", f"unknown key '{key}'", src.path, kline, kcol,
                       key=key_path_str(path + (key,)), hint=hint)
        return
    if kw == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = missing[0] if missing else str(err.validator_value)
        yield diag("TERMS006", f"missing required key '{name}'", src.path, line, col, key=where,
                   hint=f"add `{name}:` here")
        return
    if kw == "not" and err.validator_value == {"required": ["chapters", "articles"]}:
        yield diag("TERMS007", "a version has either `chapters` or `articles`, not both", src.path, line, col,
                   key=where, hint="move the loose articles into a chapter, or drop the chapters")
        return
    if kw == "enum":
        options = [str(o) for o in cast(list[Any], err.validator_value)]
        close = difflib.get_close_matches(str(err.instance), options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
        yield diag("TERMS007", f"'{err.instance}' is not allowed here", src.path, line, col, key=where, hint=hint)
        return
    if kw == "type":
        expected = err.validator_value
        exp = {"string": "text", "object": "a mapping", "array": "a list", "integer": "a whole number"}.get(
            str(expected), str(expected))
        yield diag("TERMS007", f"expected {exp}, found {type_name(err.instance)}", src.path, line, col,
                   key=where, hint=f"write {exp} here")
        return
    if kw == "pattern":
        # the schema words each pattern for editors too: "Not a valid identifier: use lowercase letters..."
        what, _, how = str(cast(dict[str, Any], err.schema).get("patternErrorMessage", "")).partition(": ")
        what = what[:1].lower() + what[1:] if what else "not in the form this key needs"
        how = how or f"match the pattern {err.validator_value}"
        date = "[0-9]{4}-" in str(err.validator_value)
        yield diag("TERMS008" if date else "TERMS007", f"'{shown(err.instance)}' is {what}", src.path, line, col,
                   key=where, hint=None if date else how)
        return
    if kw in ("minLength", "minItems", "minProperties"):
        yield diag("TERMS007", "must not be empty", src.path, line, col, key=where,
                   hint="write the content or remove the key")
        return
    if kw == "maxLength":
        limit = int(cast(int, err.validator_value))
        if limit >= 1000:
            yield diag("TERMS007", f"text is too long (over {limit} characters)", src.path, line, col, key=where,
                       hint="split it into paragraphs")
        else:
            yield diag("TERMS007", f"too long: {len(str(err.instance))} characters where at most {limit} are allowed",
                       src.path, line, col, key=where, hint="shorten it")
        return
    if kw == "oneOf":
        yield diag("TERMS007", f"'{err.instance}' is not a valid number override", src.path, line, col,
                   key=where, hint="use a whole number (20) or 'N-M' for 第N条のM")
        return
    yield diag("TERMS007", err.message, src.path, line, col, key=where)


@functools.cache
def schema_text(name: str) -> str:
    """The schema as the parse cache keys it; read afresh, as compiling a validator adds to ``schema(name)``."""
    return json.dumps(json.loads(schema_file(name)), sort_keys=True)
