"""Material's page around pages that MkDocs does not build: archived versions, comparisons, notices.

Most pages of a terms site are outside the navigation: every past and upcoming version, every
新旧対照表 and every notice. MkDocs would run each of them through Python-Markdown, its plugins and
Material's templates (the navigation, the header, the footer: milliseconds per page, and static-i18n
builds everything twice), although all of them share one page layout. So the plugin builds only the
pages of the navigation through MkDocs, and for the others asks the theme once per *shape* of page
(language, depth of its URL, whether it has a table of contents, a description and its own ``<h1>``)
to render a page whose title, URL, table of contents and content are markers. The rendered page is a
:class:`Frame`: literal text with slots. Filling a frame is string joining; the result is what
Material would have written for that page, except that links to other pages are written from the
site root (``../../hosting/`` where MkDocs would shorten it to ``../``) and that texts are escaped
where Material inserts them raw.

The table of contents is rendered by the theme's own ``partials/toc-item.html``: the frame is made
with a small marker tree, and the markup of an entry, of an entry with children and of the space
between entries is cut out of it. If the theme's output does not have the expected shape (a theme
update, an override), making the frame fails with an error that says how to build without frames.
"""

from __future__ import annotations

import hashlib
import re
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

from termsite.model.terms import Lang
from termsite.site.pages import Page, TocEntry
from termsite.site.urls import lang_prefix

_MARK = "terms-frame-"
_RAW = "<i></i>"
"""Ends a marker title: where the theme inserts a title as it is, the marker keeps it; where it strips
the tags (``striptags``, which also folds spaces), it does not. The two places are filled differently."""
_SLOT = re.compile(r"(\x00[a-z_]+\x00)")
_TOC_ITEM = "partials/toc-item.html"
_CODE = Path(__file__).read_bytes()


class FrameError(Exception):
    """The theme's page does not have the shape the frame needs; the message says what to do."""


@dataclass(frozen=True)
class Shape:
    """What makes Material's page differ beyond its texts."""

    lang: Lang
    depth: int
    toc: bool
    description: bool
    h1: bool
    alternates: tuple[str, ...]
    """The other languages that have this page (the language menu links to it, else to their home)."""

    @classmethod
    def of(cls, page: Page, alternates: tuple[str, ...]) -> Shape:
        """The shape of ``page``."""
        return cls(page.lang, page.path.count("/"), bool(page.toc), bool(page.description), "<h1" in page.html,
                   alternates)


def _esc(text: str) -> str:
    """The plugin's escaper (markupsafe's), so that a framed page is the page MkDocs writes."""
    return str(escape(text))


def _plain(title: str) -> str:
    """What the theme's ``striptags | e`` makes of a title the plugin handed over escaped."""
    return _esc(escape(title).striptags())


def _title(name: str) -> str:
    return f"{_MARK}{name}-title"


@dataclass(frozen=True)
class _TocMarkup:
    """The markup of table-of-contents entries, cut from the theme's own rendering."""

    leaf: str
    """An entry without children, with the markers of ``_leaf_item``."""
    head: str
    """An entry with children, up to its first child (markers of ``_parent_item``)."""
    tail: str
    """The rest of an entry with children, after its last child."""
    between: str
    """Between two entries at the top of the list."""
    between_children: str
    """Between two children."""

    def render(self, entries: tuple[TocEntry, ...], top: bool = True) -> str:
        """The list items of ``entries``."""
        parts = []
        for e in entries:
            if e.children:
                head = (self.head.replace(_title("a") + _RAW, _esc(e.title)).replace(_title("a"), _plain(e.title))
                        .replace(f"#{_MARK}a-id", "#" + _esc(e.id)))
                parts.append(head + self.render(e.children, top=False) + self.tail)
            else:
                parts.append(self.leaf.replace(_title("b") + _RAW, _esc(e.title)).replace(_title("b"), _plain(e.title))
                             .replace(f"#{_MARK}b-id", "#" + _esc(e.id)))
        return (self.between if top else self.between_children).join(parts)


def _anchor(name: str, level: int, children: list[AnchorLink] | None = None) -> AnchorLink:
    link = AnchorLink(_title(name) + _RAW, _MARK + name + "-id", level)
    link.children = children or []
    return link


def _marker_toc() -> TableOfContents:
    """``a`` (children ``c``, ``d``) then ``b``: each kind of entry and of space between entries once."""
    return TableOfContents([_anchor("a", 2, [_anchor("c", 3), _anchor("d", 3)]), _anchor("b", 2)])


def _cut_toc(env: jinja2.Environment, text: str) -> tuple[str, _TocMarkup | None]:
    """``text`` with the marker table of contents replaced by a slot, and the markup of its entries."""
    item = env.get_template(_TOC_ITEM)
    a, b = _marker_toc().items
    c, d = a.children
    ra, rb, rc, rd = (item.render(toc_item=x) for x in (a, b, c, d))
    start = text.find(ra)
    end = text.find(rb, start + len(ra)) if start >= 0 else -1
    inner_c = ra.find(rc)
    inner_d = ra.find(rd, inner_c + len(rc)) if inner_c >= 0 else -1
    if start < 0 or end < 0 or inner_c < 0 or inner_d < 0:
        raise FrameError(f"the theme's table of contents is not made of '{_TOC_ITEM}' entries")
    whole = text[start:end + len(rb)]
    markup = _TocMarkup(
        leaf=rb,
        head=ra[:inner_c],
        tail=ra[inner_d + len(rd):],
        between=text[start + len(ra):end],
        between_children=ra[inner_c + len(rc):inner_d],
    )
    return text.replace(whole, "\x00toc\x00"), markup


