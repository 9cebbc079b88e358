"""The reader's history tools (issue 12, parts 3 and 4): each version compared with the version in force
and the upcoming one, the picker of two versions, the version in force on a date and the history of
each article; checked on the core renderer's pages and on real builds by their HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from termsite.compare.compare import compare
from termsite.compare.html import render_comparison_html
from termsite.model.terms import Corpus
from termsite.site import Site, render_site
from termsite.site.env import make_environment
from termsite.source.load import load_corpus
from termsite.speed.page_cache import PageCache

from .helpers import DEFAULTS, DEMO, DEMO_AS_OF, tree_digest

TEMPLATES = DEFAULTS
PAIR = "demo/2024-01-01/changes/2025-09-01/"


def _corpus(root: Path = DEMO) -> Corpus:
    found, diags = load_corpus(root)
    assert not [d for d in diags if d.is_error], [d.as_text() for d in diags]
    return found


def _site(as_of: dt.date = DEMO_AS_OF, drafts: bool = False, root: Path = DEMO) -> Site:
    return render_site(_corpus(root), as_of, TEMPLATES, drafts=drafts)


def _html(site: Site, lang: str, path: str) -> str:
    page = site.page(lang, path)  # type: ignore[arg-type]
    assert page is not None, f"no page {lang}:{path}"
    return page.html


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def _everything(site: Site) -> str:
    return "\n".join([p.url + "\n" + p.html for p in site.pages]
                     + [f.path + "\n" + f.content.decode("utf-8", "replace") for f in site.files])


# -- comparisons with the version in force and the upcoming one --------------------------------------


def test_each_superseded_version_is_compared_with_the_version_in_force_and_the_upcoming_one() -> None:
    site = _site()
    ja = [p.path for p in site.pages if p.lang == "ja" and "/changes/" in p.path]
    # consecutive comparisons stay where they were; the one new pair is 2024-01-01 against the upcoming
    # 2025-09-01 (2024-01-01 against the version in force, 2025-04-01, is the consecutive one)
    assert sorted(ja) == ["demo/2024-01-01/changes/2025-09-01/", "demo/2025-04-01/changes/",
                          "demo/2025-09-01/changes/"]
    assert site.page("en", PAIR) is not None
    # the superseded version's page links to both comparisons, and so does its history row
    old = _html(site, "ja", "demo/2024-01-01/")
    assert '<a href="../2025-04-01/changes/">現行版と比較</a>' in old
    assert '<a href="changes/2025-09-01/">2025年9月1日施行予定の版と比較</a>' in old
    row = _html(site, "en", "demo/history/").split('data-terms-version="2024-01-01"')[1].split("</tr>")[0]
    assert '<a href="../2025-04-01/changes/">Compare with the version in force</a>' in row
    assert '<a href="../2024-01-01/changes/2025-09-01/">Compare with the version effective September 1, 2025</a>' in row
    # the version in force is compared with the upcoming one (the consecutive comparison)
    current = _html(site, "ja", "demo/history/").split('data-terms-version="2025-04-01"')[1].split("</tr>")[0]
    assert '<a href="../2025-09-01/changes/">2025年9月1日施行予定の版と比較</a>' in current


def test_a_pair_page_is_the_one_comparison_engine_in_both_directions_of_its_columns() -> None:
    corpus = _corpus()
    doc = corpus.documents[0]
    v = {x.key: x for x in doc.versions}
    site = render_site(corpus, DEMO_AS_OF, TEMPLATES)
    for lang in ("ja", "en"):
        html = _html(site, lang, PAIR)
        result = compare(doc, v["2024-01-01"], v["2025-09-01"])
        fragment = render_comparison_html(doc, result, lang, corpus.config.comparison_order, heading_level=3,
                                          env=make_environment(TEMPLATES),
                                          links={"new": "../../../2025-09-01/", "old": "../../"})
        assert fragment.split(">", 1)[1] in html  # the fragment as the comparison engine writes it
        # the old column holds the earlier text, the new column the later one: never the other way
        assert "本約款は、初版の本サービスに適用します。" in result.units[0].rows[0].text.ja.old
        assert "本約款は、当社の本サービスに適用します。" in result.units[0].rows[0].text.ja.new
    ja = _html(site, "ja", PAIR)
    assert "2024年1月1日施行の版を、2025年9月1日施行の版（施行予定）と比べたものです。" in ja
    # the versions in between, each with its own comparison
    between = ja.split('id="between"')[1].split("</ol>")[0]
    assert '2025年4月1日施行' in between and '2025年9月1日施行' in between and "2024年1月1日施行" not in between
    assert 'href="../../../2025-04-01/changes/"' in between and 'href="../../../2025-09-01/changes/"' in between
    # every link of the page leads to a page of the site
    for href in _hrefs(ja):
        if href.startswith(("http", "#", "mailto")) or href.endswith((".css", ".js")):
            continue
        target = (Path("/" + PAIR) / href.split("#")[0]).resolve()
        path = str(target).lstrip("/") + "/" if str(target) != "/" else ""
        assert site.page("ja", path) is not None, href


def test_the_picker_lists_every_prebuilt_pair_and_nothing_else() -> None:
    site = _site()
    for lang in ("ja", "en"):
        html = _html(site, lang, "demo/history/")
        pairs = re.findall(r'<a href="([^"]+)" data-terms-pair-old="([^"]+)" data-terms-pair-new="([^"]+)">', html)
        assert sorted(pairs) == sorted([
            ("../2024-01-01/changes/2025-09-01/", "2024-01-01", "2025-09-01"),
            ("../2025-04-01/changes/", "2024-01-01", "2025-04-01"),
            ("../2025-09-01/changes/", "2025-04-01", "2025-09-01"),
        ])
        form = html.split("data-terms-compare")[1].split("</form>")[0]
        assert re.findall(r'<option value="([^"]+)"', form) == ["2025-04-01", "2024-01-01",
                                                                "2025-09-01", "2025-04-01"]
        assert " hidden>" in html.split("<form class=\"terms-compare__form\"")[1][:40]  # shown by the script


def test_the_day_the_upcoming_version_takes_effect_the_pairs_follow() -> None:
    site = _site(dt.date(2025, 9, 1))
    ja = sorted(p.path for p in site.pages if p.lang == "ja" and "/changes/" in p.path)
    # 2025-09-01 is in force, 2025-12-01 (announced 2025-07-01) upcoming: each earlier version against both
    assert ja == ["demo/2024-01-01/changes/2025-09-01/", "demo/2024-01-01/changes/2025-12-01/",
                  "demo/2025-04-01/changes/", "demo/2025-04-01/changes/2025-12-01/",
                  "demo/2025-09-01/changes/", "demo/2025-12-01/changes/"]
    old = _html(site, "ja", "demo/2024-01-01/")
    assert '<a href="changes/2025-09-01/">現行版と比較</a>' in old
    assert '<a href="changes/2025-12-01/">2025年12月1日施行予定の版と比較</a>' in old
    assert 'data-terms-state="current"' in _html(site, "ja", PAIR)


def test_an_unannounced_version_has_no_page_no_pair_no_date_no_article_history() -> None:
    # the day before 2025-09-01 is announced, and 2025-12-01 (announced only on 2025-07-01) on the demo day
    for day, hidden in ((dt.date(2025, 5, 19), ("2025-09-01", "2025年9月1日", "September 1, 2025")),
                        (DEMO_AS_OF, ("2025-12-01", "2025年12月1日", "December 1, 2025", "エンバーゴ"))):
        site = _site(day)
        everything = _everything(site)
        for word in hidden:
            assert word not in everything, (day, word)
    site = _site(dt.date(2025, 5, 19))
    assert [p.path for p in site.pages if p.lang == "ja" and "/changes/" in p.path] == ["demo/2025-04-01/changes/"]


def test_drafts_only_with_drafts() -> None:
    public, preview = _site(), _site(drafts=True)
    assert "2026-01-01" not in _everything(public)
    assert preview.page("ja", "demo/2026-01-01/changes/") is not None
    # a draft is compared with the version before it only, and is never in force on a date
    assert not [p.path for p in preview.pages if "changes/2026-01-01" in p.path]
    data = json.loads(next(f.content for f in preview.files if f.path == "demo/on/versions.json"))
    assert [v["effective"] for v in data["versions"]] == ["2024-01-01", "2025-04-01", "2025-09-01"]
    articles = _html(preview, "ja", "demo/history/articles/")
    assert 'data-terms-version="2026-01-01"' in articles and "下書き" in articles


# -- the version in force on a date --------------------------------------------------------------------


def test_the_dates_of_the_versions_and_their_periods_of_force() -> None:
    site = _site()
    data = json.loads(next(f.content for f in site.files if f.path == "demo/on/versions.json"))
    assert data == {"document": "demo", "timezone": "Asia/Tokyo", "versions": [
        {"effective": "2024-01-01", "until": "2025-03-31", "state": "superseded"},
        {"effective": "2025-04-01", "until": "2025-08-31", "state": "current"},
        {"effective": "2025-09-01", "until": None, "state": "upcoming"},
    ]}
    ja = _html(site, "ja", "demo/on/")
    assert 'data-terms-on-data="versions.json" data-terms-on-base="../"' in ja
    assert "2024年1月1日から2025年3月31日まで" in ja and "2025年9月1日から" in ja
    assert "最初の版は2024年1月1日施行です。" in ja
    en = _html(site, "en", "demo/on/")
    assert 'data-terms-on-data="../../../demo/on/versions.json" data-terms-on-base="../"' in en
    assert "From April 1, 2025 to August 31, 2025" in en
    history = _html(site, "en", "demo/history/")
    assert '<form class="terms-on__form" action="../on/" method="get">' in history


# -- the history of each article -----------------------------------------------------------------------


def test_every_article_links_to_its_row_and_each_row_to_the_comparisons() -> None:
    site = _site()
    current = _html(site, "ja", "demo/")
    links = re.findall(r'<a class="terms-history-link" href="([^"]+)" aria-label="([^"]+)">改定履歴</a>', current)
    assert links == [("history/articles/#a-purpose", "第1条（目的）の改定履歴"),
                     ("history/articles/#a-fees", "第2条（料金）の改定履歴"),
                     ("history/articles/#a-amendment", "第3条（変更）の改定履歴")]
    articles = _html(site, "en", "demo/history/articles/")
    rows = dict(re.findall(r'<tr id="([^"]+)"[^>]*>\n<th scope="row">([^<]+)</th>', articles))
    assert rows == {"a-purpose": "Article 1 (Purpose)", "a-fees": "Article 2 (Fees)",
                    "a-amendment": "Article 3 (Amendment)"}
    amendment = articles.split('id="a-amendment"')[1].split("</tr>")[0]
    assert re.findall(r'<li data-terms-version="([^"]+)"><a href="([^"]+)">', amendment) == [
        ("2024-01-01", "../../2024-01-01/#amendment"),
        ("2025-04-01", "../../2025-04-01/changes/#change-amendment"),
        ("2025-09-01", "../../2025-09-01/changes/#change-amendment")]
    assert "changed</span>, <span class=\"terms-event terms-event--renumbered\">renumbered" in amendment
    fees = articles.split('id="a-fees"')[1].split("</tr>")[0]
    assert "terms-event--added" in fees and "terms-event--first" not in fees
    # the anchors the comparison links name exist on the comparison page
    assert 'id="change-amendment"' in _html(site, "en", "demo/2025-04-01/changes/")


def _renamed_repo(tmp: Path) -> Path:
    """The demo with the fees article given another id in 2025-09-01 (same title and text as in
    2025-04-01) and deleted in 2025-12-01: paired by its content, it keeps its history."""
    root = tmp / "renamed"
    shutil.copytree(DEMO, root)
    path = root / "terms" / "demo" / "2025-09-01.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: fees")
    end = text.index("  - id: amendment")
    fees = (root / "terms" / "demo" / "2025-04-01.yml").read_text(encoding="utf-8")
    block = fees[fees.index("  - id: fees"):fees.index("  - id: amendment")].replace("id: fees", "id: charges")
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return root


def test_an_article_paired_by_content_under_a_new_id_keeps_its_history(tmp_path: Path) -> None:
    root = _renamed_repo(tmp_path)
    site = _site(dt.date(2025, 7, 1), root=root)
    articles = _html(site, "ja", "demo/history/articles/")
    assert 'id="a-fees"' not in articles
    row = articles.split('id="a-charges"')[1].split("</tr>")[0]
    # one row from its addition (2025-04-01, id fees) to its deletion (2025-12-01, id charges)
    assert re.findall(r'data-terms-version="([^"]+)"', row) == ["2025-04-01", "2025-12-01"]
    assert "terms-event--added" in row and "terms-event--deleted" in row and "（削除）" in articles
    # the article of each version links to that one row, whatever id the version gives it
    assert 'href="../history/articles/#a-charges"' in _html(site, "ja", "demo/2025-04-01/")
    assert 'href="../history/articles/#a-charges"' in _html(site, "ja", "demo/2025-09-01/")


# -- the page cache ------------------------------------------------------------------------------------


def test_the_cached_rebuild_is_the_same_and_a_new_day_renders_what_changed(tmp_path: Path) -> None:
    corpus = _corpus()
    cache = PageCache(tmp_path / "pages")
    first = render_site(corpus, DEMO_AS_OF, TEMPLATES, cache=cache)
    again = render_site(corpus, DEMO_AS_OF, TEMPLATES, cache=PageCache(tmp_path / "pages"))
    assert [(p.url, p.html) for p in first.pages] == [(p.url, p.html) for p in again.pages]
    assert [(f.path, f.content) for f in first.files] == [(f.path, f.content) for f in again.files]
    # the day 2025-09-01 takes effect: the pair and the dates are made again, as a full build makes them
    later = render_site(corpus, dt.date(2025, 9, 1), TEMPLATES, cache=PageCache(tmp_path / "pages"))
    fresh = render_site(corpus, dt.date(2025, 9, 1), TEMPLATES)
    assert [(p.url, p.html) for p in later.pages] == [(p.url, p.html) for p in fresh.pages]
    assert _html(later, "ja", PAIR) != _html(first, "ja", PAIR)


# -- real builds ---------------------------------------------------------------------------------------


def test_the_built_site_has_the_pages_and_their_links(demo_site: Path, demo_preview: Path) -> None:
    for lang_root in ("", "en/"):
        site = demo_site / lang_root
        assert (site / PAIR / "index.html").is_file()
        assert (site / "demo/history/articles/index.html").is_file()
        assert (site / "demo/on/index.html").is_file()
        history = (site / "demo/history/index.html").read_text(encoding="utf-8")
        assert 'href="../2024-01-01/changes/2025-09-01/"' in history and 'href="articles/"' in history
        assert not (site / "demo/2026-01-01").exists() and not (site / "demo/2025-12-01").exists()
        assert (demo_preview / lang_root / "demo/2026-01-01/changes/index.html").is_file()
    assert json.loads((demo_site / "demo/on/versions.json").read_text(encoding="utf-8"))["versions"][0] == {
        "effective": "2024-01-01", "until": "2025-03-31", "state": "superseded"}
    assert not (demo_site / "en/demo/on/versions.json").exists()
    script = (demo_site / "assets/terms/history.js").read_text(encoding="utf-8")
    assert "data-terms-on-data" in script
    page = (demo_site / "demo/on/index.html").read_text(encoding="utf-8")
    assert "assets/terms/history.js" in page and "<script>" not in page  # no inline script (CSP)
    assert "2026-01-01" not in "".join(tree_digest(demo_site).keys())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_golden_fragments(lang: str) -> None:
    """The new fragments as written: the history page's tools, the date page, the history of each
    article, a superseded version's banner (TERMS_UPDATE_GOLDEN=1 rewrites them; review the diff)."""
    import os

    site = _site()
    history = _html(site, lang, "demo/history/")
    old = _html(site, lang, "demo/2024-01-01/")
    parts = {
        "history-tools": history.split("</p>\n", 2)[2].split('<div class="terms-table')[0]
        + history.split("</table></div>\n")[1],
        "history-row": history.split('<tr data-terms-version="2024-01-01">')[1].split("</tr>")[0],
        "on-date": _html(site, lang, "demo/on/"),
        "articles": _html(site, lang, "demo/history/articles/"),
        "banner": re.search(r'<div class="admonition warning terms-banner[^\n]*', old).group(0),  # type: ignore[union-attr]
        "article": re.search(r'<section class="terms-article">.*?</p>', old, re.S).group(0),  # type: ignore[union-attr]
    }
    folder = Path(__file__).resolve().parent / "history_golden"
    for name, text in parts.items():
        path = folder / f"{name}.{lang}.html"
        if os.environ.get("TERMS_UPDATE_GOLDEN"):
            folder.mkdir(exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
        assert path.read_text(encoding="utf-8") == text + "\n", name
