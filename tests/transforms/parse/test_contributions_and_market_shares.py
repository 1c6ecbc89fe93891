"""A part's contribution to an unnamed whole and a company's share of a market are neither growth nor revenue shares."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract


def facts(text: str, published: date) -> set[tuple[str, str, str, float]]:
    got = extract(text, ClaimContext(published=published))
    return {(f.segment, f.measure, f.period.label, f.value) for f in got.facts}


def test_a_contribution_after_a_growth_clause_is_not_a_growth() -> None:
    text = "2023年第三季度,腾讯游戏收入增长加速,海外游戏收入贡献30%。"
    assert not facts(text, date(2023, 11, 20))


def test_a_growth_of_the_same_line_still_prints() -> None:
    text = "2023年第三季度,腾讯海外游戏收入同比增长30%。"
    assert ("international_games", "yoy_pct", "2023Q3", 30) in facts(text, date(2023, 11, 20))


def test_a_company_share_of_a_market_is_not_a_share_of_its_revenue() -> None:
    assert not facts("2019年第四季度,腾讯网络游戏收入市占率达50%。", date(2020, 3, 20))


def test_a_line_share_of_the_company_revenue_still_prints() -> None:
    got = facts("2019年第四季度,腾讯网络游戏收入占比达50%。", date(2020, 3, 20))
    assert ("online_games", "share_pct", "2019Q4", 50) in got


def test_a_channel_share_of_a_market_stays_a_share() -> None:
    got = extract("2023年第三季度,电商已占中国快速消费品市场份额的28%。",
                  ClaimContext(published=date(2023, 11, 20)))
    assert [(f.entity, f.measure, f.value) for f in got.facts] == [("china_ecommerce", "share_pct", 28)]
