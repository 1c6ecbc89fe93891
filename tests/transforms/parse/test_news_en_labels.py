"""English news forms: attributable net income labels, bare-scale bases after from, regional games under a games
label; each reading is paired with a near miss that must not print."""

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


_NOV_2019 = date(2019, 11, 14)


def test_a_bare_base_after_from_takes_the_currency_of_the_amount_before_it() -> None:
    text = ("Tencent said its revenue in the third quarter of 2019 came to 97.2 billion yuan, up 21% "
            "from 80.6 billion in the same period last year.")
    got = keys(run(text, _NOV_2019))
    assert ("tencent", "revenue", "total", "na", "value", "2019Q3", 97.2e9) in got
    assert ("tencent", "revenue", "total", "na", "value", "2018Q3", 80.6e9) in got


def test_a_bare_base_after_a_count_stays_a_count() -> None:
    text = ("Tencent Video had 43 million paying subscribers in the third quarter of 2019, "
            "up from 20 million in the same period last year.")
    assert not [f for f in run(text, _NOV_2019).facts if f.value == 20e6]


def test_a_bare_base_followed_by_a_noun_is_no_amount_of_money() -> None:
    text = ("Tencent's revenue in the third quarter of 2019 rose 21% to 97.2 billion yuan, "
            "from 1.2 billion transactions a day.")
    result = run(text, _NOV_2019)
    assert not [f for f in result.facts if f.value == 1.2e9]
    assert any(h.reported_text == "1.2 billion" and "count" in h.reason for h in result.held)


def test_a_bare_base_with_no_amount_before_it_takes_no_currency() -> None:
    text = "Tencent's revenue in the third quarter of 2019 rose 21% from 80.6 billion in the same period last year."
    result = run(text, _NOV_2019)
    assert not [f for f in result.facts if f.value == 80.6e9]
    assert any(h.reported_text == "80.6 billion" and "count" in h.reason for h in result.held)


def test_a_bare_base_in_the_next_clause_takes_no_currency() -> None:
    text = ("Tencent's revenue in the third quarter of 2019 came to 97.2 billion yuan; revenue "
            "was up from 80.6 billion in the same period last year.")
    assert not [f for f in run(text, _NOV_2019).facts if f.value == 80.6e9]


_LIST_HEAD = "Tencent's figures for the third quarter of 2025.\n\nKey Drivers:\n-\n"


def test_a_regional_games_line_under_a_games_label_is_that_line() -> None:
    text = _LIST_HEAD + "Games (VAS): Domestic games grew +14%, helped by new titles."
    assert ("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2025Q3", 14.0) in keys(run(text, _NOV_2025))


def test_a_sub_line_after_the_regional_line_under_a_games_label_stays_held() -> None:
    text = _LIST_HEAD + "Games: Domestic games grew 14%, while mini games revenue rose 38%."
    result = run(text, _NOV_2025)
    assert not [f for f in result.facts if f.value == 38.0]
    assert ("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2025Q3", 14.0) in keys(result)


def test_a_regional_games_line_under_another_label_stays_held() -> None:
    text = _LIST_HEAD + "Cloud: Domestic games grew 14%."
    assert not run(text, _NOV_2025).facts


def test_a_regional_games_words_that_name_no_line_under_a_games_label_stay_held() -> None:
    text = _LIST_HEAD + "Games: Domestic mobile games grew 14%."
    assert not run(text, _NOV_2025).facts
