"""Links of the terms as HTML: where each target leads from one page, and the ``<a>`` it becomes.

A text's link (``[label](target)``, :mod:`termsite.model.links`) becomes ``<a href="…">label</a>``,
the href and the label escaped by markupsafe's escape, the one HTML escaper. Where a target leads
depends on the page it is on (:class:`LinkTargets`):

* ``#id``: the provision on the version's own page (``#id`` in the version's body; from another
  page, such as the history or a notice, the version's permalink and ``#id``);
* ``doc`` and ``doc#id``: that document's page in force (``/<doc>/``, in the page's language) and
  the anchor; a document this build shows no page of is left as its label;
* ``doc@YYYY-MM-DD#id``: a version's permalink and the anchor, only where the page allows it
  (:attr:`LinkTargets.permalinks`): what a version page's references to another document lead to when
  the version they cite is not that document's page in force (:mod:`termsite.site.citations`); written
  by the site, never a form of the terms (the checks refuse it in a text);
* ``https://``, ``http://`` and ``mailto:``: the address itself, marked external
  (``class="terms-link--external"``, ``rel="noopener noreferrer"``).

A target :func:`~termsite.model.links.target_problem` refuses never becomes an href: the label is
shown as text (``terms check`` reports it; in published history only as a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from markupsafe import escape

from termsite.model.links import Link, internal, kind, parse, target_problem
from termsite.model.terms import Lang
from termsite.site.urls import document_path, lang_prefix, relative_url, version_path

_PERMALINK = re.compile(r"(?P<doc>[a-z0-9]+(?:-[a-z0-9]+)*)@(?P<key>[0-9]{4}-[0-9]{2}-[0-9]{2})"
                        r"(?:#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*))?\Z")
EXTERNAL = ' class="terms-link terms-link--external" rel="noopener noreferrer"'
INTERNAL = ' class="terms-link"'


@dataclass(frozen=True)
class LinkTargets:
    """How the targets of links become hrefs on the page at ``page`` (site-root relative, language
    prefix included). ``here`` is the version page whose body holds the provisions (``#id`` stays
    ``#id``); ``version`` the permalink ``#id`` leads to from elsewhere (None: nowhere);
    ``documents`` the documents whose page in force this build has."""

    lang: Lang
    page: str
    documents: frozenset[str]
    here: bool = False
    version: str | None = None
    ids: frozenset[str] | None = None
    """The provisions of the page's version (``here``): ``#id`` of another id is left as its label."""
    permalinks: frozenset[str] = frozenset()
    """The versions of other documents (``doc@YYYY-MM-DD``) whose permalink the page's references may
    lead to (pages this build has)."""

    def of_version(self, doc_id: str, key: str) -> LinkTargets:
        """The same page, with ``#id`` leading to version ``key`` of ``doc_id``."""
        return replace(self, here=False, ids=None, version=lang_prefix(self.lang) + version_path(doc_id, key))

    def href(self, link: Link) -> str | None:
        """Where ``link`` leads from this page, or None when it leads nowhere this site can show."""
        target = link.target
        if self.permalinks and "@" in target and _PERMALINK.match(target):
            return self._permalink(target)
        if target_problem(target) is not None:
            return None
        parts = internal(target)
        if parts is None:
            return target
        doc_id, provision = parts
        fragment = f"#{provision}" if provision else ""
        if doc_id is None:
            if self.here:
                return fragment if self.ids is None or provision in self.ids else None
            return relative_url(self.page, self.version + fragment) if self.version else None
        if doc_id not in self.documents:
            return None
        return relative_url(self.page, lang_prefix(self.lang) + document_path(doc_id)) + fragment

    def _permalink(self, target: str) -> str | None:
        m = _PERMALINK.match(target)
        if m is None or f"{m.group('doc')}@{m.group('key')}" not in self.permalinks:
            return None
        fragment = f"#{m.group('id')}" if m.group("id") else ""
        return relative_url(self.page, lang_prefix(self.lang) + version_path(m.group("doc"), m.group("key"))) + fragment

    def url(self, link: Link) -> str | None:
        """:meth:`href` as an absolute-or-relative address for a plain-text form (an external
        address as it is, a mailto: without its scheme)."""
        found = self.href(link)
        if found is not None and kind(link.target) == "mailto":
            return found.removeprefix("mailto:").split("?", 1)[0]
        return found


def absolute(link: Link, version_url: str) -> str | None:
    """Where ``link`` leads as an absolute address, for a text of the version whose page is the
    absolute ``version_url`` (``…/<lang>/<doc>/<key>/``): for emails and feeds, read away from the site."""
    target = link.target
    if target_problem(target) is not None:
        return None
    parts = internal(target)
    if parts is None:
        return target.removeprefix("mailto:").split("?", 1)[0] if kind(target) == "mailto" else target
    doc_id, provision = parts
    fragment = f"#{provision}" if provision else ""
    if doc_id is None:
        return version_url + fragment
    root = version_url.rstrip("/").rsplit("/", 2)[0]  # the language root: drop <doc>/<key>
    return f"{root}/{document_path(doc_id)}{fragment}"


def _e(value: str) -> str:
    return str(escape(value))


def _lines(value: str) -> str:
    if "\n" not in value:
        return _e(value)
    return "<br>\n".join(_e(line) for line in value.split("\n"))


def anchor(link: Link, href: str | None, label_html: str) -> str:
    """``label_html`` (already HTML) inside the ``<a>`` of ``link`` leading to ``href`` (no href: as it is)."""
    if href is None:
        return label_html
    attrs = INTERNAL if internal(link.target) is not None or _PERMALINK.match(link.target) else EXTERNAL
    return f'<a href="{_e(href)}"{attrs}>{label_html}</a>'


def text_html(value: str | None, links: LinkTargets | None = None) -> str:
    """A text escaped, its line breaks as ``<br>``, its links as ``<a>`` (without ``links``, only
    web and mail links are followed; internal ones show their label)."""
    if not value:
        return ""
    if "](" not in value:
        return _lines(value)
    out = []
    for s in parse(value):
        if isinstance(s, str):
            out.append(_lines(s))
        else:
            href = links.href(s) if links is not None else _context_free(s)
            out.append(anchor(s, href, _e(s.label)))
    return "".join(out)


def _context_free(link: Link) -> str | None:
    return link.target if target_problem(link.target) is None and internal(link.target) is None else None
