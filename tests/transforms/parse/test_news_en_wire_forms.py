"""English wire-story forms: a listing year beside the reported quarter, bare sales of the company, an appositive
after its name, a figure given in two currencies; each reading with a near miss that must not print."""

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
