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
from transforms.parse.nbs import PARSER, cumulative_only, cumulative_period, release_month

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
    case = _doc(CASES / "nbs_2024_02.txt", "text/plain; charset=utf-8", source="inbox", url="")
    assert not PARSER.sniff(case)


def test_release_without_month_or_date_is_unsupported() -> None:
    doc = load_document("国家统计局\n全国网上零售额数据说明,详见附表。\n".encode(),
                        DocMeta(url="https://www.stats.gov.cn/sj/zxfb/y.html", source="nbs",
                                content_type="text/plain; charset=utf-8"))
    with pytest.raises(UnsupportedDocument):
        PARSER.parse(doc)
