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
        ("2023年第四季度腾讯营收1552亿元，毛利776亿元，同比增长25%。", "another measure"),
        # A share of the GMV, not growth.
        ("In 2023 the GMV of Channels rose sharply, with brand sellers taking over 20% of the GMV.", "share"),
        # Growth between two years that are not consecutive.
        ("2017年中国电商直播成交额为268亿元，2020年上升为12881亿元，增长4700%。", "years"),
        # Figures listed respectively.
        ("In the fourth quarter of 2023 Tencent's revenue, gross profit and net profit grew 7%, 25% and 44% "
         "respectively.", "respectively"),
        # A platform and a market named together.
        ("2022年，微信直播电商GMV同比增长超过800%。", "platform and a market"),
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
