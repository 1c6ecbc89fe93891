"""Published tables on an fsspec URL: push, runs last, pull into a fresh data dir, vintages, bad URLs."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsspec
import pandas as pd
import pytest
from fsspec.implementations.memory import MemoryFileSystem
from fsspec.registry import known_implementations
from wh_rows import document_row, fact, frame, run_row

from warehouse.errors import PublishError, RemoteTablesError, SchemaDrift
from warehouse.publish import (
    RETENTION_ENV,
    Stage,
    publish,
    read_table,
    table_path,
    vintage_time,
    vintages,
    write_lock,
)
from warehouse.remote import (
    open_remote,
    pull_published,
    push_published,
    read_remote_table,
    remote_vintages,
)
from warehouse.schemas import TABLES, schema

T0 = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def url() -> Iterator[str]:
    """A fresh memory:// location, removed after the test."""
    name = f"wh-{uuid.uuid4().hex[:10]}"
    yield f"memory://{name}"
    fs = fsspec.filesystem("memory")
    if fs.exists(f"/{name}"):
        fs.rm(f"/{name}", recursive=True)


def _memory() -> MemoryFileSystem:
    return fsspec.filesystem("memory")


def _facts(run: int, n: int = 2) -> pd.DataFrame:
    rows = [
        fact(value=100.0 * run + i, reported_text=f"RMB{100 * run + i} million", locator=f"t/r{run}/{i}")
        for i in range(n)
    ]
    return frame(rows)


def _publish(data_dir: Path, run_id: str, run: int, at: datetime | None = None) -> list[str]:
    """Publish facts, documents and the runs row of a run locally; return the tables published."""
    stage = Stage(data_dir, run_id)
    stage.write("facts", _facts(run))
    stage.write("documents", pd.DataFrame([document_row(f"doc-{run}")]))
    stage.write("runs", pd.DataFrame([run_row(run_id)]))
    publish(stage, ["facts", "documents", "runs"], now=at or T0 + timedelta(hours=run))
    return ["facts", "documents", "runs"]


def _runs_at(url: str) -> list[str]:
    return list(read_remote_table(url, "runs")["run_id"])


def test_push_then_read_back_equals_local(tmp_path, url) -> None:
    tables = _publish(tmp_path, "r1", 1)
    pushed = push_published(tmp_path, url, tables)
    assert pushed == ["documents", "facts", "runs"]
    base = url.removeprefix("memory://")
    for t in pushed:
        pd.testing.assert_frame_equal(read_remote_table(url, t), read_table(tmp_path, t))
        assert _memory().cat_file(f"/{base}/tables/{t}.parquet") == table_path(tmp_path, t).read_bytes()
        assert remote_vintages(url, t) == [p.name for p in vintages(tmp_path, t)]
    assert _runs_at(url) == ["r1"]


def test_runs_file_is_written_last_and_vintages_first(tmp_path, url, monkeypatch) -> None:
    tables = _publish(tmp_path, "r1", 1)
    written: list[str] = []
    original = MemoryFileSystem.pipe_file

    def record(self, path, value, **kw):
        written.append(str(path))
        return original(self, path, value, **kw)

    monkeypatch.setattr(MemoryFileSystem, "pipe_file", record)
    push_published(tmp_path, url, tables)
    assert len(written) == 6
    assert written[-1].endswith("/tables/runs.parquet")
    assert all("/_vintages/" in p for p in written[:2])
    assert [p.rsplit("/", 1)[-1] for p in written[2:4]] == ["documents.parquet", "facts.parquet"]


def test_failure_on_a_middle_table_leaves_remote_runs_at_previous_run(tmp_path, url, monkeypatch) -> None:
    push_published(tmp_path, url, _publish(tmp_path, "r1", 1))
    tables = _publish(tmp_path, "r2", 2)
    original = MemoryFileSystem.pipe_file

    def failing(self, path, value, **kw):
        if str(path).endswith("/tables/facts.parquet"):
            raise OSError(5, "Input/output error")
        return original(self, path, value, **kw)

    monkeypatch.setattr(MemoryFileSystem, "pipe_file", failing)
    with pytest.raises(RemoteTablesError) as info:
        push_published(tmp_path, url, tables)
    message = str(info.value)
    assert "\n" not in message
    assert f"{url}/tables/facts.parquet" in message and "still at run r1" in message
    assert _runs_at(url) == ["r1"]
    assert len(read_remote_table(url, "facts")) == 2
    assert set(read_remote_table(url, "facts")["value"]) == {100.0, 101.0}
    monkeypatch.setattr(MemoryFileSystem, "pipe_file", original)
    push_published(tmp_path, url, tables)
    assert _runs_at(url) == ["r1", "r2"]
    assert set(read_remote_table(url, "facts")["value"]) == {200.0, 201.0}


