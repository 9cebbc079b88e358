"""The entry points of reading terms, in one place for the callers that import them from here.

Each lives in the module of its idea: :mod:`~termsite.source.text` (bytes to text),
:mod:`~termsite.source.yaml` (YAML to data with positions), :mod:`~termsite.source.schema`
(validation and its wording), :mod:`~termsite.source.build` (data to the model),
:mod:`~termsite.source.repository` (the folder rules) and :mod:`~termsite.source.roundtrip`.
"""

from __future__ import annotations

from termsite.source.build import build_version
from termsite.source.files import load_source
from termsite.source.parse import load_version_text, parse_text
from termsite.source.problems import key_path_str
from termsite.source.repository import VERSION_NAME, load_config, load_corpus, load_document
from termsite.source.roundtrip import RoundTripError, read_roundtrip, top_level_spans
from termsite.source.schema import SCHEMA_COMMENT, schema, validate
from termsite.source.text import decode_text, read_text
from termsite.source.yaml import LazyPositions, Source, parse_yaml

__all__ = [
    "SCHEMA_COMMENT",
    "VERSION_NAME",
    "LazyPositions",
    "RoundTripError",
    "Source",
    "build_version",
    "decode_text",
    "key_path_str",
    "load_config",
    "load_corpus",
    "load_document",
    "load_source",
    "load_version_text",
    "parse_text",
    "parse_yaml",
    "read_roundtrip",
    "read_text",
    "schema",
    "top_level_spans",
    "validate",
]
