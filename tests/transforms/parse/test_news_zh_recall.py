"""Chinese news forms of Tencent results stories: each reading is paired with a near miss that must stay held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.claims import ClaimContext, ClaimResult, extract
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


def results_zh(text: str, published: date) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document(text.encode("utf-8"), meta))


def facts(result: ParseResult) -> dict[tuple, float]:
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


# ---------------------------------------------------------------- results stories read by the Chinese results parser

def test_a_quarter_in_arabic_digits_without_di_after_its_year() -> None:
    text = "腾讯控股2026年3季度业绩稳健,总收入1800亿元(人民币,下同),符合预期。\n"
    got = facts(results_zh(text, date(2026, 11, 20)))
    assert got[("tencent", "revenue", "total", "na", "value", "2026Q3")] == 1800e8


def test_the_first_three_quarters_in_digits_are_not_the_third_quarter() -> None:
    text = "腾讯控股2026年前3季度总收入5200亿元(人民币,下同),符合预期。\n"
    got = facts(results_zh(text, date(2026, 11, 20)))
    assert not [k for k in got if k[-1] == "2026Q3"]


def test_zengzhi_yewu_is_the_value_added_services_line() -> None:
    text = "腾讯公布2026年第四季度业绩。\n第四季度增值业务收入同比增长28%至700亿元。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert got[("tencent", "revenue", "vas", "na", "value", "2026Q4")] == 700e8
    assert got[("tencent", "revenue", "vas", "na", "yoy_pct", "2026Q4")] == 28.0


def test_a_mobile_value_added_business_is_not_the_vas_line() -> None:
    text = "腾讯公布2026年第四季度业绩。\n第四季度移动增值业务收入同比增长28%至700亿元。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert not [k for k in got if got[k] in (700e8, 28.0)]


def test_growth_then_dao_then_the_level() -> None:
    text = ("腾讯公布2020年第四季度业绩。\n第四季度增值服务收入同比增长28%至700亿元,其中网络游戏收入增长29%到400亿元;"
            "网络广告版块增长20%至250亿元。\n")
    got = facts(results_zh(text, date(2021, 3, 20)))
    assert got[("tencent", "revenue", "online_games", "na", "value", "2020Q4")] == 400e8
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2020Q4")] == 250e8
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2020Q4")] == 20.0


def test_a_from_to_pair_gives_neither_end_as_the_level() -> None:
    text = "腾讯公布2020年第四季度业绩。\n第四季度网络游戏收入从300亿元增长到400亿元。\n"
    got = facts(results_zh(text, date(2021, 3, 20)))
    assert got.get(("tencent", "revenue", "online_games", "na", "value", "2020Q4")) != 300e8


def test_growth_with_jin_between_the_comparison_and_the_verb() -> None:
    text = "腾讯公布2026年全年业绩。\n2026年全年,腾讯实现收入5500亿元,同比仅下降1%。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert got[("tencent", "revenue", "total", "na", "value", "2026")] == 5500e8
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2026")] == -1.0


def test_a_change_in_points_after_jin_is_no_growth_rate() -> None:
    text = "腾讯公布2026年全年业绩。\n2026年全年,腾讯实现收入5500亿元,毛利率同比仅下降1个百分点。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert ("tencent", "revenue", "total", "na", "yoy_pct", "2026") not in got


def test_a_line_that_records_its_revenue() -> None:
    text = "腾讯公布2026年全年业绩。\n2026年腾讯增值服务录得营收2800亿元,同比下滑1.4%。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert got[("tencent", "revenue", "vas", "na", "value", "2026")] == 2800e8
    assert got[("tencent", "revenue", "vas", "na", "yoy_pct", "2026")] == -1.4


def test_two_lines_that_record_one_revenue_give_no_line() -> None:
    text = "腾讯公布2026年全年业绩。\n2026年腾讯增值服务及网络广告录得营收3600亿元,同比下滑1.4%。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert not [k for k in got if got[k] == 3600e8]


def test_this_business_names_a_line_not_the_total() -> None:
    text = ("騰訊2026年全年營收為人民幣5,600億元,年減1%。分業務來看,金融科技及企業服務成為拉動收入的核心引擎。"
            "該業務2026年收入1,800億元,年增3%。\n")
    got = facts(results_zh(text, date(2027, 3, 25)))
    assert got[("tencent", "revenue", "total", "na", "value", "2026")] == 5600e8
    assert not [k for k in got if got[k] == 1800e8 and k[2] == "total"]


# ---------------------------------------------------------------- sub-lines of advertising in a news article

def test_the_advertising_sub_lines_are_not_the_marketing_line() -> None:
    text = ("腾讯第三季网络广告业务的收入同比增长13%至190.5亿元。"
            "社交及其他广告收入增长32%至人民币150.2亿元。媒体广告收入下降28%至40.3亿元。")
    got = keys(run(text, date(2026, 11, 14)))
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2026Q3")] == 190.5e8
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2026Q3")] == 13.0
    assert not [k for k in got if got[k] in (150.2e8, 40.3e8, 32.0, -28.0)]


def test_a_broker_pair_of_year_and_quarter_growths() -> None:
    text = "腾讯控股2026年3季度业绩稳健,总收入1800亿元(人民币,下同),同/环比增9%/3%,符合预期。\n"
    got = facts(results_zh(text, date(2026, 11, 20)))
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2026Q3")] == 9.0
    assert got[("tencent", "revenue", "total", "na", "qoq_pct", "2026Q3")] == 3.0


def test_a_slash_pair_of_two_metrics_is_no_year_and_quarter_pair() -> None:
    text = "腾讯控股2026年3季度业绩稳健,总收入1800亿元(人民币,下同),营收/净利同比增9%/3%,符合预期。\n"
    got = facts(results_zh(text, date(2026, 11, 20)))
    assert ("tencent", "revenue", "total", "na", "qoq_pct", "2026Q3") not in got
    assert got.get(("tencent", "revenue", "total", "na", "yoy_pct", "2026Q3")) in (None, 9.0)


def test_xia_alone_after_the_comparison_is_a_fall() -> None:
    text = "腾讯公布2026年全年业绩。\n2026年腾讯本土市场游戏收入为1300亿元,同比下4%。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert got[("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2026")] == -4.0


def test_xia_before_a_year_is_no_fall() -> None:
    text = "腾讯公布2026年全年业绩。\n2026年腾讯本土市场游戏收入为1300亿元,同比下2027年将推出新游戏。\n"
    got = facts(results_zh(text, date(2027, 3, 20)))
    assert not [k for k in got if k[4] == "yoy_pct"]


# ---------------------------------------------------------------- the interim period of Hong Kong wire stories

def test_zhongqi_before_a_results_word_is_the_first_half() -> None:
    text = ("腾讯(00700.HK)中期纯利增至五百亿元人民币,营业额升两成,增至一千二百亿元人民币。"
            "单计第二季,营业额按年升一成八,增加至六百二十亿元人民币。")
    got = keys(run(text, date(2026, 8, 15)))
    assert got[("tencent", "revenue", "total", "na", "value", "2026H1")] == 1200e8
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2026H1")] == 20.0
    assert got[("tencent", "revenue", "total", "na", "value", "2026Q2")] == 620e8


def test_zhongqi_as_the_medium_term_is_no_period() -> None:
    text = "腾讯管理层表示,中期来看营业额可升两成,增至一千二百亿元人民币。"
    got = keys(run(text, date(2026, 8, 15)))
    assert not [k for k in got if k[-1] == "2026H1"]


def test_basic_eps_as_taiwan_papers_write_it() -> None:
    text = "騰訊昨公布財報。\n財報顯示，騰訊上半年營收人民幣3,600億元，基本每股純益人民幣11.2元。\n"
    got = facts(results_zh(text, date(2026, 8, 14)))
    assert got[("tencent", "eps_basic", "total", "ifrs", "value", "2026H1")] == 11.2


def test_basic_eps_with_a_non_ifrs_label_is_not_the_ifrs_line() -> None:
    text = "騰訊昨公布財報。\n財報顯示，騰訊上半年非國際財務報告準則基本每股純益人民幣12.1元。\n"
    got = facts(results_zh(text, date(2026, 8, 14)))
    assert ("tencent", "eps_basic", "total", "ifrs", "value", "2026H1") not in got
