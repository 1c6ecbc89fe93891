"""The parser registry: filled once, and whole for every thread that asks while it is being filled."""

from __future__ import annotations

import importlib
import threading
import time

import pytest

import transforms.parse as registry


def test_a_thread_asking_while_another_fills_the_registry_sees_every_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = set(registry.parsers())
    imported: list[str] = []
    real_import = importlib.import_module

    def slow_import(name: str):
        imported.append(name)
        time.sleep(0.05)
        return real_import(name)

    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry.importlib, "import_module", slow_import)
    seen: dict[str, set[str]] = {}
    first = threading.Thread(target=lambda: seen.__setitem__("first", set(registry.parsers())))
    first.start()
    deadline = time.monotonic() + 10
    while len(imported) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    seen["second"] = set(registry.parsers())
    first.join(10)
    assert seen == {"first": expected, "second": expected}


def test_many_threads_at_once_all_see_the_same_full_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = set(registry.parsers())
    monkeypatch.setattr(registry, "_REGISTRY", {})
    barrier = threading.Barrier(8)
    results: list[set[str]] = []

    def ask() -> None:
        barrier.wait()
        results.append(set(registry.parsers()))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == [expected] * 8
