"""DuckDB over the published Parquet tables: data/warehouse.duckdb with views, and ad-hoc queries."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from common import replacing
from warehouse.asof import current_tables, tables_as_of
from warehouse.schemas import COLUMNS, NATURAL_KEY

VIEW_TABLES: tuple[str, ...] = (
    "facts",
    "facts_latest",
    "metrics",
    "documents",
    "events",
    "held",
    "quality_checks",
    "runs",
)
TENCENT_REVENUE_SEGMENTS: tuple[str, ...] = (
    "total",
    "vas",
    "online_games",
    "domestic_games",
    "international_games",
    "social_networks",
    "marketing_services",
    "fintech_business_services",
    "others",
)
DB_NAME = "warehouse.duckdb"
_RETRIES = 3
# Errors of the SQL itself, which reading again cannot mend; every other DuckDB error is retried.
_QUERY_MISTAKES: tuple[type[Exception], ...] = (
    duckdb.ParserException, duckdb.SyntaxException, duckdb.BinderException, duckdb.CatalogException,
    duckdb.InvalidTypeException, duckdb.NotImplementedException, duckdb.ConversionException,
    duckdb.TypeMismatchException, duckdb.OutOfRangeException, duckdb.ConstraintException,
)


def _duck_type(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return f"{_duck_type(t.value_type)}[]"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ"
    names = {
        pa.string(): "VARCHAR",
        pa.date32(): "DATE",
        pa.float64(): "DOUBLE",
        pa.int64(): "BIGINT",
        pa.int32(): "INTEGER",
        pa.bool_(): "BOOLEAN",
    }
    return names[t]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_view_sql(table: str, path: Path | None) -> str:
    """The view named `table` over one Parquet file (typed and empty when there is none)."""
    if path is not None and path.is_file():
        return f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({_literal(str(path.resolve()))})"
    cols = ", ".join(f"CAST(NULL AS {_duck_type(c.type)}) AS {_quote(c.name)}" for c in COLUMNS[table])
    return f"CREATE OR REPLACE VIEW {table} AS SELECT {cols} WHERE false"


def segments_wide_sql() -> str:
    """One row per quarter, a column per Tencent revenue segment, from facts_latest."""
    pivots = ",\n  ".join(
        f"max(value) FILTER (WHERE segment = {_literal(s)}) AS {_quote(s)}" for s in TENCENT_REVENUE_SEGMENTS
    )
    return (
        "CREATE OR REPLACE VIEW tencent_segments_wide AS\n"
        "SELECT period_label, min(period_start) AS period_start, max(period_end) AS period_end,\n  "
        f"{pivots}\n"
        "FROM facts_latest\n"
        "WHERE entity = 'tencent' AND metric = 'revenue' AND basis = 'na' AND measure = 'value'\n"
        "  AND period_type = 'quarter'\n"
        "GROUP BY period_label\nORDER BY period_end"
    )


def channels_sql() -> str:
    """Every WeChat Channels figure as stated, with its qualifier, source and snippet."""
    return (
        "CREATE OR REPLACE VIEW channels AS\n"
        "SELECT period_label, period_type, period_start, period_end, metric, measure, value, unit, qualifier,\n"
        "  is_estimate, reported_text, source, published_at, doc_id, locator, snippet\n"
        "FROM facts\n"
        "WHERE entity = 'wechat_channels'\n"
        "ORDER BY period_end, metric, measure, published_at, doc_id"
    )


def fact_history_sql() -> str:
    """Every value each natural key has had: one row per document statement, oldest first, with its source."""
    key = ", ".join(f"f.{k}" for k in NATURAL_KEY)
    return (
        "CREATE OR REPLACE VIEW fact_history AS\n"
        f"SELECT {key}, f.period_type, f.period_start, f.period_end,\n"
        "  f.value, f.unit, f.qualifier, f.is_estimate, f.reported_text,\n"
        "  f.published_at, f.doc_id, d.url, d.title, f.source, f.locator, f.snippet, f.fact_id,\n"
        f"  row_number() OVER (PARTITION BY {key} ORDER BY f.published_at NULLS FIRST, f.doc_id, f.locator)"
        " AS statement,\n"
        "  l.fact_id IS NOT NULL AS is_latest\n"
        "FROM facts f\n"
        "LEFT JOIN documents d ON d.doc_id = f.doc_id\n"
        "LEFT JOIN facts_latest l ON l.fact_id = f.fact_id\n"
        f"ORDER BY {key}, statement"
    )


def view_statements(
    data_dir: str | os.PathLike[str], paths: dict[str, Path | None] | None = None
) -> list[str]:
    """Every view of the warehouse, in creation order (over `paths` when given: e.g. the tables as of a date)."""
    chosen = paths if paths is not None else current_tables(data_dir)
    tables = [file_view_sql(t, chosen.get(t)) for t in VIEW_TABLES]
    return tables + [segments_wide_sql(), channels_sql(), fact_history_sql()]


def _create_views(
    con: duckdb.DuckDBPyConnection, data_dir: str | os.PathLike[str], as_of: datetime | None = None
) -> None:
    con.execute("SET TimeZone = 'UTC'")
    paths = tables_as_of(data_dir, as_of) if as_of is not None else None
    for sql in view_statements(data_dir, paths):
        con.execute(sql)


def rebuild_duckdb(data_dir: str | os.PathLike[str]) -> Path:
    """Write data/warehouse.duckdb with views over the Parquet tables (temp file, then os.replace; lock held)."""
    root = Path(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    target = root / DB_NAME
    tmp = root / f".{DB_NAME}.tmp-{os.getpid()}"
    for leftover in root.glob(f".{DB_NAME}.tmp-*"):
        leftover.unlink(missing_ok=True)
    try:
        with replacing(target, tmp):
            con = duckdb.connect(str(tmp))
            try:
                _create_views(con, root)
                con.execute("CHECKPOINT")
            finally:
                con.close()
    finally:
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return target


def duckdb_is_sound(data_dir: str | os.PathLike[str]) -> bool:
    """Whether data/warehouse.duckdb opens and each table view binds to a readable file."""
    path = Path(data_dir) / DB_NAME
    if not path.is_file():
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        for table in VIEW_TABLES:
            con.execute(f"SELECT * FROM {table} LIMIT 0")
    except duckdb.Error:
        return False
    finally:
        con.close()
    return True


def query_known_at(data_dir: str | os.PathLike[str], sql: str, known_at: date,
                   as_of: datetime | None = None) -> pd.DataFrame:
    """Run SQL over the views of the tables as the documents published by `known_at` stated them."""
    from warehouse.knownat import materialise_known_at

    with tempfile.TemporaryDirectory(prefix="tencent-etl-known-at-") as work:
        paths = materialise_known_at(data_dir, known_at, Path(work), as_of)
        con = duckdb.connect()
        try:
            con.execute("SET TimeZone = 'UTC'")
            for statement in view_statements(data_dir, dict(paths)):
                con.execute(statement)
            return con.execute(sql).df()
        finally:
            con.close()


def query(data_dir: str | os.PathLike[str], sql: str, as_of: datetime | None = None) -> pd.DataFrame:
    """Run SQL over the warehouse views, or over the tables as published at `as_of` (retried mid-publish)."""
    attempt = 0
    while True:
        con = duckdb.connect()
        try:
            _create_views(con, data_dir, as_of)
            return con.execute(sql).df()
        except _QUERY_MISTAKES:
            raise
        except duckdb.Error:  # a file replaced or pruned while it was read: read again
            attempt += 1
            if attempt >= _RETRIES:
                raise
            time.sleep(0.05 * attempt)
        finally:
            con.close()
