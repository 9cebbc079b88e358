"""Helpers for the editor-workflow tests: copies of the shipped terms, the `terms` CLI, git."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from termsite.adapters.cli.main import main

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seeds" / "001_6b1d57a0bb71ffd6.txt"


@dataclass
class Run:
    """What one `terms` command did."""

    code: int
    out: str
    err: str


@pytest.fixture
def terms(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `terms ARGS…` in-process; returns exit code, stdout and stderr."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def copy_terms(dest: Path, documents: tuple[str, ...] | None = None) -> Path:
    """A copy of the shipped site_config and terms (all documents, or the ones named) in ``dest``."""
    shutil.copytree(REPO / "site_config", dest / "site_config")
    (dest / "terms").mkdir(parents=True)
    for folder in sorted((REPO / "terms").iterdir()):
        if folder.is_dir() and (documents is None or folder.name in documents):
            shutil.copytree(folder, dest / "terms" / folder.name)
    return dest


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A repository root holding a copy of every shipped document."""
    return copy_terms(tmp_path / "repo")


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes: to prove that a refused command wrote nothing."""
    # .cache/ holds the parse cache: speed only, never output
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".cache/")}


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; fails the test on a git error."""
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def git_repo(root: Path) -> Path:
    """Make ``root`` a git repository with one commit of everything in it."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "editor@example.com")
    git(root, "config", "user.name", "Editor")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root
