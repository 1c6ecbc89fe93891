"""Runs that cannot read their sources: they fail loudly, briefly, and never publish over good tables."""

from __future__ import annotations

import shutil
import time
from urllib.parse import urlsplit

import pandas as pd
import pytest
import requests

from flows.cli import main, summary_line
from flows.steps import SNAPSHOT_SOURCES
from sources.discovery.feeds import configured_feeds
from sources.fetching import NETWORK_DOWN_HOSTS
from warehouse.publish import vintages

pytestmark = pytest.mark.flow

TABLES = ("documents", "facts", "facts_latest", "metrics", "events", "quality_checks")


def _published(data) -> dict[str, tuple[int, int]]:
    """Each table's file time and number of kept versions."""
    return {t: ((data / "tables" / f"{t}.parquet").stat().st_mtime_ns, len(vintages(data, t))) for t in TABLES}


def test_no_network_fails_within_two_minutes_names_each_source_and_publishes_nothing(
    snapshot_runs, no_network, tmp_path, capsys
):
    data = tmp_path / "data"
    shutil.copytree(snapshot_runs["dir"], data)
    before = _published(data)
    runs_before = len(pd.read_parquet(data / "tables" / "runs.parquet"))

    started = time.monotonic()
    code = main(["run", "--source", "live", "--data-dir", str(data)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()

    assert code == 1, out + err
    assert elapsed < 120
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    listings = [line for line in failed if line.startswith("failed: listing failed: ")]
    listed_sources = ["tencent_ir", "hkex"] + (["articles"] if configured_feeds() else [])
    for source in listed_sources:
        assert len([line for line in listings if line.startswith(f"failed: listing failed: {source}: ")]) == 1, failed
    # One line per source, not one per configured document: after the listings, nothing more was tried.
    assert len(failed) <= 8, failed
    assert any("not tried: no network" in line for line in failed), failed
    hosts = {urlsplit(u).hostname for u in no_network.urls}
    assert NETWORK_DOWN_HOSTS <= len(hosts) <= len(SNAPSHOT_SOURCES), hosts  # at most one host per listing

    summary = out.splitlines()[0]
    assert summary.startswith("run ") and ": failed: " in summary
    assert f"{len(listings)} listings not read" in summary and "(0 fetched, " in summary
    assert "nothing fetched: nothing published" in summary

    assert _published(data) == before
    runs = pd.read_parquet(data / "tables" / "runs.parquet")
    assert len(runs) == runs_before + 1 and runs.iloc[-1].status == "failed" and runs.iloc[-1].source == "live"


class _ListingDown(requests.adapters.BaseAdapter):
    """Wraps the replay adapter and refuses every connection to one host (as a closed port would)."""

    def __init__(self, inner, host: str) -> None:
        super().__init__()
        self.inner, self.host = inner, host
        self.entries = getattr(inner, "entries", [])
        self.lookup = getattr(inner, "lookup", None)

    def send(self, request, **kw):
        if urlsplit(request.url).hostname == self.host:
            from urllib3.exceptions import MaxRetryError, NewConnectionError

            refused = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
            raise requests.exceptions.ConnectionError(MaxRetryError(None, request.url, refused))
        return self.inner.send(request, **kw)

    def close(self) -> None:
        self.inner.close()


def test_a_listing_that_cannot_be_read_makes_the_run_partial_and_is_a_failed_check(
    prefect_harness, tmp_path, monkeypatch
):
    from flows import pipeline as pipeline_module
    from sources.http import HttpClient
    from sources.replay import ReplayAdapter

    client = HttpClient("snapshot", adapter=_ListingDown(ReplayAdapter(None), "www1.hkexnews.hk"), backoff=0,
                        sleep=lambda s: None)
    monkeypatch.setattr(pipeline_module, "make_client", lambda source: client)
    outcome = pipeline_module.pipeline(source="snapshot", data_dir=str(tmp_path), only=["hkex", "nbs"])

    assert (outcome["status"], outcome["exit_code"]) == ("partial", 3)
    assert outcome["listings_failed"] == 1
    assert [f for f in outcome["failures"] if f.startswith("listing failed: ")] == [
        next(f for f in outcome["failures"] if f.startswith("listing failed: hkex: connection failed"))
    ]
    assert outcome["docs_listed"] == outcome["docs_seen"] > 0 and outcome["docs_not_fetched"] == 0
    assert outcome["docs_new"] + outcome["docs_unchanged"] == outcome["docs_seen"]
    line = summary_line(outcome)
    assert f"{outcome['docs_listed']} listed ({outcome['docs_seen']} fetched, 0 not fetched)" in line
    assert "failures: 1 listings not read" in line

    checks = pd.read_parquet(tmp_path / "tables" / "quality_checks.parquet")
    row = checks[checks.check == "sources_read"].iloc[0]
    assert (row.status, row.severity, row.failing_rows) == ("fail", "warn", 1)
    assert row.details.startswith("listing failed: hkex: ")
    docs = pd.read_parquet(tmp_path / "tables" / "documents.parquet")
    assert set(docs.source) == {"nbs"}
