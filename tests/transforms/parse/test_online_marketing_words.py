"""线上营销 (online marketing) is a business line, not the online channel (线上) of a retail study."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_online_marketing_revenue_is_the_platforms_marketing_line() -> None:
    text = "快手2023Q2线上营销收入为143亿元,同比增长30%。"
    assert keys(run(text, date(2023, 8, 25))) == {
        ("kuaishou", "revenue", "marketing_services", "value", "2023Q2", 1.43e10),
        ("kuaishou", "revenue", "marketing_services", "yoy_pct", "2023Q2", 30.0),
    }


def test_online_marketing_does_not_carry_the_online_channel_to_the_next_sentence() -> None:
    text = "快手2023Q2线上营销收入为143亿元。电商GMV达到2902亿元,同比增长39%。"
    result = run(text, date(2023, 8, 25))
    assert ("kuaishou", "gmv", "total", "value", "2023Q2", 2.902e11) in keys(result)
    assert not [f for f in result.facts if f.entity == "china_ecommerce"]


def test_online_marketing_spend_in_a_channel_study_is_not_the_online_channel() -> None:
    text = "尼尔森IQ数据显示,2023年快消品牌的线上营销投入增长12%。"
    assert not [f for f in run(text, date(2024, 1, 25)).facts if f.entity == "china_ecommerce"]


def test_the_online_channel_of_a_channel_study_is_still_read() -> None:
    text = "尼尔森IQ数据显示,2023年快消市场线上增长5.7%,线下渠道下跌3.6%。"
    assert keys(run(text, date(2024, 1, 25))) == {
        ("china_ecommerce", "sales", "fmcg", "yoy_pct", "2023", 5.7),
        ("china_offline_retail", "sales", "fmcg", "yoy_pct", "2023", -3.6),
    }
