"""Versions and their states on the built site (the demo repository as of 2025-06-01):
2024-01-01 superseded, 2025-04-01 in force, 2025-09-01 upcoming, 2025-12-01 embargoed (published but
announced after the build day), 2026-01-01 a draft."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from termsite.source.canonical import content_hash
from termsite.source.load import load_corpus

from .helpers import DEMO, page

pytestmark = pytest.mark.slow


def _state(site: Path, url: str) -> str | None:
    found = [a.get("data-terms-state") for a in page(site, url).attrs("div") if a.get("data-terms-state")]
    return found[0] if found else None


def test_every_visible_version_has_a_permalink_marked_with_its_state(demo_site: Path) -> None:
    for prefix in ("", "en/"):
        assert _state(demo_site, f"{prefix}demo/2024-01-01/") == "superseded"
        assert _state(demo_site, f"{prefix}demo/2025-04-01/") == "current"
        assert _state(demo_site, f"{prefix}demo/2025-09-01/") == "upcoming"
        assert _state(demo_site, f"{prefix}demo/") == "current"


def test_the_document_page_is_the_version_in_force(demo_site: Path) -> None:
    text = (demo_site / "demo" / "index.html").read_text(encoding="utf-8")
    assert "本約款は、本サービスに適用します。" in text
    assert "初版" not in text and "当社の本サービス" not in text


def test_an_embargoed_version_appears_nowhere(demo_site: Path) -> None:
    assert not (demo_site / "demo" / "2025-12-01").exists()
    for path in demo_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "2025-12-01" not in text and "エンバーゴ" not in text and "embargoed" not in text, path


def test_drafts_only_in_preview_builds_under_a_banner(demo_site: Path, demo_preview: Path) -> None:
    assert not (demo_site / "demo" / "2026-01-01").exists()
    assert "2026-01-01" not in (demo_site / "demo" / "index.html").read_text(encoding="utf-8")
    assert _state(demo_preview, "demo/2026-01-01/") == "draft"
    assert page(demo_preview, "demo/2026-01-01/").has_class("terms-banner--draft")
    assert page(demo_preview, "en/demo/2026-01-01/").has_class("terms-banner--draft")
    # the version in force does not change because of a draft
    assert _state(demo_preview, "demo/") == "current"


def test_banners_point_readers_to_the_right_version(demo_site: Path) -> None:
    current = (demo_site / "demo" / "index.html").read_text(encoding="utf-8")
    assert "改定後の版は2025年9月1日から施行されます（2025年5月20日公表）" in current
    assert 'href="2025-09-01/"' in current
    old = (demo_site / "en" / "demo" / "2024-01-01" / "index.html").read_text(encoding="utf-8")
    assert "This version is superseded. A later version has applied since April 1, 2025." in old
    assert 'href="../"' in old
    upcoming = (demo_site / "demo" / "2025-09-01" / "index.html").read_text(encoding="utf-8")
    assert "この版は2025年9月1日から施行されます（2025年5月20日公表）" in upcoming


def test_version_menu_offers_the_versions_around_this_one_and_the_one_in_force(demo_site: Path) -> None:
    text = (demo_site / "demo" / "2024-01-01" / "index.html").read_text(encoding="utf-8")
    menu = text[text.index('<nav class="terms-versions"'):]
    menu = menu[:menu.index("</nav>")]
    assert re.findall(r'<li><a href="([^"]+)"', menu) == ["../2025-09-01/", "../2025-04-01/", "./"]
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', menu) == ["./"]
    assert 'href="../history/"' in menu


def test_history_lists_versions_newest_first_with_dates_and_summaries(demo_site: Path) -> None:
    text = (demo_site / "demo" / "history" / "index.html").read_text(encoding="utf-8")
    rows = [a.get("data-terms-version") for a in page(demo_site, "demo/history/").attrs("tr")
            if a.get("data-terms-version")]
    assert rows == ["2025-09-01", "2025-04-01", "2024-01-01"]
    assert "料金の条項を追加しました。" in text and "利用者に有利な変更" in text
    en = (demo_site / "en" / "demo" / "history" / "index.html").read_text(encoding="utf-8")
    assert "May 20, 2025" in en and "Wording is improved." in en


def test_old_and_upcoming_versions_stay_out_of_the_search_index(demo_site: Path) -> None:
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert {"demo/", "en/demo/", "demo/history/"} <= locations
    assert not [x for x in locations if "/20" in x]


def test_api_lists_visible_versions_with_states_and_hashes(demo_site: Path, demo_preview: Path) -> None:
    corpus, _ = load_corpus(DEMO)
    doc = corpus.document("demo")
    assert doc is not None
    data = json.loads((demo_site / "api" / "terms.json").read_text(encoding="utf-8"))
    [demo] = data["documents"]
    states = {v["effective"]: v["state"] for v in demo["versions"]}
    assert states == {"2024-01-01": "superseded", "2025-04-01": "current", "2025-09-01": "upcoming"}
    for v in demo["versions"]:
        version = doc.version(v["effective"])
        assert version is not None and v["sha256"] == content_hash(version)
        assert v["urls"]["en"] == f"https://terms.example.com/en/demo/{v['effective']}/"
    preview = json.loads((demo_preview / "api" / "terms.json").read_text(encoding="utf-8"))
    assert preview["documents"][0]["versions"][-1]["state"] == "draft"


def test_text_is_escaped_and_line_breaks_are_kept(demo_site: Path) -> None:
    text = (demo_site / "demo" / "index.html").read_text(encoding="utf-8")
    assert "A&amp;B社の&#34;特別&#34;プラン" in text or "A&amp;B社の&quot;特別&quot;プラン" in text
    assert "料金表<br>\n（別表のとおり）" in text


def test_sitemap_dates_follow_the_terms_not_the_clock(demo_site: Path) -> None:
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    # the latest event on or before 2025-06-01 is the announcement of 2025-09-01 on 2025-05-20
    assert sitemap.count("<lastmod>2025-05-20</lastmod>") == sitemap.count("<lastmod>")
