"""Contract schemas: column types, casts from pandas, pandera models, SchemaDrift messages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa
import pytest
from wh_rows import document_row, fact, frame, run_row

from transforms.vocab import DOC_ORIGINS
from warehouse.errors import SchemaDrift
from warehouse.schemas import TABLES, empty_frame, from_arrow, schema, to_arrow, type_name, validate

CONTRACT_TYPES = {
    "documents": {
        "doc_id": "string",
        "source": "string",
        "url": "string",
        "title": "string",
        "published_at": "date32",
        "fetched_at": "timestamp[us, tz=UTC]",
        "content_type": "string",
        "byte_size": "int64",
        "raw_path": "string",
        "parser": "string",
        "parser_version": "string",
        "status": "string",
        "error": "string",
        "fact_count": "int32",
        "origin": "string",
    },
    "facts": {
        "fact_id": "string",
        "entity": "string",
        "metric": "string",
        "segment": "string",
        "basis": "string",
        "measure": "string",
        "period_type": "string",
        "period_start": "date32",
        "period_end": "date32",
        "period_label": "string",
        "value": "float64",
        "unit": "string",
        "qualifier": "string",
        "is_estimate": "bool",
        "reported_text": "string",
        "locator": "string",
        "snippet": "string",
        "doc_id": "string",
        "source": "string",
        "published_at": "date32",
        "parser_version": "string",
        "extracted_at": "timestamp[us, tz=UTC]",
    },
    "metrics": {
        "metric_id": "string",
        "entity": "string",
        "segment": "string",
        "period_label": "string",
        "period_type": "string",
        "period_end": "date32",
        "value": "float64",
        "unit": "string",
        "qualifier": "string",
        "method": "string",
        "computed_value": "float64",
        "reported_value": "float64",
        "diff": "float64",
        "computed_low": "float64",
        "computed_high": "float64",
        "inputs": "list<string>",
        "formula": "string",
        "run_id": "string",
        "computed_at": "timestamp[us, tz=UTC]",
    },
    "events": {
        "event_date": "date32",
        "entity": "string",
        "kind": "string",
        "description": "string",
        "doc_id": "string",
        "snippet": "string",
    },
    "held": {
        "doc_id": "string",
        "url": "string",
        "source": "string",
        "published_at": "date32",
        "reported_text": "string",
        "locator": "string",
        "snippet": "string",
        "reason": "string",
        "entity": "string",
        "metric": "string",
        "segment": "string",
        "basis": "string",
        "measure": "string",
        "period_label": "string",
        "parser_version": "string",
        "extracted_at": "timestamp[us, tz=UTC]",
        "run_id": "string",
    },
    "quality_checks": {
        "run_id": "string",
        "check": "string",
        "table": "string",
        "severity": "string",
        "status": "string",
        "failing_rows": "int64",
        "details": "string",
        "checked_at": "timestamp[us, tz=UTC]",
    },
    "runs": {
        "run_id": "string",
        "flow_run_id": "string",
        "started_at": "timestamp[us, tz=UTC]",
        "finished_at": "timestamp[us, tz=UTC]",
        "status": "string",
        "source": "string",
        "docs_seen": "int64",
        "docs_new": "int64",
        "docs_unchanged": "int64",
        "docs_failed": "int64",
        "facts_written": "int64",
        "metrics_written": "int64",
        "code_version": "string",
    },
}
CONTRACT_TYPES["facts_latest"] = {
    **CONTRACT_TYPES["facts"],
    "restated": "bool",
    "first_published_at": "date32",
    "conflict": "bool",
    "n_sources": "int32",
}


@pytest.mark.parametrize("table", sorted(CONTRACT_TYPES))
def test_schema_matches_the_contract(table: str) -> None:
    sch = schema(table)
    assert {f.name: type_name(f.type) for f in sch} == CONTRACT_TYPES[table]
    assert list(sch.names) == list(CONTRACT_TYPES[table])


def test_every_table_is_covered() -> None:
    assert set(TABLES) == set(CONTRACT_TYPES)


@pytest.mark.parametrize("table", TABLES)
def test_empty_frame_has_plain_dtypes(table: str) -> None:
    df = empty_frame(table)
    assert list(df.columns) == list(schema(table).names)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in df.dtypes)
    assert to_arrow(table, df).schema.equals(schema(table))


def test_to_arrow_casts_loose_frames() -> None:
    row = fact(value=159_501e6, reported_text="159,501")
    row["period_start"] = "2024-01-01"
    row["published_at"] = pd.Timestamp("2024-05-14")
    row["extracted_at"] = "2024-06-01T12:00:00"
    df = frame([row])
    df["entity"] = df["entity"].astype("category")
    t = to_arrow("facts", df)
    assert t.schema.field("entity").type == pa.string()
    assert t.column("period_start")[0].as_py() == date(2024, 1, 1)
    assert t.column("published_at")[0].as_py() == date(2024, 5, 14)
    assert str(t.column("extracted_at")[0].as_py()) == "2024-06-01 12:00:00+00:00"


def test_missing_nullable_columns_are_filled() -> None:
    row = document_row()
    del row["error"], row["title"]
    t = to_arrow("documents", pd.DataFrame([row]))
    assert t.column("error").null_count == 1


def test_documents_origin_takes_its_vocabulary() -> None:
    for origin in sorted(DOC_ORIGINS):
        assert validate("documents", pd.DataFrame([document_row(origin=origin)]))["origin"].iloc[0] == origin
    with pytest.raises(SchemaDrift, match="origin fails vocabulary"):
        validate("documents", pd.DataFrame([document_row(origin="snapshot")]))


def test_documents_published_before_origin_still_read() -> None:
    row = document_row()
    row.pop("origin", None)
    older = pa.Table.from_pandas(pd.DataFrame([row]), preserve_index=False)
    assert "origin" not in older.column_names
    df = from_arrow("documents", older)
    assert df["origin"].isna().all()
    assert validate("documents", df)["doc_id"].iloc[0] == row["doc_id"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": "lots"}, "facts.value: cannot be read as float64"),
        ({"doc_id": None}, "facts.doc_id: 1 null values"),
        ({"is_estimate": "no"}, "facts.is_estimate: cannot be read as bool"),
        ({"extra": 1}, "columns not in the contract: extra"),
        ({"value": True}, "facts.value: cannot be read as float64"),
    ],
)
def test_type_drift_raises_one_line(change: dict, message: str) -> None:
    row = fact(value=1.0, reported_text="1")
    row.update(change)
    with pytest.raises(SchemaDrift, match=message) as info:
        validate("facts", frame([row]))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"entity": "alibaba"}, "entity fails vocabulary"),
        ({"unit": "RMB"}, "unit fails vocabulary"),
        ({"qualifier": "roughly"}, "qualifier fails vocabulary"),
        ({"value": float("inf")}, "value fails finite"),
        ({"period_start": date(2024, 4, 1)}, "period_ordered"),
        ({"measure": "yoy_pct", "unit": "CNY"}, "pct_measures_in_pct"),
        ({"snippet": "x" * 241}, "snippet fails"),
        ({"doc_id": "not-a-sha"}, "doc_id fails"),
    ],
)
def test_value_drift_names_the_check(change: dict, fragment: str) -> None:
    row = fact(value=1.0, reported_text="1")
    row.update(change)
    with pytest.raises(SchemaDrift, match=fragment):
        validate("facts", frame([row]))


def test_valid_frames_pass_and_come_back_canonical() -> None:
    df = validate("facts", frame([fact(value=1.0, reported_text="1")]))
    assert str(df["entity"].dtype) in ("str", "string")
    assert df["period_start"].iloc[0] == date(2024, 1, 1)
    assert validate("runs", pd.DataFrame([run_row()])).shape == (1, 13)
    with pytest.raises(SchemaDrift, match="status fails vocabulary"):
        validate("runs", pd.DataFrame([run_row(status="done")]))
    with pytest.raises(SchemaDrift, match="failed_has_error"):
        validate("documents", pd.DataFrame([document_row(status="failed", error=None)]))


def test_numbers_written_as_strings_are_drift() -> None:
    df = frame([fact(value=1.0, reported_text="1")])
    df["value"] = df["value"].astype(str).astype("string")
    with pytest.raises(SchemaDrift, match="facts.value"):
        to_arrow("facts", df)


def test_metrics_inputs_are_string_lists() -> None:
    row = {
        "metric_id": "revenue_yoy_pct",
        "entity": "tencent",
        "segment": "total",
        "period_label": "2024Q1",
        "period_type": "quarter",
        "period_end": date(2024, 3, 31),
        "value": 6.34,
        "unit": "pct",
        "qualifier": "eq",
        "method": "computed",
        "computed_value": 6.34,
        "reported_value": 6.0,
        "diff": 0.34,
        "inputs": ["f1", "f2"],
        "formula": "a/b-1",
        "run_id": "r1",
        "computed_at": "2024-06-01T00:00:00Z",
    }
    t = to_arrow("metrics", pd.DataFrame([row]))
    assert t.column("inputs")[0].as_py() == ["f1", "f2"]
    row["inputs"] = [1, 2]
    with pytest.raises(SchemaDrift, match="inputs"):
        to_arrow("metrics", pd.DataFrame([row]))
    row["inputs"] = ["f1", "f2"]
    row.update(value=6.0, method="reported", computed_low=6.1, computed_high=6.6)
    assert validate("metrics", pd.DataFrame([row]))["computed_low"].iloc[0] == 6.1
    row["computed_low"] = 6.4
    with pytest.raises(SchemaDrift, match="interval_holds_computed"):
        validate("metrics", pd.DataFrame([row]))


def test_unknown_table() -> None:
    with pytest.raises(SchemaDrift, match="unknown table"):
        schema("nope")
