"""`make check-po`: each check fails on a purpose-made bad catalog, with file.po:line, and the real catalogs pass."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_module

from legalpages import po_check

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\\n"
"Last-Translator: Translators of the legal pages\\n"
"Language-Team: Translators of the legal pages\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

msgid "Impressum"
msgstr "Legal notice"

"""


def msgid_line(path: Path, msgid: str) -> int:
    """The line of an entry's msgid: where every message about the entry points."""
    return path.read_text(encoding="utf-8").splitlines().index(f'msgid "{msgid}"') + 1


def entry(msgid: str, msgstr: str, flags: str = "", comment: str = "") -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [f"# {comment}"] if comment else []
    lines.append("#: docs/test.md")
    lines += [f"#, {flags}"] if flags else []
    return "\n".join([*lines, f"msgid {quoted(msgid)}", f"msgstr {quoted(msgstr)}", ""])


def catalog(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "locale" / "en" / "LC_MESSAGES" / "test.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


# (what is wrong, German msgid, a good translation, a bad one, what the message must say)
PARITY_CASES = [
    ("dropped URL", "Siehe [Webseite](https://www.example.org/a).", "See [website](https://www.example.org/a).",
     "See website.", "missing link https://www.example.org/a"),
    ("changed URL", "Siehe <https://www.example.org/a>.", "See <https://www.example.org/a>.",
     "See <https://www.example.org/b>.", "link not in the German text https://www.example.org/b"),
    ("changed phone number", "Telefon: +49 211 837-2000", "Phone: +49 211 837-2000", "Phone: +49 211 837-2001",
     "numbers: missing number 492118372000"),
    ("changed e-mail address", "E-Mail: poststelle@example.org", "E-mail: poststelle@example.org",
     "E-mail: post@example.org", "emails: missing e-mail address poststelle@example.org"),
    ("missing role", "Telefon: {fact}`ministry.phone`", "Phone: {fact}`ministry.phone`", "Phone: +49 211 837-2000",
     "missing role {fact}`ministry.phone`"),
    ("changed role target", "Telefax: {fact}`ministry.fax`", "Fax: {fact}`ministry.fax`", "Fax: {fact}`ministry.phone`",
     "role not in the German text {fact}`ministry.phone`"),
    ("changed reference label", "Siehe {ref}`Haftung <impressum-haftung>`.",
     "See {ref}`Disclaimer <impressum-haftung>`.", "See {ref}`Disclaimer <impressum-disclaimer>`.",
     "missing role {ref}`impressum-haftung`"),
    ("dropped placeholder", "Name: {placeholder}`Name der Person`", "Name: {placeholder}`name of the person`",
     "Name: name of the person", "missing role {placeholder}"),
    ("changed inline code", "Mit `make site` bauen.", "Build with `make site`.", "Build with `make sites`.",
     "missing inline code make site"),
    ("changed § number", "nach § 23a AufenthG", "under Section 23a of the Residence Act (AufenthG)",
     "under Section 23 of the Residence Act (AufenthG)", "numbers: missing number 23a"),
    ("changed Art. number", "nach Art. 13 Abs. 1 lit. c DSGVO", "under Art. 13(1)(c) GDPR",
     "under Art. 14(1)(c) GDPR", "numbers: missing number 13"),
    ("script tag", "Hallo", "Hello", "Hello <script>alert(1)</script>", "raw HTML or script URL '<script>'"),
    ("img onerror", "Hallo", "Hello", 'Hello <img src="x" onerror="alert(1)">', "raw HTML or script URL '<img"),
    ("javascript: link", "[Hier](https://www.example.org)", "[Here](https://www.example.org)",
     "[Here](javascript:alert(1))", "raw HTML or script URL 'javascript:'"),
    ("glossary violation", "Die Härtefallkommission berät.", "The Hardship Commission advises.",
     "The hardship board advises.", "glossary: 'Härtefallkommission' is 'Hardship Commission' in English"),
    # every number, with dates and periods read in both languages' formats
    ("changed error number", "Fehler 404", "Error 404", "Error 044", "numbers: missing number 404"),
    ("changed period", "Wir speichern die Daten 7 Tage.", "We store the data for 7 days.",
     "We store the data for 70 days.", "numbers: missing number 7; number not in the German text 70"),
    ("changed date", "Stand: 26. November 2026", "Last updated: 26 November 2026", "Last updated: 27 November 2026",
     "numbers: missing number date 2026-11-26"),
    ("German date format kept", "Stand: 26. November 2026", "Last updated: 26.11.2026",
     "Last updated: 26.12.2026", "numbers: missing number date 2026-11-26"),
    ("citation written out", "nach § 23a Abs. 1 Satz 3 AufenthG", "under Section 23a(1), third sentence, AufenthG",
     "under Section 23a(1), fourth sentence, AufenthG", "numbers: missing number 3"),
    ("thousands", "1.000 Anträge", "1,000 requests", "1.00 requests", "numbers: missing number 1000"),
    # links of every syntax, images, roles, inline code, by token
    ("added reference link", "Siehe Webseite.", "See website.", "See [website][w].\n\n[w]: https://evil.example",
     "link not in the German text https://evil.example"),
    ("added unused link definition", "Siehe Webseite.", "See website.", "See website.\n\n[w]: https://evil.example",
     "link definition not in the German text [W]: https://evil.example"),
    ("entity-encoded link", "[Hier](https://www.example.org)", "[Here](https://www.example.org)",
     "[Here](https&#58;//evil.example)", "link not in the German text https://evil.example"),
    ("changed image", "![Logo](logo.png)", "![Logo](logo.png)", "![Logo](other.png)", "missing image logo.png"),
    ("changed footnote", "Text[^a]", "Text[^a]", "Text[^b]", "missing footnote a"),
    # the named text checks
    ("end punctuation", "Die Kommission berät.", "The commission advises.", "The commission advises",
     "endpunc: Different punctuation at the end"),
    ("doubled word", "Die Kommission berät.", "The commission advises.", "The the commission advises.",
     "doublewords: The word 'the' is repeated"),
    ("unbalanced bracket", "Die Kommission (NRW) berät.", "The commission (NRW) advises.",
     "The commission (NRW advises.", "balance: the bracket or quotation mark '(' has no partner"),
    ("unbalanced quotation", "Die „Kommission“ berät.", "The ‘commission’ advises.", "The ‘commission advises.",
     "balance: the bracket or quotation mark '‘' has no partner"),
    ("sentence count", "Die Kommission berät. Sie entscheidet.", "The commission advises. It decides.",
     "The commission advises and decides.", "sentencecount: Different number of sentences: 2 ≠ 1"),
    ("unchanged prose", "Die Kommission berät.", "The commission advises.", "Die Kommission berät.",
     "unchanged: the translation is the German text unchanged"),
    ("leading whitespace", "Die Kommission berät.", "The commission advises.", " The commission advises.",
     "startwhitespace: "),
    ("trailing whitespace", "Die Kommission berät.", "The commission advises.", "The commission advises. ",
     "endwhitespace: "),
    ("zero-width character", "Die Kommission berät.", "The commission advises.", "The com\u200bmission advises.",
     "controlchars: invisible or control character U+200B"),
    ("control character", "Die Kommission berät.", "The commission advises.", "The commission\x1b advises.",
     "controlchars: invisible or control character U+001B"),
    ("English misspelling", "Die Kommission berät.", "The commission advises.", "The commision advises.",
     "spelling: unknown word 'commision' (did you mean commission"),
]  # fmt: skip


@pytest.mark.parametrize(("msgid", "good", "bad", "expected"), [case[1:] for case in PARITY_CASES],
                         ids=[case[0] for case in PARITY_CASES])  # fmt: skip
def test_each_check_fails_on_a_bad_translation(tmp_path: Path, msgid: str, good: str, bad: str, expected: str) -> None:
    assert po_check.check_file(catalog(tmp_path / "good", entry(msgid, good))) == []
    path = catalog(tmp_path / "bad", entry(msgid, bad))
    where = f"{path}:{msgid_line(path, msgid)}: "
    problems = [str(problem) for problem in po_check.check_file(path)]
    assert any(problem.startswith(where) and expected in problem for problem in problems), problems


def test_german_misspelling_names_the_source_file(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("Die Komission berät.", "The commission advises."))
    problems = [str(problem) for problem in po_check.check_file(path)]
    assert len(problems) == 1, problems
    where = f"{path}:{msgid_line(path, 'Die Komission berät.')}: "
    assert problems[0].startswith(where + "German source: unknown word 'Komission' (did you mean Kommission")
    assert problems[0].endswith("; fix it in docs/test.md or add it to legalpages/wordlists/de.txt")


@pytest.mark.parametrize(
    ("flags", "msgstr", "expected"),
    [("fuzzy", "The commission advises.", "fuzzy: the German text changed"), ("", "", "untranslated: translate")],
)
def test_untranslated_and_fuzzy_fail_only_in_release_mode(
    tmp_path: Path, flags: str, msgstr: str, expected: str
) -> None:
    path = catalog(tmp_path, entry("Die Kommission berät.", msgstr, flags))
    assert po_check.check_file(path) == []
    problems = [str(problem) for problem in po_check.check_file(path, release=True)]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{msgid_line(path, 'Die Kommission berät.')}: {expected}")


def test_fuzzy_translation_is_not_checked_outside_release_mode(tmp_path: Path) -> None:
    """A fuzzy msgstr is not used in the build, so a stale role in it is no error yet."""
    path = catalog(tmp_path, entry("Telefon: {fact}`ministry.phone`", "Phone:", "fuzzy"))
    assert po_check.check_file(path) == []


def test_glossary_exception_needs_a_translator_comment(tmp_path: Path) -> None:
    msgid, msgstr = "für eine betroffene Person", "on behalf of a person concerned"
    assert po_check.check_file(catalog(tmp_path / "plain", entry(msgid, msgstr)))
    comment = "glossary-exception: betroffene Person: the person the hardship case is about"
    assert po_check.check_file(catalog(tmp_path / "explained", entry(msgid, msgstr, comment=comment))) == []


@pytest.mark.parametrize(
    ("broken", "line", "expected"),
    [
        ('msgid "Hallo"\nmsgstr "Hello\n', 1, "end-of-line within string"),
        ('msgid "Hallo"\nmsgstrr "Hello"\n', 1, 'keyword "msgstrr" unknown'),
        ('msgid "Hallo"\nmsgstr "Hello"\n\nmsgid "Hallo"\nmsgstr "Hi"\n', 4, "duplicate message definition"),
    ],
    ids=["unterminated string", "unknown keyword", "duplicate message"],
)
def test_broken_syntax_is_reported_at_its_line(tmp_path: Path, broken: str, line: int, expected: str) -> None:
    path = catalog(tmp_path, broken)
    problems = [str(problem) for problem in po_check.check_file(path)]
    offset = HEADER.count("\n")
    assert any(problem.startswith(f"{path}:{offset + line}: {expected}") for problem in problems), problems
    assert all("; fix the PO syntax of this entry" in problem for problem in problems), problems


def test_command_line_checks_one_file_and_reports_file_and_line(project: Path) -> None:
    """`make check-po FILE=…`: a broken real catalog fails with its path, the msgid's line and the fix."""
    po = project / "locale" / "en" / "LC_MESSAGES" / "impressum.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    # the first one-line translation with a fact in it, e.g. msgstr "Phone: {fact}`ministry.phone`"
    index = next(
        number for number, line in enumerate(lines)
        if line.startswith('msgstr "') and "{fact}`" in line and lines[number - 1].startswith('msgid "')
    )  # fmt: skip
    role = re.search(r"\{fact\}`[^`]+`", lines[index]).group(0)
    lines[index] = lines[index].replace(role, "+49 211 837-2000", 1)
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")

    run = run_module("po_check", "locale/en/LC_MESSAGES/impressum.po", cwd=project)

    assert run.returncode == 1, run.output
    assert f"locale/en/LC_MESSAGES/impressum.po:{index}: missing role {role}; copy each" in run.stderr
    assert "Traceback" not in run.output
    assert "1 catalog(s)" in run.stderr
    # only the translator's own catalog was checked (the other one is named only as the place of the
    # same German text, now translated differently)
    assert "\nlocale/en/LC_MESSAGES/datenschutz.po" not in run.output


def test_release_mode_on_the_command_line(project: Path) -> None:
    po = project / "locale" / "en" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n" + entry("Ein neuer Satz.", ""), encoding="utf-8")
    assert run_module("po_check", "locale/en/LC_MESSAGES/index.po", cwd=project).returncode == 0
    run = run_module("po_check", "--release", "locale/en/LC_MESSAGES/index.po", cwd=project)
    assert run.returncode == 1
    assert "(release mode)" in run.stderr
    assert ": untranslated: translate this message" in run.stderr


def test_missing_dictionary_names_the_package(tmp_path: Path) -> None:
    empty = tmp_path / "no-dictionaries"
    empty.mkdir()
    env = {**os.environ, "DICPATH": str(empty)}
    result = subprocess.run(
        [sys.executable, "-m", "legalpages.po_check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "apt-get install hunspell-de-de" in result.stderr
    assert "Traceback" not in result.stderr


def test_real_catalogs_pass() -> None:
    run = run_module("po_check")
    assert run.returncode == 0, run.output
    assert "catalog(s) OK" in run.stdout


def test_glossary_is_readable_and_complete() -> None:
    glossary = po_check.load_glossary()
    german = {form for term in glossary for form in term.de}
    for form in ("Impressum", "Härtefallkommission", "Verantwortlicher", "personenbezogene Daten", "Drittland"):
        assert form in german
    assert all(term.de and term.en for term in glossary)
    by_form = {form: term for term in glossary for form in term.de}
    assert by_form["Fachverfahren"].pattern.search("des Fachverfahrens")
    assert by_form["personenbezogene Daten"].pattern.search("Verarbeitung personenbezogener Daten")
    # a noun matches only capitalised: "verantwortlich" (adjective) is not "Verantwortlicher"
    assert not by_form["Verantwortlicher"].pattern.search("wer verantwortlich ist")


@pytest.mark.parametrize("language", ["de", "en"])
def test_word_lists_are_sorted_one_word_a_line(language: str) -> None:
    lines = (ROOT / "legalpages" / "wordlists" / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)), "sort with: LC_ALL=C sort -u -o FILE FILE"
    assert all(line and " " not in line for line in lines)


def test_release_build_refuses_untranslated_messages(project: Path, tmp_path: Path) -> None:
    """`make site RELEASE=1` stops before building when a message is untranslated or fuzzy."""
    po = project / "locale" / "en" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n" + entry("Ein neuer Satz.", ""), encoding="utf-8")
    run = run_module("site", "--build-dir", str(tmp_path / "build"), "--release", cwd=project)
    assert run.returncode == 1
    line = msgid_line(po, "Ein neuer Satz.")
    assert f"locale/en/LC_MESSAGES/index.po:{line}: untranslated: translate this message" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "build" / "site").exists()


def test_broken_glossary_is_named(project: Path) -> None:
    glossary = project / "legalpages" / "glossary.toml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + '\n[[term]]\nde = ["Wort"\n', encoding="utf-8")
    run = run_module("po_check", cwd=project)
    assert run.returncode == 2
    assert run.stderr.startswith("check-po: legalpages/glossary.toml: ")
    assert "Traceback" not in run.stderr


def test_an_exception_comment_with_a_reason_excuses_one_named_check(tmp_path: Path) -> None:
    msgid, msgstr = "Zuständig ist die", "The competent authority is the following:"
    assert any(
        "endpunc:" in str(problem) for problem in po_check.check_file(catalog(tmp_path / "a", entry(msgid, msgstr)))
    )
    excused = entry(msgid, msgstr, comment="endpunc-exception: the German sentence goes on in the next block")
    assert po_check.check_file(catalog(tmp_path / "b", excused)) == []
    without_reason = entry(msgid, msgstr, comment="endpunc-exception:")
    assert po_check.check_file(catalog(tmp_path / "c", without_reason))


def test_markup_has_no_exception(tmp_path: Path) -> None:
    bad = entry("Siehe Webseite.", "See [website](https://evil.example).", comment="markup-exception: please")
    problems = [str(problem) for problem in po_check.check_file(catalog(tmp_path, bad))]
    assert any("link not in the German text https://evil.example" in problem for problem in problems), problems


def test_one_german_message_translated_differently_in_two_catalogs(tmp_path: Path) -> None:
    first = catalog(tmp_path, entry("Die Kommission berät.", "The commission advises."))
    second = first.with_name("z-other.po")  # read after test.po
    second.write_text(HEADER + entry("Die Kommission berät.", "The board advises."), encoding="utf-8")
    problems = [str(problem) for problem in po_check.inconsistent_problems([first, second])]
    line = msgid_line(second, "Die Kommission berät.")
    assert problems == [
        f"{second}:{line}: inconsistent: the same German text is translated differently in {first}:{line}; "
        "use one translation, or say why in a translator comment '# inconsistent-exception: <why>'"
    ]
    second.write_text(HEADER + entry("Die Kommission berät.", "The commission advises."), encoding="utf-8")
    assert po_check.inconsistent_problems([first, second]) == []


def test_wrong_language_header(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("Die Kommission berät.", "The commission advises."))
    assert po_check.check_file(path) == []
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: fr\\n"'))
    problems = [str(problem) for problem in po_check.check_file(path)]
    assert problems == [
        f'{path}:7: the header says Language: fr but the catalog is in the folder of en; write "Language: en\\n"'
    ]


def test_deleted_catalog_fails_check_po(project: Path) -> None:
    (project / "locale" / "en" / "LC_MESSAGES" / "impressum.po").unlink()
    run = run_module("po_check", cwd=project)
    assert run.returncode == 1, run.output
    assert (
        "locale/en/LC_MESSAGES/impressum.po:1: missing catalog: docs/impressum.md has no en translation; "
        "run `make update-po` to create it, then translate it" in run.stderr
    )
    assert "Traceback" not in run.output


def test_real_catalogs_pass_every_named_check() -> None:
    """Our own catalogs: no finding of any check, except those excused with a reason in the catalog."""
    for path in po_check.catalogs():
        assert po_check.check_file(path, spell=False) == [], path
    assert po_check.inconsistent_problems(po_check.catalogs()) == []
    assert po_check.missing_catalogs() == []


def test_the_site_build_blocks_on_numbers_and_invisible_characters_not_on_style(tmp_path: Path) -> None:
    """make site (style=False) stops on what falsifies a page; style is make check-po's (make test's)."""
    style = catalog(tmp_path / "style", entry("Die Kommission berät.", "The the commission advises"))
    assert po_check.check_file(style, glossary=[], spell=False, style=False) == []
    assert po_check.check_file(style, glossary=[], spell=False)
    for name, msgstr in (("number", "Error 044"), ("invisible", "Error\u202e 404")):
        path = catalog(tmp_path / name, entry("Fehler 404", msgstr))
        assert po_check.check_file(path, glossary=[], spell=False, style=False), name
