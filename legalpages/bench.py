"""`make bench`: how fast writers, translators and CI get their result, against plain sphinx-build.

Every ratio is ours ÷ a plain ``sphinx-build -b html -c . docs OUT`` of the German sources, measured
in the same run on the same machine, with the compared commands alternated to cancel noise.
Results: a table on the terminal and _build/bench/results.json. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

from legalpages import facts as facts_module
from legalpages.pdf import PDF_CACHE
from legalpages.project import PROJECT
from legalpages.sphinx_run import SphinxRun
from legalpages.testkit import copy_project

ROOT = Path(__file__).resolve().parent.parent
SCALE_SIZES = (10, 100, 400)
EDITED_PAGE = "impressum"
GERMAN_EDIT = ("Gebietskörperschaft", "Gebietskörperschaft (geändert {n})")
ENGLISH_EDIT = ("territorial authority", "territorial authority (changed {n})")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def plain_build(project: Path, out: Path, language: str = "de") -> list[str]:
    return [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", ".",
        "-D", f"language={language}", "-d", str(out / "doctrees"), "docs", str(out / "html"),
    ]  # fmt: skip


def alternate(commands: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """One warm-up, then `runs` rounds in which every command runs once, in turn."""
    for run in commands.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, run in commands.items():
            times[name].append(run())
    return times


def summary(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples)}


def from_clean(project: Path, command: Callable[[Path], list[str]]) -> Callable[[], float]:
    def run() -> float:
        out = Path(tempfile.mkdtemp(dir=project / "_bench"))
        try:
            return timed(command(out), project)
        finally:
            shutil.rmtree(out)

    return run


def build_times(project: Path, runs: int) -> dict[str, dict[str, float]]:
    (project / "_bench").mkdir(exist_ok=True)
    site = [sys.executable, "-m", "legalpages.site", "--build-dir"]
    times = alternate(
        {
            "plain_de": from_clean(project, lambda out: plain_build(project, out)),
            "html": from_clean(project, lambda out: [*site, str(out), "--html-only"]),
            "site": from_clean(project, lambda out: [*site, str(out)]),
        },
        runs,
    )
    return {name: summary(samples) for name, samples in times.items()}


# -- edit loops: warm preview and translator ---------------------------------------------------


def edit_loop(project: Path, language: str, source: Path, edit: tuple[str, str], runs: int) -> list[float]:
    result = subprocess.run(
        [sys.executable, "-m", "legalpages.bench_probes", "edit-loop", language, str(source), *edit, str(runs)],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def plain_incremental(project: Path, runs: int) -> list[float]:
    """The yardstick for a writer's edit: a plain incremental sphinx-build after the same edit."""
    out = project / "_bench" / "incremental"
    subprocess.run(plain_build(project, out), cwd=project, check=True, capture_output=True)
    source = project / "docs" / f"{EDITED_PAGE}.md"
    old, new = GERMAN_EDIT
    times = []
    for n in range(runs + 1):
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace(old if n == 0 else new.format(n=n - 1), new.format(n=n), 1), encoding="utf-8")
        times.append(timed(plain_build(project, out), project))
    source.write_text(source.read_text(encoding="utf-8").replace(new.format(n=runs), old), encoding="utf-8")
    return times[1:]


# -- scale -----------------------------------------------------------------------------------------

LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=$", re.MULTILINE)


def corpus(project: Path, pages: int) -> None:
    """`pages` copies of our legal pages with varied titles and labels, German and English."""
    originals = ["impressum", "datenschutz", "barrierefreiheit"]
    docs, catalogs = project / "docs", project / "locale" / "en" / "LC_MESSAGES"
    names = []
    for number in range(pages):
        original = originals[number % len(originals)]
        name = f"{original}-{number}"
        text = (docs / f"{original}.md").read_text(encoding="utf-8")
        text = LABEL.sub(lambda match, n=number: f"({match['label']}-{n})=", text)
        title = text.split("\n# ", 1)[1].split("\n", 1)[0] if "\n# " in text else text.split("# ", 1)[1].split("\n")[0]
        text = text.replace(f"# {title}\n", f"# {title} {number}\n", 1)
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
        catalog = (catalogs / f"{original}.po").read_text(encoding="utf-8")
        catalog = catalog.replace(f'msgid "{title}"\n', f'msgid "{title} {number}"\n', 1)
        translated = re.search(rf'msgid "{re.escape(title)} {number}"\nmsgstr "(?P<english>[^"]*)"', catalog)
        if translated:
            catalog = catalog.replace(translated.group(0), translated.group(0)[:-1] + f' {number}"', 1)
        (catalogs / f"{name}.po").write_text(catalog, encoding="utf-8")
        names.append(name)
    index = docs / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "barrierefreiheit\n", "barrierefreiheit\n" + "\n".join(names) + "\n", 1
        )
    )


