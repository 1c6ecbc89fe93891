"""Forms that printed wrong figures on unseen pages: each test pairs the right reading with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def growth(result: ClaimResult, measure: str) -> list[float]:
    return [f.value for f in result.facts if f.measure == measure]


def test_a_change_noun_after_the_figure_is_its_own_direction() -> None:
    text = ("Tencent's non-IFRS operating profit for the third quarter of 2023 was RMB55.5 billion, "
            "a 4% YoY decline and a 12% QoQ increase.")
    got = run(text, date(2023, 11, 15))
    assert growth(got, "qoq_pct") == [12]
    assert growth(got, "yoy_pct") == [-4]


def test_a_direction_word_before_the_figure_still_applies_without_an_own_noun() -> None:
    text = "Tencent's non-IFRS operating profit for the third quarter of 2023 fell 4% YoY and 12% QoQ."
    got = run(text, date(2023, 11, 15))
    assert growth(got, "qoq_pct") == [-12]
    assert growth(got, "yoy_pct") == [-4]


def test_a_quarter_code_with_a_two_digit_year_dates_every_clause_of_its_sentence() -> None:
    text = ("In 2021 Tencent's fintech and business services revenue increased by 34% year-on-year to 172.2 billion yuan. "
            "The revenue of Tencent's 21q4 value-added services increased by 7% year-on-year to 71.9 billion yuan, and the "
            "revenue of fintech and business services increased by 25% year-on-year to 48 billion yuan.")
    got = run(text, date(2022, 3, 24))
    labels = {(f.segment, f.period.label, f.value) for f in got.facts}
    assert ("fintech_business_services", "2021Q4", 25) in labels
    assert ("fintech_business_services", "2021", 25) not in labels


def test_quarter_codes_with_two_digit_years() -> None:
    from transforms.parse.claims import find_periods
    for code in ("21Q4", "21q4", "4Q21", "Q4'21"):
        [m] = find_periods(f"revenue in {code} rose", None)
        assert (m.kind, m.year, m.a) == ("quarter", 2021, 4)
    assert not find_periods("a 21Q4% rise", None)
    assert not find_periods("model X21Q4 shipped", None)


def test_annual_in_the_figures_clause_overrides_a_carried_quarter() -> None:
    text = ("Tencent's domestic games revenue grew 1% year-on-year in the fourth quarter of 2021. "
            "International games stayed strong, and the annual revenue of international games increased by 31% "
            "year-on-year to 45.5 billion yuan.")
    got = {(f.segment, f.measure, f.period.label) for f in run(text, date(2022, 3, 24)).facts}
    assert ("international_games", "value", "2021") in got
    assert not [k for k in got if k[0] == "international_games" and k[2] == "2021Q4"]


def test_without_an_annual_word_the_quarter_is_still_carried() -> None:
    text = ("Tencent's domestic games revenue grew 1% year-on-year in the fourth quarter of 2021. "
            "International games stayed strong, and the revenue of international games increased by 31% "
            "year-on-year to 45.5 billion yuan.")
    got = {(f.segment, f.measure, f.period.label) for f in run(text, date(2022, 3, 24)).facts}
    assert not [k for k in got if k[0] == "international_games" and k[2] == "2021"]


def test_time_spent_by_daily_active_users_is_time_spent_not_users() -> None:
    text = ("Kuaishou said average time spent on the app by daily active users rose 18.1% year over year "
            "to 120.5 minutes per day in Q3 2022.")
    assert not [f for f in run(text, date(2022, 11, 22)).facts if f.metric == "dau"]


def test_daily_active_users_growth_is_still_read() -> None:
    text = "Kuaishou said its daily active users rose 14.1% year over year to 363.2 million in Q3 2022."
    assert [f for f in run(text, date(2022, 11, 22)).facts if f.metric == "dau" and f.measure == "yoy_pct"]


def test_an_internal_goal_is_not_a_reported_figure() -> None:
    text = "Douyin has set the internal goal of reaching e-commerce GMV of RMB 3 trillion in 2025."
    assert not [f for f in run(text, date(2024, 6, 1)).facts if not f.is_estimate]
    reported = "Douyin reached e-commerce GMV of RMB 3 trillion in 2025."
    assert [f for f in run(reported, date(2026, 2, 1)).facts if not f.is_estimate]


def test_beating_expectations_written_short_is_no_forecast() -> None:
    text = "腾讯2025年第二季度净利润同比增长17%超预期，营收增长15%，资本开支大幅增长119%。"
    got = [f for f in run(text, date(2025, 8, 14)).facts if f.metric == "revenue" and f.measure == "yoy_pct"]
    assert got and not got[0].is_estimate


def test_an_expected_growth_is_still_a_forecast() -> None:
    text = "腾讯2025年第二季度净利润预期同比增长17%，营收增长15%。"
    assert all(f.is_estimate for f in run(text, date(2025, 8, 1)).facts)


def test_a_singular_segment_name_before_revenue_is_that_segment() -> None:
    text = ("In the fourth quarter of 2021, Tencent's financial technology and enterprise service revenue was "
            "47.958 billion yuan, a year-on-year increase of 25%.")
    got = run(text, date(2022, 3, 24)).facts
    assert {f.segment for f in got} == {"fintech_business_services"}


def test_growth_after_a_which_expected_aside_is_reported() -> None:
    text = ("In the fourth quarter of 2021, Tencent's revenue was 144.2 billion yuan, which was expected by the "
            "market to be 145.3 billion yuan, a year-on-year increase of 8%.")
    got = [f for f in run(text, date(2022, 3, 24)).facts if f.measure == "yoy_pct"]
    assert got and not got[0].is_estimate
    aside = [f for f in run(text, date(2022, 3, 24)).facts if f.value == 145.3e9]
    assert all(f.is_estimate for f in aside)
    forecast = "In the fourth quarter of 2021, Tencent's revenue is expected to show a year-on-year increase of 8%."
    assert all(f.is_estimate for f in run(forecast, date(2021, 12, 1)).facts)


def test_bare_revenue_after_an_international_games_clause_is_that_segment() -> None:
    text = "腾讯2025年第二季度业绩。国际游戏业务的表现更为强劲，营收大幅增长35%，达到人民币188亿元。"
    got = run(text, date(2025, 8, 14)).facts
    assert got and {f.segment for f in got} == {"international_games"}


def test_an_entity_inside_a_list_of_landing_pages_is_not_carried() -> None:
    text = ("In the third quarter of 2023 Weixin's closed-loop ads, which link to Mini Programs, Channels, "
            "Official Accounts and WeCom, grew. The ad revenue increased over 30% year on year in the quarter.")
    assert not [f for f in run(text, date(2023, 11, 15)).facts if f.entity == "wechat_channels"]


def test_an_entity_closing_its_sentence_alone_is_still_carried() -> None:
    text = ("In the third quarter of 2023 Tencent expanded ads on Channels. "
            "The ad revenue increased over 30% year on year in the quarter.")
    assert [f for f in run(text, date(2023, 11, 15)).facts if f.entity == "wechat_channels"]


def test_a_kind_of_advertising_before_revenues_is_a_part_not_the_total() -> None:
    text = ("Tencent's total revenues were RMB40,000 million in Q3 2016, up 50% YoY. "
            "Search-based advertising revenues rose 70% YoY to RMB2,100 million for Q3 2016.")
    got = run(text, date(2016, 11, 16)).facts
    totals = {(f.measure, f.value) for f in got if f.metric == "revenue" and f.segment == "total"}
    assert totals == {("value", 40_000e6), ("yoy_pct", 50)}


def test_advertising_revenues_with_no_kind_before_them_are_still_read() -> None:
    text = "Tencent's online advertising revenues rose 70% YoY to RMB2,100 million for Q3 2016."
    got = run(text, date(2016, 11, 16)).facts
    assert ("marketing_services", 2_100e6) in {(f.segment, f.value) for f in got}


def test_a_percentage_of_revenue_is_a_fraction_never_a_growth() -> None:
    text = ("Tencent's advertising revenue kept growing in Q3 2016, and about 75% of revenue "
            "came from mobile devices.")
    assert not [f for f in run(text, date(2016, 11, 16)).facts if f.unit == "pct"]


def test_a_growth_of_revenue_stated_with_its_percentage_is_still_read() -> None:
    text = "Tencent's advertising revenue grew about 75% in Q3 2016 from a year earlier."
    got = run(text, date(2016, 11, 16)).facts
    assert [f.value for f in got if f.measure == "yoy_pct"] == [75]
