from datetime import date

import pytest

from transforms.normalise.periods import (
    PeriodError,
    blank_dates,
    from_label,
    from_release_code,
    half,
    instant,
    month,
    months,
    nine_months,
    parse_chinese_date,
    parse_english_date,
    prior_quarter,
    prior_year,
    quarter,
    quarter_ending,
    span_ending,
    year,
    zh_year,
)


def test_labels_follow_the_contract():
    assert quarter(2024, 1).label == "2024Q1"
    assert half(2024).label == "2024H1"
    assert nine_months(2024).label == "2024Q1-Q3"
    assert year(2024).label == "2024"
    assert month(2024, 3).label == "2024-03"
    assert months(2024, 1, 2).label == "2024-01..2024-02"
    assert instant(date(2024, 3, 31)).label == "2024-03-31"


def test_spans():
    q = quarter(2024, 1)
    assert (q.start, q.end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert months(2024, 1, 2).end == date(2024, 2, 29)
    assert months(2024, 1, 6) == half(2024)
    assert months(2024, 1, 12) == year(2024)


@pytest.mark.parametrize("label", ["2024Q1", "2024H1", "2024Q1-Q3", "2024", "2024-03", "2024-01..2024-10", "2024-03-31"])
def test_from_label_round_trips(label):
    assert from_label(label).label == label


def test_release_codes():
    assert from_release_code("1Q2024") == quarter(2024, 1)
    assert from_release_code("1H2023") == half(2023)
    assert from_release_code("FY2023") == year(2023)
    with pytest.raises(PeriodError):
        from_release_code("Q5 2024")


def test_prior_periods():
    assert prior_year(quarter(2024, 1)).label == "2023Q1"
    assert prior_year(months(2024, 1, 2)).label == "2023-01..2023-02"
    assert prior_quarter(quarter(2024, 1)).label == "2023Q4"


def test_quarter_ending_and_spans():
    assert quarter_ending(date(2024, 9, 30)).label == "2024Q3"
    assert span_ending(date(2024, 6, 30), 6).label == "2024H1"
    assert span_ending(date(2024, 9, 30), 9).label == "2024Q1-Q3"
    with pytest.raises(PeriodError):
        quarter_ending(date(2024, 9, 29))


def test_dates_as_releases_write_them():
    assert parse_english_date("HONG KONG, Nov. 16, 2022 /PRNewswire/ --") == date(2022, 11, 16)
    assert parse_english_date("ended 31 December 2024") == date(2024, 12, 31)
    assert parse_english_date("Hong Kong, March 20, 2024 –") == date(2024, 3, 20)
    assert parse_chinese_date("截至二零二四年三月三十一日止三個月") == date(2024, 3, 31)
    assert parse_chinese_date("香港2022年11月16日 /美通社/") == date(2022, 11, 16)
    assert zh_year("二零一八") == 2018
    assert zh_year("二〇二五") == 2025


@pytest.mark.parametrize("build", [
    lambda y: quarter(y, 1), lambda y: half(y, 1), nine_months, year, lambda y: month(y, 3),
    lambda y: months(y, 1, 10), lambda y: from_label(f"{y}-01..{y}-10"),
])
@pytest.mark.parametrize("y", [1989, 2101, 2999])
def test_a_year_no_data_can_be_about_is_a_period_error(build, y):
    with pytest.raises(PeriodError, match=f"year {y} out of range"):
        build(y)
    assert build(2024).start.year == 2024


def test_dates_naming_a_day_are_blanked_and_periods_kept():
    line = "Editor: Li Ming Jun 3, 2022 09:15 AM, Q1 2022 results; 发稿于2022年6月3日; 2022-06-03 更新; 18 May 2022"
    blanked = blank_dates(line)
    assert len(blanked) == len(line)
    assert "2022" not in blanked.replace("Q1 2022", "")
    assert "Q1 2022" in blanked
    assert blank_dates("In May 2022 and 2022年5月 sales rose; Sales 12, 2022") == (
        "In May 2022 and 2022年5月 sales rose; Sales 12, 2022")
