"""The built site in headless Chromium: navigation, language switch, anchors, copy-link, search,
console errors, requests to other hosts, and axe-core accessibility checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


class Watched:
    """A page with everything that went wrong on it recorded: console errors, script errors, failed
    responses and requests to other hosts."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.problems: list[str] = []
        host = urlsplit(base_url).netloc
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("request", lambda r: self.problems.append(f"request to another host: {r.url}")
                if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != host else None)
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


@pytest.fixture
def watched(browser: Browser, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    w = Watched(page, base_url)
    try:
        yield w
    finally:
        context.close()
    assert w.problems == []


def _in_viewport(page: Page, selector: str) -> bool:
    return bool(page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                     return r.top >= 0 && r.top < window.innerHeight; }""", selector))


def test_from_the_hub_to_a_document(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url)
    assert page.locator("h1").inner_text() == "利用規約・約款"
    page.locator(".terms-docs a", has_text="クラウドリセールサービス約款").click()
    page.wait_for_url(base_url + "cloud-resale/")
    assert page.locator("h1").inner_text() == "クラウドリセールサービス約款"
    assert page.locator("#amendment").inner_text().startswith("第２条")  # the 約款's full-width digits


def test_switching_language_lands_on_the_same_article(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "cloud-resale/#liability")
    page.hover(".md-header__option .md-select")
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_url(base_url + "en/cloud-resale/#liability")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#liability").inner_text().startswith("Article ")
    page.wait_for_function("() => { const r = document.querySelector('#liability').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }")
    # and back
    page.hover(".md-header__option .md-select")
    page.locator("a.md-select__link[hreflang=ja]").click()
    page.wait_for_url(base_url + "cloud-resale/#liability")


def test_an_anchor_link_scrolls_to_its_article(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "cloud-resale/")
    assert not _in_viewport(page, "#governing-law")
    page.locator('.md-sidebar--secondary a.md-nav__link[href="#governing-law"]').click()
    page.wait_for_url(base_url + "cloud-resale/#governing-law")
    page.wait_for_function("() => { const r = document.querySelector('#governing-law').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }")


def test_copy_link_control_copies_the_article_address(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "en/cloud-resale/")
    button = page.locator('button[data-terms-copy="amendment"]')
    assert button.get_attribute("aria-label") == "Copy the link to this provision（Article 2）"
    button.click()
    page.wait_for_function("() => document.querySelector('.terms-copy-status').textContent === 'Link copied'")
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "en/cloud-resale/#amendment"


@pytest.mark.parametrize(("query", "expected"), [
    ("解約", "cancellation-policy/"),
    ("反社会的勢力", "cloud-resale/"),
    ("cookies", "en/privacy-policy/"),
    ("refund", "en/cancellation-policy/"),
])
def test_search_finds_japanese_and_english_words(watched: Watched, base_url: str, query: str,
                                                 expected: str) -> None:
    page = watched.page
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    # the index loads in a worker; a query typed before it is ready is not run
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent"
                           ".includes('初期化')")
    # like an IME: the text arrives at once, then a key is released
    page.locator("input.md-search__input").fill(query)
    page.locator("input.md-search__input").press("End")
    link = page.locator(".md-search-result__link").first
    link.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__link").all()]
    paths = [urlsplit(h).path for h in hrefs]
    assert base_url.rstrip("/") and "/" + expected in paths, hrefs
    assert not [p for p in paths if any(c.isdigit() for c in p.split("/")[-2])], "an old version in the results"


# one of each kind of page, in both languages where the kinds differ
PAGES = ["", "en/", "cloud-resale/", "en/cloud-resale/", "cloud-resale/2024-01-01/", "en/privacy-policy/",
         "cancellation-policy/", "cloud-resale/history/", "404.html", "en/404.html"]


@pytest.mark.parametrize("url", PAGES)
def test_no_serious_accessibility_violation_and_no_errors(watched: Watched, base_url: str, url: str) -> None:
    page = watched.page
    # before the page's own scripts, outside its Content-Security-Policy (which refuses an added <script>)
    page.add_init_script(path=str(AXE))
    page.goto(base_url + url)
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
