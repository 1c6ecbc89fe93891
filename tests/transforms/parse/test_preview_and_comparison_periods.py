"""Periods a figure must not take: previewed quarters, compared figures' periods, quarter counts, the quarter before,
a body's later aside against the title's quarter, segments listed before a group figure, forecast years carried on."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta
from transforms.parse import parse_document
from transforms.parse.claims import ClaimContext, ClaimResult, extract, sentences


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def page(text: str, published: date) -> list[tuple]:
    """The facts of a plain-text page whose first line is its title."""
    meta = DocMeta(url="https://example.test/story", source="inbox", published_at=published,
                   content_type="text/plain; charset=utf-8")
    filler = ("\nAnalysts said the company kept a careful tone on spending during its call with investors, who will "
              "watch how its new products and services develop and whether its heavy spending pays off.")
    result = parse_document((text + filler).encode("utf-8"), meta)
    return [(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts]


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


# ---------------------------------------------------------------- previews


def test_set_to_report_preview_dates_no_figure_with_the_previewed_quarter() -> None:
    text = ("Tencent is scheduled to report its third-quarter 2021 results on Nov 10.\n"
            "In the last reported quarter, the group beat the consensus mark.\n"
            "Revenues of RMB 138.3 billion were up 20% from a year ago.")
    res = run(text, date(2021, 11, 5))
    assert not any(f.period.label == "2021Q3" for f in res.facts)
    assert any(h.reported_text == "RMB 138.3 billion" for h in res.held)


def test_results_story_in_the_same_form_keeps_its_quarter() -> None:
    text = ("Tencent reported its third-quarter 2021 results on Nov 10.\n"
            "Revenues of RMB 142.4 billion were up 13% from a year ago.")
    res = run(text, date(2021, 11, 12))
    assert ("tencent", "revenue", "total", "value", "2021Q3", 142_400_000_000.0) in keys(res)


def test_headline_announcing_results_to_come_dates_no_figure() -> None:
    text = ("Tencent to Report Q3 Earnings: Key Things to Watch\n"
            "Revenues of RMB 138.3 billion were up 20% from a year ago, the company said.")
    assert not any(row[4] == "2021Q3" for row in page(text, date(2021, 11, 5)))


def test_headline_of_reported_earnings_still_dates_the_figures() -> None:
    text = ("Tencent Q3 Earnings Beat Estimates on Ad Strength\n"
            "Revenues of RMB 142.4 billion were up 13% from a year ago, the company said.")
    assert ("tencent", "revenue", "total", "value", "2021Q3", 142_400_000_000.0, False) in page(text, date(2021, 11, 12))


# ---------------------------------------------------------------- quarter counts


def test_quarter_in_a_row_counts_quarters_and_names_no_period() -> None:
    res = run("Tencent's revenue fell for the third quarter in a row, dropping 3% to RMB 134 billion.",
              date(2022, 11, 16))
    assert not any(f.period.label.endswith("Q3") for f in res.facts)


def test_a_named_second_quarter_is_still_read() -> None:
    res = run("Tencent's revenue in the second quarter fell 3% to RMB 134 billion.", date(2022, 8, 17))
    assert ("tencent", "revenue", "total", "value", "2022Q2", 134_000_000_000.0) in keys(res)


# ---------------------------------------------------------------- compared figures and the quarter before


def test_period_after_a_compared_figure_dates_that_figure_only() -> None:
    res = run("Tencent's VAS gross margin slipped to 50.1% vs. 55.2% in 3Q19 on higher content costs.",
              date(2020, 11, 12))
    assert ("tencent", "gross_profit", "vas", "margin_pct", "2019Q3", 55.2) in keys(res)
    assert not any(f.value == 50.1 for f in res.facts)
    assert any(h.reported_text == "50.1%" and h.reason == "no period" for h in res.held)


def test_sentence_goes_on_after_vs() -> None:
    assert len(sentences("Margin was 50.1% vs. 55.2% a year ago. Revenue rose.")) == 2


def test_figure_of_the_quarter_before_is_held() -> None:
    text = "In 2019, Tencent's VAS gross margin was 51.0% in 3Q19 and 52.3% last quarter."
    res = run(text, date(2020, 1, 20))
    assert not any(f.value == 52.3 for f in res.facts)


def test_base_from_the_previous_quarter_is_still_read() -> None:
    res = run("Weixin monthly active users reached 1.327 billion in the second quarter, up from 1.319 billion in the "
              "previous quarter.", date(2023, 8, 18))
    assert ("weixin", "mau", "total", "value", "2023Q1", 1_319_000_000.0) in keys(res)


def test_time_after_versus_is_a_comparison_not_the_figures_year() -> None:
    res = run("In the second quarter, Tencent's capex was RMB 19.1B (up 119% YoY but moderated sequentially vs "
              "late-2024).", date(2025, 8, 20))
    assert ("tencent", "capex", "total", "yoy_pct", "2025Q2", 119.0) in keys(res)
    assert not any(f.period.label == "2024" for f in res.facts)


# ---------------------------------------------------------------- the title's quarter against a later aside


def test_title_quarter_overrules_a_later_aside_quarter_of_the_body() -> None:
    text = ("On May 14, Tencent released its second quarter fiscal 2024 results and interim report.\n"
            "Quarterly revenue rose 8% year-over-year to 161.1 billion yuan.\n"
            "In the first quarter, the company had been more careful when it spoke about AI.")
    rows = page(text, date(2024, 8, 15))
    assert not any(row[4] == "2024Q1" for row in rows)


def test_body_quarter_that_agrees_with_the_title_still_dates_figures() -> None:
    text = ("Tencent's first-quarter results: revenue up 6%\n"
            "Quarterly revenue rose 6% year-over-year to 159.5 billion yuan.\n"
            "In the first quarter, the company spoke about AI more than ever.")
    rows = page(text, date(2024, 5, 15))
    assert ("tencent", "revenue", "total", "value", "2024Q1", 159_500_000_000.0, False) in rows


# ---------------------------------------------------------------- segments listed before a group figure


def test_segment_listed_among_others_does_not_own_the_group_figure() -> None:
    text = ("Tencent had a strong second quarter of 2024. Sales rose 8% from a year earlier to RMB 161.1 billion, "
            "helped by games, marketing services (ads), and the cloud unit, while non-IFRS operating profit grew 27% "
            "and cash flow got better.")
    res = run(text, date(2024, 8, 15))
    assert ("tencent", "revenue", "total", "value", "2024Q2", 161_100_000_000.0) in keys(res)
    assert not any(f.segment == "marketing_services" for f in res.facts)


def test_segment_before_its_own_figure_still_owns_it() -> None:
    res = run("In the second quarter, Tencent's marketing services revenue rose 19% to RMB 29.9 billion.", date(2024, 8, 15))
    assert ("tencent", "revenue", "marketing_services", "value", "2024Q2", 29_900_000_000.0) in keys(res)


def test_a_segment_scoped_by_another_is_no_list_item() -> None:
    res = run("In the fourth quarter, within VAS, social networks revenues grew 26% to RMB 28.1 billion.",
              date(2021, 3, 25))
    assert ("tencent", "revenue", "social_networks", "value", "2020Q4", 28_100_000_000.0) in keys(res)


def test_segments_each_with_a_bracketed_figure_keep_their_figures() -> None:
    res = run("Q2 2024 revenue by line: Social Networks (30.3 billion RMB), FinTech and Business Services "
              "(50.4 billion RMB), Marketing Services (29.9 billion RMB).", date(2024, 8, 15))
    assert ("tencent", "revenue", "fintech_business_services", "value", "2024Q2", 50_400_000_000.0) in keys(res)


# ---------------------------------------------------------------- markdown bullets and forecast years


def test_markdown_bullet_after_a_full_stop_opens_a_sentence() -> None:
    text = ("Tencent reported its 2Q25 earnings. The figures and forecasts point to steady growth. - **Revenue**: "
            "rose 15% YoY to RMB184.5 billion, slightly below the consensus estimate.")
    res = run(text, date(2025, 8, 14))
    got = {(f.measure, f.value, f.is_estimate) for f in res.facts if f.metric == "revenue"}
    assert ("value", 184_500_000_000.0, False) in got


def test_forecast_year_label_dates_no_later_figure() -> None:
    text = ("Tencent reported its 2Q25 earnings. - **Forecasts (FY25E-FY27E)**: broadly unchanged. - **Marketing "
            "Services Revenue**: rose 20% YoY to RMB35.8 billion.")
    res = run(text, date(2025, 8, 14))
    assert not any(f.period.label in ("2025", "2027") for f in res.facts)


def test_segment_named_again_right_before_its_figure_owns_it() -> None:
    text = ("In the second quarter, Tencent's marketing services led, while marketing services revenue alone rose "
            "19% to RMB 29.9 billion.")
    res = run(text, date(2024, 8, 15))
    assert ("tencent", "revenue", "marketing_services", "value", "2024Q2", 29_900_000_000.0) in keys(res)
