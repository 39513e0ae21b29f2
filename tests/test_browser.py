"""Readers' quality in a real browser: Debian's Chromium, driven by Playwright, on the built site.

Every page in both languages and both colour schemes: axe-core (WCAG 2.0/2.1 A and AA) finds
nothing, no request leaves 127.0.0.1, the text reflows at 320 px and zooms to 200 %, the keyboard
reaches everything with a visible focus, the language switcher keeps the section, print hides the
navigation, and the Nu Html Checker finds no errors. Each check also runs once on a deliberately
broken copy of the site, to prove that it can fail.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import time
import urllib.request
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from conftest import LANGUAGES, PAGES, ROOT, soup
from playwright.sync_api import Browser, CDPSession, Page, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from legalpages import facts, spelling
from legalpages.browser import is_local, serve
from legalpages.extensions import hyphenation
from legalpages.project import PROJECT

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Must be reachable by Tab and visibly focused. The PDF helper puts the class on the link's paragraph.
FOCUS_TARGETS = "nav.language-switcher a, a.pdf-download, .pdf-download a"
TABS_PER_READ = 8  # the keyboard check reads the focus it recorded after this many presses of Tab
DESKTOP, TABLET, PHONE = 1280, 768, 320  # 320 CSS px: WCAG 1.4.10 reflow
WINDOW_HEIGHT = 800
VNU_JAR = ROOT / "tests" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def on_one_worker(*values: object) -> pytest.ParameterSet:
    """A test case whose page is visited by the same xdist worker as every other case of that page
    (pyproject: --dist loadgroup), so the worker's one visit serves them all (findings below)."""
    language, name = values[:2]
    return pytest.param(*values, marks=pytest.mark.xdist_group(f"{language}/{name}"))


@pytest.mark.xdist_group("this-test")
def test_pytest_xdist_keeps_a_group_on_one_worker(request: pytest.FixtureRequest) -> None:
    """--dist loadgroup marks each grouped test's id with its group; when it stops doing so (pytest 9.2 with
    pytest-xdist 3.8: pytest-dev/pytest-xdist#1386), every worker visits every page, and only the clock shows."""
    if getattr(request.config.option, "loadgroup", False):  # set in xdist's workers: make test, make test-fast
        assert request.node.nodeid.endswith("@this-test"), "loadgroup does not group: install the pinned pytest"


# Leichte Sprache (docs/leichte-sprache.md): German only, with a visible label, and no word broken at a
# line end but at its written hyphens (BITV 2.0 Anlage 2 Teil 2), so no soft hyphens either.
EASY_LANGUAGE_PAGES = PROJECT.source_only_pages
EASY_LANGUAGE_LABEL = PROJECT.languages[PROJECT.source_language].texts["easy_language_label"]


def pages_of(language: str) -> tuple[str, ...]:
    """The pages a language has: every page, and in the source language also the pages only it has."""
    return PAGES + (EASY_LANGUAGE_PAGES if language == PROJECT.source_language else ())


# Colour and focus depend on the scheme (axe, keyboard); layout and requests do not: once per page.
CASES = [
    on_one_worker(language, page, scheme) for language in LANGUAGES for page in pages_of(language) for scheme in SCHEMES
]
PAGE_CASES = [on_one_worker(language, page) for language in LANGUAGES for page in pages_of(language)]
# a page in one language only has no language switcher
SWITCHER_CASES = [on_one_worker(language, page) for language in LANGUAGES for page in PAGES]
EASY_LANGUAGE_CASES = [on_one_worker(PROJECT.source_language, page) for page in EASY_LANGUAGE_PAGES]
# Hidden when printing: everything that only helps on screen.
SCREEN_ONLY = [
    ".skip-to-content",
    ".sidebar-drawer",
    ".toc-drawer",
    "nav.language-switcher",
    ".mobile-header",
    ".theme-toggle-container",
    ".back-to-top",
]

# Shared by the checks below: a short, readable name for an element in failure messages, and the focus.
DESCRIBE_JS = """
window.__describe = (el) => {
  if (!el || el === document.body) return "<body>";
  const classes = el.classList.length ? "." + Array.from(el.classList).join(".") : "";
  const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}> "${text}"`;
};
// The focused element as the keyboard checks see it.
window.__focusState = (targets) => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    name: __describe(el),
    skip: el.matches("a.skip-to-content"),
    target: Array.from(document.querySelectorAll(targets)).indexOf(el),
    in_main: !!el.closest("#furo-main-content"),
    visible_focus: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                   || style.boxShadow !== "none",
  };
};
"""


# Every word on the page that is split across two lines, found with DOM ranges (a word on one line has one
# box; the others are read character by character): a break is right only after one of `allowed`: a soft
# hyphen (shown as a hyphen) or a real hyphen; on a page in Leichte Sprache only after a real one
# (EASY_LANGUAGE_BREAKS).
WORD_BREAKS_JS = """
(allowed) => {
  allowed = allowed || ["\\u00ad", "-"];  // Playwright passes null, not undefined, for no argument
  const problems = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style, svg, title") || !element.getClientRects().length) continue;
    for (const word of node.data.matchAll(/[\\p{L}\\p{N}\\u00ad-]{2,}/gu)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length < 2) continue;  // on one line: most words, read at once
      let previous = null;
      for (let i = word.index; i < word.index + word[0].length; i++) {
        if (node.data[i] === "\\u00ad") continue;  // zero width, or the shown hyphen at a line end
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        const box = rects[rects.length - 1];  // after a soft hyphen at a line end: [shown hyphen, letter]
        if (!box || box.width === 0) continue;
        const nextLine = previous && box.top >= previous.bottom - previous.height / 2;
        if (nextLine && !allowed.includes(node.data[i - 1])) {
          const plain = word[0].replaceAll("\\u00ad", "");
          const split = (node.data.slice(word.index, i) + "|" + node.data.slice(i, word.index + word[0].length));
          problems.push(`${__describe(element)}: "${plain}" broken as "${split.replaceAll("\\u00ad", "")}"`);
        }
        previous = box;
      }
    }
  }
  return problems;
}
"""
WIDTHS = (PHONE, TABLET, DESKTOP)
EASY_LANGUAGE_BREAKS = ["-"]
# Leichte Sprache: "at every width", measured by resizing one visit's window from 320 to 1280 px. A word
# breaks inside when it is wider than its line, so at the narrowest width of each of the theme's layouts;
# 32 px steps reach each of them (a resize and relayout take about 75 ms).
EVERY_WIDTH = range(PHONE, DESKTOP + 1, 32)

