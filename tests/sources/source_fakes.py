"""Scripted transport adapter and sleep recorder for the source tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from requests.adapters import BaseAdapter

from sources.replay import build_response


@dataclass
class Scripted:
    """One scripted answer: a status, headers and a body, or an exception to raise."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: Exception | None = None


class FakeAdapter(BaseAdapter):
    """A transport adapter that answers from a script (per URL prefix or in order) and records requests."""

    def __init__(self, script: list[Scripted] | Callable[[requests.PreparedRequest], Scripted]) -> None:
        super().__init__()
        self.script = script
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.requests.append(request)
        answer = self.script(request) if callable(self.script) else self.script.pop(0)
        if answer.error is not None:
            raise answer.error
        return build_response(request, answer.status, answer.headers, answer.body, self)

    def close(self) -> None:
        pass


class Sleeps:
    """Records requested sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
