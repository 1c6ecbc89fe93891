"""Spans of months written with abbreviated month names ("Jan–Oct 2025"), with near misses."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract, find_periods, matching_text

PUBLISHED = date(2025, 11, 20)


def spans(text: str) -> list[tuple[str, int | None, int, int]]:
    return [(p.kind, p.year, p.a, p.b) for p in find_periods(matching_text(text), PUBLISHED)]


def test_an_abbreviated_span_from_january_is_the_months_to_date() -> None:
    assert spans("figures for Jan–Oct 2025 show") == [("months", 2025, 1, 10)]
    assert spans("in Jan.-Sept. 2024 the total") == [("months", 2024, 1, 9)]


def test_an_abbreviated_span_of_a_calendar_quarter_is_that_quarter() -> None:
    assert spans("sales in Jul-Sep 2024 rose") == [("quarter", 2024, 3, 0)]


def test_an_abbreviated_span_from_another_month_is_no_period() -> None:
    assert spans("sales in Mar-Jun 2024 rose") == [("unclear", 2024, 0, 0)]


def test_a_figure_of_an_abbreviated_span_is_dated_by_it() -> None:
    result = extract("In Jan–Oct 2025, the statistics bureau said, online retail sales came to ¥12.79 trillion, a "
                     "9.6% YoY rise.",
                     ClaimContext(published=PUBLISHED))
    labels = {(f.measure, f.period.label, f.value) for f in result.facts if f.entity == "china_online_retail"}
    assert labels == {("value", "2025-01..2025-10", 12.79e12), ("yoy_pct", "2025-01..2025-10", 9.6)}


def test_a_figure_of_a_span_not_from_january_is_held() -> None:
    result = extract("In Mar–Jun 2025, the statistics bureau said, online retail sales came to ¥5.1 trillion.",
                     ClaimContext(published=PUBLISHED))
    assert not result.facts
