"""Earlier versions in a real browser (the design of tests/test_browser.py, Debian's Chromium): a change
view and an archived page of the history repository's site (conftest.history_repo), in both languages
and colour schemes: axe finds nothing, the text reflows at 320 px, the keyboard leads from change to
change, and insertions and deletions are marked by line style, not by colour alone."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import LANGUAGES
from history_repo import FIRST, SECOND
from playwright.sync_api import Browser
from test_browser import (
    DESKTOP,
    PHONE,
    SCHEMES,
    WINDOW_HEIGHT,
    axe_in_both_schemes,
    horizontal_overflow,
    visit,
)

from legalpages.browser import serve

# both views are built by the same code for every page: one of each is enough
PAGES = (f"impressum-aenderungen-{SECOND}", f"impressum-fassung-{FIRST}")
# the whole history site is built first (e2e), one worker visits these pages
pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.xdist_group("history-site")]


@pytest.fixture(scope="module")
def history_url(history_repo: Path) -> Iterator[str]:
    with serve(history_repo / "_build" / "site") as url:
        yield url


@pytest.fixture(scope="module")
def findings(browser: Browser, history_url: str) -> Callable[[str, str], dict[tuple[str, str], list[str]]]:
    """axe's and the reflow's problems on a page, from one visit per page and language, as in
    test_browser.py: axe in both colour schemes, then the window is narrowed to 320 px for the reflow."""

    @functools.cache  # per page and language: the one visit serves every test of it
    def problems(name: str, language: str) -> dict[tuple[str, str], list[str]]:
        with visit(browser, f"{history_url}/{language}/{name}.html") as light:
            found = {("axe", scheme): problems for scheme, problems in axe_in_both_schemes(light.page)}
            light.page.set_viewport_size({"width": PHONE, "height": WINDOW_HEIGHT})
            found["reflow", "light"] = horizontal_overflow(light.page)
        return found

    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(findings: Callable, name: str, language: str, scheme: str) -> None:
    assert findings(name, language)["axe", scheme] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_reflows_at_320_px(findings: Callable, name: str, language: str) -> None:
    assert findings(name, language)["reflow", "light"] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_keyboard_leads_from_change_to_change(browser: Browser, history_url: str, language: str) -> None:
    # reduced motion: the jump is instant (legalpages.css), so "in view" is not a race with smooth scrolling
    url = f"{history_url}/{language}/{PAGES[0]}.html"
    with visit(browser, url, width=DESKTOP, reduced_motion="reduce") as seen:
        page = seen.page
        count = page.locator(".changes .change").count()
        assert count > 1
        in_view = """n => { const box = document.getElementById(`change-${n}`).getBoundingClientRect();
                              return box.top >= 0 && box.bottom <= innerHeight; }"""
        page.locator("a[href='#change-1']").first.focus()
        page.keyboard.press("Enter")
        for number in range(1, count + 1):
            assert page.evaluate("location.hash") == f"#change-{number}"
            page.wait_for_function(in_view, arg=number, timeout=5000)  # scrolled into view
            if number < count:
                page.keyboard.press("Tab")  # the next Tab stop after a change is its link to the next one
                focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
                assert focused == ["next-change", f"#change-{number + 1}"], number
                page.keyboard.press("Enter")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_changes_are_marked_not_by_colour_alone(browser: Browser, history_url: str, scheme: str) -> None:
    with visit(browser, f"{history_url}/de/{PAGES[0]}.html", scheme) as seen:
        styles = seen.page.evaluate(
            """() => ["ins", "del"].map(tag => [...document.querySelectorAll(`.changes ${tag}`)].map(el => [
                 getComputedStyle(el).textDecorationLine,
                 [...el.querySelectorAll(".visually-hidden")].map(span => span.textContent.trim())]))"""
        )
    inserted, deleted = styles
    assert inserted and deleted
    assert all(line == "underline" and len(words) == 2 for line, words in inserted), inserted
    assert all(line == "line-through" and len(words) == 2 for line, words in deleted), deleted
    assert all(words[0].startswith("Einfügung Anfang") for _, words in inserted)
    assert all(words[0].startswith("Löschung Anfang") for _, words in deleted)
