"""YAML to plain data with a source map: the line and column of every value and key.

Files are composed with ruamel.yaml's C parser into nodes that carry line and column; the nodes are
turned into plain data (rejecting duplicate keys and aliases, bounding the nesting). A clean file is
read without positions; they are composed again on first use (:class:`Source`). Every problem
becomes a :class:`Diagnostic` with ``path:line:col``; nothing raises for bad input.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.model.terms import KeyPath
from termsite.source.nesting import MAX_DEPTH, TooDeep, check_depth, may_nest_deep, too_deep
from termsite.source.problems import diag, key_path_str
from termsite.source.text import line_col


class Source:
    """The plain data of one YAML file, and the position of every node and key.

    Positions are computed on first use: a clean file is read without them (a tenth of the cost),
    and composed again only when a diagnostic needs a line and column.
    """

    def __init__(self, path: str, data: Any, text: Callable[[], str] | None = None, digest: str = "") -> None:
        self.path = path
        self.data = data
        self.digest = digest
        """The parse store's key of the file (a hash of its bytes and schema), when the loader made one."""
        self._text = text
        self._positions: dict[KeyPath, tuple[int, int]] | None = None if text else {}
        self._key_positions: dict[KeyPath, tuple[int, int]] = {}

    @property
    def positions(self) -> dict[KeyPath, tuple[int, int]]:
        """Line and column (1-based) of the value at every key path."""
        if self._positions is None:
            self._positions = {}
            assert self._text is not None
            full = Source(self.path, None)
            with contextlib.suppress(_Abort, TooDeep, YAMLError, RecursionError):
                # the file read cleanly before; if it changed since, keep the positions found so far
                _convert(cast(Node, compose(self._text())), (), full, [], set(), 0)
            self._positions, self._key_positions = full.positions, full.key_positions
            self._text = None
        return self._positions

    @property
    def key_positions(self) -> dict[KeyPath, tuple[int, int]]:
        """Line and column of the key at every key path of a mapping entry."""
        _ = self.positions
        return self._key_positions

    def at(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at ``path`` (or of its key), falling back to the nearest parent."""
        positions = self.positions
        if key and path in self._key_positions:
            return self._key_positions[path]
        p = path
        while p not in positions and p:
            p = p[:-1]
        return positions.get(p, (1, 1))


class LazyPositions(Mapping[KeyPath, tuple[int, int]]):
    """A read-only view of a :class:`Source`'s positions that computes them on first use."""

    def __init__(self, source: Source) -> None:
        self._source = source

    def __getitem__(self, key: KeyPath) -> tuple[int, int]:
        return self._source.positions[key]

    def __contains__(self, key: object) -> bool:
        return key in self._source.positions

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._source.positions)

    def __len__(self) -> int:
        return len(self._source.positions)


class _NodeKinds(dict[Any, Any]):
    """The ruamel node class of a node class the composer is given: itself, or the one it subclasses
    (a faster composer may make subclasses; ruamel's resolver compares kinds by identity)."""

    def __missing__(self, kind: Any) -> Any:
        base = next((k for k in (ScalarNode, SequenceNode, MappingNode) if isinstance(kind, type)
                     and issubclass(kind, k)), kind)
        self[kind] = base
        return base


_KINDS = _NodeKinds()


class _PlainResolver(VersionedResolver):
    """Every plain scalar is a string; :func:`_scalar` types the few that are not.

    ruamel's implicit resolver re-reads the YAML version for every scalar and was a fifth of the
    load time; the schema needs only strings, integers (``number``), booleans and null.
    """

    # The composer calls these two around every node; they serve only path resolvers, which this
    # resolver never has. Builtins that ignore their arguments cost no Python frame (a tenth of compose).
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # ()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return "tag:yaml.org,2002:str"
        kind = _KINDS[kind]
        if kind is ScalarNode:
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)