class Frame:
    """Material's page for one :class:`Shape`, with slots for what differs from page to page."""

    def __init__(self, text: str, toc: _TocMarkup | None, shape: Shape) -> None:
        self.shape = shape
        self._toc = toc
        self._parts = _SLOT.split(text)
        toc_parts = (toc.leaf, toc.head, toc.tail, toc.between, toc.between_children) if toc else ()
        h = hashlib.sha256(_CODE)
        for part in (text, *toc_parts):
            h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        self.fingerprint = h.hexdigest()
        """Changes whenever the frame or the code that fills it does: the same fingerprint and the same
        page give the same bytes."""

    def fill(self, page: Page) -> str:
        """The finished page of ``page`` (of this frame's shape)."""
        values = {
            "\x00path\x00": page.path,
            "\x00title\x00": _esc(page.title),
            "\x00title_text\x00": _plain(page.title),
            "\x00description\x00": _esc(page.description or ""),
            "\x00content\x00": page.html,
            "\x00toc\x00": self._toc.render(page.toc) if self._toc is not None else "",
            "\x00first\x00": _esc(page.toc[0].id) if page.toc else "",
        }
        return "".join(values.get(part, part) for part in self._parts)


class FrameMaker:
    """Makes (once per shape) and fills the frames of one language's build."""

    def __init__(self, config: MkDocsConfig, env: jinja2.Environment, nav: Navigation, files: Files,
                 alternates: list[dict[str, Any]], languages_of: dict[str, list[Lang]]) -> None:
        self.config = config
        self.env = env
        self.nav = nav
        self.files = files
        self.alternates = alternates
        """The language menu's entries (static-i18n's ``extra.alternate``: name, link, lang)."""
        self.languages_of = languages_of
        """The languages that have a page, by its path."""
        self._frames: dict[Shape, Frame] = {}

    def frame(self, page: Page) -> Frame:
        """The frame of ``page`` (made the first time its shape is seen). Raises :class:`FrameError` if
        the theme's page cannot be a frame."""
        others = tuple(sorted(lang for lang in self.languages_of.get(page.path, ()) if lang != page.lang))
        shape = Shape.of(page, others)
        frame = self._frames.get(shape)
        if frame is None:
            frame = self._frames[shape] = self._make(shape)
        return frame

    def page(self, page: Page) -> str:
        """The finished HTML of ``page``."""
        return self.frame(page).fill(page)

    def _make(self, shape: Shape) -> Frame:
        marker_path = "".join(f"{_MARK}{i}/" for i in range(shape.depth))
        if not marker_path:
            raise FrameError("the home page of a language is built by MkDocs, not framed")
        src = lang_prefix(shape.lang) + marker_path + "index.md"
        title = _title("page") + _RAW
        page = MkPage(title, File.generated(self.config, src, content=""), self.config)
        page.meta = {"title": title, "search": {"exclude": True}}
        if shape.description:
            page.meta["description"] = _MARK + "description"
        page.content = f"<h1>{_MARK}content</h1>" if shape.h1 else _MARK + "content"
        page.toc = _marker_toc() if shape.toc else TableOfContents([])
        text = self._render(page, marker_path, shape)
        content = page.content if shape.h1 else _MARK + "content"
        if text.count(content) != 1:
            raise FrameError(f"the theme's page shows the content {text.count(content)} times instead of once")
        text = text.replace(content, "\x00content\x00")
        toc = None
        if shape.toc:
            text, toc = _cut_toc(self.env, text)
            text = text.replace("#" + _MARK + "a-id", "#\x00first\x00")  # the skip link to the first entry
        text = (text.replace(marker_path, "\x00path\x00").replace(title, "\x00title\x00")
                .replace(_title("page"), "\x00title_text\x00").replace(_MARK + "description", "\x00description\x00"))
        if _MARK in text:
            where = text.index(_MARK)
            raise FrameError(f"the theme's page uses a page detail the frame cannot fill: "
                             f"…{text[max(0, where - 60):where + 40]}…")
        return Frame(text, toc, shape)

    def _render(self, page: MkPage, marker_path: str, shape: Shape) -> str:
        config = self.config
        extra: Any = config.extra
        # static-i18n keeps the language menu of the page being built as an attribute, which is what
        # the theme reads before the mapping's item
        saved = extra.__dict__.get("alternate")
        if self.alternates:
            links = deepcopy(self.alternates)
            for alt in links:
                if alt.get("lang") == shape.lang or alt.get("lang") in shape.alternates:
                    alt["link"] = lang_prefix(alt["lang"]) + marker_path
            extra.alternate = links
        config._current_page = page
        page.active = False
        try:
            context = get_context(self.nav, self.files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = self.env.get_template(page.meta.get("template", "main.html")).render(context)
            return str(config.plugins.on_post_page(output, page=page, config=config))
        finally:
            config._current_page = None
            if saved is not None:
                extra.alternate = saved
            elif "alternate" in extra.__dict__:
                del extra.alternate
