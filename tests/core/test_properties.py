"""Property tests: what is loaded, dumped and loaded again is the same model; validators agree."""

from __future__ import annotations

import copy
from typing import Any

import fastjsonschema
import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termsite.model.terms import Version
from termsite.source.canonical import content_hash, version_data
from termsite.source.dump import dump_version
from termsite.source.parse import load_version_text
from termsite.source.schema import schema

from .strategies import versions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
def test_dump_then_load_gives_the_same_model(version: Version) -> None:
    text = dump_version(version)
    loaded, diags = load_version_text(text, "x.yml", "demo")
    assert [d for d in diags if d.is_error] == []
    assert loaded == version
    assert content_hash(loaded) == content_hash(version)
    # and dumping again is byte-stable
    assert dump_version(loaded) == text


def _mutations(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid version's data with one random change that may or may not break the schema."""

    def mutate(args: tuple[int, int, Any]) -> dict[str, Any]:
        pick, kind, value = args
        out = copy.deepcopy(data)
        # collect every (container, key) in the tree
        spots: list[tuple[Any, Any]] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for k in list(node):
                    spots.append((node, k))
                    walk(node[k])
            elif isinstance(node, list):
                for i in range(len(node)):
                    spots.append((node, i))
                    walk(node[i])

        walk(out)
        container, key = spots[pick % len(spots)]
        if kind == 0 and isinstance(container, dict):
            del container[key]
        elif kind == 1 and isinstance(container, dict):
            container[str(value) + "x"] = "extra"
        else:
            container[key] = value
        return out

    return st.tuples(st.integers(0, 10_000), st.integers(0, 2),
                     st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                               st.sampled_from(["draft", "published", "2024-01-01", "paren", {"ja": "x"}]))).map(mutate)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fast_and_full_schema_validators_agree(data: st.DataObject) -> None:
    version = data.draw(versions())
    mutated = data.draw(_mutations(version_data(version)))
    fast_ok = True
    try:
        fastjsonschema.compile(schema("version"))(mutated)
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    full_ok = jsonschema.Draft7Validator(schema("version")).is_valid(mutated)
    assert fast_ok == full_ok


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_loader_rejects_exactly_what_the_schema_rejects(data: st.DataObject) -> None:
    from termsite.source.dump import dump_data

    version = data.draw(versions())
    mutated = data.draw(_mutations(version_data(version)))
    schema_ok = jsonschema.Draft7Validator(schema("version")).is_valid(mutated)
    _, diags = load_version_text(dump_data(mutated), "x.yml", "demo")
    structural = [d for d in diags if d.code in ("TERMS005", "TERMS006", "TERMS007", "TERMS008")]
    assert bool(structural) == (not schema_ok), diags
