"""Amounts written as a comparison base with the base year named ("相较2021年的170亿元")."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.measure, f.period.label, f.value) for f in result.facts}


def test_amount_after_a_named_prior_year_base_is_that_years_figure() -> None:
    res = run("2023年第二季度,快手营收277亿元,相较2022年的216亿元,增长28.1%。", date(2023, 8, 23))
    assert {("kuaishou", "revenue", "value", "2023Q2", 27_700_000_000.0),
            ("kuaishou", "revenue", "value", "2022Q2", 21_600_000_000.0)} <= keys(res)
    res = run("2023年第二季度,快手营收277亿元,比2022年同期的216亿元增长28.1%。", date(2023, 8, 23))
    assert ("kuaishou", "revenue", "value", "2022Q2", 21_600_000_000.0) in keys(res)


def test_amount_after_a_base_two_years_back_is_held() -> None:
    res = run("2023年第二季度,快手营收277亿元,相较2021年的192亿元,增长四成以上。", date(2023, 8, 23))
    assert not any(f.value == 19_200_000_000.0 for f in res.facts)
    assert any(h.reported_text == "192亿元" and "year other than" in h.reason for h in res.held)


def test_ecommerce_transaction_total_is_gmv() -> None:
    res = run("快手一季度电商交易总额达到1920亿元,同比增长38.5%。", date(2023, 5, 25))
    assert {("kuaishou", "gmv", "value", "2023Q1", 192_000_000_000.0),
            ("kuaishou", "gmv", "yoy_pct", "2023Q1", 38.5)} <= keys(res)


def test_ecommerce_transaction_total_of_no_known_subject_is_not_printed() -> None:
    res = run("据统计,全省一季度电商交易总额达到1920亿元,同比增长38.5%。", date(2023, 5, 25))
    assert not res.facts


def test_growth_pair_closed_by_respectively_follows_the_levels_in_order() -> None:
    text = ("Kuaishou's daily active users averaged 395 million in the second quarter, and its monthly active users "
            "averaged 692 million, with year-on-year growth rates of 5.1% and 2.6%, respectively.")
    got = keys(run(text, date(2024, 8, 21)))
    assert {("kuaishou", "dau", "yoy_pct", "2024Q2", 5.1), ("kuaishou", "mau", "yoy_pct", "2024Q2", 2.6)} <= got


def test_growth_list_longer_than_the_levels_before_it_is_held() -> None:
    text = ("Kuaishou's daily active users averaged 395 million in the second quarter, and its monthly active users "
            "averaged 692 million, with year-on-year growth rates of 5.1%, 2.6% and 1.9%, respectively.")
    res = run(text, date(2024, 8, 21))
    assert not [f for f in res.facts if f.measure == "yoy_pct"]
    assert any(h.reported_text == "2.6%" and "respectively" in h.reason for h in res.held)


def test_amounts_from_a_same_period_base_go_to_the_year_before() -> None:
    res = run("二季度,快手其他服务收入由去年同期的34亿元增加21.3%至42亿元,主要来自电商。", date(2024, 8, 21))
    assert {("kuaishou", "revenue", "value", "2023Q2", 3_400_000_000.0),
            ("kuaishou", "revenue", "yoy_pct", "2024Q2", 21.3),
            ("kuaishou", "revenue", "value", "2024Q2", 4_200_000_000.0)} <= keys(res)
    res = run("二季度,快手直播业务收入由2023年同期的100亿元减少6.7%至93亿元。", date(2024, 8, 21))
    assert {("kuaishou", "revenue", "value", "2023Q2", 10_000_000_000.0),
            ("kuaishou", "revenue", "yoy_pct", "2024Q2", -6.7),
            ("kuaishou", "revenue", "value", "2024Q2", 9_300_000_000.0)} <= keys(res)


def test_other_services_revenue_is_kuaishous_others_segment_never_the_total() -> None:
    res = run("Kuaishou's other services revenue rose 21.3% to RMB4.2 billion in the second quarter.", date(2024, 8, 21))
    assert {(f.segment, f.measure) for f in res.facts} == {("others", "yoy_pct"), ("others", "value")}
    res = run("二季度,腾讯其他服务收入同比增长15%至100亿元。", date(2024, 8, 21))
    assert not res.facts


def test_a_same_period_base_year_does_not_date_a_yearless_half_in_its_paragraph() -> None:
    text = "快手公告,公司上半年毛利为332.55亿元,较2023年同期增长29.7%。"
    assert {("kuaishou", "gross_profit", "value", "2024H1", 33_255_000_000.0),
            ("kuaishou", "gross_profit", "yoy_pct", "2024H1", 29.7)} <= keys(run(text, date(2024, 8, 20)))


def test_a_yearless_half_in_a_paragraph_about_another_year_is_still_held() -> None:
    res = run("2023年快手经营稳健。公司上半年毛利为250亿元。", date(2024, 8, 20))
    assert not res.facts
    assert any(h.reported_text == "250亿元" for h in res.held)
