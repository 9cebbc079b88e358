"""The page cache: pages served from it are the bytes a full build makes, and a change reaches them."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from termsite.site import render_site
from termsite.source.load import load_corpus
from termsite.speed.page_cache import PageCache

from ..site.helpers import DEMO, DEMO_AS_OF, build, make_repo, override, tree_digest

CHANGED = ("本約款は、本サービスに適用します。", "本約款は、本サービスの全部に適用します。")


def _render(repo: Path, cache: PageCache | None) -> dict[str, str]:
    corpus, diags = load_corpus(repo)
    assert not [d for d in diags if d.is_error]
    site = render_site(corpus, DEMO_AS_OF, repo / "templates", drafts=True, cache=cache)
    return {p.url: p.html for p in site.pages}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", terms_from=DEMO)


def test_cached_pages_are_served_and_equal_fresh_ones(repo: Path, tmp_path: Path) -> None:
    fresh = _render(repo, None)
    first = PageCache(tmp_path / "cache")
    assert _render(repo, first) == fresh
    assert first.hits == 0 and first.used
    again = PageCache(tmp_path / "cache")
    assert _render(repo, again) == fresh
    assert again.hits == len(first.used) and again.misses == 0


def test_a_changed_version_a_changed_template_and_another_day_reach_the_cached_pages(
        repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _render(repo, PageCache(folder))
    _edit(repo / "terms" / "demo" / "2025-04-01.yml", *CHANGED)
    changed = PageCache(folder)
    pages = _render(repo, changed)
    assert pages == _render(repo, None)
    assert CHANGED[1] in pages["demo/2025-04-01/"] and "全部" in pages["demo/2025-04-01/changes/"]
    assert changed.misses > 0
    _edit(override(repo, "pages/version.j2"), "{{ v.notes(", "<!-- edited -->{{ v.notes(")
    assert "<!-- edited -->" in _render(repo, PageCache(folder))["en/demo/2024-01-01/"]
    corpus, _ = load_corpus(repo)
    later = render_site(corpus, DEMO_AS_OF.replace(year=2026), repo / "templates", cache=PageCache(folder))
    direct = render_site(corpus, DEMO_AS_OF.replace(year=2026), repo / "templates")
    assert later.pages == direct.pages


def test_unused_entries_are_pruned(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _render(repo, PageCache(folder))
    _edit(repo / "terms" / "demo" / "2025-04-01.yml", *CHANGED)
    cache = PageCache(folder)
    _render(repo, cache)
    on_disk = {p.name for p in folder.rglob("*") if p.is_file()}
    assert on_disk == cache.used


def test_a_corrupt_entry_is_rendered_again(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    fresh = _render(repo, PageCache(folder))
    for entry in folder.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not marshal data")
    assert _render(repo, PageCache(folder)) == fresh


def test_rebuild_after_one_version_changed_is_byte_identical_to_a_full_build(repo: Path, tmp_path: Path) -> None:
    code, err = build(repo, tmp_path / "first", as_of=DEMO_AS_OF)
    assert code == 0, err
    assert any((repo / ".cache" / "termsite" / "pages").rglob("*"))
    _edit(repo / "terms" / "demo" / "2025-04-01.yml", *CHANGED)
    code, err = build(repo, tmp_path / "rebuilt", as_of=DEMO_AS_OF)
    assert code == 0, err
    clean = make_repo(tmp_path / "clean", terms_from=repo)
    if (repo / "templates").exists():
        shutil.copytree(repo / "templates", clean / "templates")
    os.environ["TERMS_NO_CACHE"] = "1"
    try:
        code, err = build(clean, tmp_path / "full", as_of=DEMO_AS_OF)
    finally:
        del os.environ["TERMS_NO_CACHE"]
    assert code == 0, err
    assert not (clean / ".cache").exists()
    rebuilt, full = tree_digest(tmp_path / "rebuilt"), tree_digest(tmp_path / "full")
    assert rebuilt == full
    assert rebuilt != tree_digest(tmp_path / "first")


def _days(repo: Path) -> list[dt.date]:
    corpus, _ = load_corpus(repo)
    return sorted({d for doc in corpus.documents for v in doc.versions for d in (v.announced, v.effective) if d})


def test_a_later_day_on_which_nothing_happened_is_served_from_the_cache(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    corpus, _ = load_corpus(repo)
    templates = repo / "templates"
    event = min(d for d in _days(repo) if d > DEMO_AS_OF + dt.timedelta(days=1))
    quiet = event - dt.timedelta(days=1)
    render_site(corpus, DEMO_AS_OF, templates, cache=PageCache(folder))
    later = PageCache(folder)
    assert render_site(corpus, quiet, templates, cache=later).pages == render_site(corpus, quiet, templates).pages
    # every document's pages from the cache; the pages made from the whole site (the API says the day) made again
    assert later.hits == len(corpus.documents) and later.misses == 1
    on_the_day = PageCache(folder)
    assert render_site(corpus, event, templates, cache=on_the_day).pages == render_site(corpus, event, templates).pages
    assert on_the_day.misses > 0


def test_a_template_that_prints_the_day_is_rendered_every_day(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    template = override(repo, "pages/version.j2")
    template.write_text(template.read_text(encoding="utf-8") + "<p>{{ as_of }}</p>\n", encoding="utf-8")
    corpus, _ = load_corpus(repo)
    render_site(corpus, DEMO_AS_OF, repo / "templates", cache=PageCache(folder))
    next_day = DEMO_AS_OF + dt.timedelta(days=1)
    assert next_day not in _days(repo)
    site = render_site(corpus, next_day, repo / "templates", cache=PageCache(folder))
    assert f"<p>{next_day.isoformat()}</p>" in next(p.html for p in site.pages if p.kind == "version")


def test_a_rebuild_with_nothing_changed_makes_no_output(repo: Path, tmp_path: Path) -> None:
    corpus, _ = load_corpus(repo)
    asked: list[int] = []

    def counting(fn, items):  # type: ignore[no-untyped-def]
        asked.append(len(items))
        return map(fn, items)

    folder = tmp_path / "cache"
    render_site(corpus, DEMO_AS_OF, repo / "templates", cache=PageCache(folder), map=counting)
    assert asked and asked[0] > 0
    asked.clear()
    again = PageCache(folder)
    render_site(corpus, DEMO_AS_OF, repo / "templates", cache=again, map=counting)
    assert asked == [0] and again.misses == 0
