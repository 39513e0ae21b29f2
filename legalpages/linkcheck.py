"""Link checks of the built site.

- internal (offline, part of every build): every href/src in the published tree resolves to a file
  and every #fragment to an id, including the language switcher, hreflang alternates and PDF links;
  every mailto: address and tel: number is well-formed; links inside the PDFs that point into the
  site resolve.
- external (network): every http(s) URL of the pages (sources, translations and so the PDFs, which
  are made from the pages) with Sphinx's linkcheck builder, configured in conf.py. Without network
  it says so in one line and exits with NO_NETWORK instead of hanging.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import socket
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import unquote, urlsplit

import email_validator
import phonenumbers
import pikepdf
from lxml import html as lxml_html

from legalpages.catalogs import compile_catalogs
from legalpages.project import PROJECT
from legalpages.sphinx_run import SphinxRun, wait

ROOT = Path(__file__).resolve().parent.parent
NO_NETWORK = 3  # exit status of the external stage when no host can be resolved
DNS_TIMEOUT_SECONDS = 3

LINK_ATTRIBUTES = ("href", "src")
NON_FILE_SCHEMES = ("http", "https", "mailto", "tel", "data")


@dataclass(frozen=True)
class BrokenLink:
    page: Path
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.url}: {self.reason}"


def parse(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.parse(str(path)).getroot()


def ids_of(document: lxml_html.HtmlElement) -> set[str]:
    return {element.get("id") for element in document.iter() if element.get("id")} | {
        element.get("name") for element in document.iter("a") if element.get("name")
    }


def links_of(document: lxml_html.HtmlElement) -> list[tuple[int, str]]:
    links = []
    for element in document.iter():
        for attribute in LINK_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None:
                links.append((element.sourceline or 0, value))
    return links


def base_folder(site: Path, page: Path, document: lxml_html.HtmlElement) -> Path:
    """The folder relative links resolve from: the page's own, or the one its <base href> names
    (the 404 page's base is an absolute path such as /legal/de/; match its tail to a site folder)."""
    for base in document.iter("base"):
        segments = urlsplit(base.get("href", "")).path.strip("/").split("/")
        for start in range(len(segments)):
            folder = site.joinpath(*segments[start:])
            if segments[start:] and folder.is_dir():
                return folder
    return page.parent


def check_site(site: Path, site_url: str | None = None) -> list[BrokenLink]:
    """Every link of every page resolves. Absolute links under site_url (default: $SITE_URL, as
    set for a publishing build) are checked as the files they name."""
    site = site.resolve()
    site_url = (PROJECT.site_url if site_url is None else site_url).rstrip("/")
    pages = sorted(site.glob("**/*.html"))
    id_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in id_cache:
            id_cache[path] = ids_of(parse(path))
        return id_cache[path]

    located: dict[tuple[Path, str], tuple[Path, str | None]] = {}

    def locate(folder: Path, path: str) -> tuple[Path, str | None]:
        """The file a relative path names from a folder, and what is wrong with it: the same links (navigation,
        footer, styles) recur on every page of a folder, so each is resolved once."""
        if (folder, path) not in located:
            target = (folder / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            problem = None
            if site not in target.parents and target != site:
                problem = "points outside the site"
            elif not target.is_file():
                problem = "no such file"
            located[folder, path] = (target, problem)
        return located[folder, path]

    broken = []
    for page in pages:
        relative_page = page.relative_to(site)
        document = parse(page)
        folder = base_folder(site, page, document)
        base_hrefs = {base.get("href") for base in document.iter("base")}
        for line, url in links_of(document):
            if site_url and url.startswith(site_url + "/"):
                parts = urlsplit(url[len(site_url) + 1 :])
                target, problem = locate(site, unquote(parts.path))
            else:
                parts = urlsplit(url)
                if parts.scheme in ("mailto", "tel"):
                    problem = contact_problem(parts.scheme, url.split(":", 1)[1])
                    if problem:
                        broken.append(BrokenLink(relative_page, line, url, problem))
                    continue
                if parts.scheme in NON_FILE_SCHEMES:
                    continue
                if url in base_hrefs:
                    continue  # the <base> itself: base_folder() has resolved it
                if parts.scheme or parts.netloc or url.startswith("/"):
                    broken.append(
                        BrokenLink(relative_page, line, url, "not relative; the site must work from any path")
                    )
                    continue
                target, problem = locate(folder, unquote(parts.path)) if parts.path else (page.resolve(), None)
            if problem:
                broken.append(BrokenLink(relative_page, line, url, problem))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(BrokenLink(relative_page, line, url, f"no id {parts.fragment!r} in {target.name}"))
    for pdf in sorted(site.glob("**/*.pdf")):
        broken += check_pdf_links(site, pdf)
    return broken


@functools.cache  # the same addresses recur on every page
def contact_problem(scheme: str, value: str) -> str | None:
    """Why a mailto: address or tel: number is malformed, or None."""
    if scheme == "mailto":
        try:
            email_validator.validate_email(unquote(value.split("?")[0]), check_deliverability=False)
        except email_validator.EmailNotValidError as error:
            return f"not a valid e-mail address: {error}"
        return None
    if not (value.startswith("+") and value[1:].isdigit()):
        return "tel: numbers must be in E.164 form, e.g. tel:+492118372000"
    if not phonenumbers.is_valid_number(phonenumbers.parse(value)):
        return "not a valid phone number"
    return None


def pdf_uris(pdf: Path) -> list[tuple[int, str]]:
    """(page number, URI) of every link annotation in a PDF."""
    uris = []
    with pikepdf.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and action.get("/S") == "/URI":
                    uris.append((number, str(action.get("/URI"))))
    return uris


def check_pdf_links(site: Path, pdf: Path) -> list[BrokenLink]:
    """Links in a PDF: contact links well-formed, relative links resolve like the HTML's."""
    broken = []
    for page_number, uri in pdf_uris(pdf):
        parts = urlsplit(uri)
        if parts.scheme in ("mailto", "tel"):
            problem = contact_problem(parts.scheme, uri.split(":", 1)[1])
        elif parts.scheme in ("http", "https"):
            problem = None  # the external stage checks these
        elif parts.scheme:
            problem = f"unexpected link scheme {parts.scheme!r}"
        else:
            target = (pdf.parent / unquote(parts.path)).resolve()
            problem = None if target.is_file() and site in target.parents else "no such file in the site"
        if problem:
            broken.append(BrokenLink(pdf.relative_to(site), page_number, uri, problem + " (line = PDF page)"))
    return broken


# -- external stage ----------------------------------------------------------------------------


def external_urls(site: Path) -> list[str]:
    urls = set()
    for page in site.glob("**/*.html"):
        for _, url in links_of(parse(page)):
            if urlsplit(url).scheme in ("http", "https"):
                urls.add(url)
    for pdf in site.glob("**/*.pdf"):
        urls.update(uri for _, uri in pdf_uris(pdf) if urlsplit(uri).scheme in ("http", "https"))
    return sorted(urls)


def ignored_patterns() -> list[re.Pattern[str]]:
    """conf.py's linkcheck_ignore, so that the network probe looks only at URLs that get checked."""
    return [re.compile(pattern) for pattern in PROJECT.linkcheck_ignore]


def unresolvable_hosts(urls: list[str]) -> tuple[list[str], list[str]]:
    """(hosts that need DNS, those of them that did not resolve within DNS_TIMEOUT_SECONDS)."""
    hosts = sorted({urlsplit(url).hostname or "" for url in urls} - {"", "localhost"})
    named = []
    for host in hosts:
        try:
            ip_address(host)
        except ValueError:
            named.append(host)
    if not named:
        return [], []
    pool = ThreadPoolExecutor(max_workers=len(named))
    futures = {host: pool.submit(socket.getaddrinfo, host, 443) for host in named}
    failed = []
    for host, future in futures.items():
        try:
            future.result(timeout=DNS_TIMEOUT_SECONDS)
        except (OSError, FutureTimeout):
            failed.append(host)
    pool.shutdown(wait=False, cancel_futures=True)
    return named, failed


def catalog_location(language: str, docname: str, uri: str) -> str | None:
    """ "locale/en/LC_MESSAGES/x.po:LINE" of the entry whose msgstr contains uri."""
    po = ROOT / "locale" / language / "LC_MESSAGES" / f"{docname}.po"
    if not po.exists():
        return None
    entry_line = 0
    for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("msgid "):
            entry_line = number
        elif uri in line and entry_line:
            return f"{po.relative_to(ROOT)}:{entry_line}"
    return None


def facts_location(uri: str) -> str | None:
    facts = PROJECT.facts_file
    for number, line in enumerate(facts.read_text(encoding="utf-8").splitlines(), start=1):
        if f'"{uri}"' in line:
            return f"{facts.relative_to(ROOT)}:{number}"
    return None


def run_sphinx_linkcheck(language: str, out_dir: Path) -> list[dict]:
    locale_dir = out_dir / "locale"  # compiled here, never into locale/ (catalogs.compile_catalogs)
    if language != PROJECT.source_language:
        compile_catalogs(language, locale_dir)
    run = SphinxRun("linkcheck", out_dir, out_dir / "doctrees", language, locale_dir, strict=False)
    wait(run.start())  # broken links make it exit 1; we read its report instead
    report = out_dir / "output.json"
    if not report.exists():
        raise RuntimeError(f"Sphinx linkcheck wrote no report for {language}; see the messages above")
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines() if line.strip()]


def classify(entry: dict) -> str:
    status = entry["status"]
    if status == "redirected":
        return "redirected-permanent" if entry.get("code") in (301, 308) else "redirected"
    if status in ("working", "ignored", "broken", "timeout", "rate-limited"):
        return {"timeout": "broken", "rate-limited": "broken"}.get(status, status)
    return "other"


def describe(language: str, entry: dict) -> str:
    docname = Path(entry["filename"]).with_suffix("").as_posix()
    where = f"docs/{entry['filename']}:{entry['lineno']}"
    origins = [location for location in (facts_location(entry["uri"]),) if location]
    if language != PROJECT.source_language:
        origins.insert(0, catalog_location(language, docname, entry["uri"]) or where)
    source = origins[0] if origins and language != PROJECT.source_language else where
    extra = f" (from {', '.join(origins)})" if origins and source != origins[0] else ""
    info = entry.get("info") or entry["status"]
    if entry["status"] == "timeout":
        info = f"timed out ({info})"
    return f"{source}: {entry['uri']}: {info}{extra}"


NOT_CHECKED = "not checked: no network"


def write_unchecked_report(site: Path, report_dir: Path, urls: list[str]) -> None:
    """Offline, the report still lists every external URL of each language, each 'not checked'."""
    report = {}
    for language in PROJECT.codes:
        mine = set(external_urls(site / language)) & set(urls) if (site / language).is_dir() else set()
        links = [
            {"uri": url, "status": "unchecked", "class": "not checked", "info": NOT_CHECKED} for url in sorted(mine)
        ]
        report[language] = {"summary": {"checked": 0, "not checked": len(links)}, "links": links}
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")


def check_external(site: Path, report_dir: Path) -> int:
    ignored = ignored_patterns()
    urls = [url for url in external_urls(site) if not any(pattern.match(url) for pattern in ignored)]
    named, failed = unresolvable_hosts(urls)
    if named and len(failed) == len(named):
        write_unchecked_report(site, report_dir, urls)
        print(
            f"external links: no network (could not resolve {', '.join(failed)}); "
            f"{len(urls)} external URLs not checked",
            file=sys.stderr,
        )
        return NO_NETWORK
    report: dict[str, dict] = {}
    broken_lines = []
    for language in PROJECT.codes:
        entries = [
            entry
            for entry in run_sphinx_linkcheck(language, report_dir / language)
            if urlsplit(entry["uri"]).scheme in ("http", "https")
        ]
        counts = Counter(classify(entry) for entry in entries)
        for entry in entries:
            kind = classify(entry)
            entry["class"] = kind
            entry["message"] = describe(language, entry)
            if kind == "broken":
                broken_lines.append(f"{entry['message']}")
            elif kind == "redirected-permanent":
                print(f"warning: {entry['message']}: moved permanently, use the new URL", file=sys.stderr)
        report[language] = {"summary": {"checked": len(entries), **counts}, "links": entries}
        summary = ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
        print(f"external links ({language}): checked {len(entries)}: {summary}")
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
    for line in broken_lines:
        print(line, file=sys.stderr)
    return 1 if broken_lines else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=["internal", "external"])
    parser.add_argument("site", type=Path)
    parser.add_argument("--report-dir", type=Path, default=ROOT / "_build" / "linkcheck")
    args = parser.parse_args(argv)
    if args.stage == "external":
        return check_external(args.site.resolve(), args.report_dir.resolve())
    broken = check_site(args.site)
    for link in broken:
        print(link, file=sys.stderr)
    print(f"internal links: {len(broken)} broken", file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
