"""English results summaries: list layouts, growth nouns and comparison bases, and the near misses to hold."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def got(result: ClaimResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


def held_reasons(result: ClaimResult) -> str:
    return " | ".join(h.reason for h in result.held)


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