def scale(sizes: tuple[int, ...]) -> dict[str, dict[str, float]]:
    results = {}
    for pages in sizes:
        with tempfile.TemporaryDirectory() as folder:
            project = copy_project(Path(folder) / "project")
            corpus(project, pages)
            run = subprocess.run(
                [sys.executable, "-m", "legalpages.bench_probes", "build-html", str(project / "_build")],
                cwd=project,
                capture_output=True,
                text=True,
                check=True,
            )
            results[str(pages)] = json.loads(run.stdout.strip().splitlines()[-1])
    return results


# -- earlier versions ----------------------------------------------------------------------------

ARCHIVE_VERSIONS = 10


def history_project(target: Path, versions: int) -> Path:
    """A git repository of the project in which every legal page has `versions` versions: one commit per
    version, each with a new Stand date for every page and a changed sentence."""
    project = copy_project(target)
    (project / ".gitignore").write_text("_build/\n_bench/\n", encoding="utf-8")
    facts = project / "docs" / "facts.toml"
    pages = list(tomllib.loads(facts.read_text(encoding="utf-8"))["stand"])
    env = {
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }

    def git(*arguments: str, when: int = 0) -> None:
        dated = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
        subprocess.run(["git", "-C", str(project), *arguments], env=os.environ | env | dated, check=True,
                       capture_output=True)  # fmt: skip

    git("init", "-q", "-b", "main")
    for number in range(versions):
        text = facts.read_text(encoding="utf-8")
        for page in pages:
            text = re.sub(rf"(?m)^{re.escape(page)} = .*$", f"{page} = 2026-{number + 1:02d}-15", text)
            source = project / "docs" / f"{page}.md"
            page_text = source.read_text(encoding="utf-8")
            marker = f"\nStand: {{fact}}`stand.{page}`"
            page_text = re.sub(r"\nDiese Fassung ist die Nummer \d+\.\n", "\n", page_text)
            page_text = page_text.replace(marker, f"\nDiese Fassung ist die Nummer {number + 1}.\n{marker}", 1)
            source.write_text(page_text, encoding="utf-8")
        facts.write_text(text, encoding="utf-8")
        git("add", "-A")
        git("commit", "-q", "-m", f"Version {number + 1}", when=1780000000 + number * 86400)
    return project


def archive_times(folder: Path, runs: int) -> dict[str, dict[str, float]]:
    """make site with ARCHIVE_VERSIONS versions of each page and with one, both with what earlier builds
    left (an unchanged version is reused, as in every build after the first); the stamp is removed
    before each run, so each run builds and publishes the whole site."""
    projects = {
        "one": history_project(folder / "one", 1),
        "ten": history_project(folder / "ten", ARCHIVE_VERSIONS),
    }

    def site_build(project: Path) -> Callable[[], float]:
        def run() -> float:
            (project / "_build" / ".site.stamp").unlink(missing_ok=True)
            return timed([sys.executable, "-m", "legalpages.site", "--build-dir", str(project / "_build")], project)

        return run

    times = alternate({name: site_build(project) for name, project in projects.items()}, runs)
    cold = {}
    for name, project in projects.items():  # informative: the very first build, from a fresh clone
        shutil.rmtree(project / "_build")
        cold[name] = site_build(project)()
    return {name: summary(samples) | {"first_build": cold[name]} for name, samples in times.items()}


# -- what a reader downloads ---------------------------------------------------------------------

CSS_URL = re.compile(r"url\(\s*['\"]?(?P<url>[^'\")]+)['\"]?\s*\)")


