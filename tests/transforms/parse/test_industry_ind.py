"""Industry forms of issue 11: half-year codes with a four-digit year, activities named for a market."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts}


def test_a_half_code_with_a_four_digit_year_is_the_half() -> None:
    result = run("Livestream sales of FMCG rose 18% in 1H2023 and 12% in 2H 2023, a research firm said.",
                 date(2024, 3, 1))
    assert ("china_live_ecommerce", "sales", "fmcg", "yoy_pct", "2023H1", 18.0, False) in keys(result)
    assert ("china_live_ecommerce", "sales", "fmcg", "yoy_pct", "2023H2", 12.0, False) in keys(result)


def test_a_half_code_glued_to_other_letters_is_no_period() -> None:
    from transforms.parse.claims import find_periods

    assert not [p for p in find_periods("The AB2H2021 model sold well.", date(2022, 1, 1)) if p.kind == "half"]


def test_an_activity_for_the_market_is_not_the_market() -> None:
    result = run("A consultancy puts short video marketing for the FMCG market at a growth rate of 40% "
                 "(2H 2021 vs 2H 2020).", date(2022, 3, 1))
    assert not [f for f in result.facts if f.entity == "china_fmcg"]
    assert any("for the market, not of the market" in h.reason for h in result.held)


def test_growth_for_the_market_is_the_markets_growth() -> None:
    result = run("Growth for the FMCG market was 2.4% in 2H 2020, the firm said.", date(2021, 4, 1))
    assert ("china_fmcg", "sales", "total", "yoy_pct", "2020H2", 2.4, False) in keys(result)
