"""pyphen's patterns kept parsed in the cache folder (legalpages/hyphenation_patterns.py)."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest

from legalpages.hyphenation_patterns import dictionary

GERMAN = Path(pyphen.LANGUAGES["de_DE"])
WORDS = ("Härtefallkommission", "Datenschutzbeauftragte", "Barrierefreiheitserklärung", "Aufenthaltsgesetz")


@pytest.fixture(scope="module")
def pyphen_hyphenates() -> dict[str, str]:
    """The words as pyphen hyphenates them with the patterns it parsed itself."""
    german = pyphen.Pyphen(filename=GERMAN, cache=False)
    return {word: german.inserted(word) for word in WORDS}


@pytest.fixture(autouse=True)
def own_pyphen_cache() -> Iterator[None]:
    """Each test starts with pyphen's per-process cache empty, and leaves it as it was."""
    before = dict(pyphen.hdcache)
    pyphen.hdcache.clear()
    yield
    pyphen.hdcache.clear()
    pyphen.hdcache.update(before)


def kept_files(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"{GERMAN.stem}-*"))


def test_kept_patterns_hyphenate_as_pyphen_parses_them(tmp_path: Path, pyphen_hyphenates: dict[str, str]) -> None:
    parsed_by_pyphen = pyphen.HyphDict(GERMAN)
    # the attributes this module sets on a HyphDict it did not parse: a new one fails here first
    assert set(vars(parsed_by_pyphen)) == {"patterns", "cache", "maxlen"}, "pyphen changed: see the module"
    first = dictionary("de_DE", tmp_path)
    assert len(kept_files(tmp_path)) == 1
    pyphen.hdcache.clear()
    second = dictionary("de_DE", tmp_path)  # read from the kept file
    assert second.hd is not first.hd and second.hd is pyphen.hdcache[GERMAN]
    assert (second.hd.patterns, second.hd.maxlen) == (parsed_by_pyphen.patterns, parsed_by_pyphen.maxlen)
    for word, hyphenated in pyphen_hyphenates.items():
        assert second.inserted(word) == first.inserted(word) == hyphenated
    assert pyphen.Pyphen(lang="de_DE").hd is second.hd, "WeasyPrint's pyphen.Pyphen uses the kept patterns"


def test_the_kept_file_is_what_is_read(tmp_path: Path) -> None:
    dictionary("de_DE", tmp_path)
    [kept] = kept_files(tmp_path)
    kept.write_bytes(marshal.dumps(({"zz": (1, (1,))}, 2)))  # z1z: a break between two z, nowhere else
    pyphen.hdcache.clear()
    german = dictionary("de_DE", tmp_path)
    assert german.inserted("Jazzzimmer") == "Jaz-z-zimmer"
    assert german.inserted("Datenschutzbeauftragte") == "Datenschutzbeauftragte"


def test_a_damaged_or_unwritable_cache_is_parsed_again(tmp_path: Path, pyphen_hyphenates: dict[str, str]) -> None:
    word, expected = next(iter(pyphen_hyphenates.items()))
    dictionary("de_DE", tmp_path)
    [kept] = kept_files(tmp_path)
    kept.write_bytes(kept.read_bytes()[:1000])  # cut off, as by a full disk
    pyphen.hdcache.clear()
    assert dictionary("de_DE", tmp_path).inserted(word) == expected
    assert marshal.loads(kept.read_bytes())[1] > 0, "the damaged file was written anew"
    pyphen.hdcache.clear()
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    assert dictionary("de_DE", not_a_folder).inserted(word) == expected
