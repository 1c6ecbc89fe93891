"""Period forms that dated figures wrongly on unseen pages: each test pairs the right reading with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def labels(result: ClaimResult) -> set[str]:
    return {f.period.label for f in result.facts}


def test_second_and_first_quarter_written_short_in_chinese_are_quarters() -> None:
    got = run("某券商预计腾讯今年次季收入将按年增长12%至1480亿元。", date(2023, 7, 10))
    assert labels(got) == {"2023Q2"}
    got = run("腾讯2024年首季收入按年增长6%至1595亿元。", date(2024, 5, 20))
    assert labels(got) == {"2024Q1"}
    got = run("腾讯2024年第三季收入按年增长8%至1672亿元。", date(2024, 11, 20))
    assert labels(got) == {"2024Q3"}


def test_a_word_like_a_quarter_word_is_no_quarter() -> None:
    got = run("腾讯本次季度报告显示，2023年全年收入增长10%至6090亿元。", date(2024, 3, 25))
    assert "2024Q2" not in labels(got) and "2023Q2" not in labels(got)


def test_an_unread_quarter_in_the_clause_never_takes_the_year() -> None:
    got = run("For 2023, Tencent's revenue in the latest quarter grew 11% to RMB 155 billion.", date(2023, 9, 1))
    assert not [f for f in got.facts if f.period.type == "year"]
    got = run("据券商估计，腾讯2023年季内收入增长11%至1550亿元。", date(2023, 9, 1))
    assert not [f for f in got.facts if f.period.type == "year"]


def test_a_read_quarter_or_a_fraction_leaves_the_year_figure_alone() -> None:
    got = run("For 2023, Tencent's revenue grew 10% to RMB 609 billion, and fourth-quarter revenue grew 7%.",
              date(2024, 3, 25))
    assert "2023" in labels(got)
    got = run("In 2023, a year in which about a quarter of the staff worked from home, Tencent's revenue grew 10% to "
              "RMB 609 billion.", date(2024, 3, 25))
    assert "2023" in labels(got)


def test_a_page_date_line_is_not_the_period_of_the_figures_below_it() -> None:
    text = ("What to expect from Tencent\nPosted 03/14/2022, 09:10 AM\n"
            "Revenue of $22.0 billion rose 13% year over year.")
    assert not [f for f in run(text, date(2022, 3, 14)).facts if f.period.label.startswith("2022")]
    text = "What to expect from Tencent\nLast updated July 2023\nRevenue of $11.1 billion rose 30% year over year."
    assert not [f for f in run(text, date(2018, 11, 9)).facts if f.period.label.startswith("2023")]
    text = "What to expect from Tencent\n14/03/2022 09:10\nRevenue of $22.0 billion rose 13% year over year."
    assert not [f for f in run(text, date(2022, 3, 14)).facts if f.period.label.startswith("2022")]


def test_a_period_heading_still_dates_the_figures_below_it() -> None:
    text = "Tencent results\nSecond quarter 2025\nRevenue rose 15% to RMB 184.5 billion."
    assert labels(run(text, date(2025, 8, 14))) == {"2025Q2"}


def test_a_release_of_a_quarter_and_a_half_year_dates_no_figure_as_the_year() -> None:
    text = ("On Tuesday Kuaishou published second-quarter and interim results for 2024. "
            "Its revenue rose 12% to 31 billion yuan.")
    assert not [f for f in run(text, date(2024, 8, 22)).facts if f.period.type == "year"]
    text = "快手发布2024年第二季度及中期业绩，总收入同比增长11.6%至310亿元。"
    assert not [f for f in run(text, date(2024, 8, 22)).facts if f.period.type == "year"]
    text = "Tencent reported fourth quarter and full year 2023 results. Revenue rose 7% to RMB 155.2 billion."
    assert not [f for f in run(text, date(2024, 3, 20)).facts if f.period.type == "year"]


def test_a_release_of_one_period_still_dates_the_next_sentence() -> None:
    text = "Kuaishou published second-quarter results for 2024 on Tuesday. Its revenue rose 12% to 31 billion yuan."
    assert labels(run(text, date(2024, 8, 22))) == {"2024Q2"}
    text = "Kuaishou published annual results for 2023 on Tuesday. Its revenue rose 21% to 113.5 billion yuan."
    assert labels(run(text, date(2024, 3, 22))) == {"2023"}


def test_from_one_level_to_another_each_takes_the_period_written_after_it() -> None:
    text = "Kuaishou's e-commerce GMV has grown from RMB 9.7 billion in 2018 to RMB 1.25 trillion in 2023."
    got = {(f.period.label, f.value) for f in run(text, date(2024, 6, 1)).facts}
    assert got == {("2018", 9.7e9), ("2023", 1.25e12)}


def test_a_level_with_no_period_of_its_own_in_from_to_is_not_given_the_other() -> None:
    text = "Kuaishou's e-commerce GMV has grown from RMB 9.7 billion in 2018 to RMB 1.25 trillion last year."
    got = run(text, date(2024, 6, 1)).facts
    assert [f.period.label for f in got] == ["2018"]
    text = "Kuaishou's e-commerce GMV rose to RMB 1.25 trillion in 2023 from RMB 900 billion a year earlier."
    got = run(text, date(2024, 6, 1)).facts
    assert not [f for f in got if f.value == 1.25e12 and f.period.label != "2023"]


def test_a_span_shorter_than_the_year_is_never_the_year() -> None:
    for text in ("By the end of its nine-month stretch in 2021, Kuaishou GMV had reached 480 billion yuan.",
                 "Kuaishou GMV came to 480 billion yuan in 9M 2021.",
                 "So far in 2021, Kuaishou GMV has come to 480 billion yuan.",
                 "Kuaishou GMV came to 480 billion yuan in Jan-Sep 2021.",
                 "2021年以来，快手电商GMV累计达到4800亿元。",
                 "2021年1月至9月，快手电商GMV达到4800亿元。"):
        got = run(text, date(2021, 11, 20)).facts
        assert not [f for f in got if f.period.type in ("year", "month")], text


def test_a_span_read_as_a_period_or_a_plain_year_still_prints() -> None:
    got = run("Kuaishou GMV came to 480 billion yuan in January-September 2021.", date(2021, 11, 20))
    assert labels(got) == {"2021Q1-Q3"}
    got = run("快手电商2021年前9个月GMV达到4800亿元。", date(2021, 11, 20))
    assert labels(got) == {"2021Q1-Q3"}
    got = run("Kuaishou GMV came to 680 billion yuan in 2021, up 78% from a year earlier.", date(2022, 3, 30))
    assert labels(got) == {"2021"}


def test_a_prediction_word_covers_the_growth_in_its_sentence() -> None:
    text = "Kuaishou's e-commerce arm is predicted to post GMV of 410 billion yuan in 2022, up 26% year over year."
    got = run(text, date(2023, 1, 3)).facts
    assert got and all(f.is_estimate for f in got)
    assert {f.measure for f in got} == {"value", "yoy_pct"}


def test_a_result_that_came_as_predicted_is_no_forecast() -> None:
    text = "As predicted, Kuaishou's GMV in 2022 came to 901.2 billion yuan, a year-over-year increase of 32.5%."
    got = run(text, date(2023, 3, 22)).facts
    assert got and not any(f.is_estimate for f in got)
