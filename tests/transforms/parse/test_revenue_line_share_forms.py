"""A plain "收入占比" clause after a revenue line's figures: the share of total revenue that line makes up."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def shares(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.segment, f.period.label, f.value) for f in result.facts if f.measure == "share_pct"}


def test_revenue_share_after_the_marketing_line_is_the_marketing_lines_share() -> None:
    text = ("快手2023Q4总收入为326亿元。其中线上营销收入为185亿元,同比增长21%,收入占比56.7%;"
            "直播业务收入为99亿元,同比下降5.6%,收入占比30.4%。")
    assert shares(run(text, date(2024, 3, 21))) == {("kuaishou", "marketing_services", "2023Q4", 56.7),
                                                   ("kuaishou", "live", "2023Q4", 30.4)}


def test_revenue_share_of_a_part_named_right_before_it_is_not_the_marketing_line() -> None:
    text = "快手2023Q4广告收入为185亿元,海外业务收入占比4%。"
    assert not shares(run(text, date(2024, 3, 21)))


def test_revenue_share_after_two_lines_summed_is_not_one_lines_share() -> None:
    text = "快手2023Q4广告收入与电商收入合计为218亿元,收入占比67%。"
    assert not shares(run(text, date(2024, 3, 21)))


def test_revenue_share_in_another_sentence_than_the_marketing_line_is_not_its_share() -> None:
    text = "快手2023Q4线上营销收入为185亿元,同比增长21%。收入占比56.7%。"
    assert not shares(run(text, date(2024, 3, 21)))


def test_a_share_that_rose_to_a_level_is_neither_the_lines_share_nor_growth() -> None:
    text = "快手2023Q4广告收入为185亿元,同比增长21%,收入占比提升至56.7%。"
    result = run(text, date(2024, 3, 21))
    assert not shares(result)
    assert {(f.measure, f.value) for f in result.facts if f.measure == "yoy_pct"} == {("yoy_pct", 21.0)}


def test_a_share_that_fell_to_a_level_is_not_growth() -> None:
    text = "快手2023Q4直播业务收入占比同比下降至30.4%。"
    assert not [f for f in run(text, date(2024, 3, 21)).facts if f.measure == "yoy_pct"]


def test_an_english_share_that_rose_to_a_level_is_not_growth() -> None:
    text = ("In the fourth quarter of 2023, Kuaishou's online marketing revenue rose 21% to RMB 18.5 billion, and its "
            "share of total revenue rose to 56.7%.")
    result = run(text, date(2024, 3, 21))
    assert {f.value for f in result.facts if f.measure == "yoy_pct"} == {21.0}


def test_revenue_that_rose_to_an_amount_after_a_share_word_elsewhere_is_still_read() -> None:
    text = "In the fourth quarter of 2023, Kuaishou's shares slipped, while revenue rose to RMB 32.6 billion, up 15%."
    result = run(text, date(2024, 3, 21))
    assert {(f.measure, f.value) for f in result.facts} == {("value", 3.26e10), ("yoy_pct", 15.0)}
