import pytest

from transforms.normalise.numbers import (
    NumberFormatError,
    decimals,
    half_unit,
    loosely_restates,
    parse_money,
    parse_number,
    scale_factor,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,401", 1401.0),
        ("140.1", 140.1),
        ("(1,234)", -1234.0),
        ("-7", -7.0),
        ("\u22127", -7.0),
        ("50 .1", 50.1),
        ("１,３５９", 1359.0),
        ("73,675", 73675.0),
    ],
)
def test_parse_number_reads_printed_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,40,1", "12a", "--"])
def test_parse_number_rejects_non_numbers(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value", "unit", "places"),
    [
        ("Total revenues were RMB26,506 million (USD", 26_506e6, "CNY", 0),
        ("revenues were RMB140.1 billion (USD19.7 billion", 140.1e9, "CNY", 1),
        ("人民幣1,401億元(197億美元[2])", 1401e8, "CNY", 0),
        ("交易规模达4.9万亿元", 4.9e12, "CNY", 1),
        ("营收257.2亿元", 25_720_000_000.0, "CNY", 1),
        ("was RMB50 .1 billion", 50.1e9, "CNY", 1),
        ("USD91.9 billion", 91.9e9, "USD", 1),
    ],
)
def test_parse_money_scales_to_base_units(text, value, unit, places):
    amount = parse_money(text)
    assert amount.value == value
    assert amount.unit == unit
    assert amount.decimals == places


def test_parse_money_keeps_the_text_as_written():
    assert parse_money("收入为人民幣1,401億元").text == "人民幣1,401億元"


def test_scale_words():
    assert scale_factor("百萬") == 1e6
    assert scale_factor("万亿") == 1e12
    assert scale_factor("bn") == 1e9
    with pytest.raises(NumberFormatError):
        scale_factor("gazillion")


def test_decimals_and_half_unit():
    assert decimals("140.1") == 1
    assert decimals("1,401") == 0
    assert half_unit("1,401", 1e8) == 0.5e8
    assert half_unit("140.1", 1e9) == pytest.approx(0.05e9)


def test_a_loose_level_restates_a_precise_figure_within_its_last_digit() -> None:
    assert loosely_restates("突破13亿", 1.3e9, "gt", 1.343e9, 2)
    assert not loosely_restates("突破13亿", 1.3e9, "gt", 1.41e9, 2)  # past the next 亿: a different figure
    assert loosely_restates("约13亿", 1.3e9, "approx", 1.268e9, 3)
    assert not loosely_restates("约13亿", 1.3e9, "approx", 1.21e9, 2)
    assert loosely_restates("less than RMB 16 billion", 1.6e10, "lt", 1.57e10, 1)


def test_a_one_digit_or_equally_precise_level_restates_nothing() -> None:
    assert not loosely_restates("more than 1 billion yuan", 1e9, "gt", 1.34e9, 2)  # one digit spans too wide a range
    assert not loosely_restates("超过13.4亿", 1.34e9, "gt", 1.34e9, 1)  # no finer than the loose figure
