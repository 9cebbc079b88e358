"""Helpers for the core tests: tiny terms repositories written into tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

DOC_STATUTE = """\
id: demo
title: {ja: デモ約款, en: Demo Terms}
original: ja
numbering: statute
change_clause: amendment
"""

V1 = """\
effective: 2024-01-01
announced: 2023-12-01
status: published
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    paragraphs:
      - text: {ja: 本約款は、本サービスに適用します。, en: These Terms and Conditions apply to the Service.}
  - id: amendment
    title: {ja: 変更, en: Amendment}
    paragraphs:
      - text: {ja: 当社は、本約款を変更できます。, en: The Company may amend these Terms and Conditions.}
      - text: {ja: 当社は、前項の変更を掲示します。, en: The Company shall post the amendment under the preceding paragraph.}
"""


class Repo:
    """A terms repository in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "terms").mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def demo(self, version: str = V1, name: str = "2024-01-01.yml") -> Path:
        self.write("terms/demo/document.yml", DOC_STATUTE)
        return self.write(f"terms/demo/{name}", version)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path)
