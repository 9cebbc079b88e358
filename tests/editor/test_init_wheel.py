"""A newcomer's first minutes, with termsite installed from its wheel into a fresh virtualenv (offline:
the fixture of tests/test_wheel.py): `terms init` in a clean folder, `terms check`, `terms build`, then
the first documents from existing texts, and the site again. Nothing comes from this checkout."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ..test_wheel import _run, installed  # noqa: F401  (the fixture, shared)
from .test_init import KIYAKU, PRIVACY

pytestmark = pytest.mark.slow


def _hub(site: Path, lang: str) -> str:
    return (site / ("en/index.html" if lang == "en" else "index.html")).read_text(encoding="utf-8")


def test_a_new_terms_site_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:  # noqa: F811
    (wheel,) = (installed.parent.parent / "dist").glob("termsite-*.whl")  # the fixture's layout
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("mkdocs.yml", "dot-github/workflows/publish.yml", "dot-github/workflows/pull-request.yml",
                    "dot-gitignore", "dot-pre-commit-config.yaml", "docs_generated/dot-gitkeep", "terms/README.md",
                    "README.ja.md", "CONTRIBUTING.md", "constraints.txt", "termsite-requirements.txt"):
        assert f"termsite/scaffold/{shipped}" in names, shipped
    terms = installed / "terms"
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "kiyaku.txt").write_text(KIYAKU, encoding="utf-8")
    (clean / "privacy.md").write_text(PRIVACY, encoding="utf-8")

    _run(terms, "init", "acme-terms", "--publisher-ja", "株式会社例", "--publisher-en", "Example, Inc.",
         "--site-url", "https://terms.example.org/", cwd=clean)
    repo = clean / "acme-terms"
    # installed from a local wheel: nothing a workflow could install from, so the placeholder
    assert (repo / "termsite-requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == "TERMSITE_REQUIREMENT"
    assert (repo / ".github/workflows/publish.yml").is_file() and (repo / "schemas/version.schema.json").is_file()
    assert not (repo / "tools").exists() and not (repo / "templates").exists()
    _run(terms, "check", cwd=repo)
    _run(terms, "build", "--as-of", "2025-04-01", cwd=repo)
    assert "公開されている規約はまだありません。" in _hub(repo / "site", "ja")
    assert "No documents have been published yet." in _hub(repo / "site", "en")

    _run(terms, "new-document", "service-terms", "--original", "ja", "--numbering", "statute",
         "--title-ja", "サービス利用規約", "--title-en", "Service Terms", cwd=repo)
    _run(terms, "import", "../kiyaku.txt", "--document", "service-terms", "--effective", "2025-04-01", cwd=repo)
    _run(terms, "import", "../privacy.md", "--new-document", "--document", "privacy", "--original", "en",
         "--numbering", "decimal", "--title-ja", "プライバシーポリシー", "--title-en", "Privacy Policy",
         "--effective", "2025-04-01", cwd=repo)
    for path in ("terms/service-terms/document.yml", "terms/privacy/2025-04-01.yml"):
        first = (repo / path).read_text(encoding="utf-8").splitlines()[0]
        assert (repo / path).parent.joinpath(first.split("$schema=", 1)[1]).resolve().is_file(), first
    _run(terms, "check", cwd=repo)
    _run(terms, "build", "--drafts", "--as-of", "2025-04-01", cwd=repo)
    ja, en = _hub(repo / "site", "ja"), _hub(repo / "site", "en")
    assert 'href="service-terms/">サービス利用規約</a>' in ja and 'href="privacy/">プライバシーポリシー</a>' in ja
    assert 'href="service-terms/">Service Terms</a>' in en and "まだありません" not in ja
    page = (repo / "site/service-terms/2025-04-01/index.html").read_text(encoding="utf-8")
    assert "当社は、本規約を変更することがあります。" in re.sub(r"<[^>]+>", "", page)  # 当社: a defined term's link
    assert 'http-equiv="Content-Security-Policy"' in page  # the packaged theme overrides
    assert "We collect the information you give us" in (repo / "site/en/privacy/2025-04-01/index.html").read_text(
        encoding="utf-8")
