"""English news forms of the base set and rounds 3-4: each reading is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_NOV_2025 = date(2025, 11, 14)


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_net_income_label_naming_basis_and_attributable_is_the_attributable_profit() -> None:
    text = ("Tencent posted its figures for the third quarter of 2025.\n"
            "Operating Income (Non-IFRS): RMB 71.2 billion (+16% YoY).\n"
            "-\n"
            "Net Income (Non-IFRS, Attributable): RMB 69.4 billion (+17% YoY).")
    got = keys(run(text, _NOV_2025))
    assert ("tencent", "profit_attributable", "total", "non_ifrs", "value", "2025Q3", 69.4e9) in got
    assert ("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2025Q3", 17.0) in got
    assert ("tencent", "operating_profit", "total", "non_ifrs", "value", "2025Q3", 71.2e9) in got


def test_a_net_income_label_naming_a_basis_only_stays_held() -> None:
    text = ("Tencent posted its figures for the third quarter of 2025.\n"
            "Net Income (Non-IFRS): RMB 69.4 billion (+17% YoY).")
    assert not [f for f in run(text, _NOV_2025).facts if f.metric.startswith("profit")]


def test_net_income_attributable_without_a_basis_stays_held() -> None:
    text = "Tencent's net income attributable to shareholders rose 17% to RMB 69.4 billion in the third quarter of 2025."
    result = run(text, _NOV_2025)
    assert not result.facts
    assert any("basis" in h.reason for h in result.held)


def test_net_income_attributable_with_a_basis_is_the_attributable_profit() -> None:
    text = ("Tencent's non-IFRS net income attributable to shareholders rose 17% to RMB 69.4 billion "
            "in the third quarter of 2025.")
    got = keys(run(text, _NOV_2025))
    assert ("tencent", "profit_attributable", "total", "non_ifrs", "value", "2025Q3", 69.4e9) in got
