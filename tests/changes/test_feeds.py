"""The Atom feeds (/feed.xml, /en/feed.xml): valid Atom (RFC 4287) read by an XML parser, one entry per
notice newest first, stable ids, dates from the sources and never from the clock, texts escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from termsite.model.terms import Corpus, Localized
from termsite.site import render_site

from ..site.helpers import DEMO, DEMO_AS_OF, Html
from .helpers import ANNOUNCED, ATOM, BEFORE, SWITCH, TEMPLATES, XML_LANG, corpus, entries, file, render

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"<{parent.tag}> must have exactly one <{name}>, has {len(found)}"
    return found[0]


def _date(element: ET.Element) -> dt.datetime:
    text = element.text or ""
    assert RFC3339.match(text), f"not an RFC 3339 date-time: {text!r}"
    return dt.datetime.fromisoformat(text)


def _iri(text: str | None) -> str:
    assert text and urlsplit(text).scheme in ("https", "http", "tag", "urn"), f"not an absolute IRI: {text!r}"
    return text


def _text_construct(element: ET.Element) -> str:
    kind = element.get("type", "text")
    assert kind in ("text", "html"), kind
    assert list(element) == [], f"<{element.tag}> of type {kind} holds child elements"
    text = element.text or ""
    if kind == "html":
        assert Html(text).tags, "escaped HTML that is not HTML once unescaped"
    return text


def validate_atom(data: bytes, lang: str, self_url: str) -> ET.Element:
    """Check the requirements of RFC 4287 that a feed of notices touches; return the parsed feed."""
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    feed = ET.fromstring(data)  # well-formed, or ParseError
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == lang
    for element in feed.iter():
        assert element.tag.startswith(ATOM), f"element outside the Atom namespace: {element.tag}"
    _iri(_one(feed, "id").text)
    assert _text_construct(_one(feed, "title"))
    updated = _date(_one(feed, "updated"))
    links = feed.findall(f"{ATOM}link")
    assert [link.get("href") for link in links if link.get("rel") == "self"] == [self_url]
    alternates = [(link.get("type"), link.get("hreflang")) for link in links if link.get("rel") == "alternate"]
    assert len(alternates) == len(set(alternates)) >= 1
    feed_author = feed.findall(f"{ATOM}author")
    for author in feed_author:
        assert (_one(author, "name").text or "").strip()
    seen: set[str] = set()
    previous: dt.datetime | None = None
    for entry in feed.findall(f"{ATOM}entry"):
        ident = _iri(_one(entry, "id").text)
        assert ident not in seen, f"two entries with the id {ident}"
        seen.add(ident)
        assert _text_construct(_one(entry, "title"))
        when = _date(_one(entry, "updated"))
        assert when <= updated, "an entry is newer than its feed"
        assert previous is None or when <= previous, "entries must be newest first"
        previous = when
        entry_links = entry.findall(f"{ATOM}link")
        alt = [link for link in entry_links if link.get("rel") == "alternate"]
        assert len(alt) == 1 and alt[0].get("type") == "text/html"
        _iri(alt[0].get("href"))
        assert feed_author or entry.findall(f"{ATOM}author"), "an entry without an author in a feed without one"
        _text_construct(_one(entry, "summary"))
        _text_construct(_one(entry, "content"))
    newest = [_date(_one(e, "updated")) for e in feed.findall(f"{ATOM}entry")]
    if newest:
        assert updated == max(newest)
    return feed


def test_both_feeds_are_valid_atom_with_an_entry_per_notice_newest_first() -> None:
    site = render(DEMO, DEMO_AS_OF)
    for lang, path in (("ja", "feed.xml"), ("en", "en/feed.xml")):
        feed = validate_atom(file(site, path), lang, f"https://terms.example.com/{path}")
        ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
        prefix = "https://terms.example.com/" + ("en/" if lang == "en" else "")
        assert ids == [f"{prefix}notices/demo-2025-09-01/", f"{prefix}notices/demo-2025-04-01/"]
        assert feed.findtext(f"{ATOM}updated") == "2025-05-20T00:00:00+09:00"
        assert [e.findtext(f"{ATOM}updated") for e in feed.findall(f"{ATOM}entry")] == [
            "2025-05-20T00:00:00+09:00", "2025-02-01T00:00:00+09:00"]
    en = ET.fromstring(file(site, "en/feed.xml"))
    assert en.findtext(f"{ATOM}title") == "Test Terms: notices of changes"
    first = en.findall(f"{ATOM}entry")[0]
    assert first.findtext(f"{ATOM}title") == "Changes to the Demo Terms (effective September 1, 2025)"
    assert first.findtext(f"{ATOM}summary") == "Wording is improved."
    [alt] = [x for x in first.findall(f"{ATOM}link") if x.get("rel") == "alternate"]
    assert alt.get("href") == "https://terms.example.com/en/notices/demo-2025-09-01/"


def test_an_entry_carries_the_notice_with_its_publisher_and_the_consent_statement() -> None:
    site = render(SWITCH, ANNOUNCED)
    feed = validate_atom(file(site, "feed.xml"), "ja", "https://terms.example.com/feed.xml")
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "切替株式会社"
    assert entry.findtext(f"{ATOM}title") == "切替サービス約款改定のお知らせ（2025年4月1日施行）"
    content = entry.findtext(f"{ATOM}content") or ""
    assert "切替サービス約款第3条（変更）の定めにより、掲示後に本サービスをご利用いただいた時点で" in content
    assert "料金の未払いが増えたため" in content  # the reason
    assert '<a href="https://terms.example.com/svc/2025-04-01/changes/">新旧対照表</a>' in content
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "切替テスト規約集"


def test_ids_and_dates_never_change_between_builds() -> None:
    first = render(DEMO, DEMO_AS_OF)
    again = render(DEMO, DEMO_AS_OF)
    later = render(DEMO, dt.date(2025, 10, 1))  # the embargoed 2025-12-01 version is announced on 2025-07-01
    for path in ("feed.xml", "en/feed.xml"):
        assert file(first, path) == file(again, path)  # the same sources and day give the same bytes

        def pairs(data: bytes) -> list[tuple[str | None, str | None]]:
            return [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}updated")) for e in entries(data)]

        old, new = pairs(file(first, path)), pairs(file(later, path))
        assert new[1:] == old and len(new) == 3
        assert new[0][1] == "2025-07-01T00:00:00+09:00"
        validate_atom(file(later, path), "en" if path.startswith("en/") else "ja", f"https://terms.example.com/{path}")


def test_a_feed_without_notices_is_valid_and_dated_by_the_sources() -> None:
    site = render(SWITCH, BEFORE)
    feed = validate_atom(file(site, "feed.xml"), "ja", "https://terms.example.com/feed.xml")
    assert feed.findall(f"{ATOM}entry") == []
    # the day the newest visible version was announced, not the build day
    assert feed.findtext(f"{ATOM}updated") == "2024-12-01T00:00:00+09:00"
    assert file(render(SWITCH, BEFORE - dt.timedelta(days=30)), "feed.xml") == file(site, "feed.xml")


def test_texts_are_escaped_and_characters_xml_forbids_are_dropped() -> None:
    demo = corpus(DEMO)
    [doc] = demo.documents
    hostile = '<script>alert("x")</script> & \x07bell ]]>'
    versions = tuple(dataclasses.replace(v, summary=Localized(hostile, hostile)) if v.key == "2025-09-01" else v
                     for v in doc.versions)
    site = render_site(Corpus((dataclasses.replace(doc, versions=versions),), demo.config), DEMO_AS_OF, TEMPLATES)
    for lang, path in (("ja", "feed.xml"), ("en", "en/feed.xml")):
        data = file(site, path)
        assert b"<script" not in data and b"\x07" not in data
        feed = validate_atom(data, lang, f"https://terms.example.com/{path}")
        entry = feed.findall(f"{ATOM}entry")[0]
        assert entry.findtext(f"{ATOM}summary") == hostile.replace("\x07", "")
        content = entry.findtext(f"{ATOM}content") or ""
        assert "&lt;script&gt;" in content and "<script" not in content  # escaped once more inside the HTML
