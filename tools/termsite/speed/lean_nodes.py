"""Composing YAML with ruamel's C parser into lighter node objects.

The C composer (``_ruamel_yaml.CParser``, ruamel.yaml.clib) builds every node by calling the node
classes it imported from :mod:`ruamel.yaml.nodes`, looked up in its module namespace at each call.
``Node.__init__`` wraps every tag in a :class:`ruamel.yaml.tag.Tag` object and is a third of the
compose time. While :func:`lean_nodes` is active, that namespace holds subclasses whose constructor
only stores the arguments and makes the ``Tag`` when someone asks for it.

The subclasses are real ruamel nodes (``isinstance`` holds, every attribute and property reads the
same), so code composing on another thread at the same moment still gets correct nodes. If the C
module is missing or does not name the classes this module expects, nothing is swapped. A resolver
is handed the subclasses as the kind of node to resolve; the loader's resolver
(:mod:`termsite.source.yaml`) takes them for the ruamel classes they subclass.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

_UNTAGGED: Any = object()  # made with tag None: ``Node`` would hold ``Tag(suffix=None)``


class _Verbatim:
    """A string stored through ``ctag`` itself, which ``Node`` keeps as it is."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value


def _raw(tag: Any) -> Any:
    """What a lean node stores for a tag given to the constructor (``Node.__init__``'s rule, delayed)."""
    if tag is None:
        return _UNTAGGED
    if isinstance(tag, (str, Tag)):
        return tag
    return Tag(suffix=tag)


class _LazyTag:
    """``ctag`` and ``tag`` as in ``Node``, with the ``Tag`` object made on first read."""

    __slots__ = ()
    _raw_tag: Any

    @property
    def ctag(self) -> Any:
        raw = self._raw_tag
        if isinstance(raw, str):
            raw = self._raw_tag = Tag(suffix=raw)
        elif raw is _UNTAGGED:
            raw = self._raw_tag = Tag(suffix=None)
        elif isinstance(raw, _Verbatim):
            return raw.value
        return raw

    @ctag.setter
    def ctag(self, value: Any) -> None:
        self._raw_tag = _Verbatim(value) if isinstance(value, str) else value

    @property
    def tag(self) -> str | None:
        ctag = self.ctag
        return None if ctag is None else str(ctag)

    @tag.setter
    def tag(self, value: Any) -> None:
        self._raw_tag = value  # a string becomes Tag(suffix=value), as Node's setter does, when read


class LeanScalarNode(_LazyTag, ScalarNode):
    """A :class:`ScalarNode` that does no work when it is made."""

    __slots__ = ("_raw_tag",)

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, style: Any = None,
                 comment: Any = None, anchor: Any = None) -> None:
        self._raw_tag = tag if tag.__class__ is str else _raw(tag)
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style
        self.comment = comment
        self.anchor = anchor


class LeanSequenceNode(_LazyTag, SequenceNode):
    """A :class:`SequenceNode` that does no work when it is made."""

    __slots__ = ("_raw_tag",)

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None,
                 comment: Any = None, anchor: Any = None) -> None:
        self._raw_tag = tag if tag.__class__ is str else _raw(tag)
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.flow_style = flow_style
        self.comment = comment
        self.anchor = anchor


class LeanMappingNode(_LazyTag, MappingNode):
    """A :class:`MappingNode` that does no work when it is made."""

    __slots__ = ("_raw_tag",)

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None,
                 comment: Any = None, anchor: Any = None) -> None:
        self._raw_tag = tag if tag.__class__ is str else _raw(tag)
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.flow_style = flow_style
        self.comment = comment
        self.anchor = anchor
        self.merge = None


_ORIGINAL: dict[str, type[Node]] = {
    "ScalarNode": ScalarNode, "SequenceNode": SequenceNode, "MappingNode": MappingNode}
_LEAN: dict[str, type[Node]] = {
    "ScalarNode": LeanScalarNode, "SequenceNode": LeanSequenceNode, "MappingNode": LeanMappingNode}


def _c_module() -> ModuleType | None:
    try:
        module = importlib.import_module("_ruamel_yaml")
    except ImportError:
        return None
    # only a module that builds exactly these classes (or our lean ones) is ours to swap
    if all(getattr(module, name, None) in (cls, _LEAN[name]) for name, cls in _ORIGINAL.items()):
        return module
    return None


_MODULE = _c_module()


@contextlib.contextmanager
def lean_nodes() -> Iterator[None]:
    """Within the block, ruamel's C composer makes :class:`LeanScalarNode` and its siblings."""
    module = _MODULE
    if module is None or module.ScalarNode is LeanScalarNode:  # no C parser, or already active (nested)
        yield
        return
    for name, cls in _LEAN.items():
        setattr(module, name, cls)
    try:
        yield
    finally:
        for name, cls in _ORIGINAL.items():
            setattr(module, name, cls)


def available() -> bool:
    """Whether the C composer can make lean nodes here (the C module is present and as expected)."""
    return _MODULE is not None
