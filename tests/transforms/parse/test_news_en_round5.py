"""English news forms of results digests: each reading is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_AUG_2020 = date(2020, 8, 14)


def run(text: str, published: date = _AUG_2020) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_figure_named_expected_after_vs_is_the_consensus_not_the_result() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Revenue: 114.9 billion yuan vs 112.7 billion yuan expected.")
    result = run(text)
    assert ("tencent", "revenue", "total", "value", "2020Q2", 114.9e9) in keys(result)
    assert not [f for f in result.facts if f.value == 112.7e9]


def test_a_figure_after_vs_with_no_expectation_word_is_still_a_second_value() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Revenue: 114.9 billion yuan vs 112.7 billion yuan in the prior quarter.")
    facts = run(text).facts
    assert not [f for f in facts if f.value == 112.7e9]  # the prior quarter's: no quarter of its own is written
    assert all(f.period.label == "2020Q2" for f in facts if f.value == 114.9e9)


def test_three_months_through_to_the_end_of_a_month_is_that_quarter() -> None:
    text = "Tencent's revenue for the three months through to the end of June rose to 114.9 billion yuan."
    assert ("tencent", "revenue", "total", "value", "2020Q2", 114.9e9) in keys(run(text))


def test_three_months_through_to_a_later_date_is_no_quarter_of_this_year() -> None:
    text = "Tencent's revenue for the three months through to the end of the decade rose to 114.9 billion yuan."
    facts = run(text).facts
    assert not [f for f in facts if f.value == 112.7e9]  # the prior quarter's: no quarter of its own is written
    assert all(f.period.label == "2020Q2" for f in facts if f.value == 114.9e9)


_MAR_2021 = date(2021, 3, 26)
_MAR_2022 = date(2022, 3, 24)


def test_a_capital_b_glued_to_an_amount_is_billions() -> None:
    text = "In Q4 2021 Tencent's revenue rose 8% to RMB 144.2B."
    assert ("tencent", "revenue", "total", "value", "2021Q4", 144.2e9) in keys(run(text, _MAR_2022))


def test_a_capital_b_set_apart_from_an_amount_is_no_scale() -> None:
    text = "In Q4 2021 Tencent's revenue rose 8% to RMB 144.2 B."
    assert not [f for f in run(text, _MAR_2022).facts if f.measure == "value"]


def test_the_margin_over_an_expectation_is_not_a_level() -> None:
    text = ("Tencent's revenue for the full year 2020 came to CNY 482.1 billion, topping the market "
            "expectation by roughly CNY 2 billion.")
    result = run(text, _MAR_2021)
    assert ("tencent", "revenue", "total", "value", "2020", 482.1e9) in keys(result)
    assert not [f for f in result.facts if f.value == 2e9]
    assert any(h.reported_text.endswith("CNY 2 billion") and "margin" in h.reason for h in result.held)


def test_a_figure_after_by_with_no_expectation_is_not_taken_for_a_margin() -> None:
    text = "Tencent's revenue for the full year 2020 rose by CNY 105.3 billion to CNY 482.1 billion."
    assert not any("margin" in h.reason for h in run(text, _MAR_2021).held)


def test_the_game_business_of_a_year_before_2021_is_the_online_games_line() -> None:
    text = "In 2020, Tencent said the games business revenue rose 36% to CNY 156.1 billion."
    found = keys(run(text, _MAR_2021))
    assert ("tencent", "revenue", "online_games", "value", "2020", 156.1e9) in found
    assert ("tencent", "revenue", "online_games", "yoy_pct", "2020", 36.0) in found


def test_the_mobile_game_business_is_a_part_of_the_games_line() -> None:
    text = "In 2020, Tencent said the mobile games business revenue rose 36% to CNY 120.3 billion."
    assert not run(text, _MAR_2021).facts


def test_the_game_business_after_2020_names_no_reported_line() -> None:
    text = "In 2022, Tencent said the games business revenue fell 4% to CNY 170.7 billion."
    assert not run(text, date(2023, 3, 23)).facts
