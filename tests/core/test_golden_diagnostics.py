"""Golden cases: each folder under cases/ is a small terms repository and the exact report it gives.

Kept as input beside expected output, as black keeps its cases. Regenerate with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from termsite.adapters.cli.main import load_checked
from termsite.diagnostics.diagnostic import format_report

CASES = Path(__file__).parent / "cases"
AS_OF = dt.date(2026, 11, 22)


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", _cases())
def test_golden_case(name: str) -> None:
    case = CASES / name
    _, diags = load_checked(case, AS_OF)
    actual = format_report(diags, "text") + "\n"
    expected_path = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
