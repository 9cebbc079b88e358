"""A build replaces only a site folder it wrote: the repository, the sources, someone's folder, a file or
a link are refused with exit 2 and nothing touched; what a killed build left is removed by the next."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from termsite.adapters.mkdocs.site_folder import STAMP, STAMP_TEXT, leftovers

from .helpers import DEMO, DEMO_AS_OF, make_repo, run_terms

pytestmark = pytest.mark.slow

FIX = "choose a new or empty folder (for example 'site'), or a previous output of terms build"
WHOLE = "a build replaces its site folder as a whole and would delete"


def _state(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with what it is: a file's hash, a link's target, or a folder."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = "dir"
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A demo repository with a git folder, a folder of someone's notes, a file and a link next to it."""
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    (repo / ".git").mkdir()
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (repo / "notes").mkdir()
    (repo / "notes" / "draft.txt").write_text("someone's work\n", encoding="utf-8")
    (repo / "afile").write_text("a file\n", encoding="utf-8")
    (repo / "link").symlink_to("notes")
    return repo


def _build(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_terms("build", "--as-of", DEMO_AS_OF.isoformat(), *args, cwd=repo)


REFUSED = {
    ".": "--site-dir '.' is the terms repository ({repo}); " + WHOLE + " the terms, the templates and the history "
         "with it; " + FIX,
    "..": "--site-dir '..' holds the terms repository ({repo}); " + WHOLE + " the terms, the templates and the "
          "history with it; " + FIX,
    "terms": "--site-dir 'terms' holds terms/, which a build reads; " + WHOLE + " it; " + FIX,
    "templates": "--site-dir 'templates' holds templates/, which a build reads; " + WHOLE + " it; " + FIX,
    ".git": "--site-dir '.git' holds .git/, which a build reads; " + WHOLE + " it; " + FIX,
    "terms/site": "--site-dir 'terms/site' is inside terms/, which a build reads: the site would become part of "
                  "what it is built from; choose a folder outside terms, templates, site_config, .git and "
                  "docs_generated (for example 'site')",
    "docs_generated/site": "--site-dir 'docs_generated/site' is inside docs_generated/ (the docs_dir of mkdocs.yml), "
                           "which a build reads: the site would become part of what it is built from; choose a folder "
                           "outside terms, templates, site_config, .git and docs_generated (for example 'site')",
    "notes": "--site-dir 'notes' holds files that terms build did not write ('draft.txt') and no .terms-build stamp; "
             + WHOLE + " them; choose an empty or new folder, or remove this one yourself",
    "afile": "--site-dir 'afile' is a file, not a folder; a build would put the site in its place; " + FIX,
    "afile/site": "--site-dir 'afile/site' cannot be created: '{repo}/afile' is a file, not a folder; " + FIX,
    "link": "--site-dir 'link' is a symbolic link (to 'notes'); a build replaces its site folder by renaming and "
            "would replace the link, not the folder it leads to; pass the folder itself, or remove the link",
}


@pytest.mark.parametrize("site_dir", sorted(REFUSED))
def test_a_folder_the_build_did_not_write_is_refused_and_nothing_is_touched(repo: Path, site_dir: str) -> None:
    before = _state(repo.parent)
    done = _build(repo, "--site-dir", site_dir)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == ["terms build: error: " + REFUSED[site_dir].format(repo=repo)]
    assert _state(repo.parent) == before


def test_the_site_dir_of_mkdocs_yml_is_refused_the_same_way(repo: Path) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: ."), encoding="utf-8")
    before = _state(repo.parent)
    done = _build(repo)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"terms build: error: mkdocs.yml site_dir '.' is the terms repository ({repo}); "
                                        f"{WHOLE} the terms, the templates and the history with it; {FIX}"]
    assert _state(repo.parent) == before


def test_a_site_folder_that_cannot_be_created_is_an_error_not_a_traceback(repo: Path) -> None:
    before = _state(repo.parent)
    done = _build(repo, "--site-dir", "/proc/termsite-site")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(
        "terms build: error: cannot create a folder next to /proc/termsite-site to build the site in: ")
    assert done.stderr.splitlines()[0].endswith("; choose a site folder in a place you can write to")
    assert "Traceback" not in done.stderr
    assert _state(repo.parent) == before


