"""Values a document states but the run holds back land in the `held` table with their reason, and nowhere else."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.flow

# A results release whose operating profit line comes with no IFRS or non-IFRS lead-in: its basis is unknown.
RELEASE = (
    "Tencent Announces 2024 First Quarter Results\n\n"
    'HONG KONG, May 14, 2024 /PRNewswire/ -- Tencent Holdings Limited today reported its results ("1Q2024").\n\n'
    "1Q2024 Key Highlights\n"
    "• Total revenues were RMB159.5 billion, an increase of 6% YoY.\n"
    "• Operating profit was RMB52.6 billion, up 38% year-on-year.\n"
)
HELD_TEXT = "RMB52.6 billion"


def test_a_profit_line_without_a_basis_is_published_in_held_only(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    data_dir = tmp_path / "data"
    (data_dir / "inbox").mkdir(parents=True)
    (data_dir / "inbox" / "tencent_1q2024_release.txt").write_text(RELEASE, encoding="utf-8")

    outcome = pipeline(source="inbox", data_dir=str(data_dir))

    assert outcome["exit_code"] == 0, outcome
    tables = data_dir / "tables"
    held = pd.read_parquet(tables / "held.parquet")
    row = held[held["reported_text"] == HELD_TEXT]
    assert len(row) == 1, held
    row = row.iloc[0]
    assert "basis" in row["reason"] and "not stated" in row["reason"]
    assert HELD_TEXT in row["snippet"] and "Operating profit" in row["snippet"]
    assert pd.isna(row["basis"]), "the basis is what is not known"
    assert row["run_id"] == outcome["run_id"] and row["url"] == "inbox:tencent_1q2024_release.txt"
    docs = pd.read_parquet(tables / "documents.parquet")
    assert row["doc_id"] == docs["doc_id"].iloc[0]

    facts = pd.read_parquet(tables / "facts.parquet")
    assert "revenue" in set(facts["metric"]), "the revenue line beside it is published"
    for name in ("facts", "facts_latest"):
        frame = pd.read_parquet(tables / f"{name}.parquet")
        assert HELD_TEXT not in set(frame["reported_text"]) and not frame["value"].isin([52.6e9, 38.0]).any()
        assert not (frame["metric"] == "operating_profit").any()
    events = pd.read_parquet(tables / "events.parquet")
    assert not events["description"].str.contains("52.6", regex=False).any()
    metrics = pd.read_parquet(tables / "metrics.parquet")
    assert not metrics["value"].isin([52.6e9, 38.0]).any()

    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM held WHERE reported_text = ?", [HELD_TEXT]).fetchone()[0]
    assert count == 1
