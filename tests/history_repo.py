"""A throw-away git repository of the project with a history of versions, for the versions tests.

Commits (each page's Stand date in docs/facts.toml, [stand]):

1. every page dated 2026-01-10;
2. a translation fix: the English of a sentence of the Impressum, no new date;
3. a text change of the Impressum (German and English), dated 2026-03-01, and a fact change (the
   ministry's fax number) with a new date of the Datenschutzerklärung, 2026-04-01;
4. another text change of the Impressum, dated 2026-05-01 (the current version), and the navigation's
   order changed (archived pages show today's).

Four commits, so the earlier versions come from two commits (2 and 3): two archive builds, the least
that still has a change view between two earlier versions. No notes: the gate's tests add them.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from legalpages.testkit import copy_project

FIRST, SECOND, THIRD = "2026-01-10", "2026-03-01", "2026-05-01"
PRIVACY_SECOND = "2026-04-01"
IMPRESSUM = Path("docs/impressum.md")
IMPRESSUM_PO = Path("locale/en/LC_MESSAGES/impressum.po")
FACTS = Path("docs/facts.toml")
NOTES = Path("docs/versions.toml")
INDEX = Path("docs/index.md")


def git(repo: Path, *arguments: str, when: int = 1780000000) -> str:
    env = os.environ | {
        "GIT_AUTHOR_NAME": "Writer",
        "GIT_AUTHOR_EMAIL": "writer@example.org",
        "GIT_COMMITTER_NAME": "Writer",
        "GIT_COMMITTER_EMAIL": "writer@example.org",
        "GIT_AUTHOR_DATE": f"@{when} +0000",
        "GIT_COMMITTER_DATE": f"@{when} +0000",
    }
    result = subprocess.run(["git", "-C", str(repo), *arguments], env=env, capture_output=True, text=True, check=True)
    return result.stdout


def edit(repo: Path, path: Path, old: str, new: str) -> None:
    text = (repo / path).read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    (repo / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def set_date(repo: Path, page: str, date: str) -> None:
    text = (repo / FACTS).read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^{re.escape(page)} = \d{{4}}-\d{{2}}-\d{{2}}$", f"{page} = {date}", text)
    (repo / FACTS).write_text(text, encoding="utf-8")


def commit(repo: Path, message: str, number: int) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=1780000000 + number * 86400)
    return git(repo, "rev-parse", "HEAD").strip()


def make_repo(target: Path) -> dict[str, str]:
    """The repository in target; returns the commits by name."""
    repo = copy_project(target)
    (repo / ".gitignore").write_text("_build/\n", encoding="utf-8")
    (repo / NOTES).write_text("", encoding="utf-8")  # no version declared yet
    git(repo, "init", "-q", "-b", "main")
    for page in ("impressum", "datenschutz", "barrierefreiheit", "kitchen-sink"):
        set_date(repo, page, FIRST)
    commits = {"first": commit(repo, "Every page dated 2026-01-10", 1)}
    edit(repo, IMPRESSUM_PO, "Address as above.", "Same address as above.")
    commits["translation"] = commit(repo, "Translation fix", 2)
    edit(repo, IMPRESSUM, "Anschrift wie oben.", "Die Anschrift steht oben.")
    edit(repo, IMPRESSUM_PO, 'vertreten. Anschrift wie "\n"oben."', 'vertreten. Die Anschrift "\n"steht oben."')
    edit(repo, IMPRESSUM_PO, "Same address as above.", "The address is given above.")
    set_date(repo, "impressum", SECOND)
    edit(repo, FACTS, 'fax = "+49 211 837-2200"', 'fax = "+49 211 837-2299"')
    set_date(repo, "datenschutz", PRIVACY_SECOND)
    commits["text"] = commit(repo, "Impressum: new wording; new fax number", 3)
    edit(repo, IMPRESSUM, "Die Anschrift steht oben.", "Die Anschrift steht weiter oben.")
    set_date(repo, "impressum", THIRD)
    edit(repo, INDEX, "datenschutz\nbarrierefreiheit\n", "barrierefreiheit\ndatenschutz\n")  # today's navigation
    commits["current"] = commit(repo, "Impressum: clearer", 4)
    return commits
