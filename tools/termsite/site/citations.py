"""The references of a version page's texts as links (:mod:`termsite.rules.ref_links`), for its body.

A version's texts are resolved once per page, by the same resolver as the checks'. A reference to
another document leads to that document's page in force when that is the version in force on the citing
version's effective date (the version it cites); otherwise it stays plain text.
"""

from __future__ import annotations

from termsite.model.terms import Document, Lang, Version
from termsite.rules.ref_links import cited_spans
from termsite.rules.refs import Documents
from termsite.site.body import Citations
from termsite.site.context import SiteContext
from termsite.site.urls import document_path


def citations(ctx: SiteContext, doc: Document, version: Version, lang: Lang) -> Citations:
    """The references of ``version`` of ``doc`` in ``lang`` that lead somewhere, and where other
    documents' pages in force are."""
    key = f"citing documents {doc.id}"
    documents = ctx.memo.get(key)
    if not isinstance(documents, Documents):
        documents = Documents(ctx.corpus, doc)
        ctx.memo[key] = documents
    in_force = {}
    for other in ctx.documents:
        entry = ctx.in_force(other)
        if entry is not None and ctx.exists(lang, document_path(other.id)):
            in_force[other.id] = entry.version.key
    return cited_spans(version, documents, lang), in_force
