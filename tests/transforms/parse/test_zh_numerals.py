"""Amounts and percentages written in Chinese numerals, read as their Arabic forms are; each with near misses."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.normalise.numbers import NumberFormatError, zh_decimal, zh_tenths
from transforms.parse.claims import ClaimContext, extract, find_periods, find_values


def read(text: str) -> list[tuple[str, float, str, str]]:
    return [(v.kind, v.value, v.unit, text[v.start:v.end]) for v in find_values(text)]


@pytest.mark.parametrize(
    ("text", "value", "written"),
    [
        ("集团纯利增至二百一十三亿元", 2.13e10, "二百一十三亿元"),
        ("广告收入录得四十七亿元人民币", 4.7e9, "四十七亿元"),
        ("捐出三千万元", 3e7, "三千万元"),
        ("收入达十亿元", 1e9, "十亿元"),
    ],
)
def test_an_amount_in_chinese_numerals_is_money_as_in_digits(text: str, value: float, written: str) -> None:
    [(kind, got, unit, span)] = read(text)
    assert (kind, unit, span) == ("money", "CNY", written)
    assert got == value
    digits = text.replace(written, f"{value / 1e8:g}亿元") if value >= 1e8 else text.replace(written, "3000万元")
    assert [v.value for v in find_values(digits) if v.kind == "money"] == [value]


def test_an_amount_in_other_currencies() -> None:
    assert read("海外收入约九十亿港元") == [("money", 9e9, "HKD", "九十亿港元")]


@pytest.mark.parametrize(
    "text",
    ["收入达数十亿元", "成本约几十亿元", "收入一百多亿元", "收入十几亿元", "投资一两百亿元", "二〇二三年第一季", "第三十亿元大关"],
)
def test_a_vague_amount_a_date_or_an_ordinal_is_no_money(text: str) -> None:
    assert not [v for v in find_values(text) if v.kind == "money"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("营业额按年升四成三", 43.0),
        ("网络广告收入增长五成半", 55.0),
        ("毛利下降两成", 20.0),
        ("占集团收入六成一的游戏业务", 61.0),
        ("订单量同比增长约三成", 30.0),
        ("营收升三成三季度则放缓", 30.0),
        ("利润减少百分之十七", 17.0),
        ("增速为百分之八点五", 8.5),
    ],
)
def test_a_percentage_in_chinese_numerals(text: str, value: float) -> None:
    assert [(v.kind, v.value) for v in find_values(text)] == [("pct", value)]


@pytest.mark.parametrize(
    "text",
    [
        "定价策略一成不变",
        "成本上升",
        "他八成是忘了",
        "三五成群的用户",
        "研发投入增加两成本地团队",
        "交易完成后",
        "增加三个百分点",
        "增长百分之五点二个百分点",
    ],
)
def test_cheng_inside_a_word_or_a_point_change_is_no_percentage(text: str) -> None:
    assert not [v for v in find_values(text) if v.kind == "pct"]


def test_tenths_and_decimals_read_digit_by_digit() -> None:
    assert zh_tenths("两") == 20.0 and zh_tenths("七", "九") == 79.0 and zh_tenths("一", "半") == 15.0
    assert zh_decimal("三十", "零五") == 30.05 and zh_decimal("九") == 9.0
    with pytest.raises(NumberFormatError):
        zh_tenths("三", "十")
    with pytest.raises(NumberFormatError):
        zh_decimal("十几")


def test_a_results_story_in_chinese_numerals() -> None:
    text = "腾讯公布季度业绩。第三季,网络广告收入按年升四成五,增至八十一亿元人民币。"
    facts = {(f.metric, f.segment, f.measure, f.period.label, f.value)
             for f in extract(text, ClaimContext(published=date(2015, 11, 12))).facts}
    assert ("revenue", "marketing_services", "yoy_pct", "2015Q3", 45.0) in facts
    assert ("revenue", "marketing_services", "value", "2015Q3", 8.1e9) in facts


def test_the_other_businesses_line_is_not_the_whole() -> None:
    text = "腾讯公布季度业绩。第三季,网络广告收入按年升四成五。其他业务的收入按年升一倍半,增至二十九亿元人民币。"
    facts = extract(text, ClaimContext(published=date(2015, 11, 12))).facts
    assert not [f for f in facts if f.value == 2.9e9]


def facts_of(text: str) -> set[tuple]:
    result = extract(text, ClaimContext(published=date(2015, 11, 12)))
    return {(f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_turnover_rising_as_hong_kong_papers_write_it() -> None:
    got = facts_of("腾讯公布业绩。第三季营业额升三成一,增至二百七十二亿元人民币。")
    assert ("revenue", "total", "yoy_pct", "2015Q3", 31.0) in got
    assert ("revenue", "total", "value", "2015Q3", 2.72e10) in got


def test_a_bare_fall_is_a_fall() -> None:
    got = facts_of("腾讯公布业绩。第三季,网络广告收入跌一成五,至三十亿元人民币。")
    assert ("revenue", "marketing_services", "yoy_pct", "2015Q3", -15.0) in got


def test_rising_to_a_margin_is_a_level_not_growth() -> None:
    got = facts_of("腾讯公布业绩。第三季,毛利率升至42%。")
    assert not [k for k in got if k[2] == "yoy_pct"]
    assert ("gross_profit", "total", "margin_pct", "2015Q3", 42.0) in got
    assert not facts_of("腾讯公布业绩。第三季,毛利率升至四成二。")


def test_an_upgrade_is_no_growth_cue() -> None:
    got = facts_of("腾讯公布业绩。第三季,广告系统升级后,网络广告收入占总收入的比重为两成。")
    assert not [k for k in got if k[2] == "yoy_pct"]


def test_the_first_three_quarters_written_short_are_nine_months() -> None:
    got = facts_of("腾讯公布业绩。前三季营业额升31%,增至七百零二亿元人民币;第三季游戏收入跌5%。")
    assert ("revenue", "total", "value", "2015Q1-Q3", 7.02e10) in got
    assert not [k for k in got if k[3] == "2015Q3"]


def test_the_first_three_seasons_of_a_show_are_no_period() -> None:
    assert not [p for p in find_periods("《长夜》前三季播放量合计", date(2015, 11, 12)) if p.kind == "nine"]
