"""Build the whole site (every language) and publish it atomically into _build/site.

The site is assembled in a temporary folder beside the published one and swapped in only when
every language has built and every blocking check has passed; a failed build leaves the
published site untouched. A lock file keeps two concurrent builds from interleaving.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import hashlib
import html
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from legalpages import accessibility_report
from legalpages.catalogs import CatalogError, compile_catalogs, write_status
from legalpages.project import PROJECT
from legalpages.publishing import write_root_files
from legalpages.source_checks import Problem, check_files
from legalpages.sphinx_run import SphinxRun, wait

# The PDF, translator-check and link-check modules load only where they are used: their imports
# (~0.1 s) would otherwise delay the start of the HTML builds (make bench, html_ratio).

ROOT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """A build step failed; its own output has already told the user what to fix."""


def build_html(
    build_dir: Path, languages: tuple[str, ...], release: bool, meanwhile: Callable[[], object] = lambda: None
) -> dict[str, Path]:
    """Build every language at once, one process each (two processes beat Sphinx's own -j here).

    The builds start as soon as the catalogs are compiled. The translator checks, and
    ``meanwhile`` (make site loads the PDF renderer), run while they build; a problem the
    checks find stops the builds.
    """
    outputs = {language: build_dir / "html" / language for language in languages}
    locale_dir = build_dir / "locale"
    translated = [language for language in languages if language != PROJECT.source_language]
    for language in translated:
        try:
            compile_catalogs(language, locale_dir)
        except CatalogError as error:
            raise BuildError(f"broken translation catalog:\n{error}") from None
    processes = []
    for language, out_dir in outputs.items():
        doctree_dir = build_dir / "doctrees" / language
        start_from_good_state(doctree_dir, out_dir)
        processes.append((language, SphinxRun("html", out_dir, doctree_dir, language, locale_dir, release).start()))
    with ThreadPoolExecutor(1) as background:  # only now: the builds above are forked
        meanwhile_done = background.submit(meanwhile)
        problems = [problem for language in translated for problem in catalog_problems(language)]
        if problems:
            for _, process in processes:
                process.kill()
                wait(process)
            raise BuildError("problems in the translation catalogs:\n" + "\n".join(map(str, problems)))
        failed = [language for language, process in processes if wait(process) != 0]
        for language in set(outputs) - set(failed):
            (build_dir / "doctrees" / language / GOOD_STATE).touch()
        meanwhile_done.result()
    if failed:
        raise BuildError(f"the HTML build failed for: {', '.join(failed)} (messages above, with file and line)")
    return outputs


GOOD_STATE = "last-build-succeeded"


def start_from_good_state(doctree_dir: Path, out_dir: Path) -> None:
    """Sphinx reuses what it read last time and warns only while reading, so a page that failed once
    would pass the next build unread, its error forgotten (sphinx/builders/__init__.py,
    ``_read_serial`` reads only added and changed documents). Sphinx's cache is reused only when the
    build that wrote it succeeded, as the marker GOOD_STATE says; a failed, killed or interrupted
    build leaves no marker, and the next build reads every page again and repeats every message.

    The HTML output starts empty every time: Sphinx never deletes what earlier inputs put there
    (``_downloads``, ``_images``, pages of removed documents, the search index's old words).
    """
    marker = doctree_dir / GOOD_STATE
    if marker.exists():
        marker.unlink()  # until this build succeeds
    elif doctree_dir.exists():
        shutil.rmtree(doctree_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)


def catalog_problems(language: str) -> list[Problem]:
    from legalpages.po_check import check_file

    return [
        problem
        for catalog in sorted((ROOT / "locale" / language / "LC_MESSAGES").glob("*.po"))
        for problem in check_file(catalog, glossary=[], spell=False, style=False)
    ]


def redirect_page() -> str:
    """Root index.html: sends visitors to the source-language site without JavaScript, and offers
    every language, each link in its own language (conf.py's footer_label and name)."""
    source = PROJECT.source_language
    target = f"{source}/index.html"
    texts = {code: language.texts for code, language in PROJECT.languages.items()}
    title = " – ".join(html.escape(texts[code]["footer_label"]) for code in PROJECT.codes)
    links = "\n".join(
        f'<p lang="{code}"><a href="{code}/index.html" hreflang="{html.escape(texts[code]["hreflang"])}">'
        f"{html.escape(texts[code]['footer_label'])} ({html.escape(texts[code]['name'])})</a></p>"
        for code in PROJECT.codes
    )
    return f"""<!doctype html>
<html lang="{source}">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={target}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<link rel="canonical" href="{target}">
</head>
<body>
<main>
{links}
</main>
</body>
</html>
"""


BUILD_LEFTOVERS = shutil.ignore_patterns(".buildinfo", ".doctrees", "_sources")


def assemble(staging: Path, outputs: dict[str, Path]) -> None:
    for language, out_dir in outputs.items():
        shutil.copytree(out_dir, staging / language, ignore=BUILD_LEFTOVERS)
    (staging / "index.html").write_text(redirect_page(), encoding="utf-8")
    write_root_files(staging, tuple(outputs), PROJECT.source_language, PROJECT.site_url)
    write_status(staging, tuple(language for language in outputs if language != PROJECT.source_language))


@contextmanager
def site_lock(build_dir: Path):
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def remove_leftovers(build_dir: Path) -> None:
    """Staging folders of builds that were killed (the lock is ours, so no build is using them)."""
    for leftover in [*build_dir.glob("site.staging.*"), build_dir / "site.old"]:
        if leftover.is_dir():
            shutil.rmtree(leftover)


def publish(staging: Path, site_dir: Path) -> None:
    """Swap the staged site in; the old one is removed only after the new one is in place."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.rename(site_dir, old)
    os.rename(staging, site_dir)
    if old.exists():
        shutil.rmtree(old)


# Everything a build reads besides the environment; .mo files are build output (catalogs.py).
INPUT_FOLDERS = ("docs", "locale", "legalpages")
INPUT_FILES = ("conf.py", "requirements.txt")


def inputs_fingerprint(release: bool, site_url: str, versions: str = "") -> str:
    """A hash of every input and build setting: equal only when a build would publish the same site.

    ``versions``: the earlier versions' commits and dates (legalpages/versions.py), read from git."""
    digest = hashlib.sha256(f"{release} {site_url} {os.environ.get('SOURCE_DATE_EPOCH', '')} {versions}".encode())
    paths = [ROOT / name for name in INPUT_FILES if (ROOT / name).is_file()]
    for folder in INPUT_FOLDERS:
        paths += [path for path in (ROOT / folder).rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    for path in sorted(path for path in paths if path.suffix != ".mo"):
        digest.update(f"\0{path.relative_to(ROOT)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def build_site(build_dir: Path, languages: tuple[str, ...] = PROJECT.codes, release: bool = False) -> Path:
    """Build and publish, unless the published site was built from exactly these inputs."""
    site_dir = build_dir / "site"
    stamp = build_dir / ".site.stamp"  # the fingerprint of what _build/site/ was built from, beside .site.lock
    from legalpages.versions import VersionError, history

    try:
        versions = history(ROOT)
    except VersionError as error:
        raise BuildError(f"the earlier versions of the legal pages: {error}") from None
    report_dir = build_dir / accessibility_report.REPORT_FOLDER  # make accessibility-report's result, published
    fingerprint = inputs_fingerprint(release, PROJECT.site_url, repr(sorted(versions.items())))
    fingerprint += accessibility_report.digest(report_dir)
    with site_lock(build_dir):
        remove_leftovers(build_dir)
        if site_dir.is_dir() and stamp.is_file() and stamp.read_text() == fingerprint:
            print(f"{site_dir} is up to date: built from exactly these sources and settings")
            return site_dir
        problems = check_files(ROOT)
        if problems:
            raise BuildError("problems in the sources:\n" + "\n".join(map(str, problems)))
        if release:  # every reason not to release at once, before anything is built
            from legalpages.po_check import incomplete
            from legalpages.versions import release_problems

            refused = []
            undated = release_problems(ROOT)
            if undated:
                refused.append(
                    "a release needs a declared version (Stand date and note) of each legal text:\n"
                    + "\n".join(undated)
                )
            untranslated = incomplete()
            if untranslated:
                refused.append("a release needs complete translations:\n" + "\n".join(map(str, untranslated)))
            # the statement: never stale, never more than the test report shows (the one clock read)
            stale = accessibility_report.release_problems(report_dir, PROJECT.facts_file, dt.date.today())
            if stale:
                refused.append("the accessibility statement cannot be released:\n" + "\n".join(stale))
            if refused:
                raise BuildError("\n".join(refused))

        def load_pdf_renderer() -> None:  # runs while Sphinx builds, in other processes
            from legalpages.pdf import pdf_cache_folder, warm_up

            # Only for a first build: later ones copy most PDFs from the cache, and loading WeasyPrint
            # for nothing took 0.35 s of CPU from the builds. render_pdfs loads it when it renders.
            if not any(pdf_cache_folder(build_dir).glob("*.pdf")):
                warm_up(languages)

        outputs = build_html(build_dir, languages, release, meanwhile=load_pdf_renderer)
        staging = Path(tempfile.mkdtemp(prefix="site.staging.", dir=build_dir))
        try:
            assemble(staging, outputs)
            accessibility_report.publish(report_dir, staging)  # before the link check: the statement links it
            from legalpages.linkcheck import check_site
            from legalpages.pdf import PdfError, pdf_cache_folder, render_pdfs

            try:  # before the link check, which then also checks the PDF links
                render_pdfs(staging, pdf_cache_folder(build_dir))
            except PdfError as error:
                raise BuildError(f"the PDF step failed:\n{error}") from None
            if any(len(page_versions) > 1 for page_versions in versions.values()):
                # earlier versions and change views (no Sphinx run at all while there are none)
                from legalpages.archive import ArchiveError, add_to_site, build_versions

                try:
                    folders = build_versions(build_dir, versions, release)
                    add_to_site(staging, versions, folders, release, views=build_dir / "change-views")
                except ArchiveError as error:
                    raise BuildError(str(error)) from None
            broken = check_site(staging)
            if broken:
                raise BuildError("broken internal links:\n" + "\n".join(map(str, broken)))
            staging.chmod(0o755)
            stamp.unlink(missing_ok=True)
            publish(staging, site_dir)
            stamp.write_text(fingerprint)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return site_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build and publish the bilingual site.")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build")
    parser.add_argument("--release", action="store_true", help="fail on open placeholders")
    parser.add_argument("--html-only", action="store_true", help="only the HTML of each language, unpublished")
    args = parser.parse_args(argv)
    try:
        if args.html_only:
            with site_lock(args.build_dir.resolve()):  # it writes the same folders as make site
                outputs = build_html(args.build_dir.resolve(), PROJECT.codes, args.release)
            print(f"HTML built in {', '.join(map(str, outputs.values()))}")
            return 0
        site_dir = build_site(args.build_dir.resolve(), release=args.release)
    except BuildError as error:
        print(f"make site: {error}; the published site was left unchanged.", file=sys.stderr)
        return 1
    print(f"site published in {site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
