"""The report is drawn from whatever the tables hold: one fact, one entity, one table, empty series."""

from __future__ import annotations

import pandas as pd
import pytest
from test_page import documents, events, facts_latest, metrics, quality_checks, runs, write_tables

from report import charts, series
from report.page import build_report

CHART_FILES = (charts.MARKETING_PNG, charts.CHANNELS_PNG, charts.SEGMENT_MIX_PNG, charts.LIVE_ECOMMERCE_PNG)


def _all() -> dict[str, pd.DataFrame]:
    return {"facts_latest": facts_latest(), "metrics": metrics(), "events": events(),
            "quality_checks": quality_checks(), "runs": runs(), "documents": documents()}


def _assert_whole(data_dir) -> None:
    report = build_report(data_dir)
    page = report.index_path.read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    for name in CHART_FILES:
        assert (report.index_path.parent / name).stat().st_size > 0
        assert name in page


@pytest.mark.parametrize("position", range(len(facts_latest())))
def test_a_report_of_one_fact(tmp_path, position):
    one = facts_latest().iloc[[position]].reset_index(drop=True)
    entity = one.at[0, "entity"]
    kept = metrics()[metrics()["entity"] == entity].reset_index(drop=True)
    write_tables(tmp_path, {**_all(), "facts_latest": one, "metrics": kept})
    _assert_whole(tmp_path)


@pytest.mark.parametrize("entity", sorted(set(facts_latest()["entity"])))
def test_a_report_of_one_family(tmp_path, entity):
    facts = facts_latest()
    write_tables(tmp_path, {**_all(), "facts_latest": facts[facts["entity"] == entity].reset_index(drop=True),
                            "metrics": metrics()[metrics()["entity"] == entity].reset_index(drop=True),
                            "events": events()[events()["entity"] == entity].reset_index(drop=True)})
    _assert_whole(tmp_path)


@pytest.mark.parametrize("table", sorted(_all()))
def test_a_report_of_one_table(tmp_path, table):
    write_tables(tmp_path, {table: _all()[table]})
    _assert_whole(tmp_path)


def test_a_channels_gmv_level_alone_is_drawn(tmp_path):
    facts = facts_latest()
    level = facts[(facts["entity"] == "wechat_channels") & (facts["metric"] == "gmv")].copy()
    level["measure"], level["value"], level["unit"] = "value", 1e11, "CNY"
    write_tables(tmp_path, {**_all(), "facts_latest": level.reset_index(drop=True), "metrics": metrics().iloc[0:0]})
    levels, growth = series.live_ecommerce_series(level)
    assert len(levels) == 1 and growth.empty and "entity" in growth.columns
    _assert_whole(tmp_path)
