"""References and defined terms as a reader uses them, in Chromium at 1280 and 390 px: a reference
in the 新旧対照表 lands on its provision in that column's version; a defined term shows its definition
on keyboard focus (Escape closes it) and on hover, on a phone on the first tap (the second tap follows
the link to the definition); nothing overflows the screen; axe-core finds no serious or critical
violation with a definition shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from ..site.helpers import build, make_repo
from .conftest import served
from .test_site_in_browser import AXE, Watched

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHANGES = "cloud-resale/2027-01-01/changes/"
AXE_RUN = ("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
           " 'wcag22aa', 'best-practice']}})")
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped terms built with drafts (the comparison of the draft revision exists), served."""
    root = tmp_path_factory.mktemp("refs")
    code, err = build(make_repo(root / "repo"), root / "site", drafts=True)
    assert code == 0, err
    with served(root / "site") as url:
        yield url


def _page(browser: Browser, base: str, width: int) -> tuple[Any, Watched]:
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=phone, is_mobile=phone)
    context.add_init_script(path=str(AXE))  # before the page's CSP applies
    return context, Watched(context.new_page(), base)


@pytest.fixture
def desktop(browser: Browser, site_url: str) -> Iterator[Watched]:
    context, w = _page(browser, site_url, 1280)
    try:
        yield w
    finally:
        context.close()
    assert w.problems == []


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Watched]:
    context, w = _page(browser, site_url, 390)
    try:
        yield w
    finally:
        context.close()
    assert w.problems == []


def _in_view(w: Watched, element_id: str) -> bool:
    return bool(w.page.evaluate("""(id) => { const r = document.getElementById(id).getBoundingClientRect();
        return r.top >= -1 && r.top < window.innerHeight; }""", element_id))


def _no_serious_violation(w: Watched) -> None:
    result: dict[str, Any] = w.page.evaluate(AXE_RUN)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


@pytest.mark.parametrize(("prefix", "width", "side", "href", "anchor"), [
    ("", 1280, "old", "../../2024-01-01/#language", "language"),   # 第5条第1項 in the old text
    ("", 1280, "new", "../#notices", "notices"),                    # 第6条第1項 in the new text
    ("en/", 390, "old", "../../2024-01-01/#language", "language"),
    ("en/", 390, "new", "../#notices", "notices"),
])
def test_a_reference_in_a_comparison_lands_on_its_provision(browser: Browser, site_url: str, prefix: str,
                                                            width: int, side: str, href: str, anchor: str) -> None:
    context, w = _page(browser, site_url, width)
    try:
        w.page.goto(site_url + prefix + CHANGES)
        link = w.page.locator(f'#change-payment-of-fees td.cmp-{side} a.terms-link[href="{href}"]').first
        link.scroll_into_view_if_needed()
        assert w.page.evaluate(OVERFLOW) <= 0
        if width < 600:
            link.tap()
        else:
            link.click()
        version = "2024-01-01" if side == "old" else "2027-01-01"
        w.page.wait_for_url(f"{site_url}{prefix}cloud-resale/{version}/#{anchor}")
        assert _in_view(w, anchor)
    finally:
        context.close()
    assert w.problems == []


def _tip(w: Watched) -> Any:
    return w.page.locator("#terms-deftip")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_keyboard_focus_shows_the_definition_and_escape_closes_it(desktop: Watched, site_url: str,
                                                                   prefix: str) -> None:
    page = desktop.page
    page.goto(site_url + prefix + "cloud-resale/")
    customer = page.locator('.terms-body a.terms-defined[href="#def-customer"]').first
    customer.scroll_into_view_if_needed()
    # reach it from the keyboard: focus the element before it, then Tab
    page.evaluate("""() => { const links = [...document.querySelectorAll('a, button, input, [tabindex]')];
        const i = links.indexOf(document.querySelector('.terms-body a.terms-defined[href="#def-customer"]'));
        links[i - 1].focus(); }""")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#def-customer"
    tip = _tip(desktop)
    assert tip.is_visible()
    assert tip.get_attribute("role") == "tooltip"
    assert customer.get_attribute("aria-describedby") == "terms-deftip"
    words = tip.inner_text()
    assert ("契約者：" in words and "法人等" in words) if prefix == "" else ("Customer: " in words
                                                                        and "corporation" in words)
    _no_serious_violation(desktop)
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert customer.get_attribute("aria-describedby") is None
    assert page.url == site_url + prefix + "cloud-resale/"  # nothing followed


def test_hover_shows_the_definition_in_the_text(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "cloud-resale/")
    company = page.locator('.terms-body a.terms-defined[href="#def-company"]', has_text="当社").first
    company.hover()
    tip = _tip(desktop)
    assert tip.is_visible()
    assert "（以下「当社」といいます）" in tip.inner_text()  # the sentence of the preamble that defines it
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)
    assert not tip.is_visible()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_tap_shows_the_definition_and_a_second_tap_follows(phone: Watched, site_url: str, prefix: str) -> None:
    page = phone.page
    page.goto(site_url + prefix + "cloud-resale/")
    term = page.locator('.terms-body a.terms-defined[href="#def-service-agreement"]').first
    term.scroll_into_view_if_needed()
    term.tap()
    tip = _tip(phone)
    assert tip.is_visible()
    assert page.url == site_url + prefix + "cloud-resale/"
    box = tip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate(OVERFLOW) <= 0
    _no_serious_violation(phone)
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    term.tap()
    assert tip.is_visible()
    term.tap()  # the second tap goes to the definition
    page.wait_for_url(site_url + prefix + "cloud-resale/#def-service-agreement")
    assert _in_view(phone, "def-service-agreement")
    assert not tip.is_visible()


def test_a_tap_elsewhere_closes_the_definition(phone: Watched, site_url: str) -> None:
    page = phone.page
    page.goto(site_url + "cloud-resale/")
    term = page.locator(".terms-body a.terms-defined").nth(2)
    term.scroll_into_view_if_needed()
    term.tap()
    assert _tip(phone).is_visible()
    page.locator("h1").tap()
    assert not _tip(phone).is_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_comparison_has_no_serious_violation_with_its_links(browser: Browser, site_url: str, width: int) -> None:
    context, w = _page(browser, site_url, width)
    try:
        w.page.goto(site_url + CHANGES)
        assert w.page.locator("td.cmp-old a.terms-link").count() > 10
        assert w.page.evaluate(OVERFLOW) <= 0
        _no_serious_violation(w)
    finally:
        context.close()
    assert w.problems == []
