"""The one place that says how Sphinx is run on our sources: every build, extraction, link check,
preview, benchmark and test takes its command line (or, in process, its settings) from SphinxRun.

What every run shares: conf.py from the project root (`-c`), the sources in docs/, the language,
and catalogs that the build compiled itself (never .mo files lying in locale/).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path

from legalpages.project import PROJECT, ROOT


@dataclass(frozen=True)
class SphinxRun:
    builder: str  # html, gettext, linkcheck
    out_dir: Path
    doctree_dir: Path | None = None  # None: Sphinx's default, inside out_dir
    language: str = PROJECT.source_language
    locale_dir: Path | None = None  # the catalogs this build compiled (catalogs.compile_catalogs)
    release: bool = False
    strict: bool = True  # nitpicky, and every warning fails the build (reported all at once)
    overrides: Mapping[str, str] = field(default_factory=dict)  # further -D settings
    root: Path = ROOT  # a project folder: ours, or a throw-away copy in the tests
    only: tuple[Path, ...] = ()  # some source files instead of all

    def settings(self) -> dict[str, str]:
        """The conf.py values this run overrides (sphinx-build -D, or Sphinx(confoverrides=…))."""
        settings = {"language": self.language, "legalpages_release": str(int(self.release))}
        if self.locale_dir is not None:
            settings |= {"locale_dirs": str(self.locale_dir), "gettext_auto_build": "0"}
        return settings | dict(self.overrides)

    def arguments(self) -> list[str]:
        """sphinx-build's arguments (make profile runs them in process with build_main)."""
        arguments = ["-b", self.builder, "-c", str(self.root), "-q"]
        if self.strict:
            arguments += ["-n", "-W", "--keep-going"]
        for name, value in self.settings().items():
            arguments += ["-D", f"{name}={value}"]
        if self.doctree_dir is not None:
            arguments += ["-d", str(self.doctree_dir)]
        return [*arguments, str(self.root / "docs"), str(self.out_dir), *map(str, self.only)]

    def command(self) -> list[str]:
        return [sys.executable, "-m", "sphinx", *self.arguments()]

    def start(self, environment: Mapping[str, str] | None = None) -> Started:
        """Start the build in a child process; ``wait(process)`` gives its exit status.

        The child is forked from this process, which imports Sphinx, MyST and furo first, once: a
        fresh ``python -m sphinx`` spends 0.6 s of CPU importing them, a third of a build of our sources.
        Only these modules: a build imports its own project's extensions. A process with another
        thread starts a fresh interpreter instead, since a fork copies a lock that thread may hold.
        """
        if threading.active_count() > 1:
            return subprocess.Popen(self.command(), env=environment)
        for module in PRELOADED:
            importlib.import_module(module)
        process = FORK.Process(target=build_in_child, args=(self.arguments(), dict(environment or os.environ)))
        process.start()
        return process


FORK = multiprocessing.get_context("fork")  # as the PDF workers are started (legalpages/pdf.py)
PRELOADED = ("sphinx.cmd.build", "sphinx.builders.html", "myst_parser.sphinx_ext.main", "furo")
Started = BaseProcess | subprocess.Popen


def build_in_child(arguments: list[str], environment: dict[str, str]) -> None:
    from sphinx.cmd.build import build_main

    os.environ.clear()
    os.environ.update(environment)
    sys.exit(build_main(arguments))


def wait(process: Started) -> int:
    """A started build's exit status."""
    if isinstance(process, subprocess.Popen):
        return process.wait()
    process.join()
    return process.exitcode