def test_pull_into_empty_data_dir_equals_remote(tmp_path, url) -> None:
    worker_a, worker_b = tmp_path / "a", tmp_path / "b"
    push_published(worker_a, url, _publish(worker_a, "r1", 1))
    pulled = pull_published(worker_b, url)
    assert pulled == ["documents", "facts", "runs"]
    for t in TABLES:
        pd.testing.assert_frame_equal(read_table(worker_b, t), read_remote_table(url, t))
    assert list(read_table(worker_b, "runs")["run_id"]) == ["r1"]
    assert [len(vintages(worker_b, t)) for t in pulled] == [1, 1, 1]
    assert vintages(worker_b, "facts")[0].name.endswith("-r1.parquet")
    assert not (worker_b / "tables" / ".staging").exists() or not any(
        (worker_b / "tables" / ".staging").iterdir()
    )


def test_pull_when_local_is_current_does_nothing(tmp_path, url) -> None:
    push_published(tmp_path, url, _publish(tmp_path, "r1", 1))
    before = {t: table_path(tmp_path, t).stat().st_mtime_ns for t in ("facts", "documents", "runs")}
    assert pull_published(tmp_path, url) == []
    assert {t: table_path(tmp_path, t).stat().st_mtime_ns for t in before} == before
    assert len(vintages(tmp_path, "facts")) == 1


def test_pull_from_an_empty_location_does_nothing(tmp_path, url) -> None:
    assert pull_published(tmp_path, url) == []
    assert not table_path(tmp_path, "runs").exists()


def test_workers_continue_from_the_shared_state(tmp_path, url) -> None:
    worker_a, worker_b = tmp_path / "a", tmp_path / "b"
    push_published(worker_a, url, _publish(worker_a, "r1", 1))
    pull_published(worker_b, url)
    push_published(worker_b, url, _publish(worker_b, "r2", 2))
    assert _runs_at(url) == ["r1", "r2"]
    assert pull_published(worker_a, url) == ["documents", "facts", "runs"]
    assert list(read_table(worker_a, "runs")["run_id"]) == ["r1", "r2"]
    assert set(read_table(worker_a, "facts")["value"]) == {200.0, 201.0}
    assert pull_published(worker_a, url) == []


def test_push_from_a_stale_data_dir_is_refused(tmp_path, url) -> None:
    worker_a, worker_b = tmp_path / "a", tmp_path / "b"
    push_published(worker_a, url, _publish(worker_a, "r1", 1))
    pull_published(worker_b, url)
    push_published(worker_b, url, _publish(worker_b, "r2", 2))
    tables = _publish(worker_a, "r3", 3)
    with pytest.raises(RemoteTablesError, match=r"holds run r2 .* pull the shared tables before pushing"):
        push_published(worker_a, url, tables)
    assert _runs_at(url) == ["r1", "r2"]
    assert set(read_remote_table(url, "facts")["value"]) == {200.0, 201.0}


def test_remote_vintages_pruned_with_the_retention(tmp_path, url) -> None:
    for run in range(1, 5):
        push_published(tmp_path, url, _publish(tmp_path, f"r{run}", run), retention=2)
    for t in ("facts", "documents", "runs"):
        names = remote_vintages(url, t)
        assert [n.rsplit("-", 1)[-1] for n in names] == ["r3.parquet", "r4.parquet"]
        assert all(vintage_time(Path(n)) is not None for n in names)


def test_remote_retention_comes_from_the_environment(tmp_path, url, monkeypatch) -> None:
    monkeypatch.setenv(RETENTION_ENV, "1")
    for run in (1, 2, 3):
        push_published(tmp_path, url, _publish(tmp_path, f"r{run}", run))
    assert [n.rsplit("-", 1)[-1] for n in remote_vintages(url, "facts")] == ["r3.parquet"]
    monkeypatch.setenv(RETENTION_ENV, "all")
    for run in (4, 5):
        push_published(tmp_path, url, _publish(tmp_path, f"r{run}", run))
    assert len(remote_vintages(url, "facts")) == 3


def test_runs_only_push_also_seeds_tables_the_remote_lacks(tmp_path, url) -> None:
    _publish(tmp_path, "r1", 1)
    assert push_published(tmp_path, url, ["runs"]) == ["documents", "facts", "runs"]
    stage = Stage(tmp_path, "r2")
    stage.write("runs", pd.concat([read_table(tmp_path, "runs"), pd.DataFrame([run_row("r2")])]))
    publish(stage, ["runs"], now=T0 + timedelta(hours=2))
    assert push_published(tmp_path, url, ["runs"]) == ["runs"]
    assert _runs_at(url) == ["r1", "r2"]
    assert len(remote_vintages(url, "facts")) == 1


def test_file_url_holds_the_same_layout_without_temp_files(tmp_path) -> None:
    data_dir, shared = tmp_path / "data", tmp_path / "shared"
    tables = _publish(data_dir, "r1", 1)
    url = f"file://{shared}"
    push_published(data_dir, url, tables)
    assert sorted(p.name for p in (shared / "tables").iterdir() if p.is_file()) == [
        "documents.parquet",
        "facts.parquet",
        "runs.parquet",
    ]
    assert not [p for p in shared.rglob(".*")]
    for t in tables:
        pd.testing.assert_frame_equal(read_remote_table(url, t), read_table(data_dir, t))
        assert [p.name for p in (shared / "tables" / "_vintages" / t).iterdir()] == [
            p.name for p in vintages(data_dir, t)
        ]
    assert pull_published(tmp_path / "fresh", url) == ["documents", "facts", "runs"]


