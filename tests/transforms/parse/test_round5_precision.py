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
