"""English news forms behind missed figures: each reading is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_NOV_2020 = date(2020, 11, 13)


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_yearless_quarter_of_the_same_quarter_keeps_the_text_to_one_period() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Its games did well in Q3, the company said.\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert ("tencent", "revenue", "online_games", "value", "2020Q3", 41.4e9) in keys(run(text, _NOV_2020))


def test_a_yearless_other_quarter_leaves_the_text_without_one_period() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Its games were also strong in Q2, the company said.\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert not [f for f in run(text, _NOV_2020).facts if f.value == 41.4e9]


def test_a_sign_up_box_opens_no_section() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Stay Informed\n"
            "Sign Up Today\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert ("tencent", "revenue", "online_games", "value", "2020Q3", 41.4e9) in keys(run(text, _NOV_2020))


def test_a_section_heading_still_opens_a_section() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Games and beyond\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert not [f for f in run(text, _NOV_2020).facts if f.value == 41.4e9]


def test_smartphone_revenue_is_a_part_not_the_total() -> None:
    text = "In Q3 2020, Tencent's smartphone revenue came in at ¥39 billion."
    assert not [f for f in run(text, _NOV_2020).facts if f.metric == "revenue" and f.segment == "total"]
    whole = "In Q3 2020, Tencent's revenue came in at ¥125 billion."
    assert ("tencent", "revenue", "total", "value", "2020Q3", 125e9) in keys(run(whole, _NOV_2020))


_MAR_2022 = date(2022, 3, 24)


def test_a_month_on_month_change_is_no_year_on_year_growth() -> None:
    text = "In Q4 2021 Tencent's revenue was 144.2 billion yuan, up 8% year-on-year and 1% month on month."
    got = run(text, _MAR_2022).facts
    assert ("tencent", "revenue", "total", "yoy_pct", "2021Q4", 8.0) in keys(run(text, _MAR_2022))
    assert not [f for f in got if f.value == 1.0]
    quarterly = "In Q4 2021 Tencent's revenue was 144.2 billion yuan, up 8% year-on-year and 1% quarter-on-quarter."
    assert ("tencent", "revenue", "total", "qoq_pct", "2021Q4", 1.0) in keys(run(quarterly, _MAR_2022))


def test_the_revenue_after_a_sentence_on_a_segment_is_held() -> None:
    text = ("Tencent's revenue was 560.1 billion yuan in 2021. The social network business grew on live streaming and "
            "music. During 2021 the revenue rose 8% year-on-year to 117.3 billion yuan.")
    got = keys(run(text, _MAR_2022))
    assert ("tencent", "revenue", "total", "value", "2021", 560.1e9) in got
    assert not [k for k in got if k[-1] in (117.3e9, 8.0)]


def test_the_revenue_after_a_sentence_on_the_whole_company_is_read() -> None:
    text = ("Tencent published its results for 2021 on Wednesday. In 2021, the revenue increased by 16% "
            "year-on-year to 560.1 billion yuan.")
    assert ("tencent", "revenue", "total", "value", "2021", 560.1e9) in keys(run(text, _MAR_2022))


def test_annual_revenue_with_no_year_written_is_the_last_year_ended() -> None:
    text = ("Tencent's value-added services annual revenue came to 291.6 billion yuan, a year-on-year "
            "increase of 10%.")
    got = keys(run(text, _MAR_2022))
    assert ("tencent", "revenue", "vas", "value", "2021", 291.6e9) in got
    assert ("tencent", "revenue", "vas", "yoy_pct", "2021", 10.0) in got


def test_an_annual_report_gives_no_year_to_its_figures() -> None:
    text = "In its annual report, Tencent said value-added services revenue came to 291.6 billion yuan."
    assert not run(text, _MAR_2022).facts
    plain = "Tencent's value-added services revenue came to 291.6 billion yuan, up 10% year-on-year."
    assert not run(plain, _MAR_2022).facts


def test_a_compound_annual_growth_rate_is_no_annual_figure() -> None:
    text = "Tencent's revenue posted a compound annual growth rate of 20% as it reached 560.1 billion yuan."
    assert not run(text, _MAR_2022).facts


def test_a_span_of_years_pairs_in_order_with_as_many_figures() -> None:
    text = "Our forecasts of Tencent's revenue for 2024-2026 are 651.2 billion RMB, 700.4 billion RMB and 748 billion RMB."
    got = {(f.period.label, f.value, f.is_estimate) for f in run(text, date(2024, 11, 20)).facts}
    assert got == {("2024", 651.2e9, True), ("2025", 700.4e9, True), ("2026", 748e9, True)}


def test_a_span_of_years_with_another_count_of_figures_pairs_nothing() -> None:
    text = "Our forecasts of Tencent's revenue for 2024-2027 are 651.2 billion RMB, 700.4 billion RMB and 748 billion RMB."
    assert not run(text, date(2024, 11, 20)).facts


_AUG_2022 = date(2022, 8, 18)


def test_segments_listed_pair_respectively_with_groups_of_figures() -> None:
    text = ("Over Q2 2022 Tencent saw domestic and international games revenue declining 2.3 per cent to "
            "CNY28.4 billion and 0.6 per cent to CNY12.9 billion, respectively.")
    got = keys(run(text, _AUG_2022))
    assert {("tencent", "revenue", "domestic_games", "yoy_pct", "2022Q2", -2.3),
            ("tencent", "revenue", "domestic_games", "value", "2022Q2", 28.4e9),
            ("tencent", "revenue", "international_games", "yoy_pct", "2022Q2", -0.6),
            ("tencent", "revenue", "international_games", "value", "2022Q2", 12.9e9)} <= got
    named = ("In Q2 2022, Tencent's social networks and marketing services revenue grew 5% and 10% year-on-year, "
             "respectively.")
    got = keys(run(named, _AUG_2022))
    assert ("tencent", "revenue", "social_networks", "yoy_pct", "2022Q2", 5.0) in got
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2022Q2", 10.0) in got


def test_a_respectively_list_with_another_count_of_figures_pairs_nothing() -> None:
    text = ("Over Q2 2022 Tencent saw domestic and international games revenue declining 2.3 per cent, "
            "0.6 per cent and 2 per cent, respectively.")
    assert not run(text, _AUG_2022).facts
    mixed = ("Over Q2 2022 Tencent saw domestic and international games revenue declining 2.3 per cent to "
             "CNY28.4 billion and CNY12.9 billion, respectively.")
    assert not run(mixed, _AUG_2022).facts


_NOV_2024 = date(2024, 11, 14)


def test_two_digit_fiscal_years_date_a_margin_moving_from_one_to_the_other() -> None:
    text = "Tencent's gross margin should widen from 48.1% in FY23A to 53.2% in FY24E."
    got = {(f.period.label, f.value, f.is_estimate) for f in run(text, _NOV_2024).facts}
    assert got == {("2023", 48.1, False), ("2024", 53.2, True)}


def test_a_year_written_as_estimated_marks_its_figure_an_estimate() -> None:
    text = "Tencent's revenue for FY24E stands at RMB 655.9 billion."
    [f] = run(text, _NOV_2024).facts
    assert (f.period.label, f.is_estimate) == ("2024", True)
    listed = "Tencent's revenue: - 2023: RMB 609 billion - 2024E: RMB 655.9 billion"
    got = {(f.period.label, f.is_estimate) for f in run(listed, _NOV_2024).facts}
    assert got == {("2023", False), ("2024", True)}


def test_a_margin_moving_to_a_level_in_a_later_year_keeps_the_start_apart() -> None:
    text = "Tencent's gross margin should widen from 48.1% in FY23A to 53.2%."
    got = {(f.period.label, f.value) for f in run(text, _NOV_2024).facts}
    assert ("2023", 48.1) in got and not [p for p, v in got if v == 53.2]


def test_a_company_word_after_the_entity_is_no_unknown_owner() -> None:
    text = "Analysts forecast that Tencent Group's revenue will grow by 10% year-on-year in Q1 2025."
    [f] = run(text, date(2025, 5, 12)).facts
    assert (f.entity, f.metric, f.measure, f.period.label, f.value, f.is_estimate) == \
        ("tencent", "revenue", "yoy_pct", "2025Q1", 10.0, True)
    other = "Analysts forecast that Meituan Group's revenue will grow by 10% year-on-year in Q1 2025."
    assert not run(other, date(2025, 5, 12)).facts


def test_ebit_growth_is_no_revenue_growth() -> None:
    text = "Tencent's revenue grew 10% year-on-year in Q1 2025, with group EBIT increasing by 16% year-on-year."
    got = keys(run(text, date(2025, 5, 15)))
    assert ("tencent", "revenue", "total", "yoy_pct", "2025Q1", 10.0) in got
    assert not [k for k in got if k[-1] == 16.0]


def test_growth_written_as_tripling_is_a_multiple() -> None:
    text = "WeChat Channels kept growing fast, with its GMV nearly tripling in 2023."
    facts = run(text, date(2024, 3, 1)).facts
    got = {(f.entity, f.metric, f.measure, f.period.label, f.value, f.qualifier) for f in facts}
    assert got == {("wechat_channels", "gmv", "yoy_pct", "2023", 200.0, "approx")}


def test_doubling_down_is_no_growth() -> None:
    text = "WeChat Channels is doubling down on its GMV push in 2023."
    assert not run(text, date(2024, 3, 1)).facts


def test_an_app_named_before_its_product_is_not_carried_as_the_subject() -> None:
    text = ("Tencent's marketing services revenue rose 17% in Q3 2024. Demand was strong for video account ads and "
            "WeChat search ads. Our revenue estimates over 2024-2026 stand at 651.2 billion RMB, 700.4 billion RMB and "
            "748 billion RMB.")
    got = {(f.entity, f.period.label, f.value) for f in run(text, _NOV_2024).facts if f.segment == "total"}
    assert got == {("tencent", "2024", 651.2e9), ("tencent", "2025", 700.4e9), ("tencent", "2026", 748e9)}


def test_an_app_that_is_the_subject_is_carried() -> None:
    text = ("Tencent's marketing services revenue rose 17% in Q3 2024. WeChat kept gaining users. "
            "Our revenue estimates over 2024-2026 stand at 651.2 billion RMB, 700.4 billion RMB and 748 billion RMB.")
    assert not [f for f in run(text, _NOV_2024).facts if f.segment == "total"]


def test_a_revenue_line_that_opens_its_clause_is_its_own_subject() -> None:
    text = ("Tencent reports on May 14, and analysts expect Q1 2025 game revenue to grow by 15%, "
            "advertising revenue to grow by 18%.")
    got = {(f.segment, f.measure, f.value, f.is_estimate) for f in run(text, date(2025, 5, 12)).facts}
    assert ("marketing_services", "yoy_pct", 18.0, True) in got


def test_a_part_right_before_the_revenue_line_still_holds_it() -> None:
    text = "Tencent's mini game advertising revenue grew by 18% in Q1 2025."
    assert not run(text, date(2025, 5, 15)).facts
