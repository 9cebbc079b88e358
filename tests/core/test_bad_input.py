"""Bad input of every kind: a clear diagnostic with its location, exit 1, quickly, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import V1, Repo


def run_check(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termsite.adapters.cli", "--root", str(root), "check", "--as-of", "2026-11-22", *extra],
        capture_output=True, text=True, timeout=60,
    )


BAD = {
    "broken": ("effective: 2024-01-01\n  status: [draft\n", "TERMS002"),
    "duplicate-key": (V1.replace("status: published\n", "status: published\nstatus: draft\n"), "TERMS003"),
    "wrong-type": (V1.replace("status: published", "status: [published]"), "TERMS007"),
    "unknown-key": (V1.replace("status:", "stauts: x\nstatus:"), "TERMS005"),
    "impossible-date": (V1.replace("effective: 2024-01-01", "effective: 2024-13-01"), "TERMS008"),
    "missing-translation": (V1.replace(", en: Purpose}", "}"), "TERMS014"),
    "billion-laughs": ("a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
                       + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
                       + "effective: *i\n", "TERMS004"),
    "deep-nesting": ("x: " + "[" * 5000 + "]" * 5000 + "\n", "TERMS002"),
    "empty": ("", "TERMS001"),
    "comments-only": ("# nothing here\n", "TERMS001"),
    "non-utf8": (b"effective: 2024-01-01\nnote: \x93quoted\x94\n", "TERMS001"),
    "utf16": ("effective: 2024-01-01\n".encode("utf-16"), "TERMS001"),
    "nul-bytes": (b"effective: 2024-01-01\x00\n", "TERMS001"),
    "top-level-list": ("- a\n- b\n", "TERMS007"),
    "multiple-documents": (V1 + "---\n" + V1, "TERMS002"),
    "tab-indentation": ("effective: 2024-01-01\narticles:\n\t- id: a\n", "TERMS002"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_version_file(repo: Repo, name: str) -> None:
    content, code = BAD[name]
    repo.demo(content)  # type: ignore[arg-type]
    started = time.monotonic()
    result = run_check(repo.root)
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if f" {code}: " in ln]
    assert lines, result.stderr
    assert lines[0].startswith("terms/demo/2024-01-01.yml:"), lines[0]
    _, line, col = lines[0].split(": ")[0].rsplit(":", 2)
    assert int(line) >= 1 and int(col) >= 1


def test_huge_file_is_refused_without_reading_it(repo: Repo) -> None:
    repo.demo()
    big = repo.root / "terms/demo/2025-01-01.yml"
    with big.open("wb") as fh:
        fh.write(b"note: '")
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b"'\n")
    started = time.monotonic()
    result = run_check(repo.root)
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    assert "terms/demo/2025-01-01.yml:1:1: error TERMS001: file is 50.0 MB; the limit is 5 MB" in result.stderr


def test_version_outside_document_folder(repo: Repo) -> None:
    repo.demo()
    repo.write("terms/2024-01-01.yml", V1)
    result = run_check(repo.root)
    assert result.returncode == 1
    assert "terms/2024-01-01.yml:1:1: error TERMS009: version file outside any document folder" in result.stderr


def test_shipped_terms_pass_with_the_seed_defects_as_warnings() -> None:
    root = Path(__file__).resolve().parents[2]
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr
    warnings = result.stderr
    assert "warning TERMS017: 第20条 is used by 2 articles (discontinuation, abolition)" in warnings
    assert "warning TERMS016: article 'abolition' overrides its derived number with 第20条" in warnings
    assert "warning TERMS022: '前三条' resolves by position to 第19条、第20条、第20条" in warnings
    assert "reference 本項第4号: paragraph 2 of 第14条 has no item 4" in warnings
    assert "reference 前項各号: the preceding paragraph has no items" in warnings


def test_usage_errors_exit_2(repo: Repo) -> None:
    repo.demo()
    bad_date = run_check(repo.root, "--format", "xml")
    assert bad_date.returncode == 2
    assert "invalid choice" in bad_date.stderr
    r = subprocess.run([sys.executable, "-m", "termsite.adapters.cli", "check", "--as-of", "2024-02-30"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "'2024-02-30' is not a date" in r.stderr
    r = subprocess.run([sys.executable, "-m", "termsite.adapters.cli", "--root", str(repo.root), "export", "demo",
                        "2030-01-01"], capture_output=True, text=True)
    assert r.returncode == 2 and "has no version '2030-01-01' (versions: 2024-01-01)" in r.stderr


def test_machine_formats(repo: Repo) -> None:
    import json

    repo.demo(V1.replace("status: published", "status: publshed"))
    gh = run_check(repo.root, "--format", "github")
    assert gh.returncode == 1
    assert gh.stdout.startswith("::error file=terms/demo/2024-01-01.yml,line=3,col=9,title=TERMS007::")
    js = run_check(repo.root, "--format", "json")
    data = json.loads(js.stdout)
    assert data["errors"] == 1
    assert data["diagnostics"][0]["code"] == "TERMS007"
    assert data["diagnostics"][0]["line"] == 3
    md = run_check(repo.root, "--format", "markdown")
    assert "| `terms/demo/2024-01-01.yml:3:9` | error | TERMS007 |" in md.stdout
    assert "did you mean 'published'?" in md.stdout
