"""Figures whose subject, period or kind is not certain are held, not attached to the nearest word (real forms)."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date = date(2024, 3, 21)) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def held_reasons(result: ClaimResult) -> str:
    return " | ".join(h.reason for h in result.held)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # A platform's figure that drove a whole: Tencent's ad growth is not Channels' growth.
        ("Channels brought in more than 3 billion yuan of ad revenue in the second quarter of 2023, driving 34% "
         "ad sales growth.", "drove"),
        # A part of the subject named before the figure: travel products are not online retail of goods.
        ("上半年，全国网上零售额7.16万亿元，其中在线旅游产品销售额同比增长272.4%。", "part"),
        # Another measure between the subject's metric and the figure.
        ("2023年第四季度腾讯营收1552亿元，净利润427亿元，同比增长44%。", "another measure"),
        # A share of the GMV, not growth.
        ("In 2023 the GMV of Channels rose sharply, with brand sellers taking over 20% of the GMV.", "share"),
        # Growth between two years that are not consecutive.
        ("2017年中国电商直播成交额为268亿元，2020年上升为12881亿元，增长4700%。", "years"),
        # Figures listed respectively.
        ("In the fourth quarter of 2023 Tencent's revenue, gross profit and net profit grew 7%, 25% and 44% "
         "respectively.", "respectively"),
        # A platform and a market named together.
        ("2022年，微信直播电商GMV同比增长超过800%。", "platform"),
        # A money figure whose scale word was cut off.
        ("Tencent's value-added services revenue in 2024 reached RMB 78.8", "scale"),
    ],
)
def test_uncertain_attachment_is_held_with_its_reason(text: str, reason: str) -> None:
    result = run(text)
    wrong = {k for k in keys(result) if k[4] in ("2020", "2023", "2023Q4", "2024", "2022", "2023Q2", "2023H1")
             and k[3] in ("yoy_pct", "value", "share_pct") and k[5] in (34.0, 272.4, 25.0, 20.0, 4700.0, 44.0, 800.0,
                                                                         78.8)}
    assert not wrong, wrong
    assert reason in held_reasons(result)


def test_a_launch_date_is_not_the_period_of_a_figure() -> None:
    text = ("Channels, the short video feature WeChat launched in 2020, keeps growing. "
            "Orders on Channels increased by more than 244% last year.")
    result = run(text, published=date(2024, 1, 12))
    assert ("wechat_channels", "orders", "total", "yoy_pct", "2020", 244.0) not in keys(result)


def test_a_trillion_by_a_future_year_is_an_estimate_in_its_currency() -> None:
    result = run("China's live commerce market is set to exceed US$1 Trillion by 2026.", published=date(2023, 5, 2))
    facts = [f for f in result.facts if f.entity == "china_live_ecommerce"]
    assert all(f.value >= 1e12 and f.unit == "USD" and f.is_estimate for f in facts)


def test_beating_expectations_is_not_a_forecast() -> None:
    result = run("腾讯第三季度增值服务收入同比增长16%至959亿元，超出市场预期，其中国际市场游戏收入同比增长43%至208亿元。",
                 published=date(2025, 11, 13))
    facts = {(f.segment, f.measure): f for f in result.facts}
    assert not facts[("international_games", "value")].is_estimate
    assert facts[("international_games", "value")].value == 208e8


def test_an_analysts_estimate_labels_only_its_own_figure() -> None:
    result = run("2023年第四季度腾讯营收1552亿元，预估1574.2亿元，同比增长7%。", published=date(2024, 3, 20))
    growth = [f for f in result.facts if f.measure == "yoy_pct"]
    assert growth and not growth[0].is_estimate


def test_the_segment_named_in_the_clause_wins() -> None:
    result = run("第四季度腾讯网络广告收入297.9亿元，国际市场游戏收入139亿元。", published=date(2024, 3, 20))
    segs = {f.value: f.segment for f in result.facts}
    assert segs.get(139e8) == "international_games"
    assert segs.get(297.9e8) == "marketing_services"


def test_a_final_quarter_is_the_fourth() -> None:
    result = run("The revenue of Tencent for the final quarter of 2023 amounted to 155.196 billion yuan, "
                 "a 7% year-on-year increase.", published=date(2024, 3, 20))
    assert {f.period.label for f in result.facts} == {"2023Q4"}


def test_hard_wrapped_lines_are_one_sentence_and_the_documents_one_quarter_dates_them() -> None:
    text = ("* Q3 revenue 26.6 bln yuan, beats analyst estimates\n"
            "Tencent Holdings Ltd said its third-quarter revenue rose\n"
            "34 percent, the fastest pace in five quarters.\n"
            "Revenue in the firm's value-added services category grew 28\n"
            "percent on year to 20.55 billion yuan.\n")
    result = run(text, published=date(2015, 11, 10))
    got = keys(result)
    assert ("tencent", "revenue", "total", "yoy_pct", "2015Q3", 34.0) in got
    assert ("tencent", "revenue", "vas", "value", "2015Q3", 20.55e9) in got


def test_the_comparison_nearest_the_figure_decides_yoy_or_qoq() -> None:
    text = ("Tencent's Q3 2024 revenue reached RMB 167.19 billion, representing a year-over-year increase of 8% "
            "and a quarter-over-quarter increase of 4%.")
    got = keys(run(text, published=date(2024, 11, 14)))
    assert ("tencent", "revenue", "total", "yoy_pct", "2024Q3", 8.0) in got
    assert ("tencent", "revenue", "total", "qoq_pct", "2024Q3", 4.0) in got


def test_tencents_advertising_revenue_is_its_marketing_services_segment() -> None:
    got = keys(run("Tencent's advertising revenue rose 102 percent in the third quarter of 2015 to 4.9 billion yuan.",
                   published=date(2015, 11, 10)))
    assert ("tencent", "revenue", "marketing_services", "value", "2015Q3", 4.9e9) in got


def test_an_analysts_average_estimate_after_a_figure_is_an_estimate() -> None:
    result = run("Tencent's revenue for the third quarter of 2015 reached 26.59 billion yuan, compared with the "
                 "25.26 billion yuan average estimate of analysts.", published=date(2015, 11, 10))
    by_value = {f.value: f.is_estimate for f in result.facts}
    assert by_value.get(25.26e9, True) is True
    assert by_value.get(26.59e9) is False


@pytest.mark.parametrize(
    ("text", "published", "reason"),
    [
        # Tencent carries no "sales": the nearest metric word is another subject's.
        ("Tencent's total sales, as the writer calls them, jumped 40 per cent in the second quarter of 2020.",
         date(2020, 8, 13), "carries no"),
        # A quarter is named but not read: the figure is not the year's.
        ("Tencent said revenue for the quarter grew 8% year-on-year in 2024.", date(2024, 8, 14), "quarter"),
        # A monthly active count over a year.
        ("截至2023年底，微信月活跃用户13.43亿，2023年同比增长2%。", date(2024, 3, 20), "count at a date"),
        # Twelve months across two years.
        ("From August 2024 to July 2025, Douyin e-commerce GMV grew 34% year-on-year.", date(2025, 8, 20),
         "twelve-month"),
        # A line of business outside the vocabulary between the subject and the figure.
        ("Tencent's gaming revenue was RMB 51.8 billion in the third quarter of 2024, up 12.6% year-on-year.",
         date(2024, 11, 14), "part"),
        # A share of the company's whole that names no segment.
        ("In 2022 Tencent's digital services for the real economy accounted for more than 30% of revenue.",
         date(2023, 3, 22), "share"),
    ],
)
def test_more_uncertain_subjects_and_periods_are_held(text: str, published: date, reason: str) -> None:
    result = run(text, published=published)
    assert result.facts == []
    assert reason in held_reasons(result)


def test_margins_and_profits_need_their_basis() -> None:
    text = ("腾讯2025年第一季度毛利为1004.93亿元，同比增长20%，毛利率由去年同期的53%提升至56%；"
            "经营利润(Non-IFRS)为693.2亿元，同比增长18%；经营利润为575.66亿元。")
    result = run(text, published=date(2025, 5, 14))
    got = {(f.metric, f.basis, f.measure, f.period.label): f.value for f in result.facts}
    assert got[("gross_profit", "na", "value", "2025Q1")] == 1004.93e8
    assert got[("gross_profit", "na", "margin_pct", "2025Q1")] == 56.0
    assert got[("gross_profit", "na", "margin_pct", "2024Q1")] == 53.0
    assert got[("operating_profit", "non_ifrs", "value", "2025Q1")] == 693.2e8
    assert got[("operating_profit", "non_ifrs", "yoy_pct", "2025Q1")] == 18.0


def test_a_profit_above_the_stated_revenue_is_held() -> None:
    text = ("Tencent's total revenue in Q4 2023 was 155.196 billion RMB and, in another line, 1551.96 billion RMB, "
            "with an operating profit of 414.01 billion RMB (Non-IFRS).")
    result = run(text, published=date(2024, 3, 20))
    assert not any(f.metric == "operating_profit" for f in result.facts)


def test_a_long_first_line_is_the_text_not_its_title() -> None:
    from transforms.model import DocMeta
    from transforms.parse import parse_document

    body = ("Core views - Tencent's Q3 2024 revenue reached RMB 167.19 billion, a year-over-year increase of 8%. "
            "The gross margin was 53% [2] - International games revenue was RMB 14.5 billion, up 9% year-over-year. "
            "The report keeps its rating and expects the games business to keep its momentum into the next year.")
    result = parse_document(body.encode(), DocMeta(url="file:r", source="inbox", published_at=date(2024, 11, 14),
                                                   content_type="text/plain; charset=utf-8"))
    got = {(f.metric, f.segment, f.measure): f.value for f in result.facts}
    assert got[("revenue", "total", "value")] == 167.19e9
    assert got[("revenue", "international_games", "value")] == 14.5e9


@pytest.mark.parametrize(
    ("text", "published", "reason"),
    [
        # A year from another phrase of the paragraph, where the publication date says another.
        ("Kuaishou's revenues soared by 36.6 percent to 17 billion yuan in the first quarter, while live streaming "
         "stood at 72 percent of revenue in the first quarter of 2020.", date(2021, 5, 26), "no period"),
        # The total of online retail has no share of its own (the share belongs to physical goods).
        ("China's online retail sales accounted for 24.9 percent of total retail sales in 2020.", date(2021, 1, 21),
         "no share"),
        # A platform's own shelf e-commerce is not the shelf e-commerce market.
        ("During the 618 festival of 2025, Douyin's shelf e-commerce reached a GMV of around 200 billion yuan.",
         date(2025, 7, 1), "platform"),
        # A figure of one day.
        ("The live commerce market took in 1 billion yuan on the first day of pre-sales in 2020.", date(2020, 11, 1),
         "one day"),
    ],
)
def test_periods_and_series_that_are_not_what_they_seem_are_held(text: str, published: date, reason: str) -> None:
    result = run(text, published=published)
    assert result.facts == [] or all(f.metric not in ("revenue", "sales", "gmv") for f in result.facts)
    assert reason in held_reasons(result)


def test_a_quarter_of_this_year_and_a_fiscal_quarter_code() -> None:
    got = keys(run("Kuaishou said its revenue in the first quarter of this year rose 19.7% year-over-year to 25.2 "
                   "billion yuan.", published=date(2023, 5, 29)))
    assert ("kuaishou", "revenue", "total", "yoy_pct", "2023Q1", 19.7) in got
    got = keys(run("Tencent's Q3 FY2024 revenue rose 8% year-on-year.", published=date(2024, 11, 14)))
    assert ("tencent", "revenue", "total", "yoy_pct", "2024Q3", 8.0) in got


def test_online_channels_are_a_retail_channel_study_series_only() -> None:
    text = ("快手2022年第三季度线上营销服务收入123.2亿元。\n"
            "电商业务持续增长,其中电商GMV同比增长26.6%至2225亿元。\n")
    result = run(text, published=date(2022, 11, 23))
    assert not any(f.entity == "china_ecommerce" for f in result.facts)
    study = run("尼尔森IQ数据显示,2024年上半年快消全渠道销售额同比增长0.4%,线上增长5.7%。", published=date(2024, 8, 1))
    assert any(f.entity == "china_ecommerce" for f in study.facts)


def test_respectively_holds_only_the_bullet_it_is_in() -> None:
    text = ("Core views - Tencent's Q2 2025 revenue was RMB 184.5 billion, up 15% year-over-year [1] - Forecasts - "
            "IFRS net profits for 2025 and 2026 are put at RMB 240 billion and RMB 270 billion respectively [2]")
    result = run(text, published=date(2025, 8, 20))
    assert keys(result) == {("tencent", "revenue", "total", "value", "2025Q2", 184.5e9),
                            ("tencent", "revenue", "total", "yoy_pct", "2025Q2", 15.0)}
    assert "respectively" in held_reasons(result)


def test_a_sub_line_before_the_metric_holds_a_figure_whose_company_is_carried() -> None:
    text = ("Tencent reported third-quarter results. "
            "Gaming revenue in the overseas market rose 12% to RMB 14.1 billion.")
    result = run(text, published=date(2025, 11, 14))
    assert not keys(result)
    assert "part" in held_reasons(result)


def test_a_number_glued_to_another_is_held() -> None:
    result = run("Tencent Q3 revenue 1612.3.4 billion yuan, up 9% YoY.", published=date(2025, 11, 14))
    assert all(k[3] != "value" for k in keys(result))
    assert "garbled" in held_reasons(result)


def test_a_segment_word_of_an_earlier_bullet_does_not_qualify_the_next_one() -> None:
    text = ("Q4 2025 - domestic game revenue may grow 12% [1] - "
            "The advertising revenue may reach RMB 41 billion, a 16% increase year-on-year [2]")
    result = run(text, published=date(2026, 1, 20))
    text = "Tencent's results: " + text
    result = run(text, published=date(2026, 1, 20))
    assert {k for k in keys(result) if k[5] in (41e9, 16.0)} == {
        ("tencent", "revenue", "marketing_services", "value", "2025Q4", 41e9),
        ("tencent", "revenue", "marketing_services", "yoy_pct", "2025Q4", 16.0)}


def test_a_headline_figure_takes_no_period_from_the_section_or_title() -> None:
    text = "2023年中国直播电商行业现状分析\n直播电商市场规模突破4万亿元\n行业增长较快。"
    result = run(text, published=date(2023, 9, 1))
    assert not keys(result)
    assert "headline" in held_reasons(result)


def test_a_period_in_the_figures_own_clause_against_one_before_it_is_held() -> None:
    text = ("Kuaishou's GMV grew 15% in the first half of 2025, and Douyin is on track to post "
            "4 trillion yuan in GMV this year.")
    result = run(text, published=date(2025, 9, 1))
    assert not any(k[0] == "douyin_ecommerce" for k in keys(result))
    assert "no period" in held_reasons(result)


def test_a_segment_written_right_before_its_metric_is_the_subject_despite_an_earlier_part_word() -> None:
    text = ("Tencent Q4 2025 - Gaming: revenue was flat, with domestic games revenue declining by 4% [3]")
    result = run(text, published=date(2026, 3, 20))
    assert ("tencent", "revenue", "domestic_games", "yoy_pct", "2025Q4", -4.0) in keys(result)


def test_a_segment_revenue_above_the_stated_total_is_held() -> None:
    text = ("Tencent's revenue for Q4 2025 was 195.1 billion RMB. "
            "Tencent's FinTech and Business Services revenue for Q4 2025 was 612.4 billion RMB.")
    result = run(text, published=date(2026, 3, 20))
    assert keys(result) == {("tencent", "revenue", "total", "value", "2025Q4", 195.1e9)}
    assert "larger than the total revenue" in held_reasons(result)


def test_an_amount_followed_by_its_own_profit_word_is_not_the_revenue_named_before() -> None:
    text = "The largest games company by revenue booked a 55.6 billion yuan (US$7.8 billion) profit in Q2 2025."
    result = run("Tencent reported results. " + text, published=date(2025, 8, 14))
    assert not keys(result)
    assert "profit or loss named right after it" in held_reasons(result)


def test_a_sub_line_of_advertising_is_not_the_companys_revenue() -> None:
    text = "Tencent reported Q2 2020 results. Media advertising revenues fell by 20 per cent in the quarter."
    result = run(text, published=date(2020, 8, 13))
    assert not keys(result)
    assert "part" in held_reasons(result)


def test_items_of_a_run_together_summary_are_read_one_by_one() -> None:
    text = ("Core View - Tencent's revenue for Q3 2025 was 192.9 billion yuan, up 15% year-on-year [1] - "
            "Forecasts for 2027 put the dividend higher [2] - Its gross margin was 56% in Q3 2025 [3]")
    result = run(text, published=date(2025, 11, 20))
    assert keys(result) == {("tencent", "revenue", "total", "value", "2025Q3", 192.9e9),
                            ("tencent", "revenue", "total", "yoy_pct", "2025Q3", 15.0),
                            ("tencent", "gross_profit", "total", "margin_pct", "2025Q3", 56.0)}


def test_an_item_headed_by_an_unknown_subject_is_held() -> None:
    text = ("Tencent Q4 2025 results [1] - Gaming Business: Revenue was 60.1 billion RMB, up 12% year-on-year [2] - "
            "Advertising: The advertising business grew by 18% year-on-year [3] - "
            "Financial Technology and Enterprise Services: Revenue rose 9% year-on-year, with enterprise services "
            "growing about 15% [4]")
    result = run(text, published=date(2026, 3, 20))
    # "Advertising:" is repeated by the item's own metric word (the advertising business): it names that subject.
    assert keys(result) == {("tencent", "revenue", "fintech_business_services", "yoy_pct", "2025Q4", 9.0),
                            ("tencent", "revenue", "marketing_services", "yoy_pct", "2025Q4", 18.0)}
    assert "headed by a subject" in held_reasons(result)


def test_a_basis_word_after_revenue_names_a_profit_line_not_revenue() -> None:
    text = "Tencent's revenue in Q2 2025 was 184.5 billion yuan, and non-IFRS was 63.1 billion yuan, up 10%."
    result = run(text, published=date(2025, 8, 14))
    assert keys(result) == {("tencent", "revenue", "total", "value", "2025Q2", 184.5e9)}
    assert "basis word" in held_reasons(result)


@pytest.mark.parametrize("text", [
    "2025年上半年,全国网上零售额7.43万亿元。其中,农村实物商品网络零售额1.1万亿元,同比增长9.9%。",
    "In the first half of 2025, online retail sales were 7.43 trillion yuan. Rural online retail sales rose 9.9%.",
])
def test_a_part_written_right_before_the_subject_holds_the_figure(text) -> None:
    result = run(text, published=date(2025, 7, 20))
    assert keys(result) == {("china_online_retail", "sales", "total", "value", "2025H1", 7.43e12)}
    assert "part" in held_reasons(result)


def test_a_shopping_festivals_figure_is_not_the_calendar_periods() -> None:
    text = "上半年,商务部举办第五届网购节,带动同期全国网络零售额超5000亿元。"
    result = run(text, published=date(2025, 7, 20))
    assert not keys(result)
    assert "festival" in held_reasons(result)


def test_a_quarter_named_as_a_comparison_base_is_not_the_period() -> None:
    text = "2025年上半年,全国网上零售额7.43万亿元,同比增长8.5%,比一季度加快1.2个百分点。"
    result = run(text, published=date(2025, 7, 20))
    assert {k[4] for k in keys(result)} == {"2025H1"}


def test_online_retail_sales_of_goods_is_not_the_total_of_goods_and_services() -> None:
    result = run("China's online retail sales of goods rose 14.8 percent year-on-year in 2020.", date(2021, 1, 21))
    assert keys(result) == {("china_online_retail_goods", "sales", "total", "yoy_pct", "2020", 14.8)}
