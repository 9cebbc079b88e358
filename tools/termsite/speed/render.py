"""The site rendered with every speed of the tool plugged in: page cache, worker pool, comparisons' memo.

:func:`termsite.site.site.render_site` takes its speed as parameters and without them makes every
page in one process; the adapters call this function instead, which hands it the fast ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from termsite.model.terms import Corpus
from termsite.site.builders import Builder
from termsite.site.pages import Site
from termsite.site.site import render_site as render_plain
from termsite.speed import pool
from termsite.speed.memo import comparison_memo
from termsite.speed.page_cache import PageCache
from termsite.speed.pdf_cache import PdfCache


def render_site(corpus: Corpus, as_of: dt.date, templates: Path, *, drafts: bool = False,
                builders: Sequence[Builder] | None = None, cache: PageCache | None = None,
                workers: int = 1, pdfs: bool = False, pdf_cache: PdfCache | None = None) -> Site:
    """:func:`termsite.site.site.render_site` with ``cache`` (if given), the pages (and the PDFs, with
    ``pdfs``, kept in ``pdf_cache`` if given) made on ``workers`` processes
    (:func:`termsite.speed.pool.outputs`) and a new memo for the comparisons of this build."""
    return render_plain(corpus, as_of, templates, drafts=drafts, builders=builders, cache=cache,
                        map=pool.outputs(workers), memo=comparison_memo(), pdfs=pdfs, pdf_store=pdf_cache)
