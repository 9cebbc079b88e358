"""PDFs made before, by the hash of what each is made from: the ``pdf_store`` of the site's build.

A PDF costs a few hundred milliseconds to lay out (:mod:`termsite.site.pdf_render`), a thousand
times a page read back, and most PDFs never change: a version's PDF is made from its print page
alone, which holds nothing that changes with the build day or the version's state. Each PDF is kept
under ``.cache/termsite/pdf/`` in the tool's one store (:mod:`termsite.speed.store`: the bytes in a
marshal entry, written atomically) by :func:`termsite.site.pdf.pdf_key`, the hash of its print page
and of the renderer's versions; a build reads back every PDF whose key it finds, makes the others,
and prunes the entries it did not use. ``hits`` and ``misses`` count the PDFs read and made.
"""

from __future__ import annotations

import os
from pathlib import Path

from termsite.speed.store import Store


class PdfCache:
    """PDF bytes by key in a folder (or nowhere: ``PdfCache(None)`` keeps nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.store = Store(folder)

    @classmethod
    def for_root(cls, root: Path) -> PdfCache:
        """The PDF cache of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "pdf")

    @property
    def hits(self) -> int:
        """PDFs found."""
        return self.store.hits

    @property
    def misses(self) -> int:
        """PDFs looked for and not found (made by this build)."""
        return self.store.misses

    def get(self, key: str) -> bytes | None:
        """The PDF stored under ``key``, or None."""
        found = self.store.get(key)
        if found is not None and not isinstance(found, bytes):
            return None
        return found

    def put(self, key: str, pdf: bytes) -> None:
        """Store ``pdf`` under ``key`` (a failure to write only costs speed)."""
        self.store.put(key, pdf)

    def adopt(self, key: str) -> None:
        """Count ``key`` as used: a worker stored it."""
        self.store.adopt(key)

    def prune(self) -> None:
        """Remove the PDFs this build did not use."""
        self.store.prune()