@functools.lru_cache(maxsize=1)
def loader() -> YAML:
    """The one YAML reader: ruamel's C parser, safe, with the plain resolver."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _PlainResolver
    return yaml


def compose(text: str) -> Node | None:
    """The node tree of ``text``, or ``None`` if it is empty.

    Raises :class:`TooDeep` rather than let the C composer, which recurses without a limit, overflow its stack.
    """
    if may_nest_deep(text):
        check_depth(loader().parse(text))
    return cast(Node | None, loader().compose(text))


def parse_yaml(
    text: str, display: str, reread: Callable[[], str] | None = None
) -> tuple[Source | None, list[Diagnostic]]:
    """Compose ``text`` and convert it to plain data; positions come later, when needed.

    ``reread`` gives the text again for the positions (default: keep ``text``).
    """
    try:
        node = compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        cm = exc.context_mark
        if cm is not None and mark is not None and (cm.line, cm.column) != (mark.line, mark.column):
            what += f" (it starts at line {cm.line + 1}, column {cm.column + 1})"
        return None, [diag("TERMS002", f"YAML syntax error: {what}", display, line, col)]
    except TooDeep as exc:
        return None, [too_deep(display, exc.line, exc.col)]
    except ReaderError as exc:
        line, col = line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        what = "control character" if unicodedata.category(chr(code)) == "Cc" else "character"
        return None, [diag("TERMS002", f"{what} U+{code:04X} is not allowed in YAML", display,
                           line, col, hint="delete the invisible character at this position")]
    except YAMLError as exc:
        return None, [diag("TERMS002", f"YAML error: {exc}", display)]
    except RecursionError:
        return None, [diag("TERMS002", "YAML nesting is too deep", display)]
    if node is None:
        return None, [diag("TERMS001", "file is empty", display, hint="add the content or delete the file")]
    if "&" not in text:  # without anchors there can be no aliases: the lean walk is safe
        try:
            return Source(display, _lean(node, 0), reread or (lambda: text)), []
        except (_Irregular, RecursionError):
            pass  # a duplicate key, a strange key, deep nesting: the full walk explains it
    src = Source(display, None)
    diags: list[Diagnostic] = []
    seen: set[int] = set()
    try:
        src.data = _convert(node, (), src, diags, seen, 0)
    except _Abort as stop:
        return None, [*diags, stop.diagnostic]
    return src, diags


class _Irregular(Exception):
    """The lean walk met something only the full walk reports well."""


def _lean(node: Node, depth: int) -> Any:
    """Plain data from a node tree, without positions; raises :class:`_Irregular` on anything odd.

    Scalars are typed in the loops rather than by a call per node: most nodes are scalars.
    """
    if depth >= MAX_DEPTH:  # the full walk reports where (it counts scalars too, one level more)
        raise _Irregular
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                raise _Irregular
            key = knode.value
            if knode.style or key in out or key in _NULLS:
                raise _Irregular
            if isinstance(vnode, ScalarNode):
                value = vnode.value
                out[key] = value if vnode.style else _plain_scalar(value)
            else:
                out[key] = _lean(vnode, depth + 1)
        return out
    if isinstance(node, SequenceNode):
        items: list[Any] = []
        for vnode in node.value:
            if isinstance(vnode, ScalarNode):
                value = vnode.value
                items.append(value if vnode.style else _plain_scalar(value))
            else:
                items.append(_lean(vnode, depth + 1))
        return items
    return _scalar(cast(ScalarNode, node))


class _Abort(Exception):
    """Stops reading a file whose structure cannot be trusted (aliases, extreme nesting)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _pos(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: Node, path: KeyPath, src: Source, diags: list[Diagnostic], seen: set[int], depth: int) -> Any:
    line, col = _pos(node)
    src.positions[path] = (line, col)
    if id(node) in seen:
        raise _Abort(diag("TERMS004", "YAML alias (*name) is not allowed; the file was not read further",
                          src.path, line, col, key=key_path_str(path)))
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Abort(too_deep(src.path, line, col))
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            kline, kcol = _pos(knode)
            if not isinstance(knode, ScalarNode) or str(knode.tag).endswith(("merge", ":null")):
                diags.append(diag("TERMS007", "keys must be plain words", src.path, kline, kcol,
                                  key=key_path_str(path)))
                continue
            key = str(knode.value)
            if key in out:
                first = src.key_positions.get(path + (key,), (0, 0))
                diags.append(diag("TERMS003", f"duplicate key '{key}' (first at line {first[0]})",
                                  src.path, kline, kcol, key=key_path_str(path + (key,))))
                continue
            src.key_positions[path + (key,)] = (kline, kcol)
            out[key] = _convert(vnode, path + (key,), src, diags, seen, depth + 1)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(v, path + (i,), src, diags, seen, depth + 1) for i, v in enumerate(node.value)]
    return _scalar(cast(ScalarNode, node))


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _scalar(node: ScalarNode) -> Any:
    """The value of a scalar: quoted and block scalars are strings; plain ones may be null, bool or int.

    Plain dates stay strings (the schema checks their form, the model builder their calendar).
    """
    return node.value if node.style else _plain_scalar(node.value)


_SPECIAL: dict[str, Any] = {**dict.fromkeys(_NULLS), **_BOOLS}
_INT_START = frozenset("-+0123456789")


def _plain_scalar(value: str) -> Any:
    """The value of a plain (unquoted) scalar: null, a boolean, an integer or the text itself."""
    if value in _SPECIAL:
        return _SPECIAL[value]
    if value[0] in _INT_START and _INT.fullmatch(value):
        return int(value.replace("_", ""))
    return value
