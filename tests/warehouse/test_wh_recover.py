"""Repairs below the flow: unreadable tables, interrupted vintages, the lock file, reads retried."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import duckdb
import pytest
from wh_rows import fact, frame

from warehouse import duck
from warehouse.errors import PublishError, StoreError
from warehouse.publish import Stage, publish, read_table, table_path, vintages, write_lock
from warehouse.recover import repair_tables
from warehouse.store import RawStore

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def _publish(data_dir, run_id: str, rows: int, at: datetime) -> None:
    stage = Stage(data_dir, run_id)
    stage.write("facts", frame([fact(value=1.0 + i, reported_text=str(1 + i), locator=f"t/r{i}") for i in range(rows)]))
    publish(stage, ["facts"], now=at)


def test_an_unreadable_table_is_put_back_from_its_newest_intact_vintage(tmp_path):
    _publish(tmp_path, "r1", 2, T0)
    _publish(tmp_path, "r2", 3, T0 + timedelta(hours=1))
    path = table_path(tmp_path, "facts")
    with open(path, "r+b") as fh:  # in place: the newest vintage is the same file
        fh.truncate(100)
    lines = repair_tables(tmp_path)
    assert len(lines) == 1 and "r1" in lines[0] and lines[0].startswith("facts could not be read")
    assert len(read_table(tmp_path, "facts")) == 2
    assert [v.name.split("-", 1)[1] for v in vintages(tmp_path, "facts")] == ["r1.parquet"]  # broken one dropped
    assert repair_tables(tmp_path) == []


def test_an_unreadable_table_with_no_intact_vintage_is_removed_for_a_rebuild(tmp_path):
    _publish(tmp_path, "r1", 2, T0)
    path = table_path(tmp_path, "facts")
    with open(path, "r+b") as fh:
        fh.write(b"\0" * 64)
    lines = repair_tables(tmp_path)
    assert len(lines) == 1 and "rebuilt" in lines[0]
    assert not path.exists() and read_table(tmp_path, "facts").empty


def test_a_vintage_linked_but_not_named_when_its_table_was_replaced_is_named(tmp_path):
    _publish(tmp_path, "r1", 2, T0)
    only = vintages(tmp_path, "facts")[0]
    hidden = only.with_name(f".{only.name}.tmp")
    os.replace(only, hidden)  # what a kill between the replace and the rename leaves
    repair_tables(tmp_path)
    assert vintages(tmp_path, "facts") == [only] and not hidden.exists()


def test_the_lock_never_follows_a_symbolic_link(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / ".lock").symlink_to(victim)
    with pytest.raises(PublishError, match="symbolic link"), write_lock(data):
        pass
    assert victim.read_text() == "keep me\n"


def test_the_cli_refuses_a_symlinked_lock_in_one_line(tmp_path, capsys):
    from flows.cli import main

    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / ".lock").symlink_to(victim)
    assert main(["run", "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "symbolic link" in err
    assert victim.read_text() == "keep me\n"


def test_query_retries_any_transient_read_error_but_not_a_mistake_in_the_sql(tmp_path, monkeypatch):
    _publish(tmp_path, "r1", 2, T0)
    calls: list[int] = []
    failing = [True]
    real = duck._create_views

    def flaky(con, data_dir, as_of=None):
        calls.append(1)
        if failing.pop() if failing else False:
            raise duckdb.Error("Could not read footer of a file replaced mid-read")
        return real(con, data_dir, as_of)

    monkeypatch.setattr(duck, "_create_views", flaky)
    assert int(duck.query(tmp_path, "SELECT count(*) AS n FROM facts")["n"][0]) == 2
    assert len(calls) == 2
    calls.clear()
    with pytest.raises(duckdb.ParserException):
        duck.query(tmp_path, "SELEC nonsense")
    assert len(calls) == 1


def test_a_garbled_duckdb_file_is_not_sound_and_is_rebuilt(tmp_path):
    _publish(tmp_path, "r1", 2, T0)
    duck.rebuild_duckdb(tmp_path)
    assert duck.duckdb_is_sound(tmp_path)
    (tmp_path / duck.DB_NAME).write_bytes(b"\x00garbage" * 100)
    assert not duck.duckdb_is_sound(tmp_path)
    duck.rebuild_duckdb(tmp_path)
    assert duck.duckdb_is_sound(tmp_path) and not list(tmp_path.glob(".*.tmp-*"))


def test_a_store_error_is_a_storage_error(tmp_path):
    store = RawStore(tmp_path)
    with pytest.raises(OSError) as raised:
        store.read("raw/ab/" + "ab" * 32 + ".html")
    assert isinstance(raised.value, StoreError)
