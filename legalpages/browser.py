"""Debian's headless Chromium and a local web server: shared by the browser tests and `make screenshots`.

Playwright's own browser download does not work here (and would be a second browser to trust),
so Playwright drives the Chromium that Debian installs.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # runs as root in containers and CI
    "--disable-gpu",
    # nothing but the page itself may talk to the network,
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # and the page only to this machine: every other request goes to a proxy that is not there and fails
    # at once (Chromium never sends loopback requests to a proxy). Playwright's request routing did this
    # at the cost of a round trip through Python for each request: a fifth of a page load's CPU.
    f"--proxy-server=http://{LOCAL_HOST}:9",
]


class BrowserMissing(Exception):
    """Chromium is not installed."""


def launch(playwright: Playwright) -> Browser:
    if shutil.which(CHROMIUM) is None:
        raise BrowserMissing(
            f"{CHROMIUM} not found; install it with `apt-get install chromium` (make test does it when run as root)"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (data:, blob: and about: never leave it)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss", "ftp"):
        return True
    return parts.hostname == LOCAL_HOST


class _Server(ThreadingHTTPServer):
    # Chromium opens several connections at once. With socketserver's default backlog of 5 the
    # kernel drops the surplus and TCP retries after 1, 3, 7, 15 s: pages then "load" for seconds
    # and waits for network idle time out.
    request_queue_size = 128


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the test output


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) in a thread; yields the base URL without a trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
