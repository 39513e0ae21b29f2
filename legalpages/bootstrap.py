"""Check the Python and install the Debian packages a make target needs, when they are missing.

Runs with the system Python before the virtual environment exists, so it uses the standard
library only. As root it installs with apt-get; otherwise it names the exact command and fails.
``make site`` and ``make test`` run it first (``system-deps-site``, ``system-deps-test``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from ctypes.util import find_library
from dataclasses import dataclass, field
from pathlib import Path

# Debian 12's own Python (3.11.2) up to Debian 13's (3.13); requirements.txt installs on all of them.
SUPPORTED_PYTHON = ((3, 11, 2), (3, 13))
SUPPORTED_PYTHON_TEXT = "Python 3.11.2 to 3.13 (Debian 12 and 13)"

HUNSPELL_DIR = Path("/usr/share/hunspell")


@dataclass(frozen=True)
class Need:
    """One Debian package, how to see that it is installed, and which targets need it."""

    package: str
    command: str = ""  # a program on PATH
    library: str = ""  # a shared library that a Python package loads (ctypes/cffi name)
    path: str = ""  # a data file
    targets: frozenset[str] = field(kw_only=True)  # the make targets that need it: site, test, fresh

    def missing(self) -> bool:
        if self.command:
            return shutil.which(self.command) is None
        if self.library:
            return find_library(self.library) is None
        return not os.path.exists(self.path)


SITE_AND_TEST = frozenset({"site", "test"})
TEST = frozenset({"test"})

# The one table of what the project needs from Debian.
NEEDS = (
    Need("gettext", command="msgfmt", targets=SITE_AND_TEST),  # compiles and checks the catalogs
    # WeasyPrint lays out the PDFs with Pango and subsets the font with HarfBuzz
    Need("libpangoft2-1.0-0", library="pangoft2-1.0", targets=SITE_AND_TEST),
    Need("libharfbuzz-subset0", library="harfbuzz-subset", targets=SITE_AND_TEST),
    Need("chromium", command="chromium", targets=TEST),  # the browser tests
    # the Node.js inside the playwright wheel, which drives Chromium and runs tests/node's tools
    Need("libatomic1", library="atomic", targets=TEST),
    Need("hunspell", command="hunspell", targets=TEST),  # spelling in make check-po
    Need("poppler-utils", command="pdftotext", targets=TEST),  # the PDF tests read the text
    Need("qpdf", command="qpdf", targets=TEST),  # the PDF tests check the file structure
    Need("npm", command="npm", targets=TEST),  # installs tests/node (Nu Html Checker, CI-file checkers)
    Need("default-jre-headless", command="java", targets=TEST),  # runs the Nu Html Checker
    Need("debootstrap", command="debootstrap", targets=frozenset({"fresh"})),  # make test-fresh
)


def dictionary_needs() -> list[Need]:
    """One hunspell dictionary for each language in conf.py."""
    from legalpages.project import PROJECT  # imported only after the Python check

    return [
        Need(language.hunspell_package, path=str(HUNSPELL_DIR / f"{language.locale}.dic"), targets=TEST)
        for language in PROJECT.languages.values()
    ]


def python_problem(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> str:
    lowest, highest = SUPPORTED_PYTHON
    if lowest <= version[:3] and version[:2] <= highest:
        return ""
    found = ".".join(map(str, version[:3]))
    return f"this project needs {SUPPORTED_PYTHON_TEXT}; python3 is {found}"


def missing_packages(target: str) -> list[str]:
    needs = [*NEEDS, *dictionary_needs()]
    return sorted({need.package for need in needs if target in need.targets and need.missing()})


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "site"
    problem = python_problem()
    if problem:
        print(f"make {target}: {problem}", file=sys.stderr)
        return 1
    packages = missing_packages(target)
    if not packages:
        return 0
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if os.geteuid() != 0:
        print(
            f"make {target}: missing Debian packages; run: sudo apt-get update && sudo {' '.join(command)}",
            file=sys.stderr,
        )
        return 1
    print(f"make {target}: installing {' '.join(packages)} with apt-get", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-q"], [*command[:2], "-q", *command[2:]]):
        if subprocess.run(step, env=env).returncode != 0:
            print(f"make {target}: `{' '.join(step)}` failed (messages above)", file=sys.stderr)
            return 1
    still_missing = missing_packages(target)
    if still_missing:
        print(f"make {target}: still missing after apt-get: {' '.join(still_missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
