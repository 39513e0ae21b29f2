"""legalpages.source_checks before any build, without Sphinx: each check on a small input that
fails it and one that passes. The whole route through make site is tests/test_bad_input.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from legalpages.source_checks import (
    PAGE_NAME_RULE,
    check_encoding,
    check_fences,
    check_files,
    check_page,
    check_po_charset,
    check_symlinks,
)

PAGE = Path("docs/x.md")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"\xef\xbb\xbf# Titel\n", 1, "byte order mark"),
        (b"# Titel\n\nStra\xdfe\n", 3, "not valid UTF-8"),
        (b"# Titel\r\n\r\nText\r\n", 1, "CRLF"),
    ],
    ids=["bom", "latin-1", "crlf"],
)
def test_encoding_problems_name_their_line(data: bytes, line: int, message: str) -> None:
    (problem,) = check_encoding(PAGE, data)
    assert problem.line == line and message in problem.message


def test_utf8_with_lf_passes() -> None:
    assert check_encoding(PAGE, "# Straße\n\nText\n".encode()) == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# T\n\n```{note}\nText\n", 3, "``` opened here is never closed"),
        ("# T\n\n````{note}\nText\n```\n", 3, "```` opened here is never closed"),
        ("# T\n\n:::{note}\nText\n:::\n", 3, "::: fences are not used here"),
    ],
    ids=["unclosed", "closed-by-a-shorter-fence", "colon-fence"],
)
def test_fence_problems(text: str, line: int, message: str) -> None:
    problem = check_fences(PAGE, text)[0]  # a ::: block also reports its closing line
    assert problem.line == line and message in problem.message


def test_closed_fences_pass() -> None:
    assert check_fences(PAGE, "# T\n\n```{note}\nText\n```\n\n~~~~\ncode\n~~~~\n") == []


def test_a_page_of_only_labels_is_empty() -> None:
    (problem,) = check_page(PAGE, "(x-label)=\n\n")
    assert "the page is empty" in problem.message


@pytest.mark.parametrize(
    ("header", "ok"), [("charset=UTF-8", True), ("charset=utf_8", True), ("charset=ISO-8859-1", False)]
)
def test_catalogs_declare_utf8(header: str, ok: bool) -> None:
    text = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; {header}\\n"\n'
    assert (check_po_charset(Path("x.po"), text) == []) == ok


def project_with(tmp_path: Path, page_name: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "locale").mkdir()
    (tmp_path / "docs" / page_name).write_text("# Titel\n\nText.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", ["über-uns.md", "ueber uns.md", "Hinweise.md", "-x.md"])
def test_page_names_make_cannot_handle_are_refused(tmp_path: Path, name: str) -> None:
    (problem,) = check_files(project_with(tmp_path, name))
    assert problem == type(problem)(Path("docs") / name, 1, PAGE_NAME_RULE)


@pytest.mark.parametrize("name", ["impressum.md", "404.md", "kitchen-sink.md"])
def test_page_names_of_letters_digits_and_hyphens_pass(tmp_path: Path, name: str) -> None:
    assert check_files(project_with(tmp_path, name)) == []


def test_a_link_out_of_docs_is_refused_and_a_link_inside_passes(tmp_path: Path) -> None:
    project = project_with(tmp_path, "seite.md")
    (project / "docs" / "inside.md").symlink_to(project / "docs" / "seite.md")
    assert check_symlinks(project) == []
    (project / "docs" / "passwd.md").symlink_to("/etc/passwd")
    (problem,) = check_symlinks(project)
    assert problem.path == Path("docs/passwd.md") and "outside docs/" in problem.message
