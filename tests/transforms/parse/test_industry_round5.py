"""Industry forms read on later unseen pages (other spellings of the live commerce market, market bases): read or held."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts}


def test_livestreamed_e_commerce_names_the_live_commerce_market() -> None:
    result = run("A new study puts the market size of livestreamed e-commerce at 700 billion yuan for 2021.",
                 date(2022, 2, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2021", 700_000_000_000.0, False) in keys(result)


def test_e_commerce_livestreaming_is_expected_to_reach_an_estimate() -> None:
    result = run("Analysts think the market scale of e-commerce livestreaming will reach 3 trillion yuan in 2023.",
                 date(2022, 2, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2023", 3_000_000_000_000.0, True) in keys(result)


def test_livestreamed_games_are_not_the_live_commerce_market() -> None:
    result = run("Revenue from livestreamed games reached 90 billion yuan in 2021.", date(2022, 2, 1))
    assert not [f for f in result.facts if f.entity == "china_live_ecommerce"]


def test_the_live_commerce_markets_growth_is_growth_of_its_size() -> None:
    result = run("The live commerce market recorded 150 percent year-on-year growth in 2020, a consultancy said.",
                 date(2021, 3, 1))
    assert ("china_live_ecommerce", "gmv", "total", "yoy_pct", "2020", 150.0, False) in keys(result)


def test_growth_of_something_in_the_market_is_not_the_markets_growth() -> None:
    result = run("Shoppers in the live commerce market increased 150 percent in 2020.", date(2021, 3, 1))
    assert not [f for f in result.facts if f.measure == "yoy_pct"]


def test_growth_of_the_markets_players_is_not_the_markets_growth() -> None:
    result = run("The live commerce market players grew 40 percent in 2020.", date(2021, 3, 1))
    assert not [f for f in result.facts if f.measure == "yoy_pct"]


def test_the_size_a_market_forecast_starts_from_is_the_markets_past_size() -> None:
    result = run("A consultancy forecast the live commerce market would reach 2.4 trillion yuan this year, "
                 "up from 1.6 trillion yuan in 2020.", date(2021, 9, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2021", 2_400_000_000_000.0, True) in keys(result)
    assert ("china_live_ecommerce", "gmv", "total", "value", "2020", 1_600_000_000_000.0, False) in keys(result)


def test_an_amount_a_platform_climbed_from_is_not_the_markets_size() -> None:
    result = run("The live commerce market hit 2.4 trillion yuan in 2021, while Douyin climbed "
                 "from 800 billion yuan in 2020.", date(2022, 3, 1))
    assert [f.value for f in result.facts] == [2_400_000_000_000.0]


def test_livestream_commerce_names_the_live_commerce_market() -> None:
    result = run("In China, livestream commerce market size climbed fast, reaching US$300 billion by 2020.",
                 date(2023, 5, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2020", 300_000_000_000.0, False) in keys(result)


def test_livestream_commerce_in_another_country_is_not_chinas_market() -> None:
    result = run("The livestream commerce market in the United States reached US$30 billion in 2022.", date(2023, 5, 1))
    assert not result.facts


def test_a_scale_the_market_is_said_to_grow_with_is_its_size() -> None:
    result = run("Live commerce is expected to keep expanding quickly with a scale of about 4 trillion yuan in 2022.",
                 date(2021, 11, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2022", 4_000_000_000_000.0, True) in keys(result)


def test_a_scale_of_a_platform_named_after_the_market_is_not_its_size() -> None:
    result = run("Live commerce kept expanding in 2022, with Kuaishou at a scale of 900 billion yuan.", date(2023, 1, 5))
    assert not [f for f in result.facts if f.entity == "china_live_ecommerce"]


def test_a_user_scale_is_no_market_size() -> None:
    result = run("Live commerce kept expanding in 2022 with a user scale of 500 million.", date(2023, 1, 5))
    assert not result.facts


def test_fmcg_alone_opening_a_sentence_is_the_fmcg_market() -> None:
    result = run("FMCG recorded growth of 2.5 percent in the third quarter of 2023, a panel study found.",
                 date(2023, 11, 20))
    assert ("china_fmcg", "sales", "total", "yoy_pct", "2023Q3", 2.5, False) in keys(result)


def test_fmcg_after_a_channel_word_is_not_the_whole_market() -> None:
    result = run("Offline FMCG recorded growth of 2.5 percent in the third quarter of 2023.", date(2023, 11, 20))
    assert not [f for f in result.facts if f.entity == "china_fmcg"]


def test_fmcg_makers_are_not_the_fmcg_market() -> None:
    result = run("FMCG makers recorded growth of 2.5 percent in the third quarter of 2023.", date(2023, 11, 20))
    assert not [f for f in result.facts if f.entity == "china_fmcg"]
