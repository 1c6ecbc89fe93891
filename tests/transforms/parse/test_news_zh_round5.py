"""Chinese results-story forms of Hong Kong papers, blogs and broker notes: each reading is paired with a near miss
that stays held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse import article
from transforms.parse.claims import ClaimContext, extract
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


# ---------------------------------------------------------------- a blog whose first line is its lead sentence

_LEAD = "2025年全年,腾讯营收6601.18亿元,同比增长12%,游戏收入增速放缓,市场对此早有预期。\n后文谈的是公司管理层。\n"


def test_a_first_line_ending_in_a_full_stop_is_the_lead_even_with_decimal_figures() -> None:
    got = facts(article.parse(_doc(_LEAD, date(2026, 3, 20))))
    assert got[("tencent", "revenue", "total", "na", "value", "2025")] == 6601.18e8


def test_a_short_headline_with_a_decimal_figure_stays_the_title() -> None:
    text = "腾讯2025年营收6601.18亿元\n2025年全年,公司营收增长稳健。\n"
    result = article.parse(_doc(text, date(2026, 3, 20)))
    assert result.title == "腾讯2025年营收6601.18亿元"
    assert ("tencent", "revenue", "total", "na", "value", "2025") not in facts(result)


# ---------------------------------------------------------------- a record over ten years said of a yearly growth

def test_growth_called_a_ten_year_low_is_still_year_on_year() -> None:
    text = "2025年全年,腾讯营收6601.18亿元,同比增长3%,创近十年来的最低增速。"
    got = facts(extract(text, ClaimContext(published=date(2026, 3, 20))))
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2025")] == 3.0


def test_growth_over_the_last_ten_years_stays_held() -> None:
    text = "2025年,腾讯营收近十年来增长300%,创下新高。"
    got = facts(extract(text, ClaimContext(published=date(2026, 3, 20))))
    assert ("tencent", "revenue", "total", "na", "yoy_pct", "2025") not in got


# ---------------------------------------------------------------- Hong Kong papers: 期內 inside a segment line

_HK = "騰訊(00700)公布第3季業績。\n第3季收入1700.5億元,按年升9%。\n{line}\n"


def test_a_segment_line_with_the_period_word_before_its_revenue_word_is_read() -> None:
    got = facts(results_zh(_HK.format(line="營銷服務業務期內收入320億元,按年增19%,得益於廣告需求。"), date(2026, 11, 14)))
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2026Q3")] == 320e8
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2026Q3")] == 19.0


def test_a_segment_named_in_its_own_clause_does_not_own_a_later_revenue_figure() -> None:
    got = facts(results_zh(_HK.format(line="營銷服務業務期內增長強勁,收入320億元。"), date(2026, 11, 14)))
    assert ("tencent", "revenue", "marketing_services", "na", "value", "2026Q3") not in got


# ---------------------------------------------------------------- a constant-currency rate in brackets

def test_a_constant_currency_rate_in_brackets_leaves_the_reported_rate_alone() -> None:
    line = "國際市場遊戲收入160億元,按年升12%(按固定匯率計算增長14%),主要因為新遊戲表現強勁。"
    got = facts(results_zh(_HK.format(line=line), date(2026, 11, 14)))
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2026Q3")] == 12.0
    assert got[("tencent", "revenue", "international_games", "na", "value", "2026Q3")] == 160e8


def test_a_second_rate_in_brackets_that_is_not_at_constant_currency_keeps_the_line_in_doubt() -> None:
    line = "國際市場遊戲收入160億元,按年升12%(增長14%),主要因為新遊戲表現強勁。"
    got = facts(results_zh(_HK.format(line=line), date(2026, 11, 14)))
    assert ("tencent", "revenue", "international_games", "na", "yoy_pct", "2026Q3") not in got


# ---------------------------------------------------------------- a market named as the topic of the clause before

_GAMES = "腾讯发布2026年第三季度财报。\n第三季度腾讯营收1900亿元,同比增长12%。\n{line}\n"


def test_games_revenue_after_a_market_topic_is_that_market_s_games() -> None:
    line = "国际市场方面 , 游戏收入同比增长18%至人民币230亿元 , 由于新游戏表现强劲 。"
    got = facts(results_zh(_GAMES.format(line=line), date(2026, 11, 14)))
    assert got[("tencent", "revenue", "international_games", "na", "value", "2026Q3")] == 230e8
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2026Q3")] == 18.0


def test_games_revenue_after_a_market_that_is_not_the_clause_topic_stays_held() -> None:
    line = "国际市场表现强劲 , 游戏收入同比增长18%至人民币230亿元 。"
    got = facts(results_zh(_GAMES.format(line=line), date(2026, 11, 14)))
    assert ("tencent", "revenue", "international_games", "na", "value", "2026Q3") not in got


# ---------------------------------------------------------------- a change since the end of the quarter before

_MAU = "騰訊公布第3季業績。\n第3季收入1700.5億元,按年升9%。\n截至9月底止,微信及WeChat的合併月活躍賬戶數達14.1億戶,{change}。\n"


def test_a_change_since_the_end_of_the_quarter_before_is_quarter_on_quarter() -> None:
    got = facts(results_zh(_MAU.format(change="較6月底時增加0.6%"), date(2026, 11, 14)))
    assert got[("weixin", "mau", "total", "na", "value", "2026Q3")] == 14.1e8
    assert got[("weixin", "mau", "total", "na", "qoq_pct", "2026Q3")] == 0.6


def test_a_change_since_another_month_end_is_not_quarter_on_quarter() -> None:
    got = facts(results_zh(_MAU.format(change="較3月底時減少0.6%"), date(2026, 11, 14)))
    assert ("weixin", "mau", "total", "na", "qoq_pct", "2026Q3") not in got
    assert ("weixin", "mau", "total", "na", "yoy_pct", "2026Q3") not in got


# ---------------------------------------------------------------- a fiscal year with its closing date in brackets

_FY = "腾讯发布2025年第四季度及2025年度财报。\n报告显示,腾讯2025财年(截至{close})总收入为7150.3亿元,同比增长13%。\n"


def test_a_fiscal_year_with_its_closing_date_in_brackets_is_that_year() -> None:
    got = facts(results_zh(_FY.format(close="2025年12月31日"), date(2026, 3, 20)))
    assert got[("tencent", "revenue", "total", "na", "value", "2025")] == 7150.3e8
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2025")] == 13.0


def test_a_fiscal_year_with_another_date_in_brackets_stays_held() -> None:
    got = facts(results_zh(_FY.format(close="2025年6月30日"), date(2026, 3, 20)))
    assert not any(key[1] == "revenue" and key[5] == "2025" for key in got)


# ---------------------------------------------------------------- a lead paragraph's one period and a body naming others

def test_a_lead_s_period_does_not_date_later_paragraphs_when_the_body_names_another() -> None:
    text = ("8月20日消息,快手公告,公司上半年毛利为332.55亿元,较2023年同期增长29.7%。\n"
            "二季度,快手收入为309.75亿元,同比增长11.6%。\n"
            "直播业务收入减少6.7%至93亿元。\n")
    got = facts(article.parse(_doc(text, date(2024, 8, 20))))
    assert got[("kuaishou", "gross_profit", "total", "na", "value", "2024H1")] == 332.55e8
    assert got[("kuaishou", "revenue", "total", "na", "value", "2024Q2")] == 309.75e8
    assert not [k for k in got if k[2] == "live" and k[5] != "2024Q2"]


def test_a_lead_s_period_dates_later_paragraphs_when_it_is_the_only_period() -> None:
    text = ("尼尔森IQ月报显示,2026年1月国内快消品全渠道销售额同比下降5%,线上渠道增长12.8%。\n"
            "从渠道看,综合电商保持7.6%的增长,内容电商增长更快。\n")
    got = facts(article.parse(_doc(text, date(2026, 3, 5))))
    assert got[("china_comprehensive_ecommerce", "sales", "fmcg", "na", "yoy_pct", "2026-01")] == 7.6


# ---------------------------------------------------------------- a preview of a quarter that reviews the one before

_PREVIEW = ("腾讯控股第四季度业绩预期 - 卖方预测营业收入平均数为1933亿元,同比增长12% [2] 第三季度业务表现回顾 - "
            "第三季度营收1929亿元人民币,同比增长15%,环比增长5% [7] - 增值服务业务毛利率提升4个百分点至61% [4]\n")


def test_a_preview_heading_does_not_date_the_quarter_it_reviews() -> None:
    got = facts(results_zh(_PREVIEW, date(2025, 12, 2)))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q3")] == 1929e8
    assert not [k for k in got if k[5].startswith("2024")]


def test_a_segment_margin_reached_after_a_change_is_not_the_groups() -> None:
    got = facts(results_zh(_PREVIEW, date(2025, 12, 2)))
    assert not [k for k in got if k[1] == "gross_profit" and k[4] == "margin_pct"]


def test_a_group_margin_after_a_figure_closed_by_a_space_is_read() -> None:
    text = ("腾讯控股公布2025年第二季度业绩 财务表现 - 公司第二季总收入同比增长15%至1845亿元人民币 [1] - "
            "毛利润同比增长22% 毛利率同比优化3.6个百分点至57% [1]\n")
    got = facts(results_zh(text, date(2025, 8, 14)))
    assert got[("tencent", "gross_profit", "total", "na", "margin_pct", "2025Q2")] == 57


def test_a_first_quarter_written_as_shouji_after_a_fiscal_year_is_that_years_first_quarter() -> None:
    text = "腾讯控股公布2018年第一季度业绩前,券商按腾讯2017年度首季收入495.52亿元人民币计算增速。\n"
    got = facts(results_zh(text, date(2018, 5, 10)))
    assert got.get(("tencent", "revenue", "total", "na", "value", "2017Q1")) == 495.52e8
    assert ("tencent", "revenue", "total", "na", "value", "2017") not in got
    claims = {(f.period.label, f.value) for f in extract("腾讯2017年度首季收入495.52亿元。",
                                                         ClaimContext(published=date(2018, 5, 10))).facts}
    assert claims == {("2017Q1", 495.52e8)}


def test_the_second_segment_of_a_pair_does_not_take_the_first_figure_of_the_list() -> None:
    text = "腾讯控股公布2025年第三季度业绩。第三季度,腾讯增值服务收入959亿元,同比增长16%,其中国内及国际游戏收入同比增长16%及31%。"
    got = facts(results_zh(text, date(2025, 11, 20)))
    assert not [k for k in got if k[2] in ("international_games", "domestic_games")]
    alone = facts(results_zh("腾讯控股公布2025年第三季度业绩。第三季度,国际游戏收入同比增长31%。", date(2025, 11, 20)))
    assert alone[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q3")] == 31


def test_a_bare_revenue_word_after_a_clause_about_a_games_market_is_not_the_total() -> None:
    text = "腾讯控股公布2025年第三季度业绩。第三季度,海外游戏市场竞争激烈,收入同比增长43%。"
    assert not facts(results_zh(text, date(2025, 11, 20)))
    plain = facts(results_zh("腾讯控股公布2025年第三季度业绩。第三季度,腾讯收入同比增长15%至1929亿元。", date(2025, 11, 20)))
    assert plain[("tencent", "revenue", "total", "na", "value", "2025Q3")] == 1929e8


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
