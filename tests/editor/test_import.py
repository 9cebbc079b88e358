"""`terms import`: the seed 約款 round trip, the text forms it reads (golden cases), and bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from termsite.model.terms import Item, Paragraph, Version
from termsite.source.parse import load_version_text
from termsite.source.repository import load_corpus

from .conftest import REPO, SEED, copy_terms, files

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the seed texts (../shared/seeds) are not beside the repo")


def _items(items: tuple[Item, ...]) -> list[Any]:
    return [(it.text.ja if it.text else None, it.items_style if it.items else None, _items(it.items),
             [d.ja for d in it.detail]) for it in items]


def _paragraphs(paras: tuple[Paragraph, ...]) -> list[Any]:
    out = []
    for p in paras:
        table = None
        if p.table is not None:
            table = ([c.ja for c in p.table.header], [[c.ja for c in row] for row in p.table.rows])
        out.append((p.text.ja if p.text else None, p.items_style if p.items else None, _items(p.items), table))
    return out


def _japanese(version: Version) -> dict[str, Any]:
    """What the round trip compares: the Japanese text and the structure, not ids, English or dates."""
    return {
        "preamble": [t.ja for t in version.preamble],
        "chapters": [(c.title.ja, len(c.articles)) for c in version.chapters],
        "supplementary": [(s.title.ja, s.caption.ja if s.caption else None, _paragraphs(s.paragraphs))
                          for s in version.supplementary],
        "appendices": [(a.label.ja if a.label else None, a.title.ja, _paragraphs(a.paragraphs))
                       for a in version.appendices],
    }


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Version, str]:
    """The seed imported into a repository whose 約款 has no version yet (so no id is reused)."""
    from termsite.adapters.cli.main import main

    root = copy_terms(tmp_path_factory.mktemp("seed"), ("cloud-resale",))
    for f in (root / "terms" / "cloud-resale").glob("[0-9]*.yml"):
        f.unlink()
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(root), "import", str(SEED), "--document", "cloud-resale", "--effective",
                     "2024-01-01"])
    assert code == 0, err.getvalue()
    written = root / "terms" / "cloud-resale" / "2024-01-01.yml"
    version, diags = load_version_text(written.read_text(encoding="utf-8"), "imported", "cloud-resale")
    assert version is not None, [d.as_text() for d in diags]
    return version, err.getvalue()


@pytest.fixture(scope="module")
def shipped_version() -> Version:
    corpus, _ = load_corpus(REPO)
    doc = corpus.document("cloud-resale")
    assert doc is not None
    version = doc.version("2024-01-01")
    assert version is not None
    return version


def test_seed_round_trip_article_by_article(seed_import: tuple[Version, str], shipped_version: Version) -> None:
    imported, _ = seed_import
    assert len(imported.articles) == len(shipped_version.articles) == 39
    for mine, shipped in zip(imported.articles, shipped_version.articles, strict=True):
        assert (mine.title.ja if mine.title else None) == (shipped.title.ja if shipped.title else None)
        assert mine.number == shipped.number, shipped.id
        assert _paragraphs(mine.paragraphs) == _paragraphs(shipped.paragraphs), shipped.id
    assert _japanese(imported) == _japanese(shipped_version)
    # the import fills Japanese only: English is left absent (a draft warns), never invented
    assert all(a.title is None or a.title.en is None for a in imported.articles)
    assert imported.status == "draft" and imported.announced is None


def test_seed_duplicate_article_20_keeps_its_printed_number(seed_import: tuple[Version, str]) -> None:
    imported, err = seed_import
    second = imported.articles[20]
    assert second.title is not None and second.title.ja == "本サービスの廃止"
    assert second.number == 20
    assert "001_6b1d57a0bb71ffd6.txt:378:1: warning TERMS052: 第20条 appears twice" in err


def test_seed_noise_and_defects_are_reported_with_line_numbers(seed_import: tuple[Version, str]) -> None:
    _, err = seed_import
    name = SEED.name
    # the table of contents omits 第18条: only the importer can see that
    assert f"{name}:324:1: warning TERMS051: 第18条（返金） (line 324) is not in the table of contents" in err
    for line, text in ((2, "クラウドリセールサービス約款"), (4, "株式会社クララオンライン"), (6, "2024年1月1日")):
        assert f"{name}:{line}:1: warning TERMS050: '{text}' before the first heading" in err
    assert "dropped as layout noise: the table of contents (lines 10–69); page numbers (lines 71, 133)" in err
    assert "new id(s) named from their numbers (chapter-1, article-1, amendment, article-3" in err
    assert "meaningful English slugs" in err


def test_seed_import_passes_terms_check_but_for_the_seeds_own_defects(seed_import: tuple[Version, str]) -> None:
    imported, err = seed_import
    # ids are article-N, except the change clause, named as document.yml expects
    assert imported.articles[0].id == "article-1" and imported.articles[1].id == "amendment"
    assert "was given the id 'amendment'" in err
    # the draft passes every structural check; the two references that do not resolve in the
    # published text itself (本項第4号 in 第14条第2項, 前項各号 in 第19条第3項) are errors in a draft
    errors = [line for line in err.splitlines() if " error " in line]
    assert len(errors) == 2 and all("TERMS020" in e for e in errors)
    assert "本項第4号" in errors[0] and "前項各号" in errors[1]


def test_seed_import_reuses_the_ids_of_the_latest_version(shipped: Path, terms) -> None:  # type: ignore[no-untyped-def]
    run = terms("--root", shipped, "import", SEED, "--document", "cloud-resale", "--effective", "2024-01-01",
                "--output", "-")
    assert run.code == 0, run.err
    version, _ = load_version_text(run.out, "imported", "cloud-resale")
    corpus, _ = load_corpus(shipped)
    doc = corpus.document("cloud-resale")
    assert version is not None and doc is not None
    latest = doc.versions[-1]
    shared = {a.title.ja for a in latest.articles if a.title} & {a.title.ja for a in version.articles if a.title}
    assert shared
    by_title = {a.title.ja: a.id for a in latest.articles if a.title}
    assert all(by_title[a.title.ja] == a.id for a in version.articles if a.title and a.title.ja in shared)


def test_import_is_deterministic(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    root = copy_terms(tmp_path, ("cloud-resale",))
    first = terms("--root", root, "import", SEED, "--document", "cloud-resale", "--effective", "2030-01-01",
                  "--output", "-")
    second = terms("--root", root, "import", SEED, "--document", "cloud-resale", "--effective", "2030-01-01",
                   "--output", "-")
    assert first.code == 0 and first.out == second.out and first.err == second.err


# --- bad input: a clear message, a non-zero exit, nothing written ------------------------------------------


def test_import_writes_the_version_file_then_refuses_a_clash(tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    root = copy_terms(tmp_path, ("cancellation-policy",))
    md = tmp_path / "policy.md"
    md.write_text("# Policy\n\n## Cancellation\n\nPlans renew until cancelled.\n", encoding="utf-8")
    run = terms("--root", root, "import", md, "--document", "cancellation-policy", "--effective", "2030-01-01")
    assert run.code == 0, run.err
    written = root / "terms" / "cancellation-policy" / "2030-01-01.yml"
    assert "created terms/cancellation-policy/2030-01-01.yml (draft)" in run.err and written.is_file()
    # the new version reuses the id of the same-titled article of the latest version
    version, _ = load_version_text(written.read_text(encoding="utf-8"), "x", "cancellation-policy")
    assert version is not None and [a.id for a in version.articles] == ["article-1"]
    before = files(root)
    again = terms("--root", root, "import", md, "--document", "cancellation-policy", "--effective", "2030-01-01")
    assert again.code == 2 and "already exists" in again.err
    assert files(root) == before


@pytest.mark.parametrize(("content", "code", "message"), [
    (b"Hello, this is a shopping list.\nMilk\nBread\n", 1, "no articles found, so this does not look like terms"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not UTF-8"),
    ("第1条（目的）\n本規約は…\n".encode("cp932"), 1, "not UTF-8"),
    (b"", 1, "file is empty"),
])
def test_a_file_that_is_not_terms(tmp_path: Path, terms, content: bytes, code: int,  # type: ignore[no-untyped-def]
                                  message: str) -> None:
    root = copy_terms(tmp_path / "repo", ("cloud-resale",))
    source = tmp_path / "input.txt"
    source.write_bytes(content)
    before = files(root)
    run = terms("--root", root, "import", source, "--document", "cloud-resale", "--effective", "2030-01-01")
    assert run.code == code and message in run.err and "nothing was written" in run.err
    assert "Traceback" not in run.err
    assert files(root) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--document", "nope", "--effective", "2030-01-01"], "unknown document 'nope'"),
    (["--document", "cloud-resale", "--effective", "2024-01-01"], "2024-01-01.yml already exists"),
    (["--document", "cloud-resale", "--effective", "2030-13-01"], "is not a date written YYYY-MM-DD"),
    (["--document", "cloud-resale", "--effective", "2030-01-01", "--lang", "fr"], "invalid choice: 'fr'"),
])
def test_bad_command_lines(shipped: Path, terms, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = files(shipped)
    run = terms("--root", shipped, "import", SEED, *args)
    assert run.code == 2 and message in run.err
    assert files(shipped) == before


def test_missing_input_file_and_existing_output(shipped: Path, tmp_path: Path, terms) -> None:  # type: ignore[no-untyped-def]
    before = files(shipped)
    run = terms("--root", shipped, "import", tmp_path / "nowhere.txt", "--document", "cloud-resale",
                "--effective", "2030-01-01")
    assert run.code == 1 and "no such file" in run.err
    taken = tmp_path / "taken.yml"
    taken.write_text("keep me", encoding="utf-8")
    run = terms("--root", shipped, "import", SEED, "--document", "cloud-resale", "--effective", "2030-01-01",
                "--output", taken)
    assert run.code == 2 and "already exists" in run.err and taken.read_text(encoding="utf-8") == "keep me"
    assert files(shipped) == before
