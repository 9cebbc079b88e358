"""Links in a real build: real <a> elements, escaped once, leading where they should, never a script.

The repository below has a document whose published history holds hostile links (warnings only:
history is not rewritten, and the pages never make an href of a target the checks refuse), a current
version with every kind of good link, a changed URL between the two, and a second document to link to.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from termsite.adapters.cli.main import load_checked, main
from termsite.site.links import LinkTargets, text_html

from .helpers import Html, build, make_repo

AS_OF = dt.date(2025, 6, 1)
BRACKETS = "[" * 20_000  # the longest text the schema allows (a megabyte: tests/core/test_links*.py)

SITE = """\
site_url: https://terms.example.com/
timezone: Asia/Tokyo
site_name: {ja: テスト規約集, en: Test Terms}
notice_days: {adverse: 30, favourable: 0, editorial: 0}
documents: [demo, policy]
"""

DEMO_DOC = """\
id: demo
title: {ja: デモ約款, en: Demo Terms}
original: ja
numbering: statute
change_clause: amendment
"""

POLICY_DOC = """\
id: policy
title: {ja: 方針, en: Policy}
original: en
numbering: decimal
"""

POLICY = """\
effective: 2024-01-01
announced: 2023-12-01
status: published
articles:
  - id: contact
    title: {ja: 連絡先, en: Contact}
    paragraphs:
      - text: {ja: 連絡先です。, en: How to contact us.}
