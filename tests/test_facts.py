"""docs/facts.toml: every mistake is reported as docs/facts.toml:LINE: what; fix, with no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_module

from legalpages import facts
from legalpages.source_checks import check_files

GOOD = """\
stand = 2026-11-26

[ministry]
name = "Ministerium"
phone = "+49 211 837-2000"
email = "poststelle@mkjfgfi.nrw.de"
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('name = "Ministerium"', 'name = "Ministerium', 4, "not valid TOML"),
        ("stand = 2026-11-26", "stand = 2026-11-26x", 1, "not valid TOML"),
        ('name = "Ministerium"', "name = 3", 4, "'ministry.name' is a number"),
        ('name = "Ministerium"', "name = true", 4, "is a true/false value"),
        ('name = "Ministerium"', 'name = ["a"]', 4, "is a list"),
        ("stand = 2026-11-26", "stand = 2026-11-26T10:00:00", 1, "is a datetime"),
        ('phone = "+49 211 837-2000"', 'phone = "+49 211"', 5, "not a valid phone number"),
        ('phone = "+49 211 837-2000"', 'phone = "Zentrale"', 5, "is not a phone number"),
        ('email = "poststelle@mkjfgfi.nrw.de"', 'email = "poststelle at nrw"', 6, "not an e-mail address"),
    ],
)
def test_each_mistake_names_its_line(tmp_path: Path, old: str, new: str, line: int, words: str) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(facts.FactError) as error:
        facts.load(path)
    assert str(error.value).startswith(f"docs/facts.toml:{line}: "), error.value
    assert words in str(error.value)


def test_the_real_facts_are_valid() -> None:
    assert facts.read(ROOT / "docs" / "facts.toml")[1] == []
    assert facts.load(ROOT / "docs" / "facts.toml")["ministry"]["short"] == "MKJFGFI"


def test_make_site_reports_a_broken_facts_file_before_sphinx_starts(project: Path) -> None:
    path = project / "docs" / "facts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[ministry]", "[ministry", 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("[ministry") + 1
    assert str(check_files(project)[0]).startswith(f"docs/facts.toml:{line}: not valid TOML")
    run = run_module("site", "--build-dir", str(project / "_build"), cwd=project)
    assert run.returncode == 1
    assert f"docs/facts.toml:{line}: not valid TOML" in run.output
    assert "Traceback" not in run.output
