"""Comparison pages /<doc>/<date>/changes/ (新旧対照表) and the history's links to them.

The shipped draft revision of the 約款 (2027-01-01) is built with --drafts through MkDocs; smaller
cases use the core renderer."""

from __future__ import annotations

import dataclasses
import gzip
import json
import posixpath
import re
from pathlib import Path

import pytest

from termsite.model.terms import Corpus
from termsite.site import render_site

from ..site.helpers import AS_OF, DEMO, DEMO_AS_OF, REPO, Html, page
from .helpers import TEMPLATES, corpus, html, render

DRAFT = "cloud-resale/2027-01-01/changes/"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _links_resolve(site: Path, url: str) -> list[str]:
    """Every relative link of the page's content at ``url`` that points to no file of the site."""
    content = _text(site / url / "index.html")
    content = content[content.index('<div class="terms-page'):]
    broken = []
    for href in re.findall(r'href="([^"#]+)', content):
        if "://" in href:
            continue
        target = posixpath.normpath(posixpath.join(url, href))
        path = site / target
        if not (path.is_file() or (path / "index.html").is_file()):
            broken.append(href)
    return broken


@pytest.mark.slow
def test_the_drafts_comparison_page_in_japanese(draft_site: Path) -> None:
    text = _text(draft_site / DRAFT / "index.html")
    parsed = page(draft_site, DRAFT)
    assert parsed.html_lang() == "ja"
    assert "<title>クラウドリセールサービス約款　新旧対照表（2027年1月1日施行）" in text
    assert '<p class="terms-kicker">新旧対照表</p>' in text
    assert parsed.text_by_id["summary"] == "改定の概要" and parsed.text_by_id["reason"] == "変更の理由"
    assert "第20条が二つあった条番号の重複を解消し" in text  # the summary
    assert "読み手が参照先を正確に特定できるよう訂正するものです。" in text  # the reason
    assert "<dt>区分</dt><dd>表記等の修正</dd>" in text
    assert '<time datetime="2027-01-01">2027年1月1日</time>' in text
    assert '<time datetime="2026-12-01">2026年12月1日</time>' in text
    assert parsed.has_class("terms-banner--draft")
    assert '<a href="../">改定後の版（2027年1月1日施行）</a>' in text
    assert '<a href="../../2024-01-01/">改定前の版（2024年1月1日施行）</a>' in text
    # a draft's notice is a preview, linked in a build with drafts only
    assert '<a href="../../../notices/cloud-resale-2027-01-01/">改定のお知らせ</a>' in text
    assert "変更箇所の数：新設 1、変更 5、番号変更 1" in text
    # columns in the configured order (site_config: new-old)
    assert re.findall(r'<th scope="col" class="cmp-(new|old)">', text)[:2] == ["new", "old"]
    assert '<th scope="col" class="cmp-new">改定後</th><th scope="col" class="cmp-old">改定前</th>' in text
    # the added 付則 is marked (新設) in the old column
    added = text[text.index('id="change-supplementary-supplementary-2027-01-01"'):]
    added = added[:added.index("</tbody>")]
    assert '<span class="cmp-marker">（新設）</span>' in added and "cmp-unit-added" in text
    # renumbering: 第20条 → 第21条, the number changed word by word
    renumbered = text[text.index('id="change-abolition"'):]
    renumbered = renumbered[:renumbered.index("</tbody>")]
    assert "cmp-renumbered" in text[text.index('id="change-abolition"') - 120:text.index('id="change-abolition"') + 200]
    assert re.search(r"第<ins>.*?21.*?</ins>条", renumbered) and re.search(r"第<del>.*?20.*?</del>条", renumbered)
    # changed words: 第5条 → 第6条 in 第12条第4項
    fees = text[text.index('id="change-payment-of-fees"'):]
    fees = fees[:fees.index("</tbody>")]
    assert '<ins><span class="cmp-vh">［追加］</span>6<span class="cmp-vh">［追加ここまで］</span></ins>' in fees
    assert '<del><span class="cmp-vh">［削除］</span>5<span class="cmp-vh">［削除ここまで］</span></del>' in fees
    # unchanged articles folded, the changed ones in the table of contents
    assert '<details class="cmp-fold">' in text
    toc = [a.get("href") for a in parsed.attrs("a") if "md-nav__link" in (a.get("class") or "")
           and (a.get("href") or "").startswith("#change-")]
    assert toc == ["#change-formation", "#change-payment-of-fees", "#change-payment-methods", "#change-suspension",
                   "#change-abolition", "#change-termination-by-customer",
                   "#change-supplementary-supplementary-2027-01-01"]  # the renumbered 第21条 is its own entry
    assert _links_resolve(draft_site, DRAFT) == []


@pytest.mark.slow
def test_the_drafts_comparison_page_in_english(draft_site: Path) -> None:
    url = "en/" + DRAFT
    text = _text(draft_site / url / "index.html")
    assert "<title>Cloud Resale Service Terms and Conditions: comparison of old and new text (effective January 1, 2027)" in text
    # the same provisions as the Japanese page: Article 30, changed in Japanese only, says so
    assert "Number of changes: 1 added, 5 modified, 1 renumbered" in text
    assert "Only the Japanese text of this article changed; this reference translation was not updated." in text
    assert '<th scope="col" class="cmp-new">After amendment</th><th scope="col" class="cmp-old">Before amendment</th>' in text
    assert '<span class="cmp-marker">(New)</span>' in text
    assert "The Japanese original of this document governs." in text
    assert "<ins>" in text and "<del>" in text
    assert _links_resolve(draft_site, url) == []


