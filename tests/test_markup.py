"""Markup of one message: what a translation must keep (shared by check-po and the link checker)."""

from __future__ import annotations

import pytest

from legalpages.markup import compare, compare_links, markup_of, paragraph_numbers, prose, raw_html, urls_in


def test_urls_in_finds_every_kind_of_link_once() -> None:
    text = (
        "Siehe [Datenschutzerklärung](datenschutz.md), <https://www.it.nrw> und https://www.ldi.nrw.de/kontakt. "
        "Nicht: {fact}`ministry.web` und `https://example.org/code`."
    )
    assert urls_in(text) == ["datenschutz.md", "https://www.it.nrw", "https://www.ldi.nrw.de/kontakt"]


def test_compare_links() -> None:
    assert compare_links("[Hier](https://a.example/x)", "[Here](https://a.example/x)") is None
    assert compare_links("[Hier](https://a.example/x)", "Here") == "missing link https://a.example/x"
    assert "link not in the German text https://b.example" in compare_links("Text", "<https://b.example>")


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("nach § 23a AufenthG", "under Section 23a of the Residence Act"),
        ("§§ 10d, 10e BGG NRW", "Sections 10d and 10e BGG NRW"),
        ("§ 5 Abs. 1 Nr. 2 DDG", "Section 5(1) no. 2 DDG"),
        ("Art. 13 und 14 DSGVO", "Articles 13 and 14 GDPR"),
        ("Art. 6 Abs. 1 lit. e, Abs. 3 DSGVO", "Art. 6(1)(e) and (3) GDPR"),
        ("Art. 4 Nr. 7 DSGVO", "Art. 4(7) GDPR"),
        ("§§ 9 ff. BITVNRW", "sections 9 et seq. BITVNRW"),
        ("Art. 77 DSGVO", "article 77 GDPR"),
    ],
)
def test_paragraph_numbers_match_across_citation_styles(german: str, english: str) -> None:
    assert paragraph_numbers(german) == paragraph_numbers(english) != set()
    assert compare(german, english) == []


def test_roles_compare_targets_but_not_translated_text() -> None:
    assert compare("{ref}`Haftung <impressum-haftung>`", "{ref}`Disclaimer <impressum-haftung>`") == []
    assert compare("{placeholder}`Name fehlt`", "{placeholder}`name missing`") == []
    assert markup_of("{fact}`a` und {fact}`a`").roles["{fact}`a`"] == 2
    assert compare("{fact}`a` und {fact}`a`", "{fact}`a`")[0].startswith("missing role {fact}`a`")


def test_numbers_and_addresses() -> None:
    assert compare("Tel. 0211 837-2000", "Phone 0211 8372000") == []
    assert compare("Tel. 0211 837-2000", "Phone 0211 837-2001")[0].startswith("missing phone or other number")
    assert compare("a@b.de", "a@c.de")[0].startswith("missing e-mail address a@b.de")
    assert compare("vom 26.11.2026", "of 26 November 2026") == []  # dates are not phone numbers


def test_raw_html_and_script_urls() -> None:
    assert raw_html("See <https://www.example.org> and a@b.de") == []
    assert raw_html("x <script>alert(1)</script>") == ["<script>", "</script>"]
    assert raw_html('<img src=x onerror="alert(1)">') == ['<img src=x onerror="alert(1)">']
    assert raw_html("[x](javascript:alert(1))") == ["javascript:"]
    assert raw_html("personal data: name and address") == []


def test_prose_keeps_link_text_only() -> None:
    words = prose("Siehe [die Erklärung](datenschutz.md) und {fact}`ministry.email`, `code`, https://x.example.")
    assert words.split() == ["Siehe", "die", "Erklärung", "und", ",", ",", "."]
