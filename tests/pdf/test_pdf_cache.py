"""The PDFs are kept by content: a rebuild makes only the PDFs whose print page changed, a rebuild
with nothing changed makes none, and every way of making them gives the same bytes (fresh, from the
store, on two workers, on another build day)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

from termsite.site import Site, render_site
from termsite.site.env import DEFAULTS
from termsite.site.pdf import PDF_WEIGHT, PdfJob, PrintPage
from termsite.source.load import load_corpus
from termsite.speed import pool
from termsite.speed.pdf_cache import PdfCache

from ..site.helpers import DEMO, DEMO_AS_OF


def _pdfs(site: Site) -> dict[str, bytes]:
    return {f.path: f.content for f in site.files if f.path.endswith(".pdf")}


def _render(root: Path, store: PdfCache | None, *, as_of: dt.date = DEMO_AS_OF, workers: int = 1) -> Site:
    corpus, diags = load_corpus(root)
    assert not [d for d in diags if d.is_error]
    return render_site(corpus, as_of, DEFAULTS, pdfs=True, pdf_store=store,
                       map=pool.outputs(workers) if workers > 1 else None)


def test_a_rebuild_makes_only_the_pdfs_of_the_changed_version(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(DEMO, root)
    first_store = PdfCache(tmp_path / "pdf")
    first = _pdfs(_render(root, first_store))
    assert len(first) == 10 and first_store.misses == 10 and first_store.hits == 0

    again_store = PdfCache(tmp_path / "pdf")
    assert _pdfs(_render(root, again_store)) == first
    assert again_store.hits == 10 and again_store.misses == 0

    version = root / "terms" / "demo" / "2025-04-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("月額料金", "月額利用料金"), encoding="utf-8")
    changed_store = PdfCache(tmp_path / "pdf")
    changed = _pdfs(_render(root, changed_store))
    # the version's PDFs, and its notice's, which print its SHA-256; nothing else
    remade = {"demo/2025-04-01/demo-2025-04-01-ja.pdf", "en/demo/2025-04-01/demo-2025-04-01-en.pdf",
              "notices/demo-2025-04-01/notice-demo-2025-04-01-ja.pdf",
              "en/notices/demo-2025-04-01/notice-demo-2025-04-01-en.pdf"}
    assert {p for p in first if changed[p] != first[p]} == remade
    assert changed_store.misses == 4 and changed_store.hits == 6
    # the store keeps what the last build used: the replaced PDFs' entries are pruned
    entries = [p for p in (tmp_path / "pdf").rglob("*") if p.is_file()]
    assert len(entries) == 10


def test_the_same_bytes_fresh_cached_on_two_workers_and_on_another_day(tmp_path: Path) -> None:
    plain = _pdfs(_render(DEMO, None))
    assert len(plain) == 10
    assert _pdfs(_render(DEMO, None, workers=2)) == plain
    store = PdfCache(tmp_path / "pdf")
    assert _pdfs(_render(DEMO, store, workers=2)) == plain
    assert _pdfs(_render(DEMO, PdfCache(tmp_path / "pdf"))) == plain
    # a later day on which the versions shown and their notices are the same: the 2025-09-01 version
    # is in force then instead of upcoming, which its PDF does not say
    later = _render(DEMO, None, as_of=dt.date(2025, 6, 30))
    assert _pdfs(later) == plain


def test_pdfs_come_before_the_pages_and_the_api_lists_their_hashes(tmp_path: Path) -> None:
    import hashlib
    import json

    site = _render(DEMO, PdfCache(tmp_path / "pdf"))
    api = json.loads(next(f.content for f in site.files if f.path == "api/terms.json"))
    listed = {entry["url"].removeprefix("https://terms.example.com/"): entry["sha256"]
              for doc in api["documents"] for v in doc["versions"] for kind in ("pdfs", "notice_pdfs")
              for entry in (v[kind] or {}).values()}
    assert listed == {p: hashlib.sha256(b).hexdigest() for p, b in _pdfs(site).items()}


def test_without_pdfs_the_site_has_none_and_its_pages_link_to_none() -> None:
    corpus, _ = load_corpus(DEMO)
    site = render_site(corpus, DEMO_AS_OF, DEFAULTS)
    assert _pdfs(site) == {}
    assert all(".pdf" not in p.html for p in site.pages)


def test_a_pdf_job_weighs_as_many_pages_and_the_store_refuses_damaged_entries(tmp_path: Path) -> None:
    job = PdfJob("x.pdf", "k", PrintPage("<html></html>", "https://terms.example.com/"))
    assert len(job) == PDF_WEIGHT
    store = PdfCache(tmp_path / "pdf")
    store.put("a" * 64, b"%PDF-1.7\n")
    assert store.get("a" * 64) == b"%PDF-1.7\n"
    store.store.put("b" * 64, ["not", "bytes"])
    assert store.get("b" * 64) is None
    assert PdfCache(None).get("a" * 64) is None
    assert dataclasses.is_dataclass(job)
