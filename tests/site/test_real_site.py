"""The real site, built with the shipped terms through MkDocs: pages, languages, anchors, notes,
search, sitemap, weight and privacy (no request leaves the site)."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from termsite.model.numbering import article_numbers, heading
from termsite.model.terms import Corpus, Document
from termsite.model.timeline import in_force
from termsite.source.canonical import content_hash
from termsite.source.load import load_corpus

from .helpers import AS_OF, DEFAULTS, REPO, Html, page

pytestmark = pytest.mark.slow

DOCS = ("cloud-resale", "privacy-policy", "cancellation-policy")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    found, _ = load_corpus(REPO)
    return found


def _doc(corpus: Corpus, doc_id: str) -> Document:
    doc = corpus.document(doc_id)
    assert doc is not None
    return doc


def test_every_page_exists_in_both_languages(real_site: Path, corpus: Corpus) -> None:
    for prefix in ("", "en/"):
        assert (real_site / prefix / "index.html").is_file()
        assert (real_site / prefix / "404.html").is_file()
        for doc_id in DOCS:
            doc = _doc(corpus, doc_id)
            assert (real_site / prefix / doc_id / "index.html").is_file()
            assert (real_site / prefix / doc_id / "history" / "index.html").is_file()
            for v in doc.versions:
                exists = (real_site / prefix / doc_id / v.key / "index.html").is_file()
                assert exists == (v.status == "published"), v.key  # drafts only in previews
    assert (real_site / "api" / "terms.json").is_file()


def test_lang_attribute_is_right_on_every_page(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        rel = path.relative_to(real_site).as_posix()
        expected = "en" if rel.startswith("en/") else "ja"
        assert page(real_site, rel).html_lang() == expected, rel


def test_404_pages_are_per_language(real_site: Path) -> None:
    ja = (real_site / "404.html").read_text(encoding="utf-8")
    en = (real_site / "en" / "404.html").read_text(encoding="utf-8")
    assert "ページが見つかりません" in ja and 'lang="ja"' in ja
    assert "Page not found" in en and 'lang="en"' in en
    # served at any address: every asset and link is absolute
    for text in (ja, en):
        for tag, attrs in Html(text).tags:
            ref = attrs.get("src") or (attrs.get("href") if tag in ("link", "script") else None)
            if ref:
                assert ref.startswith("/"), ref


def test_every_article_title_of_the_seed_is_on_the_japanese_page(real_site: Path, corpus: Corpus) -> None:
    doc = _doc(corpus, "cloud-resale")
    version = in_force(doc, AS_OF)
    assert version is not None and len(version.articles) == 39
    numbers = article_numbers(version)
    html = page(real_site, "cloud-resale/")
    for art in version.articles:
        assert art.title is not None
        expected = heading(doc, numbers[art.id], art.title.ja, "ja")
        assert html.ids.get(art.id) == "h3", art.id
        assert html.text_by_id[art.id] == expected
    # 付則 and 別紙 are there too
    assert html.text_by_id["supplementary-2024-01-01"] == "付則（実施日）"
    assert html.text_by_id["covered-services"] == "別紙　本サービス約款が対象となるサービス"


def test_article_anchors_are_the_same_in_both_languages_and_in_the_permalink(real_site: Path,
                                                                            corpus: Corpus) -> None:
    for doc_id in DOCS:
        doc = _doc(corpus, doc_id)
        version = in_force(doc, AS_OF)
        assert version is not None
        ids = {a.id for a in version.articles}
        for url in (f"{doc_id}/", f"en/{doc_id}/", f"{doc_id}/{version.key}/", f"en/{doc_id}/{version.key}/"):
            assert ids <= set(page(real_site, url).ids), url


def test_english_heading_style(real_site: Path) -> None:
    en = page(real_site, "en/cloud-resale/")
    assert en.text_by_id["application"] == "Article 1 (Application of These Terms and Conditions)"
    assert en.text_by_id["general"] == "Chapter 1 General Provisions"
    pp = page(real_site, "en/privacy-policy/")
    assert pp.text_by_id["sharing-with-third-parties"].startswith("4. Sharing")
    assert pp.text_by_id["disclosure-of-applicant-information"] == "4.1. Disclosure of applicant information"
    # an untitled article of an unnumbered document: no heading, the anchor on the article itself
    cancel = page(real_site, "cancellation-policy/")
    assert cancel.ids["cancellation"] == "section"


def test_statute_labels_are_kept_on_one_line(real_site: Path) -> None:
    text = (real_site / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    assert '<span class="terms-num">第１条</span>（約款の適用）' in text  # the 約款's numerals: full-width
    assert '<span class="terms-num">2.</span>本約款と' in text
    assert '<span class="terms-num">(1)</span>本サービス利用契約' in text
    css = (real_site / "assets" / "terms" / "terms.css").read_text(encoding="utf-8")
    assert re.search(r"\.terms-num\s*\{[^}]*white-space:\s*nowrap", css)
    assert "line-break: strict" in css


def test_governing_language_note_on_the_translation_only(real_site: Path) -> None:
    # the 約款 is a Japanese original: its English pages carry the note
    assert page(real_site, "en/cloud-resale/").has_class("terms-governing")
    assert page(real_site, "en/cloud-resale/2024-01-01/").has_class("terms-governing")
    assert not page(real_site, "cloud-resale/").has_class("terms-governing")
    en = (real_site / "en" / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    assert "The Japanese original of this document governs" in en
    # the privacy policy is an English original: the reverse
    assert page(real_site, "privacy-policy/").has_class("terms-governing")
    assert not page(real_site, "en/privacy-policy/").has_class("terms-governing")
    ja = (real_site / "privacy-policy" / "index.html").read_text(encoding="utf-8")
    assert "英語の原文を正文とします" in ja


def test_dates_are_written_as_readers_write_them(real_site: Path) -> None:
    ja = (real_site / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    en = (real_site / "en" / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-01-01">2024年1月1日</time>' in ja
    assert '<time datetime="2024-01-01">January 1, 2024</time>' in en


def test_hub_lists_every_document_with_its_version_in_force(real_site: Path, corpus: Corpus) -> None:
    hub = (real_site / "index.html").read_text(encoding="utf-8")
    for doc_id in DOCS:
        doc = _doc(corpus, doc_id)
        version = in_force(doc, AS_OF)
        assert version is not None
        assert f'href="{doc_id}/"' in hub
        assert doc.title.ja is not None and doc.title.ja in hub
        assert f"{version.effective.year}年{version.effective.month}月{version.effective.day}日施行" in hub


def test_navigation_holds_only_current_pages_and_histories(real_site: Path) -> None:
    html = page(real_site, "cloud-resale/")
    links = {a.get("href") for a in html.attrs("a")
             if "md-nav__link" in (a.get("class") or "") and not (a.get("href") or "#").startswith("#")}
    assert {"..", "./", "history/"} <= links
    assert not [x for x in links if x and re.search(r"\d{4}-\d{2}-\d{2}", x)]


def test_api_index(real_site: Path, corpus: Corpus) -> None:
    data = json.loads((real_site / "api" / "terms.json").read_text(encoding="utf-8"))
    assert data["as_of"] == AS_OF.isoformat()
    assert [d["id"] for d in data["documents"]] == list(DOCS)
    cloud = data["documents"][0]
    assert cloud["in_force"] == "2024-01-01"
    assert cloud["urls"] == {"ja": "https://terms.example.com/cloud-resale/",
                             "en": "https://terms.example.com/en/cloud-resale/"}
    doc = _doc(corpus, "cloud-resale")
    v = doc.version("2024-01-01")
    assert v is not None
    [entry] = [e for e in cloud["versions"] if e["effective"] == "2024-01-01"]
    assert entry["sha256"] == content_hash(v)
    assert entry["state"] == "current" and entry["status"] == "published"
    assert all(e["status"] == "published" for d in data["documents"] for e in d["versions"])


def test_search_index_has_both_languages_and_only_the_terms_in_force(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["pipeline"] == ["trimmer"]
    assert index["config"]["lang"] == ["ja", "en"]
    locations = [d["location"] for d in index["docs"]]
    assert "cloud-resale/#amendment" in locations
    assert "en/cloud-resale/#amendment" in locations
    # no version permalink (notices, named <doc>-<date>/, are current information and searchable)
    assert not [x for x in locations if re.search(r"(?<!-)\b\d{4}-\d{2}-\d{2}/", x) and "notices/" not in x]


def test_sitemap_has_hreflang_alternates_and_dates_from_the_terms(real_site: Path) -> None:
    raw = (real_site / "sitemap.xml").read_bytes()
    assert gzip.decompress((real_site / "sitemap.xml.gz").read_bytes()) == raw
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(raw)
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    cloud = urls["https://terms.example.com/cloud-resale/"]
    alternates = {a.get("hreflang"): a.get("href") for a in cloud.findall("x:link", ns)}
    assert alternates == {"ja": "https://terms.example.com/cloud-resale/",
                          "en": "https://terms.example.com/en/cloud-resale/"}
    assert cloud.findtext("s:lastmod", namespaces=ns) == "2024-01-01"
    assert "https://terms.example.com/en/cloud-resale/2024-01-01/" in urls
    # the gzip header's timestamp is the newest page date, not the build time
    mtime = int.from_bytes((real_site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    newest = max(u.findtext("s:lastmod", namespaces=ns) or "" for u in urls.values())
    assert mtime == int(__import__("datetime").datetime.fromisoformat(newest + "T00:00:00+00:00").timestamp())


def _external(ref: str) -> bool:
    parts = urlsplit(ref)
    return bool(parts.scheme in ("http", "https") or ref.startswith("//")) and parts.hostname not in (
        None, "terms.example.com")


def test_no_request_leaves_the_site(real_site: Path) -> None:
    for path in sorted(real_site.rglob("*.html")):
        html = Html(path.read_text(encoding="utf-8"))
        for tag, attrs in html.tags:
            refs = [attrs.get("src")]
            if tag == "link":
                refs.append(attrs.get("href"))
            for ref in refs:
                assert not (ref and _external(ref)), f"{path}: <{tag}> loads {ref}"
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
    for css in sorted(real_site.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not _external(ref), f"{css}: {ref}"


def test_a_japanese_version_page_weighs_at_most_80_kib_gzipped(real_site: Path) -> None:
    for url in ("cloud-resale/index.html", "cloud-resale/2024-01-01/index.html"):
        raw = (real_site / url).read_bytes()
        assert len(gzip.compress(raw, 9)) <= 80 * 1024, url


def test_print_stylesheet_shows_title_date_and_address(real_site: Path) -> None:
    html = page(real_site, "cloud-resale/2024-01-01/")
    assert html.has_class("terms-print-url")
    text = (real_site / "cloud-resale" / "2024-01-01" / "index.html").read_text(encoding="utf-8")
    assert '<p class="terms-print-url">https://terms.example.com/cloud-resale/2024-01-01/</p>' in text
    css = (real_site / "assets" / "terms" / "terms.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print"):]
    assert re.search(r"\.terms-print-url\s*\{\s*display:\s*block", printing)
    assert ".terms-versions" in printing
    # every stylesheet of templates/assets/ is linked from the pages
    for name in sorted(p.name for p in (DEFAULTS / "assets").glob("*.css")):
        assert f"assets/terms/{name}" in text, name
