"""Flattened financial tables: rows run together, cells glued, one cell per line, scrambled headings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta
from transforms.parse import parse_document
from transforms.parse.hkex import stream_key
from transforms.parse.texttable import (
    UncertainTable,
    cell_value,
    columns,
    header_dates,
    read_tables,
    split_cells,
)

CASES = Path(__file__).resolve().parents[2] / "cases" / "hkex"


def _facts(name: str) -> dict[tuple, float]:
    meta = DocMeta(url=f"file:{name}", source="inbox", content_type="text/plain; charset=utf-8")
    result = parse_document((CASES / name).read_bytes(), meta)
    assert result.kind == "hkex_announcement"
    return {(f.entity, f.metric, f.basis, f.measure, f.period.label): f.value for f in result.facts}


def test_glued_cells_split_where_one_split_fits_the_columns_and_the_changes() -> None:
    facts = _facts("stream_glued_2024q1_sc.txt")
    assert facts[("tencent", "revenue", "na", "value", "2024Q1")] == 159_501e6
    assert facts[("tencent", "revenue", "na", "value", "2023Q1")] == 149_986e6
    assert facts[("tencent", "revenue", "na", "yoy_pct", "2024Q1")] == 6
    assert facts[("tencent", "revenue", "na", "qoq_pct", "2024Q1")] == 3
    assert facts[("tencent", "operating_profit", "ifrs", "value", "2023Q1")] == 38_042e6
    assert facts[("tencent", "eps_diluted", "ifrs", "value", "2023Q4")] == 2.807
    assert facts[("weixin", "mau", "na", "value", "2024Q1")] == 1_359e6
    assert facts[("weixin", "mau", "na", "qoq_pct", "2024Q1")] == 1
    assert len(facts) == 30


def test_a_whole_table_on_one_line_with_a_nil_change_and_a_page_marker() -> None:
    facts = _facts("stream_oneline_2018q2_en.txt")
    assert facts[("tencent", "revenue", "na", "value", "2018Q2")] == 73_675e6
    assert ("tencent", "revenue", "na", "qoq_pct", "2018Q2") not in facts
    assert facts[("tencent", "gross_profit", "na", "qoq_pct", "2018Q2")] == -7
    assert facts[("tencent", "eps_diluted", "ifrs", "value", "2018Q1")] == 2.435
    assert facts[("tencent", "revenue", "na", "value", "2018H1")] == 147_203e6
    assert facts[("tencent", "gross_profit", "na", "yoy_pct", "2018H1")] == 33


def test_one_cell_per_line_with_years_and_dates_on_lines_of_their_own() -> None:
    facts = _facts("stream_cells_per_line_fy2024_sc.txt")
    assert facts[("tencent", "revenue", "na", "value", "2024Q4")] == 172_446e6
    assert facts[("tencent", "revenue", "na", "value", "2024Q3")] == 167_193e6
    assert facts[("tencent", "gross_profit", "na", "qoq_pct", "2024Q4")] == 2
    assert facts[("tencent", "revenue", "na", "value", "2024")] == 660_257e6
    assert facts[("tencent", "gross_profit", "na", "yoy_pct", "2024")] == 19


def test_changes_without_percent_signs_are_split_only_where_the_levels_agree() -> None:
    facts = _facts("stream_bare_pct_fy2013_tc.txt")
    assert facts[("tencent", "revenue", "na", "value", "2013")] == 60_437e6
    assert facts[("tencent", "revenue", "na", "yoy_pct", "2013")] == 38
    assert facts[("tencent", "revenue", "na", "value", "2013Q3")] == 15_535e6
    assert facts[("tencent", "revenue", "na", "qoq_pct", "2013Q4")] == 9
    assert facts[("tencent", "revenue", "na", "value", "2012Q4")] == 12_153e6
    assert facts[("tencent", "gross_profit", "na", "value", "2012Q4")] == 6_880e6
    assert facts[("tencent", "gross_profit", "na", "yoy_pct", "2013Q4")] == 28


@pytest.mark.parametrize(
    ("header", "dates"),
    [
        ("Three months ended Year- Quarter- 31 December 31 December on-year 30 September on-quarter 2020 2019 "
         "change 2020 change", [date(2020, 12, 31), date(2019, 12, 31), date(2020, 9, 30)]),
        ("截至下列日期止三个月 二零一六年 二零一五年 二零一六年 十二月三十一日 十二月三十一日 同比变动 九月三十日 环比变动",
         [date(2016, 12, 31), date(2015, 12, 31), date(2016, 9, 30)]),
        ("Year ended 31 December Year- on-year 2020 2019 change", [date(2020, 12, 31), date(2019, 12, 31)]),
        ("Unaudited Three months ended 31 31 Year- 30 Quarter- December December on-year September on-quarter "
         "2017 2016 change 2017 change", [date(2017, 12, 31), date(2016, 12, 31), date(2017, 9, 30)]),
    ],
)
def test_heading_dates_pair_days_and_years_in_reading_order(header: str, dates: list[date]) -> None:
    assert header_dates(header) == dates


def test_a_heading_that_does_not_fit_one_layout_is_uncertain() -> None:
    with pytest.raises(UncertainTable):
        columns("Three months ended 30 June 2018 30 June 2017 31 March 2018 change")
    with pytest.raises(UncertainTable):
        columns("Three months ended 30 June 2018 31 December 2016 change")


def test_glued_runs_give_every_reading_that_fits() -> None:
    assert split_cells("8,7728,49936,88028", ["amount", "amount", "pct_bare", "amount", "pct_bare"]) == [
        [(0, 5), (5, 10), (10, 11), (11, 16), (16, 18)]
    ]
    assert len(split_cells("1231,00010", ["amount", "amount", "pct_bare"])) > 1
    assert split_cells("73,675 56,606 30% 73,528 -", ["amount", "amount", "pct", "amount", "pct"]) == [
        [(0, 6), (7, 13), (14, 17), (18, 24), (25, 26)]
    ]


def test_a_row_whose_change_contradicts_its_levels_is_held() -> None:
    text = ("ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024\n"
            "FINANCIAL PERFORMANCE HIGHLIGHTS Unaudited Three months ended 31 March 2024 31 March 2023 Year-on-year change "
            "(RMB in millions, unless specified) Revenues 159,501 149,986 16% Gross profit 83,870 68,182 23%\n")
    meta = DocMeta(url="file:x", source="inbox", content_type="text/plain; charset=utf-8")
    result = parse_document(text.encode(), meta)
    keys = {(f.metric, f.measure, f.period.label) for f in result.facts}
    assert ("gross_profit", "yoy_pct", "2024Q1") in keys
    assert not any(f.metric == "revenue" for f in result.facts)
    assert any("split" in h.reason or "fit" in h.reason for h in result.held)


def test_a_change_written_as_a_word_is_a_nil_cell_and_the_row_is_read() -> None:
    facts = _facts("stream_word_change_fy2022_sc.txt")
    assert facts[("tencent", "gross_profit", "na", "value", "2022Q3")] == 61_983e6
    assert facts[("tencent", "gross_profit", "na", "yoy_pct", "2022Q4")] == 7
    assert ("tencent", "gross_profit", "na", "qoq_pct", "2022Q4") not in facts
    assert facts[("tencent", "profit_for_period", "ifrs", "qoq_pct", "2022Q4")] == 175
    assert facts[("tencent", "operating_profit", "ifrs", "value", "2021Q4")] == 109_723e6
    assert len(facts) == 19


def test_word_changes_split_like_a_nil_dash() -> None:
    kinds = ["amount", "amount", "pct", "amount", "pct"]
    assert split_cells("61,822 57,817 7% 61,983 Stable", kinds) == [[(0, 6), (7, 13), (14, 16), (17, 23), (24, 30)]]
    assert split_cells("61,82257,8177%61,983稳定", kinds) == [[(0, 6), (6, 12), (12, 14), (14, 20), (20, 22)]]
    assert cell_value("Stable") is None and cell_value("持平") is None


def test_a_row_cut_by_a_page_marker_is_held_and_the_rows_after_it_are_read() -> None:
    meta = DocMeta(url="file:x", source="inbox", content_type="text/plain; charset=utf-8")
    result = parse_document((CASES / "stream_page_break_in_row_2025q1_tc.txt").read_bytes(), meta)
    facts = {(f.metric, f.basis, f.measure, f.period.label): f.value for f in result.facts}
    assert not any(f.metric == "operating_profit" for f in result.facts)
    assert not any(f.value in (59e6, 475e6, 59_475e6) for f in result.facts)
    assert facts[("revenue", "na", "value", "2025Q1")] == 180_022e6
    assert facts[("eps_diluted", "ifrs", "value", "2024Q4")] == 5.485
    assert facts[("eps_basic", "ifrs", "qoq_pct", "2025Q1")] == -6
    assert len(facts) == 20
    assert [h.reason for h in result.held if "69,320" in h.reported_text or "475" in h.reported_text] == [
        "row cells do not fit the table's columns", "rest of a row cut by a page marker"]


def test_a_page_number_glued_after_the_last_percentage_is_not_a_cell() -> None:
    kinds = ["eps", "eps", "pct", "eps", "pct"]
    assert split_cells("5.2524.47917%5.597-6%4", kinds) == [[(0, 5), (5, 10), (10, 13), (13, 18), (18, 21)]]
    assert split_cells("1,2343", ["amount"]) == []


def test_a_run_longer_than_any_table_row_is_not_split() -> None:
    run = "1,234 " * 20_000
    assert split_cells(run, ["amount", "amount", "pct"]) == []


def test_a_chinese_year_month_and_day_without_their_marks_are_one_date() -> None:
    header = "截至下列日期止三個月二零二四年六月三十日二零二三六月三十同比變動二零二四三月三十一環比變動"
    assert header_dates(header) == [date(2024, 6, 30), date(2023, 6, 30), date(2024, 3, 31)]
    cols, span = columns(header)
    assert span == "quarter" and [c.measure for c in cols] == ["value", "value", "yoy_pct", "value", "qoq_pct"]


@pytest.mark.parametrize(
    "header",
    [
        "截至下列日期止三個月二零二四年六月三十日二零二三六月三十五同比變動二零二四三月三十一環比變動",  # the numeral runs on past any day
        "截至下列日期止三個月二零二四年六月三十日二零二三六月同比變動二零二四三月三十一環比變動",  # a month with no day
    ],
)
def test_a_year_and_month_without_a_clear_day_is_no_date(header: str) -> None:
    with pytest.raises(UncertainTable):
        header_dates(header)


@pytest.mark.parametrize(
    "header",
    [
        "Three months ended 31 31 Year- Quarter- December December on-year September on-quarter 2017 2016 change "
        "2017 change",  # two days for three months
        "Three months ended 31 31 30 Year- Quarter- December December on-year on-quarter 2017 2016 change 2017 change",
    ],
)
def test_days_and_months_written_apart_pair_only_when_each_column_has_one(header: str) -> None:
    with pytest.raises(UncertainTable):
        header_dates(header)


def test_a_whole_quarter_table_under_a_heading_read_across_its_columns() -> None:
    text = (
        "ANNOUNCEMENT OF THE ANNUAL RESULTS FOR THE YEAR ENDED 31 DECEMBER 2017 FINANCIAL PERFORMANCE HIGHLIGHTS "
        "Unaudited Three months ended 31 31 Year- 30 Quarter- December December on-year September on-quarter 2017 "
        "2016 change 2017 change (RMB in millions, unless specified) Revenues 66,392 43,864 51% 65,210 2% "
        "Gross profit 31,495 23,626 33% 31,681 -1%\n"
    )
    got = read_tables(text, stream_key)[0]
    values = {(f.metric, f.measure, f.period.label): f.value for f in got}
    assert values[("revenue", "value", "2017Q4")] == 66_392e6
    assert values[("revenue", "value", "2016Q4")] == 43_864e6
    assert values[("revenue", "qoq_pct", "2017Q4")] == 2
    assert values[("gross_profit", "qoq_pct", "2017Q4")] == -1