# The label that tells a reader the page is in Leichte Sprache: there, visible, in words and in German.
LABEL_JS = """
(expected) => {
  const label = document.querySelector("article .easy-language-label, .easy-language-label");
  if (!label) return ["no element .easy-language-label on the page"];
  const problems = [];
  const style = getComputedStyle(label);
  const box = label.getBoundingClientRect();
  if (!label.getClientRects().length || style.visibility !== "visible" || Number(style.opacity) < 1
      || box.width < 20 || box.height < 8 || box.right > innerWidth + 1 || box.left < 0)
    problems.push(`the label is not visible: ${__describe(label)} at ${JSON.stringify(box)}`);
  const heading = document.querySelector("article h1");
  if (heading && box.top > heading.getBoundingClientRect().bottom)
    problems.push("the label is below the page heading, not at the top");
  if (label.innerText.trim() !== expected) problems.push(`the label reads "${label.innerText.trim()}"`);
  if (label.closest("[lang]").lang !== "de") problems.push(`the label is not marked German`);
  return problems;
}
"""


@dataclass
class Tab:
    """A pytest worker's one browser tab, which every visit loads its page into (visit)."""

    page: Page
    devtools: CDPSession  # for what Playwright has no call for: storage, cache and font sizes


@dataclass
class Visit:
    tab: Tab  # the worker's (worker_tab)
    scheme: str
    requests: list[str] = field(default_factory=list)
    open_requests: set[Request] = field(default_factory=set)  # neither finished nor failed yet
    last_request_event: float = field(default_factory=time.monotonic)

    def record(self, request: Request, started: bool) -> None:
        if started:
            self.requests.append(request.url)
            self.open_requests.add(request)
        else:
            self.open_requests.discard(request)
        self.last_request_event = time.monotonic()

    @property
    def page(self) -> Page:
        return self.tab.page

    def open_requests_after_quiet(self, quiet: float = 0.5, timeout: float = 60) -> list[str]:
        """Waits until no request has been open for `quiet` seconds, as Playwright's "networkidle"
        does, but from the visit's own record of the context's requests: that event sometimes never
        comes (microsoft/playwright#19835; here it once kept a page waiting for 120 s). The requests
        still open after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        self.page.evaluate("0")  # delivers the events the browser sent until now
        while self.open_requests or time.monotonic() - self.last_request_event < quiet:
            if time.monotonic() > deadline:
                return [f"still open after {timeout:.0f} s: {request.url}" for request in self.open_requests]
            self.page.wait_for_timeout(50)  # Playwright delivers events while it waits
        return []


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


# Chromium's default font sizes (its settings webkit.webprefs.default_font_size and default_fixed_font_size)
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}


@functools.cache  # per browser, that is per pytest worker
def worker_tab(browser: Browser) -> Tab:
    page = browser.new_context().new_page()
    return Tab(page, page.context.new_cdp_session(page))


@contextmanager
def visit(
    browser: Browser, url: str, scheme: str = "light", width: int = DESKTOP, reduced_motion: str = "no-preference"
) -> Iterator[Visit]:
    """Open a URL as a fresh browser context would, recording every request the page makes.

    The page loads in the worker's one tab (worker_tab), set up as a fresh context is: no storage for
    the URL's origin, an empty HTTP cache, the browser's default font sizes, a new history, and the
    window, colour scheme and motion asked for. A fresh context per visit cost 0.5 s of CPU for its renderer process;
    a load in the tab costs half that.
    """
    tab = worker_tab(browser)
    result = Visit(tab, scheme)
    # the whole context: also workers and any window the page opens
    listeners = {
        "request": lambda request: result.record(request, started=True),
        "requestfinished": lambda request: result.record(request, started=False),
        "requestfailed": lambda request: result.record(request, started=False),
    }
    for event, listener in listeners.items():
        tab.page.context.on(event, listener)
    try:
        load(tab, url, scheme, width, reduced_motion)
        yield result
    finally:
        for event, listener in listeners.items():
            tab.page.context.remove_listener(event, listener)
        tab.page.goto("about:blank")  # nothing of this page runs on into the next visit


def load(tab: Tab, url: str, scheme: str, width: int, reduced_motion: str = "no-preference") -> None:
    parts = urlsplit(url)
    tab.devtools.send(
        "Storage.clearDataForOrigin", {"origin": f"{parts.scheme}://{parts.netloc}", "storageTypes": "all"}
    )
    tab.devtools.send("Network.clearBrowserCache")
    tab.devtools.send("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
    tab.devtools.send("Page.resetNavigationHistory")
    tab.page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
    tab.page.emulate_media(media="null", color_scheme=scheme, reduced_motion=reduced_motion)
    tab.page.goto(url, wait_until="load")
    tab.page.evaluate(DESCRIBE_JS)


def checks_of_visit(name: str, scheme: str) -> tuple[tuple[str, int], ...]:
    """What a page checks in a colour scheme, each at its window width, in this order.

    The light page opens at the desktop width and runs the read-only checks, then the window is made
    narrower for the phone's and the tablet's (a resize lays the page out again as a load at that width
    does). Back at the desktop width: the keyboard (it moves the focus and the #hash), the requests (all
    the page made until then), and the text zoom (it reloads the page). A page in Leichte Sprache also
    checks its label, and its line ends at every width up to the desktop's.

    Only axe's colour rules and the keyboard's focus indicator depend on the scheme. The light page's axe
    check also runs the colour rules in the dark scheme, switched in the same page (axe_in_both_schemes):
    loading axe again took 0.3 s of CPU per page. The dark page, the page loaded anew in the dark scheme,
    checks the keyboard and last switches the language, with reduced motion (the section is then reached at once,
    not after furo's smooth scrolling).
    """
    easy = name in EASY_LANGUAGE_PAGES
    if name == "search":  # Sphinx's page: only where its words break
        return tuple(("word breaks", width) for width in WIDTHS) if scheme == "light" else ()
    if scheme != "light":
        switcher = () if easy else (("switcher", DESKTOP),)
        return (("keyboard", DESKTOP), *switcher)
    label = ("label",) if easy else ()
    wide = tuple((check, DESKTOP) for check in ("axe", "word breaks", *label, "print"))
    narrow = tuple((check, PHONE) for check in ("reflow", "word breaks", *label))
    every_width = (("word breaks at every width", PHONE),) if easy else ()
    last = tuple((check, DESKTOP) for check in ("keyboard", "requests", "text zoom"))
    return (*wide, *narrow, ("word breaks", TABLET), *every_width, *last)


def run_check(check: str, seen: Visit, site: Path, base_url: str, language: str, name: str) -> list[str]:
    page = seen.page
    if check == "requests":
        still_open = seen.open_requests_after_quiet()
        return still_open + third_party_requests(seen.requests) if seen.requests else ["no request was recorded at all"]
    if check == "word breaks":
        return page.evaluate(WORD_BREAKS_JS, *([EASY_LANGUAGE_BREAKS] if name in EASY_LANGUAGE_PAGES else []))
    if check == "word breaks at every width":
        return word_breaks_at_every_width(page)
    if check == "label":
        return page.evaluate(LABEL_JS, EASY_LANGUAGE_LABEL)
    if check == "reflow":
        return horizontal_overflow(page)
    if check == "print":
        problems = print_problems(page)
        page.emulate_media(media="screen")
        return problems
    if check == "keyboard":
        has_pdf = "pdf-download" in (site / language / f"{name}.html").read_text(encoding="utf-8")
        missing_pdf = has_pdf and page.locator(".pdf-download a, a.pdf-download").count() == 0
        return ["the PDF download link is missing"] * missing_pdf + keyboard_problems(page)
    if check == "text zoom":
        return text_zoom_problems(seen.tab)
    if check == "switcher":
        return switcher_problems(page, base_url, language, name)
    raise ValueError(check)


@pytest.fixture(scope="session")
def findings(browser: Browser, site: Path, base_url: str) -> Callable[..., dict[str, list[str]]]:
    """The problems each check finds on a page (checks_of_visit): one visit per page and language,
    whose light page runs every check and whose dark page, the page loaded anew in the dark scheme,
    runs the keyboard and the switcher; each test asserts on its own check's problems."""

    def run_checks(seen: Visit, language: str, name: str) -> dict[tuple[str, str, int], list[str]]:
        found = {}
        for check, at in checks_of_visit(name, seen.scheme):
            if seen.page.viewport_size["width"] != at:
                seen.page.set_viewport_size({"width": at, "height": WINDOW_HEIGHT})
            if check == "axe":
                found |= {(scheme, check, at): problems for scheme, problems in axe_in_both_schemes(seen.page)}
            else:
                found[seen.scheme, check, at] = run_check(check, seen, site, base_url, language, name)
        return found

    @functools.cache  # per page and language: the one visit serves every test of it
    def found_on(language: str, name: str) -> dict[tuple[str, str, int], list[str]]:
        url = f"{base_url}/{language}/{name}.html"
        with visit(browser, url) as light:
            found = run_checks(light, language, name)
            if checks_of_visit(name, "dark"):
                load(light.tab, url, "dark", DESKTOP, reduced_motion="reduce")  # anew, as a visit would
                found |= run_checks(Visit(light.tab, "dark"), language, name)
        return found

    def problems(language: str, name: str, scheme: str = "light", width: int = DESKTOP) -> dict[str, list[str]]:
        return {
            check: found
            for (seen_in, check, at), found in found_on(language, name).items()
            if (seen_in, at) == (scheme, width)
        }

    return problems


@pytest.fixture
def broken_site(site: Path, tmp_path: Path) -> Path:
    """A throw-away copy of the built site, for breaking a property on purpose."""
    return Path(shutil.copytree(site, tmp_path / "site"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found; the breaking edit of this test needs updating"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_css(site: Path, language: str, css: str) -> None:
    stylesheet = site / language / "_static" / "legalpages.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n" + css, encoding="utf-8")


# -- the checks: each returns a list of problems, empty when the property holds -------------------


def axe_in_both_schemes(page: Page) -> list[tuple[str, list[str]]]:
    """All of axe's rules in the light scheme, then the colour rules with the page switched to dark: only
    the colours differ. The switch starts furo's colour transitions, which end before axe looks."""
    found = [("light", axe_violations(page))]
    switch_scheme(page, "dark")
    found.append(("dark", axe_violations(page, colours_only=True)))
    switch_scheme(page, "light")
    return found


def switch_scheme(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")


def axe_violations(page: Page, colours_only: bool = False) -> list[str]:
    """axe's WCAG 2.1 A/AA rules; colours_only: just those about colour (axe tags them cat.color),
    for the dark scheme, where nothing but the colours differs from the light page."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)  # the axe-core copy shipped in the Python package; never a CDN
    rules = page.evaluate(
        """([tags, coloursOnly]) => axe.getRules(tags)
          .filter(rule => !coloursOnly || rule.tags.includes("cat.color")).map(rule => rule.ruleId)""",
        [AXE_TAGS, colours_only],
    )
    assert "color-contrast" in rules, "axe has no colour rules: the copy of axe-core changed"
    # Only the violations are aggregated and sent back: axe's resultTypes keeps one node of each other kind
    # (passes, incomplete, inapplicable), which no check reads.
    violations = page.evaluate(
        """rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})
                    .then(results => results.violations)""",
        rules,
    )
    return [
        f"{violation['id']}: {violation['help']} at {', '.join(map(str, node['target']))}: {node['html'][:160]}"
        for violation in violations
        for node in violation["nodes"]
    ]


def word_breaks_at_every_width(page: Page, widths: Iterable[int] = EVERY_WIDTH) -> list[str]:
    """Leichte Sprache: no word broken but at a written hyphen, in one window made wider step by step."""
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
        problems += [f"at {width} px: {problem}" for problem in page.evaluate(WORD_BREAKS_JS, EASY_LANGUAGE_BREAKS)]
    return problems


def third_party_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if not is_local(url)]


def horizontal_overflow(page: Page) -> list[str]:
    """Sideways scrolling, of the page or of a box in it, or text cut off by a box that hides it.

    Tables and code may scroll inside their own box: WCAG 1.4.10 exempts content that needs
    two dimensions. Everything else has to wrap.
    """
    return page.evaluate(
        """() => {
        const problems = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth)
          problems.push(`page wider than the window (scrolls sideways or is cut off): `
                        + `${root.scrollWidth} px in ${root.clientWidth} px`);
        for (const el of document.querySelectorAll("body *")) {
          if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth <= 1) continue;
          const style = getComputedStyle(el);
          const rendered = el.getClientRects().length > 0 && style.visibility !== "hidden";
          if (!rendered || !el.innerText.trim()) continue;
          if (["auto", "scroll"].includes(style.overflowX) && !el.closest("pre, table, .table-wrapper, .highlight"))
            problems.push(`scrolls sideways: ${__describe(el)} (${el.scrollWidth} px in ${el.clientWidth} px)`);
          else if (["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis")
            problems.push(`text cut off: ${__describe(el)} (${el.scrollWidth} px in ${el.clientWidth} px)`);
        }
        return problems;
      }"""
    )


def text_zoom_problems(tab: Tab) -> list[str]:
    """WCAG 1.4.4: text at 200 % grows to twice the size and still fits without sideways scrolling.

    The reader's default font size is doubled as in the browser's settings (16 -> 32 px), which
    also moves the theme's em-based breakpoints, just as it does for a reader who has done this.
    """
    page, selector = tab.page, "article p"
    before = float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))
    tab.devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.reload(wait_until="load")
    page.evaluate(DESCRIBE_JS)
    after = float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))
    problems = []
    if after < 1.95 * before:
        problems.append(f"text does not zoom: {selector} is {after} px at 200 %, {before} px at 100 %")
    return problems + horizontal_overflow(page)


def focus_state(page: Page) -> dict:
    return page.evaluate("targets => __focusState(targets)", FOCUS_TARGETS)


def on_screen_soon(page: Page, element_js: str, arg: object = None) -> bool:
    """Whether the element is (or, after the theme's slide-in or smooth scroll, soon is) in the window."""
    try:
        page.wait_for_function(
            f"""arg => {{ const el = {element_js};
                 const rect = el && el.getBoundingClientRect();
                 return !!el && rect.width > 0 && rect.top >= 0 && rect.top < innerHeight
                        && rect.bottom <= innerHeight + 1 && rect.left >= 0 && rect.right <= innerWidth + 1; }}""",
            arg=arg,
            timeout=5000,  # generous: the machine may be busy
        )
    except PlaywrightTimeout:
        return False
    return True


def keyboard_problems(page: Page) -> list[str]:
    """Skip link first and working; switcher and PDF links reachable by Tab and visibly focused."""
    problems = []
    page.keyboard.press("Tab")
    first = focus_state(page)
    if not first["skip"]:
        problems.append(f"the first Tab stop is {first['name']}, not the skip-to-content link")
    elif not (first["visible_focus"] and on_screen_soon(page, "document.activeElement")):
        problems.append("the focused skip-to-content link is not visible")
    else:
        page.keyboard.press("Enter")
        if page.evaluate("location.hash") != "#furo-main-content":
            problems.append("the skip-to-content link does not go to #furo-main-content")
        page.keyboard.press("Tab")
        after_skip = focus_state(page)
        if not after_skip["in_main"]:
            problems.append(f"after skipping to the content, Tab goes to {after_skip['name']} outside it")

    # Every language switcher link and the PDF link: reached by Tab, with a visible focus indicator.
    targets = page.evaluate(
        """targets => Array.from(document.querySelectorAll(targets))
                      .map(el => el.getClientRects().length > 0 ? __describe(el) : null)""",
        FOCUS_TARGETS,
    )
    if not any(targets):
        problems.append("no language switcher link (nav.language-switcher a) on the page")
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    # Each focus the Tab key gives is recorded as it happens, and read every few presses: a read after
    # each press was a third of this check's time.
    page.evaluate(
        """targets => { window.__focusLog = [];
             addEventListener("focusin", () => __focusLog.push(__focusState(targets)), true); }""",
        FOCUS_TARGETS,
    )
    reached: dict[int, dict] = {}
    for _ in range(0, 120, TABS_PER_READ):
        for _ in range(TABS_PER_READ):
            page.keyboard.press("Tab")
        for state in page.evaluate("__focusLog.splice(0)"):
            if state["target"] >= 0:
                reached.setdefault(state["target"], state)
        if len(reached) == sum(1 for name in targets if name):
            break
    for index, name in enumerate(targets):
        if name is None:
            continue  # not rendered at this width
        if index not in reached:
            problems.append(f"{name} is never reached with Tab")
        elif not reached[index]["visible_focus"]:
            problems.append(f"{name} has no visible focus indicator (outline or box-shadow)")
    return problems


def switcher_problems(page: Page, base: str, language: str, name: str) -> list[str]:
    """Switch language from a section (loaded with #id, and reached in-page): same page, same section."""
    other = next(code for code in LANGUAGES if code != language)
    section = page.evaluate(
        "Array.from(document.querySelectorAll('#furo-main-content section[id]')).map(s => s.id).pop()"
    )
    problems = []
    for how in ("url", "in-page"):
        if how == "url":
            page.goto(f"{base}/{language}/{name}.html#{section}", wait_until="load")
        else:
            page.goto(f"{base}/{language}/{name}.html", wait_until="load")
            # like following a link of the page's table of contents; the page's own hashchange
            # listener was added first, so it has run when this promise resolves
            page.evaluate(
                "id => new Promise(done => { addEventListener('hashchange', done, {once: true}); location.hash = id })",
                section,
            )
        with page.expect_navigation():
            page.click("nav.language-switcher a")
        expected = f"{base}/{other}/{name}.html#{section}"
        if page.url != expected:
            problems.append(f"{how}: switching language went to {page.url}, not {expected}")
            continue
        if page.evaluate("document.documentElement.lang") != other:
            problems.append(f"{how}: {page.url} is not in {other}")
        if not on_screen_soon(page, "document.getElementById(arg).querySelector('h1, h2, h3, h4, h5, h6')", section):
            problems.append(f"{how}: section #{section} is not on screen after switching")
    return problems


def print_problems(page: Page) -> list[str]:
    page.emulate_media(media="print")
    problems = page.evaluate(
        """selectors => selectors.flatMap(selector =>
             Array.from(document.querySelectorAll(selector))
               .filter(el => el.getClientRects().length > 0)
               .map(el => `printed although screen-only: ${selector} ${__describe(el)}`))""",
        SCREEN_ONLY,
    )
    links = page.evaluate(
        """() => Array.from(document.querySelectorAll("a[href^='http']"))
                 .filter(a => a.getClientRects().length > 0)
                 .map(a => [__describe(a), a.getAttribute("href"), getComputedStyle(a, "::after").content])"""
    )
    problems += [
        f"printed link {name} does not show its URL {href}" for name, href, after in links if href not in after
    ]
    if not page.evaluate("document.querySelector('#furo-main-content h1').getClientRects().length > 0"):
        problems.append("the page heading is not printed")
    return problems


def vnu_messages(paths: list[Path]) -> list[dict]:
    if shutil.which("java") is None:
        pytest.fail("java not found; install it with `apt-get install default-jre-headless`")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} missing; run `make test` (it runs `npm ci --prefix tests/node`)")
    # One short run: the JIT's optimising tier (C2) cost more CPU than it saved (3.9 -> 2.2 s for the site);
    # without it, the schema check needs a deeper stack than the default (vnu asks for at least 512k).
    java = ["java", "-XX:TieredStopAtLevel=1", "-Xss16m", "-jar", str(VNU_JAR)]
    result = subprocess.run([*java, "--format", "json", *map(str, paths)], capture_output=True, text=True)
    return json.loads(result.stderr)["messages"]  # vnu writes its report to stderr


