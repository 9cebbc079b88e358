"""The renderer on its own (no MkDocs): golden pages, escaping, links, builders, writing files.

Golden cases live in ``golden/<case>/``: the input terms under ``terms/`` and the expected HTML of the
version's permalink page in ``expected/<lang>.html``. After an intended change of the templates,
regenerate them with ``TERMS_UPDATE_GOLDEN=1 python -m pytest tests/site/test_render.py`` and review
the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termsite.model.dates import format_date
from termsite.model.terms import Corpus, Localized
from termsite.site import (
    BUILDERS,
    Page,
    Planned,
    RenderError,
    SiteContext,
    StaticFile,
    render_site,
    split_source,
    write_site,
)
from termsite.site.builders import version_pages
from termsite.site.changes import changes_pages
from termsite.site.comparisons import pair_pages
from termsite.site.env import DEFAULTS, text_filter
from termsite.site.urls import relative_url
from termsite.source.load import load_corpus, load_version_text

from .helpers import DEMO, DEMO_AS_OF, Html

GOLDEN = Path(__file__).resolve().parent / "golden"
TEMPLATES = DEFAULTS
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_golden_pages(case: str) -> None:
    corpus, _ = load_corpus(GOLDEN / case)
    [doc] = corpus.documents
    [version] = doc.versions
    site = render_site(corpus, version.effective, TEMPLATES, builders=[version_pages])
    for lang in ("ja", "en"):
        got = site.page(lang, f"{doc.id}/{version.key}/")
        assert got is not None
        expected = GOLDEN / case / "expected" / f"{lang}.html"
        if os.environ.get("TERMS_UPDATE_GOLDEN"):
            expected.parent.mkdir(exist_ok=True)
            expected.write_text(got.html, encoding="utf-8")
        assert got.html == expected.read_text(encoding="utf-8"), f"{case}/{lang}: run with TERMS_UPDATE_GOLDEN=1"


def _demo() -> Corpus:
    corpus, diags = load_corpus(DEMO)
    assert not [d for d in diags if d.is_error]
    return corpus


def test_markup_in_texts_is_escaped_never_executed() -> None:
    # the checks reject markup; the renderer must still never emit it (defence in depth)
    text = (GOLDEN / "statute" / "expected" / "en.html").read_text(encoding="utf-8")
    assert "&lt;this&gt; &amp; &#34;that&#34;." in text
    hostile = '<script>alert(\\"x\\")</script><img src=x onerror=alert(1)>'  # YAML-escaped quotes
    yml = f"""\
effective: 2024-01-01
announced: 2024-01-01
status: published
articles:
  - id: a
    title: {{ja: "{hostile}", en: t}}
    paragraphs:
      - text: {{ja: "{hostile}", en: "javascript:alert(1)"}}
