"""Words that name a line of Tencent's business in Chinese stories: 线上广告 is the advertising line (not the online
retail channel), and a segment before 业务收入 owns the revenue even after a part named earlier in the sentence."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract

_AFTER_Q3 = ClaimContext(published=date(2025, 11, 14))


def facts(text: str, ctx: ClaimContext = _AFTER_Q3) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in extract(text, ctx).facts}


def test_online_advertising_is_the_advertising_line() -> None:
    got = facts("腾讯第三季线上广告业务收入增长20%。")
    assert got == {("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q3"): 20.0}


def test_online_alone_in_a_channel_study_is_still_the_channel() -> None:
    got = facts("尼尔森IQ数据显示,2024年上半年快消全渠道销售额同比增长0.4%,线上增长5.7%。",
                ClaimContext(published=date(2024, 8, 1)))
    assert got[("china_ecommerce", "sales", "fmcg", "na", "yoy_pct", "2024H1")] == 5.7


def test_a_segments_business_revenue_after_a_part_named_earlier_is_the_segments() -> None:
    got = facts("腾讯第三季游戏收入增长15%,金融科技及企业服务业务收入增长10%。")
    assert got == {("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2025Q3"): 10.0}


def test_a_part_inside_a_segments_business_stays_held() -> None:
    got = facts("腾讯第三季游戏收入增长15%,增值服务业务中手游收入增长10%。")
    assert not got
