"""The attack table: what a writer, a translator or a facts file could try, each built twice.

Every row must, on both of two `make site` runs of the same input: exit non-zero, name the
`file:line` to fix, print no traceback, leave the published site byte-identical, and leave the
dangerous content (a line of /etc/passwd, a request to another host) nowhere in the build folder:
not in the HTML, the search index, `_downloads`, `_images` or the PDFs (a failed build makes none).

To stay fast, the rows are built in groups: all rows of a group go into one throw-away project,
which is built twice, and each row checks its own message in both runs. Rows of a group must not
hide each other, so each group holds rows that fail at the same stage (source files, catalogs,
Sphinx). Translation rows are also built twice by Sphinx alone (the preview's way, without
`make check-po`'s stage), which must reject them too. A local HTTP server, started here, stands for
"another host": every remote URL points at it, and it must receive no request at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_module, shared_folder
from filelock import FileLock

from legalpages.sphinx_run import SphinxRun
from legalpages.testkit import copy_project

PASSWD = "/etc/passwd"
SECRET = b"root:x:0:0"  # the first line of /etc/passwd on every Linux machine
UP = "../../../../../../../.."  # from docs/ to / whatever the temporary folder's depth
SERVER = "http://127.0.0.1:{port}"  # "another host"
PAGE = "docs/impressum.md"
FRONT_PAGE = "docs/datenschutz.md"
CATALOG = "locale/en/LC_MESSAGES/impressum.po"
FACTS = "docs/facts.toml"


@dataclass(frozen=True)
class Attack:
    name: str
    group: str  # which throw-away project (project_of)
    text: str  # what the attacker writes; {server} is the local server
    words: str  # what the message must say
    line: int = 0  # the message's line, counted from the attack's first line


def page(name: str, text: str, words: str, line: int = 0) -> Attack:
    return Attack(name, "page", text, words, line)


NOT_ALLOWED = "is not allowed"
OUTSIDE = "outside docs/"
REMOTE = "remote image"

# fmt: off
ATTACKS = [
    # -- every include-like directive and role, with ../, absolute paths, URLs ---------------------
    page("include ../", f"```{{include}} {UP}{PASSWD}\n```", "directive {include} is not allowed"),
    page("include absolute", f"```{{include}} {PASSWD}\n```", "directive {include} is not allowed"),
    page("literalinclude ../", f"```{{literalinclude}} {UP}{PASSWD}\n```", "directive {literalinclude}"),
    page("literalinclude absolute", f"```{{literalinclude}} {PASSWD}\n```", "directive {literalinclude}"),
    page("download role ../", f"Hier {{download}}`Datei <{UP}{PASSWD}>`.", "role {download} is not allowed"),
    page("download role absolute", f"Hier {{download}}`{PASSWD}`.", "role {download} is not allowed"),
    page("markdown link to a file ../", f"[Datei]({UP}{PASSWD})", "link to the file"),
    page("markdown link to an absolute path", f"[Datei]({PASSWD})", "target not found: '/etc/passwd'"),
    page("csv-table :file:", f"```{{csv-table}}\n:file: {PASSWD}\n```", "directive {csv-table}"),
    page("csv-table :url:", "```{csv-table}\n:url: {server}/table.csv\n```", "directive {csv-table}"),
    page("raw :file:", f"```{{raw}} html\n:file: {PASSWD}\n```", "directive {raw} is not allowed"),
    page("raw :url:", "```{raw} html\n:url: {server}/raw.html\n```", "directive {raw} is not allowed"),
    page("eval-rst include", f"```{{eval-rst}}\n.. include:: {PASSWD}\n```", "directive {eval-rst}"),
    page("image ../", f"```{{image}} {UP}{PASSWD}\n```", OUTSIDE),
    page("image absolute", f"```{{image}} {PASSWD}\n```", "image file not readable"),
    page("figure ../", f"```{{figure}} {UP}{PASSWD}\n```", OUTSIDE),
    page("markdown image ../", f"![Bild]({UP}{PASSWD})", OUTSIDE),
    # -- every way to name a remote resource -----------------------------------------------------------
    page("markdown image remote", "![Bild]({server}/a.png)", REMOTE),
    page("markdown image reference definition", "![Bild][b]\n\n[b]: {server}/b.png", REMOTE),
    page("markdown image entity-encoded", "![Bild](http&#58;//127.0.0.1:{port}/c.png)", REMOTE),
    page("markdown image protocol-relative", "![Bild](//127.0.0.1:{port}/d.png)", REMOTE),
    page("markdown image data:", "![Bild](data:image/png;base64,iVBORw0KGgo=)", REMOTE),
    page("image directive remote", "```{image} {server}/e.png\n```", REMOTE),
    page("figure directive remote", "```{figure} {server}/f.png\n```", REMOTE),
    page("toctree entry to another host", "```{toctree}\n{server}/\n```", "is not a page"),
    page("image :target: link", "```{image} bild.png\n:target: javascript:alert(1)\n```", "Unknown option", 1),
    page("raw HTML img", '<img src="{server}/g.png">', "raw HTML is not allowed"),
    # -- every markdown link syntax with a scheme that is not allowed ---------------------------------
    page("javascript: inline link", "[Hier](javascript:alert(1))", "javascript: link"),
    page("javascript: reference definition", "[Hier][j]\n\n[j]: javascript:alert(1)", "javascript: link"),
    page("javascript: autolink", "<javascript:alert(1)>", "javascript: link"),
    page("javascript: entity-encoded", "[Hier](javascript&#58;alert(1))", "javascript: link"),
    page("javascript: mixed case", "[Hier](JaVaScRiPt:alert(1))", "javascript: link"),
    page("data: inline link", "[Hier](data:text/html;base64,PHNjcmlwdD4=)", "data: link"),
    page("data: reference definition", "[Hier][d]\n\n[d]: data:text/html,x", "data: link"),
    page("vbscript: link", "[Hier](vbscript:msgbox(1))", "vbscript: link"),
    page("file: link", f"[Hier](file://{PASSWD})", "file: link"),
    # -- raw HTML and every metadata route into <head> --------------------------------------------------
    page("raw HTML script", "<script>alert(1)</script>", "raw HTML is not allowed"),
    page("raw HTML inline", "Text <b onmouseover=alert(1)>fett</b>.", "raw HTML is not allowed"),
    page("raw HTML meta refresh", '<meta http-equiv="refresh" content="0; url={server}/">', "raw HTML"),
    page("meta directive", "```{meta}\n:http-equiv=refresh: 0; url={server}/\n```", "directive {meta}"),
    page("eval-rst meta", "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0\n```", "directive {eval-rst}"),
    Attack(
        "front matter myst html_meta",
        "front",
        'myst:\n  html_meta:\n    "http-equiv=refresh": "0; url={server}/"',
        "front-matter key 'myst' is not allowed",
    ),
    Attack(
        "front matter html_meta",
        "front",
        'html_meta:\n  "http-equiv=refresh": "0; url={server}/"',
        "front-matter key 'html_meta' is not allowed",
    ),
    Attack("front matter title", "front", "title: <script>alert(1)</script>", "front-matter key 'title'"),
    Attack("front matter substitutions", "front", "substitutions:\n  x: '{{ 7*7 }}'", "key 'substitutions'"),
    # -- translations: the same routes in a msgstr -----------------------------------------------------
    Attack("msgstr include fence", "msgstr", f"```{{include}} {UP}{PASSWD}\n```", "directive not in the German text"),
    Attack("msgstr eval-rst fence", "msgstr", f"```{{eval-rst}}\n.. include:: {PASSWD}\n```", "directive not in"),
    Attack("msgstr download role", "msgstr", f"{{download}}`{PASSWD}`", "role not in the German text"),
    Attack("msgstr inline link", "msgstr", "[Publisher]({server}/)", "link not in the German text"),
    Attack(
        "msgstr reference definition entity-encoded",
        "msgstr",
        "[Publisher][r]\n\n[r]: http&#58;//127.0.0.1:{port}/",
        "link not in the German text http://127.0.0.1",
    ),
    Attack("msgstr autolink", "msgstr", "<{server}/>", "link not in the German text"),
    Attack("msgstr javascript: link", "msgstr", "[Publisher](javascript:alert(1))", "javascript:alert(1)"),
    Attack("msgstr data: link", "msgstr", "[Publisher](data:text/html,x)", "link not in the German text data:"),
    Attack("msgstr remote image", "msgstr", "![Publisher]({server}/h.png)", "image not in the German text"),
    Attack("msgstr raw HTML", "msgstr", "<script>alert(1)</script>", "HTML not in the German text"),
    Attack("msgstr meta refresh", "msgstr", '<meta http-equiv="refresh" content="0; url={server}/">', "HTML not in"),
    Attack(
        "msgstr front matter",
        "msgstr",
        '---\nmyst:\n  html_meta:\n    "http-equiv=refresh": "0"\n---\nPublisher',
        "front matter not in the German text",
    ),
    # -- symbolic links out of docs/ ---------------------------------------------------------------------
    Attack("symlink included", "symlink", "included.txt", "symbolic link to /etc/passwd"),
    Attack("symlink image", "symlink", "bild.png", "symbolic link to /etc/passwd"),
    Attack("symlink page", "symlink", "seite.md", "symbolic link to /etc/passwd"),
    Attack("symlinked folder", "symlink", "etc", "symbolic link to /etc"),
    # -- the facts file --------------------------------------------------------------------------------
    Attack("facts broken TOML", "facts-syntax", 'stand.impressum = "2026-11-26', "not valid TOML"),
    Attack("facts wrong type", "facts-values", "ministry.state_secretary = 3", "is a number"),
    Attack("facts invalid phone", "facts-values", 'itnrw.phone = "+49 211"', "not a valid phone number"),
    Attack("facts invalid e-mail", "facts-values", 'itnrw.email = "poststelle(at)it.nrw.de"', "not an e-mail"),
]
# fmt: on


def project_of(attack: Attack) -> str:
    """The group whose throw-away project holds the attack: front matter goes into the pages'."""
    return "page" if attack.group == "front" else attack.group