def vnu_report(messages: list[dict], kind: str, site: Path) -> list[str]:
    def is_kind(message: dict) -> bool:
        if kind == "error":
            return message["type"] in ("error", "non-document-error")
        return message["type"] == "info" and message.get("subType") == "warning"

    return [
        f"{message.get('url', '').split(site.name + '/', 1)[-1]}:{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if is_kind(message)
    ]


# -- the real site -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "name", "scheme"), CASES)
def test_no_accessibility_violations(findings: Callable, language: str, name: str, scheme: str) -> None:
    assert findings(language, name, scheme)["axe"] == []


@pytest.mark.parametrize(("language", "name"), PAGE_CASES)
def test_no_third_party_requests(findings: Callable, language: str, name: str) -> None:
    assert findings(language, name)["requests"] == []


@pytest.mark.parametrize(("language", "name"), PAGE_CASES)
def test_reflows_at_320_px(findings: Callable, language: str, name: str) -> None:
    assert findings(language, name, width=PHONE)["reflow"] == []


@pytest.mark.parametrize(("language", "name"), PAGE_CASES)
def test_text_zooms_to_200_percent(findings: Callable, language: str, name: str) -> None:
    assert findings(language, name)["text zoom"] == []


@pytest.mark.parametrize(("language", "name", "scheme"), CASES)
def test_keyboard(findings: Callable, language: str, name: str, scheme: str) -> None:
    assert findings(language, name, scheme)["keyboard"] == []


