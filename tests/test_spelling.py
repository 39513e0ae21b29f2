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


def test_one_hunspell_serves_every_check_and_restarts_when_the_word_list_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spelling, "WORDLISTS", tmp_path)
    (tmp_path / "en.txt").write_text("AufenthG\n", encoding="utf-8")
    assert spelling.check(["Xylofonia here"], "en")[0][0].word == "Xylofonia"
    first = spelling.RUNNING[spelling.find_dictionary("en_GB"), tmp_path / "en.txt"].process
    assert spelling.check(["Another text"], "en") == [[]]
    assert spelling.RUNNING[spelling.find_dictionary("en_GB"), tmp_path / "en.txt"].process is first
    (tmp_path / "en.txt").write_text("AufenthG\nXylofonia\n", encoding="utf-8")
    assert spelling.check(["Xylofonia here"], "en") == [[]], "the changed word list is read"
    first.kill()
    first.wait()
    assert spelling.check(["Xylofonia here"], "en") == [[]], "a stopped hunspell is started again"


def test_answers_stay_in_order_across_many_chunks() -> None:
    misspelt = [0, 1234, 4999]  # few: hunspell's suggestions for each take 0.05 s
    texts = [f"Text {number} is {'Commision' if number in misspelt else 'fine'}" for number in range(5000)]
    assert sum(map(len, texts)) > 4 * spelling.Speller.CHUNK_BYTES
    found = spelling.check(texts, "en")
    assert [number for number, unknown in enumerate(found) if unknown] == misspelt
