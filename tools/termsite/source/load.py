"""Reading terms from YAML: the only module that parses YAML.

Files are composed with ruamel.yaml's C parser into nodes that carry line and column; the nodes are
turned into plain data (rejecting duplicate keys and aliases), validated against the JSON Schemas in
``termsite/schemas`` and built into the frozen model. Every problem becomes a :class:`Diagnostic` with
``path:line:col``; nothing raises for bad input.

A repository with many version files has them read ahead on every core (:class:`ReadAhead`):
workers send back the data of the files that read cleanly, and this process walks the repository
in its usual order, reading every other file itself, so the diagnostics are the same either way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import gc
import json
import marshal
import operator
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location, Severity
from termsite.model.terms import (
    Appendix,
    Article,
    Chapter,
    Corpus,
    Document,
    Item,
    KeyPath,
    Localized,
    NoticePolicy,
    Paragraph,
    Section,
    SiteConfig,
    Supplementary,
    Table,
    Version,
)
from termsite.model.text_safety import reveal_all
from termsite.source.safe_read import NotReadable, TooBig, read_regular
from termsite.speed.forked_map import ForkedMap, fork_available, usable_cores
from termsite.speed.lean_nodes import LeanScalarNode, lean_nodes, ruamel_kind
from termsite.speed.parse_cache import ParseCache

if TYPE_CHECKING:
    import jsonschema

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
VERSION_NAME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.ya?ml\Z")
#: Fewer version files than this are all read by the loading process: forking costs more than it saves.
MIN_READ_AHEAD = 40
MAX_READ_WORKERS = 8
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../tools/termsite/schemas/{}.schema.json"


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


class Source:
    """The plain data of one YAML file, and the position of every node and key.

    Positions are computed on first use: a clean file is read without them (a tenth of the cost),
    and composed again only when a diagnostic needs a line and column.
    """

    def __init__(self, path: str, data: Any, text: Callable[[], str] | None = None, digest: str = "") -> None:
        self.path = path
        self.data = data
        self.digest = digest
        """The parse-cache key of the file (a hash of its bytes and schema), when the loader made one."""
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
            with contextlib.suppress(_Abort, _TooDeep, YAMLError, RecursionError):
                # the file read cleanly before; if it changed since, keep the positions found so far
                _convert(cast(Node, _compose(self._text())), (), full, [], set(), 0)
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
        if kind is LeanScalarNode or kind is ScalarNode:
            return "tag:yaml.org,2002:str"
        return super().resolve(ruamel_kind(kind), value, implicit)


@functools.lru_cache(maxsize=1)
def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _PlainResolver
    return yaml


def _compose(text: str) -> Node | None:
    """The node tree of ``text`` (lean nodes where the C parser allows), or ``None`` if it is empty.

    Raises :class:`_TooDeep` rather than let the C composer, which recurses without a limit, overflow its stack.
    """
    if _may_nest_deep(text):
        _check_depth(text)
    with lean_nodes():
        return cast(Node | None, _yaml().compose(text))


class _TooDeep(Exception):
    """Collections nested deeper than :data:`MAX_DEPTH`, the first one too deep starting at ``line``:``col``."""

    def __init__(self, line: int, col: int) -> None:
        super().__init__(f"nesting deeper than {MAX_DEPTH} levels at {line}:{col}")
        self.line, self.col = line, col


#: Below this many levels the C composer's recursion is safe: far below where it overflows a thread's stack.
SAFE_DEPTH = 1000
_DEEP_PREFIX = re.compile(rf"^[ \t?:-]{{{SAFE_DEPTH // 2}}}", re.MULTILINE)
_QUOTED = r"""(?:[^][{}"'#!\n]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')*"""
_INNER_PAIR = re.compile(rf"\[{_QUOTED}\]|\{{{_QUOTED}\}}")


def _may_nest_deep(text: str) -> bool:
    """A cheap bound: could ``text`` nest collections anywhere near :data:`SAFE_DEPTH` deep?

    A block collection starts no further right than a line's indentation and ``-``, ``?``, ``:``
    indicators, and each two levels of block nesting move one column right, so block depth is at most
    twice the longest such prefix. Flow depth is at most the number of ``[`` and ``{`` left after
    innermost pairs, which hold no brackets or comments and only one-line quoted strings, are taken
    away a few times over.
    """
    if _DEEP_PREFIX.search(text):
        return True
    if text.count("[") + text.count("{") <= SAFE_DEPTH // 2:
        return False
    rest = text
    for rounds in range(8):
        shorter = _INNER_PAIR.sub("", rest)
        if len(shorter) == len(rest):
            return rounds + rest.count("[") + rest.count("{") > SAFE_DEPTH // 2
        rest = shorter
    return True


def _check_depth(text: str) -> None:
    """Raise :class:`_TooDeep` where collections first nest deeper than :data:`MAX_DEPTH`.

    The C parser's events come from a loop with its own stack, so this is safe at any depth; a syntax
    error is left to the composer, which reports it with its position.
    """
    depth = 0
    try:
        for event in _yaml().parse(text):
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _TooDeep(mark.line + 1, mark.column + 1)
                depth += 1
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except YAMLError:
        return


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block with the cyclic garbage collector paused, then freeze what it created.

    Loading builds millions of small objects that live as long as the process; with the collector on,
    each collection rescans all of them and loading grows much faster than linearly (12.7 s against
    5.4 s for 450 versions). The loaded model is immutable and never garbage, so it is frozen out of
    later collections too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def read_text(path: Path, display: str, root: Path | None = None) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or a diagnostic if it is too big, empty, unreadable, not UTF-8 or not a regular file.

    With ``root``, the file must lie inside it (symbolic links resolved).
    """
    raw, diags = _read_bytes(path, display, root)
    if raw is None:
        return None, diags
    return decode_text(raw, display)


def _read_bytes(path: Path, display: str, root: Path | None = None) -> tuple[bytes | None, list[Diagnostic]]:
    try:
        return read_regular(path, MAX_FILE_BYTES, root), []
    except TooBig as exc:
        return None, [diag("TERMS001", exc.message, display, hint="split the text or remove what is not terms")]
    except NotReadable as exc:
        return None, [diag("TERMS001", exc.message, display, hint=exc.hint)]


def decode_text(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a file's bytes, or a diagnostic if it is empty or not UTF-8 text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [diag("TERMS001", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                           display, line, col, hint="save the file as UTF-8")]
    if not text.strip() or _only_comments(text):
        return None, [diag("TERMS001", "file is empty", display, hint="add the content or delete the file")]
    if "\x00" in text:
        i = text.index("\x00")
        return None, [diag("TERMS001", "file contains a NUL character: it is not text", display, *_line_col(text, i))]
    return text, []


def _only_comments(text: str) -> bool:
    """Every line is blank or a comment; a text with content near its start is not split whole."""
    head = text[:4096].splitlines()[:-1]  # complete lines only: the last one may go on past the cut
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in head):
        return False
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def parse_yaml(
    text: str, display: str, reread: Callable[[], str] | None = None
) -> tuple[Source | None, list[Diagnostic]]:
    """Compose ``text`` and convert it to plain data; positions come later, when needed.

    ``reread`` gives the text again for the positions (default: keep ``text``).
    """
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        cm = exc.context_mark
        if cm is not None and mark is not None and (cm.line, cm.column) != (mark.line, mark.column):
            what += f" (it starts at line {cm.line + 1}, column {cm.column + 1})"
        return None, [diag("TERMS002", f"YAML syntax error: {what}", display, line, col)]
    except _TooDeep as exc:
        return None, [_too_deep(display, exc.line, exc.col)]
    except ReaderError as exc:
        line, col = _line_col(text, exc.position)
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


def _too_deep(display: str, line: int, col: int) -> Diagnostic:
    return diag("TERMS002", f"nesting deeper than {MAX_DEPTH} levels", display, line, col,
                hint="terms are never nested this deep: check the indentation and brackets")


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at ``index`` of ``text``."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


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
        raise _Abort(_too_deep(src.path, line, col))
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

    Plain dates stay strings (the schema checks their form, :func:`_date` their calendar).
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


# --- schema validation -------------------------------------------------------------------------


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``document``, ``version`` or ``site``."""
    return cast(dict[str, Any], json.loads(_schema_file(name)))


def _schema_file(name: str) -> str:
    return resources.files("termsite").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")


@functools.cache
def _fast_validator(name: str) -> Callable[[Any], Any]:
    return cast(Callable[[Any], Any], fastjsonschema.compile(schema(name)))


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


def validate(src: Source, name: str) -> list[Diagnostic]:
    """Schema problems of ``src`` against the schema ``name``, all of them, with positions."""
    try:
        _fast_validator(name)(src.data)
        return []
    except fastjsonschema.JsonSchemaException as exc:
        fast = exc
    import jsonschema  # only to word the errors: importing it costs ~0.3 s at every start

    validator = jsonschema.Draft7Validator(schema(name))
    out: list[Diagnostic] = []
    for err in validator.iter_errors(src.data):
        out.extend(_schema_diag(src, err))
    if not out:  # the two validators disagree: the stricter one decides, never a silent pass
        path = tuple(getattr(fast, "path", ["data"])[1:])
        what = _shown(getattr(fast, "message", fast))
        out.append(diag("TERMS007", f"does not match the schema: {what}", src.path, *src.at(path),
                        key=key_path_str(path)))
    return out


def _shown(value: Any) -> str:
    """``value`` for a message, every control or invisible character written as ``⟨U+000A⟩``."""
    return reveal_all(str(value))


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
        yield diag("TERMS007", f"expected {exp}, found {_type_name(err.instance)}", src.path, line, col,
                   key=where, hint=f"write {exp} here")
        return
    if kw == "pattern":
        # the schema words each pattern for editors too: "Not a valid identifier: use lowercase letters..."
        what, _, how = str(cast(dict[str, Any], err.schema).get("patternErrorMessage", "")).partition(": ")
        what = what[:1].lower() + what[1:] if what else "not in the form this key needs"
        how = how or f"match the pattern {err.validator_value}"
        date = "[0-9]{4}-" in str(err.validator_value)
        yield diag("TERMS008" if date else "TERMS007", f"'{_shown(err.instance)}' is {what}", src.path, line, col,
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


# --- building the model ---------------------------------------------------------------------------


def _loc(d: Any, path: KeyPath) -> Localized | None:
    if not isinstance(d, dict):
        return None
    return Localized(d.get("ja"), d.get("en"), path)


def _items(lst: Any, path: KeyPath) -> tuple[Item, ...]:
    out = []
    for i, it in enumerate(lst or ()):
        p = path + (i,)
        sub, detail = it.get("items"), it.get("detail")  # mostly absent: no call, no generator then
        out.append(Item(
            text=_loc(it.get("text"), p + ("text",)),
            items=_items(sub, p + ("items",)) if sub else (),
            items_style=it.get("items_style", "paren"),
            detail=tuple(cast(Localized, _loc(x, p + ("detail", j))) for j, x in enumerate(detail)) if detail else (),
            path=p,
        ))
    return tuple(out)


def _paragraphs(lst: Any, path: KeyPath) -> tuple[Paragraph, ...]:
    out = []
    for i, pd in enumerate(lst or ()):
        p = path + (i,)
        table = None
        if pd.get("table"):
            t = pd["table"]
            tp = p + ("table",)
            table = Table(
                header=tuple(cast(Localized, _loc(c, tp + ("header", j))) for j, c in enumerate(t.get("header") or ())),
                rows=tuple(tuple(cast(Localized, _loc(c, tp + ("rows", r, j))) for j, c in enumerate(row))
                           for r, row in enumerate(t["rows"])),
                path=tp,
            )
        sub = pd.get("items")
        out.append(Paragraph(
            text=_loc(pd.get("text"), p + ("text",)),
            items=_items(sub, p + ("items",)) if sub else (),
            items_style=pd.get("items_style", "paren"),
            table=table,
            path=p,
        ))
    return tuple(out)


def _article(a: Any, p: KeyPath) -> Article:
    return Article(
        id=a["id"],
        title=_loc(a.get("title"), p + ("title",)),
        paragraphs=_paragraphs(a.get("paragraphs"), p + ("paragraphs",)),
        sections=tuple(
            Section(id=s["id"], title=_loc(s.get("title"), p + ("sections", j, "title")),
                    paragraphs=_paragraphs(s.get("paragraphs"), p + ("sections", j, "paragraphs")),
                    number=s.get("number"), path=p + ("sections", j))
            for j, s in enumerate(a.get("sections") or ())),
        number=a.get("number"),
        path=p,
    )


def _date(src: Source, key: str, diags: list[Diagnostic]) -> dt.date | None:
    value = src.data.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        line, col = src.at((key,))
        diags.append(diag("TERMS008", f"'{value}' is not a real date", src.path, line, col, key=key))
        return None


def build_version(src: Source, document_id: str) -> tuple[Version | None, list[Diagnostic]]:
    """The model of a schema-valid version file."""
    diags: list[Diagnostic] = []
    d = src.data
    effective = _date(src, "effective", diags)
    announced = _date(src, "announced", diags)
    if effective is None:
        return None, diags
    version = Version(
        document_id=document_id,
        effective=effective,
        announced=announced,
        status=d["status"],
        impact=d.get("impact"),
        summary=_loc(d.get("summary"), ("summary",)),
        reason=_loc(d.get("reason"), ("reason",)),
        note=d.get("note"),
        preamble=tuple(cast(Localized, _loc(x, ("preamble", i))) for i, x in enumerate(d.get("preamble") or ())),
        chapters=tuple(
            Chapter(id=c["id"], title=cast(Localized, _loc(c["title"], ("chapters", i, "title"))),
                    articles=tuple(_article(a, ("chapters", i, "articles", j)) for j, a in enumerate(c["articles"])),
                    number=c.get("number"), path=("chapters", i))
            for i, c in enumerate(d.get("chapters") or ())),
        loose_articles=tuple(_article(a, ("articles", j)) for j, a in enumerate(d.get("articles") or ())),
        supplementary=tuple(
            Supplementary(id=s["id"], title=cast(Localized, _loc(s["title"], ("supplementary", i, "title"))),
                          caption=_loc(s.get("caption"), ("supplementary", i, "caption")),
                          paragraphs=_paragraphs(s["paragraphs"], ("supplementary", i, "paragraphs")),
                          path=("supplementary", i))
            for i, s in enumerate(d.get("supplementary") or ())),
        appendices=tuple(
            Appendix(id=s["id"], label=_loc(s.get("label"), ("appendices", i, "label")),
                     title=cast(Localized, _loc(s["title"], ("appendices", i, "title"))),
                     paragraphs=_paragraphs(s["paragraphs"], ("appendices", i, "paragraphs")),
                     path=("appendices", i))
            for i, s in enumerate(d.get("appendices") or ())),
        source=src.path,
        digest=src.digest,
        positions=LazyPositions(src),
    )
    return version, diags


def load_source(path: Path, display: str, schema_name: str, cache: ParseCache | None = None,
                ahead: ReadAhead | None = None, root: Path | None = None) -> tuple[Source | None, list[Diagnostic]]:
    """Read, parse and validate one file (a regular file inside ``root``, if given); ``None`` when it cannot be used.

    A file that ``ahead`` has read cleanly is taken from it; any other is read here.
    """
    def reread() -> str:
        return read_text(path, display, root)[0] or ""

    found = ahead.take(path) if ahead is not None else None
    if found is not None:
        key, blob = found
        try:
            data = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            pass  # a damaged cache entry: read the file here, as without the read-ahead
        else:
            if key is not None and cache is not None:
                cache.adopt(key)
            return Source(display, data, reread, key or ""), []
    raw, diags = _read_bytes(path, display, root)
    if raw is None:
        return None, diags
    key = None
    if cache is not None and cache.folder is not None and raw:
        key = cache.key(raw, _schema_text(schema_name))
        cached = cache.get(key)
        if cached is not None:
            return Source(display, cached, reread, key), []
    text, diags = decode_text(raw, display)
    if text is None:
        return None, diags
    src, diags = parse_text(text, display, schema_name, reread=reread)
    if src is not None and key is not None:
        src.digest = key
    if src is not None and not diags and key is not None and cache is not None:
        cache.put(key, src.data)
    return src, diags


def read_clean(path: Path, display: str, cache: ParseCache | None,
               root: Path | None = None) -> tuple[str | None, bytes] | None:
    """A version file's cache key and validated data (as marshal bytes), if it reads without a diagnostic.

    This is what a :class:`ReadAhead` worker does; ``None`` leaves the file to the loading process,
    which then reads it as if nothing had been done ahead, diagnostics and all. A cache entry is
    passed on unopened: the loading process reads the file itself if the entry is damaged.
    """
    raw, _ = _read_bytes(path, display, root)
    if raw is None:
        return None
    key = None
    if cache is not None and cache.folder is not None and raw:
        key = cache.key(raw, _schema_text("version"))
        blob = cache.read(key)
        if blob is not None:
            return key, blob
    text, _ = decode_text(raw, display)
    if text is None:
        return None
    src, diags = parse_text(text, display, "version")
    if src is None or diags:
        return None
    blob = marshal.dumps(src.data)
    if key is not None and cache is not None:
        cache.write(key, blob)
    return key, blob


class ReadAhead:
    """Version files read ahead of a load that takes them in its own order.

    A file with a parse-cache entry has the entry read here (a warm repository forks nothing); the
    others are read on worker processes, if there are enough of them to be worth a fork and more
    than one core. :meth:`take` answers ``None`` for a file nobody read ahead.
    """

    def __init__(self, files: Sequence[tuple[Path, str]], cache: ParseCache | None, root: Path | None = None) -> None:
        self._root = root
        self._cached: dict[Path, tuple[str | None, bytes]] = {}
        self._index: dict[Path, int] = {}
        self._map: ForkedMap[tuple[Path, str], tuple[str | None, bytes] | None] | None = None
        workers = min(usable_cores(), MAX_READ_WORKERS)
        if len(files) < MIN_READ_AHEAD or workers < 2 or not fork_available():
            return
        if cache is not None and cache.has_entries():
            files = [job for job in files if not self._read_entry(job[0], job[1], cache)]
            if len(files) < MIN_READ_AHEAD:
                return
        self._index = {path: i for i, (path, _) in enumerate(files)}
        # made once here rather than once in every worker
        _yaml()
        _fast_validator("version")
        _schema_text("version")
        try:
            self._map = ForkedMap(lambda job: read_clean(job[0], job[1], cache, root), files, workers)
        except OSError:  # no process or pipe to spare: read everything here
            self._map = None

    def _read_entry(self, path: Path, display: str, cache: ParseCache) -> bool:
        """Keep the cache entry of ``path`` (unopened, as a worker would pass it on), if there is one."""
        raw, _ = _read_bytes(path, display, self._root)
        if not raw:
            return False
        key = cache.key(raw, _schema_text("version"))
        blob = cache.read(key)
        if blob is None:
            return False
        self._cached[path] = (key, blob)
        return True

    def take(self, path: Path) -> tuple[str | None, bytes] | None:
        """What was read of ``path`` (cache key, marshal of the data), or ``None``: read it yourself."""
        found = self._cached.pop(path, None)
        if found is not None:
            return found
        i = self._index.get(path)
        if self._map is None or i is None:
            return None
        return self._map.result(i)

    def close(self) -> None:
        """Stop the workers."""
        self._cached.clear()
        if self._map is not None:
            self._map.close()
            self._map = None


@functools.cache
def _schema_text(name: str) -> str:
    """The schema as the parse cache keys it; read afresh, as compiling a validator adds to ``schema(name)``."""
    return json.dumps(json.loads(_schema_file(name)), sort_keys=True)


def parse_text(text: str, display: str, schema_name: str,
               reread: Callable[[], str] | None = None) -> tuple[Source | None, list[Diagnostic]]:
    """Parse and validate YAML text; ``None`` when it cannot be used."""
    src, diags = parse_yaml(text, display, reread)
    if src is None:
        return None, diags
    if not isinstance(src.data, dict):
        diags.append(diag("TERMS007", f"expected a mapping of keys at the top, found {_type_name(src.data)}",
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


def load_document(folder: Path, root: Path, cache: ParseCache | None = None,
                  ahead: ReadAhead | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """A document folder: ``document.yml`` and every version file, oldest first."""
    diags: list[Diagnostic] = []
    rel = _rel(folder, root)
    meta_path = folder / "document.yml"
    try:
        entries = _folder_entries(folder)
    except OSError as exc:
        return None, [_folder_error(exc, rel)]
    if not os.path.lexists(meta_path):
        diags.append(diag("TERMS009", f"folder '{rel}' has no document.yml", rel,
                          hint="add document.yml (id, title, original, numbering) or move the files"))
        return None, diags
    src, more = load_source(meta_path, f"{rel}/document.yml", "document", root=root)
    diags += more
    versions: list[Version] = []
    version_files = 0
    for f, m in entries:
        display = f"{rel}/{f.name}"
        if m is None:
            diags.append(diag("TERMS009", f"'{_shown(f.name)}' is not a version file", _shown(display),
                              hint="name version files by their effective date, e.g. 2025-04-01.yml"))
            continue
        version_files += 1
        vsrc, more = load_source(f, display, "version", cache, ahead, root)
        diags += more
        if vsrc is None:
            continue
        version, more = build_version(vsrc, folder.name)
        diags += more
        if version is None:
            continue
        if version.key != m.group(1):
            line, col = vsrc.at(("effective",))
            diags.append(diag("TERMS010", f"file name says {m.group(1)} but `effective` is {version.key}",
                              display, line, col, key="effective"))
        versions.append(version)
    if src is None:
        return None, diags
    if version_files == 0:
        diags.append(diag("TERMS024", f"document '{folder.name}' has no version", src.path))
    d = src.data
    for i, entry in enumerate(d.get("renamed") or ()):
        try:
            dt.date.fromisoformat(str(entry["date"]))
        except ValueError:
            path: KeyPath = ("renamed", i, "date")
            diags.append(diag("TERMS008", f"'{_shown(entry['date'])}' is not a real date", src.path, *src.at(path),
                              key=key_path_str(path)))
    if d["id"] != folder.name:
        line, col = src.at(("id",))
        diags.append(diag("TERMS013", f"id '{d['id']}' differs from the folder name '{folder.name}'",
                          src.path, line, col, key="id"))
    versions.sort(key=lambda v: v.effective)
    doc = Document(
        id=folder.name,
        title=cast(Localized, _loc(d["title"], ("title",))),
        original=d["original"],
        numbering=d["numbering"],
        change_clause=d.get("change_clause"),
        publisher=_loc(d.get("publisher"), ("publisher",)),
        versions=tuple(versions),
        source=src.path,
        positions=LazyPositions(src),
    )
    return doc, diags


def _folder_entries(folder: Path) -> list[tuple[Path, re.Match[str] | None]]:
    """The files of a document folder but document.yml, with their name's match if they are versions.

    Raises :class:`OSError` if the folder cannot be listed; any other file is read (or refused) later.
    """
    out: list[tuple[Path, re.Match[str] | None]] = []
    for f in sorted(folder.iterdir()):
        if f.name.startswith(".") or f.name in ("document.yml", "README.md"):
            continue
        m = VERSION_NAME.match(f.name)
        out.append((f, None if _is_dir(f) else m))
    return out


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder (following links); ``False`` when it cannot even be looked at."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _folder_error(exc: OSError, display: str) -> Diagnostic:
    return diag("TERMS001", f"cannot read folder: {exc.strerror or exc}", display,
                hint="make the folder readable (and searchable) for the user running terms")


def load_glossary(root: Path) -> tuple[tuple[tuple[str, str, str], ...], list[Diagnostic]]:
    """``site_config/glossary.yml``: (original language or '', ja, en) for every defined term."""
    path = root / "site_config" / "glossary.yml"
    if not os.path.lexists(path):
        return (), []
    src, diags = load_source(path, "site_config/glossary.yml", "glossary", root=root)
    if src is None:
        return (), diags
    return tuple((t.get("original", ""), t["ja"], t["en"]) for t in src.data["terms"]), diags


def load_config(root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """``site_config/site.yml`` and the glossary; defaults where they are absent."""
    glossary, diags = load_glossary(root)
    path = root / "site_config" / "site.yml"
    if not os.path.lexists(path):
        return SiteConfig(glossary=glossary), diags
    src, more = load_source(path, "site_config/site.yml", "site", root=root)
    diags += more
    if src is None:
        return SiteConfig(glossary=glossary), diags
    d = src.data
    base = SiteConfig()
    nd = d.get("notice_days") or {}
    return SiteConfig(
        site_url=d.get("site_url", base.site_url),
        timezone=d.get("timezone", base.timezone),
        site_name=_loc(d.get("site_name"), ("site_name",)) or base.site_name,
        notice=NoticePolicy(
            adverse=nd.get("adverse", base.notice.adverse),
            favourable=nd.get("favourable", base.notice.favourable),
            editorial=nd.get("editorial", base.notice.editorial),
        ),
        comparison_order=("old", "new") if d.get("comparison_columns") == "old-new" else ("new", "old"),
        document_order=tuple(d.get("documents") or ()),
        glossary=glossary,
        source=src.path,
        positions=LazyPositions(src),
    ), diags


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_corpus(root: Path) -> tuple[Corpus, list[Diagnostic]]:
    """Every document under ``root/terms`` and the site settings, with all problems found."""
    with paused_gc():
        return _load_corpus(root)


def _load_corpus(root: Path) -> tuple[Corpus, list[Diagnostic]]:
    cache = ParseCache.for_root(root)
    terms = root / "terms"
    try:
        entries = [e for e in sorted(terms.iterdir()) if not e.name.startswith(".") and e.name != "README.md"] \
            if _is_dir(terms) else []
    except OSError as exc:
        config, diags = load_config(root)
        return Corpus((), config), [*diags, _folder_error(exc, "terms")]
    ahead = ReadAhead(_version_files(entries, root), cache, root)
    try:
        return _load_all(root, entries, cache, ahead)
    finally:
        ahead.close()


def _version_files(entries: list[Path], root: Path) -> list[tuple[Path, str]]:
    """(path, display name) of the version files :func:`load_document` will read, in its order."""
    out = []
    for entry in entries:
        if not _is_dir(entry) or not os.path.lexists(entry / "document.yml"):
            continue
        rel = _rel(entry, root)
        try:
            out += [(f, f"{rel}/{f.name}") for f, m in _folder_entries(entry) if m is not None]
        except OSError:
            continue  # load_document reports it
    return out


def _load_all(root: Path, entries: list[Path], cache: ParseCache,
              ahead: ReadAhead) -> tuple[Corpus, list[Diagnostic]]:
    config, diags = load_config(root)
    terms = root / "terms"
    docs: list[Document] = []
    if not _is_dir(terms):
        diags.append(diag("TERMS009", "no terms/ folder here", _rel(terms, root),
                          hint="run the command at the top of the terms repository"))
        return Corpus((), config), diags
    for entry in entries:
        if not _is_dir(entry):
            if entry.suffix in (".yml", ".yaml"):
                diags.append(diag("TERMS009", "version file outside any document folder", _rel(entry, root),
                                  hint="move it to terms/<document-id>/ next to a document.yml"))
            continue
        doc, more = load_document(entry, root, cache, ahead)
        diags += more
        if doc is not None:
            docs.append(doc)
    order = {d: i for i, d in enumerate(config.document_order)}
    docs.sort(key=lambda d: (order.get(d.id, len(order)), d.id))
    cache.prune()
    return Corpus(tuple(docs), config), diags


# --- round-trip reading for commands that edit a version file (terms new-version) -----------------
#
# Editing commands keep an editor's comments and layout. ruamel's round-trip mode reads the file
# with every key's line; the editing command then rewrites only the lines of the top-level keys it
# changes, so every other byte of the file stays as the editor wrote it (a round-trip *dump* would
# re-indent nested lists such as table rows).


class RoundTripError(Exception):
    """A file that the round-trip reader cannot read; the message says where and why."""


def read_roundtrip(text: str, display: str) -> Any:
    """``text`` read in ruamel's round-trip mode: mappings keep comments and ``.lc`` positions."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark is not None else display
        raise RoundTripError(f"{where}: cannot read the YAML: {exc.problem or exc}") from None
    except YAMLError as exc:  # duplicate keys and other constructor problems
        raise RoundTripError(f"{display}: cannot read the YAML: {exc}") from None


def top_level_spans(text: str, display: str) -> dict[str, tuple[int, int]]:
    """The 0-based line range ``[start, end)`` of each top-level key of a mapping file.

    A range covers the key and its value, not the comment and blank lines after it: those
    introduce the next key and stay with it.
    """
    data = read_roundtrip(text, display)
    if not isinstance(data, dict):
        raise RoundTripError(f"{display}: expected a mapping of keys at the top")
    lines = text.splitlines()
    mapping: Any = data
    starts = sorted((mapping.lc.key(k)[0], str(k)) for k in mapping)
    spans: dict[str, tuple[int, int]] = {}
    for i, (start, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        spans[key] = (start, end)
    return spans
