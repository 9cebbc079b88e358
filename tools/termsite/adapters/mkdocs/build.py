"""Building and previewing the site through MkDocs, for ``terms build`` and ``terms serve``.

``build_site`` checks the terms first (errors print exactly as ``terms check`` prints them and stop
the build), builds into a staging folder next to the target, and swaps it into place only when the
whole build succeeded: a failed build leaves the previous output untouched. It replaces only a site
folder that it may (:mod:`termsite.adapters.mkdocs.site_folder`): one that is new, empty or its own output.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from termsite.adapters.cli.main import load_checked, report
from termsite.adapters.mkdocs.options import AS_OF_ENV, GENERATED_DIR
from termsite.adapters.mkdocs.plugin import TermsPlugin
from termsite.adapters.mkdocs.site_folder import (
    OLD_PREFIX,
    STALE_AFTER,
    SiteDirRefused,
    Staging,
    check_site_dir,
    leftovers,
    remove_site,
)
from termsite.model.timeline import today_in_tokyo

_LAST_BUILD: list[object] = []
"""The last build's terms and MkDocs configuration, kept alive until the next build or the exit."""


class _Format(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {record.getMessage()}"


@contextmanager
def mkdocs_logging(level: int) -> Iterator[None]:
    """Show MkDocs' log (warnings by default) on stderr for the duration of a build."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Format())
    handler.setLevel(level)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.INFO))
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _terms_plugin(config: MkDocsConfig, config_file: Path) -> TermsPlugin:
    plugin = config.plugins.get("terms")
    if not isinstance(plugin, TermsPlugin):
        raise MkDocsException(f"{config_file}: the 'terms' plugin is not enabled; add '- terms' under plugins")
    return plugin


def swap_into_place(staging: Path, target: Path) -> Path | None:
    """Replace ``target`` by ``staging`` (both in the same folder), keeping ``target`` if this fails.

    Returns the previous site, moved aside, for :func:`discard`."""
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX}{os.getpid()}-", dir=target.parent))
        old.rmdir()
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    return old


def discard(folder: Path) -> None:
    """Remove a previous site or a leftover (:func:`remove_site`) in a detached process, or here if no
    process can be started.

    Nobody waits for it: right after a build has written thousands of folders, removing as many can
    take seconds on some file systems (ext4 mounted with ``discard``). The process is a grandchild
    handed to init (a double fork), so it is never left waiting to be reaped by this one. Leftovers
    of a removal that did not finish are removed by a later build."""
    if not hasattr(os, "fork"):
        remove_site(folder)
        return
    try:
        child = os.fork()
    except OSError:
        remove_site(folder)
        return
    if child == 0:  # pragma: no cover - runs in the forked processes
        try:
            if os.fork() == 0:
                os.setsid()
                # let go of the caller's terminal and pipes: whoever reads this command's output sees
                # it end when the command ends, not when the removal does
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                remove_site(folder)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def sweep_old_sites(folder: Path, older_than: float = STALE_AFTER) -> None:
    """Remove the staging folders and previous sites that builds killed or cut short left in ``folder``
    (only stamped ones no running build holds, and empty ones older than ``older_than`` seconds)."""
    for leftover in leftovers(folder, older_than):
        discard(leftover)


def _configured_folders(config_path: Path) -> tuple[Path, Path]:
    """The site folder and the docs folder that ``mkdocs.yml`` names, as MkDocs reads them."""
    with config_path.open("rb") as fd:
        raw = yaml_load(fd, get_yaml_loader())
    folders = []
    for key, default in (("site_dir", "site"), ("docs_dir", "docs")):
        value = raw.get(key, default)
        if not isinstance(value, str):
            raise MkDocsException(f"{config_path}: {key} must be a folder name, not {value!r}")
        folders.append(config_path.parent / os.path.expanduser(value))
    return folders[0], folders[1]


def _error(message: str) -> None:
    print(f"terms build: error: {message}", file=sys.stderr)


def build_site(root: Path, *, as_of: dt.date, drafts: bool, site_dir: Path | None = None,
               config_file: Path | None = None, strict: bool = False, verbose: bool = False) -> int:
    """Check the terms, build the site into ``site_dir`` (default: mkdocs.yml's ``site_dir``).

    0 on success; 2 if the site folder may not be replaced (:func:`check_site_dir`: nothing is read or
    written then); 1 if the terms have errors, or the build or writing the site failed (the site folder
    is unchanged then)."""
    config_path = config_file or root / "mkdocs.yml"
    if not config_path.is_file():
        _error(f"{config_path}: no MkDocs configuration; run in the repository root or pass --root")
        return 1
    try:
        configured, docs_dir = _configured_folders(config_path)
        origin = "--site-dir" if site_dir is not None else f"{config_path} site_dir"
        target = check_site_dir(site_dir if site_dir is not None else configured, origin=origin, root=root,
                                config_dir=config_path.parent, docs_dir=docs_dir)
    except SiteDirRefused as exc:
        _error(str(exc))
        return 2
    except (MkDocsException, OSError) as exc:
        _error(str(exc))
        return 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_old_sites(target.parent)
        staging = Staging(target.parent)
    except OSError as exc:
        _error(f"cannot create a folder next to {target} to build the site in: {exc.strerror or exc}; "
               "choose a site folder in a place you can write to")
        return 1
    ok = False
    try:
        corpus, diags = load_checked(root, as_of)
        # kept until the next build: freeing the model and MkDocs' state object by object when this
        # function returns takes half a second that the `terms` command, which exits right after, need
        # not spend
        _LAST_BUILD[:] = [corpus]
        if any(d.is_error for d in diags):
            report(diags)
            return 1
        if diags:
            print(f"terms build: {len(diags)} warning(s); 'terms check' lists them", file=sys.stderr)
        # MkDocs refuses a configuration whose docs folder does not exist yet (a fresh clone)
        (root / GENERATED_DIR).mkdir(exist_ok=True)
        with mkdocs_logging(logging.INFO if verbose else logging.WARNING):
            config = load_config(str(config_path), site_dir=str(staging.path), strict=strict)
            _LAST_BUILD.append(config)  # with its plugins' state, freed with the process (see above)
            plugin = _terms_plugin(config, config_path)
            plugin.prepare(as_of=as_of, drafts=drafts, checked=(corpus, diags), target_site=target)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        # the folder may have changed while the site was built
        check_site_dir(target, origin=origin, root=root, config_dir=config_path.parent, docs_dir=docs_dir)
        previous = swap_into_place(staging.path, target)
        ok = True
    except SiteDirRefused as exc:
        _error(str(exc))
        return 2
    except (MkDocsException, OSError) as exc:
        _error(str(exc))
    finally:
        staging.release()
        if not ok:
            remove_site(staging.path)
    if not ok:
        print(f"terms build: failed; {target} is unchanged", file=sys.stderr)
        return 1
    if previous is not None:
        discard(previous)
    print(f"terms build: site written to {target}", file=sys.stderr)
    return 0


def serve_site(root: Path, *, dev_addr: str, as_of: dt.date | None = None) -> int:
    """Preview the site with drafts and live reload until interrupted."""
    from mkdocs.commands.serve import serve

    check_day = as_of or today_in_tokyo()
    corpus, diags = load_checked(root, check_day)
    if any(d.is_error for d in diags):
        report(diags)
        return 1
    del corpus
    config_path = root / "mkdocs.yml"
    (root / GENERATED_DIR).mkdir(exist_ok=True)
    if as_of is not None:
        # `mkdocs serve` reloads the configuration on every rebuild; the plugin reads this then.
        os.environ[AS_OF_ENV] = as_of.isoformat()
    with mkdocs_logging(logging.INFO):
        try:
            serve(config_file=str(config_path), dev_addr=dev_addr, livereload=True)
        except (MkDocsException, OSError) as exc:  # a failed first build; the address is taken
            print(f"terms serve: error: {exc}", file=sys.stderr)
            return 1
    return 0
