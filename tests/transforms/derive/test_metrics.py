"""Derived metrics on figures from the reference table (tests/reference/tencent_quarterly.csv)."""

from datetime import UTC, datetime

import pandas as pd
import pytest

from transforms.derive.metrics import derive_metrics, mismatch_details, printed_half_unit

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


def test_a_stated_growth_within_rounding_is_the_value_with_the_computed_one_beside_it():
    # 2023Q2 online advertising: RMB25.0 billion against RMB18.638 billion is +34.13%; the release says 34%.
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2022Q2", 18.638e9, "RMB18.638 billion", doc="a"),
        fact("tencent", "revenue", "marketing_services", "value", "2023Q2", 25.0e9, "RMB25.0 billion", doc="b"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2023Q2", 34.0, "34%", doc="b"),
    )
    metrics, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "ad_revenue_yoy_pct", "2023Q2")
    assert (row.method, row.value, row.qualifier) == ("reported", 34.0, "eq")
    assert row.computed_value == pytest.approx((25.0 / 18.638 - 1) * 100, abs=1e-3)
    assert row.reported_value == 34.0
    assert row["diff"] == pytest.approx(0.13, abs=0.01)
    # RMB25.0 billion is 24.95 to 25.05 billion: the computed growth is 34.13 +/- 0.27 points
    assert row.computed_low == pytest.approx(33.86, abs=0.01)
    assert row.computed_high == pytest.approx(34.40, abs=0.01)
    assert len(row.inputs) == 3
    assert mismatches == []


def test_2023q4_marketing_services_publishes_the_stated_21_percent():
    # 300亿 (299.5 to 300.5亿) against 246.6亿 (246.55 to 246.65亿) is 21.43% to 21.88%; the stated 21% is any
    # growth from 20.5% to 21.5%: the two agree, so the company's figure is the value.
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2022Q4", 246.6e8, "246.6亿元"),
        fact("tencent", "revenue", "marketing_services", "value", "2023Q4", 300e8, "300亿元"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2023Q4", 21.0, "21%"),
    )
    metrics, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    for metric_id in ("ad_revenue_yoy_pct", "revenue_yoy_pct"):
        row = one(metrics, metric_id, "2023Q4", "marketing_services")
        assert (row.method, row.value) == ("reported", 21.0)
        assert row.computed_value == pytest.approx(21.65, abs=0.01)
        assert (row.computed_low, row.computed_high) == (pytest.approx(21.43, abs=0.01), pytest.approx(21.88, abs=0.01))
    assert mismatches == []


def test_a_stated_growth_outside_rounding_leaves_the_computed_value_and_a_mismatch():
    # 2022Q4 online advertising: 246.6亿 against 2021Q4 215亿 is +14.7% (14.3 to 15.1), one source says +17%.
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2021Q4", 215e8, "215亿元", doc="old"),
        fact("tencent", "revenue", "marketing_services", "value", "2022Q4", 246.6e8, "246.6亿元", doc="new"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2022Q4", 17.0, "17%", doc="new"),
    )
    metrics, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "ad_revenue_yoy_pct", "2022Q4")
    assert (row.method, row.value, row.reported_value) == ("computed", pytest.approx(14.6977, abs=1e-3), 17.0)
    assert row.computed_low < row.value < row.computed_high < 16.5
    assert [m.period_label for m in mismatches] == ["2022Q4"]
    assert "computed 14.7 vs reported 17.0" in mismatch_details(mismatches)


def test_a_bound_is_not_taken_for_the_value():
    # "over 20%" agrees with a computed 21.65%, but a bound says less than the computed figure.
    fl = frame(
        fact("tencent", "revenue", "marketing_services", "value", "2022Q4", 246.6e8, "246.6亿元"),
        fact("tencent", "revenue", "marketing_services", "value", "2023Q4", 300e8, "300亿元"),
        fact("tencent", "revenue", "marketing_services", "yoy_pct", "2023Q4", 20.0, "超过20%", "gt"),
    )
    metrics, mismatches = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "ad_revenue_yoy_pct", "2023Q4")
    assert (row.method, row.qualifier) == ("computed", "eq")
    assert row.value == pytest.approx(21.65, abs=0.01)
    assert mismatches == []


def test_only_stated_growth_gives_a_reported_metric():
    fl = frame(fact("tencent", "revenue", "marketing_services", "yoy_pct", "2024Q1", 26.0, "26%"))
    metrics, _ = derive_metrics(fl, run_id="r", computed_at=NOW)
    row = one(metrics, "ad_revenue_yoy_pct", "2024Q1")
    assert (row.method, row.value, row.computed_value) == ("reported", 26.0, None)


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
    ttm = one(metrics, "revenue_ttm", "2024Q4", "total")
    assert (ttm.computed_low, ttm.computed_high) == (pytest.approx(660_255e6), pytest.approx(660_259e6))
    share = one(metrics, "ad_revenue_share_pct", "2024Q4")
    # 349.5 to 350.5亿 over 172,445.5 to 172,446.5 million: 20.30 +/- 0.03 points
    assert share.computed_high - share.computed_low == pytest.approx(0.058, abs=0.002)


def test_printed_half_unit():
    assert printed_half_unit("RMB140.1 billion", 140.1e9) == pytest.approx(0.05e9)
    assert printed_half_unit("1,401億元", 1401e8) == pytest.approx(0.5e8)
    assert printed_half_unit("26%", 26.0) == pytest.approx(0.5)


def test_empty_input_gives_an_empty_frame():
    metrics, mismatches = derive_metrics(pd.DataFrame(), run_id="r", computed_at=NOW)
    assert metrics.empty and mismatches == []