@pytest.mark.parametrize(("language", "name"), SWITCHER_CASES)
def test_language_switcher_keeps_the_section(findings: Callable, language: str, name: str) -> None:
    assert findings(language, name, "dark")["switcher"] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_page_switcher_leads_to_the_other_search_page_with_the_query(
    browser: Browser, site: Path, base_url: str, language: str
) -> None:
    """furo's search page replaces the content block that holds the switcher; ours puts it back."""
    other = next(code for code in LANGUAGES if code != language)
    links = soup(site / language / "search.html").select("nav.language-switcher a[href]")
    assert [link["href"] for link in links] == [f"../{other}/search.html"]
    with visit(browser, f"{base_url}/{language}/search.html?q=Datenschutz", reduced_motion="reduce") as seen:
        with seen.page.expect_navigation():
            seen.page.click("nav.language-switcher a")
        assert seen.page.url == f"{base_url}/{other}/search.html?q=Datenschutz"
        assert seen.page.evaluate("document.documentElement.lang") == other


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("language", "name"), [*PAGE_CASES, *(on_one_worker(language, "search") for language in LANGUAGES)]
)
def test_words_break_only_at_hyphens(findings: Callable, language: str, name: str, width: int) -> None:
    assert findings(language, name, width=width)["word breaks"] == []


