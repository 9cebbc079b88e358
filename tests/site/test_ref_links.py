"""Resolved cross-references are links to their provision's anchor; unresolved ones stay plain text.

Rendered from the case tests/core/cases/reference-forms (サービス約款 citing its own articles, its 別表 and
the プライバシーポリシー) and checked on the real site's version in force (第12条第4項, 第14条第2項).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from termsite.adapters.cli.main import load_checked
from termsite.model.links import Link
from termsite.model.terms import Corpus, Lang
from termsite.rules.links import provision_ids
from termsite.rules.ref_links import cited_spans
from termsite.rules.refs import Documents
from termsite.site.body import Citations, body_view
from termsite.site.body_html import body_html
from termsite.site.links import LinkTargets

CASE = Path(__file__).parents[1] / "core" / "cases" / "reference-forms"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, _ = load_checked(CASE, dt.date(2026, 11, 22))
    return corpus


def rendered(corpus: Corpus, lang: Lang, in_force: dict[str, str] | None = None,
             permalinks: frozenset[str] = frozenset()) -> str:
    doc = corpus.document("service")
    assert doc is not None
    version = doc.versions[0]
    links = LinkTargets(lang, ("" if lang == "ja" else "en/") + "service/2024-01-01/", frozenset({"service", "privacy"}), here=True,
                        ids=provision_ids(version))
    cited = cited_spans(version, Documents(corpus, doc), lang)
    pinned = {"privacy": "2023-01-01"} if in_force is None else in_force
    return body_html(body_view(doc, version, lang, links, Citations(cited, pinned, permalinks)))


def paragraph(html: str, text: str) -> str:
    """The ``<p>`` of the paragraph whose text (without tags) contains ``text``."""
    for p in re.findall(r"<p>.*?</p>", html):
        if text in re.sub(r"<[^>]+>", "", p):
            return str(p)
    raise AssertionError(text)


def a(href: str, label: str) -> str:
    return f'<a href="{href}" class="terms-link">{label}</a>'


def test_japanese_references_lead_to_their_articles(corpus: Corpus) -> None:
    html = rendered(corpus, "ja")
    p = paragraph(html, "前条第1項第2号の行為は")
    assert a("#prohibited", "前条第1項第2号") in p  # 前条: the article before
    assert a("#fees", "第3条第1項") in p and a("#fees", "第3項") in p
    assert a("#services", "別表第1") in html  # the appendix
    assert a("#fees", "同条第3項") in html  # 同条: the article cited last
    assert a("#citing", "本条") in html


def test_english_references_lead_to_the_same_articles(corpus: Corpus) -> None:
    html = rendered(corpus, "en")
    p = paragraph(html, "An act under the preceding Article")
    assert a("#prohibited", "the preceding Article, paragraph (1), item (2)") in p
    assert a("#fees", "Article 3, paragraphs (1) to (3)") in p
    assert a("#fees", "paragraph (3) of the same Article") in html
    assert a("#services", "Schedule 1") in html


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_unresolved_references_are_plain_text(corpus: Corpus, lang: Lang) -> None:
    html = rendered(corpus, lang)
    nowhere = html[html.index('id="nowhere"'):html.index("</section>", html.index('id="nowhere"'))]
    first = paragraph(nowhere, "第3条の3" if lang == "ja" else "Article 3-3")
    assert "<a " not in first  # 第3条の3 does not exist
    third = paragraph(nowhere, "前条第9項" if lang == "ja" else "paragraph (9), item (1)")
    assert "<a " not in third  # the article before has no paragraph 9


def test_another_document_is_linked_only_where_its_page_in_force_is_the_cited_version(corpus: Corpus) -> None:
    html = rendered(corpus, "ja")
    p = paragraph(html, "個人情報は")
    assert '<a href="../../privacy/#collection" class="terms-link">' in p
    assert '<a href="../../privacy/#use" class="terms-link">' in p
    later = paragraph(rendered(corpus, "ja", {"privacy": "2099-01-01"}), "個人情報は")
    assert "<a " not in later
    en = paragraph(rendered(corpus, "en"), "Personal information")
    assert '<a href="../../privacy/#collection" class="terms-link">Section 2</a>' in en


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_cited_version_that_is_not_in_force_is_linked_at_its_permalink(corpus: Corpus, lang: Lang) -> None:
    # privacy 2023-01-01 is the version in force on the citing version's effective date; today another is
    later = rendered(corpus, lang, {"privacy": "2099-01-01"}, frozenset({"privacy@2023-01-01"}))
    p = paragraph(later, "個人情報は" if lang == "ja" else "Personal information")
    assert '<a href="../../privacy/2023-01-01/#collection" class="terms-link">' in p
    assert '<a href="../../privacy/2023-01-01/#use" class="terms-link">' in p or lang == "en"
    # a permalink the build does not have: no link
    other = rendered(corpus, lang, {"privacy": "2099-01-01"}, frozenset({"privacy@2022-01-01"}))
    assert "privacy/" not in paragraph(other, "個人情報は" if lang == "ja" else "Personal information")


def test_the_permalink_form_is_the_sites_not_the_texts(corpus: Corpus) -> None:
    # a text cannot write the form itself: without the page's permission it is its label
    links = LinkTargets("ja", "service/2024-01-01/", frozenset(), here=True)
    assert links.href(Link("x", "privacy@2023-01-01#use")) is None
    allowed = LinkTargets("ja", "service/2024-01-01/", frozenset(), here=True, permalinks=frozenset({"privacy@2023-01-01"}))
    assert allowed.href(Link("x", "privacy@2023-01-01#use")) == "../../privacy/2023-01-01/#use"
    assert allowed.href(Link("x", "mailto:a@example.com")) == "mailto:a@example.com"


def test_real_site_links_article_12_to_article_5(real_site: Path) -> None:
    ja = (real_site / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    p = paragraph(ja, "第5条第1項にしたがって契約者に通知する")
    assert a("#language", "第5条第1項") in p and a("#payment-of-fees", "第1項") in p
    en = (real_site / "en" / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    assert a("#language", "Article 5, paragraph (1)") in paragraph(en, "by notifying the Customer in accordance")
    # 第14条第2項's 本項第4号 cites an item the paragraph does not have: plain text
    p14 = paragraph(ja, "本項第4号のpaypal払い")
    assert "本項第4号" in p14 and ">本項第4号</a>" not in p14
