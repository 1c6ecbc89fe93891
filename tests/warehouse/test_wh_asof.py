"""Vintages, retention and --as-of: the tables as published at a date, and the history of a restated key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from wh_rows import doc_id, document_row, fact, frame, run_row

from flows.cli import main
from report.history import build_report_as_of
from warehouse.asof import parse_as_of, tables_as_of, vintage_at
from warehouse.duck import query, rebuild_duckdb
from warehouse.errors import AsOfError, PublishError
from warehouse.latest import build_facts_latest
from warehouse.publish import (
    RETENTION_ENV,
    Stage,
    configured_retention,
    publish,
    table_path,
    vintage_time,
    vintages,
)

ORIGINAL_AT = datetime(2023, 8, 16, 10, 0, tzinfo=UTC)
RESTATED_AT = datetime(2024, 8, 14, 10, 0, tzinfo=UTC)
HKEX_2Q2023 = "https://www1.hkexnews.hk/listedco/listconews/sehk/2023/0816/2023081600611.pdf"
HKEX_2Q2024 = "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0814/2024081400702.pdf"
KEY_SQL = (
    "SELECT value, published_at, doc_id, url, is_latest, statement FROM fact_history "
    "WHERE metric = 'operating_profit' AND basis = 'non_ifrs' AND period_label = '2023Q2' ORDER BY statement"
)


def _op(value: float, text: str, doc: str, published: str) -> dict:
    """2Q2023 non-IFRS operating profit as one announcement prints it (reference: 50,122 then 46,055 restated)."""
    return fact(
        metric="operating_profit",
        basis="non_ifrs",
        period="2023Q2",
        value=value,
        reported_text=text,
        doc=doc,
        published=published,
        locator="table:non_ifrs_reconciliation/row:operating_profit/col:2Q2023",
        snippet=f"Operating profit ... {text} ...",
    )


def _doc(name: str, url: str, published: str) -> dict:
    return document_row(name, url=url, published_at=pd.Timestamp(published).date())


def _publish_run(data_dir: Path, run_id: str, rows: list[dict], docs: list[dict], now: datetime, **kw) -> None:
    facts = frame(rows)
    stage = Stage(data_dir, run_id)
    stage.write("facts", facts)
    stage.write("facts_latest", build_facts_latest(facts))
    stage.write("documents", pd.DataFrame(docs))
    stage.write("runs", pd.DataFrame([run_row(run_id, started_at=now, finished_at=now)]))
    publish(stage, ["facts", "facts_latest", "documents", "runs"], now=now, **kw)


@pytest.fixture
def restated(tmp_path) -> Path:
    """A warehouse where the 2Q2023 announcement's figure was restated by the 2Q2024 one a year later."""
    first = _op(50_122e6, "50,122", "hkex-2q2023", "2023-08-16")
    second = _op(46_055e6, "46,055", "hkex-2q2024", "2024-08-14")
    doc_a = _doc("hkex-2q2023", HKEX_2Q2023, "2023-08-16")
    doc_b = _doc("hkex-2q2024", HKEX_2Q2024, "2024-08-14")
    _publish_run(tmp_path, "run-2023-08", [first], [doc_a], ORIGINAL_AT)
    _publish_run(tmp_path, "run-2024-08", [first, second], [doc_a, doc_b], RESTATED_AT)
    return tmp_path