# A group's rows run on one pytest worker (pyproject: --dist loadgroup), which builds the group while
# the other worker goes on with other tests instead of waiting for the same build.
ATTACK_CASES = [
    pytest.param(attack, id=attack.name, marks=pytest.mark.xdist_group(f"attacks-{project_of(attack)}"))
    for attack in ATTACKS
]


# -- the local "other host" ----------------------------------------------------------------------------


@contextmanager
def other_host() -> Iterator[tuple[int, list[str]]]:
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"root:x:0:0:fetched from another host")

        do_HEAD = do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], requests
    finally:
        server.shutdown()
        server.server_close()


# -- the attacks, written into a project ------------------------------------------------------------


def fill(text: str, port: int) -> str:
    return text.replace("{server}", SERVER.format(port=port)).replace("{port}", str(port))


def po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    return '""\n' + "\n".join(f'"{line}\\n"' if i < len(lines) - 1 else f'"{line}"' for i, line in enumerate(lines))


def write_page_attacks(project: Path, attacks: list[Attack], port: int) -> dict[str, str]:
    """Each page attack in its own paragraph at the end of the Impressum; each front-matter key in
    the front matter of the Datenschutzerklärung. Returns each attack's expected location."""
    where = {}
    path = project / PAGE
    lines = path.read_text(encoding="utf-8").splitlines()
    for attack in attacks:
        if attack.group != "page":
            continue
        lines.append("")
        where[attack.name] = f"{PAGE}:{len(lines) + 1 + attack.line}"
        lines += fill(attack.text, port).splitlines()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    front = ["---"]
    for attack in attacks:
        if attack.group == "front":
            where[attack.name] = f"{FRONT_PAGE}:{len(front) + 1}"
            front += fill(attack.text, port).splitlines()
    path = project / FRONT_PAGE
    path.write_text("\n".join([*front, "---", path.read_text(encoding="utf-8")]), encoding="utf-8")
    return where


