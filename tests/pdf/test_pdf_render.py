"""The renderer: a print page loads nothing (an image it names is not fetched, even from a file
WeasyPrint would read), and the same page gives the same bytes."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

from termsite.site.pdf_render import render_pdf, renderer_id


def _png(path: Path) -> Path:
    """A 1x1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    raw += chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b"")
    path.write_bytes(raw)
    return path


def _images(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "x.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]


def test_a_print_page_fetches_nothing(tmp_path: Path) -> None:
    import weasyprint

    html = f'<!DOCTYPE html><html lang="ja"><body><p>画像</p><img src="{_png(tmp_path / "a.png").as_uri()}"></body></html>'
    assert _images(weasyprint.HTML(string=html).write_pdf(), tmp_path)  # WeasyPrint alone reads the file
    assert _images(render_pdf(html, "https://terms.example.com/"), tmp_path) == []


def test_the_same_page_gives_the_same_bytes_and_the_renderer_names_its_versions() -> None:
    html = '<!DOCTYPE html><html lang="ja"><head><meta name="dcterms.created" content="2025-02-01T00:00:00+09:00">' \
           '</head><body><h1>利用規約</h1><p>本約款は、本サービスに適用します。</p></body></html>'
    first = render_pdf(html, "https://terms.example.com/")
    assert render_pdf(html, "https://terms.example.com/") == first
    rid = renderer_id()
    assert rid.startswith("pdf/a-3b;") and "weasyprint=70.0" in rid and "pydyf=" in rid
