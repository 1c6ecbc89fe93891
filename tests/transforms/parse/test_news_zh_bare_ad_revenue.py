"""A bare 广告收入 opening a sentence or clause, or right after 腾讯, is Tencent's advertising line; after another
subject of its sentence (视频号…,广告收入…) it may be that product's, and it is held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER

_PUBLISHED = date(2019, 11, 14)
_HEAD = "腾讯公布2019年第三季度业绩。\n第三季度,腾讯收入为973亿元,同比增长21%。\n"


def results_zh(text: str) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=_PUBLISHED,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document((_HEAD + text).encode("utf-8"), meta))


def facts(result: ParseResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label): f.value for f in result.facts}


def test_ad_revenue_opening_a_sentence_is_the_advertising_line() -> None:
    got = facts(results_zh("第三季度,游戏收入表现平稳;广告收入达185亿元,同比增长14%。\n"))
    assert got[("tencent", "revenue", "marketing_services", "value", "2019Q3")] == 185e8
    assert got[("tencent", "revenue", "marketing_services", "yoy_pct", "2019Q3")] == 14.0


def test_ad_revenue_right_after_the_company_is_the_advertising_line() -> None:
    got = facts(results_zh("本季腾讯广告收入同比增长21%至258亿元。\n"))
    assert got[("tencent", "revenue", "marketing_services", "value", "2019Q3")] == 258e8


def test_ad_revenue_after_a_product_in_its_sentence_stays_held() -> None:
    got = facts(results_zh("本季视频号使用时长增长翻倍,第三季度广告收入同比增长60%。\n"))
    assert not any(k[2] == "marketing_services" for k in got)


def test_ad_revenue_after_a_product_in_an_earlier_clause_stays_held() -> None:
    got = facts(results_zh("第三季度视频号表现亮眼,广告收入同比增长60%。\n"))
    assert not any(k[2] == "marketing_services" for k in got)


def test_a_part_of_advertising_is_not_the_advertising_line() -> None:
    got = facts(results_zh("第三季度媒体广告收入同比下降5%至38亿元。\n"))
    assert not any(k[2] == "marketing_services" for k in got)


def test_ad_revenue_in_the_sentence_after_a_product_stays_held() -> None:
    got = facts(results_zh("第三季度视频号的商业化明显加快。广告收入同比增长60%。\n"))
    assert not any(k[2] == "marketing_services" for k in got)


def test_the_companys_ad_revenue_after_a_product_is_still_the_advertising_line() -> None:
    got = facts(results_zh("第三季度视频号播放量增长50%。本季腾讯广告收入同比增长21%至258亿元。\n"))
    assert got[("tencent", "revenue", "marketing_services", "value", "2019Q3")] == 258e8
