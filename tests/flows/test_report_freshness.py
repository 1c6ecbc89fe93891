"""The report always matches the published tables: any content, redrawn when stale, never failing a committed run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from flows import reporting
from flows.cli import main

pytestmark = pytest.mark.flow

CASES = Path(__file__).resolve().parents[1] / "cases"


def _inbox(tmp_path: Path, *files: str) -> Path:
    data = tmp_path / "data"
    (data / "inbox").mkdir(parents=True)
    for name in files:
        shutil.copy(CASES / name, data / "inbox")
    return data


def _tables_newest(data: Path) -> int:
    return max(p.stat().st_mtime_ns for p in (data / "tables").glob("*.parquet"))


def test_an_inbox_of_one_channels_article_publishes_and_draws_its_report(prefect_harness, tmp_path, capsys):
    from flows.pipeline import pipeline

    data = _inbox(tmp_path, "articles/conflict_gmv_over.html")
    outcome = pipeline(source="inbox", data_dir=str(data))
    facts = pd.read_parquet(data / "tables" / "facts_latest.parquet")
    assert outcome["exit_code"] == 0 and set(facts["entity"]) == {"wechat_channels"}
    index = data / "reports" / "index.html"
    assert index.is_file() and index.stat().st_mtime_ns >= _tables_newest(data)
    checks = pd.read_parquet(data / "tables" / "quality_checks.parquet")
    assert reporting.REPORT_CHECK not in set(checks["check"])
    assert main(["report", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.strip() == str(index)


def test_a_report_older_than_the_tables_or_missing_is_drawn_by_the_next_unchanged_run(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    data = tmp_path / "data"
    pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    index = data / "reports" / "index.html"
    # A run killed between publishing its tables and drawing the report leaves the report older than them.
    old = _tables_newest(data) - 10**9
    os.utime(index, ns=(old, old))
    assert not reporting.report_is_current(data)
    second = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert "nothing changed" in second["message"]
    assert index.stat().st_mtime_ns >= _tables_newest(data) and reporting.report_is_current(data)
    shutil.rmtree(data / "reports")
    third = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert "nothing changed" in third["message"] and index.is_file() and reporting.report_is_current(data)


def test_a_report_that_cannot_be_drawn_is_a_warning_and_a_check_row(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline

    def broken(*args, **kwargs):
        raise ValueError("no font for this label")

    monkeypatch.setattr(reporting, "build_report", broken)
    data = _inbox(tmp_path, "articles/conflict_gmv_over.html")
    outcome = pipeline(source="inbox", data_dir=str(data))
    assert outcome["exit_code"] == 0 and outcome["status"] == "ok"
    runs = pd.read_parquet(data / "tables" / "runs.parquet")
    assert list(runs["run_id"]) == [outcome["run_id"]]
    checks = pd.read_parquet(data / "tables" / "quality_checks.parquet")
    row = checks[checks["check"] == reporting.REPORT_CHECK]
    assert len(row) == 1  # recorded once, not again by the stale-report refresh of the same run
    assert row.iloc[0]["run_id"] == outcome["run_id"] and row.iloc[0]["severity"] == "warn"
    assert row.iloc[0]["status"] == "fail" and "no font for this label" in row.iloc[0]["details"]
    assert len(pd.read_parquet(data / "tables" / "facts.parquet")) == outcome["facts_written"] > 0
    monkeypatch.undo()
    again = pipeline(source="inbox", data_dir=str(data))
    assert again["exit_code"] == 0 and reporting.report_is_current(data)