def write_msgstr_attacks(project: Path, attacks: list[Attack], port: int) -> dict[str, str]:
    """Each attack replaces the msgstr of another single-line entry of the Impressum's catalog."""
    path = project / CATALOG
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = [
        number
        for number, line in enumerate(lines)
        if re.fullmatch(r'msgid "[^"{}\[\]<>`]+"', line) and re.fullmatch(r'msgstr ".+"', lines[number + 1])
    ]
    assert len(entries) >= len(attacks), "test set-up: the catalog has too few simple entries"
    chosen = list(zip(attacks, entries, strict=False))
    where, added = {}, 0
    for attack, number in chosen:  # a msgstr of several lines moves every later entry down
        where[attack.name] = f"{CATALOG}:{number + 1 + added}"
        msgstr = "msgstr " + po_string(fill(attack.text, port))
        lines[number + 1] = msgstr
        added += msgstr.count("\n")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def write_symlinks(project: Path, attacks: list[Attack]) -> dict[str, str]:
    where = {}
    for attack in attacks:
        link = project / "docs" / attack.text
        os.symlink("/etc" if attack.text == "etc" else PASSWD, link)
        where[attack.name] = f"docs/{attack.text}:1"
    page = project / PAGE
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n```{include} included.txt\n```\n\n![Bild](bild.png)\n\n```{include} etc/passwd\n```\n",
        encoding="utf-8",
    )
    return where


