"""DuckDB: views over the published tables, the segments pivot, the channels view, atomic rebuild."""

from __future__ import annotations

import duckdb
import pandas as pd
from wh_rows import document_row, fact, frame, run_row

from warehouse.duck import VIEW_TABLES, query, rebuild_duckdb
from warehouse.latest import build_facts_latest
from warehouse.publish import Stage, publish
from warehouse.schemas import schema


def _rows() -> list[dict]:
    return [
        fact(segment="total", value=154_625e6, reported_text="154,625", period="2023Q3", doc="hkex"),
        fact(
            segment="vas", value=757e8, reported_text="757亿元", period="2023Q3", doc="news", source="article"
        ),
        fact(
            segment="marketing_services",
            value=257.2e8,
            reported_text="257.2亿元",
            period="2023Q3",
            doc="news",
            source="article",
        ),
        fact(segment="total", value=159_501e6, reported_text="159,501", period="2024Q1", doc="hkex"),
        fact(
            entity="wechat_channels",
            metric="ad_revenue",
            measure="yoy_pct",
            value=100.0,
            reported_text="more than doubled",
            qualifier="gt",
            period="2024Q1",
            doc="news",
            source="article",
        ),
        fact(
            entity="wechat_channels",
            metric="user_time_spent",
            measure="yoy_pct",
            value=80.0,
            reported_text="over 80%",
            qualifier="gt",
            period="2024Q1",
            doc="news",
            source="article",
        ),
    ]


def _publish(tmp_path) -> None:
    facts = frame(_rows())
    stage = Stage(tmp_path, "r1")
    stage.write("facts", facts)
    stage.write("facts_latest", build_facts_latest(facts))
    stage.write("documents", pd.DataFrame([document_row("hkex"), document_row("news", source="article")]))
    stage.write("runs", pd.DataFrame([run_row("r1")]))
    publish(stage, ["facts", "facts_latest", "documents", "runs"])


def test_rebuild_creates_views_over_the_files(tmp_path) -> None:
    _publish(tmp_path)
    path = rebuild_duckdb(tmp_path)
    assert path == tmp_path / "warehouse.duckdb"
    assert not list(tmp_path.glob(".warehouse.duckdb.tmp-*"))
    con = duckdb.connect(str(path), read_only=True)
    try:
        views = {
            r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
        }
        assert views >= {*VIEW_TABLES, "tencent_segments_wide", "channels"}
        assert con.execute("SELECT count(*) FROM facts").fetchall()[0][0] == 6
        assert con.execute("SELECT count(*) FROM metrics").fetchall()[0][0] == 0
        cols = [r[0] for r in con.execute("DESCRIBE quality_checks").fetchall()]
        assert cols == schema("quality_checks").names
    finally:
        con.close()


def test_segments_wide_has_a_row_per_quarter(tmp_path) -> None:
    _publish(tmp_path)
    wide = query(tmp_path, "SELECT * FROM tencent_segments_wide")
    assert list(wide["period_label"]) == ["2023Q3", "2024Q1"]
    q3 = wide.iloc[0]
    assert q3["total"] == 154_625e6 and q3["vas"] == 757e8 and q3["marketing_services"] == 257.2e8
    assert pd.isna(q3["fintech_business_services"])
    assert wide.iloc[1]["total"] == 159_501e6


def test_channels_view_keeps_qualifier_source_and_snippet(tmp_path) -> None:
    _publish(tmp_path)
    ch = query(tmp_path, "SELECT * FROM channels")
    assert len(ch) == 2
    assert set(ch["qualifier"]) == {"gt"}
    assert set(ch["source"]) == {"article"}
    assert all(t in s for t, s in zip(ch["reported_text"], ch["snippet"], strict=True))


def test_query_on_an_empty_warehouse(tmp_path) -> None:
    for view in (*VIEW_TABLES, "tencent_segments_wide", "channels"):
        assert query(tmp_path, f"SELECT * FROM {view}").empty
    rebuild_duckdb(tmp_path)
    assert (tmp_path / "warehouse.duckdb").is_file()


def test_views_follow_later_publishes(tmp_path) -> None:
    _publish(tmp_path)
    rebuild_duckdb(tmp_path)
    stage = Stage(tmp_path, "r2")
    stage.write("facts", frame(_rows()[:2]))
    stage.write("runs", pd.DataFrame([run_row("r2")]))
    publish(stage, ["facts", "runs"])
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM facts").fetchall()[0][0] == 2
        assert con.execute("SELECT count(*) FROM runs").fetchall()[0][0] == 2
    finally:
        con.close()
