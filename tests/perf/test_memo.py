"""The comparisons' memo is speed only: with one, without one, or with one shared by every pair, the
comparisons and their HTML are the same; and the site is the same with or without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.generate import SIZES, generate

from termsite.compare.compare import compare
from termsite.compare.html import render_comparison_html
from termsite.compare.memo import Memo
from termsite.model.terms import LANGS, Corpus
from termsite.site import render_site
from termsite.source.load import load_corpus
from termsite.speed.memo import Bounded, comparison_memo

from ..site.helpers import DEFAULTS, DEMO, DEMO_AS_OF, REPO

TEMPLATES = DEFAULTS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The shipped documents and the benchmark's tiny repository (versions that change a few articles)."""
    root = tmp_path_factory.mktemp("tiny") / "repo"
    generate(root, SIZES["tiny"])
    shipped, _ = load_corpus(REPO)
    tiny, _ = load_corpus(root)
    return Corpus(shipped.documents + tiny.documents, shipped.config)


def test_a_memo_changes_no_comparison_and_no_html(corpus: Corpus) -> None:
    # every version with every later one, as the site compares them (consecutive, and each with the
    # version in force and the upcoming ones): the same units meet again in other comparisons
    pairs = [(doc, old, new) for doc in corpus.documents
             for k, old in enumerate(doc.versions) for new in doc.versions[k + 1:]]
    assert len(pairs) >= 5
    shared = comparison_memo()
    tiny = comparison_memo(size=2)  # forgets almost everything: what it still finds is right
    for doc, old, new in pairs * 2:  # the second round finds every unit and row in the memos
        plain = compare(doc, old, new)
        for memo in (shared, tiny):
            kept = compare(doc, old, new, memo=memo)
            assert kept == plain
            for lang in LANGS:
                assert (render_comparison_html(doc, kept, lang, memo=memo)
                        == render_comparison_html(doc, plain, lang))
        assert compare(doc, new, old, memo=shared) == compare(doc, new, old)


def test_the_memo_is_filled_and_found_again(corpus: Corpus) -> None:
    doc = next(d for d in corpus.documents if len(d.versions) >= 2)
    old, new = doc.versions[0], doc.versions[1]
    memo = comparison_memo()
    first = compare(doc, old, new, memo=memo)
    assert memo.article_units and memo.article_blocks and memo.units
    assert memo.alignments and memo.unit_pairs and memo.grams is not None
    again = compare(doc, new, old, memo=memo)  # both versions' units found: nothing flattened again
    assert [u.ref for u in again.units] and again.old_key == first.new_key


def test_plain_dicts_make_a_memo_too(corpus: Corpus) -> None:
    doc = next(d for d in corpus.documents if len(d.versions) >= 2)
    memo = Memo({}, {}, {}, {}, {}, {})
    old, new = doc.versions[0], doc.versions[1]
    assert compare(doc, old, new, memo=memo) == compare(doc, old, new)


def test_a_bounded_table_forgets_its_oldest_entries() -> None:
    table: Bounded[int, str] = Bounded(2)
    for k in range(4):
        table[k] = str(k)
    assert table == {2: "2", 3: "3"}


def test_the_site_is_the_same_with_the_memo() -> None:
    demo, _ = load_corpus(DEMO)
    assert render_site(demo, DEMO_AS_OF, TEMPLATES, drafts=True, memo=comparison_memo()) == render_site(
        demo, DEMO_AS_OF, TEMPLATES, drafts=True)


def test_the_fast_render_is_the_plain_one(tmp_path: Path) -> None:
    from termsite.speed.page_cache import PageCache
    from termsite.speed.render import render_site as render_fast

    demo, _ = load_corpus(DEMO)
    plain = render_site(demo, DEMO_AS_OF, TEMPLATES, drafts=True)
    assert render_fast(demo, DEMO_AS_OF, TEMPLATES, drafts=True, workers=2).pages == plain.pages
    cached = render_fast(demo, DEMO_AS_OF, TEMPLATES, drafts=True, cache=PageCache(tmp_path / "pages"))
    assert cached.pages == plain.pages and cached.files == plain.files
