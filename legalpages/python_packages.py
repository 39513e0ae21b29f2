"""Install requirements.txt into the virtual environment: make runs it once, right after making .venv.

One pip reads one index page, downloads one file and compiles one package at a time (pypa/pip#825),
and took 25 s of a fresh clone's `make test`. requirements.txt pins every package, dependencies
included, so its pins split into groups that pip processes install at the same time, each with
--no-deps; `pip check` then proves that the pins were complete and fit together. With three
processes on two cores it took 13 s (two: 16-19 s, four: 14 s).

Runs with the system Python before anything is installed, so it uses the standard library only.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PIP_OPTIONS = ("--quiet", "--disable-pip-version-check")
PIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9][A-Za-z0-9.+!_-]*")


class NotAPin(Exception):
    """A line of requirements.txt that is not `name==version`."""


def pins(requirements: Path) -> list[str]:
    """The requirement lines, without comments; each must be an exact pin, so that --no-deps is safe."""
    found = []
    for number, line in enumerate(requirements.read_text(encoding="utf-8").splitlines(), start=1):
        requirement = line.split("#", 1)[0].strip()
        if requirement and not PIN.fullmatch(requirement):
            raise NotAPin(f"{requirements}:{number}: {requirement!r} is not an exact pin (name==version)")
        found += [requirement] if requirement else []
    return found


def groups(items: list[str], count: int) -> list[list[str]]:
    """count groups of about the same size (every count-th item), none empty."""
    return [items[start::count] for start in range(min(count, len(items)))]


def install(venv: Path, requirements: Path, processes: int) -> int:
    pip = str(venv / "bin" / "pip")
    running = [
        (group, subprocess.Popen([pip, "install", *PIP_OPTIONS, "--no-deps", *group]))
        for group in groups(pins(requirements), processes)
    ]
    failed = [pin for group, process in running if process.wait() != 0 for pin in group]
    if failed:
        print(f"pip could not install some of: {' '.join(failed)} (its messages are above)", file=sys.stderr)
        return 1
    # not --quiet: pip check names what is missing or conflicting only at its normal level
    if subprocess.run([pip, "check", "--disable-pip-version-check"]).returncode != 0:
        print(f"{requirements}: the pins above are missing or do not fit together", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    venv, requirements = map(Path, argv)
    try:
        # pip works on the CPU most of the time and waits on the index for the rest: one process more than cores
        return install(venv, requirements, (os.cpu_count() or 1) + 1)
    except NotAPin as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
