"""Chinese news forms of Tencent results stories: each reading is paired with a near miss that must stay held."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


# ---------------------------------------------------------------- a digest whose bullets never name the company

_DIGEST = ("业绩概览 - 第二季度总收入1500亿元,同比增长10%,高于市场预期 [1] - 资本开支为150亿元,同比增长50% [2] "
           "分业务 - 增值服务收入同比增长12%至800亿元 [3] - 金融科技及企业服务收入同比增长8%至500亿元 [3]\n"
           "{tail}\n")


def test_a_digest_naming_tencent_once_and_its_segment_lines_is_about_tencent() -> None:
    got = keys(run(_DIGEST.format(tail="腾讯第二季度业绩稳健"), date(2026, 8, 14)))
    assert got[("tencent", "revenue", "total", "na", "value", "2026Q2")] == 1500e8
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2026Q2")] == 10.0
    assert got[("tencent", "capex", "total", "na", "value", "2026Q2")] == 150e8


def test_a_digest_that_names_another_company_too_has_no_subject_for_its_opening() -> None:
    got = keys(run(_DIGEST.format(tail="腾讯与快手第二季度业绩对比"), date(2026, 8, 14)))
    assert ("tencent", "revenue", "total", "na", "value", "2026Q2") not in got
    assert ("tencent", "capex", "total", "na", "value", "2026Q2") not in got


def test_a_digest_that_never_names_tencent_has_no_subject_for_its_opening() -> None:
    got = keys(run(_DIGEST.format(tail="第二季度业绩稳健"), date(2026, 8, 14)))
    assert ("tencent", "revenue", "total", "na", "value", "2026Q2") not in got


def test_one_segment_line_does_not_make_tencent_the_subject() -> None:
    text = ("业绩概览 - 第二季度总收入1500亿元,同比增长10% [1] - 增值服务收入同比增长12%至800亿元 [3]\n"
            "腾讯投资的公司第二季度业绩\n")
    got = keys(run(text, date(2026, 8, 14)))
    assert ("tencent", "revenue", "total", "na", "value", "2026Q2") not in got


# ---------------------------------------------------------------- a misplaced decimal point in 亿

def test_an_amount_in_yi_finer_than_a_million_is_held() -> None:
    text = "腾讯第二季度非国际财务报告准则权益持有人应占盈利为71.234亿元,同比上升9%。"
    got = keys(run(text, date(2026, 8, 14)))
    assert ("tencent", "profit_attributable", "total", "non_ifrs", "value", "2026Q2") not in got
    assert got[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2026Q2")] == 9.0


def test_an_amount_in_yi_of_whole_millions_is_kept() -> None:
    text = "腾讯第二季度非国际财务报告准则权益持有人应占盈利为712.34亿元,同比上升9%。"
    got = keys(run(text, date(2026, 8, 14)))
    assert got[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2026Q2")] == 712.34e8


# ---------------------------------------------------------------- sub-lines of advertising in a news article

def test_the_advertising_sub_lines_are_not_the_marketing_line() -> None:
    text = ("腾讯第三季网络广告业务的收入同比增长13%至190.5亿元。"
            "社交及其他广告收入增长32%至人民币150.2亿元。媒体广告收入下降28%至40.3亿元。")
    got = keys(run(text, date(2026, 11, 14)))
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2026Q3")] == 190.5e8
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2026Q3")] == 13.0
    assert not [k for k in got if got[k] in (150.2e8, 40.3e8, 32.0, -28.0)]
