"""Every text of the comparison fragment is escaped exactly once: changed words, unchanged text,
headings, table cells, in both environments and when an unchanged unit is written from the memo."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest

from termsite.compare.compare import compare
from termsite.compare.html import html_escape, render_comparison_html
from termsite.model.terms import Article, Document, Lang, Localized, Paragraph, Table, Version
from termsite.site.env import make_environment
from termsite.speed.memo import comparison_memo

DOC = Document("esc", Localized("エスケープ", "Escaping"), "ja", "statute", None, None, ())
TRICKY = "A < B & \"C\" 'D' > E &amp; &lt;"
TITLE = "\"引用\" & <タグ>"
CELL = "a&b <td> 'x'"


def version(day: int, text: str, *more: Article) -> Version:
    table = Table((Localized(CELL, CELL),), ((Localized(f"{CELL} {day}", CELL),),))
    arts = (
        Article("quoted", Localized(TITLE, TITLE), (Paragraph(Localized(text, text)),)),
        Article("same", Localized("同じ", "Same"), (Paragraph(Localized(TRICKY, TRICKY), table=table),)),
        *more,
    )
    return Version("esc", dt.date(2024, 1, day), dt.date(2024, 1, day), "published", None, None, None, None,
                   (), (), arts, (), ())


OLD = version(1, TRICKY)
NEW = version(2, TRICKY.replace("& ", "&& ") + " <script>alert('x')</script>",
              Article("added", Localized("<新設>", "<New>"), (Paragraph(Localized("x<y", "x<y")),)))


class Texts(HTMLParser):
    """The tags and the text a browser would read (entities resolved once)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(html: str) -> Texts:
    parser = Texts()
    parser.feed(html)
    parser.close()
    return parser


def test_html_escape_is_markupsafe_escape() -> None:
    from markupsafe import escape

    for text in (TRICKY, TITLE, CELL, "", "plain", "日本語"):
        assert html_escape(text) == str(escape(text))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_text_is_escaped_once(lang: Lang) -> None:
    result = compare(DOC, OLD, NEW)
    for env in (None, make_environment()):
        memo = comparison_memo()
        first = render_comparison_html(DOC, result, lang, env=env, memo=memo)
        again = render_comparison_html(DOC, result, lang, env=env, memo=memo)  # unchanged units from the memo
        assert again == first
        page = read(first)
        assert page.tags <= {"div", "details", "summary", "p", "table", "thead", "tbody", "tr", "th", "td", "span",
                             "ins", "del", "br"}
        text = "".join(page.text)
        # TRICKY holds a literal "&amp; &lt;": read back as written only if escaped exactly once
        for original in (TRICKY, TITLE, CELL, "alert('x')", "x<y"):
            assert original in text
        assert "<script>" not in first and "&lt;script&gt;" in first


def test_a_comparison_with_itself_reads_the_same_from_the_memo() -> None:
    same = compare(DOC, NEW, NEW)
    memo = comparison_memo()
    html = render_comparison_html(DOC, same, "ja", memo=memo)
    assert memo.html
    assert html == render_comparison_html(DOC, same, "ja", memo=memo)
    assert TRICKY in "".join(read(html).text)
