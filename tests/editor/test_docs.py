"""CONTRIBUTING in English and Japanese: every diagnostic code is explained, every command exists."""

from __future__ import annotations

import re
import shlex

import pytest

from termsite.adapters.cli.main import build_parser
from termsite.diagnostics.codes import CODES

from .conftest import REPO

DOCS = ["CONTRIBUTING.md", "CONTRIBUTING.ja.md"]


def _documented(text: str) -> set[str]:
    found = set(re.findall(r"TERMS\d{3}", text))
    for a, b in re.findall(r"TERMS(\d{3})–TERMS(\d{3})", text):
        found |= {f"TERMS{n:03d}" for n in range(int(a), int(b) + 1)}
    return found


@pytest.mark.parametrize("name", DOCS)
def test_every_code_is_explained(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    missing = sorted(set(CODES) - _documented(text))
    assert not missing, f"{name} does not explain {missing}"


@pytest.mark.parametrize("name", DOCS)
def test_every_terms_command_shown_is_a_real_command(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    commands = re.findall(r"^\s*(terms [^#\n]+?)\s*(?:#.*)?$", text, flags=re.MULTILINE)
    assert len(commands) >= 6
    for command in commands:
        build_parser().parse_args(shlex.split(command)[1:])


def test_both_languages_cover_the_same_sections() -> None:
    en, ja = ((REPO / n).read_text(encoding="utf-8") for n in DOCS)
    assert en.count("\n## ") == ja.count("\n## ")
    assert _documented(en) == _documented(ja)
