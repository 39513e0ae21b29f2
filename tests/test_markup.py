"""The words of one message and the raw HTML in it (check-po's prose checks and spelling)."""

from __future__ import annotations

from legalpages.markup import prose, raw_html


def test_raw_html_and_script_urls() -> None:
    assert raw_html("See <https://www.example.org> and a@b.de") == []
    assert raw_html("x <script>alert(1)</script>") == ["<script>", "</script>"]
    assert raw_html('<img src=x onerror="alert(1)">') == ['<img src=x onerror="alert(1)">']
    assert raw_html("[x](javascript:alert(1))") == ["javascript:"]
    assert raw_html("personal data: name and address") == []


def test_prose_keeps_link_text_only() -> None:
    words = prose("Siehe [die Erklärung](datenschutz.md) und {fact}`ministry.email`, `code`, https://x.example.")
    assert words.split() == ["Siehe", "die", "Erklärung", "und", ",", ",", "."]
