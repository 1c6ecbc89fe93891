"""Publishing: staging, atomic replace per table, runs last, vintages, the writer lock, failures."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from wh_rows import document_row, fact, frame, run_row

from warehouse.errors import PublishError, SchemaDrift, WriterBusy
from warehouse.publish import Stage, publish, read_table, table_path, vintages, write_lock
from warehouse.schemas import TABLES, empty_frame, schema


def _facts(n: int, value: float = 1.0) -> pd.DataFrame:
    rows = [fact(value=value + i, reported_text=str(int(value + i)), locator=f"t/r{i}") for i in range(n)]
    return frame(rows)


def _publish(data_dir: Path, run_id: str, facts: pd.DataFrame, **kw) -> list[Path]:
    stage = Stage(data_dir, run_id)
    stage.write("facts", facts)
    stage.write("documents", pd.DataFrame([document_row()]))
    stage.write("runs", pd.DataFrame([run_row(run_id)]))
    return publish(stage, ["facts", "runs", "documents"], **kw)


def test_publish_replaces_tables_and_commits_run_last(tmp_path) -> None:
    paths = _publish(tmp_path, "r1", _facts(2))
    assert [p.name for p in paths] == ["facts.parquet", "documents.parquet", "runs.parquet"]
    assert len(read_table(tmp_path, "facts")) == 2
    assert list(read_table(tmp_path, "runs")["run_id"]) == ["r1"]
    assert not (tmp_path / "tables" / ".staging" / "r1").exists()
    _publish(tmp_path, "r2", _facts(3))
    assert len(read_table(tmp_path, "facts")) == 3
    assert list(read_table(tmp_path, "runs")["run_id"]) == ["r1", "r2"]
    leftovers = [p.name for p in (tmp_path / "tables").iterdir() if p.is_file()]
    assert sorted(leftovers) == ["documents.parquet", "facts.parquet", "runs.parquet"]


def test_runs_staged_in_full_are_not_duplicated(tmp_path) -> None:
    _publish(tmp_path, "r1", _facts(1))
    stage = Stage(tmp_path, "r2")
    both = pd.concat([read_table(tmp_path, "runs"), pd.DataFrame([run_row("r2")])], ignore_index=True)
    stage.write("runs", both)
    publish(stage, ["runs"])
    assert list(read_table(tmp_path, "runs")["run_id"]) == ["r1", "r2"]


@pytest.mark.parametrize("table", TABLES)
def test_absent_table_reads_empty_with_schema(tmp_path, table) -> None:
    df = read_table(tmp_path, table)
    assert df.empty and list(df.columns) == schema(table).names


def test_readers_see_contract_types(tmp_path) -> None:
    stage = Stage(tmp_path, "r1")
    for table in TABLES:
        stage.write(table, empty_frame(table) if table != "facts" else _facts(2))
    stage.write("runs", pd.DataFrame([run_row("r1")]))
    publish(stage, list(TABLES))
    for table in TABLES:
        path = table_path(tmp_path, table)
        assert pq.read_schema(path).remove_metadata().equals(schema(table))
        pdf = pd.read_parquet(path)
        assert not any(isinstance(t, pd.CategoricalDtype) for t in pdf.dtypes)
        assert list(pl.read_parquet(path).columns) == schema(table).names
        con = duckdb.connect()
        names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
        con.close()
        assert names == schema(table).names
    pdf = pd.read_parquet(table_path(tmp_path, "facts"))
    assert str(pdf["extracted_at"].dtype) == "datetime64[us, UTC]"
    assert str(pdf["value"].dtype) == "float64" and str(pdf["is_estimate"].dtype) == "bool"
    assert pd.api.types.is_string_dtype(pdf["entity"]) and pdf["period_start"].iloc[0] == date(2024, 1, 1)
    runs = pd.read_parquet(table_path(tmp_path, "runs"))
    assert str(runs["docs_seen"].dtype) == "int64"
    facts_types = {f: str(t) for f, t in pl.read_parquet(table_path(tmp_path, "facts")).schema.items()}
    assert facts_types["period_start"] == "Date"
    assert facts_types["value"] == "Float64"
    assert facts_types["extracted_at"] == "Datetime(time_unit='us', time_zone='UTC')"
    con = duckdb.connect()
    desc = dict(
        (r[0], r[1])
        for r in con.execute(f"DESCRIBE SELECT * FROM '{table_path(tmp_path, 'facts')}'").fetchall()
    )
    assert desc["period_start"] == "DATE" and desc["extracted_at"] == "TIMESTAMP WITH TIME ZONE"
    assert desc["value"] == "DOUBLE" and desc["is_estimate"] == "BOOLEAN"
    m = dict(
        (r[0], r[1])
        for r in con.execute(f"DESCRIBE SELECT * FROM '{table_path(tmp_path, 'metrics')}'").fetchall()
    )
    assert m["inputs"] == "VARCHAR[]"


def test_stage_rejects_drift(tmp_path) -> None:
    bad = _facts(1)
    bad["value"] = ["many"]
    with pytest.raises(SchemaDrift):
        Stage(tmp_path, "r1").write("facts", bad)


def test_stage_accepts_an_empty_frame_without_columns(tmp_path) -> None:
    stage = Stage(tmp_path, "r1")
    stage.write("facts", pd.DataFrame())
    assert stage.read("facts").empty


@pytest.mark.parametrize("run_id", ["", "../x", "a/b", ".hidden"])
def test_run_ids_cannot_escape(tmp_path, run_id) -> None:
    with pytest.raises(PublishError):
        Stage(tmp_path, run_id)


def test_unstaged_table_is_refused(tmp_path) -> None:
    with pytest.raises(PublishError, match="not staged"):
        publish(Stage(tmp_path, "r1"), ["facts"])


def test_disk_full_on_write_keeps_previous_version(tmp_path, monkeypatch) -> None:
    _publish(tmp_path, "r1", _facts(2))
    before = {t: table_path(tmp_path, t).read_bytes() for t in ("facts", "documents", "runs")}
    stage = Stage(tmp_path, "r2")
    stage.write("facts", _facts(5))
    stage.write("documents", pd.DataFrame([document_row()]))
    stage.write("runs", pd.DataFrame([run_row("r2")]))
    real = __import__("shutil").copyfile
    calls = {"n": 0}

    def full(src, dst, *a, **k):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr("warehouse.publish.shutil.copyfile", full)
    with pytest.raises(PublishError, match="No space left on device") as info:
        publish(stage, ["facts", "documents", "runs"])
    assert "\n" not in str(info.value)
    assert {t: table_path(tmp_path, t).read_bytes() for t in before} == before
    assert not [p for p in (tmp_path / "tables").glob(".*tmp*")]
    assert [v.name.endswith("-r1.parquet") for v in vintages(tmp_path, "facts")] == [True]


def test_permission_error_on_replace_keeps_previous_version(tmp_path, monkeypatch) -> None:
    _publish(tmp_path, "r1", _facts(2))
    before = table_path(tmp_path, "facts").read_bytes()
    stage = Stage(tmp_path, "r2")
    stage.write("facts", _facts(4))
    stage.write("runs", pd.DataFrame([run_row("r2")]))

    def denied(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(PublishError, match="Permission denied.*not committed"):
        publish(stage, ["facts", "runs"])
    monkeypatch.undo()
    assert table_path(tmp_path, "facts").read_bytes() == before
    assert list(read_table(tmp_path, "runs")["run_id"]) == ["r1"]
    assert not [p for p in (tmp_path / "tables").glob(".*.parquet.tmp-*")]


class Crash(BaseException):
    """A process dying mid-publish."""


def test_crash_between_files_leaves_old_or_new_per_table(tmp_path, monkeypatch) -> None:
    _publish(tmp_path, "r1", _facts(2))
    old = {t: read_table(tmp_path, t) for t in ("facts", "documents", "runs")}
    stage = Stage(tmp_path, "r2")
    stage.write("facts", _facts(7))
    stage.write("documents", pd.DataFrame([document_row("doc-b")]))
    stage.write("runs", pd.DataFrame([run_row("r2")]))
    real = os.replace
    replaced: list[str] = []

    def crash_after_first(src, dst):
        if str(dst).endswith(".parquet") and "_vintages" not in str(dst) and replaced:
            raise Crash()
        real(src, dst)
        if str(dst).endswith(".parquet") and "_vintages" not in str(dst):
            replaced.append(str(dst))

    monkeypatch.setattr(os, "replace", crash_after_first)
    with pytest.raises(Crash):
        publish(stage, ["facts", "documents", "runs"])
    monkeypatch.undo()
    assert len(read_table(tmp_path, "facts")) == 7
    assert read_table(tmp_path, "documents").equals(old["documents"])
    assert read_table(tmp_path, "runs").equals(old["runs"])
    for path in (tmp_path / "tables").glob("*.parquet"):
        pq.read_table(path)
    assert list((tmp_path / "tables").glob("_vintages/*/.*.tmp"))
    _publish(tmp_path, "r3", _facts(1))
    assert not [p for p in (tmp_path / "tables").glob(".*.parquet.tmp-*")]
    assert not list((tmp_path / "tables").glob("_vintages/*/.*.tmp"))
    assert list(read_table(tmp_path, "runs")["run_id"]) == ["r1", "r3"]


def test_vintages_are_kept_with_retention(tmp_path) -> None:
    t0 = datetime(2024, 6, 1, tzinfo=UTC)
    for i in range(5):
        _publish(tmp_path, f"r{i}", _facts(i + 1), retention=3, now=t0 + timedelta(minutes=i))
    kept = vintages(tmp_path, "facts")
    assert [p.name.split("-", 1)[1] for p in kept] == ["r2.parquet", "r3.parquet", "r4.parquet"]
    assert kept[0].name.startswith("20240601T000200")
    assert len(pq.read_table(kept[0])) == 3


def test_pyarrow_dataset_over_tables_skips_vintages_and_staging(tmp_path) -> None:
    _publish(tmp_path, "r1", _facts(2))
    Stage(tmp_path, "r9").write("facts", _facts(9))
    import pyarrow.dataset as ds

    files = ds.dataset(tmp_path / "tables", format="parquet").files
    assert sorted(Path(f).name for f in files) == ["documents.parquet", "facts.parquet", "runs.parquet"]
    con = duckdb.connect()
    files = [r[0] for r in con.execute(f"SELECT file FROM glob('{tmp_path}/tables/*.parquet')").fetchall()]
    con.close()
    assert sorted(Path(f).name for f in files) == ["documents.parquet", "facts.parquet", "runs.parquet"]


def test_second_writer_is_refused_at_once(tmp_path) -> None:
    outcome: dict[str, object] = {}

    def second() -> None:
        start = time.monotonic()
        try:
            with write_lock(tmp_path):
                outcome["entered"] = True
        except WriterBusy as exc:
            outcome["error"] = str(exc)
        outcome["seconds"] = time.monotonic() - start

    with write_lock(tmp_path):
        t = threading.Thread(target=second)
        t.start()
        t.join()
    assert "entered" not in outcome
    assert f"pid {os.getpid()}" in str(outcome["error"]) and "\n" not in str(outcome["error"])
    assert float(outcome["seconds"]) < 1.0
    with write_lock(tmp_path):
        pass


def test_the_holder_can_reenter_its_own_lock(tmp_path) -> None:
    with write_lock(tmp_path) as outer, write_lock(tmp_path, timeout=0) as inner:
        assert inner == outer
    with write_lock(tmp_path):
        pass


def test_waiting_writer_is_told_who_holds_the_lock(tmp_path) -> None:
    told: list[str] = []
    entered = threading.Event()

    def hold() -> None:
        with write_lock(tmp_path):
            entered.set()
            time.sleep(0.3)

    t = threading.Thread(target=hold)
    t.start()
    entered.wait(5)
    with write_lock(tmp_path, timeout=float("inf"), on_wait=told.append):
        pass
    t.join()
    assert told == [f"pid {os.getpid()}"]


def test_second_writer_waits_up_to_timeout(tmp_path) -> None:
    released = threading.Event()

    def hold() -> None:
        with write_lock(tmp_path):
            time.sleep(0.3)
        released.set()

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.05)
    with write_lock(tmp_path, timeout=5):
        assert released.is_set()
    t.join()
    t2 = threading.Thread(target=hold)
    t2.start()
    time.sleep(0.05)
    start = time.monotonic()
    with pytest.raises(WriterBusy), write_lock(tmp_path, timeout=0.1):
        pass
    assert time.monotonic() - start < 0.3
    t2.join()


def test_lock_held_by_another_process(tmp_path) -> None:
    code = (
        "import sys, time\n"
        "from warehouse.publish import write_lock\n"
        "with write_lock(sys.argv[1]):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(30)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(WriterBusy, match=f"pid {proc.pid}"), write_lock(tmp_path):
            pass
    finally:
        proc.kill()
        proc.wait()
    with write_lock(tmp_path):
        pass


def test_readers_never_see_a_partial_file(tmp_path) -> None:
    _publish(tmp_path, "r0", _facts(50))
    path = table_path(tmp_path, "facts")
    complete = {50 + i * 20 for i in range(13)}
    stop = threading.Event()
    seen: dict[str, list[int]] = {"read_table": [], "pandas": [], "polars": [], "duckdb": []}
    errors: dict[str, list[str]] = {k: [] for k in seen}

    def duck() -> int:
        con = duckdb.connect()
        try:
            return con.execute(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]
        finally:
            con.close()

    readers = {
        "read_table": lambda: len(read_table(tmp_path, "facts")),
        "pandas": lambda: len(pd.read_parquet(path)),
        "polars": lambda: pl.read_parquet(path).height,
        "duckdb": duck,
    }

    def loop(name: str) -> None:
        while not stop.is_set():
            try:
                seen[name].append(readers[name]())
            except Exception as exc:  # a reader's failure is what this test records
                errors[name].append(repr(exc))

    threads = [threading.Thread(target=loop, args=(name,)) for name in readers]
    for t in threads:
        t.start()
    for i in range(1, 13):
        _publish(tmp_path, f"r{i}", _facts(50 + i * 20))
    stop.set()
    for t in threads:
        t.join()
    assert errors["read_table"] == []
    assert len(seen["read_table"]) > 10
    for name, counts in seen.items():
        assert set(counts) <= complete, name


CRASH_LOOP = """
import sys
import pandas as pd
sys.path.insert(0, sys.argv[2])
from wh_rows import fact, frame, run_row
from warehouse.publish import Stage, publish
i = 0
while True:
    i += 1
    stage = Stage(sys.argv[1], f"k{sys.argv[3]}x{i}")
    stage.write("facts", frame([fact(value=float(j), reported_text=str(j), locator=f"r{j}") for j in range(40 + i)]))
    stage.write("runs", pd.DataFrame([run_row(f"k{sys.argv[3]}x{i}")]))
    publish(stage, ["facts", "runs"])
    print(i, flush=True)
"""


def test_killed_writer_leaves_whole_files(tmp_path) -> None:
    here = str(Path(__file__).parent)
    for round_, delay in enumerate((0.0, 0.037, 0.15)):
        proc = subprocess.Popen(
            [sys.executable, "-c", CRASH_LOOP, str(tmp_path), here, str(round_)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip().isdigit()
        time.sleep(delay)
        proc.kill()
        proc.wait()
        proc.stdout.close()
        for p in (tmp_path / "tables").glob("*.parquet"):
            pq.read_table(p)
        facts = read_table(tmp_path, "facts")
        runs = read_table(tmp_path, "runs")
        last = runs["run_id"].iloc[-1]
        assert last.startswith(f"k{round_}x")
        committed = int(last.split("x")[1])
        assert len(facts) in (40 + committed, 41 + committed)
    with write_lock(tmp_path):
        pass


def test_run_wait_flag() -> None:
    from flows.cli import build_parser

    parse = build_parser().parse_args
    assert parse(["run"]).wait == 0.0
    assert parse(["run", "--wait"]).wait == float("inf")
    assert parse(["run", "--wait", "90", "--source", "inbox"]).wait == 90.0
    assert parse(["run", "--wait", "--source", "inbox"]).wait == float("inf")
