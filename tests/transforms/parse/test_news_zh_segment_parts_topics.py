"""A segment named with its parts in parentheses (增值业务(网络游戏和社交网络)), and a sentence opening with a segment
as its topic (在增值业务上,): the total-revenue word right after that topic is the segment's, never the company's."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER

_PUBLISHED = date(2019, 3, 22)
_HEAD = "腾讯公布2018年第四季度业绩。\n2018年第四季度腾讯总收入为850.10亿元,同比增长27%。\n"


def results_zh(text: str) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=_PUBLISHED,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document((_HEAD + text).encode("utf-8"), meta))


def facts(result: ParseResult) -> dict[tuple, float]:
    return {(f.segment, f.measure, f.period.label): f.value for f in result.facts if f.metric == "revenue"}


def test_total_revenue_after_a_segment_topic_with_its_parts_is_the_segments() -> None:
    got = facts(results_zh("在增值服务(网络游戏及社交网络)上,第四季度总收入为437.20亿元。\n"))
    assert got[("vas", "value", "2018Q4")] == 437.20e8
    assert got[("total", "value", "2018Q4")] == 850.10e8


def test_a_segment_topic_without_parts_gives_its_total_revenue_too() -> None:
    got = facts(results_zh("在网络广告业务方面,第四季度总收入为171.10亿元。\n"))
    assert got[("marketing_services", "value", "2018Q4")] == 171.10e8


def test_a_parts_list_after_a_segment_is_no_subject_of_its_own() -> None:
    got = facts(results_zh("增值服务(网络游戏、社交网络)第四季度收入为437.20亿元。\n"))
    assert got[("vas", "value", "2018Q4")] == 437.20e8


def test_the_company_named_before_total_revenue_keeps_it_the_companys() -> None:
    got = facts(results_zh("在增值服务上表现稳健,腾讯总收入为437.20亿元。\n"))
    assert ("vas", "value", "2018Q4") not in got
    assert 437.20e8 not in got.values()


def test_an_exclusion_in_parentheses_is_no_parts_list() -> None:
    got = facts(results_zh("增值服务(不含网络游戏)第四季度收入为195.30亿元。\n"))
    assert 195.30e8 not in got.values()


def test_total_revenue_without_a_segment_topic_stays_the_companys_total() -> None:
    got = facts(results_zh("增值服务增长稳健,第四季度总收入为437.20亿元。\n"))
    assert ("vas", "value", "2018Q4") not in got
