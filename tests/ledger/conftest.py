"""A small terms repository (one document, a change announced 2025-02-01, in force 2025-04-01) and the
``terms`` command run on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from termsite.adapters.cli.main import main

REPO = Path(__file__).resolve().parents[2]
DOC = """\
id: demo
title: {ja: デモ約款, en: Demo Terms}
original: ja
numbering: statute
change_clause: amendment
publisher: {ja: 株式会社デモ, en: "Demo, Inc."}
"""
ARTS = """\
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    paragraphs:
      - text: {ja: 本約款は、本サービスに適用します。, en: These Terms apply to the Service.}
  - id: amendment
    title: {ja: 変更, en: Amendment}
    paragraphs:
      - text: {ja: 当社は、本約款を変更できます。, en: The Company may amend these Terms.}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "terms/demo").mkdir(parents=True)
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "terms/demo/document.yml").write_text(DOC, encoding="utf-8")
    (root / "terms/demo/2024-01-01.yml").write_text(
        "effective: 2024-01-01\nannounced: 2023-12-01\nstatus: published\n" + ARTS, encoding="utf-8")
    (root / "terms/demo/2025-04-01.yml").write_text(
        "effective: 2025-04-01\nannounced: 2025-02-01\nstatus: published\nimpact: adverse\n"
        "summary: {ja: 料金を改定します。, en: Fees change.}\n"
        "reason: {ja: 原価の上昇のため。, en: Costs rose.}\n" + ARTS.replace("適用します", "適用されます").replace("apply to", "govern"),
        encoding="utf-8")
    (root / "terms/demo/2025-09-01.yml").write_text(
        "effective: 2025-09-01\nstatus: draft\nimpact: editorial\n"
        "summary: {ja: 字句を整えます。, en: Wording.}\n" + ARTS, encoding="utf-8")
    return root


def terms(repo: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``terms --root REPO ARGS…``: the exit code, stdout and stderr."""
    code = main(["--root", str(repo), *args])
    out = capsys.readouterr()
    return code, out.out, out.err
