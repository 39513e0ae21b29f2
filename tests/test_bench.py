"""What make bench measures must be what it says: a translated corpus, and every file a reader loads."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import run_module, soup

from legalpages.bench import corpus, page_weight


@pytest.mark.e2e
def test_scale_corpus_builds_in_both_languages_and_the_copies_are_translated(project: Path) -> None:
    corpus(project, 4)
    run = run_module("site", "--build-dir", str(project / "_build"), "--html-only", cwd=project)
    assert run.returncode == 0, run.output
    html = project / "_build" / "html"
    for number, original in enumerate(["impressum", "datenschutz", "barrierefreiheit", "impressum"]):
        german, english = (heading(html / language / f"{original}-{number}.html") for language in ("de", "en"))
        assert german == f"{heading(html / 'de' / f'{original}.html')} {number}"
        assert english == f"{heading(html / 'en' / f'{original}.html')} {number}"
        assert english != german, "the copy's English page is untranslated: scale would measure too little"


def heading(page: Path) -> str:
    title = soup(page).select_one("article h1")
    for permalink in title.select("a.headerlink"):
        permalink.decompose()
    return title.get_text(" ", strip=True)


def test_page_weight_counts_the_page_and_every_file_it_links(site: Path) -> None:
    page = site / "de" / "impressum.html"
    document = soup(page)
    linked = {
        (page.parent / urlsplit(reference).path).resolve()
        for reference in [
            *(link["href"] for link in document.select("link[rel=stylesheet]")),
            *(script["src"] for script in document.select("script[src]")),
        ]
    }
    weight = page_weight(page)
    at_least = page.stat().st_size + sum(path.stat().st_size for path in linked)
    assert weight["requests"] >= len(linked) + 1  # the page, its CSS and JS, and what the CSS loads
    assert weight["bytes"] >= at_least
    assert 0 < weight["gzip_bytes"] < weight["bytes"]


@pytest.mark.e2e
def test_the_edit_loop_probe_times_each_rebuild_and_restores_the_page(project: Path) -> None:
    source = project / "docs" / "impressum.md"
    original = source.read_text(encoding="utf-8")
    run = run_module(
        "bench_probes",
        "edit-loop",
        "de",
        str(source),
        "Gebietskörperschaft",
        "Gebietskörperschaft {n}",
        "2",
        cwd=project,
    )
    assert run.returncode == 0, run.output
    times = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(times) == 2 and all(seconds > 0 for seconds in times)
    assert source.read_text(encoding="utf-8") == original
