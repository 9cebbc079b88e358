"""The site on a phone (390 px) and a desktop (1280 px), in both languages: no horizontal overflow,
the history as blocks, a table of contents at hand on every long page, tap targets, axe-core, the
head of every page (description, hreflang alternates, Atom) and the publisher in the footer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ..site.helpers import build, make_repo
from .conftest import served
from .test_site_in_browser import AXE, Watched

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = 390
DESKTOP = 1280
# hub, version in force, a past version, history, a comparison (of the draft: built with drafts)
PAGES = ["", "cloud-resale/", "cloud-resale/2024-01-01/", "cloud-resale/history/", "cloud-resale/2027-01-01/changes/",
         "notices/"]
BOTH = [prefix + p for p in PAGES for prefix in ("", "en/")]
LONG = ["cloud-resale/", "cloud-resale/2024-01-01/", "cloud-resale/2027-01-01/changes/"]


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped terms built with drafts (so that a comparison page exists), served."""
    root = tmp_path_factory.mktemp("phones")
    repo = make_repo(root / "repo")
    code, err = build(repo, root / "site", drafts=True)
    assert code == 0, err
    with served(root / "site") as url:
        yield url


def _watched(browser: Browser, base_url: str, width: int) -> tuple[Any, Watched]:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    return context, Watched(page, base_url)


@pytest.fixture
def phone(browser: Browser, preview_url: str) -> Iterator[Watched]:
    context, w = _watched(browser, preview_url, PHONE)
    try:
        yield w
    finally:
        context.close()
    assert w.problems == []


@pytest.fixture
def desktop(browser: Browser, preview_url: str) -> Iterator[Watched]:
    context, w = _watched(browser, preview_url, DESKTOP)
    try:
        yield w
    finally:
        context.close()
    assert w.problems == []


def _requests(page: Page) -> list[str]:
    out: list[str] = []
    page.on("request", lambda r: out.append(r.url))
    return out


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("url", BOTH)
def test_no_horizontal_overflow(browser: Browser, preview_url: str, url: str, width: int) -> None:
    context, w = _watched(browser, preview_url, width)
    try:
        w.page.goto(preview_url + url)
        wide = w.page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                         && getComputedStyle(e).position !== 'fixed' && e.getClientRects().length)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width, wide
        assert wide == []
    finally:
        context.close()
    assert w.problems == []


@pytest.mark.parametrize("lang", ["", "en/"])
def test_history_is_one_block_per_version_on_a_phone(phone: Watched, preview_url: str, lang: str) -> None:
    page = phone.page
    page.goto(preview_url + lang + "cloud-resale/history/")
    rows = page.locator(".terms-history tbody tr")
    assert rows.count() >= 2
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.evaluate("e => getComputedStyle(e).display") == "block"
        box = row.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE
        # no blank height: a block is as tall as what it shows
        assert box["height"] < 700, box
        for cell in ("terms-history__effective", "terms-history__state", "terms-history__summary"):
            c = row.locator("." + cell).bounding_box()
            assert c is not None and c["x"] >= box["x"] and c["x"] + c["width"] <= box["x"] + box["width"] + 1
    # the comparison link of the draft is on screen width, not beyond it
    link = page.locator(".terms-history__links a").first
    lb = link.bounding_box()
    assert lb is not None and lb["x"] + lb["width"] <= PHONE
    # each value is labelled (the column headers are only read by screen readers)
    label = page.locator(".terms-history__announced").first.evaluate(
        "e => getComputedStyle(e, '::before').content")
    assert ("公表日" if not lang else "Announced") in label


def test_a_history_block_takes_the_row_even_with_short_texts(browser: Browser, base_url: str) -> None:
    # the published site's history: one version, no summary (Material's inline-block table wrapper
    # shrank such a block to its text, half the screen)
    context, watched = _watched(browser, base_url, PHONE)
    try:
        page = watched.page
        page.goto(base_url + "cloud-resale/history/")
        row = page.locator(".terms-history tbody tr").first.bounding_box()
        box = page.locator(".terms-history").bounding_box()
        assert row is not None and box is not None and row["width"] >= 0.85 * box["width"], (row, box)
    finally:
        context.close()


