"""Spelling with hunspell: German sources (de_DE), English translations (en_GB), project word lists.

The word lists (legalpages/wordlists/<language>.txt, one word a line, sorted) hold the names,
abbreviations and legal terms the dictionaries do not know. hunspell reads them as personal
dictionaries, so a lower-case entry also accepts the capitalised word at the start of a sentence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from legalpages.markup import prose
from legalpages.project import PROJECT

WORDLISTS = Path(__file__).resolve().parent / "wordlists"
DICTIONARIES = {code: language.locale for code, language in PROJECT.languages.items()}  # "en" -> "en_GB"
PACKAGES = {language.locale: language.hunspell_package for language in PROJECT.languages.values()}
SYSTEM_DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")


class SpellingError(Exception):
    """hunspell or a dictionary is missing; the message names the package to install."""


@dataclass(frozen=True)
class Unknown:
    word: str
    suggestions: tuple[str, ...]

    def __str__(self) -> str:
        hint = f" (did you mean {', '.join(self.suggestions[:3])}?)" if self.suggestions else ""
        return f"'{self.word}'{hint}"


def wordlist(language: str) -> Path:
    return WORDLISTS / f"{language}.txt"


def find_dictionary(name: str) -> Path:
    """The .dic/.aff pair (without suffix); $DICPATH overrides the system folders, as for hunspell."""
    folders = os.environ["DICPATH"].split(os.pathsep) if os.environ.get("DICPATH") else SYSTEM_DICTIONARY_DIRS
    for folder in folders:
        base = Path(folder) / name
        if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
            return base
    raise SpellingError(
        f"the hunspell dictionary {name} is missing; install it: apt-get install {PACKAGES.get(name, name)}"
    )


def spellable(text: str) -> str:
    """One line of words for hunspell: markup, numbers and "§ 23a"-style tokens removed."""
    text = prose(text).replace("’", "'").replace("/", " ")
    text = re.sub(r"\S*\d\S*", " ", text)  # 23a, 2016/679, 5(1)
    text = re.sub(r"(\w)-(?=[\s,]|$)", r"\1", text)  # "Gesetz- und Verordnungsblatt"
    return " ".join(text.split())


def check(texts: list[str], language: str) -> list[list[Unknown]]:
    """For each text, the words hunspell does not know (in order, each once)."""
    if shutil.which("hunspell") is None:
        raise SpellingError("hunspell is not installed; install it: apt-get install hunspell")
    dictionary = find_dictionary(DICTIONARIES[language])
    # "^" makes hunspell check the line as text, never read it as a command
    lines = "".join(f"^{spellable(text)}\n" for text in texts)
    result = subprocess.run(
        ["hunspell", "-a", "-i", "utf-8", "-d", str(dictionary), "-p", str(wordlist(language))],
        input=lines.encode(),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise SpellingError(f"hunspell failed: {result.stderr.decode(errors='replace').strip()}")
    blocks = result.stdout.decode().split("\n")[1:]  # after the version banner
    found: list[list[Unknown]] = [[]]
    for line in blocks:
        if not line:
            found.append([])
        elif line[0] in "&#":
            head, _, suggestions = line.partition(": ")
            word = head.split()[1]
            if word not in {unknown.word for unknown in found[-1]}:
                found[-1].append(Unknown(word, tuple(filter(None, suggestions.split(", ")))))
    return found[: len(texts)]
