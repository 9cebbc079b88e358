"""MkDocs builds shared by the tests of this folder: each is built once per session (about a second)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ..site.helpers import build, make_repo
from .helpers import ANNOUNCED, BEFORE, EFFECTIVE, SWITCH


@pytest.fixture(scope="session")
def switch_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the switch repository with this repository's templates and MkDocs configuration."""
    return make_repo(tmp_path_factory.mktemp("switch") / "repo", terms_from=SWITCH)


def _built(repo: Path, name: str, as_of: dt.date, drafts: bool = False) -> Path:
    site = repo.parent / name
    code, err = build(repo, site, as_of=as_of, drafts=drafts)
    assert code == 0, err
    return site


@pytest.fixture(scope="session")
def switch_sites(switch_repo: Path) -> dict[dt.date, Path]:
    """The switch repository built by `terms build` the day before the announcement, on the announcement
    day and on the effective date."""
    return {day: _built(switch_repo, f"site-{day}", day) for day in (BEFORE, ANNOUNCED, EFFECTIVE)}


@pytest.fixture(scope="session")
def draft_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository built with --drafts: the shipped draft revision of the 約款 and its comparison."""
    repo = make_repo(tmp_path_factory.mktemp("drafts") / "repo")
    return _built(repo, "site", dt.date(2026, 11, 22), drafts=True)
