"""Market levels: a market that grew or doubled to a size, and a size "by the end of" a year not over yet."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def sizes(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.period.label, f.value, f.is_estimate) for f in result.facts if f.measure == "value"}


def test_a_market_that_grew_to_an_amount_has_that_size() -> None:
    text = "In 2021, China's livestream e-commerce market rose to 2.3 trillion yuan, the consultancy said."
    assert sizes(run(text, date(2022, 3, 10))) == {("china_live_ecommerce", "gmv", "2021", 2.3e12, False)}


def test_a_market_that_doubled_from_a_year_to_an_amount_takes_the_later_period() -> None:
    text = "The live commerce market in China doubled from 2021 to 1.6 trillion yuan by the end of 2022."
    assert sizes(run(text, date(2023, 2, 1))) == {("china_live_ecommerce", "gmv", "2022", 1.6e12, False)}


def test_a_size_by_the_end_of_a_year_not_over_is_a_forecast() -> None:
    text = "The live commerce market in China doubled from 2021 to 1.6 trillion yuan by the end of 2022."
    assert sizes(run(text, date(2022, 11, 20))) == {("china_live_ecommerce", "gmv", "2022", 1.6e12, True)}


def test_a_size_by_the_end_of_a_year_already_over_is_no_forecast() -> None:
    text = "China's live commerce market grew to 1.6 trillion yuan by the end of 2022."
    assert sizes(run(text, date(2023, 1, 15))) == {("china_live_ecommerce", "gmv", "2022", 1.6e12, False)}


def test_what_a_part_of_the_market_grew_to_is_not_the_market_size() -> None:
    text = "In 2021, the live commerce market's biggest seller grew to 90 billion yuan."
    assert not [f for f in run(text, date(2022, 3, 10)).facts if f.value == 9e10]


def test_growing_by_an_amount_is_not_growing_to_a_size() -> None:
    text = "In 2021, China's live commerce market grew by 400 billion yuan."
    assert not sizes(run(text, date(2022, 3, 10)))


def test_a_market_that_grew_to_a_number_of_users_has_no_size() -> None:
    text = "In 2021, China's live commerce market grew to 600 million users."
    assert not [f for f in run(text, date(2022, 3, 10)).facts if f.metric == "gmv"]
