"""Forms of industry writing (market sizes, platform GMV, FMCG channel studies, MOFCOM briefings): what is read."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date = date(2024, 5, 6)) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.is_estimate) for f in result.facts}


def held_reasons(result: ClaimResult) -> str:
    return " | ".join(h.reason for h in result.held)


def test_kuaishous_live_streaming_business_is_its_live_segment() -> None:
    result = run("2022年快手的直播业务收入为352.1亿元，同比增长13.6%。", date(2023, 5, 1))
    assert ("kuaishou", "revenue", "live", "value", "2022", 35_210_000_000.0, False) in keys(result)
    assert ("kuaishou", "revenue", "live", "yoy_pct", "2022", 13.6, False) in keys(result)
    assert not [f for f in result.facts if f.segment == "total"]


def test_another_companys_live_streaming_business_is_held() -> None:
    result = run("2022年腾讯的直播业务收入为200亿元。", date(2023, 5, 1))
    assert not result.facts
    assert "segment live" in held_reasons(result)
