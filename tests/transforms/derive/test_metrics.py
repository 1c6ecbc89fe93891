"""Derived metrics on figures from the reference table (tests/reference/tencent_quarterly.csv)."""

from datetime import UTC, datetime

import pandas as pd
import pytest

from transforms.derive.metrics import derive_metrics, printed_half_unit

NOW = datetime(2025, 12, 1, tzinfo=UTC)


def fact(entity, metric, segment, measure, label, value, text, qualifier="eq", doc="d1"):
    return {
        "entity": entity, "metric": metric, "segment": segment, "basis": "na", "measure": measure,
        "period_label": label, "value": value, "reported_text": text, "qualifier": qualifier,
        "fact_id": f"{entity}-{metric}-{segment}-{measure}-{label}", "doc_id": doc,
    }


def frame(*rows):
    return pd.DataFrame(list(rows))


def one(metrics, metric_id, label, segment=None):
    rows = metrics[(metrics.metric_id == metric_id) & (metrics.period_label == label)]
    if segment:
        rows = rows[rows.segment == segment]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_ad_revenue_growth_is_computed_from_levels_and_checked_against_the_stated_growth():
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2022Q2", 18.638e9, "RMB18.638 billion", doc="a"),
        fact("tencent", "revenue", "marketing_services", "value", "2023Q2", 25.0e9, "RMB25.0 billion", doc="b"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2023Q2", 34.0, "34%", doc="b"),
    )
    metrics, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "ad_revenue_yoy_pct", "2023Q2")
    assert row.method == "computed"
    assert row.value == pytest.approx((25.0 / 18.638 - 1) * 100, abs=1e-3)
    assert row.reported_value == 34.0
    assert row["diff"] == pytest.approx(0.13, abs=0.01)
    assert mismatches == []


def test_only_stated_growth_gives_a_reported_metric():
    fl = frame(fact("tencent", "revenue", "marketing_services", "yoy_pct", "2024Q1", 26.0, "26%"))
    metrics, _ = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "ad_revenue_yoy_pct", "2024Q1")
    assert (row.method, row.value, row.computed_value) == ("reported", 26.0, None)


def test_rounded_levels_within_rounding_are_not_a_mismatch():
    # 2023Q4 300亿 vs 2022Q4 246.6亿 gives 21.65%; the release says 21%: rounding explains it.
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2022Q4", 246.6e8, "246.6亿元"),
        fact("tencent", "revenue", "marketing_services", "value", "2023Q4", 300e8, "300亿元"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2023Q4", 21.0, "21%"),
    )
    _, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    assert mismatches == []


def test_a_stated_growth_that_the_levels_contradict_is_reported_with_both_documents():
    # 2022Q4 online advertising: 246.6亿 against 2021Q4 215亿 is +14.7%, one source says +17%.
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2021Q4", 215e8, "215亿元", doc="old"),
        fact("tencent", "revenue", "marketing_services", "value", "2022Q4", 246.6e8, "246.6亿元", doc="new"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2022Q4", 17.0, "17%", doc="new"),
    )
    _, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    assert len(mismatches) == 1
    assert mismatches[0].doc_ids == ["new", "old"]
    assert mismatches[0].computed == pytest.approx(14.70, abs=0.01)


def test_channels_time_spent_keeps_its_qualifier():
    fl = frame(fact("wechat_channels", "user_time_spent", "total", "yoy_pct", "2024Q1", 80.0, "超80%", "gt"))
    metrics, _ = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "channels_time_spent_yoy_pct", "2024Q1")
    assert (row.value, row.qualifier, row.method) == (80.0, "gt", "reported")


def test_share_margin_and_ttm():
    fl = frame(
        fact("tencent", "revenue", "total", "value", "2024Q1", 159_501e6, "159,501"),
        fact("tencent", "revenue", "total", "value", "2024Q2", 161_117e6, "161,117"),
        fact("tencent", "revenue", "total", "value", "2024Q3", 167_193e6, "167,193"),
        fact("tencent", "revenue", "total", "value", "2024Q4", 172_446e6, "172,446"),
        fact("tencent", "revenue", "marketing_services", "value", "2024Q4", 350e8, "350亿元"),
        fact("tencent", "gross_profit", "total", "value", "2024Q4", 90_653e6, "90,653"),
    )
    metrics, _ = derive_metrics(fl, run_id="r", computed_at=NOW)
    assert one(metrics, "revenue_ttm", "2024Q4", "total").value == pytest.approx(660_257e6)
    assert one(metrics, "ad_revenue_share_pct", "2024Q4").value == pytest.approx(350e8 / 172_446e6 * 100, abs=1e-3)
    assert one(metrics, "gross_margin_pct", "2024Q4").value == pytest.approx(90_653 / 172_446 * 100, abs=1e-3)
    assert metrics[metrics.metric_id == "revenue_ttm"].shape[0] == 1


def test_printed_half_unit():
    assert printed_half_unit("RMB140.1 billion", 140.1e9) == pytest.approx(0.05e9)
    assert printed_half_unit("1,401億元", 1401e8) == pytest.approx(0.5e8)
    assert printed_half_unit("26%", 26.0) == pytest.approx(0.5)


def test_empty_input_gives_an_empty_frame():
    metrics, mismatches = derive_metrics(pd.DataFrame(), run_id="r", computed_at=NOW)
    assert metrics.empty and mismatches == []
