"""English news forms: advertising sub-lines (media, social and others) that are not all advertising, a period
written after the rate a growth moved from, and a segment named inside an aside listing a line's parts; each
reading is paired with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_AUG_2020 = date(2020, 8, 14)
_MAR_2019 = date(2019, 3, 22)
_MAR_2025 = date(2025, 3, 20)


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_media_advertising_figure_is_not_the_figure_of_all_advertising() -> None:
    text = ("For the June quarter of 2020, Tencent said its online advertising revenue went up 13% on a year earlier. "
            "Its media advertising revenue shrank by 25% year-on-year as brands trimmed their spending.")
    result = run(text, _AUG_2020)
    got = keys(result)
    assert ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2020Q2", 13.0) in got
    assert not [f for f in result.facts if f.value == -25.0]
    assert any("part named right before it (media)" in h.reason for h in result.held)


def test_social_and_others_advertising_is_held_as_a_sub_line() -> None:
    text = "In the fourth quarter of 2018, Tencent's social and others advertising revenue climbed 55% to 14 billion yuan."
    result = run(text, _MAR_2019)
    assert not result.facts
    assert any("social and others" in h.reason for h in result.held)


def test_advertising_revenue_with_no_sub_line_word_is_the_whole() -> None:
    text = "In the fourth quarter of 2018, Tencent's advertising revenue climbed 38% to 17 billion yuan."
    got = keys(run(text, _MAR_2019))
    assert ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2018Q4", 38.0) in got
    assert ("tencent", "revenue", "marketing_services", "na", "value", "2018Q4", 17e9) in got


def test_a_period_after_the_rate_a_growth_slowed_from_is_that_rate_s_period() -> None:
    text = ("Tencent's online advertising revenue grew 38% year over year, a slowdown from 47% in the third "
            "quarter of 2018.")
    result = run(text, _MAR_2019)
    assert not [f for f in result.facts if f.value == 38.0]  # its own quarter is not written
    assert any(h.reported_text == "38%" and h.reason == "no period" for h in result.held)
    assert ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2018Q3", 47.0) in keys(result)


def test_a_level_before_a_dated_base_rate_takes_no_period_from_it() -> None:
    text = "Tencent's revenue rose 28% to 85 billion yuan, down from 24% growth in the third quarter of 2018."
    result = run(text, _MAR_2019)
    assert not [f for f in result.facts if f.value in (28.0, 85e9)]
    assert {h.reason for h in result.held if h.reported_text in ("28%", "85 billion yuan")} == {"no period"}


def test_a_figure_with_its_own_period_before_the_base_keeps_it() -> None:
    text = ("Tencent's online advertising revenue rose 38% in the fourth quarter of 2018, slowing from 47% "
            "in the third quarter.")
    got = keys(run(text, _MAR_2019))
    assert ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2018Q4", 38.0) in got


def test_a_period_after_a_money_base_is_not_read_as_a_rate_base() -> None:
    text = "Tencent's revenue in 2018 rose to 312.7 billion yuan from 237.8 billion yuan."
    got = keys(run(text, _MAR_2019))
    assert ("tencent", "revenue", "total", "na", "value", "2018", 312.7e9) in got


def test_a_segment_inside_an_aside_listing_a_line_s_parts_is_not_the_figure_s_segment() -> None:
    for aside in (", which includes domestic games,", ", mainly domestic games,", " (including domestic games)"):
        text = (f"For 2024, Tencent's value-added services{aside} saw revenue increase 16% from a year earlier "
                "to 91.4 billion yuan.")
        result = run(text, _MAR_2025)
        assert {f.segment for f in result.facts} == {"vas"}, aside
        assert len(result.facts) == 2, aside


def test_a_segment_that_opens_its_own_clause_stays_the_figure_s_segment() -> None:
    text = ("For 2024, Tencent's value-added services expanded, and domestic games saw revenue increase 16% from a "
            "year earlier to 91.4 billion yuan.")
    result = run(text, _MAR_2025)
    assert {f.segment for f in result.facts} == {"domestic_games"}


_NOV_2024 = date(2024, 11, 14)


def test_deferred_revenue_is_not_revenue() -> None:
    text = ("Tencent's revenue came to 167.2 billion yuan in the third quarter of 2024. Its deferred revenue "
            "balance at the end of the third quarter of 2024 stood at 113.1 billion yuan.")
    result = run(text, _NOV_2024)
    assert ("tencent", "revenue", "total", "na", "value", "2024Q3", 167.2e9) in keys(result)
    assert not [f for f in result.facts if f.value == 113.1e9]
