"""The cost of the PDFs, measured apart from the build (benchmarks/run.py's "PDFs" table).

The measured builds of the benchmark make no PDF (``pdf: false`` for the terms plugin in the
generated repository's mkdocs.yml), so that their lines stay comparable with the runs before PDFs
existed and with the baselines, which make none. This module makes exactly the PDFs a build makes
(every published version and notice in each language), in-process, on the build's worker pool and
with its PDF store: ``render_site`` with no page builder and ``pdfs=True``. Three steps: a fresh
store (every PDF made), again (every PDF read back) and after one version changed (that version's
two PDFs made, and its notice's if it has one).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import AS_OF, touch_one_version

#: The plugin entry of mkdocs.yml, and the same entry with the PDFs off.
PLUGIN = "  - terms\n"
NO_PDF = "  - terms:\n      pdf: false\n"


def without_pdfs(repo: Path) -> None:
    """Turn the PDFs off in the generated repository's mkdocs.yml (the measured builds make none)."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if PLUGIN not in text:
        raise RuntimeError(f"{config}: no '{PLUGIN.strip()}' plugin entry to give `pdf: false`")
    config.write_text(text.replace(PLUGIN, NO_PDF, 1), encoding="utf-8")


@dataclass(frozen=True)
class PdfStep:
    """One measured making of the site's PDFs."""

    step: str
    wall: float
    pdfs: int
    made: int
    cached: int
    megabytes: float


def _once(step: str, repo: Path, store_dir: Path) -> PdfStep:
    from termsite.site.site import render_site
    from termsite.source.load import load_corpus
    from termsite.speed import pool
    from termsite.speed.pdf_cache import PdfCache

    corpus, _ = load_corpus(repo)
    store = PdfCache(store_dir)
    start = time.perf_counter()
    site = render_site(corpus, AS_OF, repo / "templates", builders=[], map=pool.outputs(), pdfs=True,
                       pdf_store=store)
    wall = time.perf_counter() - start
    size = sum(len(f.content) for f in site.files) / 1e6
    return PdfStep(step, wall, len(site.files), store.misses, store.hits, size)


def time_pdfs(repo: Path, changed: Path, store_dir: Path) -> list[PdfStep]:
    """The three steps (fresh, nothing changed, one version changed), ``changed`` the file touched."""
    shutil.rmtree(store_dir, ignore_errors=True)
    steps = [_once("PDFs, fresh store (every PDF made)", repo, store_dir),
             _once("PDFs, nothing changed (every PDF from the store)", repo, store_dir)]
    touch_one_version(changed)
    steps.append(_once(f"PDFs, one version changed ({changed.relative_to(repo)})", repo, store_dir))
    return steps


def rows(steps: list[PdfStep]) -> list[list[str]]:
    """The table rows of ``steps``."""
    out = []
    for s in steps:
        per = f"{s.wall / s.made:.2f}" if s.made else ""
        out.append([s.step, f"{s.wall:.2f}", str(s.pdfs), str(s.made), str(s.cached), per, f"{s.megabytes:.1f}"])
    return out
