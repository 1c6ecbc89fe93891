"""Fakes for the source tests: a scripted transport adapter, a loopback HTTP server, recorded pages."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from source_fakes import Sleeps

CASES = Path(__file__).resolve().parents[1] / "cases" / "sources"


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


class _Handler(BaseHTTPRequestHandler):
    """Routes of the loopback test server."""

    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}

    def do_GET(self) -> None:  # noqa: N802
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        route(self)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[str, dict]]:
    """A threading HTTP server on 127.0.0.1 with a mutable route table; yields (base URL, routes)."""
    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