@pytest.mark.parametrize(("language", "name"), EASY_LANGUAGE_CASES)
def test_leichte_sprache_breaks_words_only_at_written_hyphens_at_every_width(
    findings: Callable, language: str, name: str
) -> None:
    assert findings(language, name, width=PHONE)["word breaks at every width"] == []


@pytest.mark.parametrize("width", (PHONE, DESKTOP))
@pytest.mark.parametrize(("language", "name"), EASY_LANGUAGE_CASES)
def test_leichte_sprache_has_its_visible_label(findings: Callable, language: str, name: str, width: int) -> None:
    assert findings(language, name, width=width)["label"] == []


def longest_words(site: Path, language: str, count: int = 50) -> list[str]:
    text = " ".join(soup(site / language / f"{name}.html").body.get_text(" ") for name in PAGES)
    words = set(re.findall(r"[^\W\d_]+", text.replace(hyphenation.SOFT_HYPHEN, "")))
    return sorted(words, key=lambda word: (-len(word), word))[:count]


def long_words_page(site: Path, language: str) -> str:
    """A page of our 50 longest words, hyphenated as the build does, in headings, text, lists and a table."""
    locale = {"de": "de_DE", "en": "en_GB"}[language]
    words = [hyphenation.hyphenate_text(word, locale) for word in longest_words(site, language)]
    content = (
        '<section id="long-words"><h1>'
        + words[0]
        + "</h1>"
        + "".join(f"<h2>{word}</h2>" for word in words[1:10])
        + "<p>"
        + " ".join(words)
        + "</p>"
        + "<ul>"
        + "".join(f"<li><p>{word}</p></li>" for word in words)
        + "</ul>"
        + '<table class="docutils"><tbody>'
        + "".join(
            f"<tr><td><p>{a}</p></td><td><p>{b}</p></td></tr>" for a, b in zip(words[::2], words[1::2], strict=False)
        )
        + "</tbody></table></section>"
    )
    page = (site / language / "kitchen-sink.html").read_text(encoding="utf-8")
    page, count = re.subn(
        r"(<article[^>]*>).*?(</article>)", lambda m: m.group(1) + content + m.group(2), page, flags=re.S
    )
    assert count == 1
    return page


