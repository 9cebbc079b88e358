"""The demo site built with its PDFs, once per session, and the tools that read PDFs back.

PDFs need WeasyPrint (a pinned dependency) over Debian's Pango and Noto CJK fonts, and the tests read
them with poppler-utils: ./dev installs all of it. Without them these tests fail under CI (where
./dev ran) and are skipped elsewhere, with what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..site.helpers import DEMO, DEMO_AS_OF, build, make_repo

POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages", "pdftoppm")


def _missing() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot be loaded ({exc})"
    absent = [tool for tool in POPPLER if shutil.which(tool) is None]
    return f"{', '.join(absent)} not installed (Debian's poppler-utils)" if absent else None


@pytest.fixture(scope="session", autouse=True)
def pdf_tools() -> None:
    """Fail (under CI) or skip (elsewhere) when the PDFs cannot be made or read here."""
    missing = _missing()
    if missing is None:
        return
    message = f"{missing}: run ./dev test, which installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pdftotext(path: Path) -> str:
    """The text of the PDF at ``path`` as poppler extracts it (reading order, UTF-8)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


def squeezed(text: str) -> str:
    """``text`` without any whitespace: lines broken by the layout read as one."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def pdf_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo repository."""
    return make_repo(tmp_path_factory.mktemp("pdf-demo") / "repo", terms_from=DEMO)


@pytest.fixture(scope="session")
def pdf_site(pdf_repo: Path) -> Path:
    """The demo site as of DEMO_AS_OF through `terms build`, with its PDFs."""
    site = pdf_repo.parent / "site"
    code, err = build(pdf_repo, site, as_of=DEMO_AS_OF)
    assert code == 0, err
    return site
