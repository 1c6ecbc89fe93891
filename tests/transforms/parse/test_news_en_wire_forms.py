"""English wire-story forms: a listing year beside the reported quarter, bare sales of the company, an appositive
after its name, a figure given in two currencies, fiscal quarter codes and numbered headings, a results story that
names no period, records over several years, user counts on an app, revenue from a source, relative periods, other
companies opening a sentence; each reading with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_MAY_2022 = date(2022, 5, 19)


def run(text: str, published: date = _MAY_2022) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_the_year_a_company_went_public_is_no_period_of_its_figures() -> None:
    text = ("Tencent's first-quarter adjusted net profit slid 23 percent to 25.5 billion yuan.\n"
            "Growth was the slowest since the Shenzhen firm went public in 2004.\n"
            "Domestic game revenue dropped 1 percent to 33 billion yuan.")
    got = keys(run(text))
    assert ("tencent", "revenue", "domestic_games", "value", "2022Q1", 33e9) in got
    assert ("tencent", "revenue", "domestic_games", "yoy_pct", "2022Q1", -1.0) in got


def test_a_second_year_that_is_a_figures_period_leaves_the_text_without_one_period() -> None:
    text = ("Tencent's first-quarter adjusted net profit slid 23 percent to 25.5 billion yuan.\n"
            "Its revenue in 2021 rose 16 percent.\n"
            "Domestic game revenue dropped 1 percent to 33 billion yuan.")
    assert not [f for f in run(text).facts if f.value == 33e9]


_AUG_2021 = date(2021, 8, 19)
_MAR_2015 = date(2015, 3, 19)


def test_bare_sales_changing_by_a_percentage_in_a_named_quarter_is_tencents_revenue_growth() -> None:
    text = "Tencent's growth slowed. In the second quarter, sales increased by 20% to 138 billion yuan."
    assert ("tencent", "revenue", "total", "yoy_pct", "2021Q2", 20.0) in keys(run(text, _AUG_2021))


def test_the_sales_of_a_named_product_changing_by_a_percentage_are_not_tencents_revenue() -> None:
    text = "Tencent's growth slowed. In the second quarter, sales increased by 20% to 138 billion yuan, with mobile " \
           "gaming sales increasing by 13%."
    got = run(text, _AUG_2021).facts
    assert not [f for f in got if f.value == 13.0]
    text = "Tencent's growth slowed. In the second quarter, smartphone sales increased by 9%."
    assert not [f for f in run(text, _AUG_2021).facts if f.value == 9.0]


def test_a_profit_on_sales_of_an_amount_gives_the_sales_as_revenue_and_the_change_after_it() -> None:
    text = "For the full year 2014, Tencent reported a profit of 23.8 billion yuan on sales of 78.9 billion yuan, " \
           "up 31 per cent year-on-year."
    got = keys(run(text, _MAR_2015))
    assert ("tencent", "revenue", "total", "value", "2014", 78.9e9) in got
    assert ("tencent", "revenue", "total", "yoy_pct", "2014", 31.0) in got


def test_sales_of_a_named_product_or_a_change_away_from_the_amount_are_not_read_as_revenue() -> None:
    text = "For the full year 2014, Tencent reported a profit of 23.8 billion yuan on game sales of 44.8 billion yuan."
    assert not [f for f in run(text, _MAR_2015).facts if f.value == 44.8e9]
    text = "For the full year 2014, Tencent reported a profit of 23.8 billion yuan on sales of 78.9 billion yuan, " \
           "while its profit was up 54 per cent."
    assert not [f for f in run(text, _MAR_2015).facts if f.value == 54.0 and f.metric == "revenue"]


_AUG_2019 = date(2019, 8, 16)


def test_a_dollar_amount_beside_the_yuan_amount_it_converts_leaves_the_yuan_amount() -> None:
    text = ("Tencent reported second-quarter 2019 results on Thursday. Second-quarter revenues of $12.92 billion "
            "lagged the consensus. Second-quarter revenues of RMB88.82 billion increased 20.6% from a year ago.")
    result = run(text, _AUG_2019)
    revenue = [f for f in result.facts if f.metric == "revenue" and f.measure == "value"]
    assert [(f.unit, f.value) for f in revenue] == [("CNY", 88.82e9)]


def test_a_dollar_amount_no_rate_converts_into_the_yuan_amount_is_a_second_value() -> None:
    text = ("Tencent reported second-quarter 2019 results on Thursday. Second-quarter revenues of $20.5 billion "
            "lagged the consensus. Second-quarter revenues of RMB88.82 billion increased 20.6% from a year ago.")
    result = run(text, _AUG_2019)
    assert not [f for f in result.facts if f.metric == "revenue" and f.measure == "value"]


_AUG_2023 = date(2023, 8, 17)


def test_a_description_of_the_company_after_its_name_names_no_part_of_it() -> None:
    text = ("Tencent Holdings, the owner of China's top messaging app and the largest games business in the world, "
            "has reported a 10% increase in revenue for the second quarter of 2023.")
    assert ("tencent", "revenue", "total", "yoy_pct", "2023Q2", 10.0) in keys(run(text, _AUG_2023))


def test_a_part_named_after_the_description_still_holds_the_figure() -> None:
    text = ("Tencent Holdings, the owner of China's top messaging app, has reported a 10% increase in games revenue "
            "for the second quarter of 2023.")
    assert not [f for f in run(text, _AUG_2023).facts if f.value == 10.0 and f.segment == "total"]
    text = ("Tencent Holdings, whose largest games business is in China, has reported a 10% increase in revenue "
            "for the second quarter of 2023.")
    assert not [f for f in run(text, _AUG_2023).facts if f.value == 10.0]


_NOV_2025 = date(2025, 11, 14)


def test_a_fiscal_year_code_glued_to_its_quarter_names_that_quarter() -> None:
    text = "Tencent's FY25Q3 revenue rose 15% year-on-year to RMB 192.9 billion."
    assert ("tencent", "revenue", "total", "value", "2025Q3", 192.9e9) in keys(run(text, _NOV_2025))
    text = "Tencent's Q3FY25 revenue rose 15% year-on-year to RMB 192.9 billion."
    assert ("tencent", "revenue", "total", "value", "2025Q3", 192.9e9) in keys(run(text, _NOV_2025))


def test_a_fiscal_year_code_without_a_quarter_is_the_year() -> None:
    text = "Tencent's FY25 revenue is forecast to rise 13% to RMB 750 billion."
    assert not [f for f in run(text, _NOV_2025).facts if f.period.label == "2025Q3"]


def test_a_numbered_results_heading_keeps_the_texts_one_quarter() -> None:
    text = ("Notes from Tencent's FY25Q3 earnings call.\n"
            "2. Core Business Highlights:\n"
            "a. Social: the combined MAU of Weixin and WeChat reached 1.41 billion.")
    assert ("weixin", "mau", "total", "value", "2025Q3", 1.41e9) in keys(run(text, _NOV_2025))


def test_a_numbered_heading_of_other_words_opens_a_section_without_the_quarter() -> None:
    text = ("Notes from Tencent's FY25Q3 earnings call.\n"
            "2. Management Targets:\n"
            "a. Social: the combined MAU of Weixin and WeChat reached 1.41 billion.")
    assert not [f for f in run(text, _NOV_2025).facts if f.value == 1.41e9]


_UNDATED = ("The internet company reported a 70% jump in profit on Wednesday, helped by mobile games.\n"
            "Revenue rose 59% from a year earlier to 56.6 billion yuan, its fastest growth since March.")


def test_a_results_story_naming_no_period_is_of_the_quarter_that_ended_weeks_before() -> None:
    got = keys(run(_UNDATED, date(2017, 8, 16)))
    assert ("tencent", "revenue", "total", "value", "2017Q2", 56.6e9) not in got  # names no company
    text = "Tencent " + _UNDATED[4:]
    got = keys(run(text, date(2017, 8, 16)))
    assert ("tencent", "revenue", "total", "value", "2017Q2", 56.6e9) in got


def test_an_undated_results_story_too_soon_after_a_quarter_or_in_the_annual_season_dates_nothing() -> None:
    text = "Tencent " + _UNDATED[4:]
    for published in (date(2017, 7, 20), date(2017, 3, 22), date(2017, 1, 20)):
        assert not [f for f in run(text, published).facts if f.value == 56.6e9], published


def test_an_undated_story_that_names_a_year_or_reports_nothing_dates_nothing() -> None:
    text = "Tencent " + _UNDATED[4:] + "\nFor the full year, profit is expected to rise."
    assert not [f for f in run(text, date(2017, 8, 16)).facts if f.value == 56.6e9]
    text = ("Tencent shares rose 3% on Wednesday, helped by mobile games.\n"
            "Revenue rose 59% from a year earlier to 56.6 billion yuan, its fastest growth since March.")
    assert not [f for f in run(text, date(2017, 8, 16)).facts if f.value == 56.6e9]


def test_an_undated_story_reporting_sales_of_an_event_dates_nothing() -> None:
    text = ("JD.com reported sales of 379.3 billion yuan over its mid-year promotion, helped by subsidies.\n"
            "Douyin's live commerce GMV rose 59% to 56.6 billion yuan.")
    assert not [f for f in run(text, date(2024, 6, 19)).facts if f.value in (379.3e9, 56.6e9)]


def test_growth_called_the_fastest_in_several_years_is_still_year_on_year() -> None:
    text = "Tencent's second-quarter revenue rose 59% from a year earlier, its fastest revenue growth in seven years."
    assert ("tencent", "revenue", "total", "yoy_pct", "2017Q2", 59.0) in keys(run(text, date(2017, 8, 16)))


def test_growth_over_several_years_is_not_year_on_year() -> None:
    text = "Tencent's second-quarter revenue has risen 59% in the past seven years, the fastest of its peers."
    assert not [f for f in run(text, date(2017, 8, 16)).facts if f.value == 59.0]


def test_a_user_count_on_an_app_named_after_it_is_the_apps() -> None:
    text = "Tencent's second-quarter results beat forecasts. The company now has 963 million monthly active users on " \
           "WeChat."
    assert ("weixin", "mau", "total", "value", "2017Q2", 963e6) in keys(run(text, date(2017, 8, 16)))


def test_a_user_count_on_two_apps_named_together_is_held() -> None:
    text = "Tencent's second-quarter results beat forecasts. The company now has 963 million monthly active users on " \
           "WeChat and QQ."
    assert not [f for f in run(text, date(2017, 8, 16)).facts if f.value == 963e6]


def test_revenue_from_a_source_named_after_it_is_not_the_companys_whole() -> None:
    for text in ("Tencent said second-quarter revenues from video advertising grew 70%.",
                 "Tencent said second-quarter revenue from overseas markets rose 70%."):
        assert not [f for f in run(text, date(2017, 8, 17)).facts if f.value == 70.0], text


def test_revenue_from_a_known_segment_or_compared_with_a_year_before_still_reads() -> None:
    text = "Tencent said second-quarter revenue from online advertising grew 70%."
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2017Q2", 70.0) in keys(run(text, date(2017, 8, 17)))
    text = "Tencent's second-quarter revenues grew 70% from a year earlier."
    assert ("tencent", "revenue", "total", "yoy_pct", "2017Q2", 70.0) in keys(run(text, date(2017, 8, 17)))


def test_an_undated_story_of_annual_growth_dates_nothing() -> None:
    text = ("Tencent reported strong earnings on Wednesday, helped by mobile games.\n"
            "Revenue has grown 30% annually to 56.6 billion yuan.")
    assert not [f for f in run(text, date(2017, 8, 16)).facts if f.value in (30.0, 56.6e9)]


def test_revenue_from_an_amount_is_a_base_not_a_source() -> None:
    text = "Tencent lifted second-quarter revenue from RMB 80 billion a year earlier to RMB 100 billion."
    assert ("tencent", "revenue", "total", "value", "2017Q2", 100e9) in keys(run(text, date(2017, 8, 17)))


def test_a_figure_of_a_period_named_relative_to_another_is_not_dated_by_the_texts_quarter() -> None:
    for line in ("Analysts expect revenue to grow 20% next quarter.", "Its revenue rose 20% in the previous quarter.",
                 "Analysts expect revenue to grow 20% in the coming months."):
        text = "Tencent reported second-quarter results on Wednesday.\n" + line
        assert not [f for f in run(text, _AUG_2023).facts if f.value == 20.0], line


def test_a_base_of_the_previous_quarter_leaves_the_figure_of_the_texts_quarter() -> None:
    text = ("Tencent reported second-quarter results on Wednesday.\n"
            "Weixin's monthly active users rose to 1.34 billion, up from 1.32 billion in the previous quarter.")
    assert ("weixin", "mau", "total", "value", "2023Q2", 1.34e9) in keys(run(text, _AUG_2023))


def test_a_sentence_opened_by_a_company_the_lexicon_does_not_know_gives_tencent_nothing() -> None:
    for line in ("NetEase posted revenue of 24 billion yuan, up 4%.", "Rival JD.com said its revenue rose 4%.",
                 "Meanwhile, Alibaba Group reported revenue of 24 billion yuan."):
        text = "Tencent reported second-quarter results on Wednesday.\n" + line
        assert not [f for f in run(text, _AUG_2023).facts if f.value in (24e9, 4.0)], line


def test_a_sentence_opened_by_the_company_or_its_management_still_reads() -> None:
    for line in ("The company posted revenue of 149 billion yuan, up 11%.",
                 "Management said revenue rose 11% to 149 billion yuan."):
        text = "Tencent reported second-quarter results on Wednesday.\n" + line
        assert ("tencent", "revenue", "total", "yoy_pct", "2023Q2", 11.0) in keys(run(text, _AUG_2023)), line
