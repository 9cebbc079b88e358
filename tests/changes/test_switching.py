"""Effective dates that switch on time: the switch repository's change (announced 2025-03-01, effective
2025-04-01) built the day before the announcement, on the announcement day, the day before the
effective date and on the effective date.

Before its announcement a published version appears nowhere; from its announcement it is upcoming
(a banner on the current pages, a notice, a feed entry, its own page marked upcoming); from its
effective date (00:00 Asia/Tokyo) it is in force at /<doc>/. Most assertions use the core renderer;
three real builds check what only MkDocs makes (sitemap, search index) and where the feeds land."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from termsite.model.timeline import today_in_tokyo
from termsite.site import NavItem, Site

from ..site.helpers import Html, page
from .helpers import ANNOUNCED, ATOM, BEFORE, EFFECTIVE, EVE, NEW, OLD, SWITCH, entries, file, html, render

#: Words that exist only because of the change: none may appear anywhere before its announcement.
SECRETS = (NEW, "2025年4月1日", "April 1, 2025", "遅延損害金", "late payment", "Late Payment", "ポイントの条項を削除",
           "Unpaid fees")


@pytest.fixture(scope="module")
def sites() -> dict[dt.date, Site]:
    return {day: render(SWITCH, day) for day in (BEFORE, ANNOUNCED, EVE, EFFECTIVE)}


def _nav_paths(items: tuple[NavItem, ...]) -> list[str]:
    return [p for item in items for p in ([item.path] if item.path is not None else []) + _nav_paths(item.children)]


def _state(text: str) -> str | None:
    found = re.search(r'data-terms-state="([a-z]+)"', text)
    return found.group(1) if found else None


# -- the day before the announcement: an embargo --------------------------------------------------------


def test_before_its_announcement_a_change_appears_nowhere(sites: dict[dt.date, Site]) -> None:
    site = sites[BEFORE]
    assert not [p.url for p in site.pages if NEW in p.path or "svc-" in p.path]
    for p in site.pages:
        for word in SECRETS:
            assert word not in p.html, (p.url, word)
        assert not [e for e in p.toc if NEW in e.id]
    for f in site.files:
        if f.path.endswith((".xml", ".json")):
            text = f.content.decode("utf-8")
            for word in SECRETS:
                assert word not in text, (f.path, word)
    for lang in ("ja", "en"):
        assert not [path for path in _nav_paths(site.nav[lang]) if NEW in path]
    current = html(site, "ja", "svc/")
    assert _state(current) == "current" and "terms-banner--upcoming" not in current
    assert "現在、お知らせはありません。" in html(site, "ja", "notices/")
    assert "現在、お知らせはありません。" in html(site, "ja", "")
    assert entries(file(site, "feed.xml")) == [] and entries(file(site, "en/feed.xml")) == []
    api = json.loads(file(site, "api/terms.json"))
    assert [v["effective"] for v in api["documents"][0]["versions"]] == [OLD]


# -- from the announcement: upcoming --------------------------------------------------------------------


def test_from_its_announcement_the_current_pages_carry_a_banner_for_it(sites: dict[dt.date, Site]) -> None:
    site = sites[ANNOUNCED]
    for path in ("svc/", f"svc/{OLD}/"):
        text = html(site, "ja", path)
        assert _state(text) == "current"
        banner = Html(text)
        assert banner.has_class("terms-banner--upcoming")
        assert "この規約は改定されます。改定後の版は2025年4月1日から施行されます（2025年3月1日公表）。" in text
        assert "本サービスの利用に適用します。" in text  # still the old text
    text = html(site, "ja", "svc/")
    head = text[text.index("terms-banner--upcoming"):]
    head = head[:head.index("</div>")]
    assert re.findall(r'href="([^"]+)"', head) == [f"{NEW}/", f"{NEW}/changes/", f"../notices/svc-{NEW}/"]
    en = html(site, "en", "svc/")
    assert "These terms are changing. The new version takes effect on April 1, 2025 (announced March 1, 2025)." in en
    assert "Notice of the change" in en


def test_from_its_announcement_the_new_version_is_marked_upcoming(sites: dict[dt.date, Site]) -> None:
    site = sites[ANNOUNCED]
    text = html(site, "ja", f"svc/{NEW}/")
    assert _state(text) == "upcoming"
    assert "この版は2025年4月1日から施行されます（2025年3月1日公表）。" in text
    assert 'href="changes/"' in text and f'href="../../notices/svc-{NEW}/"' in text
    assert _state(html(site, "ja", f"notices/svc-{NEW}/")) == "upcoming"
    assert _state(html(site, "ja", f"svc/{NEW}/changes/")) == "upcoming"
    hub = html(site, "ja", "")
    assert f'<a href="svc/{NEW}/">2025年4月1日施行</a>（2025年3月1日公表）' in hub
    assert f'<a href="notices/svc-{NEW}/">切替サービス約款改定のお知らせ（2025年4月1日施行）</a>' in hub
    [entry] = entries(file(site, "feed.xml"))
    assert entry.findtext(f"{ATOM}updated") == "2025-03-01T00:00:00+09:00"
    api = json.loads(file(site, "api/terms.json"))
    doc = api["documents"][0]
    assert doc["in_force"] == OLD
    assert [(v["effective"], v["state"]) for v in doc["versions"]] == [(OLD, "current"), (NEW, "upcoming")]
    assert doc["versions"][1]["notice_urls"] == {"ja": f"https://terms.example.com/notices/svc-{NEW}/",
                                                 "en": f"https://terms.example.com/en/notices/svc-{NEW}/"}
    assert doc["versions"][1]["changes_urls"]["en"] == f"https://terms.example.com/en/svc/{NEW}/changes/"
    assert doc["versions"][0]["notice_urls"] is None and doc["versions"][0]["changes_urls"] is None
    assert api["feeds"] == {"ja": "https://terms.example.com/feed.xml", "en": "https://terms.example.com/en/feed.xml"}
    assert api["notices_urls"]["ja"] == "https://terms.example.com/notices/"


def test_nothing_changes_during_the_notice_period(sites: dict[dt.date, Site]) -> None:
    # from the announcement day to the day before the effective date every page and feed is the same
    first, eve = sites[ANNOUNCED], sites[EVE]
    assert [(p.url, p.html) for p in first.pages] == [(p.url, p.html) for p in eve.pages]
    assert [p.lastmod for p in first.pages] == [p.lastmod for p in eve.pages]
    for path in ("feed.xml", "en/feed.xml"):
        assert file(first, path) == file(eve, path)


# -- from the effective date: in force --------------------------------------------------------------------


def test_on_its_effective_date_the_new_version_is_in_force(sites: dict[dt.date, Site]) -> None:
    site = sites[EFFECTIVE]
    current = html(site, "ja", "svc/")
    assert _state(current) == "current"
    assert "遅延損害金" in current and "ポイントを付与します" not in current
    assert "terms-banner--upcoming" not in current
    assert _state(html(site, "ja", f"svc/{OLD}/")) == "superseded"
    assert _state(html(site, "ja", f"svc/{NEW}/")) == "current"
    assert _state(html(site, "ja", f"notices/svc-{NEW}/")) == "current"
    api = json.loads(file(site, "api/terms.json"))
    assert api["documents"][0]["in_force"] == NEW
    # the notice stays posted, and its feed entry keeps its id and date
    for path in ("feed.xml", "en/feed.xml"):
        before = [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}updated")) for e in entries(file(sites[ANNOUNCED], path))]
        after = [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}updated")) for e in entries(file(site, path))]
        assert before == after and len(after) == 1


def test_the_build_day_switches_at_midnight_in_tokyo() -> None:
    utc = dt.UTC
    assert today_in_tokyo(dt.datetime(2025, 3, 31, 14, 59, 59, tzinfo=utc)) == EVE
    assert today_in_tokyo(dt.datetime(2025, 3, 31, 15, 0, 0, tzinfo=utc)) == EFFECTIVE


# -- real builds: sitemap, search index, feeds in place ---------------------------------------------------


def _site_texts(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".xml", ".json")}


def _sitemap(site: Path) -> set[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    return {u.findtext("s:loc", namespaces=ns) or "" for u in root.findall("s:url", ns)}


def _search(site: Path) -> dict[str, str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {d["location"]: d["text"] + d["title"] for d in index["docs"]}


@pytest.mark.slow
def test_built_site_before_the_announcement_keeps_the_embargo(switch_sites: dict[dt.date, Path]) -> None:
    site = switch_sites[BEFORE]
    texts = _site_texts(site)
    assert "feed.xml" in texts and "en/feed.xml" in texts and "sitemap.xml" in texts
    for name, text in texts.items():
        for word in SECRETS:
            assert word not in text, (name, word)
    assert not (site / "svc" / NEW).exists() and not (site / "notices" / f"svc-{NEW}").exists()


@pytest.mark.slow
def test_built_site_on_the_announcement_day(switch_sites: dict[dt.date, Path]) -> None:
    site = switch_sites[ANNOUNCED]
    # the feeds are copied where readers look for them, byte for byte as the renderer wrote them
    core = render(SWITCH, ANNOUNCED)
    assert (site / "feed.xml").read_bytes() == file(core, "feed.xml")
    assert (site / "en" / "feed.xml").read_bytes() == file(core, "en/feed.xml")
    assert not (site / "ja").exists() and not (site / "en" / "en").exists()
    urls = _sitemap(site)
    base = "https://terms.example.com/"
    assert {f"{base}notices/svc-{NEW}/", f"{base}en/notices/svc-{NEW}/", f"{base}svc/{NEW}/changes/",
            f"{base}notices/"} <= urls
    search = _search(site)
    # notices are searched (current information); comparisons are not (their text is the versions')
    assert f"notices/svc-{NEW}/" in search and f"en/notices/svc-{NEW}/" in search
    assert not [loc for loc in search if "/changes/" in loc]
    notice = " ".join(text for loc, text in search.items() if loc.startswith(f"notices/svc-{NEW}/"))
    assert "遅延損害金の条項を新設" in notice and "料金の未払いが増えた" in notice
    current = page(site, "svc/")
    assert current.has_class("terms-banner--upcoming")
    # the Japanese pages announce the Japanese feed in their head
    feeds = [a for a in page(site, "").attrs("link") if a.get("type") == "application/atom+xml"]
    # (rel is "alternate " with a space: main.html says why)
    assert [((a.get("rel") or "").split(), a.get("href")) for a in feeds] == [(["alternate"], "feed.xml")]


@pytest.mark.slow
def test_built_site_on_the_effective_date_searches_the_new_text(switch_sites: dict[dt.date, Path]) -> None:
    site = switch_sites[EFFECTIVE]
    search = _search(site)
    in_force = " ".join(text for loc, text in search.items() if loc.startswith("svc/"))
    assert "遅延損害金" in in_force and "ポイントを付与" not in in_force
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}
    assert dates["https://terms.example.com/svc/"] == NEW
