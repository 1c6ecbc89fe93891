"""Hong Kong wire stories date a results figure with 上季 (the quarter before publication); a comparison with the
quarter before (较上季) and 上季度 date nothing, and an ad format before the ad revenue word names a part."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract

_AFTER_Q2 = ClaimContext(published=date(2016, 8, 18))


def facts(text: str, ctx: ClaimContext = _AFTER_Q2) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in extract(text, ctx).facts}


def test_shang_ji_dates_the_figure_with_the_quarter_before_publication() -> None:
    got = facts("腾讯上季网络广告收入升六成,增至六十五亿元人民币。")
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2016Q2")] == 60.0
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2016Q2")] == 65e8


def test_shang_ji_in_the_first_quarter_is_the_year_befores_fourth() -> None:
    got = facts("腾讯上季网络广告收入升六成,增至六十五亿元人民币。", ClaimContext(published=date(2017, 3, 20)))
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2016Q4")] == 60.0


def test_a_comparison_with_the_quarter_before_dates_nothing() -> None:
    got = facts("腾讯网络广告收入较上季增长5%。")
    assert not got


def test_shang_ji_du_dates_nothing() -> None:
    got = facts("腾讯上季度网络广告收入升六成,增至六十五亿元人民币。")
    assert not got


def test_an_ad_format_before_the_ad_revenue_word_is_a_part() -> None:
    got = facts("腾讯上季网络广告收入升六成,当中效果广告收入增长八成,品牌展示广告收入升四成一。")
    assert got == {("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2016Q2"): 60.0}