@pytest.fixture(scope="module")
def long_words_breaks(browser: Browser, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable:
    """Where the words of long_words_page() break, per language and width: one copy of the site with that
    page in each language, and one visit per language whose window is narrowed to each width, as in
    findings()."""
    copy = Path(shutil.copytree(site, tmp_path_factory.mktemp("long-words") / "site"))
    for language in LANGUAGES:
        (copy / language / "long-words.html").write_text(long_words_page(copy, language), encoding="utf-8")

    @functools.cache  # per language: one visit for every width
    def breaks_at(language: str) -> dict[int, list[str]]:
        with serve(copy) as url, visit(browser, f"{url}/{language}/long-words.html") as seen:
            assert seen.page.evaluate("document.querySelectorAll('#long-words h2').length") == 9
            found = {}
            for width in WIDTHS:
                seen.page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
                found[width] = seen.page.evaluate(WORD_BREAKS_JS)
        return found

    def breaks(language: str, width: int) -> list[str]:
        return breaks_at(language)[width]

    return breaks


@pytest.mark.xdist_group("long-words")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_longest_words_break_only_at_hyphens(long_words_breaks: Callable, language: str, width: int) -> None:
    assert long_words_breaks(language, width) == []


def test_a_soft_hyphen_break_in_leichte_sprache_is_caught(browser: Browser, broken_site: Path) -> None:
    """Breaks at soft hyphens, right on the other pages, are wrong in Leichte Sprache (the long words
    of our pages, hyphenated as the build does for the other pages)."""
    (broken_site / "de" / "long-words.html").write_text(long_words_page(broken_site, "de"), encoding="utf-8")
    with serve(broken_site) as url, visit(browser, f"{url}/de/long-words.html", width=PHONE) as seen:
        assert seen.page.evaluate(WORD_BREAKS_JS) == [], "breaks at soft hyphens: right on another page"
        assert any("broken as" in problem for problem in seen.page.evaluate(WORD_BREAKS_JS, EASY_LANGUAGE_BREAKS))
        problems = word_breaks_at_every_width(seen.page, (PHONE,))
    assert any(problem.startswith(f"at {PHONE} px: ") and "broken as" in problem for problem in problems), problems


def test_a_hidden_leichte_sprache_label_is_caught(browser: Browser, broken_site: Path) -> None:
    [name] = EASY_LANGUAGE_PAGES[:1]
    append_css(broken_site, "de", ".easy-language-label { position: absolute; left: -9999px; }")
    with serve(broken_site) as url, visit(browser, f"{url}/de/{name}.html") as seen:
        assert any("not visible" in problem for problem in seen.page.evaluate(LABEL_JS, EASY_LANGUAGE_LABEL))


def test_without_soft_hyphens_a_broken_word_is_caught(browser: Browser, broken_site: Path) -> None:
    page = long_words_page(broken_site, "de").replace(hyphenation.SOFT_HYPHEN, "")
    (broken_site / "de" / "long-words.html").write_text(page, encoding="utf-8")
    with serve(broken_site) as url, visit(browser, f"{url}/de/long-words.html", width=PHONE) as seen:
        problems = seen.page.evaluate(WORD_BREAKS_JS)
    assert any("<h1>" in problem and "broken as" in problem for problem in problems), problems


COPY_JS = """
index => {
  const heading = document.querySelectorAll("article h1, article h2")[index];
  getSelection().selectAllChildren(heading);
  const copy = new ClipboardEvent("copy", {clipboardData: new DataTransfer(), bubbles: true, cancelable: true});
  heading.dispatchEvent(copy);
  return copy.clipboardData.getData("text/plain");
}
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_hyphenated_words_copy_read_and_search_as_whole_words(
    browser: Browser, site: Path, base_url: str, language: str
) -> None:
    """Copying gives the plain word, the accessibility tree has the whole word (U+00AD, which speech
    ignores, aside), axe finds nothing, and the search finds the word."""
    headings = soup(site / language / "barrierefreiheit.html").select("article h1, article h2")
    index = next(number for number, heading in enumerate(headings) if hyphenation.SOFT_HYPHEN in heading.get_text())
    plain = " ".join(headings[index].get_text().replace(hyphenation.SOFT_HYPHEN, "").replace("¶", "").split())
    word = max(plain.split(), key=len)
    with visit(browser, f"{base_url}/{language}/barrierefreiheit.html", width=PHONE) as seen:
        copied = seen.page.evaluate(COPY_JS, index)
        assert " ".join(copied.replace("¶", "").split()) == plain
        names = [
            " ".join(node["name"]["value"].replace(hyphenation.SOFT_HYPHEN, "").split())
            for node in seen.tab.devtools.send("Accessibility.getFullAXTree")["nodes"]
            if node.get("role", {}).get("value") == "heading" and "name" in node
        ]
        assert plain in names
        assert axe_violations(seen.page) == []
    with visit(browser, f"{base_url}/{language}/search.html?q={word}") as seen:
        results = seen.page.locator("#search-results a[href*='barrierefreiheit.html']")
        results.first.wait_for(timeout=10_000)
        assert results.count() >= 1


@pytest.mark.parametrize(("language", "name"), PAGE_CASES)
def test_print_hides_navigation_and_shows_link_urls(findings: Callable, language: str, name: str) -> None:
    assert findings(language, name)["print"] == []


def test_print_shows_the_url_of_an_external_link(browser: Browser, base_url: str) -> None:
    """The page-wide print test needs at least one external link to mean anything."""
    with visit(browser, f"{base_url}/de/impressum.html") as seen:
        seen.page.emulate_media(media="print")
        after = seen.page.eval_on_selector("article a[href^='http']", "a => getComputedStyle(a, '::after').content")
        assert "https://" in after


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colour_scheme_is_applied(browser: Browser, base_url: str, scheme: str) -> None:
    """The dark runs above test dark colours: by the reader's system setting and by furo's own toggle."""
    # light or dark by the brightness of the page background
    background = """() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
        return (r + g + b) / 3 > 128 ? "light" : "dark";
      }"""
    with visit(browser, f"{base_url}/de/index.html", scheme) as seen:
        by_system = seen.page.evaluate(background)
        other = "light" if scheme == "dark" else "dark"
        # furo's toggle stores the choice in localStorage and wins over the system setting
        seen.page.evaluate("theme => localStorage.setItem('theme', theme)", other)
        seen.page.reload()
        by_toggle = seen.page.evaluate(background)
    assert (by_system, by_toggle) == (scheme, other)


@pytest.mark.parametrize("name", PAGES)
def test_theme_words_are_german_on_german_pages(site: Path, name: str) -> None:
    """furo's own words must not stay English on a German page (WCAG 3.1.2, language of parts)."""
    page = soup(site / "de" / f"{name}.html")
    assert page.select_one("a.skip-to-content").get_text(strip=True) == "Zum Inhalt springen"
    words = " ".join(page.get_text(" ").split())
    english = ["Skip to content", "Back to top", "On this page", "Made with", "Copyright ©", "Next", "Previous"]
    assert [phrase for phrase in english if phrase in words] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_accessible_names_and_tooltips_are_words_of_the_page_language(site: Path, language: str) -> None:
    """What screen readers announce (aria-label, title, alt, placeholder) is spoken in the page's
    language; an English "Toggle … sidebar" on a German page fails WCAG 3.1.2 like visible text."""
    labels = sorted(
        {
            element[attribute]
            for name in PAGES
            for element in soup(site / language / f"{name}.html").select(
                "body [aria-label], body [title], body [alt], body [placeholder]"
            )
            for attribute in ("aria-label", "title", "alt", "placeholder")
            if element.get(attribute)
        }
    )
    assert len(labels) >= 5  # the theme's toggles, the search field, the permalinks, our navigation
    unknown = {
        label: [str(word) for word in words]
        for label, words in zip(labels, spelling.check(labels, language), strict=True)
        if words
    }
    assert unknown == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_fax_numbers_are_text_and_phone_numbers_are_links(site: Path, language: str) -> None:
    """On a phone, a tap on a tel: link calls the number: right for a phone number, wrong for a fax."""
    data = facts.load(ROOT / "docs" / "facts.toml")
    numbers = {key: facts.lookup(data, key) for key in facts.flat_keys(data)}
    faxes = {value for key, value in numbers.items() if key.endswith(".fax")}
    phones = {value for key, value in numbers.items() if key.endswith(".phone")}
    pages = [soup(site / language / f"{name}.html") for name in PAGES]
    text = " ".join(page.get_text(" ") for page in pages)
    faxes, phones = {fax for fax in faxes if fax in text}, {phone for phone in phones if phone in text}
    calls = {link["href"] for page in pages for link in page.select("a[href^='tel:']")}
    linked = {link.get_text(strip=True) for page in pages for link in page.select("a")}
    as_text = {fact.get_text(strip=True) for page in pages for fact in page.select("span.fact")}
    assert faxes and faxes <= as_text
    assert faxes & linked == set() and {f"tel:{facts.e164(fax)}" for fax in faxes} & calls == set()
    assert phones and phones <= linked and calls == {f"tel:{facts.e164(phone)}" for phone in phones}


