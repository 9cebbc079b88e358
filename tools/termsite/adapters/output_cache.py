"""A cache of finished HTML files of the site, keyed by the hash of what MkDocs made them from.

An archived version page or a comparison page is outside the navigation and the search index, so
the page MkDocs writes for it depends only on its generated source, its place in the site, the
navigation of its language, the generator's settings and themes, and the versions of the tools.
The hash of all of these names the finished page under ``.cache/termsite/html/``: a page whose key
is known is written from the cache instead of going through the theme again, so a rebuild with
nothing changed skips most of the theme's work and gives the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

_FORMAT = 1
_TOOLS = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2", "markupsafe")


def tool_versions() -> str:
    """The versions of the packages that shape a page, one per line."""
    lines = []
    for name in _TOOLS:
        try:
            lines.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name}=-")
    return "\n".join(lines)


class OutputCache:
    """Finished pages by key, in a folder (``OutputCache(None)`` caches nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0

    @classmethod
    def for_root(cls, root: Path) -> OutputCache:
        """The cache of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "html")

    @staticmethod
    def key(*parts: str) -> str:
        """The key of a page made from ``parts``."""
        h = hashlib.sha256(str(_FORMAT).encode())
        for part in parts:
            h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> str | None:
        """The page stored under ``key``, or None."""
        if self.folder is None:
            return None
        try:
            text = (self.folder / key[:2] / key).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.used.add(key)
        self.hits += 1
        return text

    def put(self, key: str, text: str) -> None:
        """Store ``text`` (written atomically; a failure to write only costs speed)."""
        if self.folder is None:
            return
        path = self.folder / key[:2] / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(text.encode("utf-8"))
            os.replace(tmp, path)
            self.used.add(key)
        except OSError:
            return

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for entry in sub.iterdir():
                if entry.name not in self.used:
                    try:
                        entry.unlink()
                    except OSError:
                        pass
