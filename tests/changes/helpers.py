"""Shared helpers for the tests of comparisons, notices, feeds and the switch of the version in force."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from termsite.model.terms import Corpus
from termsite.site import Page, Site, render_site
from termsite.source.load import load_corpus

from ..site.helpers import DEFAULTS

SWITCH = Path(__file__).resolve().parent / "switch"
TEMPLATES = DEFAULTS

#: The change of the switch repository: announced on 2025-03-01, in force from 2025-04-01.
BEFORE = dt.date(2025, 2, 28)       # the day before the announcement: embargoed
ANNOUNCED = dt.date(2025, 3, 1)     # the announcement day: upcoming
EVE = dt.date(2025, 3, 31)          # the day before the effective date: still upcoming
EFFECTIVE = dt.date(2025, 4, 1)     # the effective date: in force
NEW = "2025-04-01"
OLD = "2025-01-01"

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def corpus(root: Path) -> Corpus:
    """The corpus of ``root``, which must load and check without errors."""
    found, diags = load_corpus(root)
    assert not [d for d in diags if d.is_error], [d.as_text() for d in diags]
    return found


def render(root: Path, as_of: dt.date, *, drafts: bool = False) -> Site:
    """The site of ``root`` as of ``as_of`` from the core renderer (no MkDocs)."""
    return render_site(corpus(root), as_of, TEMPLATES, drafts=drafts)


def html(site: Site, lang: str, path: str) -> str:
    """The HTML of a page that must exist."""
    page: Page | None = site.page(lang, path)  # type: ignore[arg-type]
    assert page is not None, f"no page {lang}:{path}"
    return page.html


def file(site: Site, path: str) -> bytes:
    """The bytes of a file that must exist (``feed.xml``, ``api/terms.json``)."""
    found = [f.content for f in site.files if f.path == path]
    assert found, f"no file {path}"
    return found[0]


def entries(feed: bytes) -> list[ET.Element]:
    """The ``<entry>`` elements of an Atom feed."""
    return ET.fromstring(feed).findall(f"{ATOM}entry")
