"""Chinese results stories: an aside between a reported figure and its growth (the market's estimate set beside it)
does not cut the growth off from its metric; each reading with a near miss that stays held."""

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
