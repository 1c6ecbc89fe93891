"""Forms that printed wrong figures on unseen pages: each test pairs the right reading with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def growth(result: ClaimResult, measure: str) -> list[float]:
    return [f.value for f in result.facts if f.measure == measure]


def test_a_change_noun_after_the_figure_is_its_own_direction() -> None:
    text = ("Tencent's non-IFRS operating profit for the third quarter of 2023 was RMB55.5 billion, "
            "a 4% YoY decline and a 12% QoQ increase.")
    got = run(text, date(2023, 11, 15))
    assert growth(got, "qoq_pct") == [12]
    assert growth(got, "yoy_pct") == [-4]


def test_a_direction_word_before_the_figure_still_applies_without_an_own_noun() -> None:
    text = "Tencent's non-IFRS operating profit for the third quarter of 2023 fell 4% YoY and 12% QoQ."
    got = run(text, date(2023, 11, 15))
    assert growth(got, "qoq_pct") == [-12]
    assert growth(got, "yoy_pct") == [-4]
