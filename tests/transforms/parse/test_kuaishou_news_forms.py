"""Kuaishou news and broker-digest forms: adjusted net profit as its non-IFRS profit (never another company's or a
loss), metrics paired across 分别, live tipping as the live segment; each with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.lexicon import load_lexicon
from transforms.model import Fact
from transforms.parse.claims import ClaimContext, ClaimResult, extract, title_context
from transforms.parse.pipetable import _row_key

PUBLISHED = date(2024, 11, 21)


def run(text: str, published: date = PUBLISHED) -> ClaimResult:
    ty, tp = title_context(None, published)
    return extract(text, ClaimContext(published=published, title_year=ty, title_period=tp))


def profits(text: str) -> list[Fact]:
    return [f for f in run(text).facts if f.metric == "profit_for_period"]


def test_kuaishou_adjusted_net_profit_zh_is_non_ifrs_profit_for_period() -> None:
    facts = profits("快手2024年第三季度经调整净利润为39.5亿元，同比增长24.4%。")
    got = {(f.entity, f.basis, f.measure, f.period.label, f.value) for f in facts}
    assert got == {("kuaishou", "non_ifrs", "value", "2024Q3", 3.95e9),
                   ("kuaishou", "non_ifrs", "yoy_pct", "2024Q3", 24.4)}


def test_kuaishou_adjusted_net_profit_traditional_with_de() -> None:
    facts = profits("快手科技二季度經調整後的淨利為46.79億元，同比增長73.7%。")
    assert {(f.basis, f.period.label, f.value) for f in facts if f.measure == "value"} == {("non_ifrs", "2024Q2", 4.679e9)}


def test_kuaishou_adjusted_net_profit_en() -> None:
    facts = profits("In the second quarter of 2024, Kuaishou's adjusted net profit rose 63% to RMB 4.4 billion.")
    assert {(f.basis, f.measure, f.value) for f in facts} == {("non_ifrs", "yoy_pct", 63.0), ("non_ifrs", "value", 4.4e9)}


def test_tencent_adjusted_net_profit_is_held() -> None:
    result = run("腾讯2024年第三季度经调整净利润为597亿元，同比增长36%。")
    assert not [f for f in result.facts if f.metric in ("profit_for_period", "profit_attributable")]
    assert any("may name either profit line" in h.reason for h in result.held)


def test_attributable_still_wins_over_adjusted_net_profit() -> None:
    result = run("Tencent's adjusted net profit attributable to equity holders was RMB 59.8 billion in the third quarter of 2024.")
    assert {(f.metric, f.basis) for f in result.facts} == {("profit_attributable", "non_ifrs")}


def test_adjusted_net_profit_margin_is_a_margin() -> None:
    facts = profits("Tencent's non-IFRS net profit margin was 27.5% in the fourth quarter of 2023.")
    assert [(f.entity, f.measure, f.value) for f in facts] == [("tencent", "margin_pct", 27.5)]


def test_kuaishou_adjusted_net_loss_wording_is_held() -> None:
    assert profits("快手2021年第四季度经调整净利润亏损35.7亿元。") == []
    assert profits("快手2021年第三季度经调整净利润约-48.2亿元。") == []
    assert profits("Kuaishou's adjusted net profit narrowed its loss to RMB 3.7 billion in the first quarter of 2022.") == []


def test_bare_net_profit_after_adjusted_is_not_non_ifrs() -> None:
    facts = profits("快手2024年第三季度经调整净利润为39.5亿元，净利润为32亿元。")
    assert [f.value for f in facts] == [3.95e9]


def test_pipe_table_row_of_adjusted_net_profit_is_kuaishou_only() -> None:
    lex = load_lexicon()
    assert _row_key(lex, "经调整净利润", "kuaishou") == ("kuaishou", "profit_for_period", "total", "non_ifrs")
    assert _row_key(lex, "经调整净利润", "tencent") is None


def users(text: str) -> set[tuple[str, str, str, float]]:
    return {(f.metric, f.measure, f.period.label, f.value) for f in run(text, date(2024, 8, 20)).facts
            if f.metric in ("dau", "mau")}


def test_zh_metrics_listed_before_respectively_pair_in_order() -> None:
    got = users("二季度，快手应用的平均日活跃用户及平均月活跃用户分别达到4亿和7亿，分别同比增长4.8%和3.1%。")
    assert got == {("dau", "value", "2024Q2", 4e8), ("mau", "value", "2024Q2", 7e8),
                   ("dau", "yoy_pct", "2024Q2", 4.8), ("mau", "yoy_pct", "2024Q2", 3.1)}


def test_zh_respectively_with_more_figures_than_metrics_is_held() -> None:
    assert users("二季度，快手的日活跃用户和月活跃用户分别达到4亿、7亿及8亿。") == set()


def test_zh_second_list_without_respectively_is_held() -> None:
    got = users("二季度，快手的日活跃用户和月活跃用户分别达到4亿和7亿，较上年增长4.8%和3.1%。")
    assert not {g for g in got if g[1] == "yoy_pct"}


def test_zh_respectively_two_entities_is_held() -> None:
    assert users("二季度，快手和抖音的日活跃用户和月活跃用户分别达到4亿和7亿。") == set()


def test_non_ifrs_net_profit_mixed_script() -> None:
    facts = profits("2024Q3快手实现收入311亿元，Non-IFRS净利润39.5亿元，同比增长24.4%。")
    assert {(f.entity, f.basis, f.measure, f.value) for f in facts} == {
        ("kuaishou", "non_ifrs", "value", 3.95e9), ("kuaishou", "non_ifrs", "yoy_pct", 24.4)}
    assert profits("2024Q3腾讯实现收入1671亿元，Non-IFRS净利润597亿元。") == []


def rows(text: str) -> set[tuple[str, str, str, str, float]]:
    return {(f.metric, f.segment, f.measure, f.period.label, f.value) for f in run(text).facts}


def test_live_tipping_revenue_is_the_live_segment() -> None:
    got = rows("2024Q3快手直播打赏收入为93亿元，同比下降3.9%。")
    assert got == {("revenue", "live", "value", "2024Q3", 9.3e9), ("revenue", "live", "yoy_pct", "2024Q3", -3.9)}


def test_live_tipping_of_another_platform_is_held() -> None:
    assert not [f for f in run("2024Q3抖音直播打赏收入为120亿元。").facts if f.segment == "live"]


def test_expense_ratio_after_gross_margin_is_not_a_margin() -> None:
    got = rows("2024Q3快手毛利率54.3%，销售费用率33.3%，管理费用率为2.6%。")
    assert {g for g in got if g[0] == "gross_profit"} == {("gross_profit", "total", "margin_pct", "2024Q3", 54.3)}


def test_points_to_a_level_is_not_growth() -> None:
    got = rows("2024Q3快手在线营销收入176亿元，收入占比同比提升4.1pcts至56.6%。")
    assert not {g for g in got if g[2] in ("yoy_pct", "qoq_pct")}


def test_ecommerce_revenue_is_not_total_revenue() -> None:
    got = rows("2024Q3快手电商收入41.6亿元，同比增长17.5%。")
    assert not {g for g in got if g[0] == "revenue" and g[1] == "total"}
    assert ("revenue", "total", "value", "2024Q3", 3.11e10) in rows("2024Q3快手实现收入311亿元，其中电商业务表现稳健。")
