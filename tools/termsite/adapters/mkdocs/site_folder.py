"""The site folder: which folder a build may replace, the stamp that marks its output, and leftovers.

A build replaces its site folder as a whole (it builds into a staging folder next to it and renames),
so it may only replace a folder that it wrote itself: one that does not exist yet, is empty, or holds
the stamp :data:`STAMP` that every build writes into its output. The terms repository, any folder
holding it or the sources, any folder inside the sources, a file, a symbolic link and any other
non-empty folder are refused (:class:`SiteDirRefused`) before anything is written.

Staging folders (:data:`STAGING_PREFIX`) and previous sites moved aside (:data:`OLD_PREFIX`) carry the
stamp too; a build holds a lock on the stamp of its staging folder while it runs, so the next build
can remove what a killed build left (stamped and unlocked, or empty and old) and never a folder that a
build running now is using.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

STAMP = ".terms-build"
"""The file that marks a folder as the output of a build (the same bytes in every build)."""
STAMP_TEXT = "This folder was written by `terms build`; the next build replaces it as a whole.\n"
STAGING_PREFIX = ".site-staging-"
"""A site being built, next to the site folder."""
OLD_PREFIX = ".site-old-"
"""The previous site, moved aside by a successful build and removed after it."""
STALE_AFTER = 600.0
"""Seconds after which an empty leftover folder (or, without file locks, any leftover) is removed."""

SOURCES = ("terms", "templates", "site_config", ".git")
"""Folders of the repository that hold what a build reads (or its history)."""

_FIX = "choose a new or empty folder (for example 'site'), or a previous output of terms build"


class SiteDirRefused(Exception):
    """The site folder may not be replaced (a usage mistake, exit 2); the message says what, why and how
    to fix it."""


def _shown(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when it is inside it, else absolute."""
    try:
        return path.relative_to(base).as_posix() or "."
    except ValueError:
        return str(path)


def has_stamp(folder: Path) -> bool:
    """Whether ``folder`` holds the stamp of a build (a regular file with exactly :data:`STAMP_TEXT`)."""
    expected = STAMP_TEXT.encode("utf-8")
    try:
        fd = os.open(folder / STAMP, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, len(expected) + 1) == expected
    finally:
        os.close(fd)


def write_stamp(folder: Path) -> None:
    """Mark ``folder`` as the output of a build (nothing is written if it is marked already)."""
    if not has_stamp(folder):
        (folder / STAMP).write_text(STAMP_TEXT, encoding="utf-8")


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def refuse_site_dir(config: MkDocsConfig, root: Path) -> None:
    """Under plain ``mkdocs build``, which empties its site folder in place: a :class:`PluginError` if
    MkDocs' ``site_dir`` is not a folder a build may replace (:func:`check_site_dir`)."""
    base = Path(config.config_file_path).parent if config.config_file_path else root
    try:
        check_site_dir(Path(config.site_dir), origin="site_dir", root=root, config_dir=base,
                       docs_dir=Path(config.docs_dir))
    except SiteDirRefused as exc:
        raise PluginError(f"terms: {exc}") from None