def test_file_url_of_the_data_dir_itself_is_refused(tmp_path) -> None:
    tables = _publish(tmp_path, "r1", 1)
    with pytest.raises(RemoteTablesError, match="is the local data dir itself"):
        push_published(tmp_path, f"file://{tmp_path}", tables)


def test_push_with_nothing_published_is_an_error(tmp_path, url) -> None:
    with pytest.raises(RemoteTablesError, match=f"cannot push to {url}: nothing is published"):
        push_published(tmp_path, url, ["facts"])


def test_push_of_an_unknown_table_is_an_error(tmp_path, url) -> None:
    _publish(tmp_path, "r1", 1)
    with pytest.raises(RemoteTablesError, match="unknown table 'fact'"):
        push_published(tmp_path, url, ["fact", "runs"])
    assert not _memory().exists(f"/{url.removeprefix('memory://')}/tables/runs.parquet")


def test_remote_errors_are_publish_errors() -> None:
    assert issubclass(RemoteTablesError, PublishError)


@pytest.mark.parametrize("table", TABLES)
def test_absent_remote_table_reads_empty_with_schema(url, table) -> None:
    df = read_remote_table(url, table)
    assert df.empty and list(df.columns) == schema(table).names


def test_unknown_remote_table_is_schema_drift(url) -> None:
    with pytest.raises(SchemaDrift, match="unknown table"):
        read_remote_table(url, "nope")


def test_unreadable_remote_table_names_the_url(url) -> None:
    _memory().pipe_file(f"/{url.removeprefix('memory://')}/tables/facts.parquet", b"not parquet")
    with pytest.raises(RemoteTablesError) as info:
        read_remote_table(url, "facts")
    assert str(info.value).startswith(f"cannot read {url}/tables/facts.parquet: ")
    assert "\n" not in str(info.value)


def _missing_implementation() -> str:
    for protocol in ("s3", "gcs", "abfs", "dropbox", "oci", "box"):
        spec = known_implementations.get(protocol)
        if spec and importlib.util.find_spec(spec["class"].split(".")[0]) is None:
            return protocol
    pytest.skip("every candidate fsspec implementation is installed")


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("nosuch://bucket/wh", "cannot open tables URL nosuch://bucket/wh: Protocol not known: nosuch"),
        ("/srv/tables", "tables URL '/srv/tables' needs a protocol"),
        ("", "tables URL '' needs a protocol"),
    ],
)
def test_bad_urls_fail_with_one_line(tmp_path, bad, expected) -> None:
    for call in (
        lambda: open_remote(bad),
        lambda: pull_published(tmp_path, bad),
        lambda: read_remote_table(bad, "facts"),
    ):
        with pytest.raises(RemoteTablesError) as info:
            call()
        assert str(info.value).startswith(expected)
        assert "\n" not in str(info.value)


def test_missing_fsspec_implementation_fails_with_one_line(tmp_path) -> None:
    protocol = _missing_implementation()
    _publish(tmp_path, "r1", 1)
    with pytest.raises(RemoteTablesError) as info:
        push_published(tmp_path, f"{protocol}://bucket/wh", ["runs"])
    message = str(info.value)
    assert message.startswith(f"cannot open tables URL {protocol}://bucket/wh: ")
    assert "\n" not in message


def test_push_inside_the_callers_write_lock_does_not_wait_for_itself(tmp_path, url) -> None:
    tables = _publish(tmp_path, "r1", 1)
    with write_lock(tmp_path):
        assert push_published(tmp_path, url, tables) == ["documents", "facts", "runs"]


def test_file_url_write_failure_keeps_the_previous_file_and_no_temp(tmp_path, monkeypatch) -> None:
    data_dir, shared = tmp_path / "data", tmp_path / "shared"
    url = f"file://{shared}"
    push_published(data_dir, url, _publish(data_dir, "r1", 1))
    before = (shared / "tables" / "runs.parquet").read_bytes()
    tables = _publish(data_dir, "r2", 2)

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("warehouse.remote.os.replace", full)
    with pytest.raises(
        RemoteTablesError, match="No space left on device; the runs table at .* still at run r1"
    ):
        push_published(data_dir, url, tables)
    assert (shared / "tables" / "runs.parquet").read_bytes() == before
    assert not [p for p in shared.rglob(".*")]


def test_file_url_vintages_pruned(tmp_path) -> None:
    data_dir, shared = tmp_path / "data", tmp_path / "shared"
    for run in (1, 2, 3):
        push_published(data_dir, f"file://{shared}", _publish(data_dir, f"r{run}", run), retention=1)
    kept = sorted(p.name for p in (shared / "tables" / "_vintages" / "facts").iterdir())
    assert [n.rsplit("-", 1)[-1] for n in kept] == ["r3.parquet"]
