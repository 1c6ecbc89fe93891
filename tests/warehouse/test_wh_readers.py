"""pandas, pyarrow, polars and DuckDB read every published table with the contract's types, nulls kept."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from wh_rows import NOW, doc_id, document_row, fact, frame, held_row, run_row

from transforms.derive.metrics import derive_metrics
from warehouse.checks import run_checks
from warehouse.latest import build_facts_latest
from warehouse.publish import Stage, publish, table_path
from warehouse.schemas import COLUMNS, TABLES, schema

# Each contract type as polars and DuckDB name it.
READER_TYPES = {
    pa.string(): ("String", "VARCHAR"),
    pa.date32(): ("Date", "DATE"),
    pa.timestamp("us", tz="UTC"): ("Datetime(time_unit='us', time_zone='UTC')", "TIMESTAMP WITH TIME ZONE"),
    pa.float64(): ("Float64", "DOUBLE"),
    pa.int64(): ("Int64", "BIGINT"),
    pa.int32(): ("Int32", "INTEGER"),
    pa.bool_(): ("Boolean", "BOOLEAN"),
    pa.list_(pa.string()): ("List(String)", "VARCHAR[]"),
}
POLARS = {t: names[0] for t, names in READER_TYPES.items()}
DUCKDB = {t: names[1] for t, names in READER_TYPES.items()}


def _facts() -> pd.DataFrame:
    """Total revenue of 2Q2022 and 2Q2023 (reference: RMB134.034 billion, B; 149,208 million, A)."""
    return frame(
        [
            fact(period="2022Q2", value=134.034e9, reported_text="RMB134.034 billion", doc="interim-2022",
                 published="2022-08-17"),
            fact(period="2023Q2", value=149_208e6, reported_text="149,208", doc="hkex-2q2023",
                 published="2023-08-16"),
        ]
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse with a row in every table, published the way a run publishes it."""
    data_dir = tmp_path_factory.mktemp("readers")
    facts = _facts()
    latest = build_facts_latest(facts)
    metrics, _ = derive_metrics(latest, run_id="r1", computed_at=NOW)
    assert not metrics.empty
    frames = {
        "documents": pd.DataFrame(
            [document_row("interim-2022", error=None), document_row("hkex-2q2023", url=None, title=None)]
        ),
        "facts": facts,
        "facts_latest": latest,
        "metrics": metrics,
        "events": pd.DataFrame(
            [
                {
                    "event_date": date(2023, 8, 16),
                    "entity": "tencent",
                    "kind": "results",
                    "description": "2Q2023 results",
                    "doc_id": doc_id("hkex-2q2023"),
                    "snippet": None,
                }
            ]
        ),
        "held": pd.DataFrame([held_row("hkex-2q2023", metric="operating_profit", period_label="2023Q2")]),
        "quality_checks": run_checks({"facts": facts, "facts_latest": latest}, "r1", NOW),
        "runs": pd.DataFrame([run_row("r1", flow_run_id=None, finished_at=None)]),
    }
    stage = Stage(data_dir, "r1")
    for name, df in frames.items():
        stage.write(name, df)
    publish(stage, list(TABLES))
    return data_dir


def _string_values(series: pd.Series) -> bool:
    return all(isinstance(v, str) for v in series.dropna())


@pytest.mark.parametrize("table", TABLES)
def test_pyarrow_reads_the_contract_schema(published, table) -> None:
    path = table_path(published, table)
    data = pq.read_table(path)
    assert data.num_rows > 0
    assert data.schema.remove_metadata().equals(schema(table))
    assert pq.ParquetFile(path).metadata.num_row_groups >= 1


def test_pyarrow_dataset_over_the_folder_sees_only_the_tables(published) -> None:
    files = sorted(f.rsplit("/", 1)[1] for f in ds.dataset(published / "tables", format="parquet").files)
    assert files == sorted(f"{t}.parquet" for t in TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_pandas_reads_plain_types(published, table) -> None:
    df = pd.read_parquet(table_path(published, table))
    assert list(df.columns) == schema(table).names and len(df) > 0
    for col in COLUMNS[table]:
        s = df[col.name]
        assert not isinstance(s.dtype, pd.CategoricalDtype), col.name
        if col.type == pa.string():
            assert pd.api.types.is_string_dtype(s.dtype) and _string_values(s), col.name
        elif col.type == pa.date32():
            assert s.dtype == object and all(type(v) is date for v in s.dropna()), col.name
        elif pa.types.is_timestamp(col.type):
            assert str(s.dtype) == "datetime64[us, UTC]", col.name
        elif pa.types.is_list(col.type):
            assert all(all(isinstance(x, str) for x in v) for v in s), col.name
        else:
            assert str(s.dtype) == {pa.float64(): "float64", pa.int64(): "int64", pa.int32(): "int32",
                                    pa.bool_(): "bool"}[col.type], col.name


@pytest.mark.parametrize("table", TABLES)
def test_polars_reads_the_contract_types(published, table) -> None:
    path = table_path(published, table)
    eager = pl.read_parquet(path)
    lazy = pl.scan_parquet(path).collect()
    expected = {c.name: POLARS[c.type] for c in COLUMNS[table]}
    assert {k: str(v) for k, v in eager.schema.items()} == expected
    assert eager.equals(lazy) and eager.height > 0


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_the_contract_types(published, table) -> None:
    path = table_path(published, table)
    con = duckdb.connect()
    try:
        described = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
        count = con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
    finally:
        con.close()
    assert described == {c.name: DUCKDB[c.type] for c in COLUMNS[table]}
    assert count == pq.read_metadata(path).num_rows


def test_nulls_survive_every_reader(published) -> None:
    path = table_path(published, "documents")
    pdf = pd.read_parquet(path).set_index("doc_id")
    hkex = doc_id("hkex-2q2023")
    assert pd.isna(pdf.loc[hkex, "url"]) and pd.isna(pdf.loc[hkex, "title"])
    assert pd.isna(pdf.loc[doc_id("interim-2022"), "error"])
    plf = pl.read_parquet(path)
    assert plf.filter(pl.col("doc_id") == hkex)["url"].to_list() == [None]
    con = duckdb.connect()
    try:
        nulls = con.execute(f"SELECT count(*) FROM '{path}' WHERE url IS NULL").fetchone()[0]
        finished = con.execute(f"SELECT finished_at IS NULL FROM '{table_path(published, 'runs')}'").fetchone()[0]
    finally:
        con.close()
    assert nulls == 1 and finished is True


def test_every_reader_agrees_on_the_values(published) -> None:
    path = table_path(published, "facts")
    pdf = pd.read_parquet(path).sort_values("period_label")
    plf = pl.read_parquet(path).sort("period_label")
    con = duckdb.connect()
    try:
        rows = con.execute(f"SELECT value, period_end FROM '{path}' ORDER BY period_label").fetchall()
    finally:
        con.close()
    assert list(pdf["value"]) == plf["value"].to_list() == [r[0] for r in rows] == [134.034e9, 149_208e6]
    assert list(pdf["period_end"]) == plf["period_end"].to_list() == [r[1] for r in rows]
    assert [r[1] for r in rows] == [date(2022, 6, 30), date(2023, 6, 30)]
