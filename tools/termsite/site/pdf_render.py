"""A print page to PDF bytes, with WeasyPrint: A4 from the page's CSS, PDF/A-3b, fonts embedded.

WeasyPrint lays the page out with Pango over the system's fonts (Debian's ``fonts-noto-cjk`` for
Japanese) and embeds the subset of each font it uses. Its output depends only on the HTML, the
library versions and the fonts: no clock (the creation and modification dates are the page's
``dcterms.created`` and ``dcterms.modified``), no random identifier (the file identifier is a hash of
the content), so the same page gives the same bytes. A print page loads nothing: every style is in the
page, and any other resource it names is refused rather than fetched.

WeasyPrint is imported only when a PDF is made: a build without PDFs never loads it.
"""

from __future__ import annotations

import functools
from importlib import metadata

#: The PDF flavour: archival (PDF/A-3b: fonts embedded, colours declared, metadata in XMP).
PDF_VARIANT = "pdf/a-3b"
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5")


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


@functools.cache
def renderer_id() -> str:
    """The versions of everything that shapes a PDF's bytes besides its page (part of its cache key)."""
    parts = []
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    return f"{PDF_VARIANT};" + ";".join(parts)


def render_pdf(html: str, base_url: str) -> bytes:
    """The PDF of the whole HTML document ``html`` (relative links resolved against ``base_url``)."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: the package is there, Pango is not
        raise PdfUnavailable(
            f"PDFs need WeasyPrint and Pango ({exc}); run ./dev, which installs them, "
            "or set `pdf: false` under the terms plugin in mkdocs.yml") from None
    refuse_all = URLFetcher(allowed_protocols=frozenset())  # no scheme allowed: nothing is ever fetched
    pdf: bytes = HTML(string=html, base_url=base_url, url_fetcher=refuse_all).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
