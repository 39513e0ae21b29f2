"""hunspell with the project word lists; a missing dictionary names the package to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from legalpages import spelling


def test_unknown_words_with_suggestions_per_text() -> None:
    found = spelling.check(["The Commision advises.", "All fine here.", "Comittee and Commision"], "en")
    assert [[unknown.word for unknown in text] for text in found] == [["Commision"], [], ["Comittee", "Commision"]]
    assert "Commission" in found[0][0].suggestions


def test_project_word_list_and_markup_are_not_spelled() -> None:
    text = "Nach § 23a AufenthG: {fact}`ministry.email` [Datenschutzerklärung](datenschutz.md) `make site`"
    assert spelling.check([text], "de") == [[]]
    assert "AufenthG" in spelling.wordlist("de").read_text(encoding="utf-8").splitlines()


def test_lines_are_never_read_as_hunspell_commands() -> None:
    assert spelling.check(["*Wort", "#Kommentar", "&Zeichen", ""], "de") == [[], [], [], []]


def test_missing_dictionary_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DICPATH", str(tmp_path))
    with pytest.raises(spelling.SpellingError, match="apt-get install hunspell-en-gb"):
        spelling.check(["text"], "en")
