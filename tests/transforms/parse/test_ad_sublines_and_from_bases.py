"""Sub-lines of the advertising segment ("media advertising", "social and other advertising") are not the segment,
and a period written right after "from <figure>" dates the figure compared with, not the one before it."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

PUBLISHED = date(2020, 8, 14)
LEAD = "Tencent reported its second-quarter results on Wednesday."


def run(text: str, published: date = PUBLISHED) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def ads(result: ClaimResult) -> set[tuple]:
    return {k for k in keys(result) if k[2] == "marketing_services"}


def test_online_advertising_is_read_beside_a_falling_media_line() -> None:
    text = (f"{LEAD}\nOnline advertising revenue rose 13% year-on-year. Media advertising revenue, however, "
            "slid 25% year-on-year as brands trimmed their budgets.")
    found = ads(run(text))
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2020Q2", 13.0) in found
    assert not [k for k in found if k[5] == -25.0]


def test_a_media_advertising_line_alone_is_not_the_segment() -> None:
    text = f"{LEAD}\nMedia advertising revenue dropped 25% to RMB3.3 billion."
    assert not ads(run(text))


def test_a_social_and_other_advertising_line_is_not_the_segment() -> None:
    text = f"{LEAD}\nSocial and others advertising revenue climbed 27% to RMB21.5 billion."
    assert not ads(run(text))
    plain = f"{LEAD}\nAdvertising revenue climbed 27% to RMB21.5 billion."
    assert ("tencent", "revenue", "marketing_services", "value", "2020Q2", 21.5e9) in ads(run(plain))


def test_a_period_after_from_a_figure_dates_that_figure_only() -> None:
    text = ("Tencent posted its results on Thursday.\nOnline advertising revenue was up 38% year over year, slowing "
            "from 47% in the third quarter.")
    found = ads(run(text, date(2019, 3, 22)))
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2018Q3", 47.0) in found
    assert not [k for k in found if k[5] == 38.0]
    dated = ("Tencent posted its results on Thursday.\nOnline advertising revenue was up 38% year over year in the "
             "December quarter, slowing from 47% in the third quarter.")
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2018Q4", 38.0) in ads(run(dated, date(2019, 3, 22)))


def test_from_a_year_ago_is_no_compared_figure() -> None:
    text = "Tencent's online advertising revenue rose 12% from a year ago to RMB25 billion in the fourth quarter."
    found = ads(run(text, date(2023, 3, 23)))
    assert ("tencent", "revenue", "marketing_services", "yoy_pct", "2022Q4", 12.0) in found
