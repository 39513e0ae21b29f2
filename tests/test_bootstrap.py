"""The set-up: make site and make test reach it, it installs what is missing, and names the command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from legalpages.bootstrap import NEEDS, dictionary_needs, missing_packages, python_problem


@pytest.mark.parametrize("target", ["site", "test"])
def test_make_runs_the_set_up_first(target: str) -> None:
    """GNU make ignores pattern rules for .PHONY targets; this failed before the set-up ran at all."""
    planned = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    set_up = next(number for number, line in enumerate(planned) if line.endswith(f"-m legalpages.bootstrap {target}"))
    venv = next(number for number, line in enumerate(planned) if "-m venv" in line)
    assert set_up < venv, "the Python and the Debian packages are checked before .venv is made"
    # Debian's own Python, also where another python3 comes first on PATH (pyenv's on the CI machine)
    assert planned[set_up].startswith("/usr/bin/python3 ") and planned[venv].startswith("/usr/bin/python3 ")


@pytest.mark.parametrize(
    ("version", "supported"),
    [((3, 11, 1), False), ((3, 11, 2), True), ((3, 12, 7), True), ((3, 13, 9), True), ((3, 14, 0), False)],
)
def test_python_range(version: tuple[int, int, int], supported: bool) -> None:
    problem = python_problem(version)
    assert (problem == "") == supported
    if problem:
        assert "3.11.2 to 3.13" in problem and problem.count("\n") == 0


def bootstrap(target: str, path: Path, project: Path = ROOT, user: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The set-up with only `path` on PATH: every command of the table looks missing."""
    env = {**os.environ, "PATH": str(path)}
    command = [*(user or (sys.executable,)), "-m", "legalpages.bootstrap", target]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def test_as_root_it_installs_every_missing_package_with_apt_get(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail("this test runs as root, like make test in CI and on a new machine")
    calls = tmp_path / "calls"
    stub = tmp_path / "apt-get"
    stub.write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    stub.chmod(0o755)
    result = bootstrap("test", tmp_path)
    update, install = calls.read_text().splitlines()
    assert update == "update -q"
    command_needs = [need.package for need in NEEDS if need.command and "test" in need.targets]
    assert install.startswith("install -q -y --no-install-recommends ")
    assert set(command_needs) <= set(install.split()), install
    assert "fresh" not in install and "debootstrap" not in install.split()
    # the stub installed nothing, so the set-up says so and fails
    assert result.returncode == 1
    assert "still missing after apt-get" in result.stderr


def test_not_as_root_it_names_the_exact_command_and_fails(tmp_path: Path) -> None:
    setpriv = shutil.which("setpriv")  # util-linux, in every Debian
    assert setpriv, "setpriv is missing: apt-get install util-linux"
    # a copy that the user nobody can read, with Debian's Python: /root and pyenv are closed to it
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        project.chmod(0o755)
        shutil.copy(ROOT / "conf.py", project)
        shutil.copytree(ROOT / "docs", project / "docs")  # conf.py names its pages and facts
        shutil.copytree(ROOT / "legalpages", project / "legalpages", ignore=shutil.ignore_patterns("__pycache__"))
        nobody = (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3")
        result = bootstrap("site", tmp_path, project, user=nobody)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends gettext" in lines[0]


def test_every_language_has_its_dictionary_in_the_table() -> None:
    packages = {need.package for need in dictionary_needs()}
    assert packages == {"hunspell-de-de", "hunspell-en-gb"}
    assert missing_packages("test") == [], "this machine ran the set-up, so nothing is missing"
