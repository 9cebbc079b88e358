"""Shared helpers for the site tests: copies of the repository, builds, reading built HTML."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from termsite.site.env import DEFAULTS

REPO = Path(__file__).resolve().parents[2]
DEMO = Path(__file__).resolve().parent / "demo"

#: The build day of the real site in the tests: every shipped published version is in force.
AS_OF = dt.date(2026, 11, 22)
#: The build day of the demo repository: one version of each state.
DEMO_AS_OF = dt.date(2025, 6, 1)


def override(repo: Path, name: str) -> Path:
    """The repository's own copy of the shipped template ``name`` (``pages/hub.j2``), which overrides it.

    A theme template (``theme/main.html``) is an override only where mkdocs.yml names ``templates/theme``
    as its ``custom_dir``: this adds it."""
    target = repo / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULTS / name, target)
    if name.startswith("theme/"):
        config = repo / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        if "custom_dir:" not in text:
            config.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: templates/theme\n", 1),
                              encoding="utf-8")
    return target


def make_repo(dest: Path, *, terms_from: Path = REPO) -> Path:
    """A terms repository at ``dest``: this repository's site files, terms and settings from ``terms_from``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(terms_from / "terms", dest / "terms")
    shutil.copytree(terms_from / "site_config", dest / "site_config")
    # the committed placeholder of the git-ignored docs folder: MkDocs refuses a missing docs_dir
    (dest / "docs_generated").mkdir()
    (dest / "docs_generated" / ".gitkeep").write_text("", encoding="utf-8")
    return dest


def build(root: Path, site_dir: Path, *, as_of: dt.date = AS_OF, drafts: bool = False,
          extra: tuple[str, ...] = ()) -> tuple[int, str]:
    """``terms build`` in this process; returns the exit code and what it printed on stderr."""
    from termsite.adapters.cli.main import main

    err = io.StringIO()
    argv = ["--root", str(root), "build", "--as-of", as_of.isoformat(), "--site-dir", str(site_dir), *extra]
    if drafts:
        argv.append("--drafts")
    with contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def run_terms(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``terms …`` in a new Python process."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from termsite.adapters.cli.main import main; sys.exit(main())", *args],
        cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout, check=False,
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Html(HTMLParser):
    """A parsed page: ids with their element and text, the attributes of every tag."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, str] = {}
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self._buffers: dict[str, list[str]] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("br", "meta", "link", "input", "img", "hr", "source"):
            return
        ident = a.get("id")
        if ident:
            self.ids[ident] = tag
            self._buffers[ident] = []
        self._open.append((tag, ident))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, ident = self._open.pop()
            if ident is not None and ident in self._buffers:
                self.text_by_id[ident] = "".join(self._buffers.pop(ident))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for buf in self._buffers.values():
            buf.append(data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        """The attributes of every ``tag`` element."""
        return [a for t, a in self.tags if t == tag]

    def html_lang(self) -> str | None:
        """The ``lang`` of the ``<html>`` element."""
        found = self.attrs("html")
        return found[0].get("lang") if found else None

    def has_class(self, name: str) -> bool:
        """True if some element has the class ``name``."""
        return any(name in (a.get("class") or "").split() for _, a in self.tags)


def page(site: Path, url: str) -> Html:
    """The parsed page at ``url`` (``"en/cloud-resale/"``) of a built site."""
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    return Html(path.read_text(encoding="utf-8"))
