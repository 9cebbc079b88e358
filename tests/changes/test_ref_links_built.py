"""References, definitions and addresses as links on the real site built with --drafts (MkDocs, Material,
static-i18n): in the 新旧対照表 each column's references lead to that column's version page, and every
link of a version page or a comparison with a fragment lands on an element of the page it names (no
link to a provision that does not exist in that version)."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from pathlib import Path

import pytest

CHANGES = "cloud-resale/2027-01-01/changes/"
PAGES = ["cloud-resale/", "cloud-resale/2024-01-01/", "cloud-resale/2027-01-01/", CHANGES,
         "privacy-policy/"]


def _read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def _ids(site: Path, page: str, cache: dict[str, set[str]]) -> set[str]:
    if page not in cache:
        cache[page] = set(re.findall(r'\sid="([^"]+)"', _read(site, page)))
    return cache[page]


def _column(html: str, side: str) -> str:
    return "".join(re.findall(rf'<td class="cmp-{side}[^"]*">.*?</td>', html, re.S))


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_each_column_links_to_its_own_version(draft_site: Path, prefix: str) -> None:
    page = _read(draft_site, prefix + CHANGES)
    old, new = _column(page, "old"), _column(page, "new")
    old_links = re.findall(r'<a href="([^"]+)" class="terms-link">', old)
    new_links = re.findall(r'<a href="([^"]+)" class="terms-link">', new)
    assert old_links and new_links
    assert all(h.startswith("../../2024-01-01/#") for h in old_links if not h.startswith("#")), old_links
    assert all(h.startswith("../#") for h in new_links if not h.startswith("#")), new_links
    # 第12条第4項: 第5条第1項 (old, the language article) became 第6条第1項 (new, notices), the change
    # marked inside the link
    changed = re.compile(r'<a href="([^"]+)" class="terms-link">(?:第|Article )<(del|ins)>')
    assert ("../../2024-01-01/#language", "del") in changed.findall(old)
    assert ("../#notices", "ins") in changed.findall(new)


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("page", PAGES)
def test_every_link_with_a_fragment_lands_on_an_element(draft_site: Path, prefix: str, page: str) -> None:
    cache: dict[str, set[str]] = {}
    html = _read(draft_site, prefix + page)
    body = html[html.index('<article'):html.index('</article>')]
    hrefs = [html_lib.unescape(h) for h in re.findall(r'<a href="([^"]+)" class="terms-link"', body)]
    assert hrefs
    for href in hrefs:
        path, _, fragment = href.partition("#")
        if not fragment:
            continue
        target = posixpath.normpath(posixpath.join(prefix + page, path)) + "/" if path else prefix + page
        target = target.lstrip("./") if target != "./" else ""
        assert fragment in _ids(draft_site, target, cache), (href, target)


@pytest.mark.parametrize(("prefix", "term", "label"), [("", "def-company", "当社"), ("en/", "def-company", "Company")])
def test_defined_terms_link_to_their_definition(draft_site: Path, prefix: str, term: str, label: str) -> None:
    html = _read(draft_site, prefix + "cloud-resale/2024-01-01/")
    assert f'<p id="{term}" data-terms-def>' in html  # the preamble defines 当社 / the Company
    assert re.search(r'<tr id="def-customer" data-terms-def><td>(契約者|Customer)</td>', html)
    assert f'<a href="#{term}" class="terms-link">{label}</a>' in html
    # first use per article: 第1条 links 当社 once
    art = html[html.index('id="application"'):]
    art = art[:art.index("</section>")]
    assert art.count(f'href="#{term}" class="terms-link">{label}</a>') == 1
    assert '<script src="../../' in html and "assets/terms/definitions.js" in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_address_in_the_text_is_a_link(draft_site: Path, prefix: str) -> None:
    html = _read(draft_site, prefix + "cloud-resale/")
    assert ('<a href="http://www.clara.co.jp/policy/" class="terms-link terms-link--external" '
            'rel="noopener noreferrer">http://www.clara.co.jp/policy/</a>') in html
    changes = _read(draft_site, prefix + CHANGES)
    assert '<a href="http://www.clara.co.jp/policy/" class="terms-link terms-link--external"' in changes