def test_as_of_dates_and_timestamps() -> None:
    assert parse_as_of("2024-06-01") == datetime(2024, 6, 1, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_as_of("2024-06-01T12:00:00Z") == datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert parse_as_of("2024-06-01T12:00:00+08:00") == datetime(2024, 6, 1, 4, tzinfo=UTC)
    assert parse_as_of("2024-06-01 12:00") == datetime(2024, 6, 1, 12, tzinfo=UTC)
    for bad in ("", "yesterday", "2024-13-01", "01/06/2024"):
        with pytest.raises(AsOfError, match="not YYYY-MM-DD"):
            parse_as_of(bad)


def test_vintage_names_carry_the_publish_time(restated) -> None:
    kept = vintages(restated, "facts_latest")
    assert [vintage_time(p) for p in kept] == [ORIGINAL_AT, RESTATED_AT]
    assert vintage_time(Path("facts.parquet")) is None
    assert vintage_at(restated, "facts_latest", ORIGINAL_AT) == kept[0]
    assert vintage_at(restated, "facts_latest", ORIGINAL_AT - timedelta(microseconds=1)) is None
    assert vintage_at(restated, "facts_latest", RESTATED_AT + timedelta(days=400)) == kept[1]


def test_as_of_an_earlier_date_returns_the_earlier_value(restated) -> None:
    sql = "SELECT value, restated, doc_id FROM facts_latest WHERE metric = 'operating_profit'"
    now = query(restated, sql)
    assert list(now["value"]) == [46_055e6] and bool(now["restated"].iloc[0])
    then = query(restated, sql, as_of=parse_as_of("2024-01-01"))
    assert list(then["value"]) == [50_122e6] and not bool(then["restated"].iloc[0])
    assert then["doc_id"].iloc[0] == doc_id("hkex-2q2023")
    day_of = query(restated, sql, as_of=parse_as_of("2024-08-14"))
    assert list(day_of["value"]) == [46_055e6]
    runs = query(restated, "SELECT run_id FROM runs", as_of=parse_as_of("2024-01-01"))
    assert list(runs["run_id"]) == ["run-2023-08"]


def test_fact_history_lists_every_value_with_its_document(restated) -> None:
    history = query(restated, KEY_SQL)
    assert list(history["value"]) == [50_122e6, 46_055e6]
    assert list(history["url"]) == [HKEX_2Q2023, HKEX_2Q2024]
    assert [pd.Timestamp(d).date().isoformat() for d in history["published_at"]] == ["2023-08-16", "2024-08-14"]
    assert list(history["is_latest"]) == [False, True]
    assert list(history["statement"]) == [1, 2]
    earlier = query(restated, KEY_SQL, as_of=parse_as_of("2023-12-31"))
    assert list(earlier["value"]) == [50_122e6] and list(earlier["is_latest"]) == [True]


def test_fact_history_is_a_view_of_the_duckdb_file(restated) -> None:
    import duckdb

    con = duckdb.connect(str(rebuild_duckdb(restated)), read_only=True)
    try:
        values = [r[0] for r in con.execute(KEY_SQL).fetchall()]
    finally:
        con.close()
    assert values == [50_122e6, 46_055e6]


def test_a_table_not_yet_published_is_empty_as_of_then(restated) -> None:
    stage = Stage(restated, "run-events")
    stage.write("events", pd.DataFrame())
    stage.write("runs", pd.DataFrame([run_row("run-events")]))
    publish(stage, ["events", "runs"], now=RESTATED_AT + timedelta(days=1))
    chosen = tables_as_of(restated, parse_as_of("2024-01-01"))
    assert chosen["events"] is None and chosen["metrics"] is None and chosen["facts"] is not None
    assert query(restated, "SELECT * FROM events", as_of=parse_as_of("2024-01-01")).empty


def test_nothing_published_by_then_is_a_clear_error(restated, capsys) -> None:
    with pytest.raises(AsOfError, match="earliest kept version: 2023-08-16T10:00:00"):
        tables_as_of(restated, parse_as_of("2023-08-15"))
    code = main(["query", "--data-dir", str(restated), "--as-of", "2023-08-15", "SELECT 1"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "nothing published at or before 2023-08-15" in err
    assert main(["query", "--data-dir", str(restated), "--as-of", "last week", "SELECT 1"]) == 2
    assert "not YYYY-MM-DD" in capsys.readouterr().err


def test_cli_query_as_of(restated, capsys) -> None:
    sql = "SELECT value FROM facts_latest WHERE metric = 'operating_profit'"
    assert main(["query", "--data-dir", str(restated), "--csv", "--as-of", "2024-01-01", sql]) == 0
    assert capsys.readouterr().out.split() == ["value", "50122000000.0"]
    assert main(["query", "--data-dir", str(restated), "--csv", sql]) == 0
    assert capsys.readouterr().out.split() == ["value", "46055000000.0"]


def test_report_as_of_is_built_from_the_earlier_tables(restated, capsys) -> None:
    path = build_report_as_of(restated, parse_as_of("2024-01-01"))
    assert path == restated / "reports" / "as-of-20240101T235959Z" / "index.html"
    html = path.read_text(encoding="utf-8")
    assert "run-2023-08" in html and "run-2024-08" not in html
    assert not (restated / "reports" / "index.html").exists()
    assert not [p for p in restated.iterdir() if p.name.startswith(".as-of-")]
    assert main(["report", "--data-dir", str(restated), "--as-of", "2024-09-01"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.endswith("as-of-20240901T235959Z/index.html")
    assert "run-2024-08" in Path(out).read_text(encoding="utf-8")
    assert main(["report", "--data-dir", str(restated), "--as-of", "2020-01-01"]) == 2


def test_as_of_reads_vintages_not_the_current_files(restated) -> None:
    table_path(restated, "facts_latest").unlink()
    then = query(restated, "SELECT value FROM facts_latest", as_of=parse_as_of("2024-01-01"))
    assert list(then["value"]) == [50_122e6]


@pytest.mark.parametrize(
    ("setting", "expected"), [(None, 20), ("", 20), ("3", 3), ("all", None), (" ALL ", None), ("1", 1)]
)
def test_retention_setting(monkeypatch, setting, expected) -> None:
    if setting is None:
        monkeypatch.delenv(RETENTION_ENV, raising=False)
    else:
        monkeypatch.setenv(RETENTION_ENV, setting)
    assert configured_retention() == expected


@pytest.mark.parametrize("bad", ["0", "-1", "many", "2.5"])
def test_bad_retention_is_refused(bad) -> None:
    with pytest.raises(PublishError, match="whole number"):
        configured_retention(bad)


def test_publish_keeps_as_many_vintages_as_configured(tmp_path, monkeypatch) -> None:
    rows = [_op(50_122e6, "50,122", "hkex-2q2023", "2023-08-16")]
    docs = [_doc("hkex-2q2023", HKEX_2Q2023, "2023-08-16")]
    monkeypatch.setenv(RETENTION_ENV, "2")
    for i in range(4):
        _publish_run(tmp_path, f"r{i}", rows, docs, ORIGINAL_AT + timedelta(days=i))
    assert [p.name.split("-", 1)[1] for p in vintages(tmp_path, "facts")] == ["r2.parquet", "r3.parquet"]
    monkeypatch.setenv(RETENTION_ENV, "all")
    for i in range(4, 7):
        _publish_run(tmp_path, f"r{i}", rows, docs, ORIGINAL_AT + timedelta(days=i))
    assert len(vintages(tmp_path, "facts")) == 5
    _publish_run(tmp_path, "r7", rows, docs, ORIGINAL_AT + timedelta(days=7), retention=1)
    assert [p.name.split("-", 1)[1] for p in vintages(tmp_path, "facts")] == ["r7.parquet"]


def test_run_refuses_a_bad_keep_vintages_flag(tmp_path, capsys) -> None:
    assert main(["run", "--data-dir", str(tmp_path), "--keep-vintages", "none"]) == 2
    assert "whole number" in capsys.readouterr().err
    assert not (tmp_path / "tables").exists()


def test_run_refuses_a_bad_retention_setting(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(RETENTION_ENV, "forever")
    assert main(["run", "--data-dir", str(tmp_path)]) == 2
    assert "'forever'" in capsys.readouterr().err
