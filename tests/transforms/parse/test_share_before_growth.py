"""A share written before a segment ("占总收入20%的社交网络") is no growth, whatever growth word follows it."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract

PUBLISHED = ClaimContext(published=date(2023, 8, 21))


def _facts(text: str) -> dict[tuple[str, str], float]:
    """The (segment, measure) -> value of every fact the claim reader prints from `text`."""
    return {(f.segment, f.measure): f.value for f in extract(text, PUBLISHED).facts}


def test_a_share_before_its_segment_is_not_the_groups_growth() -> None:
    facts = _facts("腾讯公布第二季度业绩。占总收入约两成即20%的社交网络,本季收入同比增长2%至297亿元。")
    assert ("total", "yoy_pct") not in facts
    assert facts[("social_networks", "yoy_pct")] == 2.0


def test_a_traditional_share_clause_before_a_growth_is_not_growth() -> None:
    facts = _facts("騰訊公布第二季業績。而佔總收入比20%的社交網絡收入按年增長2%至297億元。")
    assert ("total", "yoy_pct") not in facts
    assert facts[("social_networks", "value")] == 297e8


def test_a_growth_word_right_after_the_percentage_is_its_own() -> None:
    facts = _facts("腾讯公布第二季度业绩。在总收入中占最大比重的增值服务收入实现20%的增长,达到742亿元。")
    assert facts.get(("vas", "yoy_pct")) == 20.0