def test_history_is_a_table_on_a_desktop(desktop: Watched, preview_url: str) -> None:
    page = desktop.page
    page.goto(preview_url + "cloud-resale/history/")
    assert page.locator(".terms-history tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"


@pytest.mark.parametrize("url", [prefix + p for p in LONG for prefix in ("", "en/")])
def test_a_phone_reader_finds_the_table_of_contents_at_once(phone: Watched, preview_url: str, url: str) -> None:
    page = phone.page
    page.goto(preview_url + url)
    toc = page.locator("details.terms-toc")
    summary = toc.locator("summary")
    assert summary.is_visible()
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] < 800 * 1.5, "the contents are not near the top"
    assert summary.inner_text().strip() in ("目次", "Contents")
    summary.click()
    links = toc.locator("a")
    assert links.count() >= 1
    last = links.nth(links.count() - 1)
    target = (last.get_attribute("href") or "")[1:]
    last.click()
    page.wait_for_function("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", arg=target)


@pytest.mark.parametrize("lang", ["", "en/"])
def test_translation_revisions_are_folded_and_the_history_link_opens_them(phone: Watched, preview_url: str,
                                                                          lang: str) -> None:
    page = phone.page
    page.goto(preview_url + lang + "cloud-resale/2024-01-01/")
    fold = page.locator("details.terms-revisions")
    assert fold.get_attribute("open") is None and not page.locator("#translation-revisions").is_visible()
    toc = page.locator("details.terms-toc summary").bounding_box()
    body = page.locator(".terms-body, article h2").first.bounding_box()
    assert toc is not None and body is not None and body["y"] < 800 * 2, "the terms begin more than two screens down"
    page.goto(preview_url + lang + "cloud-resale/history/")
    page.locator('[data-terms-version="2024-01-01"] a[href$="#translation-revisions"]').first.click()
    page.wait_for_function("() => document.querySelector('details.terms-revisions').open")
    assert page.locator("#translation-revisions").is_visible()


@pytest.mark.parametrize("url", LONG)
def test_a_desktop_reader_has_the_side_contents_or_the_disclosure(desktop: Watched, preview_url: str,
                                                                   url: str) -> None:
    page = desktop.page
    page.goto(preview_url + url)
    side = page.locator(".md-sidebar--secondary .md-nav__link")
    assert side.count() >= 1 and side.first.is_visible()
    assert not page.locator("details.terms-toc").is_visible()  # not twice


@pytest.mark.parametrize("lang", ["", "en/"])
def test_tap_targets(phone: Watched, preview_url: str, lang: str) -> None:
    page = phone.page
    page.goto(preview_url + lang + "cloud-resale/2024-01-01/")
    menu = page.locator(".terms-versions summary")
    mb = menu.bounding_box()
    assert mb is not None and mb["height"] >= 44
    menu.click()
    links = page.locator(".terms-versions a")
    assert links.count() >= 2
    for i in range(links.count()):
        b = links.nth(i).bounding_box()
        assert b is not None and b["height"] >= 44, b  # ≥ 24 px by WCAG 2.5.8; 44 px where there is room
        assert links.nth(i).evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    buttons = page.locator("button.terms-copy")
    assert buttons.count() >= 10
    for i in range(0, buttons.count(), 7):
        b = buttons.nth(i).bounding_box()
        assert b is not None and b["height"] >= 44 and b["width"] >= 44, b


@pytest.mark.parametrize("url", BOTH)
def test_no_serious_accessibility_violation_on_a_phone(phone: Watched, preview_url: str, url: str) -> None:
    page = phone.page
    page.add_init_script(path=str(AXE))
    page.goto(preview_url + url)
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'wcag22aa', 'best-practice']}})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


