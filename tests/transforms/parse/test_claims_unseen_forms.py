"""Forms met on real pages outside the evaluation set: each test pairs the reading with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract, find_periods, matching_text


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_nine_months_of_this_year_is_one_span_of_the_publication_year() -> None:
    [m] = find_periods("In the first nine months of this year, sales rose", date(2022, 11, 25))
    assert (m.kind, m.year) == ("nine", 2022)
    [h] = find_periods("in the first half of last year", date(2022, 11, 25))
    assert (h.kind, h.year, h.a) == ("half", 2021, 1)


def test_a_quarter_named_by_its_last_month() -> None:
    [q] = find_periods("the March quarter of 2021", None)
    assert (q.kind, q.year, q.a) == ("quarter", 2021, 1)
    [q] = find_periods("in the Sept quarter", None)
    assert (q.kind, q.year, q.a) == ("quarter", None, 3)
    assert not [p for p in find_periods("in March 2021 the quarterly report", None) if p.kind == "quarter"]


def test_a_since_phrase_does_not_date_the_next_sentence() -> None:
    text = ("Tencent's adjusted profit rose 40% year-on-year, its fastest pace since the June quarter of 2020. "
            "Revenue grew 7% year-on-year.")
    assert not [f for f in run(text, date(2024, 8, 14)).facts if f.period.label.startswith("2020")]


def test_nine_months_of_physical_commodities_online() -> None:
    text = ("In the first nine months of this year, the online retail sales of physical commodities came to "
            "9.1 trillion yuan, up 7.4 percent year on year.")
    got = keys(run(text, date(2023, 10, 20)))
    assert ("china_online_retail_goods", "sales", "total", "value", "2023Q1-Q3", 9.1e12) in got
    assert not [k for k in got if k[0] == "china_online_retail"]


def test_a_rise_smaller_than_expected_is_an_actual_figure() -> None:
    text = "Tencent posted a smaller-than-expected 8% rise in third-quarter revenue in 2024."
    [f] = [f for f in run(text, date(2024, 11, 14)).facts if f.measure == "yoy_pct"]
    assert not f.is_estimate and f.value == 8


def test_an_entity_closing_a_list_is_not_carried_to_the_next_line() -> None:
    text = "主播开播场次增加(抖音、快手、淘宝三家领先)\n其2023年第二季度直播GMV为12亿元。"
    assert not [f for f in run(text, date(2023, 9, 1)).facts if f.entity == "kuaishou"]
    alone = "快手电商发力。\n其2023年第二季度直播GMV为12亿元。"
    assert [f for f in run(alone, date(2023, 9, 1)).facts if f.entity == "kuaishou"]


def test_an_example_the_text_names_is_not_the_subject() -> None:
    text = "直播电商规模扩大。以某书店为例,其2023年第二季度直播GMV为3亿元。"
    result = run(text, date(2023, 9, 1))
    assert not [f for f in result.facts if f.value == 3e8]
    assert any("example" in h.reason for h in result.held)


def test_a_flow_up_to_a_quarter_is_held_but_a_stated_span_is_read() -> None:
    held = run("截至2023年第二季度,我国直播电商交易规模已达2.5万亿元,同比增长30%。", date(2023, 9, 1))
    assert not held.facts
    read = run("2023年第二季度,我国直播电商交易规模为1.3万亿元。", date(2023, 9, 1))
    assert keys(read) == {("china_live_ecommerce", "gmv", "total", "value", "2023Q2", 1.3e12)}


def test_from_one_period_to_another_places_each_figure() -> None:
    text = ("快手毛利由2022年第四季度的人民币120亿元增长5.0%至2023年第一季度的人民币126亿元。"
            "快手直播业务收入由2022年同期的人民币90亿元减少10.0%至2023年第一季度的人民币81亿元。")
    got = keys(run(text, date(2023, 5, 20)))
    assert ("kuaishou", "gross_profit", "total", "value", "2022Q4", 1.2e10) in got
    assert ("kuaishou", "gross_profit", "total", "qoq_pct", "2023Q1", 5.0) in got
    assert ("kuaishou", "revenue", "live", "value", "2022Q1", 9e9) in got
    assert ("kuaishou", "revenue", "live", "yoy_pct", "2023Q1", -10.0) in got
    assert not [k for k in got if k[3] == "yoy_pct" and k[4] == "2022Q4"]


def test_growth_between_years_further_apart_is_held() -> None:
    result = run("快手收入从2019年的391亿元增长107%到2021年的811亿元。", date(2022, 3, 30))
    assert not [f for f in result.facts if f.measure == "yoy_pct"]


def test_growth_in_a_segment_named_after_the_figure() -> None:
    text = "In the third quarter of 2025, Tencent's revenue rose 15% year-on-year, with 43% growth in international games."
    got = keys(run(text, date(2025, 11, 14)))
    assert ("tencent", "revenue", "international_games", "yoy_pct", "2025Q3", 43.0) in got
    assert ("tencent", "revenue", "total", "yoy_pct", "2025Q3", 43.0) not in got
    other = "In the third quarter of 2025, Tencent's revenue rose 15% year-on-year, with 43% growth in its overseas studios."
    assert not [k for k in keys(run(other, date(2025, 11, 14))) if k[5] == 43.0]


def test_growth_named_after_an_advertising_figure_is_not_advertising_growth() -> None:
    text = ("Tencent had a strong third quarter of 2025. Revenue grew 15% to RMB 192.9 billion, led by a 21% jump in "
            "the advertising business and steady 15% growth in domestic games.")
    got = keys(run(text, date(2025, 11, 14)))
    assert not [k for k in got if (k[1] == "ad_revenue" or k[2] == "marketing_services") and k[5] != 21.0]
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2025Q3", 21.0) in got  # "a 21% jump in" it


def test_an_overseas_count_is_not_the_total() -> None:
    text = "2023年第二季度,快手应用平均日活用户为3.76亿,海外市场月活跃用户已超过1.8亿。"
    assert not [f for f in run(text, date(2023, 8, 22)).facts if f.value == 1.8e8]


def test_chinese_yuan_with_its_dollar_translation() -> None:
    text = ("In the March quarter of 2020 Tencent booked revenue of 108 billion Chinese yuan ($15.2 billion), up 26% "
            "year-on-year. Online games revenue grew 31% year-on-year to 37.3 billion yuan.")
    got = keys(run(text, date(2020, 5, 13)))
    assert ("tencent", "revenue", "total", "value", "2020Q1", 1.08e11) in got
    assert not [k for k in got if k[5] == 1.52e10]
    assert ("tencent", "revenue", "online_games", "value", "2020Q1", 3.73e10) in got  # not held against dollars


def test_first_nine_months_written_with_shou() -> None:
    [m] = [p for p in find_periods("今年首9个月收入为4800亿元", date(2024, 11, 14)) if p.kind != "year"]
    assert m.kind in ("nine", "months") and m.year == 2024


def test_total_retail_of_consumer_goods_is_not_online_retail() -> None:
    text = ("Online retail sales reached 6.9 trillion yuan in January-June, up 11.8%. "
            "Retail sales of consumer goods grew 3.7% in the period, 0.5 percentage points faster than in Q1, and "
            "totaled about 23.6 trillion yuan.")
    assert not [f for f in run(text, date(2024, 7, 20)).facts if f.value in (2.36e13, 3.7)]


def test_figures_in_a_results_preview_take_no_previewed_quarter() -> None:
    text = ("Tencent will announce its third-quarter results on 13 November 2025.\n"
            "Revenue from domestic games was up 17%, and from international games up 35%, on a year earlier.\n"
            "Analysts expect revenue of RMB188.9 billion for the third quarter.")
    result = run(text, date(2025, 11, 12))
    assert not [f for f in result.facts if f.value in (17.0, 35.0)]
    plain = ("Tencent announced its third-quarter results on 13 November 2025.\n"
             "Domestic games revenue increased 17% year-on-year in the quarter, the company said in its filing.")
    assert [f for f in run(plain, date(2025, 11, 14)).facts if f.value == 17.0]


def test_a_share_of_revenue_needs_its_part() -> None:
    text = "In the second quarter of 2025, the core business accounted for 50% of Tencent's revenue."
    assert not [f for f in run(text, date(2025, 8, 14)).facts if f.measure == "share_pct"]


def test_billions_with_four_whole_digits_and_decimals_are_held() -> None:
    text = "Tencent's revenue for the third quarter of 2025 reached RMB 1892.17 billion, up 15% year-on-year."
    result = run(text, date(2025, 11, 14))
    assert not [f for f in result.facts if f.measure == "value"]
    plain = "Tencent's revenue for the third quarter of 2025 reached RMB 192.87 billion."
    assert [f.value for f in run(plain, date(2025, 11, 14)).facts] == [1.9287e11]


def test_a_span_of_months_is_never_its_last_month() -> None:
    [m] = find_periods("Sales between January and June 2023 rose 9%.", None)
    assert (m.kind, m.year, m.b) == ("months", 2023, 6)
    [q] = find_periods("Overall July-September revenue rose.", None)
    assert (q.kind, q.a) == ("quarter", 3)
    [u] = find_periods("Sales from March to June 2023 rose.", None)
    assert u.kind == "unclear"


def test_a_quarter_written_without_du_takes_its_year_from_publication() -> None:
    [q] = find_periods(matching_text("騰訊第二季收入增長"), date(2024, 8, 15))
    assert (q.kind, q.year, q.a) == ("quarter", None, 2)
    text = "騰訊(700)第二季非國際財務報告準則經營盈利為580億元,按年升20%。"
    got = keys(run(text, date(2024, 8, 15)))
    assert ("tencent", "operating_profit", "total", "value", "2024Q2", 580e8) in got
    assert ("tencent", "operating_profit", "total", "yoy_pct", "2024Q2", 20.0) in got


def test_a_run_of_quarters_or_a_shows_season_is_no_quarter() -> None:
    assert not find_periods(matching_text("毛利連續第三季增速超過兩成"), date(2024, 8, 15))
    assert not find_periods(matching_text("《乘風破浪》第四季播放量"), date(2024, 8, 15))
    text = "騰訊毛利連續第三季按年升逾20%,收入按年升8%。"
    assert not [f for f in run(text, date(2024, 8, 15)).facts if f.period.type == "quarter"]


def test_a_picture_caption_keeps_the_texts_one_quarter() -> None:
    text = ("騰訊(700)第一季非國際財務報告準則經營盈利為480億元,按年升30%。\n"
            "資料圖片\n"
            "收入1600億元,按年升6%。\n")
    got = keys(run(text, date(2024, 5, 15)))
    assert ("tencent", "revenue", "total", "value", "2024Q1", 1600e8) in got


def test_a_section_heading_still_ends_the_texts_one_quarter() -> None:
    text = ("騰訊(700)第一季非國際財務報告準則經營盈利為480億元,按年升30%。\n"
            "過往表現\n"
            "收入1600億元,按年升6%。\n")
    assert not [f for f in run(text, date(2024, 5, 15)).facts if f.metric == "revenue"]


def test_monthly_active_users_written_with_its_count_word() -> None:
    text = "腾讯2024年第一季度微信及WeChat合并月活用户数13.59亿,同比增长3%。"
    got = keys(run(text, date(2024, 5, 15)))
    assert ("weixin", "mau", "total", "value", "2024Q1", 1.359e9) in got
    near = "腾讯2024年第一季度微信的小程序用户数5亿,同比增长3%。"
    assert not [f for f in run(near, date(2024, 5, 15)).facts if f.metric == "mau"]


def test_a_tencent_segment_with_its_quarter_before_the_revenue_word() -> None:
    text = ("騰訊(700)第二季QQ的智能終端月活躍賬戶數為5.7億。\n"
            "集團增值服務第二季的收入按年上升9%至人民幣720億元。\n")
    got = keys(run(text, date(2024, 8, 15)))
    assert ("tencent", "revenue", "vas", "value", "2024Q2", 720e8) in got
    assert ("tencent", "revenue", "vas", "yoy_pct", "2024Q2", 9.0) in got


def test_an_advertising_segment_with_its_quarter_takes_no_company_of_its_own() -> None:
    text = "網絡廣告業務第二季的收入按年上升19%至299億元。\n"
    assert not [f for f in run(text, date(2024, 8, 15)).facts if f.metric in ("revenue", "ad_revenue")]


def test_hong_kong_growth_words_by_year_and_by_quarter() -> None:
    text = "騰訊第三季收入972億元,按年升21%,按季升4%。微信及WeChat的合併月活躍賬戶數11.5億,按季跌1%。"
    got = keys(run(text, date(2019, 11, 14)))
    assert ("tencent", "revenue", "total", "qoq_pct", "2019Q3", 4.0) in got
    assert ("tencent", "revenue", "total", "yoy_pct", "2019Q3", 21.0) in got
    assert ("weixin", "mau", "total", "qoq_pct", "2019Q3", -1.0) in got
    assert not [f for f in run(text, date(2019, 11, 14)).facts if f.value in (1.0, -4.0, -21.0)]
