"""Notices: /notices/ (every notice, newest first), /notices/<doc>-<date>/ (the posting 約款第2条 and
民法第548条の4 require) and the latest notices on the hub."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from termsite.model.terms import Corpus
from termsite.notices.notice import build_notice
from termsite.site import render_site
from termsite.site.urls import notice_links

from ..site.helpers import DEMO, DEMO_AS_OF, Html
from .helpers import ANNOUNCED, NEW, OLD, SWITCH, TEMPLATES, corpus, html, render

NOTICE = f"notices/svc-{NEW}/"


def test_a_notice_states_what_the_law_asks_for() -> None:
    site = render(SWITCH, ANNOUNCED)
    text = html(site, "ja", NOTICE)
    parsed = Html(text)
    # the fact of the change, with the effective date
    assert "切替サービス約款を改定します。改定後の切替サービス約款は2025年4月1日から適用されます。" in text
    assert "<h1 class=\"terms-title\">切替サービス約款改定のお知らせ（2025年4月1日施行）</h1>" in text
    # the dates: effective and posted
    assert '<dt>施行日</dt><dd><time datetime="2025-04-01">2025年4月1日</time></dd>' in text
    assert '<dt>掲示日</dt><dd><time datetime="2025-03-01">2025年3月1日</time></dd>' in text
    assert "<dt>区分</dt><dd>利用者に不利益な変更</dd>" in text
    # the summary and the reason
    assert parsed.text_by_id["summary"] == "改定の概要" and "遅延損害金の条項を新設し" in text
    assert parsed.text_by_id["reason"] == "変更の理由" and "料金の未払いが増えたため" in text
    # the deemed-consent statement tied to the change clause (第3条 in the new version)
    assert parsed.text_by_id["consent"] == "改定後の規約への同意"
    assert ("切替サービス約款第3条（変更）の定めにより、掲示後に本サービスをご利用いただいた時点で、"
            "改定後の切替サービス約款に同意いただいたものとみなします。") in text
    # links to the new text, the comparison and the previous version
    links = re.findall(r'<a href="([^"]+)">', text[text.index('<ul class="terms-changes__links">'):])
    assert links[:3] == [f"../../svc/{NEW}/", f"../../svc/{NEW}/changes/", f"../../svc/{OLD}/"]
    assert "切替株式会社" in text


def test_the_texts_are_the_notice_cores() -> None:
    # the page, the feed and the email announcement say the same: the texts come from notices/notice.py
    found = corpus(SWITCH)
    [doc] = found.documents
    old, new = doc.versions
    site = render(SWITCH, ANNOUNCED)
    for lang in ("ja", "en"):
        notice = build_notice(doc, old, new, lang, found.config, notice_links)
        text = html(site, lang, NOTICE)
        for part in (notice.fact, notice.summary, notice.reason, notice.consent, notice.effective, notice.announced):
            assert part and _escaped(part) in text, part


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")


def test_the_english_notice() -> None:
    text = html(render(SWITCH, ANNOUNCED), "en", NOTICE)
    assert "<h1 class=\"terms-title\">Changes to the Switch Service Terms (effective April 1, 2025)</h1>" in text
    assert "The Switch Service Terms are changing. The changed Switch Service Terms apply from April 1, 2025." in text
    assert "Under Article 3 (Amendment) of the Switch Service Terms, if you use the Service after this posting" in text
    assert "<dt>Posted on</dt>" in text and "The Japanese original of this document governs." in text


def test_notice_pages_are_searchable_and_described_by_their_summary() -> None:
    site = render(SWITCH, ANNOUNCED)
    for lang in ("ja", "en"):
        notice = site.page(lang, NOTICE)
        index = site.page(lang, "notices/")
        assert notice is not None and index is not None
        assert notice.searchable and index.searchable
    ja = site.page("ja", NOTICE)
    assert ja is not None and ja.description == "遅延損害金の条項を新設し、ポイントの条項を削除します。"


def test_the_first_version_has_no_notice_and_a_draft_only_a_preview_with_drafts() -> None:
    site = render(DEMO, DEMO_AS_OF, drafts=True)
    notices = sorted(p.path for p in site.pages if p.lang == "ja" and p.kind == "notice")
    # not 2024-01-01 (the first version); the draft 2026-01-01 as a preview, marked so
    assert notices == ["notices/demo-2025-04-01/", "notices/demo-2025-09-01/", "notices/demo-2026-01-01/"]
    assert "terms-banner--draft" in html(site, "ja", "notices/demo-2026-01-01/")
    assert "terms-banner--draft" not in html(site, "ja", "notices/demo-2025-09-01/")
    # nor does an embargoed one (2025-12-01, announced 2025-07-01)
    assert "demo-2025-12-01" not in html(site, "ja", "notices/")
    public = render(DEMO, DEMO_AS_OF)
    assert "notices/demo-2026-01-01/" not in {p.path for p in public.pages}


def _many(count: int) -> Corpus:
    """The demo document with ``count`` published versions, a year apart, each announced a month ahead."""
    demo = corpus(DEMO)
    [doc] = demo.documents
    model = doc.version("2025-04-01")
    assert model is not None
    versions = tuple(dataclasses.replace(model, effective=dt.date(2010 + i, 4, 1), announced=dt.date(2010 + i, 3, 1))
                     for i in range(count))
    return Corpus((dataclasses.replace(doc, versions=versions),), demo.config)


def test_the_index_lists_every_notice_newest_first_and_the_hub_the_latest_five() -> None:
    many = _many(8)  # seven changes
    site = render_site(many, dt.date(2020, 1, 1), TEMPLATES)
    index = html(site, "ja", "notices/")
    listed = re.findall(r'<a href="demo-(\d{4}-\d{2}-\d{2})/">', index)
    assert listed == [f"{year}-04-01" for year in range(2017, 2010, -1)]
    hub = html(site, "ja", "")
    latest = re.findall(r'<a href="notices/demo-(\d{4}-\d{2}-\d{2})/">', hub)
    assert latest == [f"{year}-04-01" for year in range(2017, 2012, -1)]
    assert '<a href="notices/">すべてのお知らせ</a>' in hub
    assert '<a href="feed.xml" type="application/atom+xml">Atomフィード</a>' in hub
    assert '<a href="en/feed.xml"' not in hub
    en_hub = html(site, "en", "")
    assert '<a href="feed.xml" type="application/atom+xml">Atom feed</a>' in en_hub  # /en/feed.xml from /en/


def test_notices_appear_on_their_announcement_day() -> None:
    many = _many(3)
    before = render_site(many, dt.date(2012, 2, 29), TEMPLATES)
    on = render_site(many, dt.date(2012, 3, 1), TEMPLATES)
    assert [p.path for p in before.pages if p.kind == "notice" and p.lang == "ja"] == ["notices/demo-2011-04-01/"]
    assert [p.path for p in on.pages if p.kind == "notice" and p.lang == "ja"] == [
        "notices/demo-2012-04-01/", "notices/demo-2011-04-01/"]


def test_a_draft_s_notice_is_previewed_with_drafts_and_never_posted() -> None:
    from ..site.helpers import REPO
    from .helpers import file

    day = dt.date(2026, 11, 25)  # the shipped 2027-01-01 draft says it will be announced on 2026-12-01
    preview = render(REPO, day, drafts=True)
    path = "notices/cloud-resale-2027-01-01/"
    for lang, banner, posted in (("ja", "下書きの版のお知らせのプレビューです。", "<dt>掲示日</dt>"),
                                 ("en", "Preview of the notice of a draft version.", "<dt>Posted on</dt>")):
        text = html(preview, lang, path)
        assert "terms-banner--draft" in text and banner in text
        assert "2027" in text and posted in text
        listed = html(preview, lang, "notices/")
        assert path.removeprefix("notices/") in listed and "terms-state--draft" in listed
        # the hub and the feeds list posted notices only
        assert "cloud-resale-2027-01-01" not in html(preview, lang, "")
    assert b"cloud-resale-2027-01-01" not in file(preview, "feed.xml")
    assert b"cloud-resale-2027-01-01" not in file(preview, "en/feed.xml")
    public = render(REPO, day)
    assert public.page("ja", path) is None and public.page("en", path) is None
    assert "cloud-resale-2027-01-01" not in html(public, "ja", "notices/")
