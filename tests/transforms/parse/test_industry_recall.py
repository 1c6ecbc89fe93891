"""Industry forms read after the unseen rounds (currency codes, list minus signs, headline forecasts): read or held."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date = date(2024, 5, 6)) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts}


def held_reasons(result: ClaimResult) -> str:
    return " | ".join(h.reason for h in result.held)


def test_an_amount_written_with_cny_after_it_is_yuan() -> None:
    result = run("Kuaishou's e-commerce GMV reached 980 billion CNY in 2022, up 32% year on year.", date(2023, 4, 1))
    assert ("kuaishou", "gmv", "total", "value", "2022", 980_000_000_000.0, False) in keys(result)


def test_a_count_without_currency_is_still_no_gmv() -> None:
    result = run("Kuaishou's e-commerce GMV reached 980 billion in 2022.", date(2023, 4, 1))
    assert not [f for f in result.facts if f.measure == "value"]
    assert "a count for metric gmv" in held_reasons(result)


def test_a_minus_sign_after_a_lists_comma_is_a_decline_not_a_range() -> None:
    result = run("Kantar said China's FMCG grew at 1.4% in Q1, 0.9% in Q2, -2.3% in Q3 of 2023.", date(2023, 11, 1))
    assert ("china_fmcg", "sales", "total", "yoy_pct", "2023Q3", -2.3, False) in keys(result)
    assert ("china_fmcg", "sales", "total", "yoy_pct", "2023Q2", 0.9, False) in keys(result)


def test_two_figures_joined_by_a_dash_stay_a_range() -> None:
    result = run("Kantar said China's FMCG grew 1%-3% in the third quarter of 2023.", date(2023, 11, 1))
    assert not [f for f in result.facts if f.period.label == "2023Q3"]
    assert "range" in held_reasons(result)


def test_a_headline_figure_predicted_for_a_year_is_an_estimate() -> None:
    result = run("Kuaishou outlook: 1.3 trillion yuan in GMV predicted for its e-commerce in 2024", date(2024, 1, 3))
    assert ("kuaishou", "gmv", "total", "value", "2024", 1_300_000_000_000.0, True) in keys(result)


def test_a_figure_beating_what_was_predicted_is_not_an_estimate() -> None:
    result = run("Kuaishou's GMV reached 1.18 trillion yuan in 2023, more than predicted for the year.",
                 date(2024, 4, 1))
    assert ("kuaishou", "gmv", "total", "value", "2023", 1_180_000_000_000.0, False) in keys(result)


def test_a_market_in_china_set_to_reach_an_amount_is_its_size() -> None:
    result = run("Analysts say the livestream ecommerce market in mainland China is set to reach 1.2 trillion yuan in 2021.",
                 date(2021, 3, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2021", 1_200_000_000_000.0, True) in keys(result)


def test_a_market_in_another_country_is_not_chinas_size() -> None:
    result = run("The livestream e-commerce market in the United States will reach 50 billion yuan in 2023.",
                 date(2021, 3, 1))
    assert not result.facts


def test_its_size_after_a_sentence_on_the_market_is_the_markets_size() -> None:
    result = run("The livestream e-commerce market began small. Its size was merely 27 billion RMB in 2018.",
                 date(2020, 9, 1))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2018", 27_000_000_000.0, False) in keys(result)


def test_its_size_of_a_platform_is_no_market_size() -> None:
    result = run("Taobao Live began small. Its size was merely 27 billion RMB in 2018.", date(2020, 9, 1))
    assert not result.facts


def test_a_past_level_a_firm_estimated_is_reported_not_forecast() -> None:
    result = run("For 2020, Deloitte estimated that the livestream e-commerce sector in China was valued at around "
                 "1.05 trillion yuan.", date(2021, 2, 4))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2020", 1_050_000_000_000.0, False) in keys(result)


def test_a_firm_estimating_a_year_not_yet_over_is_a_forecast() -> None:
    result = run("Deloitte estimated that the livestream e-commerce sector in China would be worth around "
                 "1.05 trillion yuan in 2021.", date(2021, 2, 4))
    assert ("china_live_ecommerce", "gmv", "total", "value", "2021", 1_050_000_000_000.0, True) in keys(result)


def test_kuaishous_advertising_revenue_is_its_marketing_services_line() -> None:
    result = run("Kuaishou's advertising revenue grew 21.5% YoY in Q3 2024, contributing 55.1% of total revenue.",
                 date(2024, 12, 1))
    assert ("kuaishou", "revenue", "marketing_services", "yoy_pct", "2024Q3", 21.5, False) in keys(result)
    assert ("kuaishou", "revenue", "marketing_services", "share_pct", "2024Q3", 55.1, False) in keys(result)


def test_a_share_of_kuaishous_revenue_with_no_line_named_is_held() -> None:
    result = run("Kuaishou's e-commerce business contributed 17.3% of total revenue in Q3 2024.", date(2024, 12, 1))
    assert not [f for f in result.facts if f.measure == "share_pct"]


def test_another_platforms_advertising_revenue_is_not_kuaishous_line() -> None:
    result = run("Douyin's advertising revenue grew 21.5% in Q3 2024.", date(2024, 12, 1))
    assert not result.facts


def test_daily_users_dated_by_a_year_are_the_years_average() -> None:
    result = run("WeChat Channels had 450 million daily active users in 2022, a 52% increase over the previous year.",
                 date(2023, 2, 1))
    assert ("wechat_channels", "dau", "total", "value", "2022", 450_000_000.0, False) in keys(result)
    assert ("wechat_channels", "dau", "total", "yoy_pct", "2022", 52.0, False) in keys(result)


def test_daily_users_at_a_years_end_are_no_years_average() -> None:
    result = run("At the end of 2022, WeChat Channels had 450 million daily active users.", date(2023, 2, 1))
    assert not [f for f in result.facts if f.period.label == "2022"]


def test_monthly_users_dated_by_a_year_stay_held() -> None:
    result = run("WeChat Channels had 800 million monthly active users in 2022.", date(2023, 2, 1))
    assert not result.facts
    assert "count at a date" in held_reasons(result)


def test_online_retail_of_physical_goods_written_with_de_is_the_goods_series() -> None:
    from transforms.parse.nbs import read_statements

    text = "商务部发言人说,2019年全国网上零售额同比增长16.5%。其中,实物商品的网上零售额达到8.52万亿元,增长19.5%。"
    facts, _ = read_statements(text, date(2020, 2, 1), None)
    found = {(f.entity, f.measure, f.period.label, f.value) for f in facts}
    assert ("china_online_retail_goods", "value", "2019", 8_520_000_000_000.0) in found
    assert ("china_online_retail_goods", "yoy_pct", "2019", 19.5) in found
    result = run("2019年,实物商品的网上零售额达到8.52万亿元。", date(2020, 2, 1))
    assert ("china_online_retail_goods", "sales", "total", "value", "2019", 8_520_000_000_000.0, False) in keys(result)


def test_online_retail_within_physical_goods_stays_a_breakdown() -> None:
    from transforms.parse.nbs import read_statements

    text = "2019年,在实物商品的网上零售额中,吃类商品增长30.9%。"
    facts, _ = read_statements(text, date(2020, 2, 1), None)
    assert not facts


def test_an_acronym_ends_a_sentence_before_the_next_one() -> None:
    from transforms.parse.claims import sentences

    text = "Brokers put its 2022 figure near 900 billion GMV. Kuaishou targets 1.2 trillion yuan in 2023."
    assert [s.strip() for _, s in sentences(text)] == ["Brokers put its 2022 figure near 900 billion GMV.",
                                                       "Kuaishou targets 1.2 trillion yuan in 2023."]
    assert len(sentences("Sales in the U.S. Commerce Department data rose.")) == 1


def test_a_platforms_transaction_volume_is_its_gmv() -> None:
    result = run("Brokers put its 2022 figure near 900 billion GMV. Kuaishou is expected to reach 1.2 trillion yuan "
                 "in transaction volume in 2023.", date(2023, 1, 5))
    assert ("kuaishou", "gmv", "total", "value", "2023", 1_200_000_000_000.0, True) in keys(result)


def test_transaction_volume_of_a_platforms_users_is_no_gmv() -> None:
    result = run("Kuaishou's transaction volume of 120 million buyers grew in 2023.", date(2024, 1, 5))
    assert not result.facts


def test_physical_goods_ratio_to_total_retail_is_its_share() -> None:
    result = run("1-5月份,实物商品网上零售额与社会消费品零售总额的比例为24.1%,比上年同期略有提高。", date(2022, 6, 20))
    assert ("china_online_retail_goods", "sales", "total", "share_pct", "2022-01..2022-05", 24.1, False) in keys(result)


def test_a_ratio_of_all_online_retail_is_held() -> None:
    result = run("1-5月份,全国网上零售额与社会消费品零售总额的比例为27.3%。", date(2022, 6, 20))
    assert not [f for f in result.facts if f.measure == "share_pct"]


def test_what_a_platform_sold_worth_of_goods_is_its_gmv() -> None:
    result = run("Kuaishou has reportedly sold about RMB 1 trillion (US$140 billion) worth of goods via its app in the "
                 "first nine months of 2023, representing a 30% growth year-on-year.", date(2023, 11, 20))
    assert ("kuaishou", "gmv", "total", "value", "2023Q1-Q3", 1_000_000_000_000.0, False) in keys(result)
    assert ("kuaishou", "gmv", "total", "yoy_pct", "2023Q1-Q3", 30.0, False) in keys(result)


def test_goods_sold_by_a_platforms_merchants_are_not_the_platforms_gmv() -> None:
    result = run("On Kuaishou, beauty brands sold RMB 50 billion worth of goods in the first nine months of 2023.",
                 date(2023, 11, 20))
    assert not [f for f in result.facts if f.metric == "gmv"]


def test_representing_after_a_held_figure_takes_no_metric() -> None:
    result = run("Kuaishou's merchants numbered 10 million in 2023, representing a 30% growth year-on-year.",
                 date(2024, 3, 1))
    assert not result.facts


def test_growth_of_a_per_capita_measure_is_not_the_subjects_growth() -> None:
    result = run("WeChat Channels had 420 million daily active users in 2021, a 65% increase over the previous year, "
                 "and per capita viewing time rose above 30 minutes, a 70% increase over 2020.", date(2022, 3, 1))
    assert ("wechat_channels", "dau", "total", "yoy_pct", "2021", 65.0, False) in keys(result)
    assert not [f for f in result.facts if f.value == 70.0]
    assert "per capita" in held_reasons(result)


def test_a_shares_two_ends_each_take_their_own_year() -> None:
    result = run("Kuaishou's live streaming revenue has fallen as a percentage of its total revenue: from 91.2% in 2018 to "
                 "36.5% in 2022.", date(2023, 6, 1))
    assert ("kuaishou", "revenue", "live", "share_pct", "2018", 91.2, False) in keys(result)
    assert ("kuaishou", "revenue", "live", "share_pct", "2022", 36.5, False) in keys(result)


def test_the_end_of_a_change_in_growth_is_no_share() -> None:
    result = run("Kuaishou's live streaming revenue growth slowed from 12.5% in 2021 to 3.1% in 2022.", date(2023, 6, 1))
    assert not [f for f in result.facts if f.measure == "share_pct"]


def test_another_companys_live_streaming_revenue_is_held() -> None:
    result = run("Huya's live streaming revenue fell as a percentage of its total revenue: from 91.2% in 2018 to 86.5% "
                 "in 2022.", date(2023, 6, 1))
    assert not result.facts


def test_an_amount_grown_from_takes_the_year_written_after_it() -> None:
    result = run("Kuaishou's GMV climbed to 381 billion yuan in 2020, jumping from the 88.3 billion yuan it posted in "
                 "all of 2019, the prospectus shows.", date(2021, 2, 4))
    assert ("kuaishou", "gmv", "total", "value", "2019", 88_300_000_000.0, False) in keys(result)
    assert ("kuaishou", "gmv", "total", "value", "2020", 381_000_000_000.0, False) in keys(result)


def test_an_amount_grown_from_over_two_years_is_held() -> None:
    result = run("Kuaishou's GMV climbed to 381 billion yuan in 2020, jumping from the 88.3 billion yuan it posted in "
                 "2018 and 2019 combined.", date(2021, 2, 4))
    assert not [f for f in result.facts if f.value == 88_300_000_000.0]
