"""The versions of each legal page from the git history, and the release gate (legalpages/versions.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tomllib
from pathlib import Path

import pytest
from conftest import run_module
from history_repo import FIRST, IMPRESSUM, PRIVACY_SECOND, SECOND, THIRD, edit, git, make_repo, set_date

from legalpages.project import PROJECT, ROOT
from legalpages.testkit import copy_project
from legalpages.versions import NOTES, VersionError, history, release_problems


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("template") / "repo"
    return root, make_repo(root)


@pytest.fixture
def repo(template: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A clone of the history repository for each test (the tests change it): same commits, quicker than a copy."""
    root, commits = template
    subprocess.run(["git", "clone", "-q", str(root), str(tmp_path / "repo")], check=True)
    return tmp_path / "repo", commits


def test_each_stand_date_is_a_version_and_its_last_commit_is_its_text(repo: tuple[Path, dict[str, str]]) -> None:
    root, commits = repo
    versions = history(root)
    impressum = versions["impressum"]
    assert [v.key for v in impressum] == [FIRST, SECOND, THIRD]
    # the translation fix (commit 2) belongs to the first version: its last commit with that date
    assert impressum[0].commit == commits["translation"] and impressum[0].first_commit == commits["first"]
    assert impressum[1].commit == commits["text"] and impressum[1].first_commit == commits["text"]
    assert impressum[2].current and impressum[2].commit == "" and impressum[2].first_commit == commits["current"]
    assert impressum[0].until == dt.date(2026, 2, 28) and impressum[1].until == dt.date(2026, 4, 30)
    assert [v.key for v in versions["datenschutz"]] == [FIRST, PRIVACY_SECOND]
    assert versions["datenschutz"][0].commit == commits["translation"]
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


def declare(root: Path, notes: dict[str, str], message: str = "") -> None:
    """Write the notes that declare each page's version ({page: date}); commit them if a message is given."""
    text = "".join(f'[{page}]\n"{date}" = "Neue Fassung."\n' for page, date in notes.items())
    (root / NOTES).write_text(text, encoding="utf-8")
    if message:
        git(root, "commit", "-qam", message)


# every released page's current date: the history's three, and any other page's own (Leichte Sprache);
# kitchen-sink is for the team only, never released, not gated
STAND = tomllib.loads((ROOT / "docs" / "facts.toml").read_text(encoding="utf-8"))["stand"]
CURRENT = {page: day.isoformat() for page, day in STAND.items() if page not in PROJECT.internal_pages} | {
    "impressum": THIRD,
    "datenschutz": PRIVACY_SECOND,
    "barrierefreiheit": FIRST,
}


def test_the_gate_refuses_a_date_without_a_note(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    problems = release_problems(root)
    assert [p.split(": ")[1] for p in problems] == [f"stand.{page}" for page in sorted(CURRENT)], problems
    assert all(f"has no note in {NOTES}" in p and p.startswith("docs/facts.toml:") for p in problems)
    assert f'[impressum] "{THIRD}"' in next(p for p in problems if "stand.impressum" in p)


def test_the_gate_passes_right_after_the_note_even_if_the_text_changed_under_the_date(
    repo: tuple[Path, dict[str, str]],
) -> None:
    root, _ = repo
    # corrected after the date was first set, before anything was published: the note declares it
    edit(root, IMPRESSUM, "Die Anschrift steht weiter oben.", "Die Anschrift steht ganz oben.")
    git(root, "commit", "-qam", "correction")
    declare(root, CURRENT, "Notes")
    assert release_problems(root) == []


def test_the_gate_refuses_a_text_changed_after_its_note(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    declare(root, CURRENT, "Notes")
    edit(root, IMPRESSUM, "Die Anschrift steht weiter oben.", "Die Anschrift steht ganz oben.")
    problems = release_problems(root)
    assert len(problems) == 1, "an uncommitted change is compared with the declared text"
    assert problems[0].startswith("docs/facts.toml:") and "stand.impressum" in problems[0]
    assert "docs/impressum.md" in problems[0] and THIRD in problems[0] and NOTES in problems[0]
    git(root, "commit", "-qam", "typo")
    assert len(release_problems(root)) == 1, "a committed change without a new date is refused as well"
    set_date(root, "impressum", "2026-06-01")
    assert len(release_problems(root)) == 1 and "has no note" in release_problems(root)[0], "a new date needs a note"
    declare(root, CURRENT | {"impressum": "2026-06-01"})
    assert release_problems(root) == [], "an uncommitted new date and its note declare the working tree's text"


def test_an_uncommitted_note_declares_the_text_as_it_stands(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    declare(root, CURRENT, "Notes")
    edit(root, IMPRESSUM, "Die Anschrift steht weiter oben.", "Die Anschrift steht ganz oben.")
    (root / NOTES).write_text((root / NOTES).read_text().replace("Neue Fassung.", "Korrigiert.", 1))
    assert release_problems(root) == [], "a changed note is a new declaration"


@pytest.mark.e2e
def test_make_site_release_names_the_page_and_the_date(repo: tuple[Path, dict[str, str]]) -> None:
    root, _ = repo
    declare(root, CURRENT, "Notes")
    edit(root, IMPRESSUM, "Die Anschrift steht weiter oben.", "Die Anschrift steht ganz oben.")
    run = run_module("site", "--build-dir", str(root / "_build"), "--release", cwd=root)
    assert run.returncode == 1 and "Traceback" not in run.output, run.output
    assert "stand.impressum" in run.stderr and "docs/impressum.md" in run.stderr and THIRD in run.stderr, run.stderr
    assert not (root / "_build" / "site").exists(), "a refused release publishes nothing"
