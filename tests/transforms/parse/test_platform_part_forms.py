"""A platform's own e-commerce format does not become the subject; a sentence opening with a part's metric."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_platforms_shelf_format_does_not_take_over_the_next_sentences_subject() -> None:
    text = ("2023Q4快手电商GMV达到3826亿元,泛货架电商GMV占比达到25%。"
            "2023Q4直播业务收入99亿元,同比下滑5.6%。")
    found = keys(run(text, date(2024, 3, 21)))
    assert ("kuaishou", "revenue", "live", "value", "2023Q4", 9.9e9) in found
    assert ("kuaishou", "revenue", "live", "yoy_pct", "2023Q4", -5.6) in found


def test_a_shelf_format_named_as_a_market_is_still_the_market() -> None:
    text = "2023年中国货架电商市场GMV达到10万亿元,同比增长8%。"
    found = keys(run(text, date(2024, 3, 1)))
    assert ("china_comprehensive_ecommerce", "gmv", "total", "yoy_pct", "2023", 8.0) in found


def test_local_services_revenue_of_a_platform_is_a_part_not_its_revenue() -> None:
    text = "2023Q4快手电商GMV达到3826亿元。本地生活收入同比增长40%。"
    assert not [f for f in run(text, date(2024, 3, 21)).facts if f.metric == "revenue"]


def test_a_later_metric_in_a_sentence_opening_with_a_part_is_the_parts() -> None:
    text = "2023Q4快手电商GMV达到3826亿元。本地生活收入同比增长40%,GMV环比增长18%。"
    assert not [f for f in run(text, date(2024, 3, 21)).facts if f.measure == "qoq_pct"]


def test_a_later_metric_after_the_platform_is_named_again_is_the_platforms() -> None:
    text = "2023Q4本地生活收入同比增长40%,快手GMV环比增长18%。"
    assert ("kuaishou", "gmv", "total", "qoq_pct", "2023Q4", 18.0) in keys(run(text, date(2024, 3, 21)))


def test_a_platforms_search_users_are_a_features_not_the_platforms() -> None:
    text = "2023Q4快手MAU达到7.0亿,同比增长4%。快手搜索月活跃用户超4亿。"
    found = keys(run(text, date(2024, 3, 21)))
    assert ("kuaishou", "mau", "total", "value", "2023Q4", 7.0e8) in found
    assert not [k for k in found if k[1] == "mau" and k[5] == 4e8]


def test_a_later_metric_said_of_the_whole_after_a_part_is_the_platforms() -> None:
    text = "2023年第四季度,快手品牌GMV增长30%,总GMV增长14%。"
    assert keys(run(text, date(2024, 3, 21))) == {("kuaishou", "gmv", "total", "yoy_pct", "2023Q4", 14.0)}
    text_en = "In the fourth quarter of 2023, Kuaishou's brand GMV rose 30%, while overall GMV rose 14%."
    assert keys(run(text_en, date(2024, 3, 21))) == {("kuaishou", "gmv", "total", "yoy_pct", "2023Q4", 14.0)}
