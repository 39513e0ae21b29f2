"""Live preview for writers and translators (`make preview`, `make preview LANG=en`).

Built on sphinx-autobuild's server and file watcher, with two changes:
- Sphinx stays warm in this process (see WarmRebuildServer): a change rebuilds only the changed pages, without paying
  Python's and Sphinx's start-up again (sphinx-autobuild starts a new sphinx-build each time).
  Changes to conf.py or our own code start a fresh Sphinx, as they change how pages are built.
- The reload script is a file, not an inline <script>: the pages' Content Security Policy
  forbids inline scripts, so sphinx-autobuild's injected one would be blocked.
- Errors persist, as in `make site`: while the last build reported anything, every page of the
  preview is an error page with the file:line messages, and the next build starts a fresh Sphinx
  with an empty cache, so that every page that failed is read again and says so again (Sphinx
  itself would reuse the page it read and stay silent).
"""

from __future__ import annotations

import argparse
import asyncio
import gettext
import html
import io
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import sphinx.locale
import uvicorn
import watchfiles
from sphinx.application import Sphinx
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import find_free_port
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from legalpages.catalogs import CatalogError, compile_catalogs
from legalpages.project import PROJECT
from legalpages.site import GOOD_STATE
from legalpages.source_checks import check_files
from legalpages.sphinx_run import SphinxRun

ROOT = Path(__file__).resolve().parent.parent
RELOAD_SCRIPT_PATH = "/_preview/reload.js"
RELOAD_SCRIPT = """\
// Reloads the page when the preview server has rebuilt it.
new WebSocket(`ws://${location.host}/websocket-reload`).onmessage = () => location.reload();
"""
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_PATH}"></script>'.encode()


class WarmBuilder:
    """Keeps one Sphinx application and rebuilds incrementally; called by the file watcher."""

    def __init__(self, language: str, build_dir: Path) -> None:
        self.language = language
        build_dir = build_dir.resolve()  # Sphinx would read a relative locale dir from docs/
        self.out_dir = build_dir / "preview" / language
        self.doctree_dir = build_dir / "preview-doctrees" / language
        self.locale_dir = build_dir / "preview-locale"
        self.app: Sphinx | None = None
        self.warnings = WarningLog()
        self.errors: list[str] = []  # what the last build reported; the preview shows it instead of pages

    def needs_fresh_sphinx(self, changed_paths: Sequence[Path]) -> bool:
        code = ROOT / "legalpages"
        return self.app is None or any(
            path.resolve() == ROOT / "conf.py" or code in path.resolve().parents for path in changed_paths
        )

    def forget_translations(self) -> None:
        """Sphinx and Python's gettext cache every loaded catalog for the life of the process;
        a warm preview must drop the page catalogs, or an edited msgstr would never show."""
        page_catalogs = {path.stem for path in (ROOT / "locale" / self.language / "LC_MESSAGES").glob("*.po")}
        for key in [key for key in sphinx.locale.translators if key[1] in page_catalogs]:
            del sphinx.locale.translators[key]
        gettext._translations.clear()  # private, but the only way to reload a changed .mo

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        # a failed build, or on start a cache that no successful build left (this or a killed preview)
        good_state = self.doctree_dir / GOOD_STATE
        failed_before = bool(self.errors) or (self.app is None and not good_state.exists())
        good_state.unlink(missing_ok=True)
        self.warnings.clear()
        try:
            problems = check_files(ROOT)  # what make site checks before Sphinx starts
            if problems:
                raise SourceProblems("\n".join(map(str, problems)))
            if self.language != PROJECT.source_language:
                compile_catalogs(self.language, self.locale_dir)
                self.forget_translations()
            if failed_before:  # never build on the cache of a failed build
                for folder in (self.doctree_dir, self.out_dir):
                    shutil.rmtree(folder, ignore_errors=True)
                self.out_dir.mkdir(parents=True, exist_ok=True)
            if failed_before or self.needs_fresh_sphinx(changed_paths):
                # a writer sees every warning, and the page still updates
                run = SphinxRun("html", self.out_dir, self.doctree_dir, self.language, self.locale_dir, strict=False)
                self.app = Sphinx(
                    str(run.root / "docs"),
                    str(run.root),
                    str(run.out_dir),
                    str(run.doctree_dir),
                    run.builder,
                    confoverrides=run.settings(),
                    status=None,
                    warning=self.warnings,
                    keep_going=True,
                )
            self.app.build()
        except SourceProblems as error:
            self.errors = str(error).splitlines()
            print(f"preview: problems in the sources:\n{error}", file=sys.stderr)
        except CatalogError as error:
            self.errors = [f"broken translation catalog: {error}"]
            print(f"preview: {self.errors[0]}", file=sys.stderr)
        except Exception as error:  # a writer's mistake must not stop the preview server
            self.errors = [f"the build failed: {error}"]
            self.app = None  # its state is unknown: start afresh
            print(f"preview: {self.errors[0]}", file=sys.stderr)
        else:
            self.errors = self.warnings.messages()
            if not self.errors:
                good_state.touch()
            outcome = "with errors (see above; the browser shows them)" if self.errors else "ok"
            print(f"preview: rebuilt, {outcome}", file=sys.stderr)


