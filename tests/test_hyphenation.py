"""Soft hyphens in long words of the HTML (legalpages/extensions/hyphenation.py).

The browser checks are in test_browser.py.
"""

from __future__ import annotations

import pyphen

from legalpages.extensions.hyphenation import MIN_LENGTH, SOFT_HYPHEN, hyphenate_html, hyphenate_text


def test_long_words_get_soft_hyphens_at_their_languages_hyphenation_points() -> None:
    text = hyphenate_text("Die Härtefallkommission prüft Aufenthaltserlaubnisse.", "de_DE")
    german = pyphen.Pyphen(lang="de_DE")
    for word in ("Härtefallkommission", "Aufenthaltserlaubnisse"):
        assert german.inserted(word, hyphen=SOFT_HYPHEN) in text
    assert "Die " in text and " prüft " in text  # short words stay as they are
    assert text.replace(SOFT_HYPHEN, "") == "Die Härtefallkommission prüft Aufenthaltserlaubnisse."
    english = hyphenate_text("Accessibility", "en_GB")
    assert SOFT_HYPHEN in english and english.replace(SOFT_HYPHEN, "") == "Accessibility"
    assert SOFT_HYPHEN not in hyphenate_text("x" * (MIN_LENGTH - 1), "de_DE")


def test_markup_code_facts_and_placeholders_stay_as_they_are() -> None:
    html = (
        '<h2 id="x">Datenschutzbeauftragte<a class="headerlink" href="#x" title="Datenschutzbeauftragte">¶</a></h2>'
        '<p><code>Datenschutzbeauftragte</code> <span class="fact">Gleichstellungsministerium</span>'
        ' <span class="placeholder"><strong>Platzhalter: </strong>Internetadressenangabe</span><br/>'
        "Datenschutzbeauftragte</p>"
    )
    result = hyphenate_html(html, "de_DE")
    assert result.replace(SOFT_HYPHEN, "") == html
    assert result.count(SOFT_HYPHEN + "be" + SOFT_HYPHEN) == 2  # in the heading and after the <br/>, not elsewhere
    assert 'title="Datenschutzbeauftragte"' in result
    for kept in ("<code>Datenschutzbeauftragte</code>", ">Gleichstellungsministerium<", "Internetadressenangabe"):
        assert kept in result


def test_an_address_as_link_text_breaks_after_at_and_slash_and_before_dots() -> None:
    html = '<a class="fact reference external" href="mailto:a@b.de">datenschutzbeauftragter&#64;mkjfgfi.nrw.de</a>'
    result = hyphenate_html(html, "de_DE")
    assert result.endswith(">datenschutzbeauftragter@<wbr>mkjfgfi<wbr>.nrw<wbr>.de</a>")
    assert SOFT_HYPHEN not in result
    phone = '<a class="fact reference external" href="tel:+492118372000">+49 211 837-2000</a>'
    assert hyphenate_html(phone, "de_DE") == phone


def test_text_in_another_language_is_hyphenated_by_its_patterns() -> None:
    html = '<p>Accessibility statement <span lang="de">Barrierefreiheitserklärung</span> Accessibility</p>'
    result = hyphenate_html(html, "en_GB", {"de": "de_DE", "en": "en_GB"})
    german = pyphen.Pyphen(lang="de_DE").inserted("Barrierefreiheitserklärung", hyphen=SOFT_HYPHEN)
    english = pyphen.Pyphen(lang="en_GB").inserted("Accessibility", hyphen=SOFT_HYPHEN)
    assert result == f'<p>{english} statement <span lang="de">{german}</span> {english}</p>'
    unknown = '<p><span lang="fr">Reconnaissance</span></p>'
    assert hyphenate_html(unknown, "en_GB", {"en": "en_GB"}) == unknown  # no patterns: as written
