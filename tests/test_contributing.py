"""CONTRIBUTING.md documents every make target, so the guide cannot drift from the Makefile."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT


def test_every_make_target_is_in_contributing() -> None:
    listed = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    targets = re.findall(r"^\s+make (\S+)", listed, re.MULTILINE)
    assert len(targets) > 10
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert [target for target in targets if f"`make {target}" not in guide] == []
