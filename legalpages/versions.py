"""The versions of each legal page, read from the repository's history, and the release gate.

A version of a page is what was published with one of its "Stand" dates (docs/facts.toml, table
``[stand]``; before that table existed, one ``stand`` date for every page). Nobody copies old texts:
the version with date D is the page as it was in the *last* commit that still had D (so a later
translation fix of that text belongs to it). The newest date is the current page, built from the
working tree; every earlier one is built from its commit (legalpages/archive.py).

The history is read along the first parent (``git log --first-parent``), so a merged branch counts
as the merge. A shallow clone has no full history: every function here then raises VersionError
with the command that fetches it. A folder that is not its own git repository (a throw-away copy of
the project, a source tarball) has no earlier versions and no release gate.

Release gate: a version is *declared* by the writer's note for its page and date in
docs/versions.toml. The gate's baseline for a page's current version is the later (along the first
parent) of the first commit that carried the page's current Stand date and the commit that last added
or changed that date's note. ``make site RELEASE=1`` refuses, naming the page and the date, when the
current date has no note, or when the German text (docs/<page>.md) changed after the baseline while
the date did not. Uncommitted changes in the working tree count like a commit after HEAD: a changed
text is compared with the baseline (so it needs a new date and note), and a new date or a new or changed
note in the working tree is itself the baseline, declaring the text as it stands. Pages for the team
only (PROJECT.internal_pages) are never released and not gated.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from legalpages.project import PROJECT, ROOT

FACTS = "docs/facts.toml"
WORKING_TREE = ""  # the commit of the current version: the working tree, not a commit


class VersionError(Exception):
    """The history cannot be read as versions; str() says what to do."""


@dataclass(frozen=True)
class Version:
    page: str
    date: dt.date  # the page's Stand date
    first_commit: str  # the commit that gave the page this date (full hash); "" if not committed yet
    commit: str  # the last commit with this date: its text; "" (WORKING_TREE) for the current version
    until: dt.date | None  # the last day it was valid (the day before the next version); None: current

    @property
    def current(self) -> bool:
        return self.until is None

    @property
    def key(self) -> str:
        """The version's name in URLs and file names: its ISO date (stable once published)."""
        return self.date.isoformat()


