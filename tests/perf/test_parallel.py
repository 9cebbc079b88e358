"""Making pages on several processes gives the same site, in the same order, and the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from termsite.core.load import load_corpus
from termsite.core.render import RenderError, parallel, render_site

from ..site.helpers import DEMO, DEMO_AS_OF, make_repo

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def few_make_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo site is small: let it use the workers anyway."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 2)


def test_workers_make_the_same_site_in_the_same_order(few_make_parallel: None) -> None:
    corpus, _ = load_corpus(DEMO)
    one = render_site(corpus, DEMO_AS_OF, TEMPLATES, drafts=True)
    two = render_site(corpus, DEMO_AS_OF, TEMPLATES, drafts=True, workers=2)
    assert len(one.pages) > parallel.MIN_PARALLEL
    assert one == two


def test_a_template_error_in_a_worker_says_where(few_make_parallel: None, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    template = repo / "templates" / "pages" / "history.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_value }}\n", encoding="utf-8")
    corpus, _ = load_corpus(repo)
    with pytest.raises(RenderError, match=r"history\.j2:\d+: template error while rendering 'demo/history/'"):
        render_site(corpus, DEMO_AS_OF, repo / "templates", workers=2)


def test_a_job_whose_worker_dies_is_done_here_and_nothing_hangs(few_make_parallel: None) -> None:
    import os

    parent = os.getpid()

    def job(i: int) -> int:
        if i == 3 and os.getpid() != parent:
            os._exit(1)  # the worker dies in the middle of the build
        return i * i

    assert list(parallel.fork_map(job, 10, 2, chunksize=1)) == [i * i for i in range(10)]


def test_an_exception_in_a_job_surfaces_as_itself(few_make_parallel: None) -> None:
    def job(i: int) -> int:
        if i == 5:
            raise ValueError("page 5 is broken")
        return i

    with pytest.raises(ValueError, match="page 5 is broken"):
        list(parallel.fork_map(job, 10, 2, chunksize=1))
