"""Cross-references: parsing in both languages and resolution against a version."""

from __future__ import annotations

import pytest

from termsite.rules.refs import find_refs, number


@pytest.mark.parametrize(("text", "value"), [("14", 14), ("１４", 14), ("十四", 14), ("三", 3), ("二十", 20),
                                             ("three", 3)])
def test_numbers(text: str, value: int) -> None:
    assert number(text) == value


def kinds(text: str, lang: str) -> list[tuple[str, str | None, tuple[int, ...], tuple[int, ...]]]:
    return [(r.kind, r.article, r.paragraphs, r.items) for r in find_refs(text, lang)]  # type: ignore[arg-type]


def test_japanese_forms() -> None:
    assert kinds("第7条第1項の申込み", "ja") == [("abs", "7", (1,), ())]
    assert kinds("第1条第2項第1号ないし第3号", "ja") == [("abs", "1", (2,), (1,)), ("item", None, (), (3,))]
    assert kinds("第5条の2", "ja") == [("abs", "5-2", (), ())]
    assert kinds("第１２条", "ja") == [("abs", "12", (), ())]
    assert [r.kind for r in find_refs("前条、同条、前項、前三条、前二項、前各号、前項各号、各号、前号、第4章", "ja")] == [
        "prev_art", "same_art", "prev_para", "prev_n_articles", "prev_n_paragraphs", "prev_items",
        "prev_para_items", "each", "prev_item", "chapter"]
    assert kinds("本項第4号", "ja") == [("this_para_item", None, (), (4,))]
    assert kinds("前項第1号", "ja") == [("prev_para_item", None, (), (1,))]


def test_english_forms() -> None:
    assert kinds("Article 7, paragraph (1)", "en") == [("abs", "7", (1,), ())]
    assert kinds("Article 7(1)", "en") == [("abs", "7", (1,), ())]
    assert kinds("Article 1, paragraph (2), items (1) to (3)", "en") == [("abs", "1", (2,), (1, 3))]
    assert kinds("Article 5-2", "en") == [("abs", "5-2", (), ())]
    assert kinds("item (4) of this paragraph", "en") == [("this_para_item", None, (), (4,))]
    assert kinds("item (1) of the preceding paragraph", "en") == [("prev_para_item", None, (), (1,))]
    assert [r.kind for r in find_refs(
        "the preceding Article, The same Article, the preceding paragraph, the preceding three Articles, "
        "the preceding two paragraphs, the preceding items, the items of the preceding paragraph, "
        "each of the following items, the preceding item, Chapter 4, Section 4.1", "en")] == [
        "prev_art", "same_art", "prev_para", "prev_n_articles", "prev_n_paragraphs", "prev_items",
        "prev_para_items", "each", "prev_item", "chapter", "section"]
    # words that look alike but are not references
    assert find_refs("the articles of association; paragraph breaks; an item", "en") == []
