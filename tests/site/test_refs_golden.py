"""Golden HTML of the new linked fragments, from the shipped 約款: the preamble and 第3条 (the definitions
table: ids on the definitions, uses of the terms linked, references and the address of 第34条 linked)
and 第12条 of the 新旧対照表 2024-01-01 → 2027-01-01 (each column's references leading to its own
version's page, the changed number marked inside the link). Regenerate with
``TERMS_UPDATE_GOLDEN=1 python -m pytest tests/site/test_refs_golden.py`` and review the diff."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from termsite.adapters.cli.main import load_checked
from termsite.compare.compare import compare
from termsite.compare.html import render_comparison_html
from termsite.model.terms import Corpus, Lang
from termsite.rules.links import provision_ids
from termsite.rules.ref_links import cited_spans
from termsite.rules.refs import Documents
from termsite.site.body import Citations, body_view
from termsite.site.body_html import article_html, body_html
from termsite.site.citations import mark_finder, version_spans
from termsite.site.definitions import definitions
from termsite.site.links import LinkTargets

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "refs_golden"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, _ = load_checked(REPO, dt.date(2026, 11, 22))
    return corpus


def _check(name: str, got: str) -> None:
    path = GOLDEN / name
    if os.environ.get("TERMS_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{name}: run with TERMS_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_definitions_and_their_uses(corpus: Corpus, lang: Lang) -> None:
    doc = corpus.document("cloud-resale")
    assert doc is not None
    version = next(v for v in doc.versions if v.key == "2024-01-01")
    ids = provision_ids(version)
    links = LinkTargets(lang, ("" if lang == "ja" else "en/") + "cloud-resale/2024-01-01/", frozenset(), here=True,
                        ids=ids)
    words = [g.ja if lang == "ja" else g.en for g in corpus.config.glossary]
    cites = Citations(cited_spans(version, Documents(corpus, doc), lang), {}, frozenset(),
                      definitions(version, lang, ids, words), True)
    body = body_view(doc, version, lang, links, cites)
    whole = body_html(body)
    preamble = whole[whole.index('<div class="terms-preamble">'):whole.index("</div>", whole.index("terms-preamble"))]
    [art3] = [a for ch in body.chapters for a in ch.articles if a.id == "definitions"]
    [art34] = [a for ch in body.chapters for a in ch.articles if "clara.co.jp" in "".join(
        p.text or "" for p in a.paragraphs)]
    _check(f"definitions.{lang}.html", preamble + "\n" + article_html(art3, body.links, None, lang) + "\n"
           + article_html(art34, body.links, None, lang) + "\n")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_references_in_each_column_of_the_comparison(corpus: Corpus, lang: Lang) -> None:
    doc = corpus.document("cloud-resale")
    assert doc is not None
    old = next(v for v in doc.versions if v.key == "2024-01-01")
    new = next(v for v in doc.versions if v.key == "2027-01-01")
    documents = Documents(corpus, doc)
    pages = {"2024-01-01": "../../2024-01-01/", "2027-01-01": "../"}  # from /cloud-resale/2027-01-01/changes/
    marks = {"old": mark_finder(version_spans(old, documents, lang), lambda _d, k: pages.get(k), doc.id, old.key),
             "new": mark_finder(version_spans(new, documents, lang), lambda _d, k: pages.get(k), doc.id, new.key)}
    html = render_comparison_html(doc, compare(doc, old, new), lang, ("new", "old"), marks=marks)  # type: ignore[arg-type]
    [tbody] = re.findall(r'<tbody id="change-payment-of-fees".*?</tbody>', html, re.S)
    assert "../../2024-01-01/#language" in tbody and "../#notices" in tbody
    _check(f"comparison-article-12.{lang}.html", tbody + "\n")
