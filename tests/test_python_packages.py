"""The set-up's pip step (legalpages/python_packages.py): every exact pin installed once, in groups that
pip processes install at once, and `pip check` refusing pins that are incomplete."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from legalpages.python_packages import NotAPin, groups, pins


def test_every_pin_of_requirements_txt_is_in_exactly_one_group() -> None:
    every_pin = pins(ROOT / "requirements.txt")
    assert "Sphinx==9.0.4" in every_pin and "pytest==9.1.1" in every_pin  # comments stripped
    for count in (1, 2, 3, 4):
        parts = groups(every_pin, count)
        assert len(parts) == count and all(parts)
        assert sorted(pin for part in parts for pin in part) == sorted(every_pin)
    assert groups(["a==1"], 3) == [["a==1"]]


@pytest.mark.parametrize("line", ["sphinx>=9", "sphinx", "-r other.txt", "--index-url https://example.org/simple"])
def test_a_line_that_is_not_an_exact_pin_is_named_with_its_line(tmp_path: Path, line: str) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"# pins\nfuro==2025.12.19\n{line}\n", encoding="utf-8")
    with pytest.raises(NotAPin, match=r"requirements.txt:3: .* is not an exact pin"):
        pins(requirements)


def wheel(folder: Path, name: str, requires: tuple[str, ...] = ()) -> None:
    """A pure-Python wheel of one empty module, written by hand: the test needs no index and no network."""
    dist_info = f"{name}-1.0.dist-info"
    files = {
        f"{name}.py": "",
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
        + "".join(f"Requires-Dist: {requirement}\n" for requirement in requires),
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    files[f"{dist_info}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{dist_info}/RECORD"])
    with zipfile.ZipFile(folder / f"{name}-1.0-py3-none-any.whl", "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)


@pytest.mark.e2e
def test_pins_install_in_parallel_and_incomplete_pins_fail_pip_check(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for name, requires in [("alpha", ("beta",)), ("beta", ()), ("gamma", ()), ("delta", ())]:
        wheel(wheels, name, requires)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    offline = dict(os.environ, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels))

    def install(*lines: str) -> subprocess.CompletedProcess:
        requirements = tmp_path / "requirements.txt"
        requirements.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        command = [sys.executable, "-m", "legalpages.python_packages", str(venv), str(requirements)]
        return subprocess.run(command, cwd=ROOT, env=offline, capture_output=True, text=True)

    incomplete = install("alpha==1.0", "gamma==1.0")  # alpha needs beta, which is not pinned
    assert incomplete.returncode == 1
    assert "alpha 1.0 requires beta, which is not installed" in incomplete.stdout
    assert "requirements.txt: the pins above are missing or do not fit together" in incomplete.stderr
    complete = install("alpha==1.0", "beta==1.0", "gamma==1.0", "delta==1.0")
    assert complete.returncode == 0, complete.stdout + complete.stderr
    python = venv / "bin" / "python"
    assert subprocess.run([python, "-c", "import alpha, beta, gamma, delta"]).returncode == 0
