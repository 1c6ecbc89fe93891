"""Recovery that needs nobody: damage to tables, warehouse.duckdb or the report is mended by the next run."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows import inputs, reporting
from flows.cli import main
from warehouse.duck import DB_NAME, duckdb_is_sound
from warehouse.publish import vintages

pytestmark = pytest.mark.flow

ONLY = ["nbs"]


def _run(data: Path) -> dict:
    from flows.pipeline import pipeline

    return pipeline(source="snapshot", data_dir=str(data), only=ONLY)


def _facts(data: Path) -> pd.DataFrame:
    frame = pd.read_parquet(data / "tables" / "facts.parquet")
    return frame.drop(columns=["extracted_at"]).sort_values("fact_id").reset_index(drop=True)


def _count(data: Path, sql: str) -> int:
    assert main(["query", sql, "--data-dir", str(data), "--csv"]) == 0
    con = duckdb.connect(str(data / DB_NAME), read_only=True)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_truncated_table_garbled_duckdb_and_deleted_report_are_each_mended_by_the_next_run(prefect_harness, tmp_path):
    data = tmp_path / "data"
    first = _run(data)
    assert first["exit_code"] == 0 and first["facts_written"] > 0
    facts_before = _facts(data)

    # 1. A published table truncated in place (its newest vintage is the same file, so it is damaged too).
    facts = data / "tables" / "facts.parquet"
    with open(facts, "r+b") as fh:
        fh.truncate(facts.stat().st_size // 2)
    with pytest.raises(Exception):  # noqa: B017 - any reader fails on it
        pd.read_parquet(facts)
    second = _run(data)
    assert second["exit_code"] == 0, second
    assert any(line.startswith("facts could not be read") for line in second["repaired"])
    assert "nothing changed" not in second["message"]  # the record no longer vouched for the tables
    pd.testing.assert_frame_equal(_facts(data), facts_before)
    assert all(pd.read_parquet(v).shape[0] >= 0 for v in vintages(data, "facts"))  # every vintage reads
    assert inputs.load(data).run_id == second["run_id"]

    # 2. warehouse.duckdb overwritten with garbage.
    (data / DB_NAME).write_bytes(os.urandom(4096))
    assert not duckdb_is_sound(data)
    third = _run(data)
    assert third["exit_code"] == 0 and "nothing changed" in third["message"]
    assert duckdb_is_sound(data)
    assert _count(data, "SELECT count(*) FROM facts") == len(facts_before)

    # 3. The report deleted.
    index = data / "reports" / "index.html"
    index.unlink()
    fourth = _run(data)
    assert fourth["exit_code"] == 0 and "nothing changed" in fourth["message"]
    assert index.is_file() and reporting.report_is_current(data)
    assert not list(data.rglob("*.tmp-*")) and not list(data.rglob(".*.tmp"))


def test_a_table_replaced_by_garbage_comes_back_from_its_newest_intact_vintage(prefect_harness, tmp_path):
    data = tmp_path / "data"
    _run(data)
    metrics = data / "tables" / "metrics.parquet"
    before = pd.read_parquet(metrics)
    garbage = metrics.with_name("garbage")
    garbage.write_bytes(b"PAR1" + os.urandom(2000))
    os.replace(garbage, metrics)  # a new file: the vintage keeps the published bytes
    again = _run(data)
    assert again["exit_code"] == 0
    assert any("put back its newest intact version" in line for line in again["repaired"]), again["repaired"]
    assert len(pd.read_parquet(metrics)) == len(before)


def test_duckdb_that_cannot_be_written_after_a_publish_is_partial_and_the_next_run_writes_it(
    prefect_harness, tmp_path, monkeypatch
):
    data = tmp_path / "data"

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reporting, "rebuild_duckdb", disk_full)
    first = _run(data)
    assert first["exit_code"] == 3 and first["status"] == "partial"  # the tables are committed: not 1
    assert any("warehouse.duckdb not written" in line and "No space left" in line for line in first["failures"])
    assert (data / "tables" / "runs.parquet").is_file()
    assert inputs.load(data) is None  # the record vouches for DuckDB too: not saved
    monkeypatch.undo()
    second = _run(data)
    assert second["exit_code"] == 0 and duckdb_is_sound(data)
    assert inputs.load(data) is not None
    third = _run(data)
    assert "nothing changed" in third["message"] and inputs.load(data).run_id == second["run_id"]


def test_a_raw_store_that_refuses_one_document_fails_that_document_only(prefect_harness, tmp_path, monkeypatch, capsys):
    import warehouse.store as store

    data = tmp_path / "data"
    real_replace = os.replace
    refused: list[str] = []

    def replace(src, dst):
        if "/raw/" in str(dst) and not refused:
            refused.append(str(dst))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)
    code = main(["run", "--data-dir", str(data)])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == 3 and refused
    failed = [line for line in err.splitlines() if line.startswith("failed: ") and "No space left on device" in line]
    assert len(failed) == 1 and failed[0].startswith("failed: fetch failed:")
    assert "Traceback" not in err
    assert not list((data / "raw").rglob("*.tmp")) and not list(data.rglob("*.tmp-*"))
    assert (data / "tables" / "facts.parquet").is_file()


def test_a_parse_cache_that_cannot_be_written_is_a_failure_line_and_leaves_no_temp_file(
    prefect_harness, tmp_path, monkeypatch
):
    data = tmp_path / "data"
    real_replace = os.replace

    def replace(src, dst):
        if "/cache/parsed/" in str(dst):
            raise OSError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr("common.os.replace", replace)
    outcome = _run(data)
    assert outcome["exit_code"] == 3
    assert any(line.startswith("parse cache:") and "Permission denied" in line for line in outcome["failures"])
    assert outcome["facts_written"] > 0
    assert not list(data.rglob("*.tmp-*"))
