"""Install the Debian packages a make target needs, when they are missing.

Runs with the system Python before the virtual environment exists, so it uses the standard
library only. As root it installs with apt-get; otherwise it names the command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from ctypes.util import find_library

# command that proves the package is there -> Debian package
NEEDS = {
    "site": {"msgfmt": "gettext"},
    "test": {
        "msgfmt": "gettext",
        "chromium": "chromium",
        "hunspell": "hunspell",
        "pdftotext": "poppler-utils",
        "qpdf": "qpdf",
        "npm": "npm",  # installs the test tools in tests/node (Nu Html Checker, CI-file checkers)
        "java": "default-jre-headless",  # runs it
    },
}
# dictionaries have no command of their own: file that proves the package -> Debian package
DICTIONARIES = {
    "test": {
        "/usr/share/hunspell/de_DE.dic": "hunspell-de-de",
        "/usr/share/hunspell/en_GB.dic": "hunspell-en-gb",
    },
}


# shared libraries that Python packages load: library name -> Debian package
LIBRARIES = {
    "site": {"pangoft2-1.0": "libpangoft2-1.0-0"},  # WeasyPrint lays out the PDFs with Pango
    "test": {"pangoft2-1.0": "libpangoft2-1.0-0"},
}


def missing_packages(target: str) -> list[str]:
    packages = [package for command, package in NEEDS.get(target, {}).items() if shutil.which(command) is None]
    packages += [package for library, package in LIBRARIES.get(target, {}).items() if find_library(library) is None]
    packages += [package for path, package in DICTIONARIES.get(target, {}).items() if not os.path.exists(path)]
    return sorted(set(packages))


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "site"
    packages = missing_packages(target)
    if not packages:
        return 0
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if os.geteuid() != 0:
        print(f"make {target}: missing Debian packages; run: sudo {' '.join(command)}", file=sys.stderr)
        return 1
    print(f"make {target}: installing {' '.join(packages)} with apt-get", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(command, check=True, env=env)
    still_missing = missing_packages(target)
    if still_missing:
        print(f"make {target}: still missing after apt-get: {' '.join(still_missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
