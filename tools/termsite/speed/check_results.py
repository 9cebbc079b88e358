"""The diagnostics of a repository's last check, kept for the same sources, the same day and the same tool.

``terms check`` with nothing changed since the last check (or build) has nothing to find that it did
not find then: the problems depend only on the files under ``terms/`` and ``site_config/``, the day
the check is made for and the code that checks. :func:`fingerprint` hashes exactly those (every name,
every byte, the tool's own files and the versions of the libraries that read YAML and JSON Schema),
and :class:`CheckResults` keeps the diagnostics found under that key in the tool's one store
(``.cache/termsite/checks/``). Anything the fingerprint cannot vouch for (a link, a device, an
unreadable or very large file) gives no key: the check then runs in full, as it would without a cache.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import os
import stat
import sys
from pathlib import Path
from typing import Any

from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.speed.store import Store, read_bytes

_FORMAT = 1
_SOURCES = ("terms", "site_config")
#: A source file larger than this is not hashed: the loader refuses files far smaller.
_MAX_FILE = 64 * 1024 * 1024
#: Libraries whose version can change what a check reports (parse errors, schema wording).
_LIBRARIES = ("ruamel.yaml", "ruamel.yaml.clib", "fastjsonschema", "jsonschema")


class _Unvouched(Exception):
    """Something under the sources is not a plain file or folder."""


def _walk(folder: Path, rel: str, h: Any) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise _Unvouched from exc
    for entry in entries:
        name = f"{rel}/{entry.name}"
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            raise _Unvouched from exc
        if stat.S_ISDIR(mode):
            h.update(f"d\0{name}\0".encode("utf-8", "surrogateescape"))
            _walk(Path(entry.path), name, h)
        elif stat.S_ISREG(mode):
            data = read_bytes(Path(entry.path), _MAX_FILE)
            if data is None:
                raise _Unvouched
            h.update(f"f\0{name}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
            h.update(data)
        else:
            raise _Unvouched


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """A hash of the tool's own files (code, schemas) and of the libraries' versions and Python's."""
    h = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0".encode())
    for lib in _LIBRARIES:
        try:
            version = importlib.metadata.version(lib)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{lib}={version}\0".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for suffix in ("*.py", "*.json") for p in package.rglob(suffix)):
        data = read_bytes(path)
        # a file that cannot be read makes a key no stored result has
        blob = os.urandom(16) if data is None else data
        h.update(f"{path.relative_to(package).as_posix()}\0{len(blob)}\0".encode())
        h.update(blob)
    return h.hexdigest()


def fingerprint(root: Path, as_of: dt.date) -> str | None:
    """The key of a check of ``root`` as of ``as_of``, or None when the sources cannot be vouched for."""
    h = hashlib.sha256(f"{tool_fingerprint()}\0{as_of.isoformat()}\0".encode())
    for top in _SOURCES:
        folder = root / top
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            h.update(f"-\0{top}\0".encode())
            continue
        except OSError:
            return None
        if not stat.S_ISDIR(mode):
            return None
        try:
            _walk(folder, top, h)
        except _Unvouched:
            return None
    return h.hexdigest()


def _to_data(diags: list[Diagnostic]) -> list[tuple[str, str, str, str, int, int, str, str]]:
    return [(d.code, d.severity, d.message, d.location.path, d.location.line, d.location.col, d.hint, d.key)
            for d in diags]


def _from_data(data: Any) -> list[Diagnostic]:
    out = []
    for code, severity, message, path, line, col, hint, key in data:
        if severity != "error" and severity != "warning":
            raise ValueError(severity)
        out.append(Diagnostic(str(code), severity, str(message), Location(str(path), int(line), int(col)),
                              str(hint), str(key)))
    return out


class CheckResults(Store):
    """Diagnostics of whole checks, by :func:`fingerprint`; only the latest check's entry is kept."""

    @classmethod
    def for_root(cls, root: Path) -> CheckResults:
        """The results of a terms repository; disabled when ``TERMS_NO_CACHE`` is set."""
        if os.environ.get("TERMS_NO_CACHE"):
            return cls(None)
        return cls(root / ".cache" / "termsite" / "checks")

    def found(self, key: str) -> list[Diagnostic] | None:
        """The diagnostics stored under ``key``, or None."""
        return self.get(key, _from_data)  # type: ignore[no-any-return]

    def keep(self, key: str, diags: list[Diagnostic]) -> None:
        """Store ``diags`` under ``key``, and drop every other check's entry."""
        self.put(key, _to_data(diags))
        self.prune()
