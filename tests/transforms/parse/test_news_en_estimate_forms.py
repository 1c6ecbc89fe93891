"""English news forms: Rmb amounts, bases named after the figure, results beside estimates, bare Sales; each reading
is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_MAY_2023 = date(2023, 5, 17)
_MAR_2022 = date(2022, 3, 23)


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_rmb_in_title_case_glued_to_bn_is_billions_of_yuan() -> None:
    text = "Tencent's 1Q23 revenue went up by 11% to Rmb145bn, led by games."
    got = keys(run(text, _MAY_2023))
    assert ("tencent", "revenue", "total", "value", "2023Q1", 145e9) in got
    assert [f.unit for f in run(text, _MAY_2023).facts if f.value == 145e9] == ["CNY"]


def test_rmb_in_title_case_without_a_metric_prints_nothing() -> None:
    text = "Tencent set aside Rmb5bn in 1Q23 for a buyback."
    assert not [f for f in run(text, _MAY_2023).facts if f.value == 5e9]


def test_a_quarter_code_before_to_is_no_range_end() -> None:
    text = "Tencent's revenues grew only 8% in Q4, to 144.19 billion yuan."
    assert ("tencent", "revenue", "total", "value", "2021Q4", 144.19e9) in keys(run(text, _MAR_2022))
    text = "Tencent's revenues grew 8% in Q4 to 144.19 billion yuan."
    assert ("tencent", "revenue", "total", "value", "2021Q4", 144.19e9) in keys(run(text, _MAR_2022))


def test_two_bare_figures_joined_by_to_are_still_a_range() -> None:
    text = "Tencent's revenue in Q4 was 140 to 150 billion yuan, analysts reckon."
    assert not [f for f in run(text, _MAR_2022).facts if f.measure == "value"]


_AUG_2021 = date(2021, 8, 18)


def test_a_base_after_compared_with_for_the_same_quarter_last_year_is_that_quarter() -> None:
    text = ("Tencent's second-quarter revenue came to 138.26 billion yuan, a rise of 20 per cent compared with "
            "114.9 billion yuan for the same quarter last year.")
    got = keys(run(text, _AUG_2021))
    assert ("tencent", "revenue", "total", "value", "2021Q2", 138.26e9) in got
    assert ("tencent", "revenue", "total", "value", "2020Q2", 114.9e9) in got


def test_a_base_after_compared_with_and_no_other_period_is_not_dated() -> None:
    text = "Brokers see Tencent's revenue at HKD 403.91 billion, compared to HKD 294.64 billion last year."
    assert not [f for f in run(text, date(2018, 8, 10)).facts if f.measure == "value"]


def test_a_figure_after_compared_with_that_is_no_prior_year_stays_held() -> None:
    text = ("Tencent's second-quarter revenue came to 138.26 billion yuan, compared with 134.9 billion yuan "
            "for the first quarter.")
    assert not [f for f in run(text, _AUG_2021).facts if f.value == 134.9e9]


def test_a_base_from_the_previous_year_is_the_same_quarter_a_year_before() -> None:
    text = "Tencent's second-quarter revenue climbed to 149.2 billion yuan, up from 134 billion yuan the previous year."
    got = keys(run(text, date(2023, 8, 16)))
    assert ("tencent", "revenue", "total", "value", "2022Q2", 134e9) in got


def test_a_base_from_the_previous_years_quarter_is_not_dated() -> None:
    text = ("Tencent's second-quarter revenue climbed to 149.2 billion yuan, up from 134 billion yuan in the "
            "previous year's fourth quarter.")
    assert not [f for f in run(text, date(2023, 8, 16)).facts if f.value == 134e9]


_MAR_2024 = date(2024, 3, 20)


def test_a_result_said_to_be_under_the_estimate_at_a_figure_is_the_result() -> None:
    text = ("Tencent's 4Q revenue was just under the estimate at 155.20 billion yuan; brokers had the estimate being "
            "157.42 billion yuan.")
    got = keys(run(text, _MAR_2024))
    assert ("tencent", "revenue", "total", "value", "2023Q4", 155.2e9) in got
    assert not [f for f in run(text, _MAR_2024).facts if f.value == 157.42e9]


def test_consensus_estimates_at_a_figure_are_still_the_estimate() -> None:
    text = "Tencent's 4Q revenue topped consensus estimates at 152.1 billion yuan, brokers said."
    assert not [f for f in run(text, _MAR_2024).facts if f.value == 152.1e9]


def test_a_figure_after_the_estimated_is_the_estimate() -> None:
    text = ("Tencent's 4Q operating profit (non-IFRS) came in at 41.40 billion yuan, compared to the estimated "
            "46.72 billion yuan.")
    got = run(text, _MAR_2024).facts
    assert [f.value for f in got if f.metric == "operating_profit"] == [41.4e9]


_MAY_2022 = date(2022, 5, 18)


def test_bare_sales_leading_a_sentence_on_tencent_is_its_revenue() -> None:
    text = "Tencent reported on Wednesday. Sales rose only a little, to 135.5 billion yuan, in the first quarter."
    assert ("tencent", "revenue", "total", "value", "2022Q1", 135.5e9) in keys(run(text, _MAY_2022))


def test_sales_of_a_named_product_are_not_tencents_revenue() -> None:
    text = "Tencent reported on Wednesday. Its first-quarter sales of virtual items rose to 35 billion yuan."
    assert not [f for f in run(text, _MAY_2022).facts if f.value == 35e9]
    text = "Tencent reported on Wednesday. In the first quarter, smartphone sales rose to 35 billion yuan."
    assert not [f for f in run(text, _MAY_2022).facts if f.value == 35e9]


def test_a_figure_compared_with_an_estimated_one_keeps_the_result_only() -> None:
    text = "In 4Q, QQ smart device MAUs fell short of hopes, landing at 554 million compared to an estimated 582.52 million."
    assert [(f.entity, f.metric, f.value) for f in run(text, _MAR_2024).facts] == [("qq", "mau", 554e6)]
