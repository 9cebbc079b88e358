"""``terms diff``: formats, the default language and column order, and clear usage errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from termsite.adapters.cli.main import main

DOC = """\
id: policy
title: {ja: 方針, en: Policy}
original: en
numbering: decimal
"""

V1 = """\
effective: 2024-01-01
announced: 2024-01-01
status: published
articles:
  - id: scope
    title: {ja: 範囲, en: Scope}
    paragraphs:
      - text: {ja: 本方針は全てのサイトに適用します。, en: This policy applies to all sites.}
"""

V2 = """\
effective: 2024-06-01
announced: 2024-05-01
status: published
impact: favourable
summary: {ja: 範囲を広げました。, en: Widened the scope.}
articles:
  - id: scope
    title: {ja: 範囲, en: Scope}
    paragraphs:
      - text: {ja: 本方針は全てのサイト及びアプリに適用します。, en: This policy applies to all sites and apps.}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "terms" / "policy"
    folder.mkdir(parents=True)
    (folder / "document.yml").write_text(DOC, encoding="utf-8")
    (folder / "2024-01-01.yml").write_text(V1, encoding="utf-8")
    (folder / "2024-06-01.yml").write_text(V2, encoding="utf-8")
    return tmp_path


def run(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(repo), "diff", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_default_language_is_the_original_and_english_is_compared_by_words(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "policy", "2024-01-01", "2024-06-01")
    assert code == 0
    assert out == textwrap.dedent("""\
        policy 2024-01-01 → 2024-06-01 (en)
        1 modified

        @@ 1. Scope [modified]
        ~ This policy applies to all sites{+ and apps+}.
        """)


def test_japanese_is_compared_by_characters(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--lang", "ja")
    assert code == 0
    assert "~ 本方針は全てのサイト{+及びアプリ+}に適用します。" in out


def test_markdown_for_a_pull_request(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--format", "markdown")
    assert code == 0
    assert "| After amendment | Before amendment |" in out
    assert "| This policy applies to all sites<ins><b> and apps</b></ins>. | This policy applies to all sites. |" in out


def test_column_order_comes_from_the_site_settings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "site_config").mkdir()
    (repo / "site_config" / "site.yml").write_text("comparison_columns: old-new\n", encoding="utf-8")
    code, out, _ = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--format", "markdown")
    assert code == 0 and "| Before amendment | After amendment |" in out
    code, out, _ = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--format", "markdown",
                       "--columns", "new-old")
    assert code == 0 and "| After amendment | Before amendment |" in out


def test_html_is_a_page_with_the_css_inlined(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<style>" in out and "@media (max-width:" in out
    assert '<div class="terms-comparison" lang="en">' in out


def test_output_is_deterministic(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "markdown", "html"):
        first = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--format", fmt)
        assert run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--format", fmt) == first


def test_unknown_document_lists_the_documents(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(repo, capsys, "privacy", "2024-01-01", "2024-06-01")
    assert code == 2 and out == ""
    assert "unknown document 'privacy' (documents: policy)" in err


def test_unknown_version_lists_the_versions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(repo, capsys, "policy", "2024-01-01", "2025-01-01")
    assert code == 2
    assert "document 'policy' has no version '2025-01-01' (versions: 2024-01-01, 2024-06-01)" in err


def test_a_version_that_does_not_load_is_reported_with_its_place(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "terms" / "policy" / "2024-06-01.yml").write_text(V2.replace("articles:", "articles: [\n"),
                                                              encoding="utf-8")
    code, out, err = run(repo, capsys, "policy", "2024-01-01", "2024-06-01")
    assert code == 1 and out == ""
    assert err.startswith("terms/policy/2024-06-01.yml:") and "error TERMS" in err
    assert "Traceback" not in err


def test_bad_arguments_are_usage_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(repo, capsys, "policy", "2024-01-01", "2024-06-01", "--lang", "fr")
    assert code == 2 and "invalid choice" in err
