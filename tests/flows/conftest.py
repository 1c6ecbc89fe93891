"""One Prefect test harness for the end-to-end flow tests, and a published snapshot run to share."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def snapshot_runs(prefect_harness, tmp_path_factory):
    """Two snapshot runs into one data dir: the outcomes and the facts after each."""
    import pandas as pd

    from flows.pipeline import pipeline

    data_dir = tmp_path_factory.mktemp("data")
    first = pipeline(source="snapshot", data_dir=str(data_dir))
    facts_first = pd.read_parquet(data_dir / "tables" / "facts.parquet")
    copy = tmp_path_factory.mktemp("after-first") / "tables"
    shutil.copytree(data_dir / "tables", copy)
    second = pipeline(source="snapshot", data_dir=str(data_dir))
    return {"dir": Path(data_dir), "first": first, "second": second, "facts_first": facts_first, "tables_first": copy}


class RefusingAdapter:
    """A transport that sends every request to a loopback port nobody listens on: each connection is refused."""

    def __init__(self) -> None:
        import socket

        from requests.adapters import HTTPAdapter

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.inner = HTTPAdapter(max_retries=0)
        self.urls: list[str] = []

    def send(self, request, **kwargs):
        self.urls.append(request.url)
        request.url = f"http://127.0.0.1:{self.port}/"
        return self.inner.send(request, **kwargs)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def refusing_adapter() -> RefusingAdapter:
    """A transport that refuses every connection (and records the URLs it was asked for)."""
    return RefusingAdapter()


@pytest.fixture
def no_network(monkeypatch, refusing_adapter):
    """Live runs in this test go through a transport that refuses every connection; yields the transport."""
    from flows import pipeline as pipeline_module
    from sources.discovery.configured import configured_allowed_hosts
    from sources.http import DEFAULT_ALLOWED_HOSTS, HttpClient

    adapter = refusing_adapter
    client = HttpClient("live", adapter=adapter, allowed_hosts=DEFAULT_ALLOWED_HOSTS | configured_allowed_hosts())
    monkeypatch.setattr(pipeline_module, "make_client", lambda source: client if source == "live" else None)
    return adapter
