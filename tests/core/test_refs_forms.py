"""Every form of cross-reference Japanese terms write: what it resolves to, and where it points nowhere.

The texts are resolved in the case tests/core/cases/reference-forms (サービス約款: 第1条 目的, 第2条 定義,
第3条 料金 (3 paragraphs, items in the first), 第3条の2 料金の返金, 第4条 禁止事項 (2 paragraphs), 第5条 参照,
第6条; 別表第1; プライバシーポリシー with sections 1-3; 解約ポリシー only from 2030).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from termsite.adapters.cli.main import load_checked
from termsite.model.terms import Corpus, Lang
from termsite.rules.refs import Context, Documents, Resolution, Resolver, Target, find_refs

CASE = Path(__file__).parent / "cases" / "reference-forms"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, _ = load_checked(CASE, dt.date(2026, 11, 22))
    return corpus


def resolve(corpus: Corpus, text: str, lang: Lang, article: int = 5, paragraph: int = 1) -> list[Resolution]:
    doc = corpus.document("service")
    assert doc is not None
    resolver = Resolver(doc.versions[0], Documents(corpus, doc))
    return resolver.resolve(find_refs(text, lang, resolver.titles(lang)), Context(article, paragraph), lang, text)


def targets(corpus: Corpus, text: str, lang: Lang, article: int = 5, paragraph: int = 1) -> list[Target]:
    found = resolve(corpus, text, lang, article, paragraph)
    assert [r.problem for r in found if r.problem] == []
    return [t for r in found for t in r.targets]


def problems(corpus: Corpus, text: str, lang: Lang, article: int = 5, paragraph: int = 1) -> list[str]:
    return [r.problem for r in resolve(corpus, text, lang, article, paragraph) if r.problem]


# (Japanese, English, what both resolve to)
RESOLVING = [
    ("第3条の2（料金の返金）第2号", "Article 3-2 (Refunds of Fees), item (2)", [Target("refunds", 1, 2)]),
    ("第4条（禁止事項）第1項", "Article 4 (Prohibited Acts), paragraph (1)", [Target("prohibited", 1)]),
    ("第3条第2項及び同条第3項", "Article 3, paragraph (2) and paragraph (3) of the same Article",
     [Target("fees", 2), Target("fees", 3)]),
    ("前条第1項第2号", "the preceding Article, paragraph (1), item (2)", [Target("prohibited", 1, 2)]),
    ("第3条の2第1項", "Article 3-2, paragraph (1)", [Target("refunds", 1)]),
    ("第3条第1項から第3項まで", "Article 3, paragraphs (1) to (3)", [Target("fees", 1), Target("fees", 3)]),
    ("次条", "the following Article", [Target("nowhere")]),
    ("次項", "the following paragraph", [Target("citing", 2)]),
    ("本条", "this Article", [Target("citing")]),
    ("別表第1", "Schedule 1", [Target("appendix:services")]),
    ("プライバシーポリシー第2条", "the Privacy Policy, Section 2", [Target("collection", document="privacy")]),
    ("プライバシーポリシーの第3条", "Section 3 of the Privacy Policy", [Target("use", document="privacy")]),
]


@pytest.mark.parametrize(("ja", "en", "expected"), RESOLVING, ids=[r[0] for r in RESOLVING])
def test_each_form_resolves_in_both_languages(corpus: Corpus, ja: str, en: str, expected: list[Target]) -> None:
    assert targets(corpus, ja, "ja") == expected
    assert targets(corpus, en, "en") == expected


# (Japanese, English, a word of what the problem says), resolved in 第5条 paragraph 7 (the last)
NOWHERE = [
    ("第3条の3（料金の返金）第1項", "Article 3-3 (Refunds of Fees), paragraph (1)", "no such article"),
    ("第3条第1項及び同条第9項", "Article 3, paragraph (1) and paragraph (9) of the same Article", "no paragraph 9"),
    ("前条第9項第1号", "the preceding Article, paragraph (9), item (1)", "no paragraph 9"),
    ("第3条の2第9項", "Article 3-2, paragraph (9)", "no paragraph 9"),
    ("第3条第1項から第9項まで", "Article 3, paragraphs (1) to (9)", "no paragraph 9"),
    ("次項", "the following paragraph", "no paragraph after"),
    ("本条第9項", "this Article, paragraph (9)", "no paragraph 9"),
    ("別表第2", "Schedule 2", "no appendix"),
    ("プライバシーポリシー第9条", "the Privacy Policy, Section 9", "'privacy' 2023-01-01"),
    ("解約ポリシー第1条", "the Cancellation Policy, Section 1", "no version of 'cancellation' is in force"),
]


@pytest.mark.parametrize(("ja", "en", "word"), NOWHERE, ids=[r[0] for r in NOWHERE])
def test_each_form_pointing_nowhere_is_a_problem(corpus: Corpus, ja: str, en: str, word: str) -> None:
    for text, lang in ((ja, "ja"), (en, "en")):
        found = problems(corpus, text, lang, 5, 7)  # type: ignore[arg-type]
        assert found and word in found[-1], (text, found)


def test_next_article_after_the_last_points_nowhere(corpus: Corpus) -> None:
    assert "no article after" in problems(corpus, "次条", "ja", 6)[0]
    assert "no article after" in problems(corpus, "the following Article", "en", 6)[0]


def test_bracketed_heading_is_checked_against_the_cited_title(corpus: Corpus) -> None:
    [wrong] = resolve(corpus, "第4条（禁止行為）第2項", "ja")
    assert wrong.targets == [Target("prohibited", 2)] and wrong.title == ("禁止行為", "禁止事項")
    [spaced] = resolve(corpus, "第1条（目\u3000的）", "ja")
    assert spaced.title is None  # only whitespace is normalised for the match
    [english] = resolve(corpus, "Article 4 (Prohibited Conduct), paragraph (2)", "en")
    assert english.title == ("Prohibited Conduct", "Prohibited Acts")


def test_a_bracketed_heading_does_not_send_the_paragraph_to_the_citing_article(corpus: Corpus) -> None:
    # Regression: 第7条（禁止事項）第1項 was read as 第7条 and then 第1項 of the article citing it, because
    # the heading stopped the pattern and the bracket is not a connector that joins two references.
    found = resolve(corpus, "第4条（禁止事項）第1項", "ja", article=0)
    assert [t for r in found for t in r.targets] == [Target("prohibited", 1)]
    assert [r.ref.kind for r in found] == ["abs"]


def test_remarks_in_brackets_are_not_headings() -> None:
    [ref, *_] = find_refs("第3条（ただし、第2項を除く。）の規定", "ja")
    assert ref.raw == "第3条" and ref.title is None
    assert find_refs("第3条（以下「料金条項」といいます。）", "ja")[0].title is None


def test_a_document_named_without_a_provision_is_not_a_reference(corpus: Corpus) -> None:
    assert targets(corpus, "当社の「プライバシーポリシー」（https://example.com/）に従います。", "ja") == []
    assert targets(corpus, 'the Company\'s "Privacy Policy" applies', "en") == []


def test_a_provision_of_another_document_differs_from_the_same_number_here(corpus: Corpus) -> None:
    assert targets(corpus, "第2条", "ja") == [Target("definitions")]
    assert targets(corpus, "プライバシーポリシー第2条", "ja") == [Target("collection", document="privacy")]


# A provision of a law, not of the terms: neither resolved nor compared (民法 has a 第548条の4, this
# version has no such article); what follows it joined or as 同条 belongs to the law too.
LAWS = [
    ("民法第548条の4の規定に基づき", "pursuant to Article 548-4 of the Civil Code"),
    ("民法（明治29年法律第89号）第548条の4第1項", "Article 548-4, paragraph (1) of the Civil Code"),
    ("個人情報の保護に関する法律第27条第1項各号", "Article 27, paragraph (1) of the Act on the Protection of Personal Information"),
    ("電気通信事業法第4条及び同条第2項", "Article 4 of the Telecommunications Business Act and paragraph (2) thereof"),
    ("「消費者契約法」第8条", "Article 8 of the Consumer Contract Act"),
    ("同法第9条", "Article 9 of the Companies Act"),
]


@pytest.mark.parametrize(("ja", "en"), LAWS, ids=[r[0] for r in LAWS])
def test_a_provision_of_a_law_is_outside_the_terms(corpus: Corpus, ja: str, en: str) -> None:
    for text, lang in ((ja, "ja"), (en, "en")):
        found = resolve(corpus, text, lang)  # type: ignore[arg-type]
        assert found and all(r.ref.law and not r.problem and not r.targets and not r.compared for r in found[:1]), \
            (text, found)
        assert not [r.problem for r in found if r.problem], (text, found)


@pytest.mark.parametrize(("ja", "en", "expected"), [
    ("民法第548条の4及び本約款第3条第2項", "Article 548-4 of the Civil Code and Article 3, paragraph (2)",
     [Target("fees", 2)]),
    ("本規則第3条", "Article 3 of these Rules", [Target("fees")]),
    ("支払方法は第3条第2項による", "the method of payment is as set out in Article 3, paragraph (2)",
     [Target("fees", 2)]),
])
def test_the_terms_own_provisions_next_to_a_law_still_resolve(corpus: Corpus, ja: str, en: str,
                                                              expected: list[Target]) -> None:
    assert targets(corpus, ja, "ja")[-len(expected):] == expected
    assert targets(corpus, en, "en")[-len(expected):] == expected