"""
    version, diags = load_version_text(yml, "x.yml", "demo")
    assert version is not None, diags
    demo = _demo()
    [doc] = demo.documents
    corpus = Corpus((dataclasses.replace(doc, versions=(version,)),), demo.config)
    site = render_site(corpus, dt.date(2024, 1, 2), TEMPLATES)
    for page in site.pages:
        assert "<script" not in page.html and "<img" not in page.html, page.url
        assert 'href="javascript' not in page.html
    body = site.page("ja", "demo/")
    assert body is not None and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body.html


@given(st.text())
def test_text_filter_escapes_everything_and_keeps_line_breaks(value: str) -> None:
    out = str(text_filter(value))
    assert "<" not in out.replace("<br>", "")
    assert out.count("<br>") == (value.count("\n") if value else 0)


_SEGMENT = st.text(alphabet="abcdefghij0123456789-", min_size=1, max_size=8)
_DIR = st.lists(_SEGMENT, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))


@given(_DIR, _DIR)
def test_relative_links_resolve_to_their_target(source: str, target: str) -> None:
    rel = relative_url(source, target)
    resolved = posixpath.normpath(posixpath.join("/" + source, rel))
    assert resolved.rstrip("/") == ("/" + target).rstrip("/") or (resolved == "/" and target == "")
    assert rel.endswith("/")


def test_dates_as_readers_write_them() -> None:
    assert format_date(dt.date(2024, 1, 1), "ja") == "2024年1月1日"
    assert format_date(dt.date(2024, 1, 1), "en") == "January 1, 2024"
    assert format_date(dt.date(2025, 12, 31), "en") == "December 31, 2025"


def test_missing_translation_of_a_draft_is_shown_not_filled() -> None:
    demo = _demo()
    [doc] = demo.documents
    draft = doc.version("2026-01-01")
    assert draft is not None
    art = draft.articles[0]
    broken = dataclasses.replace(art, title=Localized("目的", None))
    draft = dataclasses.replace(draft, loose_articles=(broken, *draft.loose_articles[1:]))
    corpus = Corpus((dataclasses.replace(doc, versions=(*doc.versions[:-1], draft)),), demo.config)
    site = render_site(corpus, DEMO_AS_OF, TEMPLATES, drafts=True)
    en = site.page("en", "demo/2026-01-01/")
    assert en is not None
    assert "Article 1 ([translation missing])" in Html(en.html).text_by_id["purpose"]


def test_a_new_kind_of_page_is_one_builder_and_other_pages_can_link_to_it(tmp_path: Path) -> None:
    def changes(ctx: SiteContext) -> list[Planned]:
        doc = ctx.documents[0]
        return [Planned(f"{doc.id}/2025-04-01/changes/",
                        lambda: Page("ja", f"{doc.id}/2025-04-01/changes/", "changes", "新旧対照表", "<p>x</p>"))]

    # the real comparison builders replaced by a stand-in that makes only the Japanese page
    others = [b for b in BUILDERS if b not in (changes_pages, pair_pages)]
    site = render_site(_demo(), DEMO_AS_OF, TEMPLATES, builders=[*others, changes])
    assert site.page("ja", "demo/2025-04-01/changes/") is not None
    history = site.page("ja", "demo/history/")
    assert history is not None and 'href="../2025-04-01/changes/"' in history.html
    en_history = site.page("en", "demo/history/")
    assert en_history is not None and "changes/" not in en_history.html  # no English page: no link


def test_two_builders_claiming_one_path_is_an_error() -> None:
    def clash(ctx: SiteContext) -> list[Planned]:
        return [Planned("demo/", lambda: StaticFile("demo/", b""))]

    with pytest.raises(RenderError, match="two outputs at 'demo/'"):
        render_site(_demo(), DEMO_AS_OF, TEMPLATES, builders=[*BUILDERS, clash])


def test_a_template_mistake_names_the_template_and_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    hub = templates / "pages" / "hub.j2"
    hub.write_text(hub.read_text(encoding="utf-8").replace("{{ title }}", "{{ no_such_name }}"), encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render_site(_demo(), DEMO_AS_OF, templates)
    assert f"{hub}:" in str(info.value) and "no_such_name" in str(info.value)


def test_a_document_with_no_version_in_force_yet() -> None:
    # as of 2023-12-15 the first version is announced (2023-12-01) but takes effect only on 2024-01-01
    site = render_site(_demo(), dt.date(2023, 12, 15), TEMPLATES)
    doc = site.page("en", "demo/")
    assert doc is not None and "No version is in force yet." in doc.html
    assert "takes effect on January 1, 2024" in doc.html and 'href="2024-01-01/"' in doc.html
    hub = site.page("ja", "")
    assert hub is not None and "現在適用されている版はありません。" in hub.html
    assert 'href="demo/2024-01-01/">2024年1月1日施行</a>（2023年12月1日公表）' in hub.html
    # no notice yet: the first version of a document is not a change
    assert [p.path for p in site.pages if p.lang == "ja"] == ["", "demo/", "demo/2024-01-01/", "demo/history/",
                                                              "demo/history/articles/", "demo/on/", "notices/"]


def test_the_version_menu_stays_small_however_long_the_history() -> None:
    demo = _demo()
    [doc] = demo.documents
    first = doc.versions[0]
    many = tuple(dataclasses.replace(first, effective=dt.date(2000 + i, 1, 1), announced=dt.date(2000 + i, 1, 1))
                 for i in range(20))
    corpus = Corpus((dataclasses.replace(doc, versions=many),), demo.config)
    site = render_site(corpus, dt.date(2019, 6, 1), TEMPLATES)
    page = site.page("ja", "demo/2005-01-01/")
    assert page is not None
    menu = page.html[page.html.index('<nav class="terms-versions"'):]
    menu = menu[:menu.index("</nav>")]
    linked = re.findall(r'<li><a href="\.\./(\d{4})-01-01/|<li><a href="\./"', menu)
    # this version, its neighbours and the one in force; the history has all 20
    assert linked == ["2019", "2006", "", "2004"]
    assert "（全20版）" in menu
    history = site.page("ja", "demo/history/")
    assert history is not None and history.html.count("<tr data-terms-version=") == 20


def test_navigation_has_the_hub_and_each_documents_current_page_and_history() -> None:
    site = render_site(_demo(), DEMO_AS_OF, TEMPLATES)
    hub, demo, notices = site.nav["en"]
    assert (notices.title, notices.path) == ("Notices", "notices/")
    assert (hub.title, hub.path) == ("All documents", "")
    assert demo.title == "Demo Terms"
    assert [(c.title, c.path) for c in demo.children] == [("Version in force", "demo/"),
                                                          ("Version history", "demo/history/")]


def test_write_site_rewrites_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / ".gitkeep").write_text("", encoding="utf-8")
    (out / "stale.md").write_text("old", encoding="utf-8")
    corpus = _demo()
    site = render_site(corpus, DEMO_AS_OF, TEMPLATES)
    first = write_site(site, out)
    assert "ja/demo/index.md" in first.written and first.removed == ["stale.md"]
    assert (out / ".gitkeep").exists()
    again = write_site(site, out)
    assert again.written == [] and again.removed == [] and again.unchanged == len(first.written)
    later = render_site(corpus, dt.date(2025, 9, 1), TEMPLATES)  # 2025-09-01 takes effect
    third = write_site(later, out)
    assert "ja/demo/index.md" in third.written and "ja/demo/2024-01-01/index.md" in third.written


def test_page_source_keeps_html_and_table_of_contents_apart_from_markdown() -> None:
    site = render_site(_demo(), DEMO_AS_OF, TEMPLATES)
    page = site.page("ja", "demo/")
    assert page is not None
    from termsite.site.write import page_source

    source = page_source(page)
    front, _, body = source[4:].partition("\n---\n")
    assert 'title: "デモ約款"' in front and 'lastmod: "2025-05-20"' in front
    toc, html = split_source(body)
    assert html == page.html and toc == page.toc
    assert [e.id for e in toc] == ["purpose", "fees", "amendment"]
    old = site.page("ja", "demo/2024-01-01/")
    assert old is not None and "exclude: true" in page_source(old)
