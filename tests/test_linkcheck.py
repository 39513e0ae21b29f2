"""The link checker: external links against a local HTTP server, internal links and PDF links offline."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pytest
from conftest import run_module

from legalpages.linkcheck import NO_NETWORK, check_site, contact_problem

SLOW_SECONDS = 4
ANCHOR_PAGE = b'<!doctype html><html><body><h1 id="present">Here</h1></body></html>'


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("#")[0]
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
        status, location = {
            "/ok": (200, None),
            "/anchors": (200, None),
            "/slow": (200, None),
            "/moved": (301, "/ok"),
            "/temporary": (302, "/ok"),
            "/missing": (404, None),
            "/error": (500, None),
        }.get(path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(ANCHOR_PAGE)

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def add_links(project: Path, urls: list[str], ignore: str) -> dict[str, int]:
    """Append one paragraph per URL to the Impressum; return each URL's source line."""
    page = project / "docs" / "impressum.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    where = {}
    for url in urls:
        lines += ["", f"Verweis: <{url}>"]
        where[url] = len(lines)
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\nlinkcheck_timeout = 1\nlinkcheck_retries = 1\nlinkcheck_ignore = [{ignore!r}]\n",
        encoding="utf-8",
    )
    return where


def build(project: Path) -> Path:
    run = run_module("site", "--build-dir", str(project / "_build"), cwd=project)
    assert run.returncode == 0, run.output
    return project / "_build" / "site"


@pytest.mark.e2e
def test_external_links_are_classified_with_source_lines(project: Path, server: str) -> None:
    urls = {
        name: f"{server}{path}"
        for name, path in {
            "ok": "/ok",
            "moved": "/moved",
            "temporary": "/temporary",
            "missing": "/missing",
            "error": "/error",
            "slow": "/slow",
            "anchor": "/anchors#present",
            "no-anchor": "/anchors#absent",
        }.items()
    }
    lines = add_links(project, list(urls.values()), ignore=r"^https://")  # the real sites are unreachable here
    site = build(project)
    run = run_module("linkcheck", "external", str(site), "--report-dir", str(project / "report"), cwd=project)
    assert run.returncode == 1, run.output
    report = json.loads((project / "report" / "report.json").read_text())
    classes = {entry["uri"]: entry["class"] for entry in report["de"]["links"]}
    assert classes[urls["ok"]] == "working"
    assert classes[urls["anchor"]] == "working"
    assert classes[urls["moved"]] == "redirected-permanent"
    assert classes[urls["temporary"]] == "redirected"
    for name in ("missing", "error", "slow", "no-anchor"):
        assert classes[urls[name]] == "broken", name
        assert f"docs/impressum.md:{lines[urls[name]]}: {urls[name]}:" in run.output, run.output
    assert "timed out" in run.output
    assert "absent" in run.output
    assert re.search(rf"warning: .*{re.escape(urls['moved'])}.*{re.escape(server)}/ok", run.output), run.output
    summary = report["en"]["summary"]
    assert summary["checked"] >= len(urls) and summary["broken"] == 4, summary
    assert "external links (de): checked" in run.output and "external links (en): checked" in run.output


@pytest.mark.e2e
def test_external_stage_says_clearly_when_there_is_no_network(project: Path) -> None:
    # .invalid never resolves (RFC 2606), with or without network
    add_links(project, ["https://legal-pages-test.invalid/page"], ignore=r"^https://(?!legal-pages-test\.invalid)")
    site = build(project)
    run = run_module("linkcheck", "external", str(site), "--report-dir", str(project / "report"), cwd=project)
    assert run.returncode == NO_NETWORK, run.output
    assert run.output.strip().splitlines() == [
        "external links: no network (could not resolve legal-pages-test.invalid); 1 external URLs not checked"
    ]
    report = json.loads((project / "report" / "report.json").read_text(encoding="utf-8"))
    for language in ("de", "en"):
        links = report[language]["links"]
        assert [link["uri"] for link in links] == ["https://legal-pages-test.invalid/page"]
        assert links[0]["info"] == "not checked: no network"
        assert report[language]["summary"] == {"checked": 0, "not checked": 1}


def test_internal_stage_finds_a_broken_anchor_and_a_broken_pdf_link(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert check_site(copy) == []
    page = copy / "de" / "impressum.html"
    page.write_text(page.read_text(encoding="utf-8").replace('href="#', 'href="#kaputt-', 1), encoding="utf-8")
    pdfs = sorted(copy.glob("*/pdf/*.pdf"))
    assert pdfs, "the site has no PDFs"
    with pikepdf.open(pdfs[0], allow_overwriting_input=True) as pdf:
        annotation = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("../fehlt.html")),
        )
        page_object = pdf.pages[0]
        page_object.obj["/Annots"] = pdf.make_indirect(pikepdf.Array([*page_object.obj.get("/Annots", []), annotation]))
        pdf.save(pdfs[0])
    problems = [str(problem) for problem in check_site(copy)]
    assert len(problems) == 2, problems
    assert any("de/impressum.html" in problem and "kaputt-" in problem for problem in problems)
    assert any("../fehlt.html" in problem and pdfs[0].name in problem for problem in problems)


@pytest.mark.parametrize(
    ("scheme", "value", "valid"),
    [
        ("mailto", "poststelle@mkjfgfi.nrw.de", True),
        ("mailto", "poststelle@@mkjfgfi", False),
        ("tel", "+492118372000", True),
        ("tel", "0211 837-2000", False),
        ("tel", "+4921", False),
    ],
)
def test_contact_link_syntax(scheme: str, value: str, valid: bool) -> None:
    assert (contact_problem(scheme, value) is None) is valid