@pytest.mark.slow
def test_a_comparison_page_weighs_at_most_80_kib_gzipped(draft_site: Path) -> None:
    # unchanged articles are folded but present (both columns): the page holds the whole text twice
    for url in (DRAFT, "en/" + DRAFT):
        assert len(gzip.compress((draft_site / url / "index.html").read_bytes(), 9)) <= 80 * 1024, url


@pytest.mark.slow
def test_comparison_pages_stay_out_of_the_search_index(draft_site: Path) -> None:
    index = json.loads(_text(draft_site / "search" / "search_index.json"))
    assert not [d["location"] for d in index["docs"] if "/changes/" in d["location"]]
    assert (draft_site / DRAFT / "index.html").is_file()


@pytest.mark.slow
def test_the_history_links_each_version_to_its_comparison(draft_site: Path) -> None:
    history = page(draft_site, "cloud-resale/history/")
    rows = [a.get("data-terms-version") for a in history.attrs("tr") if a.get("data-terms-version")]
    assert rows == ["2027-01-01", "2024-01-01"]
    text = _text(draft_site / "cloud-resale" / "history" / "index.html")
    draft_row = text[text.index('data-terms-version="2027-01-01"'):text.index('data-terms-version="2024-01-01"')]
    assert ">表記等の修正</td>" in draft_row and 'href="../2027-01-01/changes/"' in draft_row
    first_row = text[text.index('data-terms-version="2024-01-01"'):]
    first_row = first_row[:first_row.index("</tr>")]
    assert ">制定</td>" in first_row and "changes/" not in first_row


def test_a_production_build_has_no_comparison_of_a_draft() -> None:
    site = render(REPO, AS_OF)
    assert not [p.url for p in site.pages if p.kind == "changes"]
    assert "changes/" not in html(site, "ja", "cloud-resale/history/")


def test_history_shows_impact_and_links_to_comparisons_and_notices() -> None:
    site = render(DEMO, DEMO_AS_OF)
    text = html(site, "en", "demo/history/")
    rows = {m.group(1): m.group(2) for m in re.finditer(r'data-terms-version="([^"]+)">(.*?)</tr>', text, re.S)}
    assert ">Editorial change</td>" in rows["2025-09-01"]
    assert '<a href="../2025-09-01/changes/">What changed</a> · <a href="../../notices/demo-2025-09-01/">Notice of the change</a>' in rows["2025-09-01"]
    assert ">Favourable change</td>" in rows["2025-04-01"]
    assert 'href="../../notices/demo-2025-04-01/"' in rows["2025-04-01"]
    assert ">First version</td>" in rows["2024-01-01"] and "changes/" not in rows["2024-01-01"]


def test_deleted_and_added_provisions_are_marked() -> None:
    site = render(DEMO, DEMO_AS_OF)
    # 2025-09-01 drops the items and the second paragraph of 第2条
    deleted = html(site, "ja", "demo/2025-09-01/changes/")
    assert deleted.count('<span class="cmp-marker">（削除）</span>') >= 2
    assert '<span class="cmp-marker">(Deleted)</span>' in html(site, "en", "demo/2025-09-01/changes/")
    # 2025-04-01 adds 第2条（料金）
    added = html(site, "ja", "demo/2025-04-01/changes/")
    unit = added[added.index('id="change-fees"'):]
    assert "cmp-unit-added" in added and '<span class="cmp-marker">（新設）</span>' in unit[:unit.index("</tbody>")]
    assert "新設 1" in added


def test_the_column_order_is_a_setting() -> None:
    demo = corpus(DEMO)
    flipped = Corpus(demo.documents, dataclasses.replace(demo.config, comparison_order=("old", "new")))
    site = render_site(flipped, DEMO_AS_OF, TEMPLATES)
    text = html(site, "ja", "demo/2025-09-01/changes/")
    assert '<th scope="col" class="cmp-old">改定前</th><th scope="col" class="cmp-new">改定後</th>' in text


def test_a_published_version_is_compared_with_the_previous_published_one_even_next_to_a_draft() -> None:
    demo = corpus(DEMO)
    [doc] = demo.documents
    # the draft moved between 2025-04-01 and 2025-09-01
    versions = sorted((dataclasses.replace(v, effective=v.effective.replace(year=2025, month=7))
                       if v.status == "draft" else v for v in doc.versions), key=lambda v: v.effective)
    moved = Corpus((dataclasses.replace(doc, versions=tuple(versions)),), demo.config)
    for drafts in (False, True):
        site = render_site(moved, DEMO_AS_OF, TEMPLATES, drafts=drafts)
        text = html(site, "ja", "demo/2025-09-01/changes/")
        assert '<dt>比較対象</dt><dd><time datetime="2025-04-01">' in text, drafts
    preview = render_site(moved, DEMO_AS_OF, TEMPLATES, drafts=True)
    draft = html(preview, "ja", "demo/2025-07-01/changes/")
    assert '<dt>比較対象</dt><dd><time datetime="2025-04-01">' in draft and "terms-banner--draft" in draft


def test_every_comparison_page_is_excluded_from_search_and_has_both_languages() -> None:
    site = render(DEMO, DEMO_AS_OF, drafts=True)
    changes = [(p.lang, p.path) for p in site.pages if p.kind == "changes"]
    assert sorted(changes) == sorted((lang, f"demo/{key}/changes/") for lang in ("ja", "en")
                                     for key in ("2025-04-01", "2025-09-01", "2026-01-01"))
    assert all(not p.searchable for p in site.pages if p.kind == "changes")
    first = Html(html(site, "ja", "demo/2025-04-01/changes/"))
    assert first.text_by_id["changes"] == "変更箇所"
