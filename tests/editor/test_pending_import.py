"""The commands that create documents and versions keep a translation pending or absent where natural:
`new-document --single-language`, `import --translation-pending`, and `new-version`, which copies the flag."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import Run, files
from .test_init import INIT, KIYAKU, PRIVACY


@pytest.fixture
def new_repo(tmp_path: Path, terms) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "acme-terms"
    run: Run = terms("init", root, *INIT)
    assert run.code == 0, run.err
    return root


def _codes(run: Run) -> set[str]:
    return {ln.split()[2].rstrip(":") for ln in run.err.splitlines() if ": warning " in ln or ": error " in ln}


def test_an_english_only_document_from_new_document_to_a_clean_check(new_repo: Path, terms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "policy.md").write_text(PRIVACY, encoding="utf-8")
    made = terms("--root", new_repo, "new-document", "export-policy", "--original", "en", "--numbering", "decimal",
                 "--title-en", "Export Policy", "--single-language")
    assert made.code == 0, made.err
    doc = yaml.safe_load((new_repo / "terms/export-policy/document.yml").read_text(encoding="utf-8"))
    assert doc["single_language"] is True and doc["title"] == {"en": "Export Policy"}
    imported = terms("--root", new_repo, "import", tmp_path / "policy.md", "--document", "export-policy",
                     "--effective", "2025-04-01")
    assert imported.code == 0, imported.err
    check = terms("--root", new_repo, "check", "--as-of", "2025-04-01")
    assert check.code == 0, check.err
    assert "TERMS014" not in check.err and "TERMS083" not in check.err  # nothing asks for a translation
    # a title in one language is enough only for a one-language document
    missing = terms("--root", new_repo, "new-document", "other", "--original", "en", "--numbering", "decimal",
                    "--title-en", "Other")
    assert missing.code == 2 and "a new document needs --title-ja" in missing.err


def test_an_import_of_the_original_may_declare_its_translation_pending(new_repo: Path, terms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "kiyaku.txt").write_text(KIYAKU, encoding="utf-8")
    imported = terms("--root", new_repo, "import", tmp_path / "kiyaku.txt", "--new-document", "--document",
                     "service-terms", "--original", "ja", "--numbering", "statute", "--title-ja", "サービス利用規約",
                     "--title-en", "Service Terms", "--effective", "2025-04-01", "--translation-pending")
    assert imported.code == 0, imported.err
    text = (new_repo / "terms/service-terms/2025-04-01.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["translation_pending"] is True and list(data)[:4] == ["effective", "status", "note",
                                                                      "translation_pending"]
    check = terms("--root", new_repo, "check", "--as-of", "2025-04-01")
    assert check.code == 0, check.err
    assert _codes(check) == {"TERMS083"}  # each text still to translate, never TERMS014
    # `new-version` copies the flag with the untranslated text
    copied = terms("--root", new_repo, "new-version", "service-terms", "--effective", "2025-10-01")
    assert copied.code == 0, copied.err
    assert yaml.safe_load((new_repo / "terms/service-terms/2025-10-01.yml").read_text(encoding="utf-8"))[
        "translation_pending"] is True


def test_translation_pending_is_refused_for_a_translation_or_a_one_language_document(new_repo: Path, terms,  # type: ignore[no-untyped-def]
                                                                                     tmp_path: Path) -> None:
    (tmp_path / "kiyaku.txt").write_text(KIYAKU, encoding="utf-8")
    assert terms("--root", new_repo, "new-document", "service-terms", "--original", "en", "--numbering", "statute",
                 "--title-ja", "サービス利用規約", "--title-en", "Service Terms").code == 0
    assert terms("--root", new_repo, "new-document", "ja-only", "--original", "ja", "--numbering", "statute",
                 "--title-ja", "日本語だけの規約", "--single-language").code == 0
    before = files(new_repo)
    translation = terms("--root", new_repo, "import", tmp_path / "kiyaku.txt", "--document", "service-terms",
                        "--lang", "ja", "--effective", "2025-04-01", "--translation-pending")
    assert translation.code == 1 and "this text is the translation (ja; the original is en)" in translation.err
    single = terms("--root", new_repo, "import", tmp_path / "kiyaku.txt", "--document", "ja-only",
                   "--effective", "2025-04-01", "--translation-pending")
    assert single.code == 1 and "ja-only exists only in ja (single_language)" in single.err
    stray = terms("--root", new_repo, "import", tmp_path / "kiyaku.txt", "--document", "ja-only",
                  "--effective", "2025-04-01", "--single-language")
    assert stray.code == 2 and "--single-language describes a new document" in stray.err
    assert files(new_repo) == before
