"""The text table reader: cells, row splitting, heading dates to columns."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.parse.tables import (
    Column,
    UncertainHeader,
    heading_atoms,
    heading_span,
    map_cells,
    read_cell,
    read_header,
    split_row,
)


def dates(header):
    return [c.when if c.kind == "date" else c.kind for c in header.columns]


@pytest.mark.parametrize(
    ("token", "value", "pct", "mark"),
    [
        ("159,501", 159501.0, False, ""),
        ("(1,234)", -1234.0, False, ""),
        ("-7%", -7.0, True, ""),
        ("123%", 123.0, True, ""),
        ("4.479", 4.479, False, ""),
        ("38,042*", 38042.0, False, "*"),
        ("159,5011", 159501.0, False, "1"),
        ("\u20137%", -7.0, True, ""),
        ("6%1", 6.0, True, "1"),
    ],
)
def test_read_cell_numbers(token, value, pct, mark):
    cell = read_cell(token, 10)
    assert cell is not None
    assert (cell.value, cell.is_pct, cell.mark) == (value, pct, mark)
    assert (cell.start, cell.end) == (10, 10 + len(token))


@pytest.mark.parametrize("token", ["-", "\u2013", "\u2014"])
def test_read_cell_nil_dash(token):
    cell = read_cell(token, 0)
    assert cell is not None and cell.value is None


@pytest.mark.parametrize("token", ["basic", "(RMB", "1,23", "Non-IFRS1", "(1,234", "2024年"])
def test_read_cell_rejects_words(token):
    assert read_cell(token, 0) is None


def test_split_row_label_and_cells_with_offsets():
    line = "Profit for the period   42,651   26,394   62%   27,850"
    row = split_row(line, 100)
    assert row.label == "Profit for the period"
    assert [c.text for c in row.cells] == ["42,651", "26,394", "62%", "27,850"]
    first = row.cells[0]
    assert line[first.start - 100 : first.end - 100] == "42,651"


def test_split_row_dash_label_and_nil_cell():
    row = split_row("- basic 1.893 1.945 -2% 2.470 -")
    assert row.label == "- basic"
    assert [c.value for c in row.cells] == [1.893, 1.945, -2.0, 2.470, None]


def test_split_row_percent_sign_apart_and_cjk_glued_label():
    row = split_row("收入159,501 149,986 6 % 155,196")
    assert row.label == "收入"
    assert [c.text for c in row.cells] == ["159,501", "149,986", "6 %", "155,196"]
    assert row.cells[2].is_pct and row.cells[2].value == 6.0


def test_split_row_label_only():
    row = split_row("EPS (RMB per share)")
    assert row.label == "EPS (RMB per share)" and row.cells == ()


def test_heading_atoms_english_and_chinese():
    kinds = [a.kind for a in heading_atoms("31 March 2024   31 March   Year-on-year   2023")]
    assert kinds == ["dmy", "dm", "yoy", "y"]
    zh = heading_atoms("二零二四年三月三十一日  同比變動  二零二三年  十二月三十一日  環比變動")
    assert [a.kind for a in zh] == ["dmy", "yoy", "dmy", "qoq"]
    assert (zh[0].value, zh[2].value) == ((2024, 3, 31), (2023, 12, 31))
    assert [a.kind for a in heading_atoms("二零二三年  二零二二年")] == ["y", "y"]
    assert [a.kind for a in heading_atoms("九月三十日  同比變動")] == ["dm", "yoy"]


def test_heading_span_words():
    assert heading_span(["Unaudited", "Three months ended"]) == "quarter"
    assert heading_span(["截至下列日期止三個月"]) == "quarter"
    assert heading_span(["Year ended 31 December"]) == "year"
    assert heading_span(["As at"]) == "instant"


def test_single_line_heading_with_full_dates():
    header = read_header(
        [
            "Unaudited",
            "Three months ended 30 June 2018 30 June 2017 Year-on-year change 31 March 2018 Quarter-on-quarter change",
        ]
    )
    assert dates(header) == [date(2018, 6, 30), date(2017, 6, 30), "yoy", date(2018, 3, 31), "qoq"]
    assert header.span == "quarter" and header.reading == "forward"


def test_stacked_english_heading_with_split_change_words():
    header = read_header(
        [
            "As at      As at      Year-     As at        Quarter-",
            "31 March   31 March   on-year   31 December  on-quarter",
            "2024       2023       change    2023         change",
        ]
    )
    assert dates(header) == [date(2024, 3, 31), date(2023, 3, 31), "yoy", date(2023, 12, 31), "qoq"]
    assert header.reading == "stacked" and header.span == "instant"


def test_stacked_chinese_heading_years_over_days():
    header = read_header(
        [
            "截至下列日期止三個月",
            "二零二三年  二零二二年  二零二三年",
            "九月三十日  九月三十日  同比變動  六月三十日",
        ]
    )
    assert dates(header) == [date(2023, 9, 30), date(2022, 9, 30), "yoy", date(2023, 6, 30)]


def test_one_word_per_line_forward():
    lines = ["Three months ended", "31 March", "2024", "31 March", "2023", "Year-on-year", "change"]
    assert dates(read_header(lines)) == [date(2024, 3, 31), date(2023, 3, 31), "yoy"]


def test_reversed_heading_is_read_backwards():
    lines = [
        "2023",
        "31 December",
        "change",
        "Year-on-year",
        "2023",
        "31 March",
        "2024",
        "31 March",
        "Three months ended",
    ]
    header = read_header(lines)
    assert header.reading == "reversed"
    assert dates(header) == [date(2024, 3, 31), date(2023, 3, 31), "yoy", date(2023, 12, 31)]


def test_jumbled_heading_is_uncertain():
    lines = [
        "Three months ended",
        "2024",
        "31 March",
        "31 December",
        "2023",
        "31 March",
        "2023",
        "Year-on-year change",
    ]
    with pytest.raises(UncertainHeader):
        read_header(lines)


def test_stacked_heading_with_unequal_counts_is_uncertain():
    with pytest.raises(UncertainHeader):
        read_header(["31 March   31 March   31 December", "2024   2023"])


def test_change_column_first_is_uncertain():
    with pytest.raises(UncertainHeader):
        read_header(["Year-on-year change 31 March 2024 31 March 2023"])


def test_year_table_heading_uses_the_common_day_and_month():
    header = read_header(["Year ended 31 December", "2022   Year-on-year change"])
    assert dates(header) == [date(2022, 12, 31), "yoy"]
    assert header.span == "year"
    zh = read_header(["截至十二月三十一日止年度", "二零二二年  同比變動"])
    assert dates(zh) == [date(2022, 12, 31), "yoy"]


def test_map_cells_counts_must_match():
    header = read_header(["Three months ended 31 March 2024 31 March 2023"])
    assert map_cells(split_row("Revenues 159,501 149,986"), header) == [
        (Column("date", date(2024, 3, 31)), split_row("Revenues 159,501 149,986").cells[0]),
        (Column("date", date(2023, 3, 31)), split_row("Revenues 159,501 149,986").cells[1]),
    ]
    assert map_cells(split_row("Revenues 159,501"), header) is None


def test_map_cells_drops_a_footnote_number_after_the_label():
    header = read_header(["Three months ended 31 March 2024 31 March 2023"])
    pairs = map_cells(split_row("Non-IFRS operating profit (1) 58,619 45,028*"), header)
    assert pairs is not None and [c.text for _, c in pairs] == ["58,619", "45,028*"]


@given(
    st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=999_999).map(lambda n: (f"{n:,}", float(n), False)),
            st.integers(min_value=1, max_value=99_999).map(lambda n: (f"({n:,})", -float(n), False)),
            st.integers(min_value=-99, max_value=999).map(lambda n: (f"{n}%", float(n), True)),
            st.integers(min_value=0, max_value=99_999).map(
                lambda n: (f"{n / 1000:.3f}", round(n / 1000, 3), False)
            ),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(
        ["Revenues", "- diluted", "Non-IFRS operating profit", "收入", "微信及WeChat的合併月活躍賬戶數"]
    ),
)
def test_split_row_round_trips_written_cells(cells, label):
    line = label + "  " + "   ".join(text for text, _, _ in cells)
    row = split_row(line, 7)
    assert row.label == label
    assert [(c.text, c.value, c.is_pct) for c in row.cells] == cells
    for cell in row.cells:
        assert line[cell.start - 7 : cell.end - 7] == cell.text
