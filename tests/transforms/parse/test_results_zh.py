"""Chinese Tencent results parser: 美通社 releases, news reports, GBK pages and the tencent_zh snapshot."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from transforms.model import DocMeta, ParseResult, UnsupportedDocument
from transforms.parse.document import Document, load_document
from transforms.parse.results_zh import KIND, PARSER, working_text

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases" / "results_zh"
SNAPSHOT = ROOT / "sources" / "snapshot" / "tencent_zh"
REFERENCE = ROOT / "tests" / "reference" / "tencent_quarterly.csv"


def _doc(
    data: bytes,
    *,
    title: str | None = None,
    published: date | None = None,
    content_type: str = "text/plain; charset=utf-8",
    charset: str | None = "utf-8",
) -> Document:
    meta = DocMeta(
        url="https://example.invalid/doc",
        source="article",
        title=title,
        published_at=published,
        content_type=content_type,
        charset=charset,
    )
    return load_document(data, meta)


def _text_doc(text: str, **kw) -> Document:
    return _doc(text.encode("utf-8"), **kw)


def _facts(result: ParseResult) -> dict[tuple, tuple[float, str, str]]:
    """Facts keyed by (entity, metric, segment, basis, measure, period) -> (value, unit, qualifier)."""
    out = {}
    for f in result.facts:
        f.validate()
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        assert key not in out, f"duplicate fact {key}"
        out[key] = (f.value, f.unit, f.qualifier)
    return out


def _check_provenance(doc: Document, result: ParseResult) -> None:
    for f in result.facts:
        assert f.reported_text in doc.text, f.reported_text
        assert f.reported_text in f.snippet
        assert len(f.snippet) <= 240
        m = re.search(r"chars (\d+)-(\d+)", f.locator)
        assert m and doc.text[int(m.group(1)) : int(m.group(2))].strip() == f.reported_text


# ---------------------------------------------------------------------------------------------------------
# The 美通社 release in traditional characters.


def test_traditional_release_2021q4_exact_facts():
    data = (CASES / "release_2021q4_tc.html").read_bytes()
    doc = _doc(data, title="騰訊公佈二零二一年第四季及全年業績", content_type="text/html; charset=utf-8")
    assert PARSER.sniff(doc)
    result = PARSER.parse(doc)
    assert result.kind == KIND
    q = "2021Q4"
    assert _facts(result) == {
        ("tencent", "revenue", "total", "na", "value", q): (144188000000.0, "CNY", "eq"),
        ("tencent", "revenue", "total", "na", "yoy_pct", q): (8.0, "pct", "eq"),
        ("tencent", "operating_profit", "total", "non_ifrs", "value", q): (33151000000.0, "CNY", "eq"),
        ("tencent", "operating_profit", "total", "non_ifrs", "yoy_pct", q): (-13.0, "pct", "eq"),
        ("tencent", "profit_for_period", "total", "non_ifrs", "value", q): (25758000000.0, "CNY", "eq"),
        ("tencent", "profit_for_period", "total", "non_ifrs", "yoy_pct", q): (-25.0, "pct", "eq"),
        ("tencent", "eps_basic", "total", "non_ifrs", "value", q): (2.609, "CNY_per_share", "eq"),
        ("tencent", "eps_diluted", "total", "non_ifrs", "value", q): (2.547, "CNY_per_share", "eq"),
        ("weixin", "mau", "total", "na", "value", q): (1268000000.0, "count", "eq"),
        ("weixin", "mau", "total", "na", "yoy_pct", q): (3.5, "pct", "eq"),
        ("tencent", "revenue", "vas", "na", "value", q): (71900000000.0, "CNY", "eq"),
        ("tencent", "revenue", "vas", "na", "yoy_pct", q): (7.0, "pct", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "value", q): (21500000000.0, "CNY", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "yoy_pct", q): (-13.0, "pct", "eq"),
        ("tencent", "revenue", "fintech_business_services", "na", "value", q): (47958000000.0, "CNY", "eq"),
        ("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", q): (25.0, "pct", "eq"),
    }
    _check_provenance(doc, result)


def test_traditional_reported_text_is_as_written_and_usd_is_never_the_rmb_figure():
    data = (CASES / "release_2021q4_tc.html").read_bytes()
    doc = _doc(data, title="騰訊公佈二零二一年第四季及全年業績", content_type="text/html; charset=utf-8")
    result = PARSER.parse(doc)
    texts = {f.reported_text for f in result.facts}
    assert "人民幣1,441.88億元" in texts
    assert "同比減少13%" in texts
    assert "12.68億" in texts
    assert not any("美元" in t for t in texts)
    assert all(f.value != 22615000000.0 for f in result.facts)
    revenue = next(f for f in result.facts if f.reported_text == "人民幣1,441.88億元")
    assert "[2]" in revenue.snippet and "226.15億美元" in revenue.snippet


def test_chinese_numeral_year_labels_and_sections():
    text = (
        "騰訊公佈二零二一年第四季及全年業績\n"
        "香港2022年3月23日 /美通社/ -- 騰訊控股有限公司今天公佈截至二零二一年十二月三十一日止三個月"
        "(「二零二一年第四季」)及截至二零二一年十二月三十一日止年度的未經審核綜合業績。\n"
        "二零二一年第四季業績摘要\n"
        "• 總收入為人民幣1,441.88億元(226.15億美元[2]),同比增長8%。\n"
    )
    result = PARSER.parse(_text_doc(text))
    assert _facts(result) == {
        ("tencent", "revenue", "total", "na", "value", "2021Q4"): (144188000000.0, "CNY", "eq"),
        ("tencent", "revenue", "total", "na", "yoy_pct", "2021Q4"): (8.0, "pct", "eq"),
    }


def test_figure_without_section_in_a_quarter_and_year_release_is_held():
    text = (
        "騰訊公佈二零二一年第四季及全年業績\n"
        "香港2022年3月23日 /美通社/ -- 騰訊控股有限公司今天公佈截至二零二一年十二月三十一日止三個月"
        "及截至二零二一年十二月三十一日止年度的未經審核綜合業績。\n"
        "• 總收入為人民幣1,441.88億元,同比增長8%。\n"
    )
    result = PARSER.parse(_text_doc(text))
    assert result.facts == []
    assert {h.reported_text for h in result.held} == {"人民幣1,441.88億元", "同比增長8%"}
    assert all("period" in h.reason for h in result.held)


def test_flat_growth_gives_no_fact_but_the_level_stays():
    text = (
        "騰訊公佈二零二二年第三季業績\n"
        "香港2022年11月16日 /美通社/ -- 騰訊控股有限公司今天公佈截至二零二二年九月三十日止三個月"
        "(「二零二二年第三季」)的未經審核綜合業績。\n"
        "二零二二年第三季業績摘要\n"
        "• 按非國際財務報告準則[1]計算:\n"
        "  - 經營盈利同比持平。\n"
        "  - 期內盈利為人民幣334億元,同比增長3%。\n"
    )
    result = PARSER.parse(_text_doc(text))
    assert _facts(result) == {
        ("tencent", "profit_for_period", "total", "non_ifrs", "value", "2022Q3"): (
            33400000000.0,
            "CNY",
            "eq",
        ),
        ("tencent", "profit_for_period", "total", "non_ifrs", "yoy_pct", "2022Q3"): (3.0, "pct", "eq"),
    }


def test_ifrs_lead_in_after_non_ifrs_lead_in():
    text = (
        "騰訊公佈二零二三年第一季業績\n"
        "二零二三年第一季業績摘要\n"
        "• 按非國際財務報告準則[1]計算:\n"
        "  - 經營盈利為人民幣484億元,同比增長32%。\n"
        "• 按國際財務報告準則計算:\n"
        "  - 經營盈利為人民幣404億元,同比增長9%。\n"
    )
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2023, 5, 17))))
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2023Q1")][0] == 48400000000.0
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2023Q1")][0] == 40400000000.0
    assert facts[("tencent", "operating_profit", "total", "ifrs", "yoy_pct", "2023Q1")][0] == 9.0


# ---------------------------------------------------------------------------------------------------------
# Simplified news reports.


def test_simplified_news_report_2024q1():
    doc = _doc((CASES / "news_2024q1_sc.txt").read_bytes(), published=date(2024, 5, 14))
    assert PARSER.sniff(doc)
    result = PARSER.parse(doc)
    q = "2024Q1"
    assert _facts(result) == {
        ("weixin", "mau", "total", "na", "value", q): (1359000000.0, "count", "eq"),
        ("weixin", "mau", "total", "na", "yoy_pct", q): (3.0, "pct", "eq"),
        ("qq", "mau", "total", "na", "value", q): (553000000.0, "count", "eq"),
        ("qq", "mau", "total", "na", "yoy_pct", q): (-7.0, "pct", "eq"),
        ("wechat_channels", "user_time_spent", "total", "na", "yoy_pct", q): (80.0, "pct", "gt"),
    }
    _check_provenance(doc, result)


def test_gbk_page_decoded_with_header_or_meta_charset():
    data = (CASES / "news_2024q3_gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    expected = {
        ("tencent", "revenue", "vas", "na", "value", "2024Q3"): (82695000000.0, "CNY", "eq"),
        ("tencent", "revenue", "vas", "na", "yoy_pct", "2024Q3"): (9.0, "pct", "eq"),
        ("tencent", "revenue", "domestic_games", "na", "value", "2024Q3"): (37300000000.0, "CNY", "eq"),
        ("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2024Q3"): (14.0, "pct", "eq"),
        ("tencent", "revenue", "international_games", "na", "value", "2024Q3"): (14500000000.0, "CNY", "eq"),
        ("tencent", "revenue", "international_games", "na", "yoy_pct", "2024Q3"): (9.0, "pct", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "value", "2024Q3"): (29993000000.0, "CNY", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2024Q3"): (17.0, "pct", "eq"),
        ("tencent", "revenue", "fintech_business_services", "na", "value", "2024Q3"): (
            53089000000.0,
            "CNY",
            "eq",
        ),
        ("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2024Q3"): (2.0, "pct", "eq"),
        ("weixin", "mau", "total", "na", "value", "2024Q3"): (1382000000.0, "count", "eq"),
        ("weixin", "mau", "total", "na", "yoy_pct", "2024Q3"): (3.0, "pct", "eq"),
    }
    for ct, cs in (("text/html; charset=gbk", "gbk"), ("text/html", None)):
        doc = _doc(
            data, title="腾讯发布2024年第三季度财报 营销服务收入同比增长17%", content_type=ct, charset=cs
        )
        assert PARSER.sniff(doc)
        result = PARSER.parse(doc)
        assert _facts(result) == expected
        _check_provenance(doc, result)


def test_quarter_without_year_takes_the_year_from_publication():
    text = "3月22日，腾讯控股公布全年及第四季度业绩。\n第四季度，国际市场游戏收入为139亿元，同比增长5%。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2023, 3, 22))))
    assert facts == {
        ("tencent", "revenue", "international_games", "na", "value", "2022Q4"): (13900000000.0, "CNY", "eq"),
        ("tencent", "revenue", "international_games", "na", "yoy_pct", "2022Q4"): (5.0, "pct", "eq"),
    }


def test_without_any_period_nothing_is_emitted():
    text = "腾讯控股发布财报。网络广告收入为300亿元，同比增长21%。"
    result = PARSER.parse(_text_doc(text))
    assert result.facts == []
    assert len(result.held) == 2


# ---------------------------------------------------------------------------------------------------------
# Growth in words.


@pytest.mark.parametrize(
    ("sentence", "metric", "value", "qualifier"),
    [
        ("视频号总用户使用时长同比增长超80%。", "user_time_spent", 80.0, "gt"),
        ("视频号总用户使用时长为去年同期的三倍。", "user_time_spent", 200.0, "eq"),
        ("视频号广告收入同比增长一倍以上。", "ad_revenue", 100.0, "gt"),
        ("视频号广告收入同比增长超过80%。", "ad_revenue", 80.0, "gt"),
        ("视频号广告收入同比增长60%。", "ad_revenue", 60.0, "eq"),
        ("视频号广告收入同比翻倍。", "ad_revenue", 100.0, "eq"),
    ],
)
def test_channels_growth_words(sentence, metric, value, qualifier):
    text = "腾讯控股发布2024年第一季度财报。\n" + sentence
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2024, 5, 14))))
    assert facts == {
        ("wechat_channels", metric, "total", "na", "yoy_pct", "2024Q1"): (value, "pct", qualifier)
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "视频号总用户使用时长同比显著增长。",
        "视频号总用户使用时长快速增长。",
        "视频号总用户使用时长同比增长3倍。",
    ],
)
def test_qualitative_or_ambiguous_growth_gives_no_fact(sentence):
    text = "腾讯控股发布2024年第一季度财报。\n" + sentence
    assert PARSER.parse(_text_doc(text, published=date(2024, 5, 14))).facts == []


def test_nearly_and_decline_words():
    text = (
        "腾讯控股发布2025年第一季度业绩。\n"
        "金融科技及企业服务收入为549.07亿元，同比增长近5%。\n"
        "腾讯控股发布2025年第一季度业绩。"
    )
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2025, 5, 14))))
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2025Q1")] == (
        5.0,
        "pct",
        "approx",
    )
    text = "腾讯控股发布2022年第三季度业绩。\n增值服务业务收入同比減少3%至人民幣727.27億元。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2022, 11, 16))))
    assert facts[("tencent", "revenue", "vas", "na", "yoy_pct", "2022Q3")] == (-3.0, "pct", "eq")


# ---------------------------------------------------------------------------------------------------------
# Attachments that must not produce a fact.


def test_respectively_list_is_held():
    text = "腾讯控股发布2022年第三季度财报。\n网络广告和金融科技及企业服务收入分别为215亿元和448.44亿元。"
    result = PARSER.parse(_text_doc(text, published=date(2022, 11, 16)))
    assert result.facts == []
    assert {h.reported_text for h in result.held} == {"215亿元", "448.44亿元"}


def test_two_metrics_before_one_figure_is_held():
    text = "腾讯控股发布2022年第三季度财报。\n增值服务及网络广告收入同比下降3%。"
    result = PARSER.parse(_text_doc(text, published=date(2022, 11, 16)))
    assert result.facts == []
    assert [h.reason for h in result.held] == ["several metrics precede the figure"]


def test_growth_of_an_unknown_sub_line_does_not_fall_back_to_the_segment():
    text = "腾讯控股发布2022年第一季度财报。\n网络广告收入为180亿元，其中社交及其他广告收入157亿元，同比下降15%。"
    result = PARSER.parse(_text_doc(text, published=date(2022, 5, 18)))
    assert _facts(result) == {
        ("tencent", "revenue", "marketing_services", "na", "value", "2022Q1"): (18000000000.0, "CNY", "eq"),
    }
    assert {h.reported_text for h in result.held} == {"157亿元", "同比下降15%"}


def test_growth_after_a_share_clause_is_held():
    text = "腾讯控股发布2022年第三季度财报。\n金融科技及企业服务收入为448.44亿元，占总收入的32%，同比增长4%。"
    result = PARSER.parse(_text_doc(text, published=date(2022, 11, 16)))
    assert _facts(result) == {
        ("tencent", "revenue", "fintech_business_services", "na", "value", "2022Q3"): (
            44844000000.0,
            "CNY",
            "eq",
        ),
        ("tencent", "revenue", "fintech_business_services", "na", "share_pct", "2022Q3"): (32.0, "pct", "eq"),
    }
    assert [h.reported_text for h in result.held] == ["同比增长4%"]


def test_mau_written_in_yuan_is_held_and_revenue_with_the_scale_word_alone_is_yuan():
    text = (
        "腾讯控股发布2024年第一季度财报。\n微信及WeChat的合并月活跃账户数为13.59亿元。网络广告收入为180亿。\n"
    )
    result = PARSER.parse(_text_doc(text, published=date(2024, 5, 14)))
    assert [(f.metric, f.segment, f.value, f.unit) for f in result.facts] == [
        ("revenue", "marketing_services", 180e8, "CNY")]
    assert [h.reason for h in result.held] == ["MAU written with a currency"]


def test_unclear_basis_after_non_ifrs_figure_is_held():
    text = "腾讯控股发布2023年第一季度财报。\n非国际财务报告准则经营盈利为484亿元，期内盈利为334亿元。"
    result = PARSER.parse(_text_doc(text, published=date(2023, 5, 17)))
    assert _facts(result) == {
        ("tencent", "operating_profit", "total", "non_ifrs", "value", "2023Q1"): (48400000000.0, "CNY", "eq"),
    }
    assert [h.reported_text for h in result.held] == ["334亿元"]


def test_two_periods_in_the_clause_are_held():
    text = "腾讯公布2023年第四季度及全年业绩：视频号广告收入同比增长一倍以上"
    result = PARSER.parse(_text_doc(text, published=date(2024, 3, 20)))
    assert result.facts == []
    assert result.held and "period" in result.held[0].reason


# ---------------------------------------------------------------------------------------------------------
# Sniffing.


def test_non_tencent_industry_article_is_not_sniffed():
    doc = _doc((CASES / "industry_channels_sc.html").read_bytes(), content_type="text/html; charset=utf-8")
    assert not PARSER.sniff(doc)
    with pytest.raises(UnsupportedDocument):
        PARSER.parse(doc)


def test_hkex_table_announcement_is_not_sniffed():
    doc = _doc((CASES / "hkex_2024q1_table_tc.txt").read_bytes())
    assert not PARSER.sniff(doc)


def test_english_release_is_not_sniffed():
    doc = _text_doc(
        "HONG KONG, Nov. 16, 2022 /PRNewswire/ -- Tencent Holdings Limited today announced results."
    )
    assert not PARSER.sniff(doc)


def test_working_text_maps_back_to_the_original():
    original = "騰訊總收入為人民幣1,441.88億元（226.15億美元）"
    work = working_text(original)
    start = work.text.index("人民币1,441.88亿元")
    assert work.reported(start, start + len("人民币1,441.88亿元")) == "人民幣1,441.88億元"
    assert "(" in work.text and "（" not in work.text


# ---------------------------------------------------------------------------------------------------------
# The snapshot against the reference.

_SEGMENT_METRICS = {
    "total_revenue": ("tencent", "revenue", "total", "na"),
    "vas_revenue": ("tencent", "revenue", "vas", "na"),
    "domestic_games_revenue": ("tencent", "revenue", "domestic_games", "na"),
    "international_games_revenue": ("tencent", "revenue", "international_games", "na"),
    "social_networks_revenue": ("tencent", "revenue", "social_networks", "na"),
    "marketing_services_revenue": ("tencent", "revenue", "marketing_services", "na"),
    "fintech_business_services_revenue": ("tencent", "revenue", "fintech_business_services", "na"),
    "others_revenue": ("tencent", "revenue", "others", "na"),
    "online_games_revenue": ("tencent", "revenue", "online_games", "na"),
    "gross_profit": ("tencent", "gross_profit", "total", "na"),
    "operating_profit_ifrs": ("tencent", "operating_profit", "total", "ifrs"),
    "operating_profit_non_ifrs": ("tencent", "operating_profit", "total", "non_ifrs"),
    "profit_for_period_ifrs": ("tencent", "profit_for_period", "total", "ifrs"),
    "profit_for_period_non_ifrs": ("tencent", "profit_for_period", "total", "non_ifrs"),
    "profit_attributable_ifrs": ("tencent", "profit_attributable", "total", "ifrs"),
    "profit_attributable_non_ifrs": ("tencent", "profit_attributable", "total", "non_ifrs"),
    "total_cash": ("tencent", "total_cash", "total", "na"),
    "capex": ("tencent", "capex", "total", "na"),
    "eps_basic_ifrs": ("tencent", "eps_basic", "total", "ifrs"),
    "eps_diluted_ifrs": ("tencent", "eps_diluted", "total", "ifrs"),
    "eps_basic_non_ifrs": ("tencent", "eps_basic", "total", "non_ifrs"),
    "eps_diluted_non_ifrs": ("tencent", "eps_diluted", "total", "non_ifrs"),
    "weixin_mau": ("weixin", "mau", "total", "na"),
    "qq_mau": ("qq", "mau", "total", "na"),
    "video_accounts_time_spent_growth": ("wechat_channels", "user_time_spent", "total", "na"),
    "video_accounts_ad_revenue_growth": ("wechat_channels", "ad_revenue", "total", "na"),
}
_SCALE = {
    "RMB_100mn": Decimal("1e8"),
    "mn": Decimal("1e6"),
    "RMB_mn": Decimal("1e6"),
    "RMB_bn": Decimal("1e9"),
    "RMB": Decimal(1),
}
_REPORTED_SCALE = {"亿": Decimal("1e8"), "億": Decimal("1e8"), "元": Decimal(1)}


def _half_unit(number: str) -> Decimal:
    """Half a unit of the last printed digit of a number."""
    decimals = len(number.split(".", 1)[1]) if "." in number else 0
    return Decimal("0.5") * Decimal(10) ** -decimals


def _printed_match(fact, row: dict[str, str]) -> bool:
    """The fact's value equals the reference row's at the coarser of the two printed precisions."""
    m = re.search(r"([\d,]+(?:\.\d+)?)\s*([亿億元])", fact.reported_text)
    assert m, fact.reported_text
    scale = _SCALE[row["unit"]]
    tolerance = max(
        _half_unit(row["value"]) * scale,
        _half_unit(m.group(1).replace(",", "")) * _REPORTED_SCALE[m.group(2)],
    )
    return abs(Decimal(row["value"]) * scale - Decimal(repr(fact.value))) <= tolerance


def _reference() -> dict[tuple[str, str], dict[str, str]]:
    with REFERENCE.open(encoding="utf-8") as fh:
        return {(r["period"], r["metric"]): r for r in csv.DictReader(fh)}


def _reference_by_key() -> dict[tuple, dict[str, str]]:
    out = {}
    for (period, metric), row in _reference().items():
        if metric in _SEGMENT_METRICS and row["confidence"] in ("A", "B"):
            out[(*_SEGMENT_METRICS[metric], period)] = row
    return out


def _channels_growth(row: dict[str, str]) -> tuple[float, str]:
    """The yoy_pct and qualifier a Video Accounts reference row stands for."""
    qual = row["qualifier"].lower()
    if row["unit"] == "x_prior_year":
        return (float(row["value"]) - 1) * 100, "eq"
    if "more than doubled" in qual:
        return 100.0, "gt"
    value = float(row["value"])
    return value, "gt" if qual.startswith("over") else "eq"


def _snapshot_entries() -> list[dict[str, str]]:
    return json.loads((SNAPSHOT / "index.json").read_text(encoding="utf-8"))


def _load_entry(entry: dict[str, str]) -> Document:
    ct = entry["content_type"]
    charset = ct.split("charset=", 1)[1] if "charset=" in ct else None
    meta = DocMeta(
        url=entry["url"],
        source=entry["source"],
        title=entry["title"],
        published_at=date.fromisoformat(entry["published_at"]),
        content_type=ct,
        charset=charset,
    )
    return load_document((SNAPSHOT / entry["file"]).read_bytes(), meta)


def test_snapshot_index_is_well_formed():
    entries = _snapshot_entries()
    files = {p.name for p in SNAPSHOT.iterdir() if p.name != "index.json"}
    assert {e["file"] for e in entries} == files
    ref = _reference()
    quarters = set()
    for e in entries:
        assert e["source"] in ("prnewswire", "article")
        assert e["content_type"] in ("text/html; charset=utf-8", "text/html; charset=gbk")
        # url: a checked public page stating the figures, or empty (tests/sources/test_sources_snapshot.py)
        assert e["url"] == "" or e["url"].startswith(("https://", "http://"))
        quarter = re.match(r"(\d{4})q([1-4])", e["file"])
        assert quarter
        label = f"{quarter.group(1)}Q{quarter.group(2)}"
        quarters.add(label)
        assert ref[(label, "release_date")]["value"] == e["published_at"]
    assert quarters == {f"{y}Q{q}" for y in range(2018, 2026) for q in range(1, 5)} - {"2018Q2", "2025Q4"}
    gbk = [e for e in entries if e["content_type"].endswith("gbk")]
    assert 1 <= len(gbk) <= 2
    for e in gbk:
        data = (SNAPSHOT / e["file"]).read_bytes()
        assert b"charset=gbk" in data
        data.decode("gbk")


def test_every_snapshot_fact_matches_the_reference():
    ref = _reference_by_key()
    seen = 0
    channels = {}
    for entry in _snapshot_entries():
        doc = _load_entry(entry)
        assert PARSER.sniff(doc), entry["file"]
        result = PARSER.parse(doc)
        assert result.facts, entry["file"]
        _check_provenance(doc, result)
        for f in result.facts:
            f.validate()
            label = f.period.label
            if f.period.type == "year":
                label = f"{label}Q4"
            row = ref.get((f.entity, f.metric, f.segment, f.basis, label))
            assert row is not None, (entry["file"], f)
            if f.period.type == "year":
                assert "FY" in row["note"], row
            if f.entity == "wechat_channels":
                assert (f.value, f.qualifier) == _channels_growth(row), (entry["file"], f)
                channels[(f.metric, f.period.label)] = (f.value, f.qualifier)
            elif f.measure == "value":
                assert _printed_match(f, row), (entry["file"], f, row)
            else:
                assert f.measure == "yoy_pct"
                assert row["yoy_pct"] and f.value == float(row["yoy_pct"]), (entry["file"], f, row)
            seen += 1
    assert seen >= 150
    assert channels[("user_time_spent", "2024Q1")] == (80.0, "gt")
    assert channels[("user_time_spent", "2022Q4")] == (200.0, "eq")
    assert channels[("ad_revenue", "2023Q4")] == (100.0, "gt")
    assert channels[("ad_revenue", "2024Q2")] == (80.0, "gt")
    assert channels[("ad_revenue", "2024Q4")] == (60.0, "eq")


def test_every_number_printed_in_the_snapshot_is_in_the_reference():
    ref = _reference()
    for entry in _snapshot_entries():
        doc = _load_entry(entry)
        quarter = re.match(r"(\d{4})q([1-4])", entry["file"])
        assert quarter
        label = f"{quarter.group(1)}Q{quarter.group(2)}"
        rows = [r for (p, _), r in ref.items() if p == label and r["confidence"] in ("A", "B")]
        amounts = {Decimal(r["value"]) for r in rows if r["unit"] == "RMB_100mn"}
        amounts |= {Decimal(r["value"]) / 100 for r in rows if r["unit"] in ("mn", "RMB_mn")}
        amounts |= {Decimal(r["value"]) * 10 for r in rows if r["unit"] == "RMB_bn"}
        amounts |= {
            Decimal(x) for r in rows for x in re.findall(r"([\d.]+) RMB_100mn[^()|]*\((?:A|B),", r["note"])
        }
        growths = {abs(Decimal(r["yoy_pct"])) for r in rows if r["yoy_pct"]}
        growths |= {Decimal(r["value"]) for r in rows if r["unit"] == "pct"}
        text = working_text(doc.text).text
        for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*亿(?!美元)", text):
            assert Decimal(m.group(1).replace(",", "")) in amounts, (entry["file"], m.group(0))
        for m in re.finditer(r"(\d+(?:\.\d+)?)\s*%", text):
            assert Decimal(m.group(1)) in growths, (entry["file"], m.group(0))


def test_snapshot_segment_name_follows_the_rename():
    for entry in _snapshot_entries():
        text = working_text(_load_entry(entry).text).text
        if entry["file"] < "2024q3":
            assert "营销服务" not in text, entry["file"]
        else:
            assert "网络广告" not in text.replace("原网络广告", ""), entry["file"]


# ---------------------------------------------------------------------------------------------------------
# Periods written as spans, annual sections, the old non-GAAP name, and robustness.


def test_million_amount_with_ending_span_in_the_sentence():
    text = "腾讯控股发布业绩。\n截至二零二二年九月三十日止三個月，總收入為人民幣140,093百萬元，同比下降2%。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2022, 11, 16))))
    assert facts == {
        ("tencent", "revenue", "total", "na", "value", "2022Q3"): (140093000000.0, "CNY", "eq"),
        ("tencent", "revenue", "total", "na", "yoy_pct", "2022Q3"): (-2.0, "pct", "eq"),
    }


def test_annual_section_of_a_quarter_and_year_release():
    text = (
        "騰訊公佈二零二四年第四季及全年業績\n"
        "香港2025年3月19日 /美通社/ -- 騰訊控股有限公司今天公佈截至二零二四年十二月三十一日止三個月"
        "及截至二零二四年十二月三十一日止年度的綜合業績。\n"
        "二零二四年全年業績摘要\n"
        "• 總收入為人民幣6,603億元(919億美元[2]),同比增長8%。\n"
        "二零二四年第四季業績摘要\n"
        "• 營銷服務業務收入同比增長17%至人民幣350億元。\n"
    )
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert facts == {
        ("tencent", "revenue", "total", "na", "value", "2024"): (660300000000.0, "CNY", "eq"),
        ("tencent", "revenue", "total", "na", "yoy_pct", "2024"): (8.0, "pct", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "value", "2024Q4"): (35000000000.0, "CNY", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2024Q4"): (17.0, "pct", "eq"),
    }


def test_non_gaap_name_before_2019q3_is_non_ifrs_basis():
    text = (
        "騰訊公佈二零一九年第二季及中期業績\n"
        "二零一九年第二季業績摘要\n"
        "• 非通用會計準則本公司權益持有人應佔盈利為人民幣235.25億元，同比增長19%。\n"
    )
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2019, 8, 14))))
    assert facts == {
        ("tencent", "profit_attributable", "total", "non_ifrs", "value", "2019Q2"): (
            23525000000.0,
            "CNY",
            "eq",
        ),
        ("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2019Q2"): (19.0, "pct", "eq"),
    }


def test_free_cash_flow_and_margins_are_not_attached():
    text = (
        "腾讯控股发布2023年第一季度财报。\n"
        "非国际财务报告准则经营盈利为484亿元，同比增长32%，经营利润率为32%。自由现金流同比增长32%。"
    )
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2023, 5, 17))))
    assert facts == {
        ("tencent", "operating_profit", "total", "non_ifrs", "value", "2023Q1"): (48400000000.0, "CNY", "eq"),
        ("tencent", "operating_profit", "total", "non_ifrs", "yoy_pct", "2023Q1"): (32.0, "pct", "eq"),
    }


def test_empty_and_unsupported_documents_raise_parse_errors():
    from transforms.model import ParseError

    with pytest.raises(ParseError):
        PARSER.parse(_text_doc("今天天气很好。"))


_ALPHABET = list(
    "腾讯控股发布年第一二三四季度财报业绩总收入为人民币亿元万百同比增长下降减少超过近约持平，。、；：（）0123456789.,%"
)
_WORDS = [
    "网络广告",
    "营销服务",
    "增值服务",
    "金融科技及企业服务",
    "非国际财务报告准则",
    "经营盈利",
    "期内盈利",
    "微信及WeChat的合并月活跃账户数",
    "视频号总用户使用时长",
    "视频号广告收入",
    "为去年同期的三倍",
    "翻倍",
    "截至二零二二年九月三十日止三个月",
    "全年",
    "上半年",
    "1,401亿元",
    "(197亿美元[2])",
    "13.59亿",
    "分别",
    "〇〇〇〇年第一季",
    "2024年2月30日",
    "1,2,3亿元",
    "增长3倍",
    "\n",
    "- ",
    "按国际财务报告准则计算：",
]


def _fuzz_text(draw_items: list[str]) -> str:
    return "5月14日，腾讯控股发布2024年第一季度财报。\n" + "".join(draw_items)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(_ALPHABET + _WORDS), max_size=60))
    def test_fuzzed_text_gives_valid_facts_or_a_parse_error(items):
        from transforms.model import ParseError

        text = _fuzz_text(items)
        doc = _text_doc(text, published=date(2024, 5, 14))
        try:
            result = PARSER.parse(doc)
        except ParseError:
            return
        for f in result.facts:
            f.validate()
            assert f.reported_text in doc.text
            assert f.period.label != "unclear"
except ImportError:  # pragma: no cover - hypothesis is a test extra
    pass


def test_growth_written_before_its_metric_is_not_given_to_the_previous_one():
    text = "腾讯控股发布2022年第三季度财报。\n增值服务收入为727.27亿元，同比下降5%的网络广告收入为215亿元。"
    result = PARSER.parse(_text_doc(text, published=date(2022, 11, 16)))
    assert _facts(result) == {
        ("tencent", "revenue", "vas", "na", "value", "2022Q3"): (72727000000.0, "CNY", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "value", "2022Q3"): (21500000000.0, "CNY", "eq"),
    }
    assert [h.reported_text for h in result.held] == ["同比下降5%"]


def test_dash_variants_of_non_ifrs_and_qualified_levels():
    text = (
        "腾讯控股发布2023年第一季度财报。\n"
        "Non–IFRS经营盈利为484亿元，同比增长32%。\n"
        "腾讯控股发布2022年第四季度财报。\n"
    )
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2023, 5, 17))))
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2023Q1")] == (
        48400000000.0,
        "CNY",
        "eq",
    )
    text = "3月22日，腾讯控股公布2022年第四季度及全年业绩。\n第四季度，视频号广告收入超过10亿元。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2023, 3, 22))))
    assert facts == {
        ("wechat_channels", "ad_revenue", "total", "na", "value", "2022Q4"): (1000000000.0, "CNY", "gt")
    }


def test_length_changing_conversion_falls_back_to_character_mapping(monkeypatch):
    from transforms.parse import results_zh

    real = results_zh.to_simplified

    def phrase_converter(text: str) -> str:
        return real(text).replace("腾讯", "腾讯公司") if len(text) > 1 else real(text)

    monkeypatch.setattr(results_zh, "to_simplified", phrase_converter)
    original = "騰訊總收入為人民幣1,441.88億元"
    work = results_zh.working_text(original)
    assert len(work.text) == len(original)
    start = work.text.index("人民币")
    assert work.reported(start, len(work.text)) == "人民幣1,441.88億元"


def test_a_results_event_is_dated_by_the_release():
    data = (CASES / "release_2021q4_tc.html").read_bytes()
    doc = _doc(data, title="騰訊公佈二零二一年第四季及全年業績", content_type="text/html; charset=utf-8")
    result = PARSER.parse(doc)
    assert result.published_at == date(2022, 3, 23)
    assert [(e.event_date, e.entity, e.kind, e.description) for e in result.events] == [
        (date(2022, 3, 23), "tencent", "results", "騰訊公佈二零二一年第四季及全年業績")
    ]


def test_signed_growth_and_possessive_period():
    text = "腾讯控股发布2022年第三季度财报。\n第三季度的增值服务收入为727.27亿元，同比增长-3%。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2022, 11, 16))))
    assert facts == {
        ("tencent", "revenue", "vas", "na", "value", "2022Q3"): (72727000000.0, "CNY", "eq"),
        ("tencent", "revenue", "vas", "na", "yoy_pct", "2022Q3"): (-3.0, "pct", "eq"),
    }


def test_quarter_without_year_takes_the_year_named_in_the_title_when_undated():
    text = "腾讯公布2022年第四季度及全年业绩\n第四季度，国际市场游戏收入为139亿元，同比增长5%。"
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert set(facts) == {
        ("tencent", "revenue", "international_games", "na", "value", "2022Q4"),
        ("tencent", "revenue", "international_games", "na", "yoy_pct", "2022Q4"),
    }


def test_a_period_word_that_cannot_be_resolved_does_not_fall_back_to_the_default():
    text = "腾讯控股发布2024年第一季度财报。\n全年，网络广告收入为299亿元。"
    result = PARSER.parse(_text_doc(text, published=date(2024, 5, 14)))
    assert result.facts == []
    assert [h.reported_text for h in result.held] == ["299亿元"]


def test_undated_quarter_and_year_title_without_publication_date():
    data = (SNAPSHOT / "2023q4_sina.html").read_bytes()
    doc = _doc(data, title=None, content_type="text/html; charset=utf-8")
    facts = _facts(PARSER.parse(doc))
    assert facts[("wechat_channels", "ad_revenue", "total", "na", "yoy_pct", "2023Q4")] == (
        100.0,
        "pct",
        "gt",
    )
    assert facts[("wechat_channels", "user_time_spent", "total", "na", "yoy_pct", "2023")] == (
        100.0,
        "pct",
        "gt",
    )
    assert ("wechat_channels", "ad_revenue", "total", "na", "yoy_pct", "2023") not in facts


@pytest.mark.parametrize(
    "text",
    [
        "腾讯音乐娱乐集团发布2024年第一季度财报\n5月13日，腾讯音乐娱乐集团公布未经审计的第一季度业绩。",
        "快手科技发布2024年第一季度业绩\n快手公布第一季度业绩，腾讯是其股东之一。",
        "视频号电商观察\n腾讯旗下视频号的商家数量持续增加。",
    ],
)
def test_affiliates_and_other_companies_are_not_sniffed(text):
    assert not PARSER.sniff(_text_doc(text))


def test_percent_with_yishang_is_gte():
    text = "腾讯控股发布2024年第二季度业绩。\n视频号广告收入同比增长80%以上。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 14))))
    assert facts == {
        ("wechat_channels", "ad_revenue", "total", "na", "yoy_pct", "2024Q2"): (80.0, "pct", "gte")
    }


@pytest.mark.parametrize("entry", _snapshot_entries(), ids=lambda e: e["file"])
def test_traditional_rendering_of_each_snapshot_document_gives_the_same_facts(entry):
    import zhconv

    doc = _load_entry(entry)
    traditional = zhconv.convert(doc.text, "zh-hk")
    meta = DocMeta(
        url=entry["url"],
        source=entry["source"],
        title=zhconv.convert(entry["title"], "zh-hk"),
        published_at=date.fromisoformat(entry["published_at"]),
        content_type="text/plain; charset=utf-8",
        charset="utf-8",
    )
    twin = load_document(traditional.encode("utf-8"), meta)
    assert _facts(PARSER.parse(twin)) == _facts(PARSER.parse(doc))


def test_pinyin_glosses_of_a_mirror_are_dropped_when_the_document_is_read():
    text = (
        "騰訊公佈二零二一年第四季業績\n"
        "二零二一年第四季業績摘要\n"
        "總(zǒng)收(shōu)入(rù)為人民幣1,441.88億(yì)元(yuán)，同(tóng)比(bǐ)增(zēng)長(zhǎng)8%。\n"
    )
    result = PARSER.parse(_text_doc(text, published=date(2022, 3, 23)))
    assert _facts(result) == {
        ("tencent", "revenue", "total", "na", "value", "2021Q4"): (144188000000.0, "CNY", "eq"),
        ("tencent", "revenue", "total", "na", "yoy_pct", "2021Q4"): (8.0, "pct", "eq"),
    }
    assert {f.reported_text for f in result.facts} == {"人民幣1,441.88億元", "同比增長8%"}


def test_hard_wrapped_copy_gives_the_same_facts_as_the_clean_one():
    head = "騰訊公佈二零二二年第三季業績\n二零二二年第三季業績摘要\n"
    lines = [
        "二零二二年第三季度，本公司增值服務業務收入同比下降3%至人民幣727.",
        "    27億元。本土市場遊戲收入同比下降7%至人民幣312億元。國際市",
        "    場遊戲收入同比增長3%至人民幣117億元。",
    ]
    assert all(len(line.strip()) >= 30 for line in lines[:2])
    wrapped_doc = _text_doc(head + "\n".join(lines) + "\n", published=date(2022, 11, 16))
    clean_doc = _text_doc(head + "".join(line.strip() for line in lines) + "\n", published=date(2022, 11, 16))
    result = PARSER.parse(wrapped_doc)
    assert _facts(result) == _facts(PARSER.parse(clean_doc))
    assert len(result.facts) == 6
    split = next(f for f in result.facts if f.value == 72727000000.0)
    assert split.reported_text == "人民幣727.     27億元"
    assert split.reported_text in split.snippet
    assert split.locator.startswith("line 3 ")


def test_news_abbreviations_and_currency_after_the_scale():
    text = "腾讯控股发布2024年Q1财报。\n微信月活13.59亿，同比增幅为3%。QQ移动终端月活5.53亿。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2024, 5, 14))))
    assert facts == {
        ("weixin", "mau", "total", "na", "value", "2024Q1"): (1359000000.0, "count", "eq"),
        ("weixin", "mau", "total", "na", "yoy_pct", "2024Q1"): (3.0, "pct", "eq"),
        ("qq", "mau", "total", "na", "value", "2024Q1"): (553000000.0, "count", "eq"),
    }
    text = "5月18日，腾讯控股发布2022年第一季度财报。\n营收1354.71亿人民币，同比增长0.12%。"
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2022, 5, 18))))
    assert facts[("tencent", "revenue", "total", "na", "value", "2022Q1")] == (135471000000.0, "CNY", "eq")


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("2024年前三季度", "2024Q1-Q3"),
        ("二零二四年上半年", "2024H1"),
        ("2024Q1", "2024Q1"),
        ("2024年q3", "2024Q3"),
        ("1q2024", "2024Q1"),
        ("fy2024", "2024"),
        ("二零二四年度", "2024"),
        ("截至二零二四年六月三十日止六个月", "2024H1"),
        ("截至二零二四年十二月三十一日止年度", "2024"),
        ("截至2024年3月31日", "2024-03-31"),
    ],
)
def test_period_markers(written, label):
    from transforms.parse.results_zh import marker_tokens

    marks = marker_tokens(working_text(written).text, None)
    assert [m.period.label for m in marks if m.period] == [label]


def test_2018_others_stays_the_wide_others_segment_and_fintech_starts_in_2019():
    by_file = {e["file"]: PARSER.parse(_load_entry(e)) for e in _snapshot_entries()}
    facts = [f for result in by_file.values() for f in result.facts]
    others = _facts(by_file["2018q1_prnasia.html"])
    assert others[("tencent", "revenue", "others", "na", "value", "2018Q1")] == (
        15_962_000_000.0,
        "CNY",
        "eq",
    )
    assert others[("tencent", "revenue", "others", "na", "yoy_pct", "2018Q1")] == (111.0, "pct", "eq")
    fintech = {f.period.label for f in facts if f.segment == "fintech_business_services"}
    assert fintech and min(fintech) == "2019Q1"
    assert not any(f.segment == "others" and f.period.label >= "2019" for f in facts)


def test_total_qq_mau_and_non_gaap_wording_of_2018():
    result = PARSER.parse(
        _load_entry(next(e for e in _snapshot_entries() if e["file"] == "2018q1_prnasia.html"))
    )
    facts = _facts(result)
    assert facts[("qq", "mau", "total", "na", "value", "2018Q1")] == (805_000_000.0, "count", "eq")
    assert facts[("qq", "mau", "total", "na", "yoy_pct", "2018Q1")] == (-6.4, "pct", "eq")
    assert facts[("tencent", "eps_diluted", "total", "non_ifrs", "value", "2018Q1")] == (
        1.915,
        "CNY_per_share",
        "eq",
    )
    assert result.held == []


def test_capital_expenditure_is_capex_and_free_cash_flow_stays_out():
    text = "腾讯控股发布2018年第一季度业绩。\n2018年第一季度，资本开支为63.18亿元，同比增长200%。自由现金流为130亿元。"
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert facts[("tencent", "capex", "total", "na", "value", "2018Q1")] == (6_318_000_000.0, "CNY", "eq")
    assert facts[("tencent", "capex", "total", "na", "yoy_pct", "2018Q1")] == (200.0, "pct", "eq")
    assert len(facts) == 2


# ---------------------------------------------------------------------------------------------------------
# Layouts of the release's copies: lost bullets, run-together lines, lost lead-ins, dropped characters.


def _case(name: str, published: date | None = None) -> tuple[Document, ParseResult]:
    doc = _doc((CASES / name).read_bytes(), published=published)
    assert PARSER.sniff(doc), name
    result = PARSER.parse(doc)
    _check_provenance(doc, result)
    return doc, result


def test_indented_lines_after_a_lead_in_that_lost_their_bullets_keep_its_basis():
    _, result = _case("release_lost_bullet_tc.txt")
    facts = _facts(result)
    q = "2021Q4"
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", q)] == (33151000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_for_period", "total", "non_ifrs", "yoy_pct", q)] == (-25.0, "pct", "eq")
    assert facts[("tencent", "eps_basic", "total", "non_ifrs", "value", q)] == (2.609, "CNY_per_share", "eq")
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", q)] == (35019000000.0, "CNY", "eq")
    ifrs = {(f.metric, f.value) for f in result.facts if f.basis == "ifrs"}
    assert ifrs == {("operating_profit", 35019000000.0), ("operating_profit", -25.0)}


def test_a_profit_line_after_a_non_ifrs_list_has_ended_is_held():
    _, result = _case("release_lost_bullet_tc.txt")
    assert not any(f.metric == "profit_attributable" for f in result.facts)
    held = {h.reported_text: h.reason for h in result.held}
    assert held["人民幣248.80億元"].startswith("basis not certain")


def test_margins_from_last_year_to_this_period_give_both_periods():
    _, result = _case("release_lost_bullet_tc.txt")
    facts = _facts(result)
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2021Q4")] == (23.0, "pct", "eq")
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2020Q4")] == (28.0, "pct", "eq")
    assert facts[("tencent", "profit_for_period", "total", "non_ifrs", "margin_pct", "2021Q4")] == (18.0, "pct", "eq")
    assert facts[("tencent", "profit_for_period", "total", "non_ifrs", "margin_pct", "2020Q4")] == (26.0, "pct", "eq")


@pytest.mark.parametrize(
    ("sentence", "current", "prior"),
    [
        ("经营利润率由去年的36%上升至37%。", 37.0, 36.0),
        ("经营利润率由去年同期 23% 上升至 27%。", 27.0, 23.0),
        ("经营利润率由去年同期的27%略为下降至26%。", 26.0, 27.0),
        ("经营利润率维持稳定,与去年同期的32%一致。", 32.0, 32.0),
        ("经营利润率与去年同期持平为29%。", 29.0, None),
    ],
)
def test_margin_wordings(sentence, current, prior):
    text = "腾讯控股发布业绩。\n2019年第二季度,按非国际财务报告准则:\n- 经营盈利为人民币275.21亿元。" + sentence
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2019, 8, 14))))
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2019Q2")] == (current, "pct", "eq")
    assert facts.get(("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2018Q2")) == (
        None if prior is None else (prior, "pct", "eq")
    )


def test_bullets_and_a_section_run_together_on_one_line_are_read_as_lines():
    _, result = _case("release_run_together_sc.txt")
    facts = _facts(result)
    assert facts[("tencent", "profit_for_period", "total", "ifrs", "value", "2018")] == (79984000000.0, "CNY", "eq")
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2018")] == (92481000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_for_period", "total", "non_ifrs", "value", "2018")] == (80292000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "value", "2018Q4")] == (84896000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2018Q4")] == (28.0, "pct", "eq")
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2018Q4")] == (13.0, "pct", "eq")
    assert not result.held


def test_release_known_by_its_opening_sentence_and_a_flat_non_ifrs_list():
    _, result = _case("release_opening_tc.txt")
    facts = _facts(result)
    q = "2025Q2"
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", q)] == (69200000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_for_period", "total", "non_ifrs", "value", q)] == (64800000000.0, "CNY", "eq")
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2024Q2")] == (36.0, "pct", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", q)] == (15.0, "pct", "eq")


def test_a_total_smaller_than_a_profit_of_its_period_is_held():
    _, result = _case("release_opening_tc.txt")
    assert not any(f.measure == "value" and f.metric in ("revenue", "gross_profit") for f in result.facts)
    held = {h.reported_text: h.reason for h in result.held}
    assert held["人民幣 1.845 億元"] == held["人民幣 1.050 億元"] == "total smaller than a profit of the same period"


def test_report_opening_with_the_quarter_revenue_and_quarter_on_quarter_growth():
    _, result = _case("report_2012q2_sc.txt", published=date(2012, 8, 15))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2012Q2")] == (10527200000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "qoq_pct", "2012Q2")] == (9.1, "pct", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2012Q2")] == (56.2, "pct", "eq")
    assert facts[("tencent", "profit_for_period", "total", "ifrs", "margin_pct", "2012Q1")] == (30.7, "pct", "eq")
    assert facts[("tencent", "revenue", "online_games", "na", "qoq_pct", "2012Q2")] == (4.6, "pct", "eq")
    assert all(f.period.label in ("2012Q1", "2012Q2") for f in result.facts)
    assert all(f.period.label == "2012Q2" for f in result.facts if f.measure != "margin_pct")


def test_a_level_reached_after_the_growth_clause_belongs_to_its_metric():
    _, result = _case("report_2012q2_sc.txt", published=date(2012, 8, 15))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "online_games", "na", "value", "2012Q2")] == (5564700000.0, "CNY", "eq")
    held = {h.reported_text: h.reason for h in result.held}
    assert held["人民币8.575亿元"]
    assert held["人民币77.866亿元"]


def test_revenue_of_an_unnamed_line_or_old_vas_sub_line_is_not_total_revenue():
    _, result = _case("report_2012q2_sc.txt", published=date(2012, 8, 15))
    values = {f.value for f in result.facts}
    assert not values & {5.5, 7786600000.0, 13.9, 857500000.0}
    assert not any(f.segment == "vas" for f in result.facts)


def test_basis_carries_over_a_semicolon_and_is_unclear_after_a_full_stop():
    _, result = _case("news_basis_paragraph_sc.txt", published=date(2024, 8, 14))
    facts = _facts(result)
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2024Q2")] == (36.0, "pct", "eq")
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "margin_pct", "2023Q2")] == (31.0, "pct", "eq")
    assert not any(f.metric == "profit_for_period" for f in result.facts)
    assert {h.reported_text for h in result.held} >= {"人民币573亿元", "同比增长53%"}


def test_a_bare_revenue_word_after_a_segment_in_the_sentence_is_held():
    _, result = _case("news_basis_paragraph_sc.txt", published=date(2024, 8, 14))
    assert not any(f.value == 13900000000.0 for f in result.facts)
    held = {h.reported_text: h.reason for h in result.held}
    assert held["139亿元"].startswith("bare revenue word")


def test_dash_lines_whose_lead_in_was_lost_are_held():
    _, result = _case("release_lost_leadin_tc.txt")
    profits = {(f.metric, f.basis, f.measure, f.value) for f in result.facts if f.metric != "revenue"}
    assert profits == {("operating_profit", "non_ifrs", "yoy_pct", 18.0)}
    assert {"人民幣726億元", "人民幣728億元"} <= {h.reported_text for h in result.held}


def test_mirror_that_dropped_traditional_characters():
    _, result = _case("mirror_dropped_chars_tc.txt")
    facts = _facts(result)
    assert facts[("tencent", "eps_basic", "total", "non_ifrs", "value", "2025Q2")] == (6.931, "CNY_per_share", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q2")] == (15.0, "pct", "eq")
    assert not any(f.unit == "CNY" for f in result.facts)
    assert not any(f.basis == "ifrs" for f in result.facts)


def test_a_closing_quote_ends_a_line_so_the_next_header_is_not_joined():
    text = (
        "香港2019年3月21日 /美通社/ -- 騰訊控股有限公司今天公佈二零一八年第四季度及全年業績。\n"
        "二零一八年財政年度業績摘要\n"
        "主席表示:「我們在這一年裏持續投資於新的業務,也加強了在支付及雲服務領域的能力,"
        "並為長遠的發展打下了更加堅實的基礎。」\n"
        "二零一八年第四季度財務分析\n"
        "社交網絡收入增長25%至人民幣194.52億元。\n"
    )
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert facts == {
        ("tencent", "revenue", "social_networks", "na", "value", "2018Q4"): (19452000000.0, "CNY", "eq"),
        ("tencent", "revenue", "social_networks", "na", "yoy_pct", "2018Q4"): (25.0, "pct", "eq"),
    }


def test_a_period_opening_a_paragraph_holds_for_its_later_sentences_until_another_is_named():
    _, result = _case("news_opening_period_sc.txt", published=date(2024, 8, 14))
    facts = _facts(result)
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2024Q2")] == (85900000000.0, "CNY", "eq")
    assert facts[("tencent", "gross_profit", "total", "na", "yoy_pct", "2024Q2")] == (21.0, "pct", "eq")
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2024H1")] == (169000000000.0, "CNY", "eq")
    assert len([f for f in result.facts if f.metric == "gross_profit" and f.measure == "value"]) == 2
    assert "人民币1690亿元" in {h.reported_text for h in result.held}


def test_headline_growth_under_a_fiscal_year_section_with_an_before_the_basis():
    _, result = _case("release_headline_fy_tc.txt")
    assert _facts(result) == {
        ("tencent", "revenue", "total", "na", "yoy_pct", "2018"): (32.0, "pct", "eq"),
        ("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2018"): (19.0, "pct", "eq"),
        ("tencent", "revenue", "total", "na", "yoy_pct", "2018Q4"): (28.0, "pct", "eq"),
        ("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2018Q4"): (13.0, "pct", "eq"),
    }


def test_a_heading_is_not_the_tail_of_a_wrapped_line_and_ends_the_non_ifrs_list():
    _, result = _case("release_sections_sc.txt")
    assert _facts(result) == {
        ("tencent", "operating_profit", "total", "non_ifrs", "value", "2019H1"): (55751000000.0, "CNY", "eq"),
        ("tencent", "operating_profit", "total", "non_ifrs", "yoy_pct", "2019H1"): (17.0, "pct", "eq"),
        ("tencent", "operating_profit", "total", "ifrs", "value", "2019Q2"): (27521000000.0, "CNY", "eq"),
        ("tencent", "operating_profit", "total", "ifrs", "yoy_pct", "2019Q2"): (26.0, "pct", "eq"),
        ("tencent", "operating_profit", "total", "ifrs", "margin_pct", "2019Q2"): (31.0, "pct", "eq"),
        ("tencent", "operating_profit", "total", "ifrs", "margin_pct", "2018Q2"): (30.0, "pct", "eq"),
    }


def test_a_short_heading_opening_with_a_period_and_a_figure_sets_the_section():
    _, result = _case("news_headline_sections_sc.txt", published=date(2021, 3, 24))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2020")] == (482064000000.0, "CNY", "eq")
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2020")] == (184237000000.0, "CNY", "eq")
    assert facts[("tencent", "operating_profit", "total", "ifrs", "margin_pct", "2019")] == (31.0, "pct", "eq")
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2020Q4")] == (63713000000.0, "CNY", "eq")
    assert facts[("tencent", "operating_profit", "total", "ifrs", "yoy_pct", "2020Q4")] == (123.0, "pct", "eq")


def test_a_bare_four_digit_year_names_the_year():
    _, result = _case("news_bare_year_sc.txt", published=date(2023, 3, 22))
    assert _facts(result) == {
        ("tencent", "revenue", "total", "na", "value", "2022"): (554600000000.0, "CNY", "eq"),  # the title's 5546亿
        ("tencent", "revenue", "vas", "na", "yoy_pct", "2022"): (-1.0, "pct", "eq"),
        ("tencent", "revenue", "vas", "na", "value", "2022"): (287600000000.0, "CNY", "eq"),
        ("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2022"): (3.0, "pct", "eq"),
        ("tencent", "revenue", "fintech_business_services", "na", "value", "2022"): (177100000000.0, "CNY", "eq"),
    }


@pytest.mark.parametrize(
    ("written", "labels"),
    [
        ("2022 年腾讯", ["2022"]),
        ("于2022年间", ["2022"]),
        ("二零一八年财政年度", ["2018"]),
        ("自2023年起", []),
        ("2023年底", []),
        ("2023年3月", []),
        ("较上一季度", []),
    ],
)
def test_bare_year_fiscal_year_and_relative_quarter_markers(written, labels):
    from transforms.parse.results_zh import marker_tokens

    marks = marker_tokens(working_text(written).text, None)
    assert [m.period.label for m in marks if m.period] == labels


def test_gross_profit_below_an_ifrs_operating_profit_is_kept():
    text = (
        "腾讯公布二零二零年第四季度业绩\n"
        "二零二零年第四季度,毛利为人民币575.34亿元。\n"
        "按国际财务报告准则:\n"
        "-经营盈利为人民币637.13亿元,同比增长123%。\n"
    )
    facts = _facts(PARSER.parse(_text_doc(text, published=date(2021, 3, 24))))
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2020Q4")] == (57534000000.0, "CNY", "eq")
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2020Q4")] == (63713000000.0, "CNY", "eq")


def test_a_report_about_the_results_holds_profit_lines_without_a_basis() -> None:
    text = ("腾讯2021年四季度营收1441.9亿元,同比增长8%,经营利润为331.51亿元,同比下降13%。\n"
            "腾讯控股发布2021年第四季度财报。\n")
    result = PARSER.parse(_text_doc(text, published=date(2022, 3, 23)))
    assert not any(f.metric == "operating_profit" for f in result.facts)
    assert any("basis not stated in a report" in h.reason for h in result.held)


def test_a_bracketed_basis_labels_its_own_line_only() -> None:
    text = ("騰訊公佈2025年第一季度業績。本季騰訊營收1800億元,同比增長13%;"
            "經營利潤(Non-IFRS)錄得693.2億元,同比增長18%;公司權益持有人應占盈利錄得478.21億元,同比增加14%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 5, 14)))
    got = {(f.metric, f.basis, f.measure): f.value for f in result.facts}
    assert got[("operating_profit", "non_ifrs", "value")] == 693.2e8
    assert got[("operating_profit", "non_ifrs", "yoy_pct")] == 18.0
    # the statements' own name of the attributable profit, unlabelled beside a labelled line, is the IFRS line
    assert got[("profit_attributable", "ifrs", "value")] == 478.21e8
    assert got[("profit_attributable", "ifrs", "yoy_pct")] == 14.0
    assert not any(f.metric == "profit_attributable" and f.basis == "non_ifrs" for f in result.facts)


def test_an_unlabelled_line_without_its_statement_name_beside_a_bracketed_label_is_held() -> None:
    text = ("騰訊公佈2025年第一季度業績。本季權益持有人應占盈利(Non-IFRS)錄得613億元,同比增長22%;"
            "經營利潤錄得577億元,同比增長19%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 5, 14)))
    got = {(f.metric, f.basis, f.measure): f.value for f in result.facts}
    assert got[("profit_attributable", "non_ifrs", "value")] == 613e8
    assert not any(f.metric == "operating_profit" for f in result.facts)
    assert any("basis not certain" in h.reason for h in result.held)


def test_a_report_quoting_the_statement_name_of_attributable_profit_gives_the_ifrs_line() -> None:
    text = ("騰訊控股公佈2023年度業績。本年基本每股盈利為人民幣12.19元;"
            "權益持有人應占盈利為人民幣1,152.16億元 (約新臺幣5,100億元),年減39%。\n"
            "騰訊去年第4季單季權益持有人應占盈利為人民幣270.25億元,年減75%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 3, 21)))
    got = {(f.metric, f.basis, f.measure, f.period.label): f.value for f in result.facts}
    assert got[("profit_attributable", "ifrs", "value", "2023")] == 1152.16e8
    assert got[("profit_attributable", "ifrs", "yoy_pct", "2023")] == -39.0
    assert got[("eps_basic", "ifrs", "value", "2023")] == 12.19
    assert got[("profit_attributable", "ifrs", "value", "2023Q4")] == 270.25e8
    assert got[("profit_attributable", "ifrs", "yoy_pct", "2023Q4")] == -75.0
    assert not any(f.value == 5100e8 for f in result.facts)  # the New Taiwan dollar translation


def test_a_report_with_a_non_ifrs_lead_keeps_the_statement_name_non_ifrs() -> None:
    text = ("騰訊公佈2023年第四季度業績。按非國際財務報告準則,經營盈利為人民幣497億元,同比增長35%;"
            "權益持有人應占盈利為人民幣427億元,同比增長44%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 3, 21)))
    bases = {(f.metric, f.basis) for f in result.facts if f.metric in ("operating_profit", "profit_attributable")}
    assert bases == {("operating_profit", "non_ifrs"), ("profit_attributable", "non_ifrs")}


def test_a_forecast_in_a_report_is_not_a_result() -> None:
    text = "腾讯2025年第二季度业绩前瞻:预计25Q2营业收入1799.3亿元(YoY+11.7%)。\n"
    result = PARSER.parse(_text_doc(text, published=date(2025, 8, 1)))
    assert not any(f.value == 1799.3e8 and not f.is_estimate for f in result.facts)
    assert all(f.is_estimate for f in result.facts)


def test_a_period_between_a_segment_and_its_revenue_word() -> None:
    text = ("腾讯控股发布2021年第四季度财报。\n"
            "在营收结构上,增值服务业务2021年四季度收入同比增长7%至719亿元。\n")
    result = PARSER.parse(_text_doc(text, published=date(2022, 3, 23)))
    got = {(f.segment, f.measure, f.period.label): f.value for f in result.facts}
    assert got[("vas", "value", "2021Q4")] == 719e8
    assert got[("vas", "yoy_pct", "2021Q4")] == 7.0


# ---------------------------------------------------------------------------------------------------------
# News reports of the results: Hong Kong and Taiwan wording, user metrics, bullet summaries, paragraph periods.


def test_hong_kong_wording_last_quarter_and_attributable_profit_under_a_bracketed_basis() -> None:
    _, result = _case("news_hk_wording_tc.txt", published=date(2023, 11, 15))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2023Q3")] == (154630000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2023Q3")] == (10.0, "pct", "eq")
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2023Q3")] == (
        44920000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2023Q3")] == (39.0, "pct", "eq")
    assert facts[("tencent", "revenue", "vas", "na", "value", "2023Q3")] == (75750000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2023Q3")] == (25700000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "international_games", "na", "yoy_pct", "2023Q3")] == (14.0, "pct", "eq")
    assert len(facts) == 10


def test_taiwan_wording_last_year_quarter_and_online_games_after_2020_held() -> None:
    _, result = _case("news_taiwan_wording_tc.txt", published=date(2024, 3, 21))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2023")] == (609015000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2023")] == (10.0, "pct", "eq")
    assert facts[("tencent", "revenue", "total", "na", "value", "2023Q4")] == (155196000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2023Q4")] == (7.0, "pct", "eq")
    assert facts[("tencent", "profit_attributable", "total", "ifrs", "value", "2023Q4")] == (27025000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_attributable", "total", "ifrs", "yoy_pct", "2023Q4")] == (-75.0, "pct", "eq")
    assert not any(f.segment == "online_games" for f in result.facts)
    assert any("online games" in h.reason for h in result.held)


def test_user_counts_and_fee_based_subscriptions_in_a_report() -> None:
    _, result = _case("news_user_metrics_sc.txt", published=date(2024, 5, 14))
    facts = _facts(result)
    assert facts[("weixin", "mau", "total", "na", "value", "2024Q1")] == (1359000000.0, "count", "eq")
    assert facts[("weixin", "mau", "total", "na", "yoy_pct", "2024Q1")] == (3.0, "pct", "eq")
    assert facts[("qq", "mau", "total", "na", "value", "2024Q1")] == (553000000.0, "count", "eq")
    assert facts[("qq", "mau", "total", "na", "yoy_pct", "2024Q1")] == (-7.0, "pct", "eq")
    assert facts[("tencent", "subscriptions", "vas", "na", "value", "2024Q1")] == (260000000.0, "count", "eq")
    assert facts[("tencent", "subscriptions", "vas", "na", "yoy_pct", "2024Q1")] == (12.0, "pct", "eq")
    assert len(facts) == 6  # the video service's members are not the VAS subscriptions


def test_a_bullet_summary_with_citation_marks_and_attributable_net_profit_by_basis() -> None:
    _, result = _case("news_bullet_summary_sc.txt", published=date(2025, 11, 14))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q3")] == (15.0, "pct", "eq")
    assert facts[("tencent", "profit_attributable", "total", "ifrs", "value", "2025Q3")] == (63133000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_attributable", "total", "ifrs", "yoy_pct", "2025Q3")] == (19.0, "pct", "eq")
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2025Q3")] == (
        70551000000.0, "CNY", "eq")
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2025Q3")] == (18.0, "pct", "eq")
    assert facts[("tencent", "revenue", "vas", "na", "value", "2025Q3")] == (95900000000.0, "CNY", "eq")
    assert facts[("weixin", "mau", "total", "na", "yoy_pct", "2025Q3")] == (2.0, "pct", "eq")
    assert len(facts) == 10  # the headline's rounded net profit names no holder and is held


def test_a_period_named_in_a_paragraph_holds_for_its_later_sentences_only() -> None:
    _, result = _case("news_paragraph_period_sc.txt", published=date(2025, 11, 14))
    facts = _facts(result)
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2025Q3")] == (108798000000.0, "CNY", "eq")
    assert facts[("tencent", "gross_profit", "total", "na", "yoy_pct", "2025Q3")] == (22.0, "pct", "eq")
    assert facts[("tencent", "revenue", "total", "na", "value", "2025Q1-Q3")] == (557395000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "international_games", "na", "value", "2025Q3")] == (
        20800000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q3")] == (43.0, "pct", "eq")
    assert facts[("weixin", "mau", "total", "na", "value", "2025Q3")] == (1414000000.0, "count", "eq")
    assert not any(f.segment == "domestic_games" for f in result.facts)  # after the nine months: not carried
    assert "428亿元" in {h.reported_text for h in result.held}


def test_segment_name_variants_a_dated_segment_revenue_and_a_share_of_revenue() -> None:
    _, result = _case("news_segment_variants_sc.txt", published=date(2024, 3, 20))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2023Q4")] == (7.0, "pct", "eq")
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "value", "2023Q4")] == (
        54300000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "share_pct", "2023Q4")] == (
        35.0, "pct", "eq")
    assert facts[("tencent", "revenue", "vas", "na", "value", "2023")] == (298400000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "vas", "na", "yoy_pct", "2023")] == (4.0, "pct", "eq")
    assert facts[("tencent", "revenue", "international_games", "na", "value", "2023")] == (53200000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "domestic_games", "na", "value", "2023")] == (126700000000.0, "CNY", "eq")
    assert not any(f.segment == "online_games" for f in result.facts)


def test_a_rounded_headline_repeat_yields_to_the_precise_figure_and_a_margin_reached_is_read() -> None:
    _, result = _case("news_rounded_margin_sc.txt", published=date(2022, 3, 23))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2021")] == (560112000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2021")] == (16.0, "pct", "eq")
    assert facts[("tencent", "gross_profit", "total", "na", "margin_pct", "2021")] == (44.0, "pct", "eq")
    assert len(facts) == 3  # the forecast margin is not a result
    assert "5601亿元" in {h.reported_text for h in result.held}


def test_a_segment_named_as_the_sentence_topic_owns_its_bare_revenue_word() -> None:
    _, result = _case("news_segment_topic_sc.txt", published=date(2022, 3, 23))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "value", "2021Q4")] == (
        48000000000.0, "CNY", "eq")
    assert facts[("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2021Q4")] == (25.0, "pct", "eq")
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2021Q4")] == (62300000000.0, "CNY", "eq")
    assert not any(f.segment == "total" and f.metric == "revenue" for f in result.facts)


def test_a_direction_in_words_then_the_growth_and_the_level_it_reached() -> None:
    _, result = _case("news_direction_then_figure_sc.txt", published=date(2020, 5, 14))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2020Q1")] == (32.0, "pct", "eq")
    assert facts[("tencent", "revenue", "marketing_services", "na", "value", "2020Q1")] == (17713000000.0, "CNY", "eq")
    assert facts[("qq", "mau", "total", "na", "yoy_pct", "2020Q1")] == (-5.0, "pct", "eq")
    assert facts[("qq", "mau", "total", "na", "value", "2020Q1")] == (694000000.0, "count", "eq")


def test_a_headline_on_last_year_revenue_is_sniffed_and_its_rounded_floor_is_not_placed() -> None:
    _, result = _case("news_last_year_headline_sc.txt", published=date(2024, 3, 21))
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2023")] == (609000000000.0, "CNY", "eq")
    assert facts[("weixin", "mau", "total", "na", "value", "2023Q4")] == (1343000000.0, "count", "eq")
    assert len(facts) == 4
    assert "6000亿元" in {h.reported_text for h in result.held}


def test_a_line_with_its_share_of_revenue_owns_the_bare_revenue_amount_after_it() -> None:
    _, result = _case("news_share_topic_sc.txt", published=date(2022, 11, 16))
    assert _facts(result) == {
        ("tencent", "revenue", "marketing_services", "na", "share_pct", "2022Q3"): (18.0, "pct", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "value", "2022Q3"): (25150000000.0, "CNY", "eq"),
        ("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2022Q3"): (-5.0, "pct", "eq"),
    }


def test_a_space_after_a_decimal_point_does_not_split_a_count() -> None:
    text = ("腾讯控股发布2021年第四季度业绩。截至2021年12月31日,微信及WeChat合并月活跃账户数达12. 68 亿,"
            "同比增长3.5%;QQ移动端月活跃账户数为5. 52亿,同比下降7.2%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2022, 3, 24)))
    got = {(f.entity, f.measure): f.value for f in result.facts}
    assert got[("weixin", "value")] == 1268e6
    assert got[("weixin", "yoy_pct")] == 3.5
    assert got[("qq", "value")] == 552e6
    assert got[("qq", "yoy_pct")] == -7.2


def test_a_space_after_a_decimal_point_before_a_year_is_kept() -> None:
    work = working_text("毛利率提升至48. 2024年收入同比增长8%。")
    assert "48. 2024年" in work.text


def test_growth_compared_with_the_same_quarter_a_year_before_is_year_on_year() -> None:
    text = ("8月14日,腾讯控股公布二季度及半年度业绩。\n"
            "第二季度,公司录得总收入人民币1611亿元,较2023年第二季度同比增长8%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 8, 14)))
    got = {(f.metric, f.measure, f.period.label): f.value for f in result.facts}
    assert got[("revenue", "value", "2024Q2")] == 1611e8
    assert got[("revenue", "yoy_pct", "2024Q2")] == 8.0


def test_growth_compared_with_another_quarter_is_held() -> None:
    text = ("8月14日,腾讯控股公布二季度及半年度业绩。\n"
            "第二季度,腾讯总收入为人民币1611亿元,较2024年第一季度增长12%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 8, 14)))
    assert not any(f.measure in ("yoy_pct", "qoq_pct") for f in result.facts)
    assert any("compares periods" in h.reason for h in result.held)


def test_a_summary_line_before_a_long_paragraph_is_not_wrapped_into_it() -> None:
    text = ("香港2019年3月21日 /美通社/ -- 腾讯控股有限公司今天公布截至二零一八年十二月三十一日止第四季度业绩。\n"
            "二零一八年第四季度业绩摘要\n"
            "总收入:同比增长27%,按非通用会计准则的权益持有人应占盈利:同比增长13%\n"
            "主席表示:" + "我们在本季继续投入内容与技术,为用户及合作伙伴创造长期价值," * 3 + "并保持稳健。\n")
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2018Q4")] == (13.0, "pct", "eq")


def test_a_summary_line_before_a_line_naming_a_metric_is_not_wrapped_into_it() -> None:
    text = ("香港2019年8月14日 /美通社/ -- 腾讯控股有限公司今天公布截至二零一九年六月三十日止第二季度业绩。\n"
            "二零一九年第二季度业绩摘要\n"
            "总收入:同比增长24%,按非通用会计准则的权益持有人应占盈利:同比增长17%\n"
            "总收入为人民币888.21亿元,同比增长24%,主要由于各项业务的收入增长。\n")
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2019Q2")] == (17.0, "pct", "eq")
    assert facts[("tencent", "revenue", "total", "na", "value", "2019Q2")] == (88821000000.0, "CNY", "eq")


def test_a_line_wrapped_inside_a_sentence_is_still_joined() -> None:
    original = "在本季度,我们的金融科技及企业服务业务的收入同比增长了4%,并达到\n人民币504亿元,主要由于商业支付的增长。"
    work = working_text(original)
    assert "达到人民币504亿元" in work.text
    after_figure = working_text("在本季度,我们的金融科技及企业服务业务的收入同比增长了大约4%\n主要由于商业支付及云服务收入的增长。")
    assert "4%主要由于" in after_figure.text


def test_a_citation_mark_between_a_basis_and_its_line_keeps_the_basis() -> None:
    text = ("香港2025年8月13日 /美通社/ -- 腾讯控股有限公司今天公布截至二零二五年六月三十日止第二季度业绩。\n"
            "总收入: 同比增长 15%, 毛利: 同比增长 22%, 按非国际财务报告准则 [1] 的经营盈利: 同比增长 18%\n")
    facts = _facts(PARSER.parse(_text_doc(text)))
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "yoy_pct", "2025Q2")] == (18.0, "pct", "eq")
    assert not any(k[1] == "operating_profit" and k[3] == "ifrs" for k in facts)


_OPENED_HEAD = "8月14日,腾讯控股公布了其第二季度及上半年的业绩。\n"


def test_the_reports_quarter_opening_a_paragraph_dates_the_paragraphs_after_it() -> None:
    text = (_OPENED_HEAD
            + "第二季度,腾讯录得总收入人民币1611亿元,同比增长8%。\n"
            + "网络广告业务收入同比增长19%至人民币299亿元,主要受视频号带动。\n")
    got = {(f.segment, f.measure): f.period.label for f in PARSER.parse(_text_doc(text, published=date(2024, 8, 14))).facts}
    assert got[("marketing_services", "value")] == "2024Q2"
    assert got[("marketing_services", "yoy_pct")] == "2024Q2"


def test_a_line_naming_another_period_ends_the_opening_quarter() -> None:
    text = (_OPENED_HEAD
            + "第二季度,腾讯录得总收入人民币1611亿元,同比增长8%。\n"
            + "上半年,腾讯录得总收入人民币3206亿元,同比增长7%。\n"
            + "网络广告业务收入同比增长19%至人民币299亿元,主要受视频号带动。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 8, 14)))
    assert not any(f.segment == "marketing_services" for f in result.facts)


def test_a_paragraph_opening_with_another_quarter_than_the_reports_dates_nothing_after_it() -> None:
    text = (_OPENED_HEAD
            + "第一季度,腾讯录得总收入人民币1595亿元,同比增长6%。\n"
            + "网络广告业务收入同比增长19%至人民币299亿元,主要受视频号带动。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 8, 14)))
    assert not any(f.segment == "marketing_services" for f in result.facts)


def test_tencents_advertising_business_is_its_marketing_services_line() -> None:
    text = ("腾讯公布2025年第三季度业绩。\n"
            "- 广告业务营收同比增长21%至362亿元,增速连续多个季度保持两位数\n")
    got = {(f.segment, f.measure): f.value for f in PARSER.parse(_text_doc(text, published=date(2025, 11, 14))).facts}
    assert got[("marketing_services", "value")] == 362e8
    assert got[("marketing_services", "yoy_pct")] == 21.0


def test_another_products_advertising_business_is_not_marketing_services() -> None:
    text = ("腾讯公布2025年第三季度业绩。\n"
            "- 视频号广告业务收入同比增长50%至120亿元\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 11, 14)))
    assert not any(f.segment == "marketing_services" for f in result.facts)


def test_hong_kong_more_by_after_a_level_is_its_growth() -> None:
    text = ("腾讯公布2023年第三季度业绩。\n"
            "按业务划分,当中国际市场游戏收入达133亿元,多14%,撇除汇率影响则增7%。\n")
    got = {(f.segment, f.measure): f.value for f in PARSER.parse(_text_doc(text, published=date(2023, 11, 15))).facts}
    assert got[("international_games", "value")] == 133e8
    assert got[("international_games", "yoy_pct")] == 14.0


def test_more_than_inside_a_phrase_is_no_growth() -> None:
    text = ("腾讯公布2023年第三季度业绩。\n"
            "本季国际市场游戏收入133亿元,较市场预期多14%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2023, 11, 15)))
    assert not any(f.measure == "yoy_pct" for f in result.facts)


def test_a_margin_raised_by_points_to_a_level() -> None:
    text = ("腾讯公布2025年第二季度业绩。\n"
            "本季毛利率同比提升3.6个百分点至57%,经营利润率按年改善2个百分点至38%。\n")
    got = {(f.metric, f.period.label): f.value for f in PARSER.parse(_text_doc(text, published=date(2025, 8, 15))).facts
           if f.measure == "margin_pct"}
    assert got == {("gross_profit", "2025Q2"): 57.0}  # an operating margin with no basis in a report is held


def test_a_margin_change_in_points_without_a_level_gives_no_margin() -> None:
    text = "腾讯公布2025年第二季度业绩。\n本季毛利率同比提升3.6个百分点。\n"
    result = PARSER.parse(_text_doc(text, published=date(2025, 8, 15)))
    assert not any(f.measure == "margin_pct" for f in result.facts)


def test_growth_from_a_low_base_a_year_before_continues_its_line() -> None:
    text = ("腾讯公布2025年第一季度业绩。\n"
            "本季本土市场游戏收入为429亿元,较去年同期的低基数同比增长24%。\n")
    got = {(f.segment, f.measure): f.value for f in PARSER.parse(_text_doc(text, published=date(2025, 5, 15))).facts}
    assert got[("domestic_games", "yoy_pct")] == 24.0


def test_growth_against_forecasts_does_not_continue_its_line() -> None:
    text = ("腾讯公布2025年第一季度业绩。\n"
            "本季本土市场游戏收入为429亿元,较分析师预测增长24%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 5, 15)))
    assert not any(f.measure == "yoy_pct" for f in result.facts)


def test_a_bracketed_amount_after_yuan_is_a_translation_even_with_its_currency_cut() -> None:
    text = ("腾讯公布2018年第四季度业绩。\n"
            "* 本季总收入为人民币848.96亿元(123.70亿")
    result = PARSER.parse(_text_doc(text, published=date(2019, 3, 21)))
    assert [(f.metric, f.value) for f in result.facts] == [("revenue", 848.96e8)]


def test_a_bracketed_bare_amount_after_a_growth_is_held() -> None:
    text = ("腾讯公布2018年第四季度业绩。\n"
            "本季总收入同比增长28%(123.70亿。\n")
    result = PARSER.parse(_text_doc(text, published=date(2019, 3, 21)))
    assert not any(f.value == 123.70e8 for f in result.facts)


def test_a_heading_after_the_opening_quarter_ends_it() -> None:
    text = (_OPENED_HEAD
            + "第二季度,腾讯录得总收入人民币1611亿元,同比增长8%。\n"
            + "上半年业绩\n"
            + "网络广告业务收入同比增长19%至人民币299亿元,主要受视频号带动。\n")
    result = PARSER.parse(_text_doc(text, published=date(2024, 8, 14)))
    assert not any(f.segment == "marketing_services" and f.period.label == "2024Q2" for f in result.facts)


def test_after_a_quarter_of_the_heads_half_year_unmarked_lines_are_held() -> None:
    text = ("腾讯控股公布中期业绩,上半年营业收入为人民币1000亿元,同比增长57%。\n"
            "单计第二季,营业收入为人民币566亿元,同比增长59%。\n"
            "网络广告业务收入为人民币101亿元,同比增长55%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2017, 8, 16)))
    got = {(f.segment, f.measure, f.period.label) for f in result.facts}
    assert ("total", "value", "2017H1") in got and ("total", "value", "2017Q2") in got
    assert not any(f.segment == "marketing_services" for f in result.facts)


def test_without_a_part_of_the_heads_period_unmarked_lines_keep_it() -> None:
    text = ("腾讯控股公布中期业绩,上半年营业收入为人民币1000亿元,同比增长57%。\n"
            "网络广告业务收入为人民币201亿元,同比增长50%。\n")
    result = PARSER.parse(_text_doc(text, published=date(2017, 8, 16)))
    got = {(f.segment, f.measure): f.period.label for f in result.facts}
    assert got[("marketing_services", "value")] == "2017H1"


_HK_TENTHS = ("腾讯(0700)中期盈利增长五成二,赚二百一十几亿元人民币,不派中期息。营业额升四成八,增至逾九百亿元。\n"
              "截至六月底,QQ月活跃帐户按年减少百分之三点五,降至七亿九千万个,微信月活跃帐户增长近三成,达八亿九千几万个。\n")


def test_hong_kong_tenths_and_chinese_numeral_amounts() -> None:
    result = PARSER.parse(_text_doc(_HK_TENTHS, published=date(2016, 8, 18)))
    assert result.kind == KIND
    facts = _facts(result)
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2016H1")] == (48.0, "pct", "eq")
    assert facts[("tencent", "revenue", "total", "na", "value", "2016H1")] == (9e10, "CNY", "gt")
    assert facts[("qq", "mau", "total", "na", "yoy_pct", "2016Q2")] == (-3.5, "pct", "eq")
    assert facts[("qq", "mau", "total", "na", "value", "2016Q2")] == (7.9e8, "count", "eq")
    assert facts[("weixin", "mau", "total", "na", "yoy_pct", "2016Q2")] == (30.0, "pct", "approx")


def test_vague_chinese_numeral_amounts_are_not_read() -> None:
    result = PARSER.parse(_text_doc(_HK_TENTHS, published=date(2016, 8, 18)))
    assert not any(f.entity == "weixin" and f.measure == "value" for f in result.facts)  # 八亿九千几万
    assert not any(f.metric == "profit_attributable" for f in result.facts)  # 盈利 (not a vocabulary line), 几
    assert not any(abs(f.value - 2.1e10) < 1e9 for f in result.facts)


@pytest.mark.parametrize("sentence", ["收入增长三成为集团带来动力", "收入增加一成本地用户", "收入达一百亿美元"])
def test_words_after_cheng_and_foreign_numeral_amounts_give_no_yuan_fact(sentence: str) -> None:
    text = "腾讯公布2016年第二季度业绩。\n本季" + sentence + "。\n"
    result = PARSER.parse(_text_doc(text, published=date(2016, 8, 18)))
    assert result.facts == []


def test_a_yuan_amount_written_with_the_scale_word_alone() -> None:
    text = ("3月22日,腾讯控股发布2022年全年业绩。\n"
            "腾讯2022年收入同比下降1%至5546 亿,增值服务业务收入为2876亿,占比过半。\n")
    got = {(f.segment, f.measure): (f.value, f.unit) for f in PARSER.parse(_text_doc(text, published=date(2023, 3, 22))).facts}
    assert got[("total", "value")] == (5546e8, "CNY")
    assert got[("total", "yoy_pct")] == (-1.0, "pct")
    assert got[("vas", "value")] == (2876e8, "CNY")


def test_a_scale_word_amount_cut_off_at_the_end_or_in_another_currency_is_held() -> None:
    cut = "腾讯公布2023年第三季度业绩。\n本季社交网络收入297亿"
    assert PARSER.parse(_text_doc(cut, published=date(2023, 11, 15))).facts == []
    twd = "腾讯公布2023年全年业绩。\n全年营收约新台币26800亿,年增10%。\n"
    result = PARSER.parse(_text_doc(twd, published=date(2024, 3, 21)))
    assert not any(f.measure == "value" for f in result.facts)
    hkd = "腾讯公布2023年全年业绩。\n全年回购股份1000亿港币,营收6090亿港币。\n"
    assert not any(f.measure == "value" for f in PARSER.parse(_text_doc(hkd, published=date(2024, 3, 21))).facts)


_HK_QUARTER = (
    "騰訊控股(700)前晚交出好過預期的季績。\n"
    "集團上季收入按年升12%,至1,700.5億元(人民幣,下同)。社交網絡收入升4%,至310億元。\n"
)


def test_a_hong_kong_report_of_quarterly_results_and_its_sheng_growth() -> None:
    doc = _text_doc(_HK_QUARTER, published=date(2025, 8, 15))
    assert PARSER.sniff(doc)
    got = _facts(PARSER.parse(doc))
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q2")] == (12.0, "pct", "eq")
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q2")] == (1700.5e8, "CNY", "eq")
    assert got[("tencent", "revenue", "social_networks", "na", "yoy_pct", "2025Q2")] == (4.0, "pct", "eq")


def test_sheng_to_a_level_is_no_growth_and_a_year_of_grades_is_no_results() -> None:
    text = "腾讯公布2025年第二季度业绩。\n本季社交网络收入升至310亿元,占比升至20%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert not any(k[4] == "yoy_pct" for k in got)
    assert not PARSER.sniff(_text_doc("腾讯控股今年成绩单亮眼,股价升10%。\n", published=date(2025, 8, 15)))


def test_a_margin_stated_as_a_level_is_the_groups() -> None:
    text = "腾讯公布2025年第三季度业绩。\n盈利能力继续改善。毛利率达到56%,同比提升3个百分点。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "gross_profit", "total", "na", "margin_pct", "2025Q3")] == (56.0, "pct", "eq")


@pytest.mark.parametrize("sentence", ["增值服务毛利率为60%", "预计本季毛利率达57%", "国际游戏业务的毛利率达45%"])
def test_a_segments_forecast_or_points_margin_is_not_the_groups(sentence: str) -> None:
    text = "腾讯公布2025年第三季度业绩。\n" + sentence + "。\n"
    result = PARSER.parse(_text_doc(text, published=date(2025, 11, 14)))
    assert not any(f.measure == "margin_pct" for f in result.facts)


def test_a_heading_joined_by_a_space_does_not_lend_its_words_to_the_figure() -> None:
    text = "腾讯公布2025年第三季度业绩。\n开支或低于市场预期 腾讯本季资本开支130亿元,同比减少20%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "capex", "total", "na", "value", "2025Q3")] == (130e8, "CNY", "eq")


def test_a_space_before_a_growth_keeps_it_with_its_own_line() -> None:
    text = "腾讯公布2025年第三季度业绩。\n本季营收1900亿元,视频号广告收入 同比增长60%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q3")] == (1900e8, "CNY", "eq")
    assert got[("wechat_channels", "ad_revenue", "total", "na", "yoy_pct", "2025Q3")] == (60.0, "pct", "eq")
    assert ("tencent", "revenue", "total", "na", "yoy_pct", "2025Q3") not in got


_ROUNDUP = (
    "腾讯公布2025年第二季度业绩。\n"
    "本周网易第二季营收280亿元,同比增长9%。\n"
    "此前分析师预计其净收入同比增长12%。\n"
    "腾讯本季营收1840亿元,同比增长15%。\n"
)


def test_in_a_roundup_only_the_figures_after_tencent_is_named_are_tencents() -> None:
    result = PARSER.parse(_text_doc(_ROUNDUP, published=date(2025, 8, 15)))
    got = _facts(result)
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q2")] == (1840e8, "CNY", "eq")
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q2")] == (15.0, "pct", "eq")
    assert not any(f.value in (280e8, 9.0) for f in result.facts)
    assert any(h.reason.startswith("another company") for h in result.held)


def test_a_company_named_before_tencent_does_not_hold_tencents_figures() -> None:
    text = "腾讯公布2025年第二季度业绩,此前京东已公布业绩。\n腾讯本季营收1840亿元,同比增长15%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q2")] == (1840e8, "CNY", "eq")


def test_a_report_opening_with_tencents_scorecard_is_read() -> None:
    text = "科技巨头财报周。\n腾讯控股(00700.HK)率先揭晓成绩单,2025年第二季度营收1840亿元,同比增长15%。\n"
    doc = _text_doc(text, published=date(2025, 8, 15))
    assert PARSER.sniff(doc)
    got = _facts(PARSER.parse(doc))
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q2")] == (15.0, "pct", "eq")


def test_a_tencent_products_scorecard_is_not_a_results_report() -> None:
    text = "暑期档结束。\n腾讯视频交出暑期成绩单,会员数增长10%。\n"
    assert not PARSER.sniff(_text_doc(text, published=date(2025, 9, 1)))


def test_growth_verbs_with_a_manner_word_attach_to_their_line() -> None:
    text = "腾讯公布2025年第二季度业绩。\n本季国际市场游戏收入飙升35%,金融科技及企业服务收入稳定增长10%,社交网络收入大升6%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q2")] == (35.0, "pct", "eq")
    assert got[("tencent", "revenue", "fintech_business_services", "na", "yoy_pct", "2025Q2")] == (10.0, "pct", "eq")
    assert got[("tencent", "revenue", "social_networks", "na", "yoy_pct", "2025Q2")] == (6.0, "pct", "eq")


def test_a_manner_word_does_not_make_a_share_price_move_a_result() -> None:
    text = "腾讯公布2025年第二季度业绩。\n消息公布后股价飙升8%,成交额急增30%。\n"
    assert PARSER.parse(_text_doc(text, published=date(2025, 8, 15))).facts == []


def test_the_first_3_quarters_in_digits_are_nine_months() -> None:
    text = "腾讯公布2025年第三季度业绩。\n今年首3季收入5570亿元,同比增长14%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q1-Q3")] == (5570e8, "CNY", "eq")
    assert not any(k[5] == "2025Q3" for k in got)


def test_the_third_quarter_in_digits_is_not_nine_months() -> None:
    text = "腾讯公布2025年第3季度业绩。\n第3季收入1930亿元,同比增长15%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q3")] == (1930e8, "CNY", "eq")


def test_a_scorecard_of_revenue_is_the_total() -> None:
    text = "腾讯公布2024年第三季度业绩。\n腾讯交出一份营收1670亿元、毛利同比增长20%的成绩单。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 14))))
    assert got[("tencent", "revenue", "total", "na", "value", "2024Q3")] == (1670e8, "CNY", "eq")


def test_revenue_after_a_line_named_in_an_unrelated_word_stays_held() -> None:
    text = "腾讯公布2024年第三季度业绩。\n社交网络交出一份营收1670亿元的成绩单。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 14))))
    assert ("tencent", "revenue", "total", "na", "value", "2024Q3") not in got


def test_revenue_after_a_segment_said_to_grow_is_that_segments() -> None:
    text = "腾讯公布2025年第二季度业绩。\n其中,公司网络广告业务稳步增长,第二季实现营收360亿元,年增20%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "revenue", "marketing_services", "na", "value", "2025Q2")] == (360e8, "CNY", "eq")
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q2")] == (20.0, "pct", "eq")
    assert ("tencent", "revenue", "total", "na", "value", "2025Q2") not in got


def test_the_companys_revenue_after_a_segment_said_to_grow_is_not_the_segments() -> None:
    text = "腾讯公布2025年第二季度业绩。\n其中,网络广告业务稳步增长,集团第二季营收1840亿元。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert not any(k[1] == "revenue" and k[4] == "value" for k in got)


def test_a_clause_opening_with_the_company_after_a_blocked_word_gives_the_total() -> None:
    text = "腾讯公布2024年第三季度业绩。\n1、 业绩与券商预期 腾讯2024年Q3 营收1670 亿,同比增加8%, 彭博一致预期为1680亿元。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 14))))
    assert got[("tencent", "revenue", "total", "na", "value", "2024Q3")] == (1670e8, "CNY", "eq")
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2024Q3")] == (8.0, "pct", "eq")
    assert not any(f.value == 1680e8 for f in PARSER.parse(_text_doc(text, published=date(2024, 11, 14))).facts)


def test_a_bare_revenue_word_after_a_named_line_without_the_company_stays_held() -> None:
    text = "腾讯公布2024年第三季度业绩。\n1、 网络广告表现亮眼 2024年Q3 营收1670 亿,同比增加8%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 14))))
    assert ("tencent", "revenue", "total", "na", "value", "2024Q3") not in got


def test_profit_attributable_written_with_guishu() -> None:
    text = ("腾讯公布2025年第二季度业绩。\n2025年第二季度,按国际财务报告准则,期内公司权益持有人归属盈利为人民币556亿元,"
            "同比增长17%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "profit_attributable", "total", "ifrs", "value", "2025Q2")] == (556e8, "CNY", "eq")
    assert got[("tencent", "profit_attributable", "total", "ifrs", "yoy_pct", "2025Q2")] == (17.0, "pct", "eq")


def test_profit_attributable_written_with_guishu_without_a_basis_in_a_report_is_held() -> None:
    text = "腾讯公布2025年第二季度业绩。\n2025年第二季度,期内公司权益持有人归属盈利为人民币556亿元,同比增长17%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert not any(k[1] == "profit_attributable" for k in got)


def _estimates(result: ParseResult) -> dict[tuple, tuple[float, bool]]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label): (f.value, f.is_estimate) for f in result.facts}


def test_a_broker_forecast_of_a_named_quarter_is_read_as_an_estimate() -> None:
    text = ("腾讯控股(00700):三季度业绩前瞻\n"
            "盈利预测 - 预计25Q3营业收入1890.5亿元(YoY+12.4%),毛利率56.2%(YoY+2.1pcts) [1] "
            "广告业务 - 预计25Q3广告收入361.2亿元(YoY+20.1%) [2]\n")
    got = _estimates(PARSER.parse(_text_doc(text, published=date(2025, 10, 20))))
    assert got[("tencent", "revenue", "total", "value", "2025Q3")] == (1890.5e8, True)
    assert got[("tencent", "revenue", "total", "yoy_pct", "2025Q3")] == (12.4, True)
    assert got[("tencent", "gross_profit", "total", "margin_pct", "2025Q3")] == (56.2, True)
    assert got[("tencent", "revenue", "marketing_services", "value", "2025Q3")] == (361.2e8, True)
    assert got[("tencent", "revenue", "marketing_services", "yoy_pct", "2025Q3")] == (20.1, True)


def test_a_forecast_under_a_heading_naming_a_segment_is_that_segments() -> None:
    text = ("腾讯控股(00700):三季度业绩前瞻\n"
            "盈利预测 - 预计25Q3营业收入1890.5亿元(YoY+12.4%) [1] 金融科技与企业服务 - 预计25Q3收入560.3亿元(YoY+7.5%) [2]\n")
    got = _estimates(PARSER.parse(_text_doc(text, published=date(2025, 10, 20))))
    assert got[("tencent", "revenue", "fintech_business_services", "value", "2025Q3")] == (560.3e8, True)
    assert got[("tencent", "revenue", "fintech_business_services", "yoy_pct", "2025Q3")] == (7.5, True)
    assert got[("tencent", "revenue", "total", "value", "2025Q3")] == (1890.5e8, True)


def test_a_forecast_under_a_heading_naming_another_line_is_not_the_total() -> None:
    text = ("腾讯控股(00700):三季度业绩前瞻\n"
            "盈利预测 - 预计25Q3营业收入1890.5亿元(YoY+12.4%) [1] 游戏与云业务 - 预计25Q3收入560.3亿元(YoY+7.5%) [2]\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 10, 20)))
    assert not [f for f in result.facts if f.value in (560.3e8, 7.5)]
    assert _estimates(result)[("tencent", "revenue", "total", "value", "2025Q3")] == (1890.5e8, True)


def test_a_forecast_after_a_subject_or_without_a_period_stays_held() -> None:
    text = ("腾讯公布2025年第三季度业绩。\n市场此前预计营收1880亿元。\n公司预计25Q4收入1950亿元。\n"
            "预计营业收入2000亿元。\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 11, 14)))
    assert not [f for f in result.facts if f.metric == "revenue"]


def test_figures_before_a_forecast_in_the_same_sentence_are_results() -> None:
    text = "腾讯公布2025年第二季度业绩。\n第二季度营收1845亿元,同比增长15%;预计25Q3营收1900亿元。\n"
    got = _estimates(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "revenue", "total", "value", "2025Q2")] == (1845e8, False)
    assert got[("tencent", "revenue", "total", "value", "2025Q3")] == (1900e8, True)


def test_a_two_digit_year_quarter_code_and_a_coded_growth_in_a_report() -> None:
    text = "腾讯公布二季度业绩。\n腾讯25Q2营收1845亿元(YoY+15%),毛利率57%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "revenue", "total", "na", "value", "2025Q2")] == (1845e8, "CNY", "eq")
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2025Q2")] == (15.0, "pct", "eq")
    assert got[("tencent", "gross_profit", "total", "na", "margin_pct", "2025Q2")] == (57.0, "pct", "eq")


def test_a_change_in_points_is_no_coded_growth_and_a_channels_ad_revenue_is_not_the_line() -> None:
    text = "腾讯公布二季度业绩。\n25Q2毛利率同比+3.6pcts,视频号广告收入120亿元(YoY+50%)。\n"
    result = PARSER.parse(_text_doc(text, published=date(2025, 8, 15)))
    assert not [f for f in result.facts if f.segment == "marketing_services" or f.value == 3.6]
    assert {f.entity for f in result.facts if f.value == 50.0} <= {"wechat_channels"}


def test_a_margin_range_is_no_margin_level() -> None:
    text = "腾讯公布二季度业绩。\n25Q2毛利率55%-58%。\n"
    result = PARSER.parse(_text_doc(text, published=date(2025, 8, 15)))
    assert not [f for f in result.facts if f.measure == "margin_pct"]


def test_a_forecast_for_a_run_of_years_gives_one_estimate_a_year() -> None:
    text = ("腾讯控股(00700):业绩点评\n腾讯2025年第二季度营收1845亿元。\n盈利预测 - 上调25-27年Non-IFRS归母净利润预测至2400.5/2700.1/3000.2亿元"
            "(较上次预测分别+0.5%/+1.0%/+2.0%) [4]\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 8, 20)))
    got = _estimates(result)
    assert got[("tencent", "profit_attributable", "total", "value", "2025")] == (2400.5e8, True)
    assert got[("tencent", "profit_attributable", "total", "value", "2027")] == (3000.2e8, True)
    assert {f.basis for f in result.facts if f.metric != "revenue"} == {"non_ifrs"}
    assert not [f for f in result.facts if f.measure != "value" or f.value in (0.5, 1.0, 2.0)]


def test_a_run_of_years_without_a_forecast_word_a_basis_or_as_many_figures_is_held() -> None:
    text = ("腾讯控股(00700):业绩点评\n腾讯2025年第二季度营收1845亿元。\n回顾 - 22-24年Non-IFRS归母净利润为1100.1/1500.2/2200.3亿元 [1] "
            "盈利预测 - 预计25-27年归母净利润分别为2400.5/2700.1/3000.2亿元 [2] "
            "盈利预测 - 预计25-27年Non-IFRS归母净利润分别为2400.5/2700.1亿元 [3]\n")
    assert not [f for f in PARSER.parse(_text_doc(text, published=date(2025, 8, 20))).facts if f.metric != "revenue"]


def test_a_games_line_named_as_a_business_takes_its_revenue() -> None:
    text = "腾讯公布2025年第二季度业绩。\n第二季度,国内游戏业务营收增长18%,达到人民币410亿元。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert got[("tencent", "revenue", "domestic_games", "na", "yoy_pct", "2025Q2")] == (18.0, "pct", "eq")
    assert got[("tencent", "revenue", "domestic_games", "na", "value", "2025Q2")] == (410e8, "CNY", "eq")


def test_revenue_after_a_games_business_is_not_the_total() -> None:
    text = "腾讯公布2025年第二季度业绩。\n第二季度,国际游戏业务的表现更为强劲,营收大幅增长30%,达到人民币190亿元。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 8, 15))))
    assert not [k for k in got if k[2] == "total"]


def test_a_line_that_broke_through_an_amount_is_over_it() -> None:
    text = "腾讯公布2025年第三季度业绩。\n2025年第三季度,其中国际游戏业务首次突破210亿元大关。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "revenue", "international_games", "na", "value", "2025Q3")] == (210e8, "CNY", "gt")


def test_revenue_scale_after_an_unnamed_line_breaking_through_is_not_the_total() -> None:
    text = "腾讯公布2025年第三季度业绩。\n2025年第三季度,国际游戏表现突出,收入规模首次突破210亿元大关。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert not [k for k in got if k[2] == "total" and k[4] == "value"]


def test_games_named_by_market_in_a_games_sentence() -> None:
    text = ("腾讯公布2025年第三季度业绩。\n上季游戏收入640亿元,其中本土市场430亿元,增长15%;海外市场录210亿元,升40%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert got[("tencent", "revenue", "domestic_games", "na", "value", "2025Q3")] == (430e8, "CNY", "eq")
    assert got[("tencent", "revenue", "international_games", "na", "value", "2025Q3")] == (210e8, "CNY", "eq")
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2025Q3")] == (40.0, "pct", "eq")


def test_a_market_word_outside_a_games_sentence_or_in_an_unread_forecast_is_no_games_line() -> None:
    text = ("腾讯公布2025年第三季度业绩。\n上季广告收入360亿元,其中国内市场300亿元。\n"
            "市场预计游戏收入650亿元,其中国内市场440亿元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2025, 11, 14))))
    assert not [k for k in got if k[2] in ("domestic_games", "international_games")]


def test_games_by_market_in_a_forecast_bullet_are_estimates() -> None:
    text = ("腾讯控股(00700):三季度业绩前瞻\n"
            "游戏业务 - 预计25Q3游戏收入650.1亿元(YoY+20.2%),其中国内市场440.3亿元(YoY+14.1%),海外市场209.8亿元(YoY+35.5%) [2]\n")
    got = _estimates(PARSER.parse(_text_doc(text, published=date(2025, 10, 20))))
    assert got[("tencent", "revenue", "domestic_games", "value", "2025Q3")] == (440.3e8, True)
    assert got[("tencent", "revenue", "international_games", "yoy_pct", "2025Q3")] == (35.5, True)
    assert not [k for k in got if k[2] in ("total", "vas")]


def test_a_forecast_range_gives_no_estimate() -> None:
    text = ("腾讯控股(00700):三季度业绩前瞻\n"
            "盈利预测 - 预计25Q3营业收入1880-1900亿元,同比增长10%-12% [1] "
            "盈利预测 - 预计25Q4营业收入1950亿元(YoY+9%-11%) [2]\n")
    result = PARSER.parse(_text_doc(text, published=date(2025, 10, 20)))
    assert not [f for f in result.facts if f.period.label == "2025Q3" or f.measure == "yoy_pct"]


def test_bare_revenue_after_an_international_games_clause_is_not_total_revenue():
    text = ("腾讯控股公布2025年第二季度业绩。腾讯2025年第二季度总收入为人民币1845亿元，同比增长15%。\n"
            "游戏方面，國內遊戲業務營收增長 17%，達到人民幣 404 億元。國際遊戲業務的表現亮眼，營收大幅增長 35%，"
            "達到人民幣 188 億元。\n")
    doc = _text_doc(text, published=date(2025, 8, 14))
    assert PARSER.sniff(doc)
    facts = _facts(PARSER.parse(doc))
    q = "2025Q2"
    assert facts[("tencent", "revenue", "total", "na", "value", q)][0] == 184.5e9
    assert ("tencent", "revenue", "total", "na", "yoy_pct", q) in facts
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", q)][0] == 15.0
    assert not [k for k, v in facts.items() if k[2] == "total" and v[0] in (188e8, 35.0)]


def test_a_parts_line_takes_the_year_the_sentence_before_it_names() -> None:
    text = ("腾讯公布2023年第四季度及全年业绩。\n"
            "2023年第四季度,网络广告业务收入298亿元,同比增长21%。\n\n"
            "2023年,腾讯总收入6090亿元,同比增长10%。\n"
            "其中,增值服务收入同比增长4%至2980亿元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 3, 20))))
    assert got[("tencent", "revenue", "vas", "na", "value", "2023")] == (2980e8, "CNY", "eq")
    assert got[("tencent", "revenue", "vas", "na", "yoy_pct", "2023")] == (4.0, "pct", "eq")
    assert not [k for k in got if k[2] == "vas" and k[5] == "2023Q4"]


def test_a_parts_line_after_a_sentence_naming_no_period_takes_no_year() -> None:
    text = ("腾讯公布2023年第四季度及全年业绩。\n"
            "2023年,腾讯总收入6090亿元,同比增长10%。\n\n"
            "腾讯总收入1552亿元,同比增长7%。\n"
            "其中,增值服务收入789亿元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 3, 20))))
    assert not [k for k in got if k[2] == "vas" and k[5] == "2023"]


def test_a_period_inside_an_exclusion_clause_is_not_the_period_of_later_figures() -> None:
    text = ("腾讯公布2023年第四季度及全年业绩。\n"
            "2023年,腾讯总收入6090亿元,同比增长10%。"
            "国际市场游戏收入增长14%至532亿元,剔除汇率变动及二零二二年第四季相关递延的影响后,增幅为9%。"
            "社交网络收入为1182亿元,同比增长2%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 3, 20))))
    assert got[("tencent", "revenue", "social_networks", "na", "value", "2023")] == (1182e8, "CNY", "eq")
    assert not [k for k in got if k[5] == "2022Q4"]
    assert (9.0, "pct", "eq") not in got.values()


def test_a_period_after_an_exclusion_clause_names_its_own_figures() -> None:
    text = ("腾讯公布2023年第四季度及全年业绩。\n"
            "2023年,腾讯总收入6090亿元,同比增长10%。\n"
            "剔除汇率变动影响后,二零二三年第四季国际市场游戏收入增长12%至145亿元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 3, 20))))
    assert got[("tencent", "revenue", "international_games", "na", "value", "2023Q4")] == (145e8, "CNY", "eq")


def test_taiwan_quarter_on_quarter_and_growth_words() -> None:
    text = ("騰訊控股昨日發布2024年第3季財報，營收人民幣1,672億元，年增8%、季增3%。"
            "社群網路營收年增5%至人民幣308億元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 14))))
    assert got[("tencent", "revenue", "total", "na", "qoq_pct", "2024Q3")] == (3.0, "pct", "eq")
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2024Q3")] == (8.0, "pct", "eq")
    assert got[("tencent", "revenue", "social_networks", "na", "value", "2024Q3")] == (308e8, "CNY", "eq")


def test_a_quarter_growing_is_not_a_quarter_on_quarter_growth() -> None:
    text = "騰訊控股發布財報，2024年第3季增長8%至人民幣1,672億元的總營收。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 14))))
    assert not [k for k in got if k[4] == "qoq_pct"]


def test_months_to_a_month_end_name_the_quarter_and_a_usd_translation_keeps_the_clause_clean() -> None:
    text = ("騰訊控股周三公布第三季財務報告。\n"
            "截至 9 月底的 3 個月，騰訊總營收為人民幣 1,672 億元 (約合 232 億美元)，比去年同期成長 8%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 13))))
    assert got[("tencent", "revenue", "total", "na", "value", "2024Q3")] == (1672e8, "CNY", "eq")
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2024Q3")] == (8.0, "pct", "eq")
    assert not [k for k in got if k[0] == "tencent" and k[3] == "na" and got[k][0] == 232e8]


def test_a_month_end_without_a_span_stays_an_as_at_date() -> None:
    text = ("騰訊控股周三公布第三季財務報告。\n"
            "截至 9 月底，騰訊總營收為人民幣 1,672 億元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 11, 13))))
    assert not [k for k in got if k[1] == "revenue" and k[4] == "value"]


def test_quarterly_revenue_and_a_basis_under_the_standards_keep_the_growth_with_its_line() -> None:
    text = ("腾讯发布2023年第四季度及全年业绩。第四季度季度营收1552亿元,同比增长7%。\n"
            "2023年,腾讯营收6090亿元,同比增长10%;非国际财务报告准则下公司权益持有人应占盈利1577亿元,同比增长36%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 3, 21))))
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2023Q4")] == (7.0, "pct", "eq")
    assert got[("tencent", "profit_attributable", "total", "non_ifrs", "yoy_pct", "2023")] == (36.0, "pct", "eq")


def test_a_net_profit_label_before_a_growth_is_still_no_line() -> None:
    text = ("腾讯发布2023年第四季度及全年业绩。第四季度季度净利润427亿元,同比增长44%。\n"
            "2023年,非国际财务报告准则下降本增效成效显著,同比增长36%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 3, 21))))
    assert not [k for k in got if k[4] == "yoy_pct"]


def test_a_segment_said_to_do_well_is_the_topic_of_the_bare_revenue_after_it() -> None:
    text = ("騰訊控股周三公布第二季財務報告。\n"
            "海外遊戲業務的表現尤為亮眼，營收增長 9%，至人民幣 139 億元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 14))))
    assert got[("tencent", "revenue", "international_games", "na", "yoy_pct", "2024Q2")] == (9.0, "pct", "eq")
    assert got[("tencent", "revenue", "international_games", "na", "value", "2024Q2")] == (139e8, "CNY", "eq")


def test_a_segment_with_another_remark_lends_no_line_to_the_bare_revenue_after_it() -> None:
    text = ("騰訊控股周三公布第二季財務報告。\n"
            "海外遊戲業務的表現受到匯率拖累，營收增長 9%，至人民幣 139 億元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 14))))
    assert not [k for k in got if got[k][0] in (9.0, 139e8)]


def test_what_a_line_includes_in_brackets_names_no_other_subject() -> None:
    text = ("騰訊控股昨日發布2024年第2季財報。\n"
            "本業增值服務業務（包含遊戲、社交網路等）第2季營收年增6%至人民幣788億元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 15))))
    assert got[("tencent", "revenue", "vas", "na", "value", "2024Q2")] == (788e8, "CNY", "eq")
    assert got[("tencent", "revenue", "vas", "na", "yoy_pct", "2024Q2")] == (6.0, "pct", "eq")


def test_what_a_line_leaves_out_in_brackets_keeps_its_revenue_unplaced() -> None:
    text = ("騰訊控股昨日發布2024年第2季財報。\n"
            "本業增值服務業務（不含遊戲、社交網路）第2季營收年增6%至人民幣788億元。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 15))))
    assert not [k for k in got if got[k][0] in (6.0, 788e8)]


def test_a_net_profit_word_glossed_with_the_statements_line_is_that_line() -> None:
    text = ("騰訊控股昨日發布2024年第2季財報，淨利（公司權益持有人應占盈利）人民幣476億元（約新台幣2,100億元），"
            "年增82%、季增16%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 15))))
    assert got[("tencent", "profit_attributable", "total", "ifrs", "value", "2024Q2")] == (476e8, "CNY", "eq")
    assert got[("tencent", "profit_attributable", "total", "ifrs", "yoy_pct", "2024Q2")] == (82.0, "pct", "eq")
    assert got[("tencent", "profit_attributable", "total", "ifrs", "qoq_pct", "2024Q2")] == (16.0, "pct", "eq")


def test_a_net_profit_word_glossed_otherwise_stays_held() -> None:
    text = "騰訊控股昨日發布2024年第2季財報，淨利（不計一次性項目）人民幣476億元，年增82%。\n"
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 8, 15))))
    assert not [k for k in got if k[1] == "profit_attributable"]


def test_a_flattened_release_keeps_each_lead_in_basis_for_its_glued_dash_bullets() -> None:
    text = ("腾讯公布二零二四年第一季业绩\n"
            "香港,二零二四年五月十四日–腾讯控股有限公司今天公布截至二零二四年三月三十一日止第一季未经审核综合业绩。 "
            "总收入为人民币1,595亿元,同比增长6%。 按非国际财务报告准则,以反映核心业务表现: "
            "-经营盈利为人民币575亿元,同比增长20%。 -期内盈利为人民币503亿元,同比增长54%。 "
            "-每股基本盈利为人民币5.400元。 按国际财务报告准则: -期内盈利为人民币419亿元,同比增长62%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 5, 14))))
    assert got[("tencent", "profit_for_period", "total", "non_ifrs", "value", "2024Q1")] == (503e8, "CNY", "eq")
    assert got[("tencent", "profit_for_period", "total", "non_ifrs", "yoy_pct", "2024Q1")] == (54.0, "pct", "eq")
    assert got[("tencent", "eps_basic", "total", "non_ifrs", "value", "2024Q1")] == (5.4, "CNY_per_share", "eq")
    assert got[("tencent", "profit_for_period", "total", "ifrs", "value", "2024Q1")] == (419e8, "CNY", "eq")
    assert ("tencent", "eps_basic", "total", "ifrs", "value", "2024Q1") not in got


def test_glued_dash_bullets_after_a_lead_in_naming_no_basis_keep_their_profit_held() -> None:
    text = ("腾讯控股昨日公布2024年第一季度业绩,要点如下: -期内盈利为人民币503亿元,同比增长54%。 "
            "-经营盈利为人民币575亿元,同比增长20%。\n")
    got = _facts(PARSER.parse(_text_doc(text, published=date(2024, 5, 15))))
    assert not [k for k in got if k[1] in ("profit_for_period", "operating_profit")]
