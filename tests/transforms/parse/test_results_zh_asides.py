"""Chinese results stories: an aside between a reported figure and its growth (the market's estimate set beside it),
or between a segment and its revenue (what drove it: 在…推动下), does not cut the figure off from its subject; each
reading with a near miss that stays held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER

_AFTER_Q3 = date(2025, 11, 14)


def results_zh(text: str, published: date = _AFTER_Q3) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document(text.encode("utf-8"), meta))


def facts(result: ParseResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


_REVENUE_YOY = ("tencent", "revenue", "total", "na", "yoy_pct", "2025Q3")


def test_growth_after_the_markets_estimate_is_the_reported_levels() -> None:
    text = "腾讯今日发布第三季度业绩。第三季度营收1500亿元人民币,市场预估1520亿元人民币,同比增长9%。\n"
    got = facts(results_zh(text))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q3")] == 1500e8
    assert got[_REVENUE_YOY] == 9.0


def test_growth_after_an_estimate_of_another_line_stays_held() -> None:
    text = "腾讯今日发布第三季度业绩。第三季度营收1500亿元人民币,市场预估广告收入320亿元,同比增长9%。\n"
    assert _REVENUE_YOY not in facts(results_zh(text))


def test_growth_after_an_estimate_clause_with_its_own_period_stays_held() -> None:
    text = "腾讯今日发布第三季度业绩。第三季度营收1500亿元人民币,市场预估第四季度1600亿元,同比增长9%。\n"
    got = facts(results_zh(text))
    assert _REVENUE_YOY not in got
    assert ("tencent", "revenue", "total", "na", "yoy_pct", "2025Q4") not in got


# ---------------------------------------------------------------- a segment, then what drove it, then its revenue

_Q4 = date(2026, 3, 20)
_ADS_YOY = ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q4")


def test_revenue_after_what_drove_a_segment_is_the_segments() -> None:
    text = "腾讯发布第四季度业绩。第四季度,腾讯网络广告业务在视频号及小程序等推动下,营收同比增长15%。\n"
    assert facts(results_zh(text, _Q4))[_ADS_YOY] == 15.0


def test_the_whole_revenue_after_what_drove_a_segment_is_not_the_segments() -> None:
    text = "腾讯发布第四季度业绩。第四季度,腾讯网络广告业务在视频号等推动下,整体营收同比增长10%。\n"
    assert _ADS_YOY not in facts(results_zh(text, _Q4))


def test_a_driver_with_its_own_figure_makes_no_topic() -> None:
    text = "腾讯发布第四季度业绩。第四季度,腾讯网络广告业务在视频号收入增长50%的推动下,营收同比增长15%。\n"
    assert _ADS_YOY not in facts(results_zh(text, _Q4))


# ---------------------------------------------------------------- 营销业务: the marketing services line

_MARKETING_YOY = ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q4")


def test_the_marketing_business_is_the_marketing_services_line() -> None:
    text = "腾讯发布第四季度业绩。第四季度营销业务收入同比增长21%。\n"
    assert facts(results_zh(text, _Q4))[_MARKETING_YOY] == 21.0


def test_a_products_marketing_business_is_not_the_line() -> None:
    text = "腾讯发布第四季度业绩。第四季度视频号营销业务收入同比增长50%。\n"
    assert _MARKETING_YOY not in facts(results_zh(text, _Q4))
