"""The publishing workflow's ledger steps, run in bash as the runner runs them: the first publication
starts the ledger, the next one extends the branch `ledger`, a rewritten branch stops the run, and the
last job commits the ledger to the branch without forcing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO, terms

STEP = "Record the publication in the ledger (written into the site as api/ledger.json)"


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True).stdout


def _run(script: str, root: Path, tmp: Path, **env: str) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "terms").write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; '
                                   f'from termsite.adapters.cli.main import main; sys.exit(main())" "$@"\n',
                                   encoding="utf-8")
    (bin_dir / "terms").chmod(0o755)
    full = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO / "tools"),
            "RUNNER_TEMP": str(tmp), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": "/dev/null", **env}
    return subprocess.run(["bash", "-e", "-c", script], cwd=root, env=full, capture_output=True, text=True,
                          timeout=180, check=False)


def test_the_ledger_job_is_the_only_writer_and_runs_after_the_deploy() -> None:
    jobs = _workflow()["jobs"]
    assert jobs["ledger"]["needs"] == "deploy" and jobs["ledger"]["permissions"] == {"contents": "write"}
    assert all(job.get("permissions", {}).get("contents") != "write" for name, job in jobs.items() if name != "ledger")
    steps = jobs["build"]["steps"]
    names = [s["name"] for s in steps]
    pages = next(s["name"] for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert names.index("Build the site as of today in Tokyo") < names.index(STEP) < names.index(pages)
    push = jobs["ledger"]["steps"][-1]["run"]
    assert "git push origin ledger" in push and "--force" not in push and " -f" not in push


def test_two_runs_extend_the_branch_and_a_rewritten_branch_stops_the_run(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    step = next(s for s in _workflow()["jobs"]["build"]["steps"] if s["name"] == STEP)["run"]
    push = _workflow()["jobs"]["ledger"]["steps"][-1]["run"]
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    (repo / ".gitignore").write_text("site/\nledger-out/\n.cache/\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "terms")
    _git(repo, "remote", "add", "origin", str(origin))
    _git(repo, "push", "-q", "origin", "main")
    head = _git(repo, "rev-parse", "HEAD").strip()

    def publish(as_of: str) -> subprocess.CompletedProcess[str]:
        code, _, err = terms(repo, "build", "--as-of", as_of, "--site-dir", str(repo / "site"), capsys=capsys)
        assert code == 0, err
        return _run(step, repo, tmp_path)

    def commit_ledger(n: int) -> None:
        job = tmp_path / f"job{n}"  # the last job: a fresh checkout, the run's artifact
        subprocess.run(["git", "clone", "-q", str(origin), str(job)], check=True)
        done = _run(push, job, tmp_path, LEDGER=str(repo / "ledger-out/ledger.json"), RUN_URL="https://ci/run",
                    GITHUB_SHA=head)
        assert done.returncode == 0, done.stderr
        _git(repo, "fetch", "-q", "origin")

    first = publish("2025-01-15")
    assert first.returncode == 0, first.stderr
    assert "::notice::no branch ledger yet" in first.stdout
    (entry,) = json.loads((repo / "ledger-out/ledger.json").read_text(encoding="utf-8"))["entries"]
    assert entry["commit"] == head and entry["as_of"] == "2025-01-15"
    commit_ledger(1)

    second = publish("2025-02-01")
    assert second.returncode == 0, second.stderr
    entries = json.loads((repo / "ledger-out/ledger.json").read_text(encoding="utf-8"))["entries"]
    assert [e["number"] for e in entries] == [1, 2] and entries[0] == entry
    assert (repo / "site/api/ledger.json").read_bytes() == (repo / "ledger-out/ledger.json").read_bytes()
    commit_ledger(2)
    assert _git(repo, "log", "--format=%s", "origin/ledger").splitlines() == [
        f"Publication of {head} (https://ci/run)"] * 2

    # someone rewrites the first entry on the branch: the next run stops before anything is published
    job = tmp_path / "rewrite"
    subprocess.run(["git", "clone", "-q", "-b", "ledger", str(origin), str(job)], check=True)
    text = (job / "ledger.json").read_text(encoding="utf-8")
    (job / "ledger.json").write_text(text.replace('"as_of":"2025-01-15"', '"as_of":"2025-01-14"'), encoding="utf-8")
    _git(job, "commit", "-qam", "rewrite")
    _git(job, "push", "-q", "origin", "ledger")
    _git(repo, "fetch", "-q", "origin")
    third = publish("2025-02-02")
    assert third.returncode == 1
    assert "error TERMS073: entry 1 was changed after it was written" in third.stderr