@pytest.fixture(scope="module")
def vnu_checked(site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list[dict]]:
    """The Nu Html Checker's messages on every page of the site, and on a copy of one page broken on
    purpose: one run for both, as starting Java is most of its time."""
    broken = tmp_path_factory.mktemp("invalid-html") / "impressum.html"
    shutil.copyfile(site / "de" / "impressum.html", broken)
    edit(broken, "<h1>", '<h1 id="impressum">')  # the id of the section around it, a second time
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(LANGUAGES) * len(PAGES)
    messages = vnu_messages([*pages, broken])
    on_broken = [message for message in messages if message.get("url", "").endswith(str(broken))]  # "file:/tmp/…"
    return [message for message in messages if message not in on_broken], on_broken


@pytest.mark.xdist_group("vnu")
def test_html_is_valid(site: Path, vnu_checked: tuple[list[dict], list[dict]]) -> None:
    messages, _ = vnu_checked
    assert vnu_report(messages, "error", site) == []
    # Warnings are listed, not failed. The checker reads the pages as file: URLs, whose origin
    # matches no 'self' in the Content Security Policy, so it reports every script and stylesheet
    # as blocked; the browser tests above load the same pages over HTTP with the policy in force.
    listed = Counter(
        line.split(": ", 1)[1]
        for line in vnu_report(messages, "warning", site)
        if "violates Content Security Policy" not in line
    )
    for message, count in sorted(listed.items()):
        warnings.warn(f"Nu Html Checker warning on {count} pages: {message}", stacklevel=1)


# -- the helpers in legalpages/browser.py ------------------------------------------------------------


def test_only_this_machine_counts_as_local() -> None:
    assert is_local("http://127.0.0.1:8000/de/index.html")
    assert is_local("data:image/svg+xml;charset=utf-8,<svg/>")
    assert not is_local("https://fonts.googleapis.com/css2?family=Roboto")
    assert not is_local("http://127.0.0.1.example.org/")
    assert not is_local("wss://example.org/socket")