def page_weight(page: Path) -> dict[str, int]:
    """HTML + the CSS, JS, fonts and images it loads (CSS url() followed), plain and gzipped."""
    document = lxml_html.parse(str(page)).getroot()
    files = [page]
    references = [*document.xpath("//link[@rel='stylesheet']/@href"), *document.xpath("//script/@src")]
    references += document.xpath("//img/@src")
    queue = [(page.parent / urlsplit(reference).path).resolve() for reference in references]
    while queue:
        path = queue.pop()
        if path in files or not path.is_file():
            continue
        files.append(path)
        if path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text(encoding="utf-8")):
                url = match["url"]
                if not url.startswith(("data:", "#", "http")):
                    queue.append((path.parent / urlsplit(url).path).resolve())
    data = [path.read_bytes() for path in files]
    return {
        "bytes": sum(map(len, data)),
        "gzip_bytes": sum(len(gzip.compress(blob, mtime=0)) for blob in data),
        "requests": len(files),
    }


FACT_ROLE = re.compile(r"\{fact\}`(?P<key>[^`]+)`")


def furo_default_page(workdir: Path) -> Path:
    """The Impressum built by furo with no extension of ours (facts written out, no address blocks)."""
    facts = facts_module.load(PROJECT.facts_file)
    text = (ROOT / "docs" / f"{EDITED_PAGE}.md").read_text(encoding="utf-8")
    text = FACT_ROLE.sub(lambda match: facts_module.render(facts, match["key"], str).text, text)
    text = re.sub(r"^(```|:::)\{address\}\n|^(```|:::)\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"\{\w+\}`([^`]*)`", r"\1", text)
    (workdir / "docs").mkdir(parents=True)
    (workdir / "docs" / "index.md").write_text(text, encoding="utf-8")
    (workdir / "conf.py").write_text('extensions = ["myst_parser"]\nhtml_theme = "furo"\nlanguage = "de"\n')
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            str(workdir / "docs"),
            str(workdir / "out"),
            "-c",
            str(workdir),
        ],
        check=True,
        capture_output=True,
    )
    return workdir / "out" / "index.html"


# -- the test suite ------------------------------------------------------------------------------


def run_make_test(report: Path, target: str = "test") -> dict[str, object]:
    """`make test` (or test-fast), run and timed here, and its slowest modules from the JUnit report it writes."""
    report.unlink(missing_ok=True)
    start = time.perf_counter()
    run = subprocess.run(["make", target], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if not report.exists():
        raise SystemExit(f"make {target} wrote no {report} (exit {run.returncode}); run it on its own to see why")
    root = ElementTree.parse(report).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    modules: dict[str, float] = {}
    for case in suite.iter("testcase"):
        module = ".".join(case.get("classname", "").split(".")[:2])  # tests.test_site[.Class]
        modules[module] = modules.get(module, 0.0) + float(case.get("time", 0))
    slowest = sorted(modules.items(), key=lambda item: item[1], reverse=True)[:5]
    return {
        "seconds": seconds,
        "passed": run.returncode == 0,
        "tests": int(suite.get("tests", 0)),
        "pytest_seconds": float(suite.get("time", 0)),
        "slowest_modules_cpu_seconds": dict(slowest),  # summed over the parallel workers
    }


# -- make profile --------------------------------------------------------------------------------


def profile(out: Path) -> None:
    """pyinstrument profiles of the English HTML build (the slower language) and of make site.

    The make site profile shows the orchestrating process: its own work, and how long it waits for
    the Sphinx processes and the PDF workers.
    """
    from pyinstrument import Profiler
    from sphinx.cmd.build import build_main

    from legalpages.catalogs import compile_catalogs
    from legalpages.site import build_site

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        compile_catalogs("en", work / "locale")  # as make site does: no .mo written into locale/
        with Profiler() as english:
            build_main(SphinxRun("html", work / "html", work / "doctrees", "en", work / "locale").arguments())
        english.write_html(out / "english-build.html")
        with Profiler() as site:
            build_site(work / "site-build")
        site.write_html(out / "site.html")
    print(f"profiles: {out / 'english-build.html'}, {out / 'site.html'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument("--test-report", type=Path, default=ROOT / "_build" / "test-report.xml")
    parser.add_argument("--profile", action="store_true", help="profile instead of benchmarking")
    args = parser.parse_args(argv)
    if args.profile:
        profile(ROOT / "_build" / "profile")
        return 0
    os.environ.pop(PDF_CACHE, None)  # a build from clean renders its PDFs: no cache shared across build folders
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        builds = build_times(project, args.runs)
        incremental = plain_incremental(project, args.runs)
        preview = edit_loop(project, "de", project / "docs" / f"{EDITED_PAGE}.md", GERMAN_EDIT, args.runs)
        translator = edit_loop(
            project, "en", project / "locale/en/LC_MESSAGES" / f"{EDITED_PAGE}.po", ENGLISH_EDIT, args.runs
        )
        site = project / "_bench" / "weight"
        subprocess.run([sys.executable, "-m", "legalpages.site", "--build-dir", str(site)], cwd=project, check=True)
        ours = page_weight(site / "site" / "de" / f"{EDITED_PAGE}.html")
        furo = page_weight(furo_default_page(Path(folder) / "furo"))
        archive = archive_times(Path(folder) / "archive", args.runs)
    scaled = scale(SCALE_SIZES)
    fast_tests = run_make_test(args.test_report, "test-fast")
    tests = run_make_test(args.test_report)
    baseline = builds["plain_de"]["median"]
    incremental_median = statistics.median(incremental)
    results = {
        "runs": args.runs,
        "plain_de_seconds": builds["plain_de"],
        "html_seconds": builds["html"],
        "site_seconds": builds["site"],
        "html_ratio": builds["html"]["median"] / baseline,
        "site_ratio": builds["site"]["median"] / baseline,
        "plain_incremental_seconds": summary(incremental),
        "preview_seconds": summary(preview),
        "preview_ratio": statistics.median(preview) / incremental_median,
        "translator_loop_s": statistics.median(translator),
        "translator_ratio": statistics.median(translator) / incremental_median,
        "archive_seconds": archive,
        "archive_ratio": archive["ten"]["median"] / archive["one"]["median"],
        "archive_first_build_ratio": archive["ten"]["first_build"] / archive["one"]["first_build"],
        "scale": scaled,
        "scale_per_page_ratio": (scaled["400"]["seconds"] / 400) / (scaled["100"]["seconds"] / 100),
        "page_bytes": ours["bytes"],
        "page_gzip_bytes": ours["gzip_bytes"],
        "page_requests": ours["requests"],
        "furo_page_bytes": furo["bytes"],
        "furo_page_gzip_bytes": furo["gzip_bytes"],
        "furo_page_requests": furo["requests"],
        "test_seconds": tests["seconds"],
        "test_run": tests,
        "test_fast_seconds": fast_tests["seconds"],
        "test_fast_run": fast_tests,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True), encoding="utf-8")
    print_table(results)
    return 0


def weight(results: dict, prefix: str) -> str:
    return f"{results[prefix + '_bytes']} / {results[prefix + '_gzip_bytes']} / {results[prefix + '_requests']}"


def print_table(results: dict) -> None:
    rows = [
        ("plain German sphinx-build (s)", f"{results['plain_de_seconds']['median']:.2f}", "yardstick"),
        ("html_ratio (both languages)", f"{results['html_ratio']:.2f}", "goal ≤ 1.2"),
        ("site_ratio (HTML, PDFs, checks)", f"{results['site_ratio']:.2f}", "goal ≤ 2.5"),
        ("preview_ratio (warm preview)", f"{results['preview_ratio']:.2f}", "goal ≤ 0.5"),
        ("translator_loop_s", f"{results['translator_loop_s']:.2f}", ""),
        ("translator_ratio", f"{results['translator_ratio']:.2f}", ""),
        ("archive_ratio (10 versions ÷ 1)", f"{results['archive_ratio']:.2f}", "goal ≤ 1.5"),
        ("archive_first_build_ratio", f"{results['archive_first_build_ratio']:.2f}", "fresh clone, nothing reused"),
        *(
            (f"scale {pages} pages (s / MiB)", f"{row['seconds']:.1f} / {row['max_rss_mib']:.0f}", "")
            for pages, row in results["scale"].items()
        ),
        ("scale_per_page_ratio (400 ÷ 100)", f"{results['scale_per_page_ratio']:.2f}", "linear ≈ 1.0"),
        ("page_bytes / gzip / requests", weight(results, "page"), "the Impressum, all assets"),
        ("furo_page_bytes / gzip / requests", weight(results, "furo_page"), "furo's default output"),
        ("test_seconds (make test)", f"{results['test_seconds']:.0f}", "goal ≤ 240 on 2 cores"),
        ("test_fast_seconds (make test-fast)", f"{results['test_fast_seconds']:.0f}", "goal ≤ 60 on 2 cores"),
    ]  # fmt: skip
    width = max(len(name) for name, _, _ in rows)
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:>24}  {goal}")


if __name__ == "__main__":
    sys.exit(main())
