"""Both independent PDF/UA validators on every PDF, and the PDF step's refusal of an image without alt text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import LANGUAGES, copy_site_with_pages, run_module
from PIL import Image

from legalpages import pdf_validation
from legalpages.pdf import StructureTree, kids_of, role
from legalpages.project import PROJECT

PDF_PAGES = PROJECT.pdf_pages
PDFS = [
    (language, page)
    for language in LANGUAGES
    for page in PDF_PAGES
    if language == PROJECT.source_language or page not in PROJECT.source_only_pages  # German only: Leichte Sprache
]


def problems(path: Path) -> list[str]:
    try:
        return [str(finding) for finding in pdf_validation.problems(path)]
    except pdf_validation.ValidatorMissing as error:
        pytest.fail(str(error))


@pytest.mark.parametrize(("language", "page"), PDFS)
def test_both_validators_pass_every_pdf(site: Path, language: str, page: str) -> None:
    """page-validation's PDF/UA-1 profile: no failed rule; outloud: no error and no warning."""
    assert problems(site / language / "pdf" / f"{page}.pdf") == []


def test_the_validators_find_what_weasyprint_alone_gets_wrong(site: Path, tmp_path: Path) -> None:
    """Undo two of pdf.py's repairs on a copy: both validators must notice."""
    broken = tmp_path / "datenschutz.pdf"
    with pikepdf.open(site / "de" / "pdf" / "datenschutz.pdf") as pdf:
        tree = StructureTree(pdf)
        for item in [element for element in tree.elements() if role(element) == "/LI"]:
            # the paragraphs straight into the list item, as WeasyPrint writes them
            kids = [
                grandchild for kid in kids_of(item) for grandchild in (kids_of(kid) if role(kid) == "/LBody" else [kid])
            ]
            item.K = pikepdf.Array(kids)
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                del annotation["/F"]
        pdf.save(broken)
    found = {(finding.validator, finding.rule) for finding in pdf_validation.problems(broken)}
    assert {("page-validation", "PDFUA1-LI-KIDS-001"), ("outloud", "LST-002"), ("outloud", "LNK-004")} <= found


def test_every_rule_we_do_not_meet_says_why() -> None:
    for (validator, rule), reason in pdf_validation.WAIVED.items():
        assert validator in ("page-validation", "outloud") and rule, (validator, rule)
        assert len(reason.split()) >= 5, f"{validator} {rule}: give the reason in a sentence"


@pytest.mark.parametrize(("module", "distribution"), [("page", "page-validation"), ("outloud", "outloud")])
def test_a_missing_validator_names_the_install_step(
    site: Path, monkeypatch: pytest.MonkeyPatch, module: str, distribution: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if it were not installed
    with pytest.raises(pdf_validation.ValidatorMissing) as error:
        pdf_validation.problems(site / "de" / "pdf" / "impressum.pdf")
    assert f"{distribution} is missing" in str(error.value) and "make .venv/.installed" in str(error.value)


def test_the_report_has_both_results_per_pdf(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "pdf-report"
    run = run_module("pdf_validation", "--site", str(site), "--out", str(out))
    assert run.returncode == 0, run.output
    pdfs = sorted(site.glob("*/pdf/*.pdf"))
    assert len(pdfs) == len(PDFS)
    for path in pdfs:
        for validator in ("page-validation", "outloud"):
            report = out / f"{path.parent.parent.name}-{path.stem}.{validator}.json"
            text = report.read_text(encoding="utf-8")
            assert str(site) not in text, f"{report.name} names a machine path"
            assert json.loads(text)["is_compliant" if validator == "page-validation" else "verdict"] in (True, "pass")
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert all(str(path.relative_to(site)) in summary for path in pdfs)


def add_image(site: Path, alt: str) -> None:
    """An image in the German kitchen-sink page, right after its heading, as Sphinx would write it."""
    folder = site / "de" / "_images"
    folder.mkdir(exist_ok=True)
    Image.new("RGB", (40, 20), "red").save(folder / "bild.png")
    page = site / "de" / "kitchen-sink.html"
    text = page.read_text(encoding="utf-8")
    assert text.count("</h1>") == 1
    image = f'<p><img src="_images/bild.png" alt="{alt}" width="40" height="20"></p>'
    page.write_text(text.replace("</h1>", "</h1>\n" + image), encoding="utf-8")


# The copies below keep two pages with a PDF: the one with the image, and one the step must not name.
# Each other page would only be rendered again, twice, for 5 s of CPU.
KEPT_PAGES = ("kitchen-sink.html", "impressum.html")


@pytest.mark.e2e
def test_an_image_without_alt_text_fails_the_pdf_step_naming_the_page(
    site: Path, project: Path, tmp_path: Path
) -> None:
    # With alt text the image is in the PDF, as a Figure with that text: the PDF step can load images.
    copy = copy_site_with_pages(site, tmp_path / "with-alt", KEPT_PAGES)
    add_image(copy, "Rotes Rechteck")
    run = run_module("pdf", str(copy), cwd=project)
    assert run.returncode == 0, run.output
    with pikepdf.open(copy / "de" / "pdf" / "kitchen-sink.pdf") as pdf:
        figures = [element for element in StructureTree(pdf).elements() if role(element) == "/Figure"]
        assert [str(figure.Alt) for figure in figures] == ["Rotes Rechteck"]
    plain = tmp_path / "plain.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(copy / "de/pdf/kitchen-sink.pdf"), str(plain)])
    assert str(copy).encode() not in plain.read_bytes(), "the image's file path is in the PDF"
    # Without alt text the step fails, and says which page and which image.
    copy = copy_site_with_pages(site, tmp_path / "without-alt", KEPT_PAGES)
    add_image(copy, "")
    run = run_module("pdf", str(copy), cwd=project)
    assert run.returncode == 1
    assert "de/kitchen-sink.html (docs/kitchen-sink.md)" in run.output, run.output
    assert "de/impressum.html" not in run.output, run.output
    assert 'Image "de/_images/bild.png" has no required alt description' in run.output, run.output
    assert "Traceback" not in run.output and str(copy) not in run.output