def test_the_server_serves_the_folder_on_127_0_0_1(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>hello</p>", encoding="utf-8")
    with serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/page.html") as response:
            assert response.read() == b"<p>hello</p>"


# What a page can see of its browser: everything a visit sets up, and what an earlier visit can leave.
STATE_JS = """() => ({
  width: innerWidth, height: innerHeight,
  dark: matchMedia("(prefers-color-scheme: dark)").matches,
  reducedMotion: matchMedia("(prefers-reduced-motion: reduce)").matches,
  print: matchMedia("print").matches,
  fontSize: getComputedStyle(document.querySelector("p")).fontSize,
  monospaceSize: getComputedStyle(document.querySelector("code")).fontSize,
  stored: [localStorage.length, sessionStorage.length, document.cookie],
  history: history.length,
  // the stylesheet's body came over the network (0: from the HTTP cache, after a 304)
  stylesheetFromServer: performance.getEntriesByName(new URL("probe.css", location.href).href)
    .map(entry => entry.encodedBodySize > 0),
})"""


def test_a_visit_sees_what_a_fresh_browser_context_shows(browser: Browser, tmp_path: Path) -> None:
    """A visit loads into the worker's one tab (worker_tab): what an earlier visit changed there is gone."""
    (tmp_path / "probe.html").write_text(
        '<!DOCTYPE html><link rel="stylesheet" href="probe.css"><p>text <code>code</code></p>', encoding="utf-8"
    )
    (tmp_path / "probe.css").write_text("p { margin: 1em }", encoding="utf-8")
    with serve(tmp_path) as url:
        context = browser.new_context(viewport={"width": DESKTOP, "height": WINDOW_HEIGHT}, color_scheme="light")
        page = context.new_page()
        page.goto(f"{url}/probe.html")
        fresh = page.evaluate(STATE_JS)
        context.close()
        with visit(browser, f"{url}/probe.html", "dark", PHONE, reduced_motion="reduce") as earlier:
            changed = earlier.page.evaluate(STATE_JS)
            earlier.page.evaluate("localStorage.setItem('theme', 'dark'); sessionStorage.setItem('x', '1')")
            earlier.page.evaluate("document.cookie = 'visited=1'")
            earlier.tab.devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
            earlier.page.emulate_media(media="print")
            earlier.page.goto(f"{url}/probe.html#elsewhere")
        with visit(browser, f"{url}/probe.html") as later:
            assert later.page.evaluate(STATE_JS) == fresh
            # only this visit's requests; Chromium asks for the site's icon when it likes
            requests = [request for request in later.requests if not request.endswith("/favicon.ico")]
            assert requests == [f"{url}/probe.html", f"{url}/probe.css"]
    assert {key for key in fresh if changed[key] != fresh[key]} == {"width", "dark", "reducedMotion"}


# -- each check fails when its property breaks -----------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_low_contrast(browser: Browser, broken_site: Path, scheme: str) -> None:
    append_css(broken_site, "de", "article p { color: #777 !important; }")  # too light on black, too dark on white
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html", scheme) as seen:
        problems = axe_violations(seen.page, colours_only=scheme != "light")
        assert any(problem.startswith("color-contrast") for problem in problems)


def test_the_light_page_finds_low_contrast_that_only_the_dark_scheme_has(browser: Browser, broken_site: Path) -> None:
    """findings() checks the dark colours by switching the light page's scheme (axe_in_both_schemes)."""
    append_css(broken_site, "de", "@media (prefers-color-scheme: dark) { article p { color: #444 !important; } }")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        found = dict(axe_in_both_schemes(seen.page))
    assert not any(problem.startswith("color-contrast") for problem in found["light"]), found["light"]
    assert any(problem.startswith("color-contrast") for problem in found["dark"]), found["dark"]


def test_a_web_font_from_elsewhere_is_caught(browser: Browser, broken_site: Path) -> None:
    # Without the page's Content Security Policy (another line of defence) the font request goes out.
    page = broken_site / "de" / "impressum.html"
    text = page.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if "Content-Security-Policy" not in line)
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">'
    page.write_text(text.replace("</head>", font + "</head>", 1), encoding="utf-8")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        assert third_party_requests(seen.requests) == ["https://fonts.googleapis.com/css2?family=Roboto"]


def test_a_paragraph_too_wide_for_320_px_is_caught(browser: Browser, broken_site: Path) -> None:
    append_css(broken_site, "de", "article p { min-width: 600px; }")  # fits the desktop's column only
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        assert horizontal_overflow(seen.page) == [], "at the desktop width the lines fit"
        seen.page.set_viewport_size({"width": PHONE, "height": WINDOW_HEIGHT})  # as findings() narrows the window
        assert horizontal_overflow(seen.page) != []


def test_text_in_pixels_is_caught_by_the_zoom_check(browser: Browser, broken_site: Path) -> None:
    append_css(broken_site, "de", "article p { font-size: 16px; }")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        assert any("does not zoom" in problem for problem in text_zoom_problems(seen.tab))


def test_hidden_focus_is_caught(browser: Browser, broken_site: Path) -> None:
    append_css(broken_site, "de", ".language-switcher a:focus-visible { outline: none; }")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        assert any("no visible focus" in problem for problem in keyboard_problems(seen.page))


def test_missing_skip_link_is_caught(browser: Browser, broken_site: Path) -> None:
    append_css(broken_site, "de", ".skip-to-content { display: none; }")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        assert any("not the skip-to-content link" in problem for problem in keyboard_problems(seen.page))


def test_switcher_without_its_script_loses_the_section(browser: Browser, broken_site: Path) -> None:
    (broken_site / "de" / "_static" / "language-switcher.js").write_text("", encoding="utf-8")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html", reduced_motion="reduce") as seen:
        assert len(switcher_problems(seen.page, url, "de", "impressum")) == 2


def test_navigation_in_print_is_caught(browser: Browser, broken_site: Path) -> None:
    edit(broken_site / "de" / "_static" / "legalpages.css", "@media print", "@media speech")
    with serve(broken_site) as url, visit(browser, f"{url}/de/impressum.html") as seen:
        problems = print_problems(seen.page)
    assert any("nav.language-switcher" in problem for problem in problems)
    assert any("does not show its URL" in problem for problem in problems)


@pytest.mark.xdist_group("vnu")
def test_invalid_html_is_caught(vnu_checked: tuple[list[dict], list[dict]]) -> None:
    _, on_broken = vnu_checked
    assert any(message["type"] == "error" and "Duplicate ID" in message["message"] for message in on_broken), on_broken
