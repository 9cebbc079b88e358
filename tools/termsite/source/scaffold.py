"""What ``terms init`` puts in a new terms repository and ``terms new-document`` in a new document.

The repository's files are package data (``termsite/scaffold/``), copied as they are but for a few
``@@NAME@@`` markers filled with the publisher, the site and the termsite requirement. A path part
written ``dot-x`` is written ``.x`` (``dot-github/workflows``, ``dot-gitignore``): setuptools does not
ship files whose names start with a dot. The settings (``site_config/site.yml``) and every
``document.yml`` are written here, every text in double quotes with anything unprintable escaped, so
that what an editor typed is what the YAML says; the commands then read them back through the loader
and its checks before anything is written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from termsite.model.terms import Lang, Numbering
from termsite.source.roundtrip import RoundTripError, read_roundtrip, top_level_spans
from termsite.source.schema import SCHEMA_FOLDERS, schema_comment, schema_file

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
"""The files of a new repository, shipped inside the package."""
SCHEMA_KINDS = ("document", "version", "site", "glossary")
REQUIREMENT_FILE = "termsite-requirements.txt"
REQUIREMENT_PLACEHOLDER = "TERMSITE_REQUIREMENT"
"""The line of :data:`REQUIREMENT_FILE` until the editors say where termsite comes from; the workflows
stop with an error that explains it."""
_FILLED = (".md", ".txt")


@dataclass(frozen=True)
class Localized2:
    """A text in both languages, both given."""

    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class SiteInputs:
    """What ``terms init`` is told: who publishes, where, under which name, with which termsite."""

    publisher: Localized2
    site_url: str
    site_name: Localized2
    requirement: str | None = None


@dataclass(frozen=True)
class DocumentInputs:
    """What ``terms new-document`` is told."""

    id: str
    original: Lang
    numbering: Numbering
    title: Localized2
    change_clause: str | None
    publisher: Localized2 | None
    single_language: bool = False
    """The document exists only in ``original``; the title in the other language may be empty (left out)."""


def default_site_name(publisher: Localized2) -> Localized2:
    """The site's name when none is given: the publisher's terms."""
    return Localized2(f"{publisher.ja}の利用規約", f"{publisher.en} Terms")


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: ``"`` and ``\\`` escaped, and every character that is
    not printable (controls, line breaks, invisible and bidirectional characters) as ``\\uXXXX``, so
    the checks see exactly what was typed and the file shows it."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch != " " and unicodedata.category(ch)[0] in "CZ":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _localized(key: str, value: Localized2, comment: str = "", indent: str = "") -> str:
    return f"{indent}{key}:{comment}\n{indent}  ja: {quoted(value.ja)}\n{indent}  en: {quoted(value.en)}\n"


def site_yml(inputs: SiteInputs) -> str:
    """The text of ``site_config/site.yml`` for a new repository: no document yet."""
    return (
        f"# yaml-language-server: $schema=../{SCHEMA_FOLDERS[0]}/site.schema.json\n"
        "# Site settings. Changing them changes every page: review like a change to the terms.\n"
        f"site_url: {quoted(inputs.site_url)}   # the address the site is published at, ending in /\n"
        "timezone: Asia/Tokyo            # a version takes effect at 00:00 here on its effective date\n"
        + _localized("site_name", inputs.site_name)
        + "publisher:                      # shown in every page's footer; its name is the default publisher\n"
        "                                 # of `terms new-document` (contact, copyright, logo: see the README)\n"
        + _localized("name", inputs.publisher, indent="  ")
        + "# Minimum days between `announced` and `effective`, by impact. The Civil Code (第548条の4) sets no\n"
        "# minimum: it requires the notice before the effective date; an adverse change announced on or after\n"
        "# its effective date is always an error.\n"
        "notice_days:\n"
        "  adverse: 30\n"
        "  favourable: 0\n"
        "  editorial: 0\n"
        "comparison_columns: new-old     # 新旧対照表: 改定後 | 改定前 (new-old) or 改定前 | 改定後 (old-new)\n"
        "documents: []                   # order on the hub: `terms new-document` adds each new document\n"
    )


def document_yml(inputs: DocumentInputs, root: Path | None) -> str:
    """The text of ``terms/<id>/document.yml``, its schema comment pointing at ``root``'s schemas."""
    def line(code: str, comment: str) -> str:
        return f"{code:<31} # {comment}\n"

    clause = (line(f"change_clause: {inputs.change_clause}", "the article that allows the terms to be changed")
              if inputs.change_clause else
              line("# change_clause: amendment", "the id of the article that allows the terms to be changed (第2条)"))
    return (
        f"{schema_comment('document', root)}\n"
        "# Written by `terms new-document`; the format is in terms/README.md. Once a version is published,\n"
        "# `original`, `numbering` and `change_clause` are fixed, and a new `title` or `publisher` needs a\n"
        "# `renamed` entry recording the earlier one.\n"
        f"id: {inputs.id}\n"
        + _title(inputs)
        + line(f"original: {inputs.original}", "the language that governs: ja | en")
        + (line("single_language: true", "the document exists only in its original language")
           if inputs.single_language else "")
        + line(f"numbering: {inputs.numbering}", "statute (第N条, Article N) | decimal (1., 4.1.) | none")
        + clause
        + (_localized("publisher", inputs.publisher) if inputs.publisher else "")
    )


