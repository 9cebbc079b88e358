"""The catalogue of codes: the enum and the table agree, and every code used in the code is in it."""

from __future__ import annotations

import re
from pathlib import Path

from termsite.diagnostics.codes import _TABLE, CODES, Code

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "termsite"


def test_the_enum_has_every_code_of_the_table_in_its_order() -> None:
    assert [c.value for c in Code] == list(_TABLE)
    assert CODES == _TABLE
    assert Code.TERMS018.title == "markup in text" and Code.TERMS018.hint.startswith("texts are plain text")


def test_every_code_the_package_reports_is_in_the_catalogue() -> None:
    used = {m for path in PACKAGE.rglob("*.py") for m in re.findall(r'"(TERMS\d{3})"', path.read_text("utf-8"))}
    assert used - set(CODES) == set()
