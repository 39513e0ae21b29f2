"""Live preview for writers and translators (`make preview`, `make preview LANG=en`).

Built on sphinx-autobuild's server and file watcher, with two changes:
- Sphinx stays warm in this process (see WarmRebuildServer): a change rebuilds only the changed pages, without paying
  Python's and Sphinx's start-up again (sphinx-autobuild starts a new sphinx-build each time).
  Changes to conf.py or our own code start a fresh Sphinx, as they change how pages are built.
- The reload script is a file, not an inline <script>: the pages' Content Security Policy
  forbids inline scripts, so sphinx-autobuild's injected one would be blocked.
"""

from __future__ import annotations

import argparse
import asyncio
import gettext
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
        try:
            if self.language != PROJECT.source_language:
                compile_catalogs(self.language, self.locale_dir)
                self.forget_translations()
            if self.needs_fresh_sphinx(changed_paths):
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
                    warning=sys.stderr,
                    keep_going=True,
                )
            self.app.build()
        except CatalogError as error:
            print(f"preview: broken translation catalog:\n{error}", file=sys.stderr)
        except Exception as error:  # a writer's mistake must not stop the preview server
            print(f"preview: the build failed: {error}", file=sys.stderr)
        else:
            outcome = "with warnings (see above)" if self.app.statuscode else "ok"
            print(f"preview: rebuilt, {outcome}", file=sys.stderr)


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
        middleware=[Middleware(ReloadScriptInjector)],
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
