"""A version whose translation is pending, and a one-language document, on a phone (390 px): the banner
is on screen above the text, the text is the original read in its own language, nothing overflows, and
axe-core finds no serious problem (a `lang` that does not fit the text would be one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from ..site.helpers import build, make_repo
from .conftest import served
from .test_site_in_browser import AXE, Watched

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = 390
FIXTURE = Path(__file__).resolve().parents[1] / "site" / "pending"
PAGES = [("en/service/", "ja"), ("cookie-policy/", "en"), ("english-policy/", "en"), ("en/service/history/", None),
         ("en/service/2025-05-01/changes/", "ja")]


@pytest.fixture(scope="module")
def pending_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pending-phone")
    repo = make_repo(root / "repo", terms_from=FIXTURE)
    code, err = build(repo, root / "site", as_of=dt.date(2025, 6, 15))
    assert code == 0, err
    with served(root / "site") as url:
        yield url


@pytest.mark.parametrize(("url", "shown"), PAGES)
def test_the_banner_is_on_screen_and_nothing_overflows(browser: Browser, pending_url: str, url: str,
                                                        shown: str | None) -> None:
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    w = Watched(context.new_page(), pending_url)
    try:
        page = w.page
        page.add_init_script(path=str(AXE))
        page.goto(pending_url + url)
        if shown is not None:
            banner = page.locator(".terms-banner--translation").first
            assert banner.is_visible()
            box = banner.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE and box["height"] > 20
            text = page.locator(".terms-original-text").first
            assert text.get_attribute("lang") == shown and text.is_visible()
            # the banner comes before the text it speaks about
            tb = text.bounding_box()
            assert tb is not None and tb["y"] > box["y"]
        else:
            assert page.locator(".terms-translation-badge").first.is_visible()
        wide = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                         && getComputedStyle(e).position !== 'fixed' && e.getClientRects().length)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, wide
        assert wide == []
        result: dict[str, Any] = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
            " 'wcag22aa', 'best-practice']}})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
    finally:
        context.close()
    assert w.problems == []
