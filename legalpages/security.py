"""The Content Security Policy of every page, and the server configuration samples that repeat it.

The pages carry the policy as a <meta> tag (it works on any static host and from file://);
the samples in legalpages/server/ send it as a header too, which also allows frame-ancestors.
A test keeps the samples identical to this policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # hints only: the build orchestrator imports this module and must start fast
    from sphinx.application import Sphinx


SERVER_SAMPLES = Path(__file__).parent / "server"

# No inline or third-party scripts. Inline styles stay allowed: furo's icon sprite and its
# colour variables use style attributes and a <style> block, and styles cannot run code.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",  # the 404 page's <base>
        "form-action 'self'",
    ]
)
# Only valid in a header, not in a <meta> tag.
HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'"


def add_policy_to_pages(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["content_security_policy"] = CONTENT_SECURITY_POLICY


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_policy_to_pages)
    # after doctools.js (priority 200), before translations.js (500)
    app.add_js_file("legalpages-csp.js", priority=300)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