class SourceProblems(Exception):
    """check_files found problems; the build does not start, as in make site."""


class WarningLog(io.StringIO):
    """Sphinx's warning stream: printed to the terminal as before, and kept for the error page."""

    def write(self, text: str) -> int:
        sys.stderr.write(text)
        return super().write(text)

    def clear(self) -> None:
        self.seek(0)
        self.truncate()

    def messages(self) -> list[str]:
        """What the writer must fix; not Sphinx's notes that a second Sphinx in this process registers
        the same directives, roles and nodes again ("while setting up extension …")."""
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in self.getvalue().splitlines()]
        return [line for line in lines if line.strip() and not REREGISTERED.search(line)]


REREGISTERED = re.compile(r"while setting up extension \S+: .* already registered")


def error_page(errors: list[str]) -> str:
    items = "\n".join(f"<li><code>{html.escape(error)}</code></li>" for error in errors)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Preview: the build failed</title></head>
<body>
<main>
<h1>The build failed</h1>
<p>Fix these and save; this page reloads. <code>make site</code> fails with the same messages.</p>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""


class ErrorPage:
    """While the last build reported errors, every page is the list of errors, not the page."""

    def __init__(self, app: ASGIApp, builder: WarmBuilder) -> None:
        self.app, self.builder = app, builder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.builder.errors and scope.get("path") != RELOAD_SCRIPT_PATH:
            response = Response(error_page(self.builder.errors), status_code=500, media_type="text/html")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class WarmRebuildServer(RebuildServer):
    """sphinx-autobuild's watcher runs each rebuild in a new process, which would throw the warm
    Sphinx away; this one rebuilds in a thread of this process, one build at a time."""

    async def watch(self) -> None:
        async for changes in watchfiles.awatch(*self.paths, watch_filter=lambda _, path: not self.ignore(path)):
            await asyncio.to_thread(self.change_callback, changed_paths=[Path(path) for _, path in changes])
            self.flag.set()


class ReloadScriptInjector:
    """Adds <script src="/_preview/reload.js"> to every HTML response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_html = False

        async def send_wrapper(message: Message) -> None:
            nonlocal is_html
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                is_html = headers.get("Content-Type", "").startswith("text/html")
                if is_html and "Content-Length" in headers:
                    headers["Content-Length"] = str(int(headers["Content-Length"]) + len(RELOAD_TAG))
            elif message["type"] == "http.response.body" and is_html and not message.get("more_body", False):
                message["body"] += RELOAD_TAG
            await send(message)

        await self.app(scope, receive, send_wrapper)


def create_app(builder: WarmBuilder) -> Starlette:
    watched = [ROOT / "docs", ROOT / "locale", ROOT / "legalpages", ROOT / "conf.py"]
    ignore = IgnoreFilter([str(builder.out_dir), str(builder.doctree_dir), "__pycache__"], [r".*\.mo$"])
    watcher = WarmRebuildServer(watched, ignore, change_callback=builder)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Route(RELOAD_SCRIPT_PATH, lambda request: Response(RELOAD_SCRIPT, media_type="text/javascript")),
            Mount("/", app=StaticFiles(directory=builder.out_dir, html=True), name="static"),
        ],
        middleware=[Middleware(ReloadScriptInjector), Middleware(ErrorPage, builder=builder)],
        lifespan=watcher.lifespan,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Live preview of the site in one language.")
    parser.add_argument("--language", default=PROJECT.source_language, choices=PROJECT.codes)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args(argv)
    builder = WarmBuilder(args.language, args.build_dir.resolve())
    builder.out_dir.mkdir(parents=True, exist_ok=True)
    builder()
    port = args.port or find_free_port()
    print(f"preview: http://127.0.0.1:{port}/  (Ctrl+C stops)", file=sys.stderr)
    uvicorn.run(create_app(builder), host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