def test_plain_mkdocs_build_refuses_the_same_folders(repo: Path) -> None:
    before = _state(repo.parent)
    for folder in ("terms", "notes"):
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", folder], cwd=repo,
                              capture_output=True, text=True, timeout=300, check=False,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TERMS_AS_OF": DEMO_AS_OF.isoformat()})
        assert done.returncode == 1
        assert f"terms: site_dir '{repo / folder}' holds " in done.stderr and "Traceback" not in done.stderr
    assert _state(repo.parent) == before


def test_a_new_an_empty_and_a_previous_output_are_written(repo: Path) -> None:
    empty = repo.parent / "empty"
    empty.mkdir()
    for site in (repo / "site", empty):
        done = _build(repo, "--site-dir", str(site))
        assert done.returncode == 0, done.stderr
        assert (site / STAMP).read_text(encoding="utf-8") == STAMP_TEXT
        assert (site / "demo" / "index.html").is_file()
    # a previous output is replaced as a whole: what was added to it afterwards goes with it
    (empty / "added.txt").write_text("x", encoding="utf-8")
    done = _build(repo, "--site-dir", str(empty))
    assert done.returncode == 0, done.stderr
    assert not (empty / "added.txt").exists() and (empty / "demo" / "index.html").is_file()
    # mkdocs.yml's site_dir, when no --site-dir is given
    done = _build(repo)
    assert done.returncode == 0 and done.stderr.splitlines()[-1] == f"terms build: site written to {repo / 'site'}"


def _stamped(folder: Path, *files: str) -> Path:
    folder.mkdir()
    (folder / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    for name in files:
        (folder / name).write_text("x", encoding="utf-8")
    return folder


def test_only_leftovers_that_are_ours_and_idle_are_removed(tmp_path: Path) -> None:
    import fcntl

    killed = _stamped(tmp_path / ".site-staging-1-abc", "index.html")
    old = _stamped(tmp_path / ".site-old-1-def", "index.html")
    busy = _stamped(tmp_path / ".site-staging-2-ghi", "index.html")
    foreign = tmp_path / ".site-staging-someone"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("x", encoding="utf-8")
    empty_new = tmp_path / ".site-old-new"
    empty_new.mkdir()
    empty_old = tmp_path / ".site-old-stale"
    empty_old.mkdir()
    os.utime(empty_old, (time.time() - 3600, time.time() - 3600))
    (tmp_path / ".site-staging-file").write_text("x", encoding="utf-8")
    _stamped(tmp_path / "site", "index.html")
    # a build running now holds the lock on its staging folder's stamp
    with open(busy / STAMP, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert sorted(leftovers(tmp_path)) == sorted([old, killed, empty_old])


_SLOW_BUILD = """
import sys, time
from termsite.adapters.cli.main import main
from termsite.speed import pool

pool.MIN_OUTPUTS = 2  # the demo is small: let it use the workers anyway


class Slow(pool.ForkedMap):  # the real workers, slowed so that the build is caught while they run
    def __init__(self, work, items, workers, chunk=4):
        super().__init__(lambda item: (time.sleep(60), work(item))[1], items, workers, chunk)


pool.ForkedMap = Slow
sys.exit(main())
"""


def test_a_killed_build_leaves_no_worker_and_its_staging_folder_goes_with_the_next_build(repo: Path) -> None:
    site = repo.parent / "site"
    build = subprocess.Popen([sys.executable, "-c", _SLOW_BUILD, "build", "--as-of", DEMO_AS_OF.isoformat(),
                              "--site-dir", str(site)], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, "TERMS_WORKERS": "2", "TERMS_NO_CACHE": "1"})
    children: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None:
            children = [p for p in _processes() if _parent_of(p) == build.pid]
            if len(children) == 2 and list(repo.parent.glob(".site-staging-*")):
                break
            time.sleep(0.01)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    staging = list(repo.parent.glob(".site-staging-*"))
    assert children and len(staging) == 1, "the build was not caught while its workers were running"
    deadline = time.monotonic() + 5
    while any(_running(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in children if _running(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived the build"
    done = _build(repo, "--site-dir", str(site))
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 30
    while staging[0].exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not staging[0].exists()
    assert [p.name for p in repo.parent.iterdir() if p.name.startswith(".site-")] == []
    assert (site / "demo" / "index.html").is_file()


def _processes() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _parent_of(pid: int) -> int:
    fields = _stat(pid)
    return int(fields[1]) if len(fields) > 1 else 0


def _running(pid: int) -> bool:
    fields = _stat(pid)
    return bool(fields) and fields[0] not in ("Z", "X")