def git(root: Path, *arguments: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise VersionError(f"git {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout


def own_repository(root: Path) -> bool:
    """Whether root is the top of a git repository (not a folder inside someone else's)."""
    result = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and Path(result.stdout.strip()).resolve() == root.resolve()


def check_full_history(root: Path) -> None:
    if git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise VersionError(
            "this clone is shallow, so the earlier versions of the legal pages are missing from its history; "
            "fetch the full history with `git fetch --unshallow` (in CI: a clone with full depth, "
            "GIT_DEPTH: 0 on GitLab, fetch-depth: 0 on GitHub)"
        )


def page_dates(text: str, pages: list[str]) -> dict[str, dt.date]:
    """{page: Stand date} of one facts.toml; {} if it cannot be read (a broken commit has no version)."""
    try:
        facts = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    stand = facts.get("stand")
    if isinstance(stand, dict):
        return {page: date for page, date in stand.items() if type(date) is dt.date and page in pages}
    if type(stand) is dt.date:  # one date for every page (before the legal review, issue 18)
        return dict.fromkeys(pages, stand)
    return {}


def current_pages(root: Path) -> list[str]:
    """The pages with a Stand date today: the legal pages whose versions count."""
    return sorted(page_dates((root / FACTS).read_text(encoding="utf-8"), list(stand_table(root))))


def stand_table(root: Path) -> dict[str, object]:
    try:
        stand = tomllib.loads((root / FACTS).read_text(encoding="utf-8")).get("stand", {})
    except tomllib.TOMLDecodeError:
        return {}  # facts.py reports it, with its line
    return stand if isinstance(stand, dict) else {}


def history(root: Path = ROOT) -> dict[str, list[Version]]:
    """Every page's versions, oldest first, the last one current; {} outside a repository of its own."""
    if not own_repository(root):
        return {}
    check_full_history(root)
    pages = current_pages(root)
    if not git(root, "rev-list", "-n", "1", "HEAD", "--").strip():
        return {}
    commits = git(root, "log", "--first-parent", "--reverse", "--format=%H", "--", FACTS).split()
    runs: dict[str, list[tuple[dt.date, str]]] = {page: [] for page in pages}  # (date, first commit)
    for commit, text in zip(commits, contents(root, [f"{commit}:{FACTS}" for commit in commits]), strict=True):
        for page, date in page_dates(text or "", pages).items():
            if not runs[page] or runs[page][-1][0] != date:
                runs[page].append((date, commit))
    today = page_dates((root / FACTS).read_text(encoding="utf-8"), pages)
    for page in pages:
        if today.get(page) and (not runs[page] or runs[page][-1][0] != today[page]):
            runs[page].append((today[page], WORKING_TREE))  # a new date, not committed yet
    # each version's last commit (the one before the next date's first, or HEAD) and whether the page
    # existed there, asked of git once for all versions (one process per question costs ~5 ms)
    followings = sorted({f"{first}^" if first else "HEAD" for page_runs in runs.values() for _, first in page_runs[1:]})
    last_of = dict(zip(followings, git(root, "rev-parse", *followings).split(), strict=True)) if followings else {}
    wanted = [(page, last_of[f"{first}^" if first else "HEAD"]) for page in pages for _, first in runs[page][1:]]
    exist = contents(root, [f"{last}:docs/{page}.md" for page, last in wanted], check=True)
    present = dict(zip(wanted, exist, strict=True))
    versions: dict[str, list[Version]] = {}
    for page in pages:
        page_runs = runs[page]
        seen: set[dt.date] = set()
        listed = []
        for index, (date, first) in enumerate(page_runs):
            if date in seen:
                raise VersionError(
                    f"{FACTS}: stand.{page} returns to {date} in commit {first[:12]}; each version needs a "
                    "date of its own, later than the one before"
                )
            seen.add(date)
            if index + 1 < len(page_runs):
                following_date, following = page_runs[index + 1]
                last = last_of[f"{following}^" if following else "HEAD"]
                until = max(date, following_date - dt.timedelta(days=1))
                if present[page, last] is not None:  # a date given before the page was written is none
                    listed.append(Version(page, date, first, last, until))
            else:
                listed.append(Version(page, date, first, WORKING_TREE, None))
        versions[page] = listed
    return versions


def contents(root: Path, objects: list[str], check: bool = False) -> list[str | None]:
    """The text of each `commit:path`, None where it does not exist, from one `git cat-file` process;
    check=True only asks whether each exists ("" for those that do)."""
    if not objects:
        return []
    mode = "--batch-check" if check else "--batch"
    result = subprocess.run(
        ["git", "-C", str(root), "cat-file", mode],
        input=("\n".join(objects) + "\n").encode(),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise VersionError(f"git cat-file {mode} failed: {result.stderr.decode(errors='replace').strip()}")
    out, position, found = result.stdout, 0, []
    for _ in objects:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if header[-1] == b"missing" or len(header) < 3:
            found.append(None)
            continue
        if check:
            found.append("")
            continue
        size = int(header[2])
        found.append(out[position : position + size].decode("utf-8", errors="replace"))
        position += size + 1
    return found


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


NOTES = "docs/versions.toml"


def note_of(text: str, page: str, date: dt.date) -> str | None:
    """The note for page and date in one docs/versions.toml; None if it has none (or cannot be read)."""
    try:
        note = tomllib.loads(text).get(page, {}).get(date.isoformat())
    except (tomllib.TOMLDecodeError, AttributeError):
        return None
    return note.strip() if isinstance(note, str) and note.strip() else None


def note_commit(root: Path, page: str, date: dt.date) -> str | None:
    """The commit (first parent) that last added or changed the note of page and date; WORKING_TREE if
    that is an uncommitted change; None if the working tree has no such note."""
    notes_path = root / NOTES
    now = note_of(notes_path.read_text(encoding="utf-8"), page, date) if notes_path.is_file() else None
    if now is None:
        return None
    last, before = None, None
    for commit in git(root, "log", "--first-parent", "--reverse", "--format=%H", "--", NOTES).split():
        try:
            note = note_of(git(root, "show", f"{commit}:{NOTES}"), page, date)
        except VersionError:
            note = None  # the file was deleted in this commit
        if note is not None and note != before:
            last = commit
        before = note
    return last if before == now else WORKING_TREE


def later(root: Path, first: str, second: str) -> str:
    """The later of two commits on the first-parent line of HEAD; WORKING_TREE is later than any."""
    if WORKING_TREE in (first, second):
        return WORKING_TREE
    order = git(root, "rev-list", "--first-parent", "HEAD").split()  # newest first
    return first if order.index(first) < order.index(second) else second


def release_problems(root: Path = ROOT) -> list[str]:
    """The release gate (see the module's docstring): one `file:LINE: …; fix` line per refused page."""
    from legalpages.facts import key_line

    problems = []
    facts_text = (root / FACTS).read_text(encoding="utf-8")
    for page, page_versions in history(root).items():
        if page in PROJECT.internal_pages:
            continue  # never released
        current = page_versions[-1]
        date = current.date.isoformat()
        line = key_line(facts_text, f"stand.{page}")
        fix = (
            f"give the page a new date in {FACTS} [stand] ({page} = YYYY-MM-DD) and a note for it in {NOTES} "
            f'([{page}] "YYYY-MM-DD" = "what changed and why")'
        )
        declared = note_commit(root, page, current.date)
        if declared is None:
            problems.append(
                f"{FACTS}:{line}: stand.{page}: the version of {date} has no note in {NOTES}; "
                f'add [{page}] "{date}" = "what changed and why" if this text is that version, otherwise {fix}'
            )
            continue
        baseline = later(root, current.first_commit, declared)
        if baseline == WORKING_TREE:
            continue  # the date or the note is new in the working tree: it declares the text as it stands
        source = f"docs/{page}.md"
        try:
            then = git(root, "show", f"{baseline}:{source}")
        except VersionError:
            then = ""  # the page did not exist yet
        now_path = root / source
        now = now_path.read_text(encoding="utf-8") if now_path.is_file() else ""
        if normalised(then) != normalised(now):
            problems.append(
                f"{FACTS}:{line}: stand.{page}: the German text of {source} changed after its version of {date} "
                f"was declared (commit {baseline[:12]}) while its date stayed {date}; {fix}"
            )
    return problems


def main() -> int:
    """`python -m legalpages.versions`: list every page's versions (for writers and reviewers)."""
    try:
        for page, page_versions in history().items():
            for version in page_versions:
                state = "current" if version.current else f"until {version.until}, commit {version.commit[:12]}"
                print(f"{page} {version.key}: {state}")
    except VersionError as error:
        print(f"versions: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
