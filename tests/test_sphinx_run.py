"""legalpages.sphinx_run: the one way Sphinx is run, and every caller uses it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from legalpages.sphinx_run import SphinxRun


def test_a_site_build_is_strict_and_uses_its_own_catalogs(tmp_path: Path) -> None:
    run = SphinxRun("html", tmp_path / "out", tmp_path / "doctrees", "en", tmp_path / "locale", release=True)
    arguments = run.arguments()
    assert arguments[:4] == ["-b", "html", "-c", str(ROOT)]
    assert {"-n", "-W", "--keep-going", "-q"} <= set(arguments)
    assert f"locale_dirs={tmp_path / 'locale'}" in arguments and "gettext_auto_build=0" in arguments
    assert "language=en" in arguments and "legalpages_release=1" in arguments
    assert arguments[-2:] == [str(ROOT / "docs"), str(tmp_path / "out")]
    assert run.command()[1:3] == ["-m", "sphinx"]


def test_without_a_locale_dir_sphinx_is_not_told_about_catalogs(tmp_path: Path) -> None:
    run = SphinxRun("gettext", tmp_path, strict=False)
    assert run.settings() == {"language": "de", "legalpages_release": "0"}
    assert "-W" not in run.arguments() and "-d" not in run.arguments()


def test_no_module_builds_its_own_sphinx_command_line() -> None:
    """Only the benchmark's yardstick is a plain sphinx-build, on purpose."""
    callers = []
    sphinx_build = re.compile(r'"-m",\s*"sphinx"')
    for path in sorted([*ROOT.glob("legalpages/**/*.py"), *ROOT.glob("tests/*.py")]):
        if path != Path(__file__) and sphinx_build.search(path.read_text(encoding="utf-8")):
            callers.append(path.relative_to(ROOT).as_posix())
    assert callers == ["legalpages/bench.py", "legalpages/sphinx_run.py"]
    preview = (ROOT / "legalpages" / "preview.py").read_text(encoding="utf-8")
    assert "confoverrides=run.settings()" in preview, "the in-process preview takes its settings from SphinxRun"


STARTED_BUILDS = """
import os, sys, threading
from pathlib import Path
from legalpages.sphinx_run import SphinxRun, wait

project = Path(sys.argv[1])
for how in ("forked", "new interpreter"):
    if how == "new interpreter":
        threading.Thread(target=threading.Event().wait, daemon=True).start()
    run = SphinxRun("html", project / how, project / "doctrees" / how, strict=False, root=project)
    started = run.start(os.environ | {"BUILT_BY": how})
    print(how, type(started).__name__, wait(started))
"""


def test_a_started_build_forks_unless_a_thread_runs_and_gets_its_environment(tmp_path: Path) -> None:
    """SphinxRun.start: a fork of a process with one thread; with another thread, a new interpreter."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Titel\n\nText.\n", encoding="utf-8")
    conf = 'import os\nextensions = ["myst_parser"]\nproject = os.environ["BUILT_BY"]\nlanguage = "de"\n'
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", STARTED_BUILDS, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["forked ForkProcess 0", "new interpreter Popen 0"], result.stderr
    for how in ("forked", "new interpreter"):
        assert f"<title>Titel &#8212; {how} " in (tmp_path / how / "index.html").read_text(encoding="utf-8")
