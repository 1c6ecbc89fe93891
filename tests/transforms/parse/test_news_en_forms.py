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
