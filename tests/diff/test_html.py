"""The 新旧対照表 fragment: labelled columns in either order, ins/del that read without colour and
are announced, (新設)/(削除), renumbering, folded unchanged articles, escaping, phone labels."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from termsite.compare.compare import Comparison, compare
from termsite.compare.html import comparison_css, render_comparison_html
from termsite.model.terms import Article, Document, Lang, Localized, Paragraph, Version
from termsite.site.env import make_environment

DOC = Document("demo", Localized("デモ約款", "Demo Terms"), "ja", "statute", None, None, ())


def art(aid: str, title: str, *texts: str) -> Article:
    return Article(aid, Localized(title, title.upper()),
                   tuple(Paragraph(Localized(t, f"en: {t}")) for t in texts))


def version(*articles: Article, day: int = 1) -> Version:
    return Version("demo", dt.date(2024, 1, day), dt.date(2024, 1, day), "published", None, None, None, None,
                   (), (), tuple(articles), (), ())


OLD = version(
    art("purpose", "目的", "本約款は本サービスに適用します。"),
    art("fees", "料金", "料金は月額とします。", "支払は翌月末とします。"),
    art("old-rule", "旧規定", "この条は削除されます。"),
    art("law", "準拠法", "日本法に準拠します。"),
    art("court", "管轄", "東京地方裁判所を管轄裁判所とします。"),
)
NEW = version(
    art("purpose", "目的", "本約款は本サービスに適用します。"),
    art("notice", "通知", "当社は<b>メール</b>&掲示で通知します。\n二行目です。"),
    art("fees", "料金", "料金は年額とします。", "支払は翌月末とします。"),
    art("law", "準拠法", "日本法に準拠します。"),
    art("court", "管轄", "東京地方裁判所を管轄裁判所とします。"),
    day=2,
)


@pytest.fixture(scope="module")
def result() -> Comparison:
    return compare(DOC, OLD, NEW)




class Tree(HTMLParser):
    """A minimal DOM: (tag, attrs, children, text) nodes, checking that every element is closed."""

    VOID = frozenset({"br", "meta"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, object] = {"tag": "#root", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node: dict[str, object] = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)  # type: ignore[attr-defined]
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1]["tag"] == tag, f"</{tag}> closes <{self.stack[-1]['tag']}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for node in self.stack:
            node["text"] = str(node["text"]) + data


def parse(html: str) -> dict[str, object]:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert len(tree.stack) == 1, "unclosed elements"
    return tree.root


def find(node: dict[str, object], pred: object) -> list[dict[str, object]]:
    out = []
    for child in node["children"]:  # type: ignore[attr-defined]
        if pred(child):  # type: ignore[operator]
            out.append(child)
        out += find(child, pred)
    return out


def has_class(name: str) -> object:
    return lambda n: name in str(n["attrs"].get("class") or "").split()


@pytest.mark.parametrize(("lang", "order", "labels"), [
    ("ja", ("new", "old"), ["改定後", "改定前"]),
    ("ja", ("old", "new"), ["改定前", "改定後"]),
    ("en", ("new", "old"), ["After amendment", "Before amendment"]),
])
def test_columns_are_labelled_in_the_requested_order(result: Comparison, lang: Lang, order: tuple[str, str],
                                                     labels: list[str]) -> None:
    root = parse(render_comparison_html(DOC, result, lang, order))
    for table in find(root, has_class("cmp-table")):
        if "cmp-context" in str(table["attrs"]["class"]):
            continue
        assert [th["text"] for th in find(table, lambda n: n["tag"] == "th")] == labels
        for tr in find(table, lambda n: n["tag"] == "tr" and has_class("cmp-row")(n)):
            sides = [str(td["attrs"]["class"]).split()[0] for td in find(tr, lambda n: n["tag"] == "td")]
            assert sides == [f"cmp-{order[0]}", f"cmp-{order[1]}"]


def test_changed_words_are_marked_and_announced(result: Comparison) -> None:
    html = render_comparison_html(DOC, result, "ja")
    fees = parse(html)
    row = find(fees, lambda n: n["attrs"].get("id") == "change-fees")[0]
    ins = find(row, lambda n: n["tag"] == "ins")
    dels = find(row, lambda n: n["tag"] == "del")
    # 第2条 is now 第3条 (the number is marked as well) and 月額 became 年額.
    assert [i["text"] for i in ins] == ["［追加］3［追加ここまで］", "［追加］年［追加ここまで］"]
    assert [d["text"] for d in dels] == ["［削除］2［削除ここまで］", "［削除］月［削除ここまで］"]
    assert all(find(x, has_class("cmp-vh")) for x in ins + dels)
    css = comparison_css(make_environment())
    # 傍線 in both columns (a strike-through merges with a single deleted kanji); deletions boxed
    assert re.search(r"\.terms-comparison ins,\s*\.terms-comparison del \{[^}]*text-decoration-line: underline", css)
    assert re.search(r"\.terms-comparison del \{[^}]*border: 1px solid", css)
    assert "line-through" not in css
    assert re.search(r"\.cmp-vh \{[^}]*clip: rect\(0, 0, 0, 0\)", css)


@pytest.mark.parametrize(("lang", "added", "deleted"), [("ja", "（新設）", "（削除）"), ("en", "(New)", "(Deleted)")])
def test_added_and_deleted_articles_carry_markers_in_the_other_column(
        result: Comparison, lang: Lang, added: str, deleted: str) -> None:
    root = parse(render_comparison_html(DOC, result, lang))
    new_unit = find(root, lambda n: n["attrs"].get("id") == "change-notice")[0]
    heading_old = find(new_unit, lambda n: n["tag"] == "td" and has_class("cmp-old")(n))[0]
    assert [m["text"] for m in find(heading_old, has_class("cmp-marker"))] == [added]
    gone = find(root, lambda n: n["attrs"].get("id") == "change-old-rule")[0]
    heading_new = find(gone, lambda n: n["tag"] == "td" and has_class("cmp-new")(n))[0]
    assert [m["text"] for m in find(heading_new, has_class("cmp-marker"))] == [deleted]
    # The marker is on the heading row only, not repeated on each paragraph of the article.
    assert len(find(new_unit, has_class("cmp-marker"))) == 1


def test_unchanged_articles_are_folded_and_renumbering_shown(result: Comparison) -> None:
    html = render_comparison_html(DOC, result, "ja")
    summaries = [find(d, lambda n: n["tag"] == "summary")[0]["text"] for d in find(parse(html), lambda n: n["tag"] == "details")]
    assert summaries == ["変更のない条項（1条）", "変更のない条項（2条）"]
    assert "<script" not in html  # folding needs no script
    # With 第3条 kept, the insertion renumbers the two last articles: each its own row with both
    # numbers marked, not folded among the unchanged, and its unchanged text not repeated.
    renumbered = compare(DOC, OLD, dc.replace(NEW, loose_articles=NEW.loose_articles[:3] + OLD.loose_articles[2:3]
                                                + NEW.loose_articles[3:]))
    root = parse(render_comparison_html(DOC, renumbered, "ja"))
    folds = find(root, lambda n: n["tag"] == "details")
    summaries = [find(d, lambda n: n["tag"] == "summary")[0]["text"] for d in folds]
    assert summaries == ["変更のない条項（1条）"]
    assert not any(find(d, lambda n: n["attrs"].get("id") == "change-law") for d in folds)
    law = find(root, lambda n: n["attrs"].get("id") == "change-law")[0]
    assert has_class("cmp-renumbered")(law)
    headings = [h["text"] for h in find(law, has_class("cmp-heading"))]
    assert headings == ["第［追加］5［追加ここまで］条（準拠法）", "第［削除］4［削除ここまで］条（準拠法）"]
    assert [n["text"] for n in find(law, has_class("cmp-remark"))] == ["（本文の変更なし）"]
    assert len(find(law, lambda n: n["tag"] == "tr")) == 1


def test_text_is_escaped_and_line_breaks_kept(result: Comparison) -> None:
    html = render_comparison_html(DOC, result, "ja")
    assert "当社は&lt;b&gt;メール&lt;/b&gt;&amp;掲示で通知します。<br>二行目です。" in html
    assert "<b>" not in html


def test_every_cell_names_its_column_for_narrow_screens(result: Comparison) -> None:
    root = parse(render_comparison_html(DOC, result, "en"))
    for tr in find(root, has_class("cmp-row")):
        cells = find(tr, lambda n: n["tag"] == "td")
        labels = [find(td, has_class("cmp-col-label"))[0]["text"] for td in cells]
        if has_class("cmp-row-same")(tr):  # one cell stands for both on a phone
            assert labels == ["Same before and after amendment", "Before amendment"]
        else:
            assert labels == ["After amendment", "Before amendment"]
    css = comparison_css(make_environment())
    narrow = css[css.index("@media (max-width:"):]
    assert "display: block" in narrow and ".cmp-col-label" in narrow


def test_anchors_are_unique_and_match_the_findings(result: Comparison) -> None:
    root = parse(render_comparison_html(DOC, result, "ja"))
    ids = [str(n["attrs"]["id"]) for n in find(root, lambda n: "id" in n["attrs"])]
    assert len(ids) == len(set(ids))
    assert {f.anchor for f in result.findings} <= set(ids)


def test_no_changes_says_so(result: Comparison) -> None:
    same = compare(DOC, OLD, dc.replace(OLD, effective=dt.date(2024, 2, 1)))
    html = render_comparison_html(DOC, same, "ja")
    assert '<p class="cmp-empty">変更はありません。</p>' in html
    assert "<details" in html


def test_the_site_environment_renders_the_same_fragment(result: Comparison) -> None:
    site_env = make_environment()
    for lang in ("ja", "en"):
        ours = render_comparison_html(DOC, result, lang)  # type: ignore[arg-type]
        theirs = render_comparison_html(DOC, result, lang, env=site_env)  # type: ignore[arg-type]
        # The site's `text` filter ends each <br> with a newline, which HTML does not show.
        assert theirs.replace("<br>\n", "<br>") == ours


def test_a_comparison_of_another_document_is_refused(result: Comparison) -> None:
    with pytest.raises(ValueError, match="not of 'other'"):
        render_comparison_html(dc.replace(DOC, id="other"), result, "ja")
    with pytest.raises(ValueError, match="column order"):
        render_comparison_html(DOC, result, "ja", ("new", "new"))
