"""The one place that says how Sphinx is run on our sources: every build, extraction, link check,
preview, benchmark and test takes its command line (or, in process, its settings) from SphinxRun.

What every run shares: conf.py from the project root (`-c`), the sources in docs/, the language,
and catalogs that the build compiled itself (never .mo files lying in locale/).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
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
