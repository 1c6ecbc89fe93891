"""NBS monthly retail release: cumulative periods, text and table figures, what is held back.

The two text cases carry the reference's NBS figures for 2024-01..02 and 2021-01..09 (graded C there,
so they appear in tests only, never in the snapshot)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta, Fact, UnsupportedDocument
from transforms.normalise.periods import month
from transforms.parse.document import load_document
from transforms.parse.nbs import PARSER, cumulative_only, cumulative_period, release_month, row_entity

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases" / "nbs"
SNAPSHOT = ROOT / "sources" / "snapshot" / "nbs"


def _doc(path: Path, content_type: str, *, source: str = "nbs", url: str = "https://www.stats.gov.cn/sj/zxfb/x.html",
         published: date | None = None):
    charset = content_type.split("charset=")[1] if "charset=" in content_type else None
    meta = DocMeta(url=url, source=source, content_type=content_type, charset=charset, published_at=published)
    return load_document(path.read_bytes(), meta)


def _snapshot(name: str):
    entry = next(e for e in json.loads((SNAPSHOT / "index.json").read_text(encoding="utf-8")) if e["file"] == name)
    return _doc(SNAPSHOT / name, entry["content_type"], url=entry["url"])


def _facts(result) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.period.type, f.value, f.unit)
            for f in result.facts}


@pytest.mark.parametrize(
    ("header", "label", "ptype"),
    [
        ("1—2月", "2024-01..2024-02", "months"),
        ("1-2月", "2024-01..2024-02", "months"),
        ("1至2月", "2024-01..2024-02", "months"),
        ("1—10月绝对量(亿元)", "2024-01..2024-10", "months"),
        ("1—6月", "2024H1", "half"),
        ("1—9月", "2024Q1-Q3", "nine_months"),
        ("1—12月同比增长(%)", "2024", "year"),
        ("全年", "2024", "year"),
    ],
)
def test_cumulative_periods(header: str, label: str, ptype: str) -> None:
    period = cumulative_period(2024, header)
    assert period is not None and (period.label, period.type) == (label, ptype)


@pytest.mark.parametrize("header", ["12月", "6月绝对量(亿元)", "指标"])
def test_single_month_columns_are_not_cumulative(header: str) -> None:
    assert cumulative_period(2024, header) is None


def test_release_month_from_title_or_publication() -> None:
    assert release_month("2024年12月份社会消费品零售总额数据", None) == (2024, 12)
    assert release_month("2024年1—2月份社会消费品零售总额数据", None) == (2024, 2)
    assert release_month(None, date(2025, 1, 17)) == (2024, 12)
    assert release_month("统计数据", date(2024, 7, 15)) == (2024, 6)


def test_full_year_release_text_and_table() -> None:
    res = PARSER.parse(_snapshot("nbs_retail_2024_12.html"))
    assert _facts(res) == {
        ("china_online_retail", "sales", "total", "value", "2024", "year", 15522500000000.0, "CNY"),
        ("china_online_retail", "sales", "total", "yoy_pct", "2024", "year", 7.2, "pct"),
    }
    locators = {f.locator for f in res.facts}
    assert "table1/row=全国网上零售额/col=1—12月绝对量(亿元)" in locators
    assert any(loc.startswith("p") for loc in locators)
    assert {h.reason for h in res.held} == {"no entity"}


def test_physical_goods_row_and_half_year() -> None:
    res = PARSER.parse(_snapshot("nbs_retail_2019_12.html"))
    assert ("china_online_retail_goods", "sales", "total", "value", "2019", "year", 8523900000000.0, "CNY") in _facts(res)
    res = PARSER.parse(_snapshot("nbs_retail_2024_06.html"))
    assert {f.period.label for f in res.facts} == {"2024H1"}


def test_january_february_release_with_share() -> None:
    res = PARSER.parse(_doc(CASES / "nbs_2024_02.txt", "text/plain; charset=utf-8"))
    assert _facts(res) == {
        ("china_online_retail", "sales", "total", "value", "2024-01..2024-02", "months", 2150000000000.0, "CNY"),
        ("china_online_retail", "sales", "total", "yoy_pct", "2024-01..2024-02", "months", 15.3, "pct"),
        ("china_online_retail_goods", "sales", "total", "value", "2024-01..2024-02", "months", 1820000000000.0, "CNY"),
        ("china_online_retail_goods", "sales", "total", "yoy_pct", "2024-01..2024-02", "months", 14.4, "pct"),
        ("china_online_retail_goods", "sales", "total", "share_pct", "2024-01..2024-02", "months", 22.4, "pct"),
    }
    assert res.published_at == date(2024, 3, 18)
    for f in res.facts:
        f.validate()


def test_nine_months_release_holds_other_entities() -> None:
    res = PARSER.parse(_doc(CASES / "nbs_2021_09.txt", "text/plain; charset=utf-8"))
    assert {(f.entity, f.measure, f.period.label, f.value) for f in res.facts} == {
        ("china_online_retail", "value", "2021Q1-Q3", 9187100000000.0),
        ("china_online_retail", "yoy_pct", "2021Q1-Q3", 18.5),
        ("china_online_retail_goods", "value", "2021Q1-Q3", 7504200000000.0),
        ("china_online_retail_goods", "yoy_pct", "2021Q1-Q3", 15.2),
        ("china_online_retail_goods", "share_pct", "2021Q1-Q3", 23.6),
    }


def test_single_month_online_figures_are_held() -> None:
    misread = Fact("china_online_retail", "sales", "total", "na", "value", month(2024, 12), 15522500000000.0, "CNY",
                   "155225亿元", "p1.s1.c0", "155225亿元")
    kept, held = cumulative_only([misread])
    assert kept == [] and held[0].reported_text == "155225亿元" and "year-to-date" in held[0].reason


def test_sniff() -> None:
    assert PARSER.sniff(_snapshot("nbs_retail_2024_12.html"))
    article = ROOT / "sources" / "snapshot" / "articles" / "news_cn_online_retail_2023.html"
    assert not PARSER.sniff(_doc(article, "text/html; charset=utf-8", source="article",
                                 url="https://www.news.cn/fortune/x/c.html"))
    case = _doc(CASES / "nbs_2024_02.txt", "text/plain; charset=utf-8", source="article", url="")
    assert not PARSER.sniff(case)


def test_release_without_month_or_date_is_unsupported() -> None:
    doc = load_document("国家统计局\n全国网上零售额数据说明,详见附表。\n".encode(),
                        DocMeta(url="https://www.stats.gov.cn/sj/zxfb/y.html", source="nbs",
                                content_type="text/plain; charset=utf-8"))
    with pytest.raises(UnsupportedDocument):
        PARSER.parse(doc)


# ---------------------------------------------------------------- reprints and briefings


def _inbox(name: str, published: date):
    return _doc(CASES / name, "text/plain; charset=utf-8", source="inbox", url="https://example.org/x.html",
                published=published)


def _keys(result) -> set[tuple]:
    return {(f.entity, f.measure, f.period.label, f.value, f.qualifier) for f in result.facts}


def _reasons(result) -> dict[str, str]:
    return {h.reported_text: h.reason for h in result.held}


def test_reprint_without_release_title_is_read_and_categories_are_not_online_figures() -> None:
    doc = _inbox("reprint_zh_2024_10.txt", date(2024, 11, 20))
    assert PARSER.sniff(doc)
    res = PARSER.parse(doc)
    assert _keys(res) == {
        ("china_online_retail", "value", "2024-01..2024-10", 12363200000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2024-01..2024-10", 8.8, "eq"),
        ("china_online_retail_goods", "value", "2024-01..2024-10", 10333000000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2024-01..2024-10", 8.3, "eq"),
        ("china_online_retail_goods", "share_pct", "2024-01..2024-10", 25.9, "eq"),
    }
    held = _reasons(res)
    assert held["44367亿元"] == "no entity" and held["40944亿元"] == "no entity"
    assert held["4.7%"] == "no entity"


def test_traditional_reprint_and_non_physical_goods_clause() -> None:
    doc = _inbox("reprint_tc_2015_09.txt", date(2015, 10, 20))
    assert PARSER.sniff(doc)
    res = PARSER.parse(doc)
    assert _keys(res) == {
        ("china_online_retail", "value", "2015Q1-Q3", 2591400000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2015Q1-Q3", 36.2, "eq"),
        ("china_online_retail_goods", "value", "2015Q1-Q3", 2151000000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2015Q1-Q3", 34.7, "eq"),
        ("china_online_retail_goods", "share_pct", "2015Q1-Q3", 10.0, "eq"),
    }
    assert _reasons(res)["4404億元"] == "no entity"


def test_comparison_base_period_is_not_the_figures_period() -> None:
    res = PARSER.parse(_inbox("comparison_base_zh.txt", date(2020, 11, 16)))
    assert _keys(res) == {
        ("china_online_retail", "value", "2020-01..2020-10", 9127500000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2020-01..2020-10", 10.9, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2020-01..2020-10", 16.0, "eq"),
        ("china_online_retail_goods", "share_pct", "2020-01..2020-10", 24.2, "eq"),
    }


def test_english_release_from_january_to_october_with_category_growth() -> None:
    doc = _inbox("release_en_jan_oct.txt", date(2019, 11, 14))
    assert PARSER.sniff(doc)
    res = PARSER.parse(doc)
    assert _keys(res) == {
        ("china_online_retail", "value", "2019-01..2019-10", 8230700000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2019-01..2019-10", 16.4, "eq"),
        ("china_online_retail_goods", "value", "2019-01..2019-10", 6517200000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2019-01..2019-10", 19.8, "eq"),
        ("china_online_retail_goods", "share_pct", "2019-01..2019-10", 19.5, "eq"),
    }
    assert _reasons(res)["16.6 percent"] == "no entity"


def test_english_briefing_trillions_points_contribution_and_bracketed_quarter() -> None:
    doc = _inbox("briefing_en_half_year.txt", date(2019, 8, 9))
    assert PARSER.sniff(doc)
    res = PARSER.parse(doc)
    assert _keys(res) == {
        ("china_online_retail", "value", "2019H1", 4820000000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2019H1", 17.8, "eq"),
        ("china_online_retail", "yoy_pct", "2019Q1", 15.3, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2019H1", 21.6, "eq"),
        ("china_online_retail_goods", "value", "2019H1", 3820000000000.0, "eq"),
        ("china_online_retail_goods", "share_pct", "2019H1", 19.6, "eq"),
    }
    held = _reasons(res)
    assert "percentage points" in held["2.5 percentage points"]
    assert "contribution" in held["44.8%"]
    assert held["75.8%"] == "no entity"


def test_mofcom_briefing_in_traditional_characters_with_wan_yi() -> None:
    doc = _inbox("mofcom_briefing_tc.txt", date(2026, 1, 23))
    assert PARSER.sniff(doc)
    res = PARSER.parse(doc)
    assert _keys(res) == {
        ("china_online_retail_goods", "value", "2025", 13090000000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2025", 5.2, "eq"),
        ("china_online_retail_goods", "share_pct", "2025", 26.1, "eq"),
    }
    held = _reasons(res)
    assert "36.2%" in held
    assert held["6.7%"] == "no entity" and held["9.9%"] == "no entity"


def test_reprint_on_one_line_is_read() -> None:
    res = PARSER.parse(_inbox("one_line_reprint.txt", date(2020, 12, 15)))
    assert _keys(res) == {
        ("china_online_retail", "value", "2020-01..2020-11", 10537400000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2020-01..2020-11", 11.5, "eq"),
        ("china_online_retail_goods", "value", "2020-01..2020-11", 8779200000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2020-01..2020-11", 15.7, "eq"),
        ("china_online_retail_goods", "share_pct", "2020-01..2020-11", 25.0, "eq"),
    }


def test_industry_article_naming_live_commerce_is_left_to_the_article_reader() -> None:
    text = "商务部:上半年全国网上零售额7.16万亿元,同比增长13.1%。重点监测电商平台累计直播销售额1.27万亿元。\n"
    doc = load_document(text.encode(), DocMeta(url="https://example.org/y.html", source="inbox",
                                               content_type="text/plain; charset=utf-8"))
    assert not PARSER.sniff(doc)


def test_yearless_period_long_before_publication_is_held() -> None:
    text = "网购数据\n1—2月份,全国网上零售额20544亿元,同比增长6.2%。\n"
    doc = load_document(text.encode(), DocMeta(url="https://example.org/z.html", source="inbox",
                                               content_type="text/plain; charset=utf-8",
                                               published_at=date(2023, 12, 1)))
    res = PARSER.parse(doc)
    assert res.facts == [] and {h.reason for h in res.held} == {"a period without a year, long before publication"}


def test_headline_bound_gives_way_to_the_exact_figure_and_share_of_the_same_period() -> None:
    res = PARSER.parse(_inbox("headline_bound_zh.txt", date(2020, 7, 16)))
    assert _keys(res) == {
        ("china_online_retail", "value", "2020H1", 5150100000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2020H1", 7.3, "eq"),
        ("china_online_retail_goods", "value", "2020H1", 4348100000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2020H1", 14.3, "eq"),
        ("china_online_retail_goods", "share_pct", "2020H1", 25.2, "eq"),
    }
    assert _reasons(res)["超5万亿元"] == "a rounded or bounded figure beside the exact one"


def test_rural_regional_and_product_online_retail_are_other_series() -> None:
    res = PARSER.parse(_inbox("other_series_en.txt", date(2023, 7, 20)))
    assert _keys(res) == {
        ("china_online_retail", "value", "2023H1", 7160000000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2023H1", 13.1, "eq"),
    }
    held = _reasons(res)
    assert held["0.27 trillion yuan"] == held["1.12 trillion yuan"] == held["13 percent"] == "no entity"
    res = PARSER.parse(_inbox("other_series_zh.txt", date(2023, 7, 20)))
    assert _keys(res) == {("china_online_retail", "yoy_pct", "2023H1", 13.1, "eq")}
    assert _reasons(res)["1.1万亿元"] == _reasons(res)["1.12万亿元"] == "no entity"


def test_release_table_one_cell_per_line() -> None:
    doc = _inbox("table_cells_per_line.txt", date(2018, 11, 14))
    assert PARSER.sniff(doc)
    res = PARSER.parse(doc)
    assert _keys(res) == {
        ("china_online_retail_goods", "value", "2018-01..2018-10", 5414100000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2018-01..2018-10", 26.7, "eq"),
    }
    assert {f.locator for f in res.facts} == {"texttable/row=其中:实物商品网上零售额/col=1-10月绝对量(亿元)",
                                              "texttable/row=其中:实物商品网上零售额/col=1-10月同比增长(%)"}


def test_release_table_rows_split_by_bars_and_non_physical_row() -> None:
    res = PARSER.parse(_inbox("table_pipe_rows.txt", date(2018, 3, 14)))
    assert _keys(res) == {
        ("china_online_retail_goods", "value", "2018-01..2018-02", 907300000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2018-01..2018-02", 35.6, "eq"),
    }
    assert row_entity("非实物商品网上零售额") is None
    assert row_entity("其中:實物商品網上零售額") == "china_online_retail_goods"


def test_english_period_named_at_the_end_of_the_sentence() -> None:
    doc = _inbox("period_at_end_en.txt", date(2024, 8, 15))
    assert PARSER.sniff(doc)
    assert _keys(PARSER.parse(doc)) == {
        ("china_online_retail", "yoy_pct", "2024-01..2024-07", 9.5, "eq"),
        ("china_online_retail", "value", "2024-01..2024-07", 8380000000000.0, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2024-01..2024-07", 8.7, "eq"),
        ("china_online_retail_goods", "value", "2024-01..2024-07", 7010000000000.0, "eq"),
        ("china_online_retail_goods", "share_pct", "2024-01..2024-07", 25.6, "eq"),
    }


def test_share_of_total_retail_for_unnamed_online_sales_holds_the_figures_beside_it() -> None:
    res = PARSER.parse(_inbox("share_without_goods_en.txt", date(2019, 7, 20)))
    assert not any(f.entity == "china_online_retail" for f in res.facts)
    held = _reasons(res)
    assert "physical goods" in held["3.8 trillion yuan"] and "physical goods" in held["21.6 percent"]


def test_share_of_total_retail_with_physical_goods_named_keeps_the_total_figures() -> None:
    res = PARSER.parse(_inbox("share_with_goods_named_en.txt", date(2019, 7, 20)))
    assert _keys(res) == {
        ("china_online_retail", "value", "2019H1", 4820000000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2019H1", 17.8, "eq"),
        ("china_online_retail_goods", "share_pct", "2019H1", 19.6, "eq"),
    }


def test_share_of_total_retail_in_the_same_chinese_sentence_holds_the_online_figures() -> None:
    text = ("商务部发布\n今年前三季度,全国网上零售额6.2万亿元,同比增长25%,占社会消费品零售总额的18%。\n"
            "同期社会消费品零售总额同比增长9%。\n")
    doc = load_document(text.encode(), DocMeta(url="https://example.org/z.html", source="inbox",
                                               content_type="text/plain; charset=utf-8",
                                               published_at=date(2018, 10, 20)))
    res = PARSER.parse(doc)
    assert not any(f.entity == "china_online_retail" for f in res.facts)
    assert "physical goods" in _reasons(res)["6.2万亿元"]
    text = text.replace("占社会消费品零售总额的18%", "高于社会消费品零售总额增速")
    doc = load_document(text.encode(), DocMeta(url="https://example.org/z.html", source="inbox",
                                               content_type="text/plain; charset=utf-8",
                                               published_at=date(2018, 10, 20)))
    assert ("china_online_retail", "value", "2018Q1-Q3", 6200000000000.0, "eq") in _keys(PARSER.parse(doc))


def _zh_wire(text: str, published: date):
    return load_document(text.encode(), DocMeta(url="https://example.org/w.html", source="inbox",
                                                content_type="text/plain; charset=utf-8", published_at=published))


def test_physical_goods_growth_without_amount_word_and_bare_share_of_total_retail() -> None:
    text = ("消费数据\n国家统计局今天发布,1-8月,全国网上零售额61000亿元,同比增长9.1%;其中,实物商品网上零售增长13.2%,"
            "比1-7月快0.4个百分点,占社会消费品零售总额的23.9%。\n")
    res = PARSER.parse(_zh_wire(text, date(2021, 9, 15)))
    assert _keys(res) == {
        ("china_online_retail", "value", "2021-01..2021-08", 6100000000000.0, "eq"),
        ("china_online_retail", "yoy_pct", "2021-01..2021-08", 9.1, "eq"),
        ("china_online_retail_goods", "yoy_pct", "2021-01..2021-08", 13.2, "eq"),
        ("china_online_retail_goods", "share_pct", "2021-01..2021-08", 23.9, "eq"),
    }


def test_breakdown_within_physical_goods_online_retail_is_not_its_growth() -> None:
    text = ("消费数据\n国家统计局今天发布,1-8月,全国网上零售额61000亿元,同比增长9.1%;在实物商品网上零售中,"
            "吃类商品增长13.2%。\n")
    res = PARSER.parse(_zh_wire(text, date(2021, 9, 15)))
    assert not any(f.entity == "china_online_retail_goods" for f in res.facts)
    assert "13.2%" in _reasons(res)
