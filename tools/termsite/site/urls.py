"""Where every page lives: the URL scheme of the site, fixed by DESIGN.md.

Paths are relative to the site root and use directory URLs: ``""`` is the hub,
``"cloud-resale/"`` the version in force, ``"cloud-resale/2024-01-01/"`` a permalink,
``"cloud-resale/history/"`` the history, ``"cloud-resale/2024-01-01/changes/"`` a comparison with the
version before, ``"cloud-resale/2024-01-01/changes/2027-01-01/"`` a comparison of 2024-01-01 with a later
version (the one in force, the upcoming one), ``"cloud-resale/on/"`` the version in force on a date,
``"cloud-resale/history/articles/"`` the history of each article,
``"notices/cloud-resale-2024-01-01/"`` a notice. Japanese (the default language) lives at the root, English
under ``en/``. Links between pages are written relative, so the site works under any host and prefix.
"""

from __future__ import annotations

from termsite.model.terms import Lang

DEFAULT_LANG: Lang = "ja"


def lang_prefix(lang: Lang) -> str:
    """``""`` for Japanese (the root), ``"en/"`` for English."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def hub_path() -> str:
    """The hub: every document."""
    return ""


def document_path(doc_id: str) -> str:
    """The version in force of a document."""
    return f"{doc_id}/"


def version_path(doc_id: str, key: str) -> str:
    """The permalink of one version, named by its effective date ``YYYY-MM-DD``."""
    return f"{doc_id}/{key}/"


def history_path(doc_id: str) -> str:
    """Every version of a document with its dates and summary."""
    return f"{doc_id}/history/"


def changes_path(doc_id: str, key: str) -> str:
    """The comparison of a version with the one before (built by the comparison feature)."""
    return f"{doc_id}/{key}/changes/"


def pair_changes_path(doc_id: str, old_key: str, new_key: str) -> str:
    """The comparison of the version ``old_key`` with a later one, ``new_key``, that is not the version
    right after it: ``<doc>/<old>/changes/<new>/`` (a version against the one in force or the upcoming
    one). The comparison of consecutive versions stays at :func:`changes_path` of the newer one."""
    return f"{doc_id}/{old_key}/changes/{new_key}/"


def on_date_path(doc_id: str) -> str:
    """The version in force on a date: ``<doc>/on/?date=YYYY-MM-DD`` (a script opens that version; without
    it, the page lists every version with its period of force)."""
    return f"{doc_id}/on/"


def on_date_data_path(doc_id: str) -> str:
    """The effective dates of a document's versions, for the script of :func:`on_date_path` (one file
    from the site root for both languages)."""
    return f"{doc_id}/on/versions.json"


def article_history_path(doc_id: str) -> str:
    """Every article of a document with the versions that added, changed, renumbered, moved or deleted it."""
    return f"{doc_id}/history/articles/"


def notice_path(doc_id: str, key: str) -> str:
    """The posting of one change (約款第2条, 民法第548条の4): ``notices/<doc>-<effective-date>/``."""
    return f"notices/{doc_id}-{key}/"


def version_pdf_path(doc_id: str, key: str, lang: Lang) -> str:
    """The PDF of one version in ``lang``, beside its permalink (under the ``lang`` root):
    ``cloud-resale/2024-01-01/cloud-resale-2024-01-01-ja.pdf``."""
    return f"{doc_id}/{key}/{doc_id}-{key}-{lang}.pdf"


def notice_pdf_path(doc_id: str, key: str, lang: Lang) -> str:
    """The PDF of one notice in ``lang``, beside its page (under the ``lang`` root)."""
    return f"notices/{doc_id}-{key}/notice-{doc_id}-{key}-{lang}.pdf"


def notices_index_path() -> str:
    """Every notice, newest first."""
    return "notices/"


def feed_path() -> str:
    """The Atom feed of the notices under a language root (``/feed.xml``, ``/en/feed.xml``)."""
    return "feed.xml"


def api_path() -> str:
    """The machine-readable index of documents and versions (one file for both languages)."""
    return "api/terms.json"


def site_path(lang: Lang, path: str) -> str:
    """``path`` of a page in ``lang``, relative to the site root."""
    return lang_prefix(lang) + path


def relative_url(from_path: str, to_path: str) -> str:
    """A relative link from the page at ``from_path`` to ``to_path`` (both site-root relative).

    A path ending in ``/`` is a directory URL; the link keeps the trailing slash so that a static
    server does not need to redirect. (Written out instead of ``posixpath.relpath``, which consults
    the working directory: this runs for every link of every page.)
    """
    target, _, fragment = to_path.partition("#")
    base = from_path.split("/")[:-1]  # the directory of the page: "a/b/" -> [a, b]; "a/x.html" -> [a]
    parts = target.split("/")
    leaf = parts.pop()  # "" for a directory URL
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    rel = "../" * (len(base) - common) + "".join(p + "/" for p in parts[common:]) + leaf
    if not rel:
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def absolute_url(site_url: str, path: str) -> str:
    """``path`` under the site's public address (``site_url`` ends with ``/``)."""
    return site_url.rstrip("/") + "/" + path


def notice_links(site_url: str, doc_id: str, key: str, lang: Lang) -> tuple[str, str, str]:
    """The absolute URLs a notice links to: the version's text, its comparison and the notice itself
    (the site's :class:`termsite.notices.notice.Links`)."""
    return (absolute_url(site_url, site_path(lang, version_path(doc_id, key))),
            absolute_url(site_url, site_path(lang, changes_path(doc_id, key))),
            absolute_url(site_url, site_path(lang, notice_path(doc_id, key))))
