"""The search box in Chromium, as a reader uses it: a query typed, Enter pressed, the page reached.

The query set: Japanese words found and ranked as written (no segmenter cutting 解約 into 解), a
katakana reading finding the Latin word the terms use (クッキー, Cookie), English words at a word's
start as before. Each query names the provision Enter must reach; the result's snippet is the
sentence holding the words, clean (no print-only address, no list numbering added to "(1)"), and
the page reached highlights the words found, never single characters of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JAPANESE = [
    ("解約", "cancellation-policy/"),
    ("反社会的勢力", "cloud-resale/#anti-social-forces"),
    ("クッキー", "privacy-policy/#ip-addresses-and-cookies"),
    ("解除", "cloud-resale/#cancellation-by-company"),
    ("秘密保持", "cloud-resale/#confidentiality"),
    ("最低利用期間", "cloud-resale/#minimum-term"),
    ("準拠法", "cloud-resale/#governing-law"),
    ("損害賠償", "cloud-resale/#liability"),
    ("保証金", "cloud-resale/#security-deposit"),
    ("返金", "cloud-resale/#refunds"),
    ("一時停止", "cloud-resale/#suspension"),
    ("譲渡", "cloud-resale/#assignment"),
]
ENGLISH = [
    ("cookies", "en/privacy-policy/#ip-addresses-and-cookies"),
    ("terminate", "en/cloud-resale/#termination-by-customer"),
    ("governing law", "en/cloud-resale/#governing-law"),
    ("confidentiality", "en/cloud-resale/#confidentiality"),
    ("refund", "en/cloud-resale/#refunds"),
    ("minimum term", "en/cloud-resale/#minimum-term"),
    ("security deposit", "en/cloud-resale/#security-deposit"),
    ("suspension", "en/cloud-resale/#suspension"),
    ("assignment", "en/cloud-resale/#assignment"),
    ("damages", "en/cloud-resale/#liability"),
    ("third parties", "en/privacy-policy/#sharing-with-third-parties-cases"),
    ("Anti-Social", "en/cloud-resale/#anti-social-forces"),
]
READINGS = {"クッキー": "cookie"}

RESULTS = """() => [...document.querySelectorAll('.md-search-result__link')].map(a => ({
  href: a.href, score: parseFloat(a.firstElementChild.dataset.mdScore),
  html: a.innerHTML, text: a.innerText, marks: [...a.querySelectorAll('mark')].map(m => m.textContent)}))"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def _search(page: Page, url: str, query: str) -> list[dict[str, object]]:
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    # the index loads in a worker; a query typed before it is ready is not run
    page.wait_for_function("() => !/初期化|Initializing/.test("
                           "document.querySelector('.md-search-result__meta').textContent)")
    box.fill(query)  # like an IME: the text arrives at once, then a key is released
    box.press("End")
    page.locator(".md-search-result__link").first.wait_for(timeout=15000)
    results: list[dict[str, object]] = page.evaluate(RESULTS)
    return results


def _where(base_url: str, href: str) -> str:
    parts = urlsplit(href)
    return parts.path[len(urlsplit(base_url).path):] + (f"#{parts.fragment}" if parts.fragment else "")


def _check(page: Page, base_url: str, start: str, query: str, expected: str) -> None:
    results = _search(page, base_url + start, query)
    words = [w.lower() for w in re.split(r"[\s\-]+", READINGS.get(query, query)) if w]
    for r in results:
        html, text = str(r["html"]), str(r["text"])
        assert "https://" not in text, f"the print-only address in a result: {text}"
        assert "<li" not in html and "<ol" not in html, f"list markup (a second number) in a result: {html}"
        for mark in r["marks"]:  # type: ignore[attr-defined]
            assert all(any(w.lower().startswith(q) for q in words) for w in re.split(r"[\s\-]+", mark) if w), \
                (query, mark)
    best = max(results, key=lambda r: float(r["score"]))  # type: ignore[arg-type]
    assert _where(base_url, str(best["href"])) == expected, [(_where(base_url, str(r["href"])), r["score"])
                                                            for r in results]
    assert best["marks"], f"the words are not marked in the best result: {best['html']}"
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(lambda url: _where(base_url, url.split("?")[0] + (
        "#" + url.split("#")[1] if "#" in url else "")) == expected, timeout=10000)
    page.wait_for_function("() => document.querySelector('mark[data-md-highlight]') !== null", timeout=10000)
    marks: list[str] = page.eval_on_selector_all("mark[data-md-highlight]", "els => els.map(e => e.textContent)")
    for mark in marks:
        assert all(any(w.lower().startswith(q) for q in words) for w in re.split(r"[\s\-]+", mark) if w), \
            f"{query}: the page reached highlights {mark!r}"
        if not query.isascii():
            assert len(mark) >= len(words[0]), f"{query}: a part of the word highlighted: {mark!r}"


@pytest.mark.parametrize(("query", "expected"), JAPANESE)
def test_japanese_query_reaches_its_provision(page: Page, base_url: str, query: str, expected: str) -> None:
    _check(page, base_url, "", query, expected)


@pytest.mark.parametrize(("query", "expected"), ENGLISH)
def test_english_query_reaches_its_provision(page: Page, base_url: str, query: str, expected: str) -> None:
    _check(page, base_url, "en/", query, expected)


def test_the_provision_with_the_word_ranks_above_one_with_a_part_of_it(page: Page, base_url: str) -> None:
    # 解約 is in 第30条（契約者からの解約）; 第29条（当社からの解除） shares only its 解
    results = _search(page, base_url, "解約")
    where = [_where(base_url, str(r["href"])) for r in results]
    assert "cloud-resale/#termination-by-customer" in where
    assert "cloud-resale/#cancellation-by-company" not in where
    snippet = next(r for r in results if _where(base_url, str(r["href"])) == "cloud-resale/#termination-by-customer")
    assert str(snippet["text"]).startswith("第３０条（契約者からの解約）")  # the 約款 prints full-width digits
    assert set(snippet["marks"]) == {"解約"}  # type: ignore[arg-type]


def test_a_query_with_no_match_finds_nothing(page: Page, base_url: str) -> None:
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("() => !/初期化/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill("量子暗号")
    box.press("End")
    page.wait_for_function("() => /見つかりません|ありません/.test("
                           "document.querySelector('.md-search-result__meta').textContent)", timeout=10000)
    assert page.locator(".md-search-result__link").count() == 0


def test_every_page_runs_the_sites_search_worker(browser_site: object, base_url: str, page: Page) -> None:
    # main.html swaps Material's lunr worker for terms-search.js by name: Material 9.8.1's name
    page.goto(base_url + "en/cloud-resale/")
    config = page.eval_on_selector("#__config", "e => JSON.parse(e.textContent).search")
    assert config.endswith("assets/javascripts/terms-search.js"), config
