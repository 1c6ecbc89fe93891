"""Fixtures shared by more than one test room: a recorder of the HTTP requests a client sends."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest


class Recorder:
    """Wraps a transport adapter's send: which requests were conditional and what status came back."""

    def __init__(self, adapter) -> None:
        self.inner = adapter.send
        self.calls: list[tuple[str, bool, int]] = []
        self.lock = threading.Lock()

    def __call__(self, request, **kwargs):
        resp = self.inner(request, **kwargs)
        conditional = bool(request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since"))
        with self.lock:
            self.calls.append((request.url, conditional, resp.status_code))
        return resp

    def conditional(self) -> list[tuple[str, bool, int]]:
        """The conditional requests sent so far."""
        return [c for c in self.calls if c[1]]


@pytest.fixture()
def record_sends(monkeypatch) -> Callable[[object], Recorder]:
    """Installs a Recorder on a client's transport adapter and returns it."""

    def install(client) -> Recorder:
        recorder = Recorder(client.adapter)
        monkeypatch.setattr(client.adapter, "send", recorder)
        return recorder

    return install
