"""Same sources, same bytes: builds in other folders, at other times, and two builds at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_module


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.e2e
def test_a_build_elsewhere_and_later_is_byte_identical(site: Path, site_built_again: Path) -> None:
    first, second = tree(site), tree(site_built_again)
    assert set(first) == set(second)
    assert [name for name in first if first[name] != second[name]] == []
    kinds = {Path(name).suffix for name in first}
    assert {".html", ".js", ".pdf", ".css", ".inv"} <= kinds  # pages, search index, PDFs


def test_no_machine_path_in_the_output(site: Path) -> None:
    machine_paths = [os.fsencode(str(ROOT)), os.fsencode(str(site.parent)), b"/tmp/", b"/root/"]
    leaks = [name for name, data in tree(site).items() if any(path in data for path in machine_paths)]
    assert leaks == []


@pytest.mark.e2e
def test_two_builds_at_once_publish_one_complete_site(project: Path) -> None:
    build_dir = project / "_build"
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}  # as run_module does
    env |= {"SOURCE_DATE_EPOCH": "1790000000", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "legalpages.site", "--build-dir", str(build_dir)]
    builds = [
        subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [build.communicate()[0].decode() for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    assert sorted(path.name for path in build_dir.iterdir() if path.name.startswith("site")) == ["site"]
    reference = project.parent / "reference"
    assert run_module("site", "--build-dir", str(reference), cwd=project).returncode == 0
    assert tree(build_dir / "site") == tree(reference / "site")
