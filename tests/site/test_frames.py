"""Pages written into Material's frame are the pages MkDocs would have built.

The real site and the demo site (drafts included, so every state and every kind of page is there) are
built twice: with frames (the default) and with ``frames: false``, where MkDocs builds every page.
Every HTML file must be the same once relative links are read as the paths they point to (a frame
writes ``../../hosting/`` where MkDocs shortens a link to ``../``); the sitemap, the search index and
the set of files must be the same too.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from termsite.adapters.mkdocs.site_folder import STAMP, STAMP_TEXT

from .helpers import DEMO, DEMO_AS_OF, Html, build, make_repo, override

_LINK = re.compile(r'\b(href|src)="([^"#:]*)(#[^"]*)?"')


def _absolute_links(text: str, rel: str) -> str:
    """``text`` with every relative link written from the site root."""
    base = "/" + posixpath.dirname(rel)

    def fix(m: re.Match[str]) -> str:
        target, fragment = m.group(2), m.group(3) or ""
        if target.startswith("/"):
            return m.group(0)
        path = posixpath.normpath(posixpath.join(base, target)) if target else "/" + rel
        if target.endswith("/") or target in ("", ".", "./"):
            path = path.rstrip("/") + "/"
        return f'{m.group(1)}="{path}{fragment}"'

    return _LINK.sub(fix, text)


def _without_frames(repo: Path) -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - terms\n" in text
    config.write_text(text.replace("\n  - terms\n", "\n  - terms:\n      frames: false\n"), encoding="utf-8")


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _search_entries(site: Path) -> list[str]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return sorted(json.dumps(d, sort_keys=True, ensure_ascii=False) for d in docs)


def _plain_text_that_looks_like_markup(repo: Path) -> None:
    """Titles and a site name holding every character HTML escapes, as legal text may."""
    for rel, old, new in (("terms/demo/document.yml", "en: Demo Terms}", """en: "R&D \\"Demo\\" 'Terms' a < b > c"}"""),
                          ("site_config/site.yml", "  en: Test Terms\n", "  en: \"Tests & 'Terms' \\\"x\\\" a < b\"\n")):
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module", params=["real", "demo", "marks"])
def both_ways(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same repository built with frames and without."""
    folder = tmp_path_factory.mktemp(f"frames-{request.param}")
    kwargs = {"terms_from": DEMO} if request.param != "real" else {}
    as_of = {"as_of": DEMO_AS_OF} if request.param != "real" else {}
    framed_repo = make_repo(folder / "framed", **kwargs)
    plain_repo = make_repo(folder / "plain", **kwargs)
    if request.param == "marks":
        _plain_text_that_looks_like_markup(framed_repo)
        _plain_text_that_looks_like_markup(plain_repo)
    _without_frames(plain_repo)
    sites = []
    for repo in (framed_repo, plain_repo):
        site = repo.parent / f"{repo.name}-site"
        code, err = build(repo, site, drafts=True, **as_of)
        assert code == 0, err
        sites.append(site)
    return sites[0], sites[1]


def test_framed_pages_are_the_pages_mkdocs_builds(both_ways: tuple[Path, Path]) -> None:
    framed, plain = both_ways
    assert _files(framed) == _files(plain)
    pages = sorted(f for f in _files(framed) if f.endswith(".html"))
    kinds = {re.sub(r"\d{4}-\d{2}-\d{2}", "D", p) for p in pages}
    assert any("/D/changes/" in k for k in kinds) and any(k.startswith("notices/") for k in kinds)
    different = [p for p in pages
                 if _absolute_links((framed / p).read_text(encoding="utf-8"), p)
                 != _absolute_links((plain / p).read_text(encoding="utf-8"), p)]
    assert not different, f"{len(different)} of {len(pages)} pages differ, e.g. {different[:3]}"


def test_framed_pages_keep_the_sitemap_and_the_search_index(both_ways: tuple[Path, Path]) -> None:
    framed, plain = both_ways
    assert (framed / "sitemap.xml").read_bytes() == (plain / "sitemap.xml").read_bytes()
    assert (framed / "sitemap.xml.gz").read_bytes() == (plain / "sitemap.xml.gz").read_bytes()
    assert _search_entries(framed) == _search_entries(plain)


def test_framed_pages_are_most_of_the_site_and_mkdocs_builds_the_navigation(both_ways: tuple[Path, Path]) -> None:
    framed, _ = both_ways
    repo = framed.parent / "framed"
    sources = {p.relative_to(repo / "docs_generated").as_posix()
               for p in (repo / "docs_generated").rglob("index.md")}
    assert "ja/index.md" in sources and "en/index.md" in sources
    # no past version, comparison or notice goes through MkDocs
    assert not [s for s in sources if re.search(r"/\d{4}-\d{2}-\d{2}/|notices/[^/]+/", s)]


def test_a_framed_page_links_its_language_switch_to_the_same_page(both_ways: tuple[Path, Path]) -> None:
    framed, _ = both_ways
    page = next(p for p in sorted(framed.glob("*/*/changes/index.html")))
    rel = page.relative_to(framed).as_posix()
    links = {a.get("hreflang"): a.get("href") for tag, a in Html(page.read_text(encoding="utf-8")).tags
             if tag == "a" and "md-select__link" in (a.get("class") or "")}
    assert links == {"ja": "./", "en": "../../../en/" + rel.removesuffix("index.html")}


def test_a_theme_the_frame_cannot_fill_stops_the_build_and_says_what_to_do(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    main = override(repo, "theme/main.html")
    main.write_text(main.read_text(encoding="utf-8") + '{% block footer %}{{ page.content }}{% endblock %}\n',
                    encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("the previous site", encoding="utf-8")
    (site / STAMP).write_text(STAMP_TEXT, encoding="utf-8")  # a previous output of a build
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    assert code == 1
    assert "shows the content 2 times instead of once" in err and "frames: false" in err
    assert "Traceback" not in err
    assert _files(site) == {"old.html", STAMP}


def test_titles_are_escaped_in_framed_pages(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    meta = repo / "terms" / "demo" / "document.yml"
    text = meta.read_text(encoding="utf-8")
    assert "title: {ja: " in text
    meta.write_text(text.replace("title: {ja: ", "title: {ja: R&D "), encoding="utf-8")
    site = tmp_path / "site"
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    assert code == 0, err
    page = next(site.glob("demo/*/changes/index.html")).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*)</title>", page)
    assert title is not None and title.group(1).startswith("R&amp;D ")
    assert "R&D" not in page.replace("R&amp;D", "")


def test_pages_written_on_several_processes_are_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from termsite.speed import pool

    from .helpers import tree_digest

    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    monkeypatch.setenv("TERMS_NO_CACHE", "1")
    monkeypatch.setenv("TERMS_WORKERS", "1")  # the search plugin indexes MkDocs' pages as it builds them
    code, err = build(repo, tmp_path / "one", as_of=DEMO_AS_OF, drafts=True)
    assert code == 0, err
    monkeypatch.setattr(pool, "MIN_OUTPUTS", 2)  # through the CLI: the one policy's number, lowered
    monkeypatch.setenv("TERMS_WORKERS", "3")  # every page indexed by the plugin, on forked workers
    code, err = build(repo, tmp_path / "many", as_of=DEMO_AS_OF, drafts=True)
    assert code == 0, err
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "many")
