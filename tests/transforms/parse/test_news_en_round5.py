"""English news forms of results digests: each reading is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_AUG_2020 = date(2020, 8, 14)


def run(text: str, published: date = _AUG_2020) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_figure_named_expected_after_vs_is_the_consensus_not_the_result() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Revenue: 114.9 billion yuan vs 112.7 billion yuan expected.")
    result = run(text)
    assert ("tencent", "revenue", "total", "value", "2020Q2", 114.9e9) in keys(result)
    assert not [f for f in result.facts if f.value == 112.7e9]


def test_a_figure_after_vs_with_no_expectation_word_is_still_a_second_value() -> None:
    text = ("Tencent posted its numbers for the quarter ended June 30, 2020.\n"
            "Revenue: 114.9 billion yuan vs 112.7 billion yuan in the prior quarter.")
    assert not [f for f in run(text).facts if f.value == 114.9e9]


def test_three_months_through_to_the_end_of_a_month_is_that_quarter() -> None:
    text = "Tencent's revenue for the three months through to the end of June rose to 114.9 billion yuan."
    assert ("tencent", "revenue", "total", "value", "2020Q2", 114.9e9) in keys(run(text))


def test_three_months_through_to_a_later_date_is_no_quarter_of_this_year() -> None:
    text = "Tencent's revenue for the three months through to the end of the decade rose to 114.9 billion yuan."
    assert not [f for f in run(text).facts if f.value == 114.9e9]
