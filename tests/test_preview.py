"""The live preview: serves the site, rebuilds a page after an edit, works under the CSP."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES

from legalpages.extensions.hyphenation import SOFT_HYPHEN

# Each test starts the preview command and edits a page: end to end.
pytestmark = pytest.mark.e2e

WAIT_SECONDS = 120  # an upper bound for a loaded CI machine, not a speed assertion


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the error page of a failed build (500) has a body too
        return error.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # also a page Sphinx rewrites while it is sent
        return None


def wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = fetch(url)
        if body and text in body.replace(SOFT_HYPHEN, ""):  # long words carry soft hyphens
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {WAIT_SECONDS} s")


@contextmanager
def running_preview(project: Path, language: str) -> Iterator[str]:
    port = free_port()
    with open(project / "preview.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "legalpages.preview", "--language", language, "--port", str(port)],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture(params=LANGUAGES)
def preview(request: pytest.FixtureRequest, project: Path) -> Iterator[tuple[str, Path, str]]:
    with running_preview(project, request.param) as url:
        yield url, project, request.param


def test_preview_rebuilds_the_edited_page(preview: tuple[str, Path, str]) -> None:
    url, project, language = preview
    page = wait_for(f"{url}/impressum.html", "</html>")
    document = BeautifulSoup(page, "lxml")
    assert document.html["lang"] == language
    # live reload through a script file: the pages' CSP forbids inline scripts
    assert [script.get("src") for script in document.select("script") if not script.get("src")] == []
    assert document.select_one('script[src="/_preview/reload.js"]')
    assert "WebSocket" in (fetch(f"{url}/_preview/reload.js") or "")
    if language == "de":
        source, old, new = project / "docs" / "impressum.md", "Gebietskörperschaft", "Vorschaukörperschaft"
    else:
        source, old, new = project / "locale/en/LC_MESSAGES/impressum.po", "territorial authority", "preview authority"
    source.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    wait_for(f"{url}/impressum.html", new)
    # what the writer reads in the terminal: our lines, not every library's INFO log
    lines = wait_for_lines(project / "preview.log", "preview: rebuilt", 2)
    assert [line for line in lines if " INFO " in line] == []


def wait_for_lines(log: Path, start: str, count: int) -> list[str]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8").splitlines()
        if sum(line.startswith(start) for line in lines) >= count:
            return lines
        time.sleep(0.3)
    raise AssertionError(f"{log} did not say {start!r} {count} times within {WAIT_SECONDS} s")


def test_preview_shows_an_error_until_it_is_fixed(project: Path) -> None:
    """The browser shows the file:line message instead of the page, also after the next rebuild
    (Sphinx alone would reuse the page it read and stay silent), until the page is fixed."""
    page = project / "docs" / "impressum.md"
    text = page.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    with running_preview(project, "de") as url:
        wait_for(f"{url}/impressum.html", "</html>")
        page.write_text(text + "\n<script>alert(1)</script>\n", encoding="utf-8")
        error = f"docs/impressum.md:{line}: ERROR: raw HTML is not allowed"
        shown = wait_for(f"{url}/impressum.html", error)
        assert "<script>alert(1)</script>" not in shown  # escaped, never the page's HTML
        wait_for_lines(project / "preview.log", "preview: rebuilt", 2)
        other = project / "docs" / "datenschutz.md"
        other.write_text(other.read_text(encoding="utf-8") + "\nNoch ein Absatz.\n", encoding="utf-8")
        wait_for_lines(project / "preview.log", "preview: rebuilt", 3)
        assert error in (fetch(f"{url}/index.html") or ""), "the error was forgotten by the next rebuild"
        page.write_text(text, encoding="utf-8")
        wait_for(f"{url}/impressum.html", "Gebietskörperschaft")
