"""Helpers that the tests and the benchmark share: throw-away copies of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("conf.py", "docs", "locale", "legalpages")


def copy_project(target: Path) -> Path:
    """What a build needs, copied to target: throw-away projects for the benchmark and the tests."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            # with legalpages' compiled bytecode, still valid in the copy (copytree keeps the times)
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(source, target / name)
    return target
