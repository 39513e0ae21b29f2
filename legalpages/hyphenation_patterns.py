"""pyphen's hyphenation patterns, parsed once per machine instead of once in every process.

pyphen parses a language's pattern file in each process that first hyphenates in it: 0.4 s for German
(Kozea/Pyphen#49). Every make site has three such processes (the HTML build of each language, as the
English pages hyphenate their German names too, and the PDF renderer), and the tests run dozens of
builds. The parsed patterns are kept in the user's cache folder under the SHA-256 of the pattern file
and handed to pyphen through its per-process cache of parsed files (``pyphen.hdcache``), which
WeasyPrint's hyphenation reads too. Written for pyphen 0.18; tests/test_hyphenation_patterns.py fails
when pyphen keeps its patterns differently.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

import pyphen

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "legalpages" / "hyphenation"


def dictionary(locale: str, cache: Path = CACHE) -> pyphen.Pyphen:
    """pyphen's dictionary of a locale (de_DE), its patterns read from the cache folder when kept there."""
    path = pyphen.LANGUAGES.get(pyphen.language_fallback(locale) or "")
    if path is not None and path not in pyphen.hdcache:
        pyphen.hdcache[path] = parsed_patterns(Path(path), cache)
    return pyphen.Pyphen(lang=locale)  # an unknown locale: pyphen's own KeyError


def parsed_patterns(path: Path, cache: Path) -> pyphen.HyphDict:
    source = path.read_bytes()
    # marshal: fast and runs no code; its format may change with the Python version
    kept = cache / f"{path.stem}-{hashlib.sha256(source).hexdigest()[:32]}-py{sys.version_info[0]}{sys.version_info[1]}"
    try:
        patterns, maxlen = marshal.loads(kept.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        parsed = pyphen.HyphDict(path)
        keep(kept, marshal.dumps((parsed.patterns, parsed.maxlen)))
        return parsed
    parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
    parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, maxlen
    return parsed


def keep(path: Path, data: bytes) -> None:
    """Write whole or not at all: builds running at once may read the file while it is written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
            temporary.write(data)
        os.replace(temporary.name, path)
    except OSError:
        pass  # a read-only home: every process parses the patterns itself, as pyphen does
