"""legalpages.security: the Content Security Policy, and the server samples that repeat it.

That every built page carries it is tested on the real site in tests/test_publishing.py; that the
browser obeys it, in tests/test_browser.py (no third-party requests).
"""

from __future__ import annotations

from legalpages.security import CONTENT_SECURITY_POLICY, HEADER_ONLY_DIRECTIVES, SERVER_SAMPLES


def directives() -> dict[str, str]:
    return dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))


def test_no_script_or_style_from_elsewhere_and_no_inline_script() -> None:
    policy = directives()
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'", "no 'unsafe-inline', no other host"
    assert policy["object-src"] == "'none'"
    assert all("http" not in sources and "*" not in sources for sources in policy.values())


def test_the_meta_tag_holds_only_what_a_meta_tag_may() -> None:
    assert "frame-ancestors" not in CONTENT_SECURITY_POLICY  # ignored in <meta>, so a header only
    assert HEADER_ONLY_DIRECTIVES.startswith("frame-ancestors")


def test_every_server_sample_sends_the_same_policy_as_a_header() -> None:
    samples = sorted(SERVER_SAMPLES.iterdir())
    assert [sample.name for sample in samples] == ["htaccess", "nginx.conf"]
    for sample in samples:
        assert f"{CONTENT_SECURITY_POLICY}; {HEADER_ONLY_DIRECTIVES}" in sample.read_text(encoding="utf-8")
