"""What every page builder may ask about the site being built: documents, states, links, templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from termsite.compare.memo import Memo
from termsite.model.terms import Corpus, Document, Lang, Version
from termsite.model.timeline import Entry, timeline, visible_versions
from termsite.site.env import make_environment
from termsite.site.links import LinkTargets
from termsite.site.pages import Page, StaticFile
from termsite.site.urls import absolute_url, document_path, lang_prefix, relative_url


@dataclass(frozen=True)
class Planned:
    """An output a builder will produce: its path from the site root, and how to make it.

    Builders first announce every output, then the outputs are made; so a page can link to another
    page only if it exists (``SiteContext.exists``), whichever builder makes it.
    """

    path: str
    make: Callable[[], Page | StaticFile]
    scope: str | None = None
    """The id of the one document the output is made from, if it depends on no other: such pages
    can be served from the page cache while that document and the build's settings are unchanged."""


@dataclass
class SiteContext:
    """The build's inputs and shared knowledge, handed to every page builder."""

    corpus: Corpus
    as_of: dt.date
    drafts: bool
    templates: Path
    comparison_memo: Memo | None = None
    """What the comparisons of this build share (:mod:`termsite.compare.memo`), if the caller gives it."""
    env: Environment = field(init=False)
    documents: tuple[Document, ...] = field(init=False)
    paths: frozenset[str] = field(default=frozenset(), init=False)
    pdf_hashes: dict[str, str] = field(default_factory=dict, init=False)
    """SHA-256 of each PDF of the build by its path from the site root, known before any page is made
    (:mod:`termsite.site.pdf`; empty in a build without PDFs)."""
    _timelines: dict[str, list[Entry]] = field(default_factory=dict, init=False)
    _lastmod: dict[str, dt.date] = field(default_factory=dict, init=False)
    memo: dict[str, Any] = field(default_factory=dict, init=False)
    """What builders compute once per build and share (every notice of a language, …), by name."""

    def __post_init__(self) -> None:
        self.env = make_environment(self.templates)
        self.documents = tuple(d for d in self.corpus.documents if visible_versions(d, self.as_of, self.drafts))

    @property
    def site_url(self) -> str:
        """The public address of the site, from ``site_config/site.yml``."""
        return self.corpus.config.site_url

    def timeline(self, doc: Document) -> list[Entry]:
        """Every version of ``doc`` this build shows, oldest first, with its state."""
        if doc.id not in self._timelines:
            self._timelines[doc.id] = timeline(doc, self.as_of, self.drafts)
        return self._timelines[doc.id]

    def in_force(self, doc: Document) -> Entry | None:
        """The entry of the version in force, if any."""
        for e in self.timeline(doc):
            if e.state == "current":
                return e
        return None

    def upcoming(self, doc: Document) -> list[Entry]:
        """Published versions announced but not yet in force."""
        return [e for e in self.timeline(doc) if e.state == "upcoming"]

    def successor(self, doc: Document, version: Version) -> Entry | None:
        """The next published version after ``version`` that this build shows."""
        later = [e for e in self.timeline(doc) if e.version.effective > version.effective and e.state != "draft"]
        return later[0] if later else None

    def lastmod(self, doc: Document) -> dt.date:
        """The last day, on or before the build day, that something happened to ``doc``.

        A document's pages change when one of its versions is announced or takes effect (the version
        in force switches, old versions become superseded). Sitemap dates come from here, so the same
        sources and build day always give the same site.
        """
        if doc.id not in self._lastmod:
            days = [day for e in self.timeline(doc) for day in (e.version.announced, e.version.effective)
                    if day is not None and day <= self.as_of]
            self._lastmod[doc.id] = max(days) if days else self.as_of
        return self._lastmod[doc.id]

    def menu(self, doc: Document, entry: Entry) -> list[Entry]:
        """The versions a version menu offers, oldest first: the one shown, its neighbours, the one in
        force, and every upcoming version and draft. The history lists them all; a menu on every page
        that listed every version would grow the site quadratically with the history."""
        line = self.timeline(doc)
        at = next(i for i, e in enumerate(line) if e.version.key == entry.version.key)
        keep = {at, at - 1, at + 1}
        keep |= {i for i, e in enumerate(line) if e.state in ("current", "upcoming", "draft")}
        return [e for i, e in enumerate(line) if i in keep]

    def exists(self, lang: Lang, path: str) -> bool:
        """True if the site has a page at ``path`` under the ``lang`` root."""
        return lang_prefix(lang) + path in self.paths

    def link_targets(self, lang: Lang, page_path: str) -> LinkTargets:
        """Where the links of the terms lead from the page at ``page_path`` in ``lang``: to the
        documents whose page in force this build has (:mod:`termsite.site.links`)."""
        key = f"link documents {lang}"
        documents = self.memo.get(key)
        if not isinstance(documents, frozenset):
            documents = frozenset(d.id for d in self.documents if self.exists(lang, document_path(d.id)))
            self.memo[key] = documents
        return LinkTargets(lang, lang_prefix(lang) + page_path, documents)

    def render(self, template: str, page_lang: Lang, page_path: str, **values: Any) -> str:
        """Render ``template`` for the page at ``page_path`` in ``page_lang``.

        Templates get ``lang``, ``other_lang``, ``link(path, lang=lang)`` (a relative link to a page
        under a language root), ``exists(path, lang=lang)``, ``asset(path)`` (a relative link to a
        file from the site root), ``page_path``, ``page_url`` (absolute, for print), ``as_of`` and
        ``link_targets`` (:meth:`link_targets` of the page: the ``text`` filter's argument) and whatever
        the builder passes.
        """
        here = lang_prefix(page_lang) + page_path

        def link(path: str, lang: Lang | None = None) -> str:
            return relative_url(here, lang_prefix(lang or page_lang) + path)

        def exists(path: str, lang: Lang | None = None) -> bool:
            return self.exists(lang or page_lang, path)

        def asset(path: str) -> str:
            return relative_url(here, path)

        return self.env.get_template(template).render(
            lang=page_lang,
            other_lang="en" if page_lang == "ja" else "ja",
            link=link,
            exists=exists,
            asset=asset,
            page_path=page_path,
            page_url=absolute_url(self.site_url, here),
            as_of=self.as_of,
            link_targets=self.link_targets(page_lang, page_path),
            **values,
        )
