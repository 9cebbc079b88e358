"""Lean nodes: composing with them gives the same node tree, and the C module is always restored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

from termsite.source import yaml
from termsite.speed import lean_nodes
from termsite.speed.lean_nodes import LeanMappingNode, LeanScalarNode, LeanSequenceNode

ROOT = Path(__file__).resolve().parents[2]

SNIPPETS = [
    "a: &x 1\nb: *x\nc: [1, 'q', \"d\"]\nd: !!null ''\n? [1]\n: 2\ne: |\n  x\nf: >-\n  y\n  z\n",
    "f: !custom {a: b}\n<<: {z: 1}\ng: !%21odd x\nh: !!str 3\ni: !!map {}\nj: !!seq []\n",
    "- a\n- - b\n  - {c: [d, {e: f}]}\n- ~\n- null\n- true\n- 0x1F\n- 1_000\n- 2024-01-01\n",
    "%YAML 1.1\n---\nyes: no\nk: 010\n",
    "list: &l [1, 2]\ncopy: *l\nmap: &m {a: 1}\nmerged:\n  <<: *m\n  b: 2\n",
    "",
    "# only a comment\n",
    "plain\n",
]


def _shape(node: Node | None, seen: dict[int, int] | None = None) -> Any:
    """Everything a node tree says, with aliases as references to the first occurrence."""
    if node is None:
        return None
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    kind = next(k for k in (ScalarNode, SequenceNode, MappingNode) if isinstance(node, k))
    marks = tuple((m.line, m.column, m.index) if m is not None else None for m in (node.start_mark, node.end_mark))
    if isinstance(node, ScalarNode):
        value: Any = node.value
        style = node.style
    else:
        style = node.flow_style
        value = [tuple(_shape(x, seen) for x in v) if isinstance(v, tuple) else _shape(v, seen) for v in node.value]
    return (kind.__name__, node.tag, str(node.ctag), value, style, marks, node.anchor, node.comment)


def _plain_compose(text: str) -> Node | None:
    return yaml.compose(text)


def _lean_compose(text: str) -> Node | None:
    with lean_nodes.lean_nodes():
        return yaml.compose(text)


def _inputs() -> list[str]:
    files = sorted((ROOT / "terms").glob("*/*.yml")) + sorted((ROOT / "tests/core/cases").glob("*/terms/*/*.yml"))
    out = list(SNIPPETS)
    for f in files:
        try:
            out.append(f.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
    return out


def test_the_pinned_c_module_can_make_lean_nodes() -> None:
    assert lean_nodes.available()
    with lean_nodes.lean_nodes():
        node = yaml.loader().compose("a: [b]\n")
    assert type(node) is LeanMappingNode
    assert type(node.value[0][0]) is LeanScalarNode and type(node.value[0][1]) is LeanSequenceNode


@pytest.mark.parametrize("text", _inputs())
def test_lean_and_plain_node_trees_are_identical(text: str) -> None:
    try:
        plain = _shape(_plain_compose(text))
    except Exception as exc:
        with pytest.raises(type(exc)) as lean_exc:
            _lean_compose(text)
        assert str(lean_exc.value) == str(exc)
        return
    assert _shape(_lean_compose(text)) == plain


def test_the_c_module_is_restored_after_an_error() -> None:
    module = lean_nodes._MODULE
    assert module is not None
    with pytest.raises(Exception, match="mapping values"):
        _lean_compose("a: b: c\n")
    assert module.ScalarNode is ScalarNode and module.MappingNode is MappingNode
    assert module.SequenceNode is SequenceNode
    with lean_nodes.lean_nodes(), lean_nodes.lean_nodes():  # nested: the outer block restores
        assert module.ScalarNode is LeanScalarNode
    assert module.ScalarNode is ScalarNode


def test_tags_read_and_write_as_in_ruamel_nodes() -> None:
    for tag in (None, "tag:yaml.org,2002:str", "!%21odd", Tag(suffix="!x")):
        lean, plain = LeanScalarNode(tag, "v", None, None, ""), ScalarNode(tag, "v", None, None, "")
        assert (lean.tag, str(lean.ctag), type(lean.ctag)) == (plain.tag, str(plain.ctag), type(plain.ctag))
    for value in ("!a", None, Tag(suffix="!b")):
        lean, plain = LeanSequenceNode(None, []), SequenceNode(None, [])
        lean.tag = plain.tag = value
        assert (lean.tag, repr(lean.ctag)) == (plain.tag, repr(plain.ctag))
        lean.ctag = plain.ctag = value
        assert (lean.tag, repr(lean.ctag)) == (plain.tag, repr(plain.ctag))
    mapping = LeanMappingNode("tag:yaml.org,2002:map", [])
    assert mapping.merge is None and mapping.anchor is None and mapping.comment is None


def test_without_the_c_module_nothing_is_swapped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lean_nodes, "_MODULE", None)
    node = _lean_compose("a: b\n")
    assert type(node) is MappingNode
    with lean_nodes.lean_nodes():
        src, diags = yaml.parse_yaml("a: [b, c]\n", "x.yml")
    assert src is not None and src.data == {"a": ["b", "c"]} and diags == []


def test_the_resolver_has_no_path_resolvers_so_skipping_descend_and_ascend_is_exact() -> None:
    assert not yaml._PlainResolver.yaml_path_resolvers
    loader = yaml.loader()
    assert loader.compose("a: [b]\n").value[0][1].tag == "tag:yaml.org,2002:seq"
