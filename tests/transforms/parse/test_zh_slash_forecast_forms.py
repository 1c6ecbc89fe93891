"""A broker note's slash lists: "预计2025/2026/2027年经调整净利润分别为210/245/280亿元", one year per amount."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

LEAD = "快手25Q1实现收入326亿元。"


def run(text: str, published: date = date(2025, 6, 3)) -> ClaimResult:
    return extract(LEAD + text, ClaimContext(published=published))


def forecasts(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.basis, f.period.label, f.value, f.is_estimate)
            for f in result.facts if f.period.label != "2025Q1"}


def test_slash_years_pair_in_order_with_slash_amounts() -> None:
    text = "盈利预测:预计2025/2026/2027年公司NON-IFRS净利润分别为210/245/280亿元,维持买入评级。"
    assert forecasts(run(text)) == {
        ("kuaishou", "profit_for_period", "non_ifrs", "2025", 2.1e10, True),
        ("kuaishou", "profit_for_period", "non_ifrs", "2026", 2.45e10, True),
        ("kuaishou", "profit_for_period", "non_ifrs", "2027", 2.8e10, True),
    }


def test_two_digit_years_after_the_first_are_read() -> None:
    text = "我们预计公司2025/26/27年经调整净利润分别为210/245/280亿元。"
    assert {k[3] for k in forecasts(run(text))} == {"2025", "2026", "2027"}


def test_more_amounts_than_years_pair_with_none() -> None:
    text = "预计2025/2026年公司经调整净利润分别为210/245/280亿元。"
    assert not forecasts(run(text))


def test_years_that_skip_a_year_pair_with_none() -> None:
    text = "预计2025/2027/2029年公司经调整净利润分别为210/245/280亿元。"
    assert not forecasts(run(text))


def test_metrics_listed_by_slash_for_one_year_are_not_years() -> None:
    text = "预计2025年公司收入/经调整净利润分别为1420/210亿元。"
    assert not [k for k in forecasts(run(text)) if k[4] in (1.42e11, 2.1e10)]


def test_a_span_of_years_pairs_in_order_with_slash_amounts() -> None:
    text = "预计2025-2027年公司经调整净利润分别为210/245/280亿元。"
    assert {(k[3], k[4]) for k in forecasts(run(text))} == {("2025", 2.1e10), ("2026", 2.45e10), ("2027", 2.8e10)}


def test_a_span_shorter_than_the_amounts_pairs_with_none() -> None:
    text = "预计2025-2026年公司经调整净利润分别为210/245/280亿元。"
    assert not forecasts(run(text))


def test_a_later_run_of_the_same_years_does_not_hide_the_forecast() -> None:
    text = "预计2025/2026/2027年公司经调整净利润分别为210/245/280亿元,对应2025/2026/2027年市盈率为12/10/9倍。"
    assert {(k[3], k[4]) for k in forecasts(run(text))} == {("2025", 2.1e10), ("2026", 2.45e10), ("2027", 2.8e10)}


def test_amounts_in_wan_yuan_are_scaled() -> None:
    text = "预计2025/2026/2027年公司每位主播平均收入分别为12/15/18万元,经调整净利润分别为210/245/280亿元。"
    values = {k[4] for k in forecasts(run(text))}
    assert {2.1e10, 2.45e10, 2.8e10} <= values
    assert not values & {12.0, 15.0, 18.0}