def _title(inputs: DocumentInputs) -> str:
    """``title`` in both languages, or (a one-language document given one title) in the original only."""
    if all(inputs.title.get(lang) for lang in ("ja", "en")):
        return _localized("title", inputs.title)
    return f"title:\n  {inputs.original}: {quoted(inputs.title.get(inputs.original))}\n"


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every ``@@NAME@@`` replaced by ``values[NAME]``; an unknown marker is a bug."""
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    if "@@" in text:
        start = text.index("@@")
        raise ValueError(f"unfilled marker {text[start:start + 40]!r} in the scaffold")
    return text


def _target(relative: Path) -> str:
    return "/".join("." + p[4:] if p.startswith("dot-") else p for p in relative.parts)


def requirement_line(requirement: str | None) -> str:
    """The requirement line of :data:`REQUIREMENT_FILE` (the placeholder when none is known)."""
    return requirement if requirement else REQUIREMENT_PLACEHOLDER


def repository_files(inputs: SiteInputs) -> dict[str, str]:
    """Every file of a new repository by its path (``/``-separated), in a stable order."""
    values = {
        "PUBLISHER_JA": inputs.publisher.ja, "PUBLISHER_EN": inputs.publisher.en,
        "SITE_NAME_JA": inputs.site_name.ja, "SITE_NAME_EN": inputs.site_name.en,
        "SITE_URL": inputs.site_url, "TERMSITE_REQUIREMENT": requirement_line(inputs.requirement),
    }
    files: dict[str, str] = {}
    for path in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        text = path.read_text(encoding="utf-8")
        files[_target(path.relative_to(SCAFFOLD))] = fill(text, values) if path.suffix in _FILLED else text
    files["site_config/site.yml"] = site_yml(inputs)
    files.update(schema_files())
    return dict(sorted(files.items()))


def schema_files() -> dict[str, str]:
    """The JSON Schemas an editor's YAML extension reads, at ``schemas/<kind>.schema.json``."""
    return {f"{SCHEMA_FOLDERS[0]}/{kind}.schema.json": schema_file(kind) for kind in SCHEMA_KINDS}


Mode = Literal["x", "w"]


def write_files(root: Path, files: Mapping[str, str], mode: Mode = "x") -> list[Path]:
    """Write ``files`` under ``root`` (``x``: never over an existing file); the paths written."""
    written = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open(mode, encoding="utf-8", newline="\n") as f:
            f.write(text)
        written.append(path)
    return written


def with_document_in_order(text: str, display: str, doc_id: str) -> str:
    """``site.yml``'s text with ``doc_id`` last in ``documents`` (the hub's order), every other byte kept:
    a block list gets one line more, in its items' indentation; a flow list (``[]``, ``[a, b]``) or
    no ``documents`` becomes a block list. Unchanged if ``doc_id`` is listed already. Raises
    :class:`RoundTripError` for a file that cannot be read."""
    data = read_roundtrip(text, display)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RoundTripError(f"{display}: expected a mapping of keys at the top")
    listed = data.get("documents")
    if isinstance(listed, list) and doc_id in listed:
        return text
    if listed is not None and not isinstance(listed, list):
        raise RoundTripError(f"{display}: `documents` is not a list; write it `documents: [{doc_id}]`")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if "documents" not in data:
        return "".join(lines) + f"documents:                      # order on the hub\n  - {doc_id}\n"
    if listed is None:
        listed = []  # `documents:` with nothing after it
    seq: Any = listed
    if listed and not seq.fa.flow_style():  # a block list: one line more
        line, col = seq.lc.item(len(listed) - 1)
        prefix = lines[line][:col]
        lines.insert(line + 1, f"{prefix}{doc_id}\n")
        return "".join(lines)
    start, end = top_level_spans(text, display)["documents"]
    if end - start != 1:
        raise RoundTripError(f"{display}:{start + 1}: `documents` spans several lines in flow style; write it as a "
                             f"block list (one `  - id` a line) and run the command again")
    key_line = lines[start]
    comment = key_line.find("#", key_line.index("]") if "]" in key_line else 0)
    tail = ("  " + key_line[comment:].rstrip("\n")) if comment >= 0 else ""
    items = [*listed, doc_id]
    lines[start:end] = [f"documents:{tail}\n", *(f"  - {item}\n" for item in items)]
    return "".join(lines)
