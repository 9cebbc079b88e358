"""Hostile text in a browser: a payload in a title is refused by the build; plain text that looks like
markup (R&D, a < b, quotes) is shown as text, escaped once; and a script that reaches a page anyway
runs nothing under the pages' Content-Security-Policy, on load or while searching."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from ..site.helpers import DEMO, DEMO_AS_OF, build, make_repo
from .conftest import served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAIN_TITLE = "R&D \"Demo\" 'Terms' a < b & c > d"
PLAIN_SITE_NAME = "Tests & Terms"
PAYLOADS = {
    "title.en": "<img src=x onerror=alert(document.domain)>",
    "chapter title": "General Provisions<img src=x onerror=alert(2)//",
    "site_name.en": "Terms<script>alert(3)</script>",
}


def _set_title(repo: Path, en: str) -> None:
    meta = repo / "terms" / "demo" / "document.yml"
    text = meta.read_text(encoding="utf-8")
    assert "en: Demo Terms}" in text
    meta.write_text(text.replace("en: Demo Terms}", f"en: {json.dumps(en)}}}"), encoding="utf-8")


def _set_site_name(repo: Path, en: str) -> None:
    site = repo / "site_config" / "site.yml"
    text = site.read_text(encoding="utf-8")
    assert "  en: Test Terms\n" in text
    site.write_text(text.replace("  en: Test Terms\n", f"  en: {json.dumps(en)}\n"), encoding="utf-8")


@pytest.mark.parametrize("where", sorted(PAYLOADS))
def test_a_payload_in_a_title_is_refused_by_the_build(tmp_path: Path, where: str) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    payload = PAYLOADS[where]
    if where == "title.en":
        _set_title(repo, payload)
    elif where == "site_name.en":
        _set_site_name(repo, payload)
    else:
        version = repo / "terms" / "demo" / "2026-01-01.yml"
        text = version.read_text(encoding="utf-8")
        first_title = re.search(r"title: \{ja: ([^,]+), en: ([^}]+)\}", text)
        assert first_title is not None
        version.write_text(text.replace(first_title.group(0),
                                        f"title: {{ja: {first_title.group(1)}, en: {json.dumps(payload)}}}", 1),
                           encoding="utf-8")
    site = tmp_path / "site"
    code, err = build(repo, site, as_of=DEMO_AS_OF, drafts=True)
    assert code == 1
    assert re.search(r"^\S+\.yml:\d+:\d+: error TERMS018: markup in text", err, re.M), err
    assert not site.exists()


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain-text")
    repo = make_repo(root / "repo", terms_from=DEMO)
    _set_title(repo, PLAIN_TITLE)
    _set_site_name(repo, PLAIN_SITE_NAME)
    site = root / "site"
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    assert code == 0, err
    return site


@pytest.fixture(scope="module")
def plain_url(plain_site: Path) -> Iterator[str]:
    with served(plain_site) as url:
        yield url


class Guarded:
    """A page on which every dialog, script error and policy violation is recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: (self.violations if "Content Security Policy" in m.text else self.errors)
                .append(m.text) if m.type == "error" else None)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(getattr(dialog, "message", "?"))
        dialog.dismiss()  # type: ignore[attr-defined]

    def search(self, query: str) -> list[str]:
        """Type ``query`` into the search box; the titles of the results, as the reader sees them."""
        page = self.page
        page.locator("input.md-search__input").click()
        # the index loads in a worker: a query typed before it is ready is not run
        page.wait_for_function("() => { const t = document.querySelector('.md-search-result__meta').textContent;"
                               " return t.trim() !== '' && !t.includes('Initializing'); }")
        page.locator("input.md-search__input").fill(query)
        page.locator("input.md-search__input").press("End")
        page.locator(".md-search-result__link").first.wait_for(timeout=15000)
        page.wait_for_timeout(300)
        return [t.strip() for t in page.locator(".md-search-result__article h1").all_inner_texts()]


@pytest.fixture
def guarded(browser: Browser) -> Iterator[Guarded]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Guarded(context.new_page())
    finally:
        context.close()


def test_text_that_looks_like_markup_is_shown_as_text(guarded: Guarded, plain_url: str) -> None:
    page = guarded.page
    page.goto(plain_url + "en/demo/")
    assert page.locator("h1").first.inner_text().strip() == PLAIN_TITLE
    assert page.title() == f"{PLAIN_TITLE} - {PLAIN_SITE_NAME}"
    assert page.locator(".md-header__topic").first.inner_text().strip() == PLAIN_SITE_NAME
    assert page.locator(".md-header__button.md-logo").first.get_attribute("aria-label") == PLAIN_SITE_NAME
    assert PLAIN_TITLE in guarded.search("Demo")
    page.goto(plain_url + "en/demo/2024-01-01/")  # a framed page
    assert page.title().startswith(PLAIN_TITLE)
    assert (guarded.dialogs, guarded.errors, guarded.violations) == ([], [], [])


def test_an_injected_script_runs_nothing_on_load_or_while_searching(guarded: Guarded, plain_site: Path,
                                                                    plain_url: str) -> None:
    # what an injection that got past every check would put into a page and into the search index
    page_file = plain_site / "en" / "demo" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    injected = ("<script>alert('inline')</script><img src=x onerror=\"alert('handler')\">"
                "<a id=js href=\"javascript:alert('link')\">x</a>")
    page_file.write_text(html.replace("<h1", injected + "<h1", 1), encoding="utf-8")
    index_file = plain_site / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"].append({"location": "en/demo/payload/", "title": "Payload <img src=x onerror=alert('search')>",
                          "text": "payloadword"})
    index_file.write_text(json.dumps(index), encoding="utf-8")

    page = guarded.page
    page.goto(plain_url + "en/demo/")
    titles = guarded.search("payloadword")
    assert any(t.startswith("Payload") for t in titles), titles
    page.keyboard.press("Escape")
    page.locator("#js").click()
    assert guarded.dialogs == []
    assert guarded.violations, "the policy reported nothing: it did not block the injection"
    assert all("script-src" in v or "Refused to run" in v or "Refused to execute" in v
               for v in guarded.violations), guarded.violations
