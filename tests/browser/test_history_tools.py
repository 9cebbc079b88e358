"""The history tools in Chromium at 1280 and 390 px (issue 12, parts 3 and 4): the picker of two versions
reaches their comparison, the date opens the version in force on it (00:00 Japan time on an effective
date, a date before the first version), an article's history control lands on its row, and axe-core
finds no serious or critical violation on the new pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from ..site.helpers import DEMO, DEMO_AS_OF, build, make_repo
from .conftest import served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site (a superseded, a current and an upcoming version) served locally."""
    root = tmp_path_factory.mktemp("history-browser")
    repo = make_repo(root / "repo", terms_from=DEMO)
    code, err = build(repo, root / "site", as_of=DEMO_AS_OF)
    assert code == 0, err
    with served(root / "site") as url:
        yield url


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page of the given width that fails the test on a script error."""
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield p
    context.close()
    assert errors == []


@pytest.mark.parametrize(("lang", "old", "new", "target"), [
    ("", "2024-01-01", "2025-09-01", "demo/2024-01-01/changes/2025-09-01/"),
    ("en/", "2024-01-01", "2025-04-01", "demo/2025-04-01/changes/"),
    ("", "2025-04-01", "2025-09-01", "demo/2025-09-01/changes/"),
])
def test_the_picker_reaches_the_comparison(page: Page, demo_url: str, lang: str, old: str, new: str,
                                           target: str) -> None:
    page.goto(f"{demo_url}{lang}demo/history/")
    form = page.locator("form[data-terms-compare]")
    assert form.is_visible()
    page.select_option("#terms-compare-old", old)
    # only the versions a comparison exists for can be chosen
    enabled = page.eval_on_selector_all("#terms-compare-new option:not([disabled])", "os => os.map(o => o.value)")
    assert new in enabled and old not in enabled
    page.select_option("#terms-compare-new", new)
    form.locator("button").click()
    page.wait_for_url(f"{demo_url}{lang}{target}")
    assert page.locator(".terms-comparison").count() == 1


@pytest.mark.parametrize(("lang", "date", "opens"), [
    ("", "2025-04-01", "demo/2025-04-01/"),   # the effective date itself: in force from 00:00 Japan time
    ("", "2025-03-31", "demo/2024-01-01/"),   # the day before: still the earlier version
    ("en/", "2024-01-01", "en/demo/2024-01-01/"),
    ("en/", "2025-06-01", "en/demo/2025-04-01/"),
    ("", "2026-03-01", "demo/2025-09-01/"),   # the upcoming version, announced, applies then
])
def test_the_date_opens_the_version_in_force(page: Page, demo_url: str, lang: str, date: str, opens: str) -> None:
    page.goto(f"{demo_url}{lang}demo/on/?date={date}")
    page.wait_for_url(f"{demo_url}{opens}")
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_history_page_date_field_opens_the_version(page: Page, demo_url: str, lang: str) -> None:
    page.goto(f"{demo_url}{lang}demo/history/")
    page.fill("#terms-on-date", "2025-04-01")
    page.locator(".terms-on__form button").click()
    page.wait_for_url(f"{demo_url}{lang}demo/2025-04-01/")


@pytest.mark.parametrize(("lang", "word"), [("", "まだ施行されていませんでした"), ("en/", "not yet in force")])
def test_a_date_before_the_first_version_says_so(page: Page, demo_url: str, lang: str, word: str) -> None:
    page.goto(f"{demo_url}{lang}demo/on/?date=2023-12-31")
    message = page.locator('[data-terms-on-message="before"]')
    message.wait_for(state="visible")
    assert word in message.inner_text()
    assert page.url.endswith("demo/on/?date=2023-12-31")
    page.goto(f"{demo_url}{lang}demo/on/?date=2025-02-30")
    page.locator('[data-terms-on-message="invalid"]').wait_for(state="visible")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_article_history_control_lands_on_its_row(page: Page, demo_url: str, lang: str) -> None:
    page.goto(f"{demo_url}{lang}demo/")
    link = page.locator("#amendment").locator("xpath=..").locator("a.terms-history-link")
    assert link.is_visible()  # next to the copy-link control, in the heading's row
    assert page.locator("#amendment").locator("xpath=..").locator("button.terms-copy").count() == 1
    link.click()
    page.wait_for_url(f"{demo_url}{lang}demo/history/articles/#a-amendment")
    row = page.locator("tr:target")
    assert row.get_attribute("id") == "a-amendment"
    box = row.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]  # type: ignore[index]


@pytest.mark.parametrize("path", ["demo/history/", "demo/history/articles/", "demo/on/",
                                  "demo/2024-01-01/changes/2025-09-01/", "demo/2024-01-01/"])
@pytest.mark.parametrize("lang", ["", "en/"])
def test_axe_finds_no_serious_violation(page: Page, demo_url: str, lang: str, path: str) -> None:
    # before the page's own scripts, outside its Content-Security-Policy (which refuses an added <script>)
    page.add_init_script(path=str(AXE))
    page.goto(f"{demo_url}{lang}{path}")
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}})")
    bad = []
    for v in result["violations"]:
        nodes = [n["target"] for n in v["nodes"]]
        if v["id"] == "color-contrast" and "/changes/" in path:
            # the comparison fragment's column labels on a narrow screen (comparison.css), the same on
            # every comparison page, consecutive ones included: not these pages' own markup
            nodes = [n for n in nodes if not any("cmp-col-label" in t for t in n)]
        if v["impact"] in ("serious", "critical") and nodes:
            bad.append((v["id"], v["impact"], nodes[:3]))
    assert bad == [], bad
