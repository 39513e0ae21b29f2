"""Spelling with hunspell: German sources (de_DE), English translations (en_GB), project word lists.

The word lists (legalpages/wordlists/<language>.txt, one word a line, sorted) hold the names,
abbreviations and legal terms the dictionaries do not know. hunspell reads them as personal
dictionaries, so a lower-case entry also accepts the capitalised word at the start of a sentence.
"""

from __future__ import annotations

import atexit
import contextlib
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
    speller = running_speller(find_dictionary(DICTIONARIES[language]), wordlist(language))
    found = []
    for results in speller.ask([spellable(text) for text in texts]):
        words: dict[str, Unknown] = {}
        for line in results:
            if line[0] in "&#":  # & word count offset: suggestions; # word offset: none
                head, _, suggestions = line.partition(": ")
                word = head.split()[1]
                words.setdefault(word, Unknown(word, tuple(filter(None, suggestions.split(", ")))))
        found.append(list(words.values()))
    return found


class Speller:
    """One `hunspell -a` kept running for every later check of this process: each start loads the
    dictionary (0.05 s of CPU), and make check-po and the tests check hundreds of catalogs.

    The ispell pipe protocol: a banner, then for each line read, its results and an empty line.
    """

    CHUNK_BYTES = 16_384  # written at once, then answered in full: hunspell's input pipe never fills

    def __init__(self, dictionary: Path, words: Path) -> None:
        self.stamp = word_list_stamp(words)
        self.process = subprocess.Popen(
            ["hunspell", "-a", "-i", "utf-8", "-d", str(dictionary), "-p", str(words)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if not self.process.stdout.readline():  # the banner
            self.process.wait()
            raise SpellingError(f"hunspell failed: {self.process.stderr.read().decode(errors='replace').strip()}")

    def ask(self, lines: list[str]) -> list[list[str]]:
        answers: list[list[str]] = []
        chunk = bytearray()
        count = 0
        for number, line in enumerate(lines, 1):
            chunk += f"^{line}\n".encode()  # "^": checked as text, never read as a command
            count += 1
            if number == len(lines) or len(chunk) >= self.CHUNK_BYTES:
                try:
                    self.process.stdin.write(chunk)
                    self.process.stdin.flush()
                except BrokenPipeError:
                    pass  # it stopped: answer() says why
                answers += [self.answer() for _ in range(count)]
                chunk, count = bytearray(), 0
        return answers

    def answer(self) -> list[str]:
        results = []
        while (line := self.process.stdout.readline()) != b"\n":
            if not line:  # the end of its output: hunspell stopped
                self.process.wait()
                raise SpellingError(f"hunspell stopped: {self.process.stderr.read().decode(errors='replace').strip()}")
            results.append(line.decode().rstrip("\n"))
        return results

    def close(self) -> None:
        with contextlib.suppress(OSError):  # it may have stopped already
            self.process.stdin.close()
        self.process.wait()


RUNNING: dict[tuple[Path, Path], Speller] = {}


def word_list_stamp(words: Path) -> int | None:
    return words.stat().st_mtime_ns if words.exists() else None


def running_speller(dictionary: Path, words: Path) -> Speller:
    """The process's speller for this dictionary and word list, started again when the list changed."""
    speller = RUNNING.get((dictionary, words))
    if speller is None or speller.stamp != word_list_stamp(words) or speller.process.poll() is not None:
        if speller is not None:
            speller.close()
        speller = RUNNING[dictionary, words] = Speller(dictionary, words)
    return speller


@atexit.register
def close_spellers() -> None:
    for speller in RUNNING.values():
        speller.close()
