"""A clean version is read without its positions (a second composition of the file), and a check that
finds nothing must not ask for them: on a large repository that doubled `terms check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from benchmarks.generate import SIZES, generate

from termsite.rules.checks import check_corpus
from termsite.source import yaml as source_yaml
from termsite.source.repository import load_corpus

from ..site.helpers import REPO


@pytest.mark.parametrize("which", ["shipped", "generated"])
def test_a_check_that_finds_nothing_composes_no_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           which: str) -> None:
    root = REPO
    if which == "generated":  # versions made from the shipped terms: translator's notes, links, gaps
        root = tmp_path / "repo"
        generate(root, SIZES["tiny"])
    corpus, _ = load_corpus(root)
    composed: list[str] = []
    real = source_yaml.compose

    def counting(text: str) -> object:
        composed.append(text[:40])
        return real(text)

    monkeypatch.setattr(source_yaml, "compose", counting)
    problems = [d for d in check_corpus(corpus, dt.date(2026, 12, 6)) if d.severity != "info"]
    clean = [v for d in corpus.documents for v in d.versions
             if not any(p.location.path == v.source for p in problems)]
    assert clean, "no clean version to look at"
    asked = len(composed)
    assert asked <= len(problems), f"{asked} files composed again for {len(problems)} problems"
