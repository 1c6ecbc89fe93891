"""Chinese news forms: spaced non-IFRS labels, record-high MAU lines, spaced Weixin names; each with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.normalise.vocabulary import is_non_ifrs_label, last_stated_basis
from transforms.parse.claims import ClaimContext, extract
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER


def _results_zh(text: str, published: date) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document(text.encode("utf-8"), meta))


def _facts(result) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


# ---------------------------------------------------------------- "Non - IFRS" written with spaces round the dash

def test_a_spaced_dash_non_ifrs_label_names_the_non_ifrs_basis() -> None:
    assert last_stated_basis("non - ifrs经营利润") == "non_ifrs"
    assert is_non_ifrs_label("Non - IFRS operating profit")


def test_a_broker_line_with_a_spaced_non_ifrs_label_reads_non_ifrs() -> None:
    text = "2024Q3腾讯实现营收1650亿元,Non - IFRS经营利润600亿元(yoy+18%,qoq+6%)。"
    got = _facts(extract(text, ClaimContext(published=date(2024, 11, 20))))
    assert got[("tencent", "operating_profit", "total", "non_ifrs", "value", "2024Q3")] == 600e8
    assert got[("tencent", "operating_profit", "total", "non_ifrs", "yoy_pct", "2024Q3")] == 18.0


def test_a_profit_line_before_the_spaced_label_stays_without_a_basis() -> None:
    text = "腾讯控股2024Q3实现营收1650亿元(yoy+8%),营业利润520亿元(yoy+21%),Non - IFRS经营利润600亿元(yoy+18%)。"
    got = _facts(extract(text, ClaimContext(published=date(2024, 11, 20))))
    assert not any(k[1] == "operating_profit" and k[3] == "ifrs" for k in got)
    assert ("tencent", "operating_profit", "total", "non_ifrs", "value", "2024Q3") in got


def test_a_dash_without_non_is_not_a_non_ifrs_label() -> None:
    assert last_stated_basis("按 - ifrs 口径") != "non_ifrs"


# ---------------------------------------------------------------- a Weixin MAU line that calls its figure a record

_OPEN = "腾讯公布2021年第三季度业绩。\n社交平台保持稳定。"


def test_a_record_high_mau_clause_carries_to_the_figure_and_its_growths() -> None:
    text = _OPEN + "本季微信及WeChat合并月活跃账户数(MAU)再度创下历史新高,达12.6亿,同比升5%,环比升0.8%。"
    got = _facts(_results_zh(text, date(2021, 11, 12)))
    assert got[("weixin", "mau", "total", "na", "value", "2021Q3")] == 12.6e8
    assert got[("weixin", "mau", "total", "na", "yoy_pct", "2021Q3")] == 5.0
    assert got[("weixin", "mau", "total", "na", "qoq_pct", "2021Q3")] == 0.8


def test_a_record_high_clause_of_another_thing_carries_no_mau() -> None:
    text = _OPEN + "本季微信及WeChat合并月活跃账户数(MAU)稳步增长,小程序交易额再度创下历史新高,达12.6亿,同比升5%。"
    got = _facts(_results_zh(text, date(2021, 11, 12)))
    assert not any(k[0] == "weixin" for k in got)


def test_a_spaced_weixin_and_wechat_name_is_still_the_combined_mau() -> None:
    text = "腾讯公布2021年第三季度业绩。\n三季度微信及 Wechat 的合并月活增至 12.63 亿。"
    got = _facts(_results_zh(text, date(2021, 11, 12)))
    assert got[("weixin", "mau", "total", "na", "value", "2021Q3")] == 12.63e8


def test_a_spaced_qq_name_after_weixin_is_not_read_as_weixin() -> None:
    text = "腾讯公布2021年第三季度业绩。\n三季度微信及 QQ 的合并月活增至 15.2 亿。"
    got = _facts(_results_zh(text, date(2021, 11, 12)))
    assert ("weixin", "mau", "total", "na", "value", "2021Q3") not in got


# ---------------------------------------------------------------- a segment, then 在本季度 or Q2, then its revenue word

_Q2 = "腾讯公布2019年第二季度业绩。\n"


def test_a_segment_in_this_quarter_realising_revenue_is_that_segment() -> None:
    text = _Q2 + "作为焦点之一,网络广告业务在本季度实现收入人民币170亿元,同比增长18%。"
    got = _facts(_results_zh(text, date(2019, 8, 15)))
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2019Q2")] == 170e8
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2019Q2")] == 18.0


def test_a_segment_in_the_last_quarter_is_not_read_as_this_quarter() -> None:
    text = _Q2 + "作为焦点之一,网络广告业务在上季度实现收入人民币150亿元,同比增长20%。"
    got = _facts(_results_zh(text, date(2019, 8, 15)))
    assert not any(k[2] == "marketing_services" for k in got)
    assert ("tencent", "revenue", "total", "na", "value", "2019Q2") not in got


def test_a_segment_then_a_quarter_code_then_revenue_is_that_segment() -> None:
    text = _Q2 + "金融科技及企业服务 Q2 营收达到 230.5 亿元。"
    got = _facts(_results_zh(text, date(2019, 8, 15)))
    assert got[("tencent", "revenue", "fintech_business_services", "na", "value", "2019Q2")] == 230.5e8


def test_a_quarter_code_then_another_clause_keeps_the_revenue_unplaced() -> None:
    text = _Q2 + "金融科技及企业服务 Q2 增长放缓,营收达到 888.2 亿元。"
    got = _facts(_results_zh(text, date(2019, 8, 15)))
    assert not any(k[2] == "fintech_business_services" for k in got)


# ---------------------------------------------------------------- 海外游戏收入: the international games line

_Q3 = "腾讯公布2025年第三季度业绩。\n"


def test_overseas_games_revenue_is_the_international_games_line() -> None:
    text = _Q3 + "- 本土游戏收入同比增长12%,海外游戏收入同比增长40%。"
    got = _facts(_results_zh(text, date(2025, 11, 20)))
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q3")] == 40.0
    assert got[("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2025Q3")] == 12.0


def test_overseas_games_second_of_a_pair_takes_no_figure_of_the_list() -> None:
    text = _Q3 + "其中国内及海外游戏收入同比增长12%及40%。"
    got = _facts(_results_zh(text, date(2025, 11, 20)))
    assert not any(k[2] == "international_games" for k in got)
