"""The versions of each legal page from the git history, and the release gate (legalpages/versions.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import run_module
from history_repo import FIRST, IMPRESSUM, PRIVACY_SECOND, SECOND, THIRD, edit, make_repo, set_date

from legalpages.testkit import copy_project
from legalpages.versions import VersionError, history, release_problems


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    commits = make_repo(tmp_path / "repo")
    return tmp_path / "repo", commits


def test_each_stand_date_is_a_version_and_its_last_commit_is_its_text(repo: tuple[Path, dict[str, str]]) -> None:
    root, commits = repo
    versions = history(root)
    impressum = versions["impressum"]
    assert [v.key for v in impressum] == [FIRST, SECOND, THIRD]
    # the translation fix (commit 2) belongs to the first version: its last commit with that date
    assert impressum[0].commit == commits["translation"] and impressum[0].first_commit == commits["first"]
    assert impressum[1].commit == commits["fact"] and impressum[1].first_commit == commits["text"]
    assert impressum[2].current and impressum[2].commit == "" and impressum[2].first_commit == commits["current"]
    assert impressum[0].until == dt.date(2026, 2, 28) and impressum[1].until == dt.date(2026, 4, 30)
    assert [v.key for v in versions["datenschutz"]] == [FIRST, PRIVACY_SECOND]
    assert versions["datenschutz"][0].commit == commits["text"]
    assert [v.key for v in versions["barrierefreiheit"]] == [FIRST], "a page whose date never changed has one"


def test_a_new_date_not_yet_committed_makes_the_committed_text_a_version(repo: tuple[Path, dict[str, str]]) -> None:
    root, commits = repo
    set_date(root, "barrierefreiheit", "2026-06-01")
    versions = history(root)["barrierefreiheit"]
    assert [v.key for v in versions] == [FIRST, "2026-06-01"]
    assert versions[0].commit == commits["current"] and versions[1].current


def test_a_date_that_returns_is_refused(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    set_date(root, "impressum", FIRST)
    with pytest.raises(VersionError, match=r"stand.impressum returns to 2026-01-10"):
        history(root)


def test_a_shallow_clone_is_refused_with_the_command_that_fixes_it(
    repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = repo
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", root.as_uri(), str(shallow)], check=True)
    with pytest.raises(VersionError, match=r"shallow.*git fetch --unshallow"):
        history(shallow)


def test_a_copy_outside_git_has_no_versions_and_no_gate(tmp_path: Path) -> None:
    copy = copy_project(tmp_path / "copy")
    assert history(copy) == {}
    assert release_problems(copy) == []


def test_the_gate_passes_texts_that_kept_their_date(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    assert release_problems(root) == []


def test_the_gate_refuses_a_changed_text_with_an_unchanged_date(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    edit(root, IMPRESSUM, "Die Anschrift steht weiter oben.", "Die Anschrift steht ganz oben.")
    problems = release_problems(root)
    assert len(problems) == 1, problems
    assert problems[0].startswith("docs/facts.toml:")
    assert "stand.impressum" in problems[0] and "docs/impressum.md" in problems[0] and THIRD in problems[0]
    subprocess.run(["git", "-C", str(root), "commit", "-qam", "typo"], check=True)
    assert len(release_problems(root)) == 1, "a committed change without a new date is refused as well"
    set_date(root, "impressum", "2026-06-01")
    assert release_problems(root) == [], "the new date belongs to the new text"


def test_make_site_release_names_the_page_and_the_date(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    edit(root, IMPRESSUM, "Die Anschrift steht weiter oben.", "Die Anschrift steht ganz oben.")
    run = run_module("site", "--build-dir", str(root / "_build"), "--release", cwd=root)
    assert run.returncode == 1 and "Traceback" not in run.output, run.output
    assert "stand.impressum" in run.stderr and "docs/impressum.md" in run.stderr, run.stderr
    assert not (root / "_build" / "site").exists(), "a refused release publishes nothing"
