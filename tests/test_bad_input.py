"""Every row of README's "What errors mean" table: a clear file:line message, a non-zero exit, and
the published site left byte-for-byte as it was.

Where the row is caught decides how it is tested. Rows the checks before Sphinx catch (encoding,
fences, catalogs) and one row of each later stage run the whole `make site` command on a copy of the
project. The rows that Sphinx catches run the same Sphinx command line in process (SphinxRun, German
only): any Sphinx warning fails the build (-W), and the "unknown role" row proves, through the whole
command, that such a failure keeps the published site. The translator-check rows likewise run the check
that `make site` runs, with the "javascript link" row through the whole command.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_module
from sphinx.cmd.build import build_main

from legalpages.po_check import check_file
from legalpages.sphinx_run import SphinxRun


def new_page_with_catalog(project: Path, name: str) -> None:
    """A page and its (empty) English catalog, as `make new-page` writes them, but no toctree entry."""
    (project / "docs" / f"{name}.md").write_text("# Extra\n\nText.\n", encoding="utf-8")
    catalog = project / "locale" / "en" / "LC_MESSAGES"
    header = (catalog / "index.po").read_text(encoding="utf-8").split("\n\n")[0]
    (catalog / f"{name}.po").write_text(header + "\n", encoding="utf-8")


def append(relative: str, text: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return mutate


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write_bytes(relative: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / relative
        path.write_bytes(change(path.read_bytes()))

    return mutate


def translate(msgid_start: str, msgstr: str) -> Callable[[Path], None]:
    """Replace the English msgstr of the impressum entry whose msgid starts with msgid_start."""

    def mutate(project: Path) -> None:
        path = project / "locale/en/LC_MESSAGES/impressum.po"
        lines = path.read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(f'msgid "{msgid_start}'))
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr"))
        stop = next((i for i in range(end + 1, len(lines)) if not lines[i].startswith('"')), len(lines))
        lines[end:stop] = [f"msgstr {msgstr}"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


def line_count(project: Path, relative: str) -> int:
    return len((project / relative).read_text(encoding="utf-8").splitlines())


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None]
    location: str  # regex for "path:line" in the message; "path:+N" means N lines after the file's old end
    words: str
    caught_by: str = "make site"  # or "sphinx" or "translator checks": which stage the in-process run starts

    def expected_location(self, lines_before: int) -> str:
        if ":+" not in self.location:
            return self.location
        path, offset = self.location.split(":+")
        return f"{path}:{lines_before + int(offset)}"


IMPRESSUM = "docs/impressum.md"
PO = "locale/en/LC_MESSAGES/impressum.po"
PO_LINE = PO + r":\d+"  # the entry's line in the catalog

CASES = [
    Case("unclosed directive", append(IMPRESSUM, "\n```{note}\nOffen\n"), f"{IMPRESSUM}:+2", "never closed"),
    Case("colon fence", append(IMPRESSUM, "\n:::{note}\nOffen\n:::\n"), f"{IMPRESSUM}:+2", "::: fences"),
    Case("unclosed code fence", append(IMPRESSUM, "\n```\nCode\n"), f"{IMPRESSUM}:+2", "never closed"),
    Case(
        "unknown directive",
        append(IMPRESSUM, "\n```{gibtsnicht}\nx\n```\n"),
        f"{IMPRESSUM}:+2",
        "gibtsnicht",
        caught_by="sphinx",
    ),
    Case("unknown role", append(IMPRESSUM, "\nText {gibtsnicht}`x`.\n"), f"{IMPRESSUM}:+2", "gibtsnicht"),
    Case(
        "missing label",
        append(IMPRESSUM, "\nSiehe [dort](#kein-solches-label).\n"),
        f"{IMPRESSUM}:+2",
        "kein-solches-label",
        caught_by="sphinx",
    ),
    Case(
        "duplicate label",
        append(IMPRESSUM, "\n(impressum-haftung)=\n## Doppelt\n\nText.\n"),
        f"{IMPRESSUM}:+2",
        "impressum-haftung",
        caught_by="sphinx",
    ),
    Case(
        "heading level skipped",
        append(IMPRESSUM, "\n#### Zu tief\n\nText.\n"),
        f"{IMPRESSUM}:+2",
        "H2 to H4",
        caught_by="sphinx",
    ),
    Case(
        "unknown fact",
        append(IMPRESSUM, "\nTelefon: {fact}`ministry.handy`\n"),
        f"{IMPRESSUM}:+2",
        "ministry.handy",
        caught_by="sphinx",
    ),
    Case(
        "missing image", append(IMPRESSUM, "\n![Logo](logo.png)\n"), f"{IMPRESSUM}:+2", "logo.png", caught_by="sphinx"
    ),
    Case(
        "raw HTML in a page", append(IMPRESSUM, "\n<div>Roh</div>\n"), f"{IMPRESSUM}:+2", "raw HTML", caught_by="sphinx"
    ),
    Case(
        "raw directive in a page",
        append(IMPRESSUM, "\n```{raw} html\n<b>x</b>\n```\n"),
        f"{IMPRESSUM}:+2",
        "directive {raw} is not allowed",
        caught_by="sphinx",
    ),
    Case(
        "page not in any toctree",
        lambda project: new_page_with_catalog(project, "extra"),
        "docs/extra.md",
        "toctree",
        caught_by="sphinx",
    ),
    Case(
        "page without a catalog",
        lambda project: (project / "docs/extra.md").write_text("# Extra\n\nText.\n", encoding="utf-8"),
        "locale/en/LC_MESSAGES/extra.po:1",
        "missing catalog: docs/extra.md has no en translation; run `make update-po`",
    ),
    Case(
        "empty page",
        lambda project: (project / "docs/barrierefreiheit.md").write_text("\n", encoding="utf-8"),
        "docs/barrierefreiheit.md:1",
        "empty",
    ),
    Case(
        "Windows line endings",
        write_bytes(IMPRESSUM, lambda data: data.replace(b"\n", b"\r\n")),
        f"{IMPRESSUM}:1",
        "CRLF",
    ),
    Case("byte order mark", write_bytes(IMPRESSUM, lambda data: b"\xef\xbb\xbf" + data), f"{IMPRESSUM}:1", "BOM"),
    Case("catalog syntax error", replace(PO, 'msgstr "Publisher"', 'msgstr "Publisher'), PO_LINE, "within string"),
    Case(
        "catalog not UTF-8",
        write_bytes(PO, lambda data: data.replace(b"Publisher", b"Publ\xefsher", 1)),
        PO_LINE,
        "UTF-8",
    ),
    Case("catalog declares another charset", replace(PO, "charset=UTF-8", "charset=ISO-8859-1"), PO_LINE, "charset"),
    Case(
        "script in a translation",
        translate("Herausgeber", '"<script>alert(1)</script>"'),
        PO_LINE,
        "HTML",
        caught_by="translator checks",
    ),
    Case(
        "img onerror in a translation",
        translate("Herausgeber", '"<img src=x onerror=alert(1)>"'),
        PO_LINE,
        "HTML",
        caught_by="translator checks",
    ),
    Case(
        "javascript link in a translation",
        translate("Herausgeber", '"[Publisher](javascript:alert(1))"'),
        PO_LINE,
        "javascript",
    ),
]


WHOLE_COMMAND = [case for case in CASES if case.caught_by == "make site"]
IN_PROCESS = [case for case in CASES if case.caught_by != "make site"]


def assert_clear(output: str, case: Case, lines_before: int) -> None:
    assert re.search(case.expected_location(lines_before), output), output
    assert case.words.lower() in output.lower(), output
    assert "Traceback" not in output, output


def lines_before(case: Case, project: Path) -> int:
    relative = case.location.split(":")[0].replace("\\", "")
    return line_count(project, relative) if (project / relative).exists() else 0


@pytest.mark.parametrize("case", WHOLE_COMMAND, ids=[case.name for case in WHOLE_COMMAND])
def test_bad_input_fails_clearly_and_keeps_the_published_site(case: Case, project: Path, site: Path) -> None:
    build_dir = project / "_build"
    shutil.copytree(site, build_dir / "site")
    before = {path: path.read_bytes() for path in (build_dir / "site").rglob("*") if path.is_file()}
    old_lines = lines_before(case, project)

    case.mutate(project)
    run = run_module("site", "--build-dir", str(build_dir), cwd=project)

    assert run.returncode != 0, run.output
    assert_clear(run.output, case, old_lines)
    after = {path: path.read_bytes() for path in (build_dir / "site").rglob("*") if path.is_file()}
    assert after == before


@pytest.mark.parametrize("case", IN_PROCESS, ids=[case.name for case in IN_PROCESS])
def test_bad_input_fails_the_stage_that_catches_it_clearly(
    case: Case, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_lines = lines_before(case, project)
    case.mutate(project)
    if case.caught_by == "sphinx":
        run = SphinxRun("html", project / "_build" / "html", project / "_build" / "doctrees", root=project)
        status = build_main(run.arguments())
        captured = capsys.readouterr()
        output = captured.out + captured.err
    else:
        problems = check_file(project / PO, glossary=[], spell=False)  # as make site checks each catalog
        status, output = len(problems), "\n".join(str(problem).replace(str(project) + "/", "") for problem in problems)
    assert status != 0, output
    assert_clear(output, case, old_lines)
