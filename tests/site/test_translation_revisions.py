"""The record of a translation revision is published: on the version page, on the history page and in
the API (the shipped 約款 and privacy policy were revised on 2026-12-04)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _block(html: str) -> str:
    start = html.index('<details class="terms-revisions">')
    return html[start:html.index("</details>", start)]


def test_the_api_gives_each_version_its_revisions(real_site: Path) -> None:
    api = json.loads((real_site / "api/terms.json").read_text(encoding="utf-8"))
    versions = {(d["id"], v["effective"]): v for d in api["documents"] for v in d["versions"]}
    privacy = versions[("privacy-policy", "2026-11-21")]["translation_revisions"]
    assert [r["date"] for r in privacy] == ["2026-12-04", "2026-12-05"]
    assert privacy[0]["summary"]["ja"].startswith("日本語訳を改訂しました。英語の原文は変わりません。")
    assert privacy[1]["summary"]["ja"].startswith("日本語訳に訳注（〔訳注〕）を付けました。")  # the translator's notes
    yakkan = versions[("cloud-resale", "2024-01-01")]["translation_revisions"]
    assert yakkan[0]["summary"]["en"].startswith(
        "The English reference translation is revised; the Japanese original is unchanged.")
    cancellation = versions[("cancellation-policy", "2026-11-21")]["translation_revisions"]
    assert [r["date"] for r in cancellation] == ["2026-12-04"] and "［原文に記載なし］" in cancellation[0]["summary"]["ja"]


@pytest.mark.parametrize(("url", "heading", "lead", "day"), [
    ("privacy-policy/2026-11-21/", "日本語訳の改訂（2件、最新：2026年12月5日）", "この版の原文は公表されたときのままです。",
     "2026年12月4日"),
    ("en/privacy-policy/2026-11-21/", "Revisions of the Japanese translation (2, latest December 5, 2026)",
     "only the translation was revised", "December 4, 2026"),
    ("en/cloud-resale/2024-01-01/", "Revisions of the English translation (2, latest December 5, 2026)",
     "only the translation was revised", "December 4, 2026"),
    ("cloud-resale/2024-01-01/", "英訳の改訂（2件、最新：2026年12月5日）", "改訂したのは翻訳だけです。", "2026年12月4日"),
])
def test_the_version_page_lists_its_revisions(real_site: Path, url: str, heading: str, lead: str, day: str) -> None:
    # folded, so that the terms come first on a phone; the history's #translation-revisions link is inside
    # the fold, which the browser opens when it goes to the fragment
    block = _block(_html(real_site, url))
    assert f"<summary>{heading}</summary>" in block and lead in block
    assert block.index("<summary>") < block.index('id="translation-revisions"')
    assert f'<time datetime="2026-12-04">{day}</time>{": " if url.startswith("en/") else "："}' in block


def test_a_version_without_revisions_has_no_list() -> None:
    from termsite.site import render_site
    from termsite.site.env import DEFAULTS
    from termsite.source.repository import load_corpus

    from .helpers import DEMO, DEMO_AS_OF

    corpus, _ = load_corpus(DEMO)
    assert not any(v.translation_revisions for d in corpus.documents for v in d.versions)
    site = render_site(corpus, DEMO_AS_OF, DEFAULTS)
    pages = [p for p in site.pages if p.kind == "version"]
    assert pages and not any('id="translation-revisions"' in p.html for p in pages)


def test_the_history_links_each_revision(real_site: Path) -> None:
    html = _html(real_site, "en/cloud-resale/history/")
    row = html[html.index('data-terms-version="2024-01-01"'):]
    row = row[:row.index("</tr>")]
    assert "2024-01-01/#translation-revisions" in row and "English translation revised December 4, 2026" in row
    ja = _html(real_site, "privacy-policy/history/")
    assert "2026年12月4日日本語訳改訂" in ja
