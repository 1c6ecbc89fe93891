"""English results stories on cluttered pages: each reading is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_AUG_2019 = date(2019, 8, 16)

# A quote page's ticker strip above the story: index names, levels and daily changes on lines of their own.
_TICKERS = ("Markets closed\n- ASX 200\n6,512.40\n+31.20 (+0.48%)\n- Hang Seng\n25,495.46\n-58.61 (-0.23%)\n"
            "- NZD/USD\n0.6431\n+0.0012 (+0.19%)\n")


def run(text: str, published: date = _AUG_2019) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_story_below_a_ticker_strip_reports_the_quarter_its_opening_names() -> None:
    text = (_TICKERS + "Tencent Q2 Earnings Top Estimates, Sales Climb\n"
            "Tencent reported second-quarter 2019 non-GAAP earnings that beat forecasts.\n"
            "Revenues of RMB88.8 billion rose 20.6% from the year-ago quarter.\n"
            "Growth had been slower in the first quarter.")
    got = keys(run(text))
    assert ("tencent", "revenue", "total", "value", "2019Q2", 88.8e9) in got
    assert ("tencent", "revenue", "total", "yoy_pct", "2019Q2", 20.6) in got


def test_a_story_below_a_ticker_strip_that_reports_no_quarter_dates_nothing() -> None:
    text = (_TICKERS + "Tencent Shares Climb, Games Lead the Way\n"
            "Tencent said second-quarter 2019 non-GAAP margins would narrow, as they did in the first quarter.\n"
            "Revenues of RMB88.8 billion rose 20.6% from a year earlier.")
    assert not run(text).facts


def test_a_quarter_reported_long_after_its_results_window_dates_nothing() -> None:
    text = (_TICKERS + "Tencent Q2 Earnings Top Estimates, Sales Climb\n"
            "Tencent reported second-quarter 2019 non-GAAP earnings that beat forecasts.\n"
            "Revenues of RMB88.8 billion rose 20.6% from the year-ago quarter.\n"
            "Growth had been slower in the first quarter.")
    assert not run(text, date(2020, 3, 20)).facts


def test_a_top_line_heading_inside_the_story_keeps_the_quarter() -> None:
    text = (_TICKERS + "Tencent Q2 Earnings Top Estimates, Sales Climb\n"
            "Tencent reported second-quarter 2019 non-GAAP earnings that beat forecasts.\n"
            "The stock ended the day at $41.80, after a weak first quarter.\n"
            "Top-Line Details\n"
            "Online games revenues increased 8% to RMB27.3 billion.")
    assert ("tencent", "revenue", "online_games", "value", "2019Q2", 27.3e9) in keys(run(text))


def test_a_heading_on_another_topic_inside_the_story_ends_the_quarter() -> None:
    text = (_TICKERS + "Tencent Q2 Earnings Top Estimates, Sales Climb\n"
            "Tencent reported second-quarter 2019 non-GAAP earnings that beat forecasts.\n"
            "The stock ended the day at $41.80, after a weak first quarter.\n"
            "Year-to-date Performance\n"
            "Online games revenues increased 8% to RMB27.3 billion.")
    assert not [f for f in run(text).facts if f.value == 27.3e9]


def test_an_overview_of_results_heading_keeps_the_quarter_the_opening_names() -> None:
    text = ("Tencent Holdings recently reported its second-quarter earnings, beating forecasts.\n"
            "Tencent, the gaming and internet group, announced its second-quarter results on Wednesday.\n"
            "Overview of results\n"
            "Online advertising revenue grew by 13% year-on-year.")
    got = keys(run(text, date(2020, 8, 13)))
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2020Q2", 13.0) in got


def test_an_overview_of_the_industry_heading_ends_the_quarter() -> None:
    text = ("Tencent Holdings recently reported its second-quarter earnings, beating forecasts.\n"
            "Tencent, the gaming and internet group, announced its second-quarter results on Wednesday.\n"
            "Overview of the industry\n"
            "Online advertising revenue grew by 13% year-on-year.")
    assert not run(text, date(2020, 8, 13)).facts


_AUG_2022 = date(2022, 8, 18)


def test_a_falling_verb_governs_both_figures_of_a_y_y_and_q_q_pair() -> None:
    text = "In the second quarter of 2022, Tencent's domestic game revenue slipped 3% y/y and 6% q/q on weak spending."
    got = keys(run(text, _AUG_2022))
    assert ("tencent", "revenue", "domestic_games", "yoy_pct", "2022Q2", -3.0) in got
    assert ("tencent", "revenue", "domestic_games", "qoq_pct", "2022Q2", -6.0) in got


def test_a_q_q_figure_is_never_read_as_growth_on_a_year() -> None:
    text = "In the second quarter of 2022, Tencent's domestic game revenue slipped 6% q/q on weak spending."
    got = keys(run(text, _AUG_2022))
    assert ("tencent", "revenue", "domestic_games", "qoq_pct", "2022Q2", -6.0) in got
    assert not [f for f in run(text, _AUG_2022).facts if f.measure == "yoy_pct"]


def test_a_q_q_figure_with_a_rising_verb_of_its_own_keeps_its_sign() -> None:
    text = "In the second quarter of 2022, Tencent's domestic game revenue slipped 3% y/y but rose 6% q/q."
    got = keys(run(text, _AUG_2022))
    assert ("tencent", "revenue", "domestic_games", "qoq_pct", "2022Q2", 6.0) in got
    assert ("tencent", "revenue", "domestic_games", "qoq_pct", "2022Q2", -6.0) not in got


def test_a_q_q_figure_written_first_keeps_its_own_cue() -> None:
    text = "In the second quarter of 2022, Tencent's revenue rose 2% q-o-q and 5% y-o-y."
    got = keys(run(text, _AUG_2022))
    assert ("tencent", "revenue", "total", "qoq_pct", "2022Q2", 2.0) in got
    assert ("tencent", "revenue", "total", "yoy_pct", "2022Q2", 5.0) in got


_MAR_2021 = date(2021, 3, 25)


def test_a_segment_line_named_as_the_companys_business_owns_what_it_contributed() -> None:
    text = ("Value-added services stayed Tencent's biggest business in 2020, contributing CNY 264.2 billion in "
            "revenue and accounting for 55% of the total.")
    got = keys(run(text, _MAR_2021))
    assert ("tencent", "revenue", "vas", "value", "2020", 264.2e9) in got
    assert ("tencent", "revenue", "vas", "share_pct", "2020", 55.0) in got
    assert not [f for f in run(text, _MAR_2021).facts if f.segment == "total"]


def test_a_business_the_lexicon_does_not_know_gives_its_figure_to_no_one() -> None:
    text = "In 2020, mini games, Tencent's fastest-growing business, generated CNY 15.1 billion in revenue."
    assert not [f for f in run(text, _MAR_2021).facts if f.value == 15.1e9]


def test_the_companys_own_revenue_after_a_business_clause_stays_the_total() -> None:
    text = "In 2020, online games remained Tencent's largest business, while Tencent's total revenue reached CNY 482.1 billion."
    got = keys(run(text, _MAR_2021))
    assert ("tencent", "revenue", "total", "value", "2020", 482.1e9) in got
    assert not [f for f in run(text, _MAR_2021).facts if f.segment == "online_games"]


def test_the_company_as_the_subject_of_its_business_keeps_the_total() -> None:
    text = "In 2020, Tencent's business generated CNY 482.1 billion in revenue."
    assert ("tencent", "revenue", "total", "value", "2020", 482.1e9) in keys(run(text, _MAR_2021))


_AUG_2020 = date(2020, 8, 13)


def test_an_aside_listing_what_the_segment_includes_names_no_other_subject() -> None:
    text = ("In the second quarter of 2020, Tencent's online gaming (including both console and smartphone games) "
            "revenue climbed 40% year-on-year.")
    assert ("tencent", "revenue", "online_games", "yoy_pct", "2020Q2", 40.0) in keys(run(text, _AUG_2020))


def test_an_aside_singling_out_a_part_still_names_another_subject() -> None:
    text = ("In the second quarter of 2020, Tencent's online gaming revenue (smartphone games above all) "
            "climbed 40% year-on-year.")
    assert not run(text, _AUG_2020).facts


def test_online_gaming_names_the_games_line_only_with_its_revenue() -> None:
    text = "In the second quarter of 2020, time spent on Tencent's online gaming climbed 40% year-on-year."
    assert not [f for f in run(text, _AUG_2020).facts if f.segment == "online_games"]


def test_thats_a_rise_is_the_growth_of_the_figure_the_sentence_before_stated() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Revenue: 115.2 billion yuan vs 113.0 billion yuan expected. That's a 27% year-on-year rise.")
    got = keys(run(text, _AUG_2020))
    assert ("tencent", "revenue", "total", "value", "2020Q2", 115.2e9) in got
    assert ("tencent", "revenue", "total", "yoy_pct", "2020Q2", 27.0) in got


def test_thats_a_rise_after_a_profit_with_no_basis_is_held_like_the_profit() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Profit attributable to equity holders: 33.4 billion yuan vs 27.9 billion yuan expected. "
            "That's a 35% year-on-year rise.")
    assert not [f for f in run(text, _AUG_2020).facts if f.value == 35.0]


def test_thats_a_discount_is_no_growth() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Revenue: 115.2 billion yuan vs 113.0 billion yuan expected. That's a 27% discount to its peers.")
    assert not [f for f in run(text, _AUG_2020).facts if f.value == 27.0]
