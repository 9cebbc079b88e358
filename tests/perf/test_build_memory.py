"""A rebuild links unchanged framed pages from the previous site and reuses search entries: the site
is the same bytes as a fresh build, whatever changed, and a page edited by hand is written again."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..site.helpers import DEMO, DEMO_AS_OF, build, make_repo, tree_digest

CHANGED = ("本約款は、本サービスに適用します。", "本約款は、本サービスの全部に適用します。")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", terms_from=DEMO)


def _build(repo: Path, site: Path) -> dict[str, str]:
    code, err = build(repo, site, as_of=DEMO_AS_OF, drafts=True)
    assert code == 0, err
    return tree_digest(site)


def _framed(site: Path) -> list[Path]:
    pages = sorted(site.glob("demo/*/changes/index.html")) + sorted(site.glob("notices/*/index.html"))
    assert pages
    return pages


def test_unchanged_framed_pages_are_the_previous_files(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = _build(repo, site)
    inodes = {p: p.stat().st_ino for p in _framed(site)}
    assert (repo / ".cache" / "termsite" / "framed.marshal").is_file()
    assert (repo / ".cache" / "termsite" / "search.marshal").is_file()
    assert _build(repo, site) == first
    assert {p: p.stat().st_ino for p in _framed(site)} == inodes


def test_a_changed_version_writes_its_document_again_and_equals_a_fresh_build(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(repo, site)
    inodes = {p: p.stat().st_ino for p in _framed(site)}
    version = repo / "terms" / "demo" / "2025-04-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace(*CHANGED), encoding="utf-8")
    again = _build(repo, site)
    assert any(p.stat().st_ino != inodes[p] for p in _framed(site))
    fresh_repo = make_repo(tmp_path / "fresh", terms_from=repo)
    assert _build(fresh_repo, tmp_path / "fresh-site") == again
    assert CHANGED[1] in (site / "demo" / "2025-04-01" / "index.html").read_text(encoding="utf-8")


def test_a_page_edited_in_the_previous_site_is_written_again(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = _build(repo, site)
    page = _framed(site)[0]
    page.write_text("edited by hand", encoding="utf-8")
    assert _build(repo, site) == first


def test_another_site_folder_links_nothing_from_the_first(repo: Path, tmp_path: Path) -> None:
    first = _build(repo, tmp_path / "one")
    inodes = {p.relative_to(tmp_path / "one"): p.stat().st_ino for p in _framed(tmp_path / "one")}
    assert _build(repo, tmp_path / "two") == first
    assert all((tmp_path / "two" / rel).stat().st_ino != ino for rel, ino in inodes.items())
