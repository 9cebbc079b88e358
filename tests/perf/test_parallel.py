"""Making pages on several processes gives the same site, in the same order, and the same errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from termsite.site import RenderError, render_site
from termsite.source.load import load_corpus
from termsite.speed.pool import Pool

from ..site.helpers import DEFAULTS, DEMO, DEMO_AS_OF, make_repo, override

TEMPLATES = DEFAULTS


# The demo site is small: these pools use their workers anyway.
TWO = Pool(workers=2, min_work=2, chunk=1, weight=len)
TWO_JOBS = Pool(workers=2, min_work=2, chunk=1)


def test_workers_make_the_same_site_in_the_same_order() -> None:
    corpus, _ = load_corpus(DEMO)
    one = render_site(corpus, DEMO_AS_OF, TEMPLATES, drafts=True)
    two = render_site(corpus, DEMO_AS_OF, TEMPLATES, drafts=True, map=TWO)
    assert len(one.pages) > TWO.min_work
    assert one == two


def test_a_template_error_in_a_worker_says_where(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    template = override(repo, "pages/history.j2")
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_value }}\n", encoding="utf-8")
    corpus, _ = load_corpus(repo)
    with pytest.raises(RenderError, match=r"history\.j2:\d+: template error while rendering 'demo/history/'"):
        render_site(corpus, DEMO_AS_OF, repo / "templates", map=TWO)


def test_a_job_whose_worker_dies_is_done_here_and_nothing_hangs() -> None:
    parent = os.getpid()

    def job(i: int) -> int:
        if i == 3 and os.getpid() != parent:
            os._exit(1)  # the worker dies in the middle of the build
        return i * i

    assert list(TWO_JOBS(job, range(10))) == [i * i for i in range(10)]


def test_an_exception_in_a_job_surfaces_as_itself() -> None:
    def job(i: int) -> int:
        if i == 5:
            raise ValueError("page 5 is broken")
        return i

    with pytest.raises(ValueError, match="page 5 is broken"):
        list(TWO_JOBS(job, range(10)))


_ORPHANED_WORKERS = """
import os, sys, time
from termsite.speed import forked_map

folder, mode = sys.argv[1], sys.argv[2]
if mode == "pipe-only":  # what is left without the kernel's help (other systems): the broken pipe
    forked_map._die_with_parent_call = lambda: None

def job(i):
    open(os.path.join(folder, str(os.getpid())), "a").close()
    time.sleep(0.05 if mode == "pipe-only" else 600)
    return "x" * 4096

with forked_map.ForkedMap(job, range(100000), 2, chunk=1) as workers:
    for i in range(100000):
        workers.result(i)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for init to reap it is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("mode", ["sleeping", "pipe-only"])
def test_workers_die_with_their_parent_killed_by_sigkill(tmp_path: Path, mode: str) -> None:
    parent = subprocess.Popen([sys.executable, "-c", _ORPHANED_WORKERS, str(tmp_path), mode])
    try:
        deadline = time.monotonic() + 30
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = [int(p.name) for p in tmp_path.iterdir()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still running after their parent died: {left}"
