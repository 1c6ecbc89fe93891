"""Industry forms: market scale, online retail spending, physical goods' sales, a share's whole before growth."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract
from transforms.parse.nbs import read_statements


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts}


def nbs_keys(text: str, published: date) -> set[tuple]:
    facts, _ = read_statements(text, published, None)
    return {(f.entity, f.measure, f.period.label, f.value, f.qualifier) for f in facts}


def test_overall_scale_of_a_market_this_year_is_its_gmv_and_the_dollar_aside_is_held() -> None:
    result = run("A consultancy expects that the overall scale of this year's livestreaming e-commerce will reach "
                 "RMB 2.4 trillion yuan (USD $340 billion), it said on Monday.", date(2022, 9, 5))
    assert ("china_live_ecommerce", "gmv", "value", "2022", 2.4e12, True) in keys(result)
    assert not [f for f in result.facts if f.unit != "CNY"]
    assert any(h.reason.startswith("currency translation") and "340" in h.reported_text for h in result.held)


def test_overall_scale_of_a_markets_users_is_not_its_gmv() -> None:
    result = run("In 2021, the overall scale of livestreaming e-commerce users climbed to 520 million.", date(2022, 2, 1))
    assert not [f for f in result.facts if f.metric == "gmv"]


def test_yuan_after_a_scaled_amount_still_marks_the_bracketed_dollars_as_a_translation() -> None:
    result = run("Livestreaming e-commerce GMV rose to RMB 3.1 trillion yuan (USD $450 billion) in 2022.",
                 date(2023, 4, 1))
    assert {f.value for f in result.facts if f.measure == "value"} == {3.1e12}


def test_online_retail_spending_is_the_online_retail_series() -> None:
    text = "Back in 2017, China's online retail spending topped RMB 7 trillion, the ministry said."
    assert ("china_online_retail", "sales", "value", "2017", 7e12, False) in keys(run(text, date(2018, 3, 1)))
    assert ("china_online_retail", "value", "2017", 7e12, "gt") in nbs_keys(text, date(2018, 3, 1))


def test_online_retail_spending_on_a_category_or_by_a_group_is_not_the_series() -> None:
    on_shoes = "In 2017, China's online retail spending on footwear jumped 14% to RMB 300 billion."
    assert not [f for f in run(on_shoes, date(2018, 3, 1)).facts if f.entity == "china_online_retail"]
    assert not nbs_keys(on_shoes, date(2018, 3, 1))
    by_villagers = "Online retail spending by villagers came to RMB 1.2 trillion in 2017."
    assert not nbs_keys(by_villagers, date(2018, 3, 1))


GOODS = ("Online retail sales for the nation came to 5.9 trillion yuan in the first half of 2022. Physical goods' "
         "online retail sales amounted to 5.0 trillion yuan, accounting for 22.4% of the total retail sales of "
         "social consumer goods, reflecting a year-on-year increase of 5.6%.")


def test_physical_goods_online_retail_sales_with_a_share_then_growth() -> None:
    facts = keys(run(GOODS, date(2022, 7, 20)))
    assert ("china_online_retail_goods", "sales", "value", "2022H1", 5.0e12, False) in facts
    assert ("china_online_retail_goods", "sales", "share_pct", "2022H1", 22.4, False) in facts
    assert ("china_online_retail_goods", "sales", "yoy_pct", "2022H1", 5.6, False) in facts
    nbs = nbs_keys(GOODS, date(2022, 7, 20))
    assert ("china_online_retail_goods", "value", "2022H1", 5.0e12, "eq") in nbs
    assert ("china_online_retail", "value", "2022H1", 5.0e12, "eq") not in nbs


def test_growth_of_the_whole_in_a_relative_clause_is_not_the_subjects() -> None:
    text = ("In the first half of 2022, online retail sales of physical goods amounted to 5.0 trillion yuan, "
            "accounting for 22.4% of the total retail sales of consumer goods, which shrank 0.7% year on year.")
    result = run(text, date(2022, 7, 20))
    assert not [f for f in result.facts if f.measure == "yoy_pct"]
    assert ("china_online_retail_goods", "sales", "share_pct", "2022H1", 22.4, False) in keys(result)


def test_printed_tolerance_skips_a_number_too_long_to_be_read() -> None:
    from transforms.normalise.numbers import printed_tolerance

    assert printed_tolerance("9" * 400 + " or 5.2 trillion yuan", 5.2e12) == 0.5e11