@pytest.mark.parametrize("url", BOTH)
def test_head_has_a_description_alternates_and_the_feed(desktop: Watched, preview_url: str, url: str) -> None:
    page = desktop.page
    requested = _requests(page)
    page.goto(preview_url + url)
    page.wait_for_load_state("networkidle")
    description = page.locator('meta[name="description"]').get_attribute("content") or ""
    assert len(description) >= 15, description
    alternates = page.evaluate("""() => [...document.querySelectorAll('link[hreflang]')]
        .filter(l => l.relList.contains('alternate') && !l.type).map(l => [l.hreflang, l.href])""")
    path = url[3:] if url.startswith("en/") else url
    assert sorted(alternates) == [["en", "https://terms.example.com/en/" + path],
                                  ["ja", "https://terms.example.com/" + path]]
    feed = page.evaluate("""() => [...document.querySelectorAll('link[type="application/atom+xml"]')]
        .filter(l => l.relList.contains('alternate')).map(l => new URL(l.href).pathname)""")
    assert feed == (["/en/feed.xml"] if url.startswith("en/") else ["/feed.xml"])
    # Material asks for a sitemap next to every exact rel="alternate": none is asked for
    assert not [r for r in requested if r.endswith("sitemap.xml")], requested
    title = page.title()
    assert title.count("利用規約・約款") <= 1 and title.count("Terms and Policies") <= 1, title


@pytest.mark.parametrize("lang", ["", "en/"])
def test_footer_shows_the_publisher_and_the_header_no_book_icon(phone: Watched, preview_url: str, lang: str) -> None:
    page = phone.page
    page.goto(preview_url + lang)
    footer = page.locator("footer.terms-footer")
    text = footer.inner_text()
    assert ("株式会社クララオンライン" if not lang else "Clara Online, Inc.") in text
    assert "©" in text
    assert footer.locator("a[href='https://www.clara.co.jp/']").count() == 1
    assert page.locator(".md-header .md-logo").is_hidden()
    colour = footer.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 0.87)")


def test_no_note_icon_on_menus_and_folds(desktop: Watched, preview_url: str) -> None:
    page = desktop.page
    page.goto(preview_url + "cloud-resale/2027-01-01/changes/")
    for selector in (".terms-versions summary", "details.cmp-fold > summary"):
        if page.locator(selector).count():
            assert page.locator(selector).first.evaluate("e => getComputedStyle(e, '::before').display") == "none"
    assert page.locator("details.cmp-fold").count() >= 1


def test_switching_language_keeps_the_place_scrolled_to(desktop: Watched, preview_url: str) -> None:
    page = desktop.page
    page.goto(preview_url + "cloud-resale/")
    page.evaluate("() => { const e = document.getElementById('liability');"
                  " window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60); }")
    page.wait_for_timeout(200)
    page.hover(".md-header__option .md-select")
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_url(preview_url + "en/cloud-resale/#liability")
    page.wait_for_function("() => { const r = document.querySelector('#liability').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("url", ["", "en/", "cloud-resale/history/", "en/cloud-resale/history/",
                                 "cloud-resale/2024-01-01/", "en/cloud-resale/2027-01-01/changes/"])
def test_screenshots(browser: Browser, preview_url: str, url: str, width: int, tmp_path: Path) -> None:
    """Screenshots to look at (TERMS_SCREENSHOTS=folder keeps them); each is a real, non-blank image."""
    import os
    context, w = _watched(browser, preview_url, width)
    try:
        w.page.goto(preview_url + url)
        folder = Path(os.environ.get("TERMS_SCREENSHOTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        name = (url.strip("/").replace("/", "_") or "hub") + f"-{width}.png"
        data = w.page.screenshot(path=str(folder / name), full_page=True)
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    finally:
        context.close()
    assert w.problems == []