def write_facts(project: Path, attacks: list[Attack]) -> dict[str, str]:
    path = project / FACTS
    text = path.read_text(encoding="utf-8")
    for attack in attacks:
        key, _, value = attack.text.partition(" = ")
        table, _, leaf = key.rpartition(".")
        start = text.index(f"[{table}]") if table else 0
        line = re.compile(rf"^{re.escape(leaf)} = .*$", re.MULTILINE)
        match = line.search(text, start)
        text = text[: match.start()] + f"{leaf} = {value}" + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    where = {}
    for attack in attacks:
        key = attack.text.partition(" = ")[0]
        table, _, leaf = key.rpartition(".")
        start = text.index(f"[{table}]") if table else 0
        number = text[: text.index(f"{leaf} = ", start)].count("\n") + 1
        where[attack.name] = f"{FACTS}:{number}"
    return where


# -- one group: written once, built twice, shared by the pytest workers ------------------------------------


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def leaks(folder: Path) -> list[str]:
    """Every file under folder that holds a line of /etc/passwd."""
    return [
        str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file() and SECRET in path.read_bytes()
    ]


def sphinx_alone(project: Path, build_dir: Path) -> dict:
    """The English HTML build by Sphinx alone, as the preview runs it (no `make check-po` stage)."""
    locale_dir = build_dir / "locale"
    for catalog in sorted((project / "locale" / "en" / "LC_MESSAGES").glob("*.po")):
        compiled = locale_dir / "en" / "LC_MESSAGES" / f"{catalog.stem}.mo"
        compiled.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgfmt", "-o", str(compiled), str(catalog)], check=True)
    run = SphinxRun("html", build_dir / "html-en", build_dir / "doctrees-en", "en", locale_dir, root=project)
    result = subprocess.run(run.command(), cwd=project, capture_output=True, text=True, check=False)
    return {"returncode": result.returncode, "output": result.stdout + result.stderr}


def build_group(group: str, folder: Path, published: Path) -> dict:
    attacks = [attack for attack in ATTACKS if project_of(attack) == group]
    project = copy_project(folder / "project")
    build_dir = project / "_build"
    shutil.copytree(published, build_dir / "site")
    before = files(build_dir / "site")
    with other_host() as (port, requests):
        if group == "page":
            where = write_page_attacks(project, attacks, port)
        elif group == "msgstr":
            where = write_msgstr_attacks(project, attacks, port)
        elif group == "symlink":
            where = write_symlinks(project, attacks)
        else:
            where = write_facts(project, attacks)
        (build_dir / "site.staging.killed" / "de").mkdir(parents=True)  # as a killed build leaves it
        runs, unchanged = [], []
        for _ in range(2):
            run = run_module("site", "--build-dir", str(build_dir), cwd=project)
            runs.append({"returncode": run.returncode, "output": run.output})
            unchanged.append(files(build_dir / "site") == before)
        alone = [sphinx_alone(project, folder / "alone") for _ in range(2)] if group == "msgstr" else []
        found = leaks(build_dir) + leaks(folder / "alone") if (folder / "alone").exists() else leaks(build_dir)
        return {
            "where": where,
            "runs": runs,
            "unchanged": unchanged,
            "alone": alone,
            "leaks": found,
            "requests": list(requests),
            "staging": [path.name for path in build_dir.glob("site.staging.*")],
        }


