"""The workflows and hooks `terms init` writes: linted by actionlint, free of this repository's paths,
pinned, and running commands that exist; the install step stops on the requirement placeholder."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from termsite.adapters.cli.main import build_parser, main

from .conftest import REPO
from .test_workflows import _PINNED, BROKEN, _actionlint

INIT = ("--publisher-ja", "株式会社例", "--publisher-en", "Example, Inc.", "--site-url", "https://terms.example.org/")
REQ = "termsite @ git+https://github.com/example/termsite@" + "b" * 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "repo"
    assert main(["init", str(root), *INIT, "--termsite-requirement", REQ]) == 0
    return root


def _workflow(root: Path, name: str) -> dict[Any, Any]:
    data = yaml.safe_load((root / ".github/workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # PyYAML reads `on` as True
        data["on"] = data.pop(True)
    return data


def _steps(root: Path, name: str) -> list[dict[str, Any]]:
    return [s for job in _workflow(root, name)["jobs"].values() for s in job["steps"]]


def test_actionlint_finds_nothing_in_the_generated_workflows(generated: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yml"
    bad.write_text(BROKEN, encoding="utf-8")
    workflows = sorted((generated / ".github/workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["publish.yml", "pull-request.yml"]
    found: dict[str, list[dict[str, Any]]] = {p.name: [] for p in [*workflows, bad]}
    for f in _actionlint([*workflows, bad]):
        found[Path(f["file"]).name].append(f)
    assert found["publish.yml"] == [] and found["pull-request.yml"] == []
    assert found["broken.yml"]  # the linter ran


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_generated_workflows_are_the_new_repository_s_own(generated: Path, name: str) -> None:
    text = (generated / ".github/workflows" / name).read_text(encoding="utf-8")
    for foreign in ("tools/", "./dev", "pyproject.toml", "-e .", "cloud-resale", ".[test]"):
        assert foreign not in text, foreign
    for ref, comment in re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text, flags=re.MULTILINE):
        assert _PINNED.match(ref) and re.match(r"\s*#\s*v\d+(\.\d+)*\s*$", comment), ref
    installs = 0
    for step in _steps(generated, name):
        for line in step.get("run", "").splitlines():
            line = line.strip()
            if "pip install" in line:
                installs += 1
                assert str(step["env"]["PIP_CONSTRAINT"]).endswith("/constraints.txt"), line
                assert "-r termsite-requirements.txt" in line or "grep -m1 '^pip==' constraints.txt" in line, line
            if line.startswith("terms "):  # every command exists with these options
                argv = shlex.split(line.split(" >")[0].split(" ||")[0])[1:]
                build_parser().parse_args([a.replace("$AS_OF", "2025-01-01") for a in argv])
    assert installs == 2


def test_pull_request_workflow_checks_previews_and_summarises(generated: Path) -> None:
    wf = _workflow(generated, "pull-request.yml")
    assert "pull_request" in wf["on"] and wf["permissions"] == {"contents": "read"}
    steps = wf["jobs"]["check"]["steps"]
    assert next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))["with"]["fetch-depth"] == 0
    runs = "\n".join(s.get("run", "") for s in steps)
    assert 'terms check --format github --as-of "$AS_OF" --base "origin/${BASE_REF}"' in runs
    assert "terms build --drafts" in runs and "GITHUB_STEP_SUMMARY" in runs
    assert "terms changed --base" in runs and 'terms diff "$doc" "$old" "$new" --format markdown' in runs


def test_publish_workflow_publishes_on_merge_and_daily(generated: Path) -> None:
    wf = _workflow(generated, "publish.yml")
    assert wf["on"]["push"] == {"branches": ["main"]} and "workflow_dispatch" in wf["on"]
    assert wf["on"]["schedule"] == [{"cron": "5 15 * * *"}]  # 00:05 in Tokyo
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    names = [s["name"] for s in build["steps"]]
    history = "terms check (published history against the last published commit)"
    assert names.index(history) < names.index("Build the site as of today in Tokyo")
    # the history check is this repository's, step for step
    ours = {s["name"]: s.get("run") for s in _workflow(REPO, "publish.yml")["jobs"]["build"]["steps"]}
    theirs = {s["name"]: s.get("run") for s in build["steps"]}
    for name in ("The last published commit", history, "The build date is today in Tokyo"):
        assert theirs[name] == ours[name], name


def _install_step(root: Path) -> str:
    return str(next(s for s in _steps(root, "publish.yml") if s["name"].startswith("Install termsite"))["run"])


@pytest.mark.parametrize("requirement", [None, REQ])
def test_the_install_step_stops_on_the_placeholder(tmp_path: Path, requirement: str | None) -> None:
    root = tmp_path / "repo"
    args = [*INIT, *(["--termsite-requirement", requirement] if requirement else [])]
    assert main(["init", str(root), *args]) == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/python-args"\n', encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PIP_CONSTRAINT": str(root / "constraints.txt")}
    run = subprocess.run(["bash", "-e", "-c", _install_step(root)], cwd=root, env=env, capture_output=True, text=True,
                         timeout=60, check=False)
    calls = (tmp_path / "python-args").read_text(encoding="utf-8").splitlines() if requirement else []
    if requirement is None:
        assert run.returncode == 1
        assert run.stdout.startswith("::error file=termsite-requirements.txt::") and "README.md" in run.stdout
        assert not (tmp_path / "python-args").exists()
    else:
        assert run.returncode == 0, run.stderr
        pip = next(ln for ln in (root / "constraints.txt").read_text(encoding="utf-8").splitlines()
                   if ln.startswith("pip=="))
        assert calls == [f"-m pip install --quiet {pip}", "-m pip install --quiet -r termsite-requirements.txt"]


def test_generated_pre_commit_hooks_run_real_commands(generated: Path) -> None:
    config = yaml.safe_load((generated / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = config["repos"][0]["hooks"]
    assert {h["id"] for h in hooks} == {"terms-check", "terms-history"}
    for hook in hooks:
        argv = shlex.split(hook["entry"])
        assert argv[0] == "terms" and re.match(hook["files"], "terms/service-terms/2025-04-01.yml")
        build_parser().parse_args(argv[1:])


def test_publish_workflow_records_each_publication_in_the_ledger(generated: Path) -> None:
    """The ledger steps and job are this repository's, step for step: the publication is recorded and
    verified before the upload, kept as an artifact, and committed to the branch `ledger` after deploy."""
    wf, ours = _workflow(generated, "publish.yml"), _workflow(REPO, "publish.yml")
    names = [s["name"] for s in wf["jobs"]["build"]["steps"]]
    record = "Record the publication in the ledger (written into the site as api/ledger.json)"
    assert names.index("Build the site as of today in Tokyo") < names.index(record) \
        < names.index("Keep the ledger as an artifact of this run") < names.index("Upload the site for Pages")
    mine = {s["name"]: s for s in ours["jobs"]["build"]["steps"]}
    for step in wf["jobs"]["build"]["steps"]:
        if step["name"] in (record, "Keep the ledger as an artifact of this run"):
            assert step == mine[step["name"]]
    assert wf["jobs"]["ledger"] == ours["jobs"]["ledger"] and wf["jobs"]["ledger"]["needs"] == "deploy"
    assert wf["jobs"]["ledger"]["permissions"] == {"contents": "write"}
