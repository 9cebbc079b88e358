"""Site builds shared by the site tests: each is built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import DEMO, DEMO_AS_OF, build, make_repo


@pytest.fixture(scope="session")
def real_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this repository: the shipped terms, templates and settings."""
    return make_repo(tmp_path_factory.mktemp("real") / "repo")


@pytest.fixture(scope="session")
def real_site(real_repo: Path) -> Path:
    """The real site as of AS_OF, built through `terms build` (MkDocs, Material, static-i18n)."""
    site = real_repo.parent / "site"
    code, err = build(real_repo, site)
    assert code == 0, err
    return site


@pytest.fixture(scope="session")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository: one document with a superseded, current, upcoming, embargoed and draft version."""
    return make_repo(tmp_path_factory.mktemp("demo") / "repo", terms_from=DEMO)


@pytest.fixture(scope="session")
def demo_site(demo_repo: Path) -> Path:
    """The demo site as of DEMO_AS_OF, without drafts."""
    site = demo_repo.parent / "site"
    code, err = build(demo_repo, site, as_of=DEMO_AS_OF)
    assert code == 0, err
    return site


@pytest.fixture(scope="session")
def demo_preview(demo_repo: Path) -> Path:
    """The demo site as of DEMO_AS_OF with drafts (a preview build)."""
    site = demo_repo.parent / "preview"
    code, err = build(demo_repo, site, as_of=DEMO_AS_OF, drafts=True)
    assert code == 0, err
    return site
