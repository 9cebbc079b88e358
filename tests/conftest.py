"""What every test shares: one PDF store for the session's in-process builds.

A build keeps its PDFs in its repository's ``.cache/termsite/pdf/``. The tests build many copies of
the same repositories, whose PDFs are the same bytes (a PDF's key is the hash of its print page and
of the renderer: a hit is the PDF a fresh build makes), so their builds share one store, never
pruned, instead of each making every PDF again. ``TERMS_NO_CACHE`` still means no store. The store
itself is tested with stores of its own (tests/pdf/test_pdf_cache.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from termsite.speed.pdf_cache import PdfCache


class _SessionStore(PdfCache):
    """A store that keeps every PDF of the session: one build's unused entries are another's."""

    def prune(self) -> None:
        pass


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("pdf-store")
    original = PdfCache.__dict__["for_root"]

    def for_root(cls: type[PdfCache], root: Path) -> PdfCache:
        return PdfCache(None) if os.environ.get("TERMS_NO_CACHE") else _SessionStore(folder)

    PdfCache.for_root = classmethod(for_root)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        PdfCache.for_root = original  # type: ignore[method-assign]
