"""English news and broker summaries of results: the forms they write figures in, and the near misses to hold."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract, title_entity


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def got(result: ClaimResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


def held_reasons(result: ClaimResult) -> str:
    return " | ".join(h.reason for h in result.held)


def test_a_net_margin_with_its_basis_is_profit_for_the_period() -> None:
    result = run("Tencent's results for Q4 2023 beat forecasts. The Non-IFRS operating margin was 31.7%, with a "
                 "Non-IFRS net profit margin of 27.5%.", date(2024, 3, 21))
    assert got(result)[("tencent", "profit_for_period", "total", "non_ifrs", "margin_pct", "2023Q4")] == 27.5


def test_a_net_margin_without_a_basis_is_held() -> None:
    result = run("Tencent's net profit margin in the fourth quarter of 2023 was 27.5%.", date(2024, 3, 21))
    assert not any(f.metric == "profit_for_period" for f in result.facts)
    assert "basis" in held_reasons(result)


def test_a_section_label_of_a_summary_names_no_subject() -> None:
    text = ("Tencent's third quarter of 2024 went well [1]. - Profitability Metrics: The gross margin held at 53%, "
            "helped by high-margin lines [2].")
    assert got(run(text, date(2024, 11, 20)))[("tencent", "gross_profit", "total", "na", "margin_pct", "2024Q3")] == 53


def test_a_label_the_item_repeats_names_its_subject() -> None:
    text = ("Tencent's fourth quarter of 2023 beat estimates [1]. - Advertising: The advertising business rose by "
            "21% year-on-year [2].")
    assert got(run(text, date(2024, 3, 21)))[("tencent", "revenue", "marketing_services", "na", "yoy_pct",
                                              "2023Q4")] == 21


def test_an_unknown_item_label_still_holds_its_figures() -> None:
    text = ("Tencent's fourth quarter of 2023 beat estimates [1]. - Gaming Business: Revenue was down 2% "
            "year-on-year [2].")
    result = run(text, date(2024, 3, 21))
    assert not any(f.measure == "yoy_pct" and f.value == -2 for f in result.facts)
    assert "Gaming Business" in held_reasons(result)


def test_an_entity_named_as_a_cause_is_not_the_subject_carried_on() -> None:
    text = ("Tencent beat revenue forecasts in the fourth quarter of 2022, helped by ads on its video accounts.\n"
            "Overall revenue came in at 144.95 billion yuan, up 1%.")
    assert got(run(text, date(2023, 3, 23)))[("tencent", "revenue", "total", "na", "value", "2022Q4")] == 144.95e9


def test_the_platform_the_sentence_speaks_of_is_still_carried() -> None:
    text = ("Tencent said video accounts did well in the fourth quarter of 2022.\n"
            "Video accounts' overall revenue came in at 144.95 billion yuan.")
    result = run(text, date(2023, 3, 23))
    assert not any(f.metric == "revenue" and f.value == 144.95e9 for f in result.facts)


def test_translated_game_segment_names() -> None:
    text = ("Tencent's Q3 2023 results were solid. Abroad, gaming revenue in the international market was up 14% at "
            "13.3 billion yuan. In Q3 the local market game revenue was up 5% at 32.7 billion yuan.")
    facts = got(run(text, date(2023, 11, 16)))
    assert facts[("tencent", "revenue", "international_games", "na", "yoy_pct", "2023Q3")] == 14
    assert facts[("tencent", "revenue", "international_games", "na", "value", "2023Q3")] == 13.3e9
    assert facts[("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2023Q3")] == 5
    assert facts[("tencent", "revenue", "domestic_games", "na", "value", "2023Q3")] == 32.7e9


def test_growth_at_constant_currency_is_not_the_reported_growth() -> None:
    text = ("Tencent's Q3 2023 results were solid. Abroad, gaming revenue in the international market was up 14% at "
            "13.3 billion yuan, up 7% when excluding the effect of exchange rates.")
    result = run(text, date(2023, 11, 16))
    assert got(result)[("tencent", "revenue", "international_games", "na", "yoy_pct", "2023Q3")] == 14
    assert "another basis" in held_reasons(result)


def test_a_quarter_named_by_its_last_month_takes_its_year_from_the_publication_date() -> None:
    text = "Tencent's total revenue for the quarter ended Dec. 31 was 144.95 billion yuan."
    assert got(run(text, date(2023, 3, 23)))[("tencent", "revenue", "total", "na", "value", "2022Q4")] == 144.95e9
    text = "Tencent booked revenue of 114.88 billion yuan for the three months through June."
    assert got(run(text, date(2020, 8, 13)))[("tencent", "revenue", "total", "na", "value", "2020Q2")] == 114.88e9


def test_a_period_ending_in_a_month_that_ends_no_quarter_is_no_quarter() -> None:
    text = "Tencent's total revenue for the quarter ended May 31 was 144.95 billion yuan."
    result = run(text, date(2023, 6, 23))
    assert not any(f.period.type == "quarter" for f in result.facts)


def test_a_launch_date_neither_breaks_the_documents_one_quarter_nor_lends_its_year() -> None:
    text = ("Tencent's results for the fourth quarter came in ahead of forecasts.\n"
            "Its online advertising revenue grew by 15% to 24.7 billion yuan, growing for the first time since the "
            "second quarter of 2021.")
    facts = got(run(text, date(2023, 3, 23)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2022Q4")] == 15
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2022Q4")] == 24.7e9


def test_two_quarters_named_leave_a_paragraph_without_its_own_period_undated() -> None:
    text = ("Tencent's results for the fourth quarter came in ahead of forecasts.\n"
            "Its online advertising revenue grew by 15% to 24.7 billion yuan. It had been falling in the second "
            "quarter of 2021.")
    result = run(text, date(2023, 3, 23))
    assert not any(f.segment == "marketing_services" for f in result.facts)


def test_this_quarter_is_the_one_quarter_the_text_reports_on() -> None:
    text = ("Tencent's results for the second quarter of this year came out on Wednesday.\n"
            "Overseas games kept adding to growth. Tencent's advertising revenue this quarter increased by 34% "
            "year-on-year to 25 billion yuan.")
    facts = got(run(text, date(2023, 8, 17)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2023Q2")] == 34
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2023Q2")] == 25e9


def test_this_season_takes_the_quarter_named_before_it_in_the_paragraph() -> None:
    text = ("Tencent posted revenue of 167.2 billion yuan in 2024Q3. Its advertising revenue reached 30 billion yuan "
            "this season, and we look for more in Q4 and next year.")
    facts = got(run(text, date(2024, 11, 14)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2024Q3")] == 30e9


def test_this_quarter_in_a_forecast_or_beside_two_quarters_is_no_period() -> None:
    text = ("Tencent's results for the second quarter of this year came out on Wednesday.\n"
            "Tencent expects advertising revenue to grow 20% this quarter.")
    assert not run(text, date(2023, 8, 17)).facts
    text = ("Tencent's second quarter of this year was better than its first quarter.\n"
            "Tencent's advertising revenue this quarter increased by 34% year-on-year.")
    result = run(text, date(2023, 8, 17))
    assert not any(f.segment == "marketing_services" for f in result.facts)


def test_a_share_of_games_revenue_written_after_the_figure_is_held() -> None:
    text = ("In the second quarter of 2023 Tencent's overseas games revenue rose 19% to 12.7 billion yuan, "
            "a share of nearly 30% of the total game revenue.")
    result = run(text, date(2023, 8, 17))
    assert not any(f.measure == "share_pct" for f in result.facts)
    assert "share of a part" in held_reasons(result)
    assert got(result)[("tencent", "revenue", "international_games", "na", "yoy_pct", "2023Q2")] == 19


def test_a_metric_after_with_belongs_to_the_sentences_subject() -> None:
    text = ("Tencent reported results for the fourth quarter of 2024.\n"
            "Tencent's advertising business expanded fast, with revenue rising 20% to 35 billion yuan.\n"
            "The real economy kept growing, with revenue increasing by 15% to 48.64 billion yuan.")
    result = run(text, date(2025, 3, 20))
    facts = got(result)
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2024Q4")] == 20
    assert not any(f.value in (15, 48.64e9) for f in result.facts)
    assert "sentence's subject" in held_reasons(result)


def test_revenue_after_with_beside_a_profit_line_stays_revenue() -> None:
    text = "In the fourth quarter of 2024 Tencent's gross profit grew 17%, with revenue rising 11%."
    facts = got(run(text, date(2025, 3, 20)))
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2024Q4")] == 11


def test_slash_aligned_lists_pair_each_label_with_its_figures() -> None:
    text = ("Tencent's revenue in 2024Q3 was 167.2 billion yuan. Its lines of social network/fintech and corporate "
            "services/advertising brought in RMB 30.9/53.1/30 billion in the quarter, up 4%/2%/17% year over year.")
    facts = got(run(text, date(2024, 11, 14)))
    assert facts[("tencent", "revenue", "social_networks", "na", "value", "2024Q3")] == 30.9e9
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "value", "2024Q3")] == 53.1e9
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2024Q3")] == 30e9
    assert facts[("tencent", "revenue", "social_networks", "na", "yoy_pct", "2024Q3")] == 4
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2024Q3")] == 2
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2024Q3")] == 17


def test_a_slash_list_item_with_an_unknown_label_is_held_and_the_others_kept() -> None:
    text = ("Tencent's revenue in 2024Q3 was 167.2 billion yuan. Its lines of gaming/social network brought in "
            "RMB 51.8/30.9 billion in the quarter, up 13%/4% year over year.")
    result = run(text, date(2024, 11, 14))
    assert not any(f.value in (51.8e9, 13) for f in result.facts)
    assert got(result)[("tencent", "revenue", "social_networks", "na", "yoy_pct", "2024Q3")] == 4
    assert "label names no known subject (gaming)" in held_reasons(result)


def test_slash_lists_whose_lengths_differ_or_that_name_platforms_are_held() -> None:
    text = ("Tencent's revenue in 2024Q3 was 167.2 billion yuan. Its lines of social network/advertising brought "
            "in RMB 30.9/53.1/30 billion in the quarter.")
    result = run(text, date(2024, 11, 14))
    assert not any(f.segment != "total" for f in result.facts)
    assert "do not pair up" in held_reasons(result)
    text = "In 2023 the GMV of Douyin/Kuaishou grew 20%/15% year on year."
    assert not run(text, date(2024, 3, 1)).facts


def test_a_figure_said_of_all_the_segments_listed_is_each_ones() -> None:
    text = ("In the second quarter of 2020 Tencent's social networks, online games and fintech and business services "
            "revenues all grew by nearly 30per cent.")
    result = run(text, date(2020, 8, 13))
    facts = got(result)
    assert facts[("tencent", "revenue", "online_games", "na", "yoy_pct", "2020Q2")] == 30
    assert facts[("tencent", "revenue", "social_networks", "na", "yoy_pct", "2020Q2")] == 30
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2020Q2")] == 30
    assert all(f.qualifier == "approx" for f in result.facts)


def test_only_the_segments_of_the_list_take_its_figure() -> None:
    text = ("In the second quarter of 2020 Tencent's social networks revenue was flat while fintech and business "
            "services and online games revenues both grew by 30 per cent.")
    result = run(text, date(2020, 8, 13))
    assert not any(f.segment == "social_networks" for f in result.facts)
    assert got(result)[("tencent", "revenue", "online_games", "na", "yoy_pct", "2020Q2")] == 30


def test_a_quarter_and_full_year_sentence_is_the_quarters_when_the_full_year_follows() -> None:
    text = ("Tencent published its fourth quarter and full year of 2024 figures, showing revenue of 172.5 billion "
            "yuan, up 11% year on year. For the full year, revenue rose 8% to 660.3 billion yuan.")
    facts = got(run(text, date(2025, 3, 20)))
    assert facts[("tencent", "revenue", "total", "na", "value", "2024Q4")] == 172.5e9
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2024Q4")] == 11
    assert facts[("tencent", "revenue", "total", "na", "value", "2024")] == 660.3e9


def test_a_quarter_and_full_year_sentence_alone_is_held() -> None:
    text = ("Tencent published its fourth quarter and full year of 2024 figures, showing revenue of 172.5 billion "
            "yuan, up 11% year on year. Net profit rose as well.")
    result = run(text, date(2025, 3, 20))
    assert not result.facts
    assert "quarter and the full year" in held_reasons(result)


def test_a_yi_amount_written_as_billions_yields_to_the_same_figure_stated_rightly() -> None:
    text = ("Tencent's Q4 2023 revenue came to 155.196 billion RMB, up 7% [1]. - Overall: total revenue of "
            "1551.96 billion RMB in Q4 2023 [2].")
    result = run(text, date(2024, 3, 23))
    assert got(result)[("tencent", "revenue", "total", "na", "value", "2023Q4")] == 155.196e9
    assert "written as billions" in held_reasons(result)


def test_two_short_amounts_ten_times_apart_are_a_conflict_not_a_slip() -> None:
    text = ("Tencent's revenue for Q4 2023 was 30 billion RMB, up 7% [1]. - Overall: total revenue of "
            "3 billion RMB in Q4 2023 [2].")
    result = run(text, date(2024, 3, 23))
    assert not any(f.measure == "value" for f in result.facts)
    assert "two different values" in held_reasons(result)


def test_a_figure_made_through_a_platform_is_the_platforms_when_the_subject_cannot_carry_it() -> None:
    text = ("Tencent was expected to reach 100 billion yuan in e-commerce GMV, the value of goods sold, "
            "through WeChat Channels last year.")
    result = run(text, date(2024, 1, 12))
    assert got(result)[("wechat_channels", "gmv", "total", "na", "value", "2023")] == 100e9
    assert all(f.is_estimate for f in result.facts)


def test_a_figure_made_through_a_platform_that_cannot_carry_it_either_is_held() -> None:
    text = "Tencent sold goods worth 100 billion yuan in e-commerce GMV through QQ last year."
    result = run(text, date(2024, 1, 12))
    assert not result.facts
    assert "carries no gmv" in held_reasons(result)


def test_a_label_only_part_of_a_word_of_the_item_still_holds_it() -> None:
    text = ("Tencent's fourth quarter of 2023 beat estimates [1]. - Ad: The advertising business rose by 21% "
            "year-on-year [2].")
    result = run(text, date(2024, 3, 21))
    assert not any(f.value == 21 for f in result.facts)
    assert "headed by a subject" in held_reasons(result)


def test_soared_and_advanced_are_growth_words() -> None:
    text = ("In the third quarter of 2025 Tencent's international games revenue soared 40 percent to CNY20 billion, "
            "and its domestic games revenue advanced 12 percent.")
    facts = got(run(text, date(2025, 11, 14)))
    assert facts[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q3")] == 40
    assert facts[("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2025Q3")] == 12


def test_a_percentage_after_soared_without_a_subject_is_still_held() -> None:
    result = run("In the third quarter of 2025 the shares soared 40 percent.", date(2025, 11, 14))
    assert not result.facts


def test_respectively_inside_an_aside_without_figures_pairs_nothing() -> None:
    text = ("Combined monthly active users of WeChat and Weixin – the names used abroad and at home, respectively – "
            "stood at 1.4 billion at the end of September 2025.")
    facts = got(run(text, date(2025, 11, 14)))
    assert facts[("weixin", "mau", "total", "na", "value", "2025Q3")] == 1.4e9


def test_respectively_outside_an_aside_still_holds_the_figures() -> None:
    text = ("Monthly active users of WeChat and QQ stood at 1.4 billion and 0.5 billion, respectively, at the end of "
            "September 2025.")
    result = run(text, date(2025, 11, 14))
    assert not [f for f in result.facts if f.metric == "mau"]
    assert "respectively" in held_reasons(result)


def test_bullets_on_their_own_lines_under_a_heading_keep_the_one_quarter_of_the_text() -> None:
    text = ("Tencent had a good Q3 with games and ads both strong.\n"
            "Earnings Review: The Numbers\n"
            "-\n"
            "Gross Profit: RMB 100.5 billion (+20% YoY).\n"
            "-\n"
            "Gross Margin: 55.1%.\n")
    facts = got(run(text, date(2025, 11, 20)))
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2025Q3")] == 100.5e9
    assert facts[("tencent", "gross_profit", "total", "na", "margin_pct", "2025Q3")] == 55.1


def test_prose_under_a_heading_without_a_period_is_not_dated_by_the_text() -> None:
    text = ("Tencent had a good Q3 with games and ads both strong.\n"
            "WHAT IT MEANS\n"
            "Gross profit rose 20% year on year.\n")
    result = run(text, date(2025, 11, 20))
    assert not [f for f in result.facts if f.metric == "gross_profit"]
    assert "no period" in held_reasons(result)


def test_a_heading_without_a_period_in_a_text_of_two_periods_dates_nothing() -> None:
    text = ("Tencent had a good Q3, and its full year 2024 was strong as well.\n"
            "Earnings Review: The Numbers\n"
            "-\n"
            "Gross Profit: RMB 100.5 billion (+20% YoY).\n")
    result = run(text, date(2025, 11, 20))
    assert not [f for f in result.facts if f.metric == "gross_profit"]
    assert "no period" in held_reasons(result)


def test_a_heading_that_looks_ahead_does_not_take_the_period_of_the_text() -> None:
    text = ("Tencent had a good Q3 with games and ads both strong.\n"
            "-\n"
            "Gross Profit: RMB 100.5 billion (+20% YoY).\n"
            "Outlook:\n"
            "-\n"
            "Gross Profit: RMB 110 billion (+18% YoY).\n")
    result = run(text, date(2025, 11, 20))
    assert [f.value for f in result.facts if f.metric == "gross_profit" and f.measure == "value"] == [100.5e9]


def test_a_qoq_cue_right_before_a_signed_figure_is_its_own() -> None:
    text = "Tencent's Q2 2024 gross profit was 80.1 billion yuan (yoy +20.5%, qoq +2.2%), above forecasts."
    facts = got(run(text, date(2024, 8, 20)))
    assert facts[("tencent", "gross_profit", "total", "na", "qoq_pct", "2024Q2")] == 2.2
    assert facts[("tencent", "gross_profit", "total", "na", "yoy_pct", "2024Q2")] == 20.5


def test_a_qoq_cue_far_from_a_figure_gives_it_no_measure() -> None:
    text = "Tencent's Q2 2024 gross profit was 80.1 billion yuan (qoq not given, a miss of 0.4%)."
    result = run(text, date(2024, 8, 20))
    assert not [f for f in result.facts if f.value == 0.4]


def test_a_base_three_months_earlier_is_the_previous_quarter() -> None:
    text = ("Monthly active users of WeChat reached 1.41 billion by the end of June 2025, up from 1.40 billion three "
            "months earlier.")
    facts = got(run(text, date(2025, 8, 14)))
    assert facts[("weixin", "mau", "total", "na", "value", "2025Q1")] == 1.40e9


def test_a_base_six_months_earlier_is_not_read() -> None:
    text = ("Monthly active users of WeChat reached 1.41 billion by the end of June 2025, up from 1.40 billion six "
            "months earlier.")
    result = run(text, date(2025, 8, 14))
    assert [f.value for f in result.facts if f.metric == "mau"] == [1.41e9]
    assert "comparison base" in held_reasons(result)


def test_a_growth_noun_names_its_own_metric_after_another_measure() -> None:
    text = "Tencent reported a 30 per cent jump in net profit on a 25 per cent rise in revenue for the second quarter of 2019."
    facts = got(run(text, date(2019, 8, 15)))
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2019Q2")] == 25
    assert not [k for k, v in facts.items() if v == 30]


def test_a_growth_noun_before_a_metric_that_is_not_its_own_keeps_the_hold() -> None:
    text = ("Tencent reported a 30 per cent jump in net profit on a 25 per cent rise in the value of its stakes, not "
            "its revenue, for the second quarter of 2019.")
    result = run(text, date(2019, 8, 15))
    assert not result.facts
    assert "another measure" in held_reasons(result)


def test_operating_income_with_its_basis_is_operating_profit() -> None:
    text = "Tencent's Q3 2025 Operating Income (Non-IFRS): RMB 70.1 billion (+17% YoY)."
    facts = got(run(text, date(2025, 11, 20)))
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2025Q3")] == 70.1e9


def test_operating_income_without_a_basis_is_held() -> None:
    result = run("Tencent's operating income in Q3 2025 was RMB 70.1 billion.", date(2025, 11, 20))
    assert not result.facts
    assert "basis" in held_reasons(result)


def test_a_segment_that_opens_its_clause_is_a_revenue_line() -> None:
    text = ("Tencent's Q3 2025 in short. International games grew a rapid +40% on new titles. "
            "Marketing Services (Ads): Up +20% YoY. FinTech & Business Services: Up +9% YoY.")
    facts = got(run(text, date(2025, 11, 20)))
    assert facts[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q3")] == 40
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q3")] == 20
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2025Q3")] == 9


def test_a_segment_inside_its_clause_is_not_the_subject_of_the_figure() -> None:
    text = "Tencent's Q3 2025 in short. Search ads within marketing services grew +60% on new formats."
    result = run(text, date(2025, 11, 20))
    assert not result.facts
    assert "no metric" in held_reasons(result)


def test_each_figure_in_parentheses_after_a_segment_is_that_segment_s() -> None:
    text = ("Tencent's Q2 2025 revenue breakdown: Gaming (60.1 billion RMB), Social Networks (32.2 billion RMB), "
            "FinTech and Business Services (55.4 billion RMB).")
    result = run(text, date(2025, 8, 20))
    facts = got(result)
    assert facts[("tencent", "revenue", "social_networks", "na", "value", "2025Q2")] == 32.2e9
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "value", "2025Q2")] == 55.4e9
    assert not [f for f in result.facts if f.value == 60.1e9]


def test_a_figure_in_parentheses_after_an_unknown_label_is_held() -> None:
    text = "Tencent's Q2 2025 revenue breakdown: Social Networks and Cloud (32.2 billion RMB)."
    result = run(text, date(2025, 8, 20))
    assert not result.facts


def test_a_quarter_code_without_a_year_takes_the_year_of_publication() -> None:
    text = "Analysts cut Tencent's 3Q revenue growth estimate to 7.5% from 9% on weaker ads."
    result = run(text, date(2024, 10, 9))
    estimates = [f for f in result.facts if f.is_estimate]
    assert [(f.period.label, f.value) for f in estimates] == [("2024Q3", 7.5)]
    assert not [f for f in result.facts if not f.is_estimate]


def test_a_quarter_code_inside_a_word_names_no_quarter() -> None:
    result = run("Tencent's 3QX revenue grew 7.5% year on year.", date(2024, 10, 9))
    assert not result.facts


def test_wechat_mini_stores_are_the_channels_shop() -> None:
    text = "WeChat Mini Stores posted 150% year-on-year GMV growth in 2024."
    facts = got(run(text, date(2025, 3, 1)))
    assert facts[("wechat_channels", "gmv", "total", "na", "yoy_pct", "2024")] == 150


def test_an_estimated_level_of_a_year_already_over_is_approximate() -> None:
    text = "By the end of 2024, WeChat Mini Stores reached an estimated 150 billion yuan in GMV."
    result = run(text, date(2025, 3, 1))
    [fact] = [f for f in result.facts if f.measure == "value"]
    assert (fact.value, fact.qualifier, fact.is_estimate) == (150e9, "approx", False)


def test_an_estimated_level_of_a_year_to_come_stays_a_forecast() -> None:
    text = "By the end of 2026, WeChat Mini Stores will reach an estimated 400 billion yuan in GMV."
    result = run(text, date(2025, 3, 1))
    assert all(f.is_estimate for f in result.facts)


def test_a_figure_in_parentheses_takes_the_period_written_inside_them() -> None:
    text = ("By the end of 2024, WeChat Mini Stores reached 150 billion yuan in GMV (up from the 90 billion yuan "
            "mark in 2023), with orders up sharply.")
    facts = got(run(text, date(2025, 3, 1)))
    assert facts[("wechat_channels", "gmv", "total", "na", "value", "2024")] == 150e9
    assert facts[("wechat_channels", "gmv", "total", "na", "value", "2023")] == 90e9


def test_a_figure_in_parentheses_without_a_period_inside_them_is_not_dated_by_a_later_one() -> None:
    text = ("By the end of 2024, WeChat Mini Stores reached 150 billion yuan in GMV (against a 90 billion yuan mark), "
            "which doubled in 2023.")
    result = run(text, date(2025, 3, 1))
    assert not [f for f in result.facts if f.value == 90e9]


def test_stock_short_names_in_capitals_name_their_company() -> None:
    text = "In Q2 2025, KUAISHOU-WR achieved revenue of CNY 35.1 billion, and TENCENT revenue grew 15% year-over-year."
    facts = got(run(text, date(2025, 8, 30)))
    assert facts[("kuaishou", "revenue", "total", "na", "value", "2025Q2")] == 35.1e9
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q2")] == 15


def test_a_capitalised_name_inside_a_longer_word_names_no_company() -> None:
    result = run("In Q2 2025, KUAISHOUTECH achieved revenue of CNY 35.1 billion.", date(2025, 8, 30))
    assert not result.facts


def test_revenue_of_a_business_the_lexicon_does_not_know_is_held() -> None:
    text = ("In the first quarter of 2025, Kuaishou's revenue rose 11% year-on-year, and revenue from the local "
            "services business doubled year-on-year.")
    result = run(text, date(2025, 6, 1))
    facts = got(result)
    assert facts[("kuaishou", "revenue", "total", "na", "yoy_pct", "2025Q1")] == 11
    assert "business the lexicon does not know" in held_reasons(result)


def test_revenue_of_a_known_segment_business_is_read() -> None:
    text = "In the first quarter of 2025, revenue from Tencent's marketing services business rose 20% year-on-year."
    facts = got(run(text, date(2025, 6, 1)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q1")] == 20


def test_a_year_written_with_e_labels_a_forecast_and_a_plain_year_a_reported_figure() -> None:
    text = "Revenue estimates for Kuaishou are as follows: - 2023: RMB 110.1 billion - 2024E: RMB 125.5 billion."
    result = run(text, date(2024, 7, 15))
    marked = {(f.period.label, f.value, f.is_estimate) for f in result.facts}
    assert marked == {("2023", 110.1e9, False), ("2024", 125.5e9, True)}


def test_a_year_run_into_a_word_is_no_year() -> None:
    result = run("Kuaishou revenue at 2024Ex venues was RMB 1.5 billion.", date(2024, 7, 15))
    assert not result.facts


def test_a_results_heading_keeps_the_texts_one_quarter() -> None:
    text = ("Tencent saw its revenue slip during Q2 as lockdowns hit advertisers.\nResults\n"
            "Revenue fell 3 per cent to CNY134 billion.")
    facts = got(run(text, date(2022, 8, 18)))
    assert facts[("tencent", "revenue", "total", "na", "value", "2022Q2")] == 134e9
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2022Q2")] == -3


def test_a_heading_of_other_words_ends_the_texts_one_quarter() -> None:
    text = ("Tencent saw its revenue slip during Q2 as lockdowns hit advertisers.\nWhat the analysts say\n"
            "Revenue fell 3 per cent to CNY134 billion.")
    result = run(text, date(2022, 8, 18))
    assert not result.facts
    assert "no period" in held_reasons(result)


def test_the_company_a_headline_names_is_the_subject_of_a_body_that_opens_without_it() -> None:
    body = "For the April-June quarter, the Shenzhen-based group posted revenue of 184.5 billion yuan."
    result = extract(body, ClaimContext(published=date(2025, 8, 14), title_entity=title_entity(
        "Tencent tops second-quarter sales estimates on games")))
    assert got(result)[("tencent", "revenue", "total", "na", "value", "2025Q2")] == 184.5e9


def test_a_headline_naming_no_company_or_two_gives_no_subject() -> None:
    assert title_entity("Chinese tech stocks rally as games sales beat estimates") is None
    body = "For the April-June quarter, the Shenzhen-based group posted revenue of 184.5 billion yuan."
    result = extract(body, ClaimContext(published=date(2025, 8, 14), title_entity=None))
    assert not result.facts
    assert "no entity" in held_reasons(result)


def test_a_metric_with_a_region_word_before_it_is_a_part_and_held() -> None:
    text = "In the second quarter of 2025, Tencent's domestic revenue rose 17% to 40.4 billion yuan."
    result = run(text, date(2025, 8, 14))
    assert not any(f.segment == "total" and f.metric == "revenue" for f in result.facts)
    assert "the metric is of a part named right before it (domestic)" in held_reasons(result)


def test_a_known_regional_segment_before_revenue_is_read() -> None:
    text = "In the second quarter of 2025, Tencent's domestic games revenue rose 17% to 40.4 billion yuan."
    facts = got(run(text, date(2025, 8, 14)))
    assert facts[("tencent", "revenue", "domestic_games", "na", "value", "2025Q2")] == 40.4e9


def test_a_figure_between_two_different_quarters_is_held() -> None:
    text = "Tencent's first-quarter revenue dropped 3% to 134 billion yuan in the June quarter."
    result = run(text, date(2022, 8, 18))
    assert not result.facts
    assert "no period" in held_reasons(result)


def test_a_figure_before_another_quarter_in_a_later_clause_keeps_its_own() -> None:
    text = ("In the second quarter of 2023, Tencent's revenue rose 11% to 149.2 billion yuan, lifting growth in the "
            "first half.")
    facts = got(run(text, date(2023, 8, 17)))
    assert facts[("tencent", "revenue", "total", "na", "value", "2023Q2")] == 149.2e9


def test_a_segment_line_after_a_sentence_on_weixin_is_tencents() -> None:
    text = ("In the third quarter of 2025, Tencent grew its AI tools inside Weixin. Revenue from marketing services "
            "rose 21 percent to CNY36.2 billion in the quarter.")
    facts = got(run(text, date(2025, 11, 14)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2025Q3")] == 36.2e9
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q3")] == 21


def test_total_revenue_after_a_sentence_on_weixin_stays_held() -> None:
    text = ("In the third quarter of 2025, Tencent grew its AI tools inside Weixin. Revenue rose 15 percent to "
            "CNY192.9 billion in the quarter.")
    result = run(text, date(2025, 11, 14))
    assert not result.facts
    assert "weixin carries no revenue" in held_reasons(result)


def test_a_quarter_named_inside_a_comparison_base_dates_no_figure() -> None:
    text = ("In the second quarter of 2023, Weixin reached 1.33 billion users. Online advertising revenue went up "
            "34% to RMB25 billion, compared to a low base in the second quarter of 2022.")
    facts = got(run(text, date(2023, 8, 17)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2023Q2")] == 25e9
    assert not any(k[-1] == "2022Q2" for k in facts)


def test_a_base_amount_with_its_own_quarter_keeps_that_quarter() -> None:
    text = ("Tencent's revenue was 20 billion yuan in the third quarter of 2023, compared with 18 billion yuan in the "
            "third quarter of 2022.")
    result = run(text, date(2023, 11, 16))
    assert got(result)[("tencent", "revenue", "total", "na", "value", "2023Q3")] == 20e9
    assert not any(f.value == 18e9 and f.period.label == "2023Q3" for f in result.facts)


def test_a_dollar_amount_before_a_yuan_amount_in_brackets_is_its_translation() -> None:
    text = "In the second quarter of 2023, Tencent's revenue grew to US$20.6 billion (149.2 billion yuan)."
    result = run(text, date(2023, 8, 17))
    assert got(result)[("tencent", "revenue", "total", "na", "value", "2023Q2")] == 149.2e9
    assert "translation of the yuan figure" in held_reasons(result)


def test_a_dollar_amount_before_a_bracketed_aside_without_yuan_is_read() -> None:
    text = "In the second quarter of 2023, Tencent's capex reached US$2.1 billion (a record)."
    facts = got(run(text, date(2023, 8, 17)))
    assert facts[("tencent", "capex", "total", "na", "value", "2023Q2")] == 2.1e9


def test_capex_after_a_sentence_on_qq_is_tencents() -> None:
    text = "In the second quarter of 2022, QQ users fell 3.8% to 568.7 million. Capex declined 57% to CNY3 billion."
    facts = got(run(text, date(2022, 8, 18)))
    assert facts[("tencent", "capex", "total", "na", "value", "2022Q2")] == 3e9
    assert facts[("tencent", "capex", "total", "na", "yoy_pct", "2022Q2")] == -57


def test_the_quarter_whose_results_the_opening_announces_dates_later_paragraphs() -> None:
    text = ("Tencent announced its second-quarter results on Wednesday, after a weak first quarter.\n"
            "Revenue rose 11% to 149.2 billion yuan.")
    facts = got(run(text, date(2023, 8, 17)))
    assert facts[("tencent", "revenue", "total", "na", "value", "2023Q2")] == 149.2e9
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2023Q2")] == 11


def test_a_results_quarter_long_before_publication_dates_nothing() -> None:
    text = ("Tencent announced its second-quarter results last summer, after a weak first quarter.\n"
            "Revenue rose 11% to 149.2 billion yuan.")
    result = run(text, date(2024, 3, 1))
    assert not result.facts
    assert "no period" in held_reasons(result)


def test_a_fourth_quarter_story_that_speaks_of_the_year_dates_nothing() -> None:
    text = ("Tencent reported fourth-quarter earnings on Wednesday, after a weak third quarter.\n"
            "Revenue for the year rose 10% to 609 billion yuan.")
    result = run(text, date(2024, 3, 21))
    assert not result.facts


def test_a_quarter_named_without_a_results_word_dates_no_later_paragraph() -> None:
    text = ("Tencent's games did well during the second quarter, after a weak first quarter.\nAnalysts think so.\n"
            "Revenue rose 11% to 149.2 billion yuan.")
    result = run(text, date(2023, 8, 17))
    assert not result.facts


def test_the_same_year_named_in_an_earlier_clause_and_after_the_figure_dates_it() -> None:
    text = "Tencent released its results for 2021, with annual revenue of 560.1 billion yuan in 2021."
    facts = got(run(text, date(2022, 3, 24)))
    assert facts[("tencent", "revenue", "total", "na", "value", "2021")] == 560.1e9


def test_two_different_years_around_a_figure_in_different_clauses_hold_it() -> None:
    text = "Tencent released its results for 2021, with annual revenue of 560.1 billion yuan in 2020."
    result = run(text, date(2022, 3, 24))
    assert not result.facts
    assert "no period" in held_reasons(result)


def test_growth_of_subscriptions_over_a_whole_year_is_held() -> None:
    text = "In 2023, Tencent's fee-based VAS registered subscriptions grew 5% year-on-year."
    result = run(text, date(2024, 3, 21))
    assert not any(f.metric == "subscriptions" for f in result.facts)
    assert "count at a date" in held_reasons(result)


def test_growth_of_subscriptions_in_a_quarter_is_read() -> None:
    text = "In the fourth quarter of 2023, Tencent's fee-based VAS registered subscriptions grew 5% year-on-year."
    facts = got(run(text, date(2024, 3, 21)))
    assert facts[("tencent", "subscriptions", "vas", "na", "yoy_pct", "2023Q4")] == 5


def test_a_region_word_before_revenue_in_a_sentence_on_games_names_the_games_segment() -> None:
    text = ("In the second quarter of 2025, gaming stayed Tencent's engine. Games led again, with domestic revenue "
            "up 12% to 41.2 billion yuan and international revenue climbing 30% year-on-year to 17.5 billion yuan.")
    facts = got(run(text, date(2025, 8, 14)))
    assert facts[("tencent", "revenue", "domestic_games", "na", "value", "2025Q2")] == 41.2e9
    assert facts[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q2")] == 30
    assert not any(k[2] == "total" for k in facts)


def test_a_region_word_before_revenue_in_a_sentence_on_something_else_is_held() -> None:
    text = ("In the second quarter of 2025, gaming stayed Tencent's engine. Cloud led again, with domestic revenue "
            "rising 17% to 40.4 billion yuan.")
    result = run(text, date(2025, 8, 14))
    assert not any(f.metric == "revenue" for f in result.facts)


def test_a_segments_growth_leading_to_its_level_gives_both() -> None:
    text = "Tencent's revenue fell in the second quarter of 2022. Online advertising decreased 18% to CNY18.6 billion."
    facts = got(run(text, date(2022, 8, 18)))
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2022Q2")] == 18.6e9
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2022Q2")] == -18


def test_a_segment_followed_by_another_metric_and_figure_gives_no_level() -> None:
    text = "Tencent's revenue fell in the second quarter of 2022. Online advertising decreased 18% and CNY5 billion."
    result = run(text, date(2022, 8, 18))
    assert not any(f.value == 5e9 for f in result.facts)


def test_sales_of_a_segment_line_are_its_revenue() -> None:
    text = "In the second quarter of 2022, Tencent's social networks sales were flat at CNY29.2 billion."
    facts = got(run(text, date(2022, 8, 18)))
    assert facts[("tencent", "revenue", "social_networks", "na", "value", "2022Q2")] == 29.2e9


def test_sales_and_marketing_expenses_are_no_revenue() -> None:
    text = "In the second quarter of 2022, Tencent's sales and marketing expenses dropped 21% to CNY7.9 billion."
    result = run(text, date(2022, 8, 18))
    assert not any(f.metric == "revenue" for f in result.facts)


def test_value_added_service_in_the_singular_is_the_vas_segment() -> None:
    text = "In 2021, Tencent's value-added service revenue climbed 10% from a year earlier to 291.6 billion yuan."
    facts = got(run(text, date(2022, 3, 24)))
    assert facts[("tencent", "revenue", "vas", "na", "value", "2021")] == 291.6e9
    assert not any(k[2] == "total" for k in facts)


def test_net_profit_attributable_to_the_parent_company_with_its_basis_is_attributable_profit() -> None:
    text = "For 2021, Tencent's net profit attributable to the parent company (non-IFRS) came to 123.8 billion yuan."
    facts = got(run(text, date(2022, 3, 24)))
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2021")] == 123.8e9


def test_net_profit_attributable_to_the_parent_company_without_a_basis_is_held() -> None:
    text = "For 2021, Tencent's net profit attributable to the parent company came to 123.8 billion yuan."
    result = run(text, date(2022, 3, 24))
    assert not result.facts
    assert "basis" in held_reasons(result)


def test_a_half_code_with_a_two_digit_year_names_the_half() -> None:
    facts = got(run("Tencent's revenue growth in 1H21 was 23%.", date(2022, 3, 24)))
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2021H1")] == 23


def test_a_half_code_beyond_the_twenties_names_no_half() -> None:
    result = run("Tencent's revenue growth in 1H31 was 23%.", date(2022, 3, 24))
    assert not result.facts


def test_profit_attributable_to_equity_holders_of_the_company_is_attributable_profit() -> None:
    text = "On a non-IFRS basis, Tencent's profit attributable to equity holders of the company was RMB 115.2 billion in 2023."
    facts = got(run(text, date(2024, 3, 21)))
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2023")] == 115.2e9


def test_a_wire_dateline_on_the_first_line_is_no_headline() -> None:
    assert title_entity("SHENZHEN, March 20, 2024 /PRNewswire/ -- Tencent Holdings Limited reported results") is None
    assert title_entity("Tencent reports results as games recover") == "tencent"


def test_a_date_opening_the_sentence_does_not_hide_the_subject_before_with() -> None:
    text = ("On Wednesday, Kuaishou put out its figures for the first quarter of 2024, with total revenue of "
            "29.4 billion RMB, up 16.6% from a year earlier.")
    facts = got(run(text, date(2024, 5, 23)))
    assert facts[("kuaishou", "revenue", "total", "na", "value", "2024Q1")] == 29.4e9
    assert facts[("kuaishou", "revenue", "total", "na", "yoy_pct", "2024Q1")] == 16.6


def test_a_date_opening_an_unknown_subject_before_with_still_holds() -> None:
    text = ("Kuaishou put out its figures for the first quarter of 2024.\n"
            "On Wednesday, the real economy kept growing in the first quarter of 2024, with revenue up 15%.")
    result = run(text, date(2024, 5, 23))
    assert not any(f.value == 15 for f in result.facts)
    assert "sentence's subject" in held_reasons(result)
