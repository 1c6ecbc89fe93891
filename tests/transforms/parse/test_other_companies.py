"""Reports of another company's results, carried by Tencent's own news outlets, are never read as Tencent's."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta
from transforms.parse import parse_document

# A Tencent Tech wire item on Kuaishou's quarter, in the form such items take (byline, then the company's news).
KUAISHOU_BY_TENCENT_TECH = (
    "腾讯科技讯 8月24日消息,快手今日发布2022年第二季度业绩。本季度快手总收入为人民币217亿元,同比增长13.4%。\n"
    "线上营销服务收入同比增长2.8%至人民币110亿元;电商交易总额(GMV)为人民币1912亿元,同比增长31.8%。\n"
)
# The same byline form on Tencent's own results: still Tencent's.
TENCENT_BY_TENCENT_FINANCE = (
    "腾讯财经讯 11月16日消息,腾讯控股今日公布2022年第三季度业绩。本季度腾讯总收入为人民币1400.9亿元,同比下降2%。\n"
)


def _facts(text: str, published: date) -> list:
    meta = DocMeta(url="https://example.invalid/wire", source="inbox", published_at=published,
                   content_type="text/plain; charset=utf-8")
    return parse_document(text.encode("utf-8"), meta).facts


def test_a_tencent_outlet_byline_does_not_make_another_company_tencent() -> None:
    facts = _facts(KUAISHOU_BY_TENCENT_TECH, date(2022, 8, 24))
    assert not [f for f in facts if f.entity == "tencent"]
    assert {(f.entity, f.metric, f.measure, f.value) for f in facts} >= {("kuaishou", "gmv", "value", 1.912e11)}


def test_tencent_results_behind_the_same_byline_stay_tencent() -> None:
    facts = _facts(TENCENT_BY_TENCENT_FINANCE, date(2022, 11, 16))
    revenue = [f for f in facts if f.entity == "tencent" and f.metric == "revenue" and f.measure == "value"]
    assert [(f.period.label, f.value) for f in revenue] == [("2022Q3", 1.4009e11)]


def test_a_kuaishou_segment_share_with_the_share_a_year_before() -> None:
    text = ("Short-video rival Kuaishou shares slip after Q1 financial results\n"
            "Kuaishou reported its first-quarter 2022 results on Tuesday: total revenue was 21.1 billion yuan, up 23.8 "
            "percent year on year, and e-commerce GMV was 175.1 billion yuan.\n"
            "Live streaming contributed 39 percent of total revenue, down from 43 percent in the first quarter of "
            "2021.\n")
    facts = _facts(text, date(2022, 5, 24))
    shares = {(f.segment, f.period.label, f.value) for f in facts if f.measure == "share_pct"}
    assert shares == {("live", "2022Q1", 39.0), ("live", "2021Q1", 43.0)}
    assert not [f for f in facts if f.measure == "share_pct" and f.segment == "total"]