@pytest.fixture(scope="session")
def attack_results(tmp_path_factory: pytest.TempPathFactory, site: Path) -> Callable[[str], dict]:
    """Each group's result, built once per test run (ATTACK_CASES; with other schedulers, a file lock on
    the session's shared temporary folder keeps the other workers waiting for it, not building it again)."""
    shared = shared_folder(tmp_path_factory)
    cache: dict[str, dict] = {}

    def result(group: str) -> dict:
        if group not in cache:
            folder = shared / f"attacks-{group}"
            with FileLock(str(shared / f"attacks-{group}.lock")):
                saved = folder / "result.json"
                if not saved.exists():
                    folder.mkdir(exist_ok=True)
                    data = build_group(group, folder, site)
                    saved.write_text(json.dumps(data), encoding="utf-8")
                cache[group] = json.loads(saved.read_text(encoding="utf-8"))
        return cache[group]

    return result


@pytest.mark.e2e
@pytest.mark.parametrize("attack", ATTACK_CASES)
def test_attack_fails_twice_and_publishes_nothing(attack: Attack, attack_results: Callable[[str], dict]) -> None:
    result = attack_results(project_of(attack))
    location = result["where"][attack.name]
    message = re.compile(rf"{re.escape(location)}: .*{re.escape(attack.words)}", re.IGNORECASE)
    runs = result["runs"] + result["alone"]  # translations: also rejected by Sphinx alone (the preview)
    for number, run in enumerate(runs, start=1):
        assert run["returncode"] != 0, f"run {number}:\n{run['output']}"
        assert message.search(run["output"]), f"run {number}: no {location}: …{attack.words}…\n{run['output']}"
        assert "Traceback" not in run["output"], run["output"]
        assert SECRET.decode() not in run["output"], run["output"]
    assert result["unchanged"] == [True, True], "the published site changed"
    assert result["leaks"] == [], "a line of /etc/passwd is in the build folder"
    assert result["requests"] == [], "the build sent requests to another host"
    assert result["staging"] == [], "a killed build's staging folder was left behind"


# -- what the table's groups do not show -----------------------------------------------------------------

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@pytest.mark.e2e
def test_output_holds_nothing_from_earlier_inputs(project: Path) -> None:
    """A word and an image removed from a page are gone from the next build's output (search index,
    _images): Sphinx never deletes old output, so each build starts with an empty output folder.
    The HTML is what make site publishes; --html-only skips the PDFs to keep the test fast."""
    build_dir = project / "_build"
    page = project / "docs" / "index.md"
    original = page.read_text(encoding="utf-8")
    (project / "docs" / "siegel.png").write_bytes(TINY_PNG)
    page.write_text(original + "\nDas Wort Xylophonkonzert.\n\n![Siegel](siegel.png)\n", encoding="utf-8")
    first = run_module("site", "--html-only", "--build-dir", str(build_dir), cwd=project)
    assert first.returncode == 0, first.output
    site = build_dir / "html"
    assert "xylophonkonzert" in (site / "de" / "searchindex.js").read_text(encoding="utf-8").lower()
    assert list(site.glob("*/_images/siegel*.png"))
    page.write_text(original, encoding="utf-8")
    (project / "docs" / "siegel.png").unlink()
    second = run_module("site", "--html-only", "--build-dir", str(build_dir), cwd=project)
    assert second.returncode == 0, second.output
    for path in site.rglob("*"):
        if path.is_file():
            assert b"ylophonkonzert" not in path.read_bytes(), path
    assert not list(site.glob("*/_images/siegel*")), "an image of an earlier build is still there"


def test_new_page_takes_name_and_title_from_the_environment_without_a_shell(project: Path) -> None:
    """The Makefile passes NAME and TITLE as NEW_PAGE_NAME and NEW_PAGE_TITLE; no shell sees them."""
    title = "Titel `touch pwned-backtick` $(touch pwned-dollar) 'q' \"q\""
    env = {**os.environ, "NEW_PAGE_NAME": "hinweise", "NEW_PAGE_TITLE": title}
    run = subprocess.run(
        [sys.executable, "-m", "legalpages.new_page"], cwd=project, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"# {title}" in (project / "docs" / "hinweise.md").read_text(encoding="utf-8")
    assert not list(project.glob("pwned-*"))
