"""The built site served on 127.0.0.1 and a headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..site.helpers import build, make_repo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site with the shipped terms, built once."""
    root = tmp_path_factory.mktemp("browser")
    repo = make_repo(root / "repo")
    site = root / "site"
    code, err = build(repo, site)
    assert code == 0, err
    return site


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The address of a local static server of ``folder``, while the block runs."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(browser_site: Path) -> Iterator[str]:
    """The address of a local static server of the built site."""
    with served(browser_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium; the tests are skipped where it is not installed."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()
