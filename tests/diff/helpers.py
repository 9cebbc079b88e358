"""Shared helpers of the diff tests: loading a case, comparing outputs with golden files."""

from __future__ import annotations

import os
from pathlib import Path

from termsite.model.terms import Document, Version
from termsite.source.load import load_corpus

HERE = Path(__file__).parent
CASES = HERE / "cases"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def load_case(case: Path) -> tuple[Document, Version, Version]:
    """The document of a case folder and its two versions (old, new); the files must load cleanly."""
    corpus, diags = load_corpus(case)
    errors = [d.as_text() for d in diags if d.is_error]
    assert not errors, errors
    (doc,) = corpus.documents
    old, new = doc.versions
    return doc, old, new


def check_golden(path: Path, actual: str) -> None:
    """``actual`` must equal the golden file; ``UPDATE_GOLDEN=1`` rewrites the file instead."""
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run the tests with UPDATE_GOLDEN=1 and review the file"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs (UPDATE_GOLDEN=1 rewrites it after review)"