"""

HOSTILE = [
    "[old site](https://old.example/path)",
    "[x](JaVaScRiPt:alert)",
    "[y](#nope)",
    '[z](https://a.example/"onmouseover=alert)',
    "[a [b](https://b.example/)] c",
    "[in\u200bvisible](https://c.example/)",
]


def _version(effective: str, announced: str, texts: list[tuple[str, str]], summary: str = "") -> str:
    paras = "".join(f"      - text:\n          ja: {json.dumps(ja, ensure_ascii=False)}\n"
                    f"          en: {json.dumps(en, ensure_ascii=False)}\n" for ja, en in texts)
    return (f"effective: {effective}\nannounced: {announced}\nstatus: published\n{summary}"
            "articles:\n  - id: purpose\n    title: {ja: 目的, en: Purpose}\n    paragraphs:\n" + paras +
            "  - id: amendment\n    title: {ja: 変更, en: Amendment}\n    paragraphs:\n"
            "      - text: {ja: 当社は、本約款を変更できます。, en: The Company may amend these Terms and Conditions.}\n")


V1 = _version("2024-01-01", "2023-12-01", [("本文。", t) for t in HOSTILE] + [("本文。", BRACKETS)])
V2 = _version("2025-01-01", "2024-12-01", [
    ("本文。", "[old site](https://new.example/path)"),
    ("[方針](policy)及び[連絡先](policy#contact)", "the [Policy](policy) and [Contact](policy#contact)"),
    ("[第2条](#amendment)", "[Article 2](#amendment)"),
    ("[当社サイト](https://example.com/a?b=1&c=2)", "[our site](https://example.com/a?b=1&c=2)"),
    ("[メール](mailto:legal@example.com)", "[mail](mailto:legal@example.com)"),
], summary="impact: editorial\nsummary:\n  ja: '[第2条](#amendment)を参照。'\n"
           "  en: 'See [Article 2](#amendment) and [our site](https://example.com/).'\n")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("links-src")
    for rel, text in {"site_config/site.yml": SITE, "terms/demo/document.yml": DEMO_DOC,
                      "terms/demo/2024-01-01.yml": V1, "terms/demo/2025-01-01.yml": V2,
                      "terms/policy/document.yml": POLICY_DOC, "terms/policy/2024-01-01.yml": POLICY}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    return make_repo(tmp_path_factory.mktemp("links") / "repo", terms_from=src)


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    out = repo.parent / "site"
    code, err = build(repo, out, as_of=AS_OF)
    assert code == 0, err
    return out


def _anchors(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in Html(html).tags if tag == "a"]


def _body(html: str) -> str:
    return html[html.index('<div class="terms-body">'):]


def _read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_the_history_only_warns(repo: Path) -> None:
    _, diags = load_checked(repo, AS_OF)
    assert not [d for d in diags if d.is_error]
    codes = {d.code for d in diags if d.location.path.endswith("2024-01-01.yml")}
    assert {"TERMS060", "TERMS061", "TERMS062", "TERMS027"} <= codes


def test_good_links_are_real_anchors(site: Path) -> None:
    for lang, prefix in (("ja", ""), ("en", "en/")):
        html = _read(site, f"{prefix}demo/index.html")
        body = _body(html)
        links = {a["href"]: a for a in _anchors(body)}
        assert links["../policy/"]["class"] == "terms-link"
        assert links["../policy/#contact"]["class"] == "terms-link"
        assert links["#amendment"]["class"] == "terms-link"
        web = links["https://example.com/a?b=1&c=2"]
        assert web["rel"] == "noopener noreferrer" and web["class"] == "terms-link terms-link--external"
        assert links["mailto:legal@example.com"]["rel"] == "noopener noreferrer"
        assert 'href="https://example.com/a?b=1&amp;c=2"' in body  # the href escaped once
        assert "](" not in body, lang
    # the permalink of the same version, one folder deeper, leads to the same places
    links = {a["href"] for a in _anchors(_body(_read(site, "en/demo/2025-01-01/index.html")))}
    assert {"../../policy/", "../../policy/#contact", "#amendment"} <= links


def test_hostile_history_never_becomes_a_script(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for a in _anchors(html):
            href = (a.get("href") or "").lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), path
            assert "onmouseover" not in a and '"' not in href
        assert not re.search(r"<a [^>]*onmouseover", html, re.IGNORECASE)
    body = _body(_read(site, "en/demo/2024-01-01/index.html"))
    hrefs = [a["href"] for a in _anchors(body)]
    assert '<span class="terms-num">2.</span>x</p>' in body     # a refused target: its label, no link
    assert '<span class="terms-num">3.</span>y</p>' in body     # #nope: no such provision, no link
    assert "[z](https://a.example/&#34;onmouseover=alert)" in body  # not a link: plain text, escaped
    assert "[a <a " in body and ">b</a>] c" in body            # nested brackets: the innermost link
    assert "https://b.example/" in hrefs and "https://c.example/" in hrefs
    assert "[[[[" in body and body.count("[") >= len(BRACKETS)  # brackets, kept as text


def test_a_changed_url_is_a_readable_change(site: Path) -> None:
    html = _read(site, "en/demo/2025-01-01/changes/index.html")
    fragment = html[html.index('<div class="terms-comparison"'):]
    row = next(r for r in fragment.split("<tr ") if "new.example" in r)
    new_cell, old_cell = row.split('<td class="cmp-old')
    assert '<a href="https://new.example/path" class="terms-link terms-link--external"' in new_cell
    assert '<span class="cmp-link-target"> ⟨https://<ins>' in new_cell and "new" in new_cell
    assert '<a href="https://old.example/path"' in old_cell and "<del>" in old_cell
    assert "](" not in row and "[old site" not in row
    # internal links of the new column lead to the new version, of the old to the old one
    assert 'href="../#amendment"' in fragment


def test_summary_feed_and_search_get_the_plain_form(site: Path, repo: Path) -> None:
    notice = _read(site, "en/notices/demo-2025-01-01/index.html")
    assert '<a href="../../demo/2025-01-01/#amendment" class="terms-link">Article 2</a>' in notice
    feed = _read(site, "en/feed.xml")
    assert "See Article 2 (https://terms.example.com/en/demo/2025-01-01/#amendment) and our site " \
           "(https://example.com/)." in feed
    assert "](" not in feed
    index = json.loads(_read(site, "search/search_index.json"))
    texts = " ".join(d["text"] + d["title"] for d in index["docs"])
    assert "](" not in texts and "Article 2" in texts


def test_the_email_says_label_and_url(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "markdown"):
        assert main(["--root", str(repo), "notice", "demo", "2025-01-01", "--lang", "en", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "Article 2 (https://terms.example.com/en/demo/2025-01-01/#amendment)" in out.replace("\\", "")
        assert "[Article 2]" not in out.replace("\\", "")


def test_export_adds_segments(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "export", "demo", "2025-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    text = data["content"]["articles"][0]["paragraphs"][2]["text"]
    assert text["en"] == "[Article 2](#amendment)"
    assert text["segments"]["en"] == [{"label": "Article 2", "target": "#amendment"}]
    assert "segments" not in data["content"]["articles"][1]["paragraphs"][0]["text"]


def test_rendering_refuses_what_the_checks_refuse() -> None:
    lt = LinkTargets("en", "demo/", frozenset({"policy"}), here=True)
    assert text_html("[<script>](https://a.b/)", lt) == (
        '<a href="https://a.b/" class="terms-link terms-link--external" rel="noopener noreferrer">'
        "&lt;script&gt;</a>")
    assert text_html("[x](data:text/html,hi)", lt) == "x"
    assert text_html("[x](//evil.example/)", lt) == "x"
    assert text_html("[x](nowhere#a)", lt) == "x"                     # no page of that document
    assert text_html("[x](https://a.b/&amp;)", lt) == "x"
    assert text_html("a\n[b](#c)", lt) == 'a<br>\n<a href="#c" class="terms-link">b</a>'
