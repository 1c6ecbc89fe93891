"""English news forms behind missed figures: each reading is paired with a near miss that must not print."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

_NOV_2020 = date(2020, 11, 13)


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_yearless_quarter_of_the_same_quarter_keeps_the_text_to_one_period() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Its games did well in Q3, the company said.\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert ("tencent", "revenue", "online_games", "value", "2020Q3", 41.4e9) in keys(run(text, _NOV_2020))


def test_a_yearless_other_quarter_leaves_the_text_without_one_period() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Its games were also strong in Q2, the company said.\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert not [f for f in run(text, _NOV_2020).facts if f.value == 41.4e9]


def test_a_sign_up_box_opens_no_section() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Stay Informed\n"
            "Sign Up Today\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert ("tencent", "revenue", "online_games", "value", "2020Q3", 41.4e9) in keys(run(text, _NOV_2020))


def test_a_section_heading_still_opens_a_section() -> None:
    text = ("Tencent's sales climbed 29 per cent in Q3 2020 from a year earlier.\n"
            "Games and beyond\n"
            "Meanwhile, online games revenue reached ¥41.4 billion.")
    assert not [f for f in run(text, _NOV_2020).facts if f.value == 41.4e9]


def test_smartphone_revenue_is_a_part_not_the_total() -> None:
    text = "In Q3 2020, Tencent's smartphone revenue came in at ¥39 billion."
    assert not [f for f in run(text, _NOV_2020).facts if f.metric == "revenue" and f.segment == "total"]
    whole = "In Q3 2020, Tencent's revenue came in at ¥125 billion."
    assert ("tencent", "revenue", "total", "value", "2020Q3", 125e9) in keys(run(whole, _NOV_2020))
