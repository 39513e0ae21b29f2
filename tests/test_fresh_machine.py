"""make test-fresh: the parts that can be checked without building a Debian root.

The whole proof (debootstrap, chroot, the README's two commands on Debian 12 and 13) is `.ci/run`'s
second step; it takes too long for the test suite.
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT

from legalpages import fresh_machine
from legalpages.fresh_machine import (
    PASSED_ENV,
    AptSource,
    FreshMachineError,
    apt_sources,
    fresh_root,
    host_codename,
    mounts_below,
    readme_commands,
    sources_file,
)


def test_it_runs_the_readmes_first_two_commands_as_written() -> None:
    assert readme_commands() == ["make site", "make test"]


def test_ci_runs_the_tests_then_the_fresh_machine_proof() -> None:
    steps = [line for line in (ROOT / ".ci/run").read_text().splitlines() if line.startswith("make ")]
    assert steps == ["make test", "make test-fresh"]


@pytest.mark.parametrize(("debian", "argument"), [("12", "12"), ("13", "13"), ("", "12 13")])
def test_debian_selects_the_release(debian: str, argument: str) -> None:
    variables = [f"DEBIAN={debian}"] if debian else []
    plan = subprocess.run(
        ["make", "-n", "test-fresh", *variables], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert f"python3 -m legalpages.fresh_machine {argument}\n" in plan
    assert "python3 -m legalpages.bootstrap fresh" in plan, "debootstrap is installed first"


def test_an_unknown_release_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert fresh_machine.main(["11"]) == 2
    assert "DEBIAN=11 is not one of 12, 13" in capsys.readouterr().err


def test_the_other_release_gets_this_machines_mirrors() -> None:
    sources = apt_sources(host_codename())
    assert any(source.suffix == "" for source in sources), "this machine's Debian archive is found"
    written = sources_file("trixie", [AptSource("http://mirror.invalid/debian", "-security", "main")])
    assert "URIs: http://mirror.invalid/debian\nSuites: trixie-security\nComponents: main\n" in written
    everything_but_this_test = ["--", ".", ":!tests/test_fresh_machine.py"]
    repository = subprocess.run(
        ["git", "grep", "-l", "deb.debian.org", *everything_but_this_test], cwd=ROOT, capture_output=True, text=True
    )
    assert repository.stdout == "", "no mirror host name is written into the repository"


@pytest.mark.parametrize(
    "name", ["PIP_INDEX_URL", "https_proxy", "HTTPS_PROXY", "SSL_CERT_FILE", "npm_config_registry"]
)
def test_pip_npm_proxy_and_ca_settings_are_passed_in(name: str) -> None:
    assert PASSED_ENV.match(name)


@pytest.mark.parametrize("name", ["HOME", "PATH", "VIRTUAL_ENV", "SITE_URL", "PYTHONPATH", "GITLAB_TOKEN"])
def test_nothing_else_from_this_machines_environment(name: str) -> None:
    assert not PASSED_ENV.match(name)


def test_a_failing_root_is_unmounted_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A base without update-ca-certificates fails while it is set up: nothing may stay behind."""
    monkeypatch.setattr(fresh_machine, "CACHE", tmp_path)
    base = tmp_path / "tiny"
    for folder in ("etc/apt/sources.list.d", "etc/apt/apt.conf.d", "root", "dev", "proc", "sys"):
        (base / folder).mkdir(parents=True)
    tarball = tmp_path / "tiny.tar"
    with tarfile.open(tarball, "w") as archive:
        archive.add(base, arcname=".")
    with pytest.raises(FreshMachineError, match="update-ca-certificates failed"), fresh_root("trixie", tarball, []):
        pass
    assert mounts_below(tmp_path) == []
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("root-")] == []


def test_a_root_left_by_a_killed_run_is_removed_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fresh_machine, "CACHE", tmp_path)
    leftover = tmp_path / "root-trixie-killed"
    (leftover / "etc").mkdir(parents=True)
    fresh_machine.remove_leftover_roots()
    assert not leftover.exists()
