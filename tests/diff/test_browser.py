"""The comparison in a real browser (Debian's Chromium via Playwright): side by side on a wide screen,
stacked with column labels on a phone, changes underlined in both columns (傍線; deletions also
boxed, never struck through), folds that open without script.

The browser runs in a worker thread: Playwright's sync API refuses to start while another suite's
browser (tests/browser) holds the main thread's event loop."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from termsite.compare.compare import compare
from termsite.compare.html import render_comparison_page
from termsite.site.env import make_environment

from .helpers import CASES, load_case

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROW = "#change-definitions tr.cmp-row-table"
BOXES = "els => els.map(e => e.getBoundingClientRect().toJSON())"


def _measure(url: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(url)
            out["wide_cells"] = page.eval_on_selector_all(f"{ROW} > td", BOXES)
            out["wide_label_visible"] = page.is_visible(f"{ROW} .cmp-col-label")
            out["marks"] = {tag: page.eval_on_selector(
                f"#change-definitions {tag}",
                "e => { const s = getComputedStyle(e); return [s.textDecorationLine, s.fontWeight, "
                "s.borderTopStyle, parseFloat(s.borderTopWidth), parseFloat(s.borderLeftWidth)]; }")
                for tag in ("ins", "del")}
            out["hidden_word_width"] = page.eval_on_selector(".cmp-vh", "e => e.getBoundingClientRect().width")
            page.close()
            page = browser.new_page(viewport={"width": 375, "height": 800})
            page.goto(url)
            out["narrow_cells"] = page.eval_on_selector_all(f"{ROW} > td", BOXES)
            out["narrow_labels"] = page.eval_on_selector_all(f"{ROW} .cmp-col-label", "els => els.map(e => e.innerText)")
            out["narrow_scroll_width"] = page.evaluate("document.documentElement.scrollWidth")
            out["same_row_display"] = page.eval_on_selector_all(
                "#change-definitions tr.cmp-row-same > td", "els => els.map(e => getComputedStyle(e).display)")
            page.close()
            page = browser.new_page(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
            page.goto(url)
            out["folded_visible_before"] = page.is_visible("#change-application")
            page.click("details.cmp-fold >> nth=1 >> summary")
            out["folded_visible_after"] = page.is_visible("#change-application")
            page.close()
        finally:
            browser.close()
    return out


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    doc, old, new = load_case(CASES / "table-cell")
    path = tmp_path_factory.mktemp("cmp") / "comparison.html"
    path.write_text(render_comparison_page(doc, compare(doc, old, new), "en", env=make_environment()), encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_measure, path.as_uri()).result(timeout=120)


def test_columns_side_by_side_on_a_wide_screen(measured: dict[str, Any]) -> None:
    new, old = measured["wide_cells"]
    assert new["x"] < old["x"] and abs(new["y"] - old["y"]) < 1
    assert not measured["wide_label_visible"]
    # 傍線 in both columns, as Japanese comparison tables mark changes: a strike-through would merge
    # with a single deleted kanji's strokes. Insertions are bold, deletions boxed: both survive
    # greyscale and print.
    decoration, weight, style, top, left = measured["marks"]["del"]
    assert decoration == "underline" and style == "solid" and top >= 1 and left >= 1
    decoration, weight, style, top, left = measured["marks"]["ins"]
    assert decoration == "underline" and int(weight) >= 600 and style == "none"
    assert measured["hidden_word_width"] <= 1  # [insertion] is for screen readers only


def test_columns_stack_with_their_labels_on_a_phone(measured: dict[str, Any]) -> None:
    new, old = measured["narrow_cells"]
    assert abs(new["x"] - old["x"]) < 1 and old["y"] >= new["y"] + new["height"] - 1
    assert measured["narrow_labels"] == ["After amendment", "Before amendment"]
    assert measured["narrow_scroll_width"] <= 375
    # A row that reads the same on both sides shows once.
    assert measured["same_row_display"] == ["block", "none"] * 2


def test_unchanged_articles_fold_and_open_without_script(measured: dict[str, Any]) -> None:
    assert not measured["folded_visible_before"]
    assert measured["folded_visible_after"]
