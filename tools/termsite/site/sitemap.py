"""``sitemap.xml`` of the whole site: every page in both languages, its alternates and its last change.

Dates come from the terms (each page's ``lastmod``), never from the build clock, and the gzip copy
carries the newest of them as its timestamp: the same sources and build day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr  # XML's escaping, not HTML's (markupsafe): a sitemap is XML

from termsite.model.terms import LANGS, Lang
from termsite.site.pages import Page


def _key(page: Page) -> tuple[int, tuple[str, ...]]:
    return LANGS.index(page.lang), tuple(page.path.split("/"))


def sitemap_xml(pages: Iterable[Page], site_url: str) -> str:
    """The sitemap of ``pages`` (in language order, then by path), with hreflang alternates."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    ordered = sorted(pages, key=_key)
    langs_of: dict[str, list[Lang]] = {}
    for p in ordered:
        langs_of.setdefault(p.path, []).append(p.lang)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for p in ordered:
        lines += ["    <url>", f"        <loc>{escape(base + p.url)}</loc>"]
        if p.lastmod is not None:
            lines.append(f"        <lastmod>{p.lastmod.isoformat()}</lastmod>")
        lines.append("        <changefreq>daily</changefreq>")
        others = langs_of[p.path]
        if len(others) > 1:
            for lang in sorted(others, key=LANGS.index):
                href = base + Page(lang, p.path, p.kind, "", "").url
                lines.append(f'        <xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(href)}/>')
        lines.append("    </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_gz(xml: str, pages: Iterable[Page]) -> bytes:
    """``xml`` gzipped, stamped with the newest page date (00:00 UTC) instead of the clock."""
    dates = [p.lastmod for p in pages if p.lastmod is not None]
    newest = max(dates) if dates else dt.date(1970, 1, 1)
    stamp = int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, filename="sitemap.xml.gz", mode="wb", mtime=stamp) as gz:
        gz.write(xml.encode("utf-8"))
    return buf.getvalue()
