"""Chinese results-story forms of the later unseen rounds: each reading is paired with a near miss that stays held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER


def _doc(text: str, published: date):
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return load_document(text.encode("utf-8"), meta)


def results_zh(text: str, published: date) -> ParseResult:
    return PARSER.parse(_doc(text, published))


def facts(result) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


# ---------------------------------------------------------------- QQ's smart-device MAU (智能终端月活跃账户数)

_QQ_KEY = ("qq", "mau", "total", "na", "value", "2019Q2")


def test_qq_smart_device_mau_is_the_qq_count() -> None:
    text = ("腾讯公布2019年第二季度业绩。2019年第二季度,腾讯总收入为888.2亿元,同比增长21%。"
            "2019年第二季度,QQ的智能终端月活跃账户数为7.07亿,与去年同期相比大致稳定。\n")
    assert facts(results_zh(text, date(2019, 8, 15)))[_QQ_KEY] == 7.07e8


def test_qq_smart_device_daily_actives_are_not_its_mau() -> None:
    text = ("腾讯公布2019年第二季度业绩。2019年第二季度,腾讯总收入为888.2亿元,同比增长21%。"
            "2019年第二季度,QQ的智能终端日活跃账户数为4.2亿。\n")
    got = facts(results_zh(text, date(2019, 8, 15)))
    assert not any(k[0] == "qq" for k in got)


# ---------------------------------------------------------------- 相较去年同期: a year-on-year growth after the level

_VAS_YOY = ("tencent", "revenue", "vas", "na", "yoy_pct", "2022Q4")


def test_growth_against_the_same_period_last_year_with_xiangjiao() -> None:
    text = ("腾讯发布2022年第四季度业绩。四季度腾讯营收1449.5亿元,同比增长1%。"
            "腾讯四季度增值服务业务收入704亿元,相较去年同期下滑2%。\n")
    assert facts(results_zh(text, date(2023, 3, 23)))[_VAS_YOY] == -2.0


def test_xiangjiao_against_the_last_quarter_is_not_year_on_year() -> None:
    text = ("腾讯发布2022年第四季度业绩。四季度腾讯营收1449.5亿元,同比增长1%。"
            "腾讯四季度增值服务业务收入704亿元,相较上季度下滑2%。\n")
    got = facts(results_zh(text, date(2023, 3, 23)))
    assert _VAS_YOY not in got
    assert got.get(("tencent", "revenue", "vas", "na", "qoq_pct", "2022Q4"), -2.0) == -2.0


# ---------------------------------------------------------------- 經調整每股基本盈利: adjusted right before the EPS name

_EPS_ADJ = ("tencent", "eps_basic", "total", "non_ifrs", "value", "2024Q3")


def test_adjusted_right_before_basic_eps_is_its_non_ifrs_figure() -> None:
    text = ("騰訊公布第3季業績,第3季收入1671.93億元,按年升8%。\n"
            "第3季經調整每股基本盈利6.475元,按年增長36%。\n")
    got = facts(results_zh(text, date(2024, 11, 14)))
    assert got[_EPS_ADJ] == 6.475
    assert got[("tencent", "eps_basic", "total", "non_ifrs", "yoy_pct", "2024Q3")] == 36.0


def test_adjusted_profit_beside_an_unlabelled_basic_eps_stays_held() -> None:
    text = ("騰訊公布第3季業績,第3季收入1671.93億元,按年升8%。\n"
            "第3季經調整純利按年升33%,每股基本盈利5.62元。\n")
    got = facts(results_zh(text, date(2024, 11, 14)))
    assert not any(k[1] == "eps_basic" for k in got)


# ---------------------------------------------------------------- 预计4季度: a broker's forecast of a quarter with no year

_BROKER = ("腾讯控股发布业绩。券商点评:2024年3季度腾讯总收入1672亿元,同比增8%,符合预期。\n"
           "展望:预计4季度总收入同比增8.2%,利润增速料快过收入。\n")


def _estimates(result) -> dict[tuple, float]:
    return {(f.metric, f.segment, f.measure, f.period.label): f.value for f in result.facts if f.is_estimate}


def test_a_yearless_quarter_forecast_is_the_quarter_still_ahead() -> None:
    got = _estimates(results_zh(_BROKER, date(2024, 11, 14)))
    assert got == {("revenue", "total", "yoy_pct", "2024Q4"): 8.2}


def test_a_yearless_quarter_forecast_is_never_the_same_quarter_a_year_before() -> None:
    got = _estimates(results_zh(_BROKER, date(2024, 11, 14)))
    assert ("revenue", "total", "yoy_pct", "2023Q4") not in got


def test_a_yearless_quarter_forecast_published_while_its_results_may_be_out_stays_held() -> None:
    result = results_zh(_BROKER.replace("2024年3季度", "2024年全年"), date(2025, 3, 1))
    assert not _estimates(result)
    assert any("without its year" in h.reason for h in result.held)


# ---------------------------------------------------------------- 社交+4%/广告+17%: a broker's slash list of line growths

_HEAD = "腾讯控股发布业绩。券商点评:2024年3季度腾讯总收入1672亿元,同比增8%,符合预期。"


def _lines(result, estimate: bool = False) -> dict[tuple, float]:
    return {(f.segment, f.measure, f.period.label): f.value for f in result.facts
            if f.metric == "revenue" and f.segment != "total" and f.is_estimate == estimate}


def test_a_slash_list_of_line_growths_with_tongbi_on_its_first_item() -> None:
    got = _lines(results_zh(_HEAD + "其中游戏同比+11%/广告+15%/社交+3%/金融企服+6%。\n", date(2024, 11, 14)))
    assert got == {("social_networks", "yoy_pct", "2024Q3"): 3.0,
                   ("fintech_business_services", "yoy_pct", "2024Q3"): 6.0,
                   ("marketing_services", "yoy_pct", "2024Q3"): 15.0}


def test_the_unknown_first_label_of_a_slash_list_prints_nothing() -> None:
    result = results_zh(_HEAD + "其中游戏同比+11%/广告+15%/社交+3%/金融企服+6%。\n", date(2024, 11, 14))
    assert not any(f.value == 11.0 for f in result.facts)


def test_a_forecast_slash_list_after_qizhong_is_of_the_forecast_quarter() -> None:
    text = _HEAD + "\n展望:预计4季度总收入同比增长9%,其中海外游戏+12%/社交+6%/本土游戏+15%。\n"
    result = results_zh(text, date(2024, 11, 14))
    assert _lines(result, estimate=True) == {("social_networks", "yoy_pct", "2024Q4"): 6.0,
                                             ("domestic_games", "yoy_pct", "2024Q4"): 15.0,
                                             ("international_games", "yoy_pct", "2024Q4"): 12.0}
    assert not _lines(result)


def test_a_slash_list_with_no_tongbi_in_its_sentence_stays_unread() -> None:
    got = _lines(results_zh(_HEAD + "\n其中社交+4%/金融企服+2%/广告+17%。\n", date(2024, 11, 14)))
    assert not got


def test_a_slash_list_in_a_sentence_naming_huanbi_stays_unread() -> None:
    got = _lines(results_zh(_HEAD + "其中环比看,游戏同比+13%/社交+4%/广告+17%。\n", date(2024, 11, 14)))
    assert not got


def test_advertising_parts_in_a_slash_list_are_not_the_lines() -> None:
    got = _lines(results_zh(_HEAD + "广告收入中,社交广告同比+17%/媒体广告+4%。\n", date(2024, 11, 14)))
    assert not got


# ---------------------------------------------------------------- 全年增长N%: the year's growth, 全 not left over

def test_quannian_growth_is_the_years_growth() -> None:
    text = "腾讯发布2022年全年业绩。2022年腾讯营收5545.5亿元,同比下滑1%。2022年国际游戏全年增长3%至468亿元。\n"
    got = facts(results_zh(text, date(2023, 3, 23)))
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2022")] == 3.0


def test_quannian_growth_after_a_quarters_growth_is_not_the_quarters() -> None:
    text = ("腾讯发布2022年第四季度及全年业绩。第四季度腾讯营收1449.5亿元,同比增长1%。"
            "第四季度国际游戏收入同比增长5%,全年增长3%。\n")
    got = facts(results_zh(text, date(2023, 3, 23)))
    assert got.get(("tencent", "revenue", "international_games", "na", "yoy_pct", "2022Q4"), 5.0) == 5.0


# ---------------------------------------------------------------- 略有增长至: a slight rise to the level written after it

_Q1_HEAD = "腾讯控股发布2019年第一季度财报,第一季度收入854.65亿元,同比增长16%。"
_QQ_Q1 = ("qq", "mau", "total", "na", "value", "2019Q1")


def test_a_slight_rise_to_a_level_gives_the_level() -> None:
    text = _Q1_HEAD + "第一季度QQ智能终端月活跃账户数同比略有增长至逾7亿。\n"
    assert facts(results_zh(text, date(2019, 5, 16)))[_QQ_Q1] == 7e8


def test_a_slight_rise_then_a_part_of_the_users_is_not_the_level() -> None:
    text = _Q1_HEAD + "第一季度QQ智能终端月活跃账户数同比略有增长,年轻用户达到2.1亿。\n"
    assert _QQ_Q1 not in facts(results_zh(text, date(2019, 5, 16)))
