"""A figure written as the sum of two revenue lines (合计, together) belongs to neither line."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date = date(2025, 3, 26)) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.segment, f.measure, f.value) for f in result.facts}


def test_two_lines_summed_give_no_line_a_figure() -> None:
    text = "快手2024Q4广告收入与直播打赏收入合计为300亿元,收入占比85%。"
    assert not keys(run(text))


def test_two_english_lines_summed_give_no_line_a_figure() -> None:
    text = ("In the fourth quarter of 2024, revenue from Kuaishou's live streaming business plus its marketing "
            "services together reached RMB 30 billion.")
    assert not keys(run(text))


def test_one_line_with_a_sum_word_keeps_its_figure() -> None:
    text = "快手2024Q4线上营销服务收入205亿元,直播业务收入合计95亿元。"
    assert keys(run(text)) == {("marketing_services", "value", 2.05e10), ("live", "value", 9.5e9)}


def test_a_line_named_after_the_sum_keeps_its_figure() -> None:
    text = "快手2024Q4线上营销服务和直播业务收入合计300亿元,其他服务收入48亿元。"
    assert keys(run(text)) == {("others", "value", 4.8e9)}
