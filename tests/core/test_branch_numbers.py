"""Inserted provisions (``branch: true``): derived numbers, labels, references, checks, new-version."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from termsite.adapters.cli.main import load_checked
from termsite.model.numbering import article_numbers, item_labels, item_numbers
from termsite.model.terms import Article, Item, Localized, Paragraph, Version
from termsite.site.body import body_view
from termsite.site.body_html import body_html
from termsite.source.new_version import plan_new_version, write_new_version

CASE = Path(__file__).parent / "cases" / "branch-numbers"
AS_OF = dt.date(2026, 11, 22)


def _version(branches: list[bool]) -> Version:
    arts = tuple(Article(f"a{i}", None, (Paragraph(Localized("本文", "Text")),), branch=b)
                 for i, b in enumerate(branches))
    return Version("d", dt.date(2024, 1, 1), None, "draft", None, None, None, None, (), (), arts, (), ())


def test_branch_articles_take_the_number_of_the_article_before() -> None:
    nums = article_numbers(_version([False, False, False, True, True, False]))
    assert [n.key for n in nums.values()] == ["1", "2", "3", "3-2", "3-3", "4"]
    assert [n.label("statute", "ja") for n in nums.values()][3:5] == ["第3条の2", "第3条の3"]
    assert nums["a3"].label("statute", "en") == "Article 3-2"
    assert not any(n.overridden for n in nums.values())


def test_a_branch_first_article_is_numbered_as_a_plain_one() -> None:
    nums = article_numbers(_version([True, False, True]))
    assert [n.key for n in nums.values()] == ["1", "2", "2-2"]


@given(st.lists(st.booleans(), min_size=1, max_size=30))
def test_branches_never_shift_the_plain_articles(branches: list[bool]) -> None:
    nums = list(article_numbers(_version(branches)).values())
    plain = [n.main for n, b in zip(nums, [False, *branches[1:]], strict=True) if not b]
    assert plain == list(range(1, len(plain) + 1))
    assert len({n.key for n in nums}) == len(nums)


def test_branch_items_are_labelled_in_each_language() -> None:
    items = (Item(Localized("a", "a")), Item(Localized("b", "b"), branch=True), Item(Localized("c", "c")))
    assert item_numbers(items) == ((1, None), (1, 2), (2, None))
    assert item_labels(items, "paren", "ja") == ("(1)", "(1の2)", "(2)")
    assert item_labels(items, "paren", "en") == ("(1)", "(1-2)", "(2)")
    assert item_labels(items, "dot", "en") == ("1.", "1-2.", "2.")


def test_the_case_loads_with_branch_numbers_and_no_override_warning() -> None:
    corpus, diags = load_checked(CASE, AS_OF)
    assert not [d for d in diags if d.code == "TERMS016" and "demo" in d.location.path]
    doc = corpus.document("demo")
    assert doc is not None
    nums = article_numbers(doc.versions[0])
    assert nums["refunds"].key == "3-2" and nums["refund-method"].key == "3-3" and nums["notices"].key == "4"


def test_pages_show_branch_labels() -> None:
    corpus, _ = load_checked(CASE, AS_OF)
    doc = corpus.document("demo")
    assert doc is not None
    ja = body_html(body_view(doc, doc.versions[0], "ja"))
    en = body_html(body_view(doc, doc.versions[0], "en"))
    assert "第3条の2" in ja and "第3条の3" in ja and "(1の2)" in ja
    assert "Article 3-2" in en and "Article 3-3" in en and "(1-2)" in en


def test_new_version_keeps_branches(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASE, root)
    corpus, _ = load_checked(root, AS_OF)
    plan = plan_new_version(root, corpus, "demo", dt.date(2025, 1, 1))
    write_new_version(plan)
    corpus, _ = load_checked(root, AS_OF)
    doc = corpus.document("demo")
    assert doc is not None and len(doc.versions) == 2
    assert article_numbers(doc.versions[1]) == article_numbers(doc.versions[0])
    assert doc.versions[1].articles[3].branch and doc.versions[1].articles[2].paragraphs[0].items[1].branch
