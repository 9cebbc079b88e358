"""Notices of change: what 約款第2条 and 民法第548条の4 require a posting to say.

A notice exists for every published version after the first that is announced by the build day. It
states the fact of the change, the summary and the reason, the effective and posting dates, links to
the new text and the comparison, and the deemed-consent statement tied to the document's change
clause. The same :class:`Notice` feeds the notice pages, the Atom feeds and the email announcement.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Protocol

from termsite.model.dates import format_date
from termsite.model.numbering import article_numbers, heading
from termsite.model.terms import Corpus, Document, Lang, SiteConfig, Version, shown_language

__all__ = ["Links", "Notice", "all_notices", "build_notice", "changes_in", "clause_heading", "translation_sentence"]


class Links(Protocol):
    """Where the site publishes a version: the absolute URLs of its text, its comparison with the
    version before and its notice, in ``lang`` (the site's URLs: :func:`termsite.site.urls.notice_links`)."""

    def __call__(self, site_url: str, doc_id: str, key: str, lang: Lang, /) -> tuple[str, str, str]: ...


@dataclass(frozen=True)
class Notice:
    """The posting of one change in one language; every field is display-ready text or a URL."""

    document: Document
    version: Version
    previous: Version
    lang: Lang
    title: str
    subject: str
    fact: str
    summary: str | None
    reason: str | None
    consent: str | None
    effective: str
    announced: str
    new_text_url: str
    changes_url: str
    notice_url: str
    publisher: str | None
    preview: bool = False
    """A draft's notice, shown to its editors (``terms serve``, ``--drafts``): never posted, fed or sent."""
    text_lang: Lang | None = None
    """The language of ``summary`` and ``reason`` when it is not ``lang``: the original, while the
    translation of the version is pending or the document has none (``None``: ``lang``)."""
    translation: str | None = None
    """What the notice says about a translation pending or absent (:func:`translation_sentence`)."""

    @property
    def id(self) -> str:
        """A stable identifier: ``<doc>-<effective-date>``."""
        return f"{self.document.id}-{self.version.key}"


def changes_in(doc: Document, as_of: dt.date) -> list[tuple[Version, Version]]:
    """(previous, version) for every published version after the first announced by ``as_of``."""
    visible = [v for v in doc.versions
               if v.status == "published" and v.announced is not None and v.announced <= as_of]
    return list(itertools.pairwise(visible))


def clause_heading(doc: Document, version: Version, lang: Lang) -> str | None:
    """The heading of the change clause in ``version`` (第2条（約款の追加・変更）), if it has one."""
    if not doc.change_clause:
        return None
    numbers = article_numbers(version)
    for art in version.articles:
        if art.id == doc.change_clause:
            title = art.title.get(lang) if art.title else None
            return heading(doc, numbers[art.id], title, lang)
    return None


def build_notice(doc: Document, previous: Version, version: Version, lang: Lang, config: SiteConfig,
                 links: Links, *, preview: bool = False) -> Notice:
    """The notice of ``version`` replacing ``previous``, in ``lang``, linking where ``links`` says;
    ``preview``: the notice of a draft, as it will read once posted."""
    title = doc.title.get(lang) or doc.title.get(doc.original) or doc.id
    effective = format_date(version.effective, lang)
    if version.announced is not None:
        announced = format_date(version.announced, lang)
    else:  # a draft without its posting day yet
        announced = "掲示日未定" if lang == "ja" else "posting date not yet set"
    clause = clause_heading(doc, version, lang)
    if lang == "ja":
        subject = f"【重要】{title}改定のお知らせ（{effective}施行）"
        fact = (f"{title}を改定します。改定後の{title}は{effective}から適用されます。"
                f"改定後の全文と新旧対照表をこのお知らせとともに掲示します（{announced}掲示）。")
        consent = (f"{title}{clause}の定めにより、掲示後に本サービスをご利用いただいた時点で、改定後の{title}に"
                   "同意いただいたものとみなします。") if clause else None
    else:
        subject = f"Important: changes to the {title}, effective {effective}"
        fact = (f"The {title} are changing. The changed {title} apply from {effective}. The full text and a "
                f"comparison of the old and new text are posted with this notice (posted {announced}).")
        if doc.title.en and not doc.title.en.endswith("s"):
            fact = fact.replace(" are changing", " is changing").replace(" apply from", " applies from")
        consent = (f"Under {clause} of the {title}, if you use the Service after this posting you are deemed "
                   f"to have agreed to the changed {title}.") if clause else None
    text_lang = shown_language(doc, version, lang)
    summary = version.summary.get(text_lang) if version.summary else None
    reason = version.reason.get(text_lang) if version.reason else None
    new_text_url, changes_url, notice_url = links(config.site_url, doc.id, version.key, lang)
    return Notice(
        document=doc, version=version, previous=previous, lang=lang, title=title, subject=subject, fact=fact,
        summary=summary, reason=reason, consent=consent, effective=effective, announced=announced,
        new_text_url=new_text_url, changes_url=changes_url, notice_url=notice_url,
        publisher=doc.publisher.get(lang) if doc.publisher else None, preview=preview,
        text_lang=text_lang if text_lang != lang else None, translation=translation_sentence(doc, version, lang),
    )


_PENDING: dict[tuple[Lang, Lang], str] = {  # (the page's language, the translation's)
    ("en", "en"): "The English translation of the new version is in preparation: the new version is posted in "
                  "its Japanese original, which is the binding text.",
    ("ja", "en"): "改定後の版の英訳は準備中です。",
    ("ja", "ja"): "改定後の版の日本語訳は準備中です。改定後の版は英語の原文で掲示しており、"
                  "英語の原文が効力を持ちます。",
    ("en", "ja"): "The Japanese translation of the new version is in preparation.",
}
_ONLY: dict[Lang, str] = {  # the page's language, in a document that exists in the other language only
    "en": "This document is published in Japanese only: the changed text is posted in Japanese.",
    "ja": "この文書は英語のみで公開しています。改定後の全文は英語で掲示します。",
}


def translation_sentence(doc: Document, version: Version, lang: Lang) -> str | None:
    """What a notice in ``lang`` says about the new version's translation, if it is pending or the
    document has none; ``None`` when the version has both languages."""
    if doc.single_language:
        return _ONLY[lang] if lang != doc.original else None
    if version.translation_pending:
        return _PENDING[(lang, doc.translation)]
    return None


def all_notices(corpus: Corpus, as_of: dt.date, lang: Lang, links: Links) -> list[Notice]:
    """Every notice visible as of ``as_of``, newest announcement first (ties: document order)."""
    out = [build_notice(doc, prev, v, lang, corpus.config, links)
           for doc in corpus.documents for prev, v in changes_in(doc, as_of)]
    order = {d.id: i for i, d in enumerate(corpus.documents)}
    out.sort(key=lambda n: (-(n.version.announced or n.version.effective).toordinal(),
                            -n.version.effective.toordinal(), order[n.document.id]))
    return out