def check_site_dir(site_dir: Path, *, origin: str, root: Path, config_dir: Path, docs_dir: Path) -> Path:
    """The real path of ``site_dir`` if a build may replace it, else :class:`SiteDirRefused`.

    ``origin`` names where the folder was given (``--site-dir``, ``mkdocs.yml site_dir``); ``root`` is
    the terms repository, ``config_dir`` the folder of mkdocs.yml and ``docs_dir`` MkDocs' docs folder.
    Nothing is written."""
    where = f"{origin} '{site_dir}'"
    given = Path(os.path.abspath(site_dir))
    if os.path.islink(site_dir) or given.is_symlink():
        link = given if given.is_symlink() else site_dir
        try:
            leads = f" (to '{os.readlink(link)}')"
        except OSError:
            leads = ""
        raise SiteDirRefused(
            f"{where} is a symbolic link{leads}; a build replaces its site folder by "
            "renaming and would replace the link, not the folder it leads to; pass the folder itself, or "
            "remove the link")
    real = given.resolve()
    for folder in (real, *real.parents):
        if os.path.lexists(folder):
            if not folder.is_dir():
                if folder == real:
                    raise SiteDirRefused(f"{where} is a file, not a folder; a build would put the site in its "
                                         f"place; {_FIX}")
                raise SiteDirRefused(f"{where} cannot be created: '{folder}' is a file, not a folder; {_FIX}")
            break
    root, config_dir, docs_dir = root.resolve(), config_dir.resolve(), docs_dir.resolve()
    for holder, what in ((root, "the terms repository"), (config_dir, "the folder of mkdocs.yml")):
        if _within(holder, real):
            held = "is" if holder == real else "holds"
            raise SiteDirRefused(
                f"{where} {held} {what} ({holder}); a build replaces its site folder as a whole and would "
                f"delete the terms, the templates and the history with it; {_FIX}")
    docs = _shown(docs_dir, root)
    sources = [(root / name, f"{name}/") for name in SOURCES] + [(docs_dir, f"{docs}/ (the docs_dir of mkdocs.yml)")]
    for source, name in sources:
        source = source.resolve()
        if _within(source, real):
            raise SiteDirRefused(f"{where} holds {name}, which a build reads; a build replaces its site folder as "
                                 f"a whole and would delete it; {_FIX}")
        if _within(real, source):
            raise SiteDirRefused(f"{where} is inside {name}, which a build reads: the site would become part of "
                                 f"what it is built from; choose a folder outside {', '.join(SOURCES)} and {docs} "
                                 "(for example 'site')")
    if real.is_dir():
        try:
            entries = sorted(os.listdir(real))
        except OSError as exc:
            raise SiteDirRefused(f"{where} cannot be read to see what it holds: {exc.strerror}; {_FIX}") from None
        if entries and not has_stamp(real):
            shown = ", ".join(f"'{e}'" for e in entries[:3]) + (", …" if len(entries) > 3 else "")
            raise SiteDirRefused(
                f"{where} holds files that terms build did not write ({shown}) and no {STAMP} stamp; a build "
                "replaces its site folder as a whole and would delete them; choose an empty or new folder, or "
                "remove this one yourself")
    return real


# -- staging folders, and leftovers of builds that were killed ---------------------------------------


class Staging:
    """A stamped staging folder next to the site, locked while this build uses it."""

    def __init__(self, parent: Path) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
        self._lock: int | None = None
        try:
            self._lock = _hold(self.path / STAMP, create=True)
            if self._lock is None:
                write_stamp(self.path)
            else:
                os.write(self._lock, STAMP_TEXT.encode("utf-8"))
        except BaseException:
            self.release()
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def release(self) -> None:
        """Let go of the lock (after the folder was swapped into place or removed)."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _hold(stamp: Path, *, create: bool = False) -> int | None:
    """An open descriptor of ``stamp`` holding an exclusive lock on it; ``None`` without file locks.

    ``BlockingIOError`` if another process holds the lock; ``OSError`` if the stamp cannot be opened."""
    try:
        import fcntl
    except ImportError:  # no file locks here: leftovers are recognised by their age alone
        return None
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | ((os.O_CREAT | os.O_EXCL) if create else 0)
    fd = os.open(stamp, flags, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_site(folder: Path) -> None:
    """Remove a stamped site or staging folder, unless a build holds its stamp's lock, or an empty folder.

    A folder holding anything without the stamp is left alone. The stamp goes last: a removal cut short
    leaves a folder that is still recognised as ours."""
    try:
        if has_stamp(folder):
            lock = _hold(folder / STAMP)
        elif not os.listdir(folder):
            lock = None
        else:
            return
    except OSError:  # locked: in use, or being removed by someone else; or gone
        return
    try:
        for entry in os.scandir(folder):
            if entry.name == STAMP:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
        try:
            os.unlink(folder / STAMP)
        except OSError:
            pass
        folder.rmdir()
    except OSError:
        pass
    finally:
        if lock is not None:
            os.close(lock)


def leftovers(parent: Path, older_than: float = STALE_AFTER) -> Iterator[Path]:
    """Staging folders and previous sites in ``parent`` that no running build uses: stamped and not
    locked (or, where files cannot be locked, stamped and older than ``older_than`` seconds), or empty and
    older than that."""
    now = time.time()
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith((STAGING_PREFIX, OLD_PREFIX)):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            folder = Path(entry.path)
            old = now - entry.stat(follow_symlinks=False).st_mtime > older_than
            if has_stamp(folder):
                lock = _hold(folder / STAMP)
                if lock is None and not old:
                    continue
                if lock is not None:
                    os.close(lock)
                yield folder
            elif old and not os.listdir(folder):
                yield folder
        except OSError:  # locked by a running build, or gone meanwhile
            continue
