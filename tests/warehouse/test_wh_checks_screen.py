"""The schema check's direct screen: it passes only frames pandera passes, and otherwise pandera speaks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from wh_rows import NOW, document_row, fact, frame, held_row, run_row

import warehouse.checks as checks
from warehouse.checks import Outcome, check_schema, passes_model, run_checks
from warehouse.latest import build_facts_latest
from warehouse.schemas import TABLES, canonical, columns, empty_frame, model, schema_failures


def _facts() -> pd.DataFrame:
    """Reference figures of 2023Q3 (total, VAS, marketing services) and a stated growth."""
    return frame(
        [
            fact(period="2023Q3", value=154_625e6, reported_text="154,625", doc="hkex-3q2023"),
            fact(period="2023Q3", segment="vas", value=757e8, reported_text="757亿元", doc="news-3q2023"),
            fact(
                period="2023Q3",
                segment="marketing_services",
                value=257.2e8,
                reported_text="257.2亿元",
                doc="news-3q2023",
            ),
            fact(
                period="2023Q3",
                segment="vas",
                measure="yoy_pct",
                value=4.0,
                reported_text="4%",
                doc="news-3q2023",
            ),
        ]
    )


def _metric_row() -> dict[str, object]:
    """One reported growth metric row (no computed value)."""
    return {
        "metric_id": "vas_revenue_yoy_pct",
        "entity": "tencent",
        "segment": "vas",
        "period_label": "2023Q3",
        "period_type": "quarter",
        "period_end": date(2023, 9, 30),
        "value": 4.0,
        "unit": "pct",
        "qualifier": "eq",
        "method": "reported",
        "computed_value": None,
        "reported_value": 4.0,
        "diff": None,
        "inputs": ["a"],
        "formula": None,
        "run_id": "r1",
        "computed_at": NOW,
    }


def _event_row() -> dict[str, object]:
    """One event row."""
    return {
        "event_date": date(2023, 11, 15),
        "entity": "tencent",
        "kind": "results",
        "description": "Third quarter results",
        "doc_id": "a" * 64,
        "snippet": None,
    }


def _check_row() -> dict[str, object]:
    """One quality_checks row."""
    return {
        "run_id": "r1",
        "check": "schema",
        "table": "facts",
        "severity": "error",
        "status": "pass",
        "failing_rows": 0,
        "details": None,
        "checked_at": NOW,
    }


def valid_tables() -> dict[str, pd.DataFrame]:
    """One small valid frame per contract table."""
    facts = _facts()
    return {
        "documents": frame([document_row("hkex-3q2023"), document_row("news-3q2023", error="x")]),
        "facts": facts,
        "facts_latest": build_facts_latest(facts),
        "metrics": frame([_metric_row()]),
        "events": frame([_event_row()]),
        "held": frame([held_row("news-3q2023", entity="tencent", period_label="2023Q3")]),
        "quality_checks": frame([_check_row()]),
        "runs": frame([run_row()]),
    }


def _broken(table: str, column: str, value: object, row: int = 0) -> pd.DataFrame:
    """A valid frame of `table` with one cell replaced."""
    df = valid_tables()[table].copy()
    df[column] = df[column].astype(object)
    df.at[df.index[row], column] = value
    return df


VIOLATIONS: list[tuple[str, str, object]] = [
    ("facts", "entity", "alibaba"),
    ("facts", "unit", "EUR"),
    ("facts", "doc_id", "not-a-hash"),
    ("facts", "snippet", "x" * 241),
    ("facts", "period_label", "24"),
    ("facts", "value", float("inf")),
    ("facts", "period_start", date(2024, 1, 1)),
    ("facts", "measure", "yoy_pct"),
    ("facts_latest", "n_sources", 0),
    ("facts_latest", "source", "weibo"),
    ("documents", "raw_path", "raw/xx/nothex.pdf"),
    ("documents", "byte_size", -1),
    ("documents", "status", "failed"),
    ("metrics", "method", "guessed"),
    ("metrics", "method", "computed"),
    ("metrics", "diff", float("-inf")),
    ("events", "kind", "rumour"),
    ("events", "description", ""),
    ("held", "reason", ""),
    ("held", "entity", "alibaba"),
    ("held", "snippet", "x" * 241),
    ("quality_checks", "severity", "fatal"),
    ("runs", "status", "done"),
    ("runs", "finished_at", pd.Timestamp("2000-01-01", tz="UTC")),
]


@pytest.mark.parametrize("table", TABLES)
def test_valid_frames_pass_the_screen_and_pandera(table):
    df = canonical(table, valid_tables()[table])
    assert schema_failures(table, df) == (0, "")
    assert passes_model(table, df)
    assert passes_model(table, empty_frame(table))


@pytest.mark.parametrize("table", TABLES)
def test_null_optional_columns_keep_the_dtypes_the_screen_expects(table):
    df = valid_tables()[table].copy()
    nullable = [c.name for c in columns(table) if c.nullable]
    for column in nullable:
        df[column] = None
    cast = canonical(table, df)
    assert list(cast.dtypes.astype(str)) == list(empty_frame(table).dtypes.astype(str))
    assert schema_failures(table, cast)[0] == 0
    assert passes_model(table, cast)


@pytest.mark.parametrize(("table", "column", "value"), VIOLATIONS)
def test_every_model_rule_breaks_the_screen_and_pandera_reports_it(table, column, value):
    df = _broken(table, column, value)
    failing, summary = schema_failures(table, df)
    assert failing >= 1, "the violation must be one pandera sees"
    assert not passes_model(table, canonical(table, df))
    assert check_schema(table, df) == Outcome(failing, summary)


def test_a_frame_the_cast_refuses_keeps_the_cast_error():
    df = _broken("facts", "value", "a lot")
    outcome = check_schema("facts", df)
    assert outcome.failing == len(df) and "facts.value" in outcome.details
    assert outcome == Outcome(*schema_failures("facts", df))


def test_model_columns_are_the_contract_columns_in_order():
    for table in TABLES:
        names = list(model(table).columns)
        assert names == list(empty_frame(table).columns)


def test_the_screen_refuses_what_it_cannot_vouch_for():
    df = canonical("facts", valid_tables()["facts"])
    assert not passes_model("facts", df[list(reversed(df.columns))])
    assert not passes_model("facts", df.assign(value=df["value"].astype(object)))
    assert not passes_model("no_such_table", df)


def _run(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return run_checks(tables, "r1", NOW)


@pytest.mark.parametrize(
    "case",
    ["valid", "vocabulary", "period order", "cast error", "empty"],
)
def test_run_checks_matches_pandera_only_results(case, monkeypatch):
    tables = {
        k: v
        for k, v in valid_tables().items()
        if k in ("documents", "facts", "facts_latest", "metrics", "events")
    }
    if case == "vocabulary":
        tables["facts"] = _broken("facts", "entity", "alibaba")
    elif case == "period order":
        tables["facts_latest"] = _broken("facts_latest", "period_start", date(2024, 1, 1))
    elif case == "cast error":
        tables["metrics"] = _broken("metrics", "value", "n/a")
    elif case == "empty":
        tables = {name: df.iloc[0:0] for name, df in tables.items()}
    screened = _run(tables)
    monkeypatch.setattr(checks, "passes_model", lambda table, df: False)
    pandera_only = _run(tables)
    pd.testing.assert_frame_equal(screened, pandera_only)
    if case != "valid" and case != "empty":
        assert (screened["status"] == "fail").any()


def test_a_screen_error_falls_back_to_pandera(monkeypatch):
    def broken(table: str, df: pd.DataFrame) -> bool:
        raise TypeError("screen bug")

    monkeypatch.setattr(checks, "passes_model", broken)
    df = valid_tables()["facts"]
    assert check_schema("facts", df) == Outcome(0, f"{len(df)} rows match the facts schema")


def test_valid_tables_are_checked_without_pandera_backends(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(Path(__file__).parents[2])!r}]\n"
        "from test_wh_checks_screen import valid_tables, _run\n"
        "out = _run({k: v for k, v in valid_tables().items() if k != 'quality_checks'})\n"
        "assert (out['check'] == 'schema').sum() == 7, out\n"
        "assert (out.loc[out['check'] == 'schema', 'status'] == 'pass').all(), out\n"
        "print(sorted(m for m in ('dask', 'hypothesis', 'pandera.backends.pandas.builtin_checks') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_finite_checks_see_nan_as_missing_not_as_a_failure():
    df = canonical("metrics", valid_tables()["metrics"])
    assert np.isnan(df["diff"].iloc[0])
    assert passes_model("metrics", df)
