"""Industry forms of issue 11: activities named for a market."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts}


def test_an_activity_for_the_market_is_not_the_market() -> None:
    result = run("A consultancy puts short video marketing for the FMCG market at a growth rate of 40% "
                 "(H2 2021 vs H2 2020).", date(2022, 3, 1))
    assert not [f for f in result.facts if f.entity == "china_fmcg"]
    assert any("for the market, not of the market" in h.reason for h in result.held)


def test_growth_for_the_market_is_the_markets_growth() -> None:
    result = run("Growth for the FMCG market was 2.4% in H2 2020, the firm said.", date(2021, 4, 1))
    assert ("china_fmcg", "sales", "total", "yoy_pct", "2020H2", 2.4, False) in keys(result)
