"""Words of the terms that become links without the link form: addresses written as text
(model/autolinks.py), defined terms (site/definitions.py) and resolved references in a 新旧対照表 column
(compare/links.py marks). Whatever is linked, the text a reader reads is the text as written: the HTML
with its tags removed and unescaped is the input, character for character (property tests)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.adapters.cli.main import load_checked
from termsite.compare.html import html_escape
from termsite.compare.links import Mark, side_html
from termsite.compare.text import diff_text
from termsite.model.autolinks import addresses
from termsite.model.links import plain
from termsite.model.terms import Corpus, Lang
from termsite.rules.links import provision_ids
from termsite.site.body import with_addresses
from termsite.site.definitions import defined_in, definitions
from termsite.site.links import LinkTargets, text_html

REPO = Path(__file__).resolve().parents[2]


def _text(html: str) -> str:
    """What a reader reads of ``html``: the words screen readers alone hear (cmp-vh) and tags removed."""
    html = re.sub(r'<span class="cmp-vh">[^<]*</span>', "", html)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html.replace("<br>\n", "\n")))


# -- addresses written as text -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("「プライバシーポリシー」（http://www.clara.co.jp/policy/）にしたがい", ["http://www.clara.co.jp/policy/"]),
    ('"Privacy Policy" (http://www.clara.co.jp/policy/), the', ["http://www.clara.co.jp/policy/"]),
    ("詳細はhttps://example.com/a?b=1&c=2。", ["https://example.com/a?b=1&c=2"]),
    ("See https://example.com/terms.", ["https://example.com/terms"]),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    ("support@example.co.jp までご連絡ください。", ["mailto:support@example.co.jp"]),
    ("write to mailto:legal@example.com.", ["mailto:legal@example.com"]),
    ("javascript:alert(1) data:text/html,x ftp://example.com file:///etc/passwd", []),
    ("[the policy](https://example.com/p) and https://example.com/q", ["https://example.com/q"]),
    ("[support@example.com](mailto:support@example.com)", []),
    ("http://", []),
    ("a@b", []),
])
def test_addresses_written_as_text(text: str, found: list[str]) -> None:
    assert [a.target for a in addresses(text)] == found


def test_an_address_becomes_an_external_link_its_words_kept() -> None:
    value = "当社の「プライバシーポリシー」（http://www.clara.co.jp/policy/）にしたがい、"
    html = text_html(with_addresses(value))
    assert ('（<a href="http://www.clara.co.jp/policy/" class="terms-link terms-link--external" '
            'rel="noopener noreferrer">http://www.clara.co.jp/policy/</a>）') in html
    assert _text(html) == value


def test_text_already_carrying_a_link_is_not_linked_twice() -> None:
    value = "[https://example.com/](https://example.com/) and <https://example.com/x>"
    html = text_html(with_addresses(value))
    assert html.count("<a ") == 2 and "&lt;" in html and "<https" not in html


_PIECES = st.sampled_from([
    "当社は、", "（", "）", "。", "「", "」", "https://example.com/a", "http://x.jp/p?q=1&r=<2>", "mailto:",
    "a@b.co", "support@example.co.jp", ".", ",", ")", "(", " ", "\n", "[", "]", "](", "javascript:x",
    "<script>", "&amp;", '"', "'", "第5条", "Service", "本サービス",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_linking_addresses_keeps_every_character(value: str) -> None:
    linked = with_addresses(value)
    if "](" not in value:
        assert plain(linked) == value
        assert _text(text_html(linked)) == value
    for a in addresses(value):
        assert a.target.startswith(("http://", "https://", "mailto:"))


# -- defined terms -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, _ = load_checked(REPO, dt.date(2026, 11, 22))
    return corpus


def _defs(corpus: Corpus, lang: Lang, doc_id: str = "cloud-resale"):  # type: ignore[no-untyped-def]
    doc = corpus.document(doc_id)
    assert doc is not None
    version = doc.versions[0]
    words = [g.ja if lang == "ja" else g.en for g in corpus.config.glossary]
    return version, definitions(version, lang, provision_ids(version), words)


@pytest.mark.parametrize(("text", "lang", "terms"), [
    ("株式会社クララオンライン（以下「当社」といいます）は", "ja", ["当社"]),
    ("（以下、総称して「反社会的勢力」といいます）", "ja", ["反社会的勢力"]),
    ("業務上の秘密（以下、「秘密情報」という）を", "ja", ["秘密情報"]),
    ("本プライバシーポリシーにおいて「個人情報」とは、氏名", "ja", ["個人情報"]),
    ('Clara Online, Inc. (hereinafter referred to as the "Company") establishes', "en", ["Company"]),
    ('(hereinafter collectively referred to as "Anti-Social Forces")', "en", ["Anti-Social Forces"]),
    ('Clara Online, Inc. ("Clara Online" hereinafter) manages', "en", ["Clara Online"]),
    ('the term "personal information" shall be defined as being', "en", ["personal information"]),
    ('the following ("Email address:")', "en", []),
    ("「本約款」に同意", "ja", []),
])
def test_definitions_in_the_text(text: str, lang: Lang, terms: list[str]) -> None:
    assert defined_in(text, lang) == terms


def test_the_definitions_of_the_terms_in_both_languages_share_their_ids(corpus: Corpus) -> None:
    _, ja = _defs(corpus, "ja")
    _, en = _defs(corpus, "en")
    assert ja.terms["本サービス利用契約"] == en.terms["Service Agreement"] == "def-service-agreement"  # 第3条's table
    assert ja.terms["契約者"] == en.terms["Customer"] == "def-customer"
    assert ja.terms["当社"] == en.terms["Company"] == "def-company"  # the preamble
    assert ja.terms["反社会的勢力"] == en.terms["Anti-Social Forces"]
    assert ja.ids == en.ids
    version = corpus.document("cloud-resale").versions[0]  # type: ignore[union-attr]
    assert not ja.ids & provision_ids(version)
    assert "本サービス契約" in ja.blockers  # undefined: 本サービス inside it is not the defined term


def test_first_use_per_article_never_inside_a_link_or_a_longer_word(corpus: Corpus) -> None:
    _, ja = _defs(corpus, "ja")
    seen: set[str] = set()
    out = ja.link("当社及び契約者は、当社の[第5条](#language)の契約者情報と本サービス契約を", None, seen)
    assert out == ("[当社](#def-company)及び[契約者](#def-customer)は、当社の[第5条](#language)の"
                   "[契約者情報](#def-customer-information)と本サービス契約を")
    assert ja.link("当社と契約者", None, seen) == "当社と契約者"  # the same article: used already
    _, en = _defs(corpus, "en")
    assert en.link("the Customers of the Service, not Serviceable", None, set()) == (
        "the [Customer](#def-customer)s of the [Service](#def-company), not Serviceable")


def test_a_text_never_links_to_its_own_definition(corpus: Corpus) -> None:
    version, ja = _defs(corpus, "ja")
    preamble = version.preamble[0]
    assert ja.anchors[id(preamble)] == "def-company"
    assert "](#def-company)" not in ja.link(preamble.ja or "", id(preamble), set())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["当社", "契約者", "契約者情報", "本サービス", "本サービス利用契約", "本サービス契約",
                                 "は", "、", "[第5条](#language)", "Customer", "Services", " ", "「", "」", "\n",
                                 "[", "]("]), max_size=16).map("".join))
def test_linking_terms_keeps_every_character(corpus: Corpus, value: str) -> None:
    for lang in ("ja", "en"):
        _, defs = _defs(corpus, lang)  # type: ignore[arg-type]
        linked = defs.link(value, None, set())
        assert plain(linked) == plain(value)
        links = LinkTargets(lang, "cloud-resale/", frozenset(), here=True)  # type: ignore[arg-type]
        assert _text(text_html(linked, links)) == _text(text_html(value, links))


# -- marks in a comparison column ----------------------------------------------------------------------

INS = ('<ins><span class="cmp-vh">［追加］</span>', '<span class="cmp-vh">［追加ここまで］</span></ins>')
DEL = ('<del><span class="cmp-vh">［削除］</span>', '<span class="cmp-vh">［削除ここまで］</span></del>')


def _side(old: str, new: str, side: str, marks: tuple[Mark, ...]) -> str:
    diff = diff_text(old, new, "ja")
    drop = "insert" if side == "old" else "delete"
    segs = [s for s in diff.segments if s.op != drop]
    return side_html(segs, lambda _link: None, html_escape, html_escape, INS, DEL, marks)


def test_a_changed_reference_is_one_link_with_its_change_marked_inside() -> None:
    old, new = "第5条第1項にしたがって通知する", "第6条第1項にしたがって通知する"
    old_html = _side(old, new, "old", (Mark(0, 6, "../../2024-01-01/#language"),))
    new_html = _side(old, new, "new", (Mark(0, 6, "../#notices"),))
    assert old_html.startswith('<a href="../../2024-01-01/#language" class="terms-link">第' + DEL[0] + "5" + DEL[1])
    assert new_html.startswith('<a href="../#notices" class="terms-link">第' + INS[0] + "6" + INS[1])
    assert _text(old_html) == old and _text(new_html) == new


def test_a_mark_over_a_link_of_the_text_is_left_out() -> None:
    text = "[第5条](#language)による"
    html = _side(text, text, "new", (Mark(1, 4, "#elsewhere"),))
    assert html.count("<a ") == 0 and _text(html) == "第5条による"  # no href for the page: the label


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="第条項5６あい。<>&\"", max_size=24), st.text(alphabet="第条項5６あい。<>&\"", max_size=24),
       st.lists(st.tuples(st.integers(0, 24), st.integers(1, 6)), max_size=4), st.sampled_from(["old", "new"]))
def test_marks_keep_every_character_and_every_change(old: str, new: str, spans: list[tuple[int, int]],
                                                     side: str) -> None:
    text = old if side == "old" else new
    marks, at = [], 0
    for start, length in sorted(spans):
        if start >= at and start + length <= len(text):
            marks.append(Mark(start, start + length, f"#m{start}"))
            at = start + length
    html = _side(old, new, side, tuple(marks))
    assert _text(html) == text
    assert html.count("<a ") == len(marks)
    # the same characters are marked changed (傍線) as without links; a link's edge may split a mark
    assert _changed(html) == _changed(_side(old, new, side, ()))


def _changed(html: str) -> list[tuple[int, str]]:
    """Each character of ``html``'s text with whether it is inside ``<ins>``/``<del>``."""
    html = re.sub(r'<span class="cmp-vh">[^<]*</span>|<a [^>]*>|</a>', "", html)
    out, inside = [], 0
    for tag, text in re.findall(r"(<[^>]+>)|([^<]+)", html):
        if tag:
            inside += 1 if tag in ("<ins>", "<del>") else -1 if tag in ("</ins>", "</del>") else 0
        else:
            out += [(inside, ch) for ch in html_lib.unescape(text)]
    return out


def test_the_standalone_comparison_links_addresses_and_no_reference(corpus: Corpus) -> None:
    # ``terms diff --format html`` is read away from the site: no version page for a reference to land on
    from termsite.compare.compare import compare
    from termsite.compare.html import render_comparison_page
    from termsite.site.env import make_environment

    doc = corpus.document("cloud-resale")
    assert doc is not None
    old, new = (next(v for v in doc.versions if v.key == k) for k in ("2024-01-01", "2027-01-01"))
    page = render_comparison_page(doc, compare(doc, old, new), "ja", env=make_environment())
    assert '<a href="http://www.clara.co.jp/policy/" class="terms-link terms-link--external"' in page
    assert 'href="#language"' not in page and 'href="../' not in page
    assert "第<del>" in page or "第<ins>" in page
