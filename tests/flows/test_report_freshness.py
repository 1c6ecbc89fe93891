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


def test_a_rerun_with_nothing_new_leaves_the_report_untouched_and_naming_the_publishing_run(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    data = tmp_path / "data"
    first = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    index = data / "reports" / "index.html"
    drawn, page = index.stat().st_mtime_ns, index.read_bytes()
    assert first["run_id"].encode() in page
    second = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert "nothing changed" in second["message"]
    runs = pd.read_parquet(data / "tables" / "runs.parquet")
    assert second["run_id"] in set(runs["run_id"])  # its row is published, newer than the report
    assert index.stat().st_mtime_ns == drawn and index.read_bytes() == page
    assert reporting.report_is_current(data)
    # Drawn again from the same tables (as after its deletion), the page names the same run.
    index.unlink()
    pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    redrawn = index.read_text(encoding="utf-8")
    assert first["run_id"] in redrawn and second["run_id"] not in redrawn


def test_a_changed_data_table_still_draws_the_report_again(prefect_harness, tmp_path):
    from datetime import UTC, datetime

    from flows.pipeline import pipeline
    from warehouse.publish import Stage, publish, read_table
    from warehouse.runlog import warning_row, with_rows

    data = tmp_path / "data"
    pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    index = data / "reports" / "index.html"
    drawn = index.stat().st_mtime_ns
    row = warning_row("outside", "a_later_check", "facts", 1, "a check added after the run", datetime.now(UTC))
    stage = Stage(data, "outside")
    stage.write("quality_checks", with_rows(read_table(data, "quality_checks"), [row]))
    publish(stage, ["quality_checks"])
    assert not reporting.report_is_current(data)
    again = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert "nothing changed" in again["message"]
    assert index.stat().st_mtime_ns > drawn and reporting.report_is_current(data)
