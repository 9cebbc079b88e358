"""Pages of a version whose translation is pending (``translation_pending``) or that has none
(``single_language``): which language the text is shown in, and what the page says about it.

The other language's pages show the original, every text of it (translated ones too, while the flag is
set: the binding text is read as one whole, never a mix of the two languages), marked with its own
``lang`` so that screen readers and fonts read it as what it is, under a banner that says why.
"""

from __future__ import annotations

from termsite.model.terms import Document, Lang, Version, shown_language, translated

__all__ = ["badge_key", "comparison_language", "in_language", "note_key", "shown_language"]


def note_key(doc: Document, version: Version, lang: Lang) -> str | None:
    """The message of the banner about the translation on ``version``'s pages in ``lang``, if any: the
    translation in preparation (``pending_<translation>``) or a one-language document (``only_<original>``)."""
    if doc.single_language:
        return f"only_{doc.original}"
    if version.translation_pending:
        return f"pending_{doc.translation}"
    return None


def badge_key(doc: Document, version: Version) -> str | None:
    """The short label of the same fact, for lists (the hub, the history), if any."""
    if translated(doc, version):
        return None
    return f"badge_only_{doc.original}" if doc.single_language else f"badge_pending_{doc.translation}"


def original_shown(doc: Document, version: Version, lang: Lang) -> bool:
    """True if a page in ``lang`` shows ``version``'s original in place of a translation."""
    return shown_language(doc, version, lang) != lang


def comparison_language(doc: Document, old: Version, new: Version, lang: Lang) -> Lang:
    """The language a comparison of ``old`` and ``new`` is shown in on a page in ``lang``: the original
    when either version's translation is pending or absent (a comparison of a text with its absence
    would show the translation's arrival as the change)."""
    both = shown_language(doc, old, lang) == lang and shown_language(doc, new, lang) == lang
    return lang if both else doc.original


def in_language(html: str, shown: Lang, lang: Lang) -> str:
    """``html`` marked as written in ``shown`` when that is not the page's ``lang``."""
    return html if shown == lang else f'<div class="terms-original-text" lang="{shown}">{html}</div>'
