"""A growth written after the year before's level is the later year's; an amount in 万 finer than millions is a slip."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract


def facts(text: str, published: date) -> set[tuple[str, str, str, float]]:
    got = extract(text, ClaimContext(published=published))
    return {(f.segment, f.measure, f.period.label, f.value) for f in got.facts}


def test_a_growth_after_the_comparative_year_level_is_the_later_year() -> None:
    got = facts("2023年全年,腾讯总收入为6090.15亿元,2022年为5545.52亿元,同比增长10%。", date(2024, 3, 25))
    assert ("total", "yoy_pct", "2023", 10) in got
    assert ("total", "value", "2022", 554552000000) in got
    assert not [k for k in got if k[1] == "yoy_pct" and k[2] == "2022"]


def test_a_growth_right_after_an_earlier_year_with_no_level_between_stays_that_year() -> None:
    got = facts("2023年全年,腾讯总收入为6090.15亿元,2022年同比增长10%。", date(2024, 3, 25))
    assert ("total", "yoy_pct", "2022", 10) in got


def test_a_company_amount_in_wan_finer_than_millions_is_held() -> None:
    got = facts("2023年第四季度,腾讯收入1551.96万元,较2022年同期1449.54亿元增长7%。", date(2024, 3, 25))
    assert not [k for k in got if k[1] == "value" and k[2] == "2023Q4"]
    assert ("total", "value", "2022Q4", 144954000000) in got


def test_a_company_amount_in_wan_of_whole_millions_prints() -> None:
    got = facts("2023年第四季度,腾讯收入15519600万元,同比增长7%。", date(2024, 3, 25))
    assert ("total", "value", "2023Q4", 155196000000) in got
