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
