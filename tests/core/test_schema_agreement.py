"""The JSON Schema (what editors see) and the loader (what CI runs) agree on real files."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from termsite.adapters.cli.main import main
from termsite.source.repository import load_corpus
from termsite.source.schema import schema

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"


def _plain(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _stringify_dates(node: object) -> object:
    import datetime as dt

    if isinstance(node, dict):
        return {k: _stringify_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_stringify_dates(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


@pytest.mark.parametrize("path", sorted((ROOT / "terms").glob("*/*.yml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_is_schema_valid_and_loads(path: Path) -> None:
    kind = "document" if path.name == "document.yml" else "version"
    jsonschema.Draft7Validator(schema(kind)).validate(_stringify_dates(_plain(path)))
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../../tools/termsite/schemas/{kind}.schema.json"


def test_shipped_corpus_loads_without_problems() -> None:
    corpus, diags = load_corpus(ROOT)
    assert diags == []
    assert [d.id for d in corpus.documents] == ["cloud-resale", "privacy-policy", "cancellation-policy"]


SCHEMA_CASES = ["unknown-keys", "wrong-types", "duplicate-ids", "missing-translation", "numbering-override"]


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_schema_and_loader_agree_on_case_files(case: str) -> None:
    for path in sorted((CASES / case).glob("terms/*/*.yml")):
        kind = "document" if path.name == "document.yml" else "version"
        data = _stringify_dates(_plain(path))
        schema_ok = jsonschema.Draft7Validator(schema(kind)).is_valid(data)
        expected = (CASES / case / "expected.txt").read_text(encoding="utf-8")
        rel = path.relative_to(CASES / case).as_posix()
        loader_schema_errors = [ln for ln in expected.splitlines() if ln.startswith(rel + ":")
                                and any(f"error {c}:" in ln for c in ("TERMS005", "TERMS006", "TERMS007"))]
        assert schema_ok == (not loader_schema_errors), (rel, loader_schema_errors)


def test_terms_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["schema", "version"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == schema("version")
    assert "effective" in printed["required"]


def _patterns(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        return ([node] if "pattern" in node else []) + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


PATTERN_EXAMPLES = {"identifier": "payment-methods", "date": "2025-04-01", "number override": "5-2",
                    "site address": "https://terms.example.com/", "contact address": "mailto:legal@example.com",
                    "logo file": "site_config/logo.svg"}


@pytest.mark.parametrize("name", ["document", "version", "site", "glossary"])
def test_every_pattern_refuses_a_trailing_newline_in_both_validators(name: str) -> None:
    import re

    import fastjsonschema

    for sub in _patterns(schema(name)):
        message = str(sub.get("patternErrorMessage", ""))
        assert message.startswith("Not a ") and ": " in message, sub  # the loader and editors word errors with it
        example = next(v for k, v in PATTERN_EXAMPLES.items() if f"Not a {k}" in message or k in message)
        one = {"type": "string", "pattern": sub["pattern"]}
        fast = fastjsonschema.compile(one)
        for value, ok in ((example, True), (example + "\n", False), ("\n" + example, False)):
            assert jsonschema.Draft7Validator(one).is_valid(value) is ok, (sub["pattern"], value)
            try:
                fast(value)
                fast_ok = True
            except fastjsonschema.JsonSchemaException:
                fast_ok = False
            assert fast_ok is ok, (sub["pattern"], value)
        # ECMA-262 (what editors run) has no \Z: the pattern must not need it
        assert "\\Z" not in str(sub["pattern"]) and re.search(str(sub["pattern"]), example)
