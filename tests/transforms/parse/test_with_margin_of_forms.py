"""", with a profit margin of X%" after a profit line's level: that line's margin, on the basis its clause states."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def margins(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.basis, f.period.label, f.value) for f in result.facts if f.measure == "margin_pct"}


def test_a_profit_margin_after_adjusted_net_profit_is_its_margin() -> None:
    text = "In the fourth quarter of 2024, Kuaishou's adjusted net profit came to 4.9 billion yuan, with a profit margin of 13.5%."
    assert margins(run(text, date(2025, 3, 26))) == {("kuaishou", "profit_for_period", "non_ifrs", "2024Q4", 13.5)}


def test_a_profit_margin_after_revenue_names_no_line() -> None:
    text = "In the fourth quarter of 2024, Kuaishou's revenue came to 35.4 billion yuan, with a profit margin of 13.5%."
    assert not margins(run(text, date(2025, 3, 26)))


def test_a_margin_after_a_growth_rate_of_the_profit_line_is_not_read() -> None:
    text = "In the fourth quarter of 2024, Kuaishou's adjusted net profit rose 13%, with a profit margin of 13.5%."
    assert not margins(run(text, date(2025, 3, 26)))


def test_a_profit_margin_after_net_profit_of_no_basis_is_held() -> None:
    text = "In the fourth quarter of 2024, Kuaishou's net profit came to 4.9 billion yuan, with a profit margin of 13.5%."
    assert not margins(run(text, date(2025, 3, 26)))


def test_a_named_gross_margin_after_a_profit_line_stays_the_gross_margin() -> None:
    text = "In the fourth quarter of 2024, Kuaishou's adjusted net profit came to 4.9 billion yuan, with a gross margin of 55%."
    assert margins(run(text, date(2025, 3, 26))) == {("kuaishou", "gross_profit", "na", "2024Q4", 55.0)}
