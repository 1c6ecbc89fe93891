"""--known-at: the tables as the documents published by a date stated them, with nothing published later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from wh_rows import doc_id, document_row, fact, frame, run_row

from flows.cli import main
from report.history import build_report_known_at
from warehouse.duck import query_known_at
from warehouse.errors import KnownAtError
from warehouse.knownat import known_at, parse_known_at
from warehouse.latest import build_facts_latest
from warehouse.publish import Stage, publish

FIRST, RESTATING = "2023-05-17", "2024-05-14"


def _op(value: float, text: str, doc: str, published: str) -> dict:
    return fact(metric="operating_profit", basis="non_ifrs", period="2023Q1", value=value, reported_text=text,
                doc=doc, published=published, locator=f"{doc}/op/2023Q1")


def _revenue(period: str, value: float, text: str, doc: str, published: str) -> dict:
    return fact(period=period, value=value, reported_text=text, doc=doc, published=published,
                locator=f"{doc}/revenue/{period}")


def _rows() -> list[dict]:
    return [
        _op(48.4e9, "48.4", "first", FIRST),
        _revenue("2023Q1", 149_986e6, "149,986", "first", FIRST),
        _revenue("2022Q1", 135_471e6, "135,471", "first", FIRST),
        _op(45_028e6, "45,028", "restating", RESTATING),
        _revenue("2024Q1", 159_501e6, "159,501", "restating", RESTATING),
        _revenue("2023Q1", 149_986e6, "149,986", "restating", RESTATING),
        {**_revenue("2021Q1", 135_303e6, "135,303", "undated", FIRST), "published_at": None},
    ]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    facts = frame(_rows())
    stage = Stage(tmp_path, "r1")
    stage.write("facts", facts)
    stage.write("facts_latest", build_facts_latest(facts))
    docs = [document_row("first", published_at=date.fromisoformat(FIRST)),
            document_row("restating", published_at=date.fromisoformat(RESTATING)),
            document_row("undated", published_at=None)]
    stage.write("documents", pd.DataFrame(docs))
    stage.write("events", pd.DataFrame([
        {"event_date": date(2023, 5, 17), "entity": "tencent", "kind": "results", "description": "1Q2023 results",
         "doc_id": doc_id("first"), "snippet": None},
        {"event_date": date(2024, 5, 14), "entity": "tencent", "kind": "results", "description": "1Q2024 results",
         "doc_id": doc_id("restating"), "snippet": None},
    ]))
    stage.write("runs", pd.DataFrame([run_row("r1")]))
    publish(stage, ["facts", "facts_latest", "documents", "events", "runs"])
    return tmp_path


def _op_latest(tables: dict[str, pd.DataFrame]) -> pd.Series:
    fl = tables["facts_latest"]
    return fl[(fl["metric"] == "operating_profit")].iloc[0]


def test_before_the_restating_release_the_first_value_stands(data_dir):
    tables = known_at(data_dir, date(2023, 11, 1))
    op = _op_latest(tables)
    assert op["value"] == 48.4e9 and not op["restated"]
    assert set(tables["facts"]["doc_id"]) == {doc_id("first")}
    assert list(tables["documents"]["doc_id"]) == [doc_id("first")]
    assert list(tables["events"]["description"]) == ["1Q2023 results"]
    assert "2024Q1" not in set(tables["metrics"]["period_label"])


def test_after_it_the_restated_value_and_the_growth_it_allows(data_dir):
    tables = known_at(data_dir, date(2024, 6, 1))
    op = _op_latest(tables)
    assert op["value"] == 45_028e6 and op["restated"]
    growth = tables["metrics"][(tables["metrics"]["metric_id"] == "revenue_yoy_pct")
                               & (tables["metrics"]["period_label"] == "2024Q1")]
    assert len(growth) == 1 and growth.iloc[0]["value"] == pytest.approx((159_501 / 149_986 - 1) * 100, abs=1e-4)
    known_ids = set(tables["facts"]["fact_id"])
    assert all(set(inputs) <= known_ids for inputs in tables["metrics"]["inputs"])


def test_a_document_counts_from_its_publication_day_and_an_undated_one_never(data_dir):
    on_the_day = known_at(data_dir, date.fromisoformat(RESTATING))
    assert _op_latest(on_the_day)["value"] == 45_028e6
    assert doc_id("undated") not in set(on_the_day["facts"]["doc_id"]) | set(on_the_day["documents"]["doc_id"])
    assert known_at(data_dir, date(2020, 1, 1))["facts_latest"].empty


def test_checks_are_of_the_tables_known_then_and_runs_are_as_published(data_dir):
    tables = known_at(data_dir, date(2023, 11, 1))
    assert set(tables["quality_checks"]["run_id"]) == {"known-at-2023-11-01"}
    assert not ((tables["quality_checks"]["severity"] == "error") & (tables["quality_checks"]["status"] == "fail")).any()
    assert list(tables["runs"]["run_id"]) == ["r1"]


def test_query_and_report_known_at(data_dir, capsys):
    sql = "SELECT value FROM facts_latest WHERE metric = 'operating_profit'"
    assert query_known_at(data_dir, sql, date(2023, 11, 1))["value"].tolist() == [48.4e9]
    assert main(["query", "--csv", "--known-at", "2024-06-01", sql, "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines() == ["value", "45028000000.0"]
    index = build_report_known_at(data_dir, date(2023, 11, 1))
    assert index == data_dir / "reports" / "known-at-2023-11-01" / "index.html" and index.is_file()
    assert not (data_dir / "reports" / "index.html").exists()
    assert not list(data_dir.glob(".known-at-*"))


@pytest.mark.parametrize("text", ["2023-13-01", "yesterday", "", "2023-11-01T00:00"])
def test_a_known_at_that_is_not_a_date_is_refused(text, tmp_path, capsys):
    with pytest.raises(KnownAtError):
        parse_known_at(text)
    assert main(["query", "--known-at", text, "SELECT 1", "--data-dir", str(tmp_path)]) == 2
    assert "--known-at" in capsys.readouterr().err
