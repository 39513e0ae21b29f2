"""The allowlists (legalpages/policy.py): every directive and role that docutils, Sphinx, its domains,
MyST and our extensions register is rejected unless it is listed, and translations must keep exactly
the markup tokens of their German text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import ROOT
from docutils.parsers.rst import directives, roles
from docutils.parsers.rst import languages as rst_languages
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from legalpages import policy
from legalpages.policy import translation_differences


def registered(app: Sphinx) -> tuple[set[str], set[str]]:
    """Every directive and role name a page could use in this build."""
    names_directives = set(directives._directive_registry) | set(directives._directives)
    names_roles = set(roles._role_registry) | set(roles._roles)
    for domain in app.env.domains.sorted():
        names_directives |= {f"{domain.name}:{name}" for name in domain.directives}
        names_roles |= {f"{domain.name}:{name}" for name in domain.roles}
        if domain.name in ("std", "py"):  # the standard and the default domain answer without a prefix
            names_directives |= set(domain.directives)
            names_roles |= set(domain.roles)
    for code in ("en", "de"):  # the names docutils also accepts, in English and the page's language
        language = rst_languages.get_language(code)
        names_directives |= set(language.directives)
        names_roles |= set(language.roles)
    names_directives.add("eval-rst")  # MyST runs it without a lookup
    # names a page cannot write: docutils' untranslated placeholders ("x (translation required)"),
    # and roles outside MyST's role syntax {name} (ASCII letters, digits, _-+:), which stay plain text
    names_directives = {name for name in names_directives if not re.search(r"\s", name)}
    names_roles = {name for name in names_roles if re.fullmatch(r"[a-zA-Z0-9_\-+:]+", name)}
    return names_directives, names_roles


@pytest.fixture(scope="module")
def every_name_built(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> tuple[dict[str, int], dict[str, int], str]:
    source = tmp_path_factory.mktemp("names")
    (source / "index.md").write_text("# Alles\n", encoding="utf-8")
    warnings = io.StringIO()
    # docutils' node, directive and role registries are global: restore them afterwards, or the next
    # in-process build in this worker warns "node class 'toctree' is already registered"
    namespace = docutils_namespace()
    namespace.__enter__()
    request.addfinalizer(lambda: namespace.__exit__(None, None, None))
    app = Sphinx(
        str(source),
        str(ROOT),
        str(source / "_build" / "html"),
        str(source / "_build" / "doctrees"),
        "html",
        confoverrides={"language": "de"},
        status=None,
        warning=warnings,
        keep_going=True,
    )
    names_directives, names_roles = registered(app)
    forbidden_directives = sorted(names_directives - set(policy.DIRECTIVES))
    forbidden_roles = sorted(names_roles - policy.ROLES)
    lines = ["# Alles", ""]
    directive_lines, role_lines = {}, {}
    for name in forbidden_directives:
        directive_lines[name] = len(lines) + 1
        lines += [f"```{{{name}}} x", "```", ""]
    for name in forbidden_roles:
        role_lines[name] = len(lines) + 1
        lines += [f"Text {{{name}}}`x`.", ""]
    (source / "index.md").write_text("\n".join(lines), encoding="utf-8")
    app.build()
    assert set(policy.DIRECTIVES) <= names_directives, "an allowed directive is no longer registered"
    assert names_roles >= policy.ROLES, "an allowed role is no longer registered"
    return directive_lines, role_lines, warnings.getvalue()


def test_every_registered_directive_and_role_not_on_the_allowlist_is_rejected(
    every_name_built: tuple[dict[str, int], dict[str, int], str],
) -> None:
    directive_lines, role_lines, output = every_name_built
    assert len(directive_lines) > 100 and len(role_lines) > 50  # docutils', Sphinx's and its domains'
    missing = [
        name
        for name, line in directive_lines.items()
        if not re.search(rf"index\.md:{line}: ERROR: directive \{{{re.escape(name)}\}} is not allowed", output)
    ]
    missing += [
        name
        for name, line in role_lines.items()
        if not re.search(rf"index\.md:{line}: ERROR: role \{{{re.escape(name)}\}} is not allowed", output)
    ]
    assert missing == [], (missing, output[-3000:])
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Siehe [Seite](https://a.example).", "See [page](https://a.example).", []),
        ("Siehe {ref}`Haftung <x>`.", "See {ref}`Liability <x>`.", []),
        ("Text", "[Text][r]\n\n[r]: https&#58;//evil.example", ["link not in the German text https://evil.example"]),
        ("Text", "[Text](https://evil.example)", ["link not in the German text https://evil.example"]),
        ("Text", "<https://evil.example>", ["link not in the German text https://evil.example"]),
        ("Text", "[Text](javascript:alert(1))", ["link not in the German text javascript:alert(1)"]),
        ("Text", "[Text](data:text/html,x)", ["link not in the German text data:text/html,x"]),
        ("Text", "![x](https://evil.example/x.png)", ["image not in the German text https://evil.example/x.png"]),
        ("Text", "```{include} /etc/passwd\n```", ["directive not in the German text {include} /etc/passwd"]),
        ("Text", "<b>Text</b>", ["HTML not in the German text </b>, <b>"]),
        ("Text", "---\nmyst: {}\n---\nText", ["front matter not in the German text myst: {}"]),
        ("Text `a`", "Text `b`", ["missing inline code a", "inline code not in the German text b"]),
        ("Text {fact}`a.b`", "Text {fact}`a.c`", ["missing role {fact}`a.b`", "role not in the German text"]),
    ],
)
def test_translation_keeps_exactly_the_markup_tokens(msgid: str, msgstr: str, expected: list[str]) -> None:
    problems = policy.translation_differences(msgid, msgstr)
    if not expected:
        assert problems == []
    for words in expected:
        assert any(words in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("text", "translated", "expected"),
    [
        ("---\norphan: true\n---\n# T\n", False, []),
        ("---\nmyst:\n  html_meta:\n    x: y\n---\n# T\n", False, [(2, "front-matter key 'myst' is not allowed")]),
        ("---\norphan: true\ntitle: x\n---\n# T\n", False, [(3, "front-matter key 'title' is not allowed")]),
        ("---\norphan: true\n---\nText", True, [(2, "front-matter key 'orphan' is not allowed")]),
    ],
)
def test_front_matter_allowlist(text: str, translated: bool, expected: list[tuple[int, str]]) -> None:
    problems, cleaned = policy.front_matter_problems(text, translated)
    assert [(line, message.split(" (")[0]) for line, message in problems] == expected
    assert len(cleaned.split("\n")) == len(text.split("\n"))  # the lines of the rest stay where they were
    for line, _ in problems:
        assert cleaned.split("\n")[line - 1] == ""


def test_scheme_of_reads_urls_as_a_browser_does() -> None:
    assert policy.scheme_of("java\tscript:alert(1)") == "javascript"
    assert policy.scheme_of(" JavaScript:alert(1)") == "javascript"
    assert policy.scheme_of("impressum.html#x") == ""
    assert policy.scheme_of("https://a.example") == "https"


def test_is_inside_follows_symlinks(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "link").symlink_to("/etc/passwd")
    assert not policy.is_inside(tmp_path / "docs" / "link", tmp_path / "docs")
    assert not policy.is_inside(tmp_path / "docs" / ".." / "x", tmp_path / "docs")
    assert policy.is_inside(tmp_path / "docs" / "a.png", tmp_path / "docs")


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Stand: 26. November 2026", "Last updated: 26 November 2026"),
        ("am 26.11.2026", "on 26 November 2026"),
        ("am 26. Nov. 2026", "on November 26, 2026"),
        ("seit November 2026", "since November 2026"),
        ("am 1. Januar", "on 1 January"),
        ("7 Tage", "7 days"),
        ("1.000 Anträge", "1,000 requests"),
        ("2,5 Stunden", "2.5 hours"),
        ("§ 5 Abs. 1 Nr. 2 DDG", "Section 5(1) no. 2 DDG"),
        ("Art. 6 Abs. 1 Unterabsatz 2 DSGVO", "Art. 6(1), second subparagraph, GDPR"),
        ("§ 23a Abs. 1 Satz 3 AufenthG", "Section 23a(1), third sentence, AufenthG"),
        ("Telefon: +49 211 837-2000", "Phone: +49 211 837-2000"),
        ("im 3. Stock", "on the 3rd floor"),
        ("Sie können das", "you may do so"),  # "may" is no month
    ],
)
def test_numbers_are_read_as_a_reader_reads_them(german: str, english: str) -> None:
    assert sorted(policy.numbers_in(german)) == sorted(policy.numbers_in(english))
    assert policy.translation_differences(german, english) == []


@pytest.mark.parametrize(
    ("german", "wrong", "expected"),
    [
        ("Fehler 404", "error 044", "numbers: missing number 404; number not in the German text 044"),
        ("7 Tage", "70 days", "numbers: missing number 7; number not in the German text 70"),
        ("am 26. November 2026", "on 26 December 2026", "missing number date 2026-11-26"),
        ("Mail an a@example.org", "mail b@example.org", "emails: missing e-mail address a@example.org"),
        (
            "Text",
            "Text\n\n[x]: https://evil.example",
            "link definition not in the German text [X]: https://evil.example",
        ),
        ("Text[^1]", "Text[^2]", "missing footnote 1"),
    ],
)
def test_a_changed_number_date_address_or_definition_is_named(german: str, wrong: str, expected: str) -> None:
    assert any(expected in problem for problem in policy.translation_differences(german, wrong))


def test_exceptions_need_a_reason_and_never_excuse_markup() -> None:
    assert policy.exceptions(["numbers-exception: counted in words", "endpunc-exception:", "a comment"]) == {
        "numbers": "counted in words"
    }
    assert policy.translation_differences("7 Tage", "seven days", excused={"numbers"}) == []
    assert policy.translation_differences("Text", "[Text](https://evil.example)", excused={"markup", "link"})


# Cases of the regex comparison that the token comparison replaced (issue 20): each still holds.
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
        ("{ref}`Haftung <impressum-haftung>`", "{ref}`Disclaimer <impressum-haftung>`"),
        ("{placeholder}`Name fehlt`", "{placeholder}`name missing`"),
        ("Tel. 0211 837-2000", "Phone 0211 8372000"),
        ("vom 26.11.2026", "of 26 November 2026"),
        ("[Hier](https://a.example/x)", "[Here](https://a.example/x)"),
    ],
)
def test_citation_styles_roles_and_numbers_match_across_languages(german: str, english: str) -> None:
    assert translation_differences(german, english) == []


@pytest.mark.parametrize(
    ("german", "english", "start"),
    [
        ("{fact}`a` und {fact}`a`", "{fact}`a`", "missing role {fact}`a`"),
        ("Tel. 0211 837-2000", "Phone 0211 837-2001", "numbers: missing number 02118372000"),
        ("a@b.de", "a@c.de", "emails: missing e-mail address a@b.de"),
        ("[Hier](https://a.example/x)", "Here", "missing link https://a.example/x"),
        ("Text", "<https://b.example>", "link not in the German text https://b.example"),
    ],
)
def test_a_lost_or_added_role_number_address_or_link_is_named(german: str, english: str, start: str) -> None:
    assert [problem for problem in translation_differences(german, english) if problem.startswith(start)]
