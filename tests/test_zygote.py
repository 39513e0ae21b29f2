"""The zygote runs a module as `python -m` does (tests/zygote.py): the same output, exit status and
environment as a fresh interpreter, with the libraries already imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import zygote

PROBE = """
import atexit, json, os, sys, threading, time
atexit.register(lambda: print("atexit ran"))
threading.Thread(target=lambda: (time.sleep(0.2), print("thread ended"))).start()
print(json.dumps({"argv": sys.argv, "cwd": os.getcwd(), "path0": sys.path[0], "name": __name__,
                  "setting": os.environ.get("PROBE_SETTING"), "package": __import__("probe").WHERE}))
print("to stderr", file=sys.stderr)
how = sys.argv[1]
if how == "status":
    sys.exit(3)
if how == "message":
    sys.exit("a message")
if how == "error":
    raise ValueError("broken")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    package = tmp_path / "probe"
    package.mkdir()
    (package / "__init__.py").write_text("import os\nWHERE = os.path.dirname(__file__)\n", encoding="utf-8")
    (package / "show.py").write_text(PROBE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("how", ["ends", "status", "message", "error"])
def test_a_command_in_the_zygote_is_what_python_m_gives(project: Path, how: str) -> None:
    environment = dict(os.environ, PROBE_SETTING="given")
    fresh = subprocess.run(
        [sys.executable, "-m", "probe.show", how], cwd=project, env=environment, capture_output=True, text=True
    )
    forked = zygote().run("probe.show", [how], project, environment)
    assert forked == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert '"setting": "given"' in fresh.stdout and "thread ended\natexit ran" in fresh.stdout


def test_the_zygote_has_the_libraries_imported_and_not_the_project(project: Path) -> None:
    """What saves the time: a child starts with Sphinx imported, and finds the project's own package."""
    (project / "probe" / "modules.py").write_text(
        "import sys\nprint(sorted(name for name in ('furo', 'sphinx', 'legalpages') if name in sys.modules))\n",
        encoding="utf-8",
    )
    status, stdout, _ = zygote().run("probe.modules", [], project, dict(os.environ))
    assert (status, stdout) == (0, "['furo', 'sphinx']\n")
