"""Comparison pages and notices of the built site in headless Chromium (Debian's, via Playwright):
folded articles open on a click, changed words are underlined in both columns (傍線), the page fits a
phone, and no page logs a console error (the Atom link in the head included) or has a serious
accessibility violation (axe-core).

The browser runs in a worker thread: Playwright's sync API refuses to start while another suite's
browser (tests/browser) holds the main thread's event loop."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ..browser.conftest import CHROMIUM, _Quiet
from .helpers import ANNOUNCED, NEW

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[1] / "browser" / "vendor" / "axe.min.js"
DRAFT = "cloud-resale/2027-01-01/changes/"
AXE_RUN = ("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
           " 'best-practice']}})")


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _watch(page: Any, base: str, problems: list[str]) -> None:
    host = urlsplit(base).netloc
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("request", lambda r: problems.append(f"request to another host: {r.url}")
            if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != host else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


def _axe(page: Any) -> list[tuple[str, str, list[Any]]]:
    # evaluated by the driver: the page's Content-Security-Policy refuses an added <script>
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.evaluate(AXE_RUN)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def _measure(draft_site: Path, switch_site: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"problems": {}, "axe": {}}
    with _served(draft_site) as drafts, _served(switch_site) as switch, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            # one context: pages share the browser's cache, as a reader's visits do
            context = browser.new_context(viewport={"width": 1280, "height": 900})

            def visit(base: str, url: str) -> tuple[Any, list[str]]:
                problems: list[str] = []
                page = context.new_page()
                _watch(page, base, problems)
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                return page, problems

            # the comparison on a wide screen: folds, changed words, accessibility
            page, problems = visit(drafts, DRAFT)
            fold = "details.cmp-fold >> nth=0"
            out["folded_before"] = page.is_visible("#change-application")
            page.click(f"{fold} >> summary")
            out["folded_after"] = page.is_visible("#change-application")
            fees = "#change-payment-of-fees"
            out["ins_visible"] = page.is_visible(f"{fees} ins")
            out["del_visible"] = page.is_visible(f"{fees} del")
            out["decorations"] = [page.eval_on_selector(f"{fees} {tag}", "e => getComputedStyle(e).textDecorationLine")
                                  for tag in ("ins", "del")]
            out["axe"]["ja comparison"] = _axe(page)
            # on a phone: one column, every cell led by its column label, nothing wider than the screen
            page.set_viewport_size({"width": 375, "height": 800})
            out["phone_scroll_width"] = page.evaluate("document.documentElement.scrollWidth")
            out["phone_labels"] = page.eval_on_selector_all(
                f"{fees} tr.cmp-row-paragraph.cmp-row-modified .cmp-col-label", "els => els.map(e => e.innerText)")
            out["phone_cells"] = page.eval_on_selector_all(
                f"{fees} tr.cmp-row-paragraph.cmp-row-modified > td", "els => els.map(e => e.getBoundingClientRect().toJSON())")
            out["problems"]["ja comparison"] = problems
            page.close()
            page, problems = visit(drafts, "en/" + DRAFT)
            out["axe"]["en comparison"] = _axe(page)
            out["problems"]["en comparison"] = problems
            page.close()
            # notices, the hub and the banner of an upcoming change
            for url in ("", "svc/", "notices/", f"notices/svc-{NEW}/", f"en/notices/svc-{NEW}/"):
                page, problems = visit(switch, url)
                if "notices/" in url:
                    out["axe"][url] = _axe(page)
                if url == "svc/":
                    page.click(".terms-banner--upcoming a >> text=改定のお知らせ")
                    page.wait_for_load_state("networkidle")
                    out["banner_target"] = page.url[len(switch):]
                out["problems"][url or "hub"] = problems
                page.close()
        finally:
            browser.close()
    return out


@pytest.fixture(scope="module")
def measured(draft_site: Path, switch_sites: dict[dt.date, Path]) -> dict[str, Any]:
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_measure, draft_site, switch_sites[ANNOUNCED]).result(timeout=300)


def test_no_page_logs_an_error_or_loads_from_another_host(measured: dict[str, Any]) -> None:
    assert measured["problems"] == {name: [] for name in measured["problems"]}
    assert set(measured["problems"]) == {"ja comparison", "en comparison", "hub", "svc/", "notices/",
                                         f"notices/svc-{NEW}/", f"en/notices/svc-{NEW}/"}


def test_unchanged_articles_are_folded_and_open_on_a_click(measured: dict[str, Any]) -> None:
    assert measured["folded_before"] is False and measured["folded_after"] is True


def test_changed_words_are_underlined_in_both_columns(measured: dict[str, Any]) -> None:
    assert measured["ins_visible"] and measured["del_visible"]
    ins, deleted = measured["decorations"]
    assert "underline" in ins and "underline" in deleted and "line-through" not in deleted


def test_the_comparison_fits_a_phone(measured: dict[str, Any]) -> None:
    assert measured["phone_scroll_width"] <= 375
    assert measured["phone_labels"] == ["改定後", "改定前"]
    new, old = measured["phone_cells"]
    assert new["y"] + new["height"] <= old["y"] + 1  # stacked, the new text first


def test_no_serious_accessibility_violations(measured: dict[str, Any]) -> None:
    assert measured["axe"] == {name: [] for name in measured["axe"]}
    assert set(measured["axe"]) == {"ja comparison", "en comparison", "notices/", f"notices/svc-{NEW}/",
                                    f"en/notices/svc-{NEW}/"}


def test_the_upcoming_banner_leads_to_the_notice(measured: dict[str, Any]) -> None:
    assert measured["banner_target"] == f"notices/svc-{NEW}/"
