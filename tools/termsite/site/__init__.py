"""Rendering terms to a site: pure Python and Jinja2, no site generator.

The public API:

* :func:`render_site` -> :class:`Site` (pages in both languages, static files, navigation); its speed
  (a page cache, a worker pool, the comparisons' memo) is passed in by the caller:
  :func:`termsite.speed.render.render_site` passes all of it;
* :func:`write_site` writes the site's sources into a folder, touching only changed files;
* :data:`BUILDERS`: the page builders (one function per kind of page) and :class:`Planned`;
* :mod:`.urls`: the URL scheme; :func:`make_environment`: the Jinja2 environment over ``templates/``.
"""

from __future__ import annotations

from termsite.model.dates import format_date
from termsite.site.builders import BUILDERS, Builder
from termsite.site.context import Planned, SiteContext
from termsite.site.env import make_environment
from termsite.site.pages import NavItem, Page, Site, StaticFile, TocEntry
from termsite.site.site import DuplicatePath, Map, PageStore, RenderError, render_site
from termsite.site.write import WriteReport, split_source, write_site

__all__ = [
    "BUILDERS",
    "Builder",
    "DuplicatePath",
    "Map",
    "NavItem",
    "Page",
    "PageStore",
    "Planned",
    "RenderError",
    "Site",
    "SiteContext",
    "StaticFile",
    "TocEntry",
    "WriteReport",
    "format_date",
    "make_environment",
    "render_site",
    "split_source",
    "write_site",
]
