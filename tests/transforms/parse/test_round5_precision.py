"""Forms that printed wrong figures on unseen pages (basis, period, subject): each right reading beside a near miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple[str, str, str, str, float]]:
    return {(f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_counted_thing_between_the_metric_and_the_growth_holds_it() -> None:
    text = ("In the first quarter of 2024, Kuaishou's e-commerce GMV kept growing fast, with search page views on "
            "its mall rising by more than 120% year on year.")
    got = run(text, date(2024, 5, 20))
    assert not [f for f in got.facts if f.value == 120]
    assert any("page views" in h.reason for h in got.held)
    zh = run("2024年第一季度,快手电商GMV保持高速增长,商城搜索浏览量同比增长超过120%。", date(2024, 5, 20))
    assert not [f for f in zh.facts if f.value == 120]


def test_the_metrics_own_growth_still_prints_without_a_counted_thing() -> None:
    text = "In the first quarter of 2024, Kuaishou's e-commerce GMV kept growing fast, rising by more than 20% year on year."
    assert ("gmv", "total", "yoy_pct", "2024Q1", 20) in keys(run(text, date(2024, 5, 20)))
    zh = run("2024年第一季度,快手电商GMV保持高速增长,同比增长超过20%。", date(2024, 5, 20))
    assert ("gmv", "total", "yoy_pct", "2024Q1", 20) in keys(zh)


def zh_release(text: str, published: date) -> dict[tuple[str, str, str, str, str], float]:
    from transforms.model import DocMeta
    from transforms.parse.document import load_document
    from transforms.parse.results_zh import PARSER
    meta = DocMeta(url="https://example.invalid/doc", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    result = PARSER.parse(load_document(text.encode("utf-8"), meta))
    return {(f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


def test_a_lines_cost_of_revenues_is_not_its_revenue_in_a_results_story() -> None:
    text = ("腾讯昨日发布2022年全年业绩。\n"
            "按业务看,增值服务业务2022年收入成本同比增长2%至1419亿元,主要因为服务器与带宽成本上升。\n")
    got = zh_release(text, date(2023, 3, 23))
    assert not [k for k, v in got.items() if v in (1419e8, 2.0)]


def test_a_lines_revenue_beside_a_cost_remark_still_prints() -> None:
    text = ("腾讯昨日发布2022年全年业绩。\n"
            "按业务看,增值服务业务2022年收入同比下降4%至2876亿元,而服务器与带宽成本上升。\n")
    got = zh_release(text, date(2023, 3, 23))
    assert got[("revenue", "vas", "na", "value", "2022")] == 2876e8


def test_cost_of_revenues_in_a_news_sentence_is_held() -> None:
    text = "Tencent said the cost of revenues of its value-added services rose 2% to RMB141.9 billion in 2022."
    got = run(text, date(2023, 3, 23))
    assert not [f for f in got.facts if f.value in (141.9e9, 2)]
    assert any("cost" in h.reason for h in got.held)
    plain = run("Tencent said the revenues of its value-added services fell 4% to RMB287.6 billion in 2022.",
                date(2023, 3, 23))
    assert ("revenue", "vas", "value", "2022", 287.6e9) in keys(plain)
