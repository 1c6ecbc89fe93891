"""Reconciliation checks on reference figures: segments to total (2018 and later), quarters to year and half."""

from __future__ import annotations

from datetime import date

import pytest
from wh_rows import NOW, doc_id, fact, frame

from warehouse.checks import SEGMENTATIONS, check_period_sums, check_segment_sums, run_checks
from warehouse.latest import build_facts_latest


def _rev(period: str, value: float, text: str, doc: str, published: str, segment: str = "total") -> dict:
    return fact(segment=segment, period=period, value=value, reported_text=text, doc=doc, published=published)


# Tencent total revenue 2020 (reference: 1Q 108,065 A; 2Q 1148.83亿 B; 3Q 125,447 A; 4Q 133,669 A;
# FY2020 482,064 and 1H2020 222,948, A, in the notes of the 4Q2020 and 2Q2020 rows).
def _rev_2020(q2: float = 1148.83e8, q2_text: str = "1148.83亿元") -> list[dict]:
    return [
        _rev("2020Q1", 108_065e6, "108,065", "release-1q2020", "2020-05-13"),
        _rev("2020Q2", q2, q2_text, "news-2q2020", "2020-08-12"),
        _rev("2020Q3", 125_447e6, "125,447", "release-3q2020", "2020-11-12"),
        _rev("2020Q4", 133_669e6, "133,669", "hkex-4q2020", "2021-03-24"),
        _rev("2020", 482_064e6, "482,064", "hkex-4q2020", "2021-03-24"),
        _rev("2020H1", 222_948e6, "222,948", "release-2q2020", "2020-08-12"),
    ]


def _latest(rows: list[dict]):
    return build_facts_latest(frame(rows))


def test_four_quarters_add_up_to_the_year() -> None:
    out = check_period_sums(_latest(_rev_2020()), "year")
    assert out.failing == 0
    assert out.details == "1 sums of quarters agree with their year within rounding"


def test_q1_and_q2_add_up_to_the_half() -> None:
    out = check_period_sums(_latest(_rev_2020()), "half")
    assert (out.failing, out.details) == (0, "1 sums of quarters agree with their half within rounding")


def test_2018_first_half_from_two_announcements() -> None:
    rows = [
        _rev("2018Q1", 73_528e6, "73,528", "hkex-1q2018", "2018-05-16"),
        _rev("2018Q2", 73_675e6, "73,675", "hkex-2q2018", "2018-08-15"),
        _rev("2018H1", 147_203e6, "147,203", "hkex-2q2018", "2018-08-15"),
    ]
    assert check_period_sums(_latest(rows), "half").failing == 0


def test_2022_year_from_mixed_precisions() -> None:
    rows = [
        _rev("2022Q1", 1354.71e8, "1354.71亿元", "news-1q2022", "2022-05-18"),
        _rev("2022Q2", 134.034e9, "RMB134.034 billion", "interim-2022", "2022-08-17"),
        _rev("2022Q3", 140_093e6, "140,093", "hkex-3q2022", "2022-11-16"),
        _rev("2022Q4", 144_954e6, "144,954", "hkex-4q2022", "2023-03-22"),
        _rev("2022", 554_552e6, "554,552", "hkex-4q2022", "2023-03-22"),
    ]
    assert check_period_sums(_latest(rows), "year").failing == 0


def test_a_misread_quarter_breaks_both_sums_and_names_its_document() -> None:
    latest = _latest(_rev_2020(q2=1148.83e6, q2_text="1,148.83"))
    for kind, whole in (("year", "2020 "), ("half", "2020H1 ")):
        out = check_period_sums(latest, kind)
        assert out.failing == 1, kind
        assert out.details.startswith(whole + "tencent/revenue/total: 2020Q1+2020Q2")
        assert f"{doc_id('news-2q2020')[:12]} (2020Q2)" in out.details
        assert doc_id("release-1q2020")[:12] in out.details
        assert "\n" not in out.details


def test_sums_need_every_quarter_and_the_whole() -> None:
    rows = [r for r in _rev_2020() if r["period_label"] != "2020Q3"]
    latest = _latest(rows)
    assert check_period_sums(latest, "year").details.startswith("0 sums")
    assert check_period_sums(latest, "nine_months").details.startswith("0 sums")
    assert check_period_sums(_latest(_rev_2020()), "nine_months").details.startswith("0 sums")


def test_estimates_and_bounds_are_not_summed() -> None:
    rows = _rev_2020()
    rows[4] = dict(rows[4], qualifier="gt", reported_text="over 482,064")
    rows[4]["snippet"] = f"... {rows[4]['reported_text']} ..."
    assert check_period_sums(_latest(rows), "year").details.startswith("0 sums")


def _seg(segment: str, value: float, text: str, doc: str = "release-4q2018", published: str = "2019-03-21") -> dict:
    return fact(segment=segment, period="2018Q4", value=value, reported_text=text, doc=doc, published=published)


# 4Q2018 in 亿元 (reference: total 848.96 A, VAS 436.51 A, Online Advertising 170.33 A, Others 242.12 C).
FOURTH_QUARTER_2018 = [
    _seg("total", 848.96e8, "848.96亿元"),
    _seg("vas", 436.51e8, "436.51亿元"),
    _seg("marketing_services", 170.33e8, "170.33亿元"),
    _seg("others", 242.12e8, "242.12亿元"),
]


def test_2018_three_segments_add_up_to_the_total() -> None:
    out = check_segment_sums(_latest(FOURTH_QUARTER_2018))
    assert (out.failing, out.details) == (0, "1 segment sums agree within rounding")


def test_2018_three_segments_out_of_line_are_reported() -> None:
    rows = [*FOURTH_QUARTER_2018[:3], _seg("others", 242.12e6, "242.12", doc="copy-4q2018")]
    out = check_segment_sums(_latest(rows))
    assert out.failing == 1
    assert out.details.startswith("2018Q4 revenue: vas+marketing_services+others")
    assert f"{doc_id('copy-4q2018')[:12]} (others)" in out.details


@pytest.mark.parametrize(
    ("segments", "period_end", "expected"),
    [
        ({"total", "vas", "marketing_services", "others"}, date(2018, 12, 31), [1]),
        ({"total", "vas", "marketing_services", "others"}, date(2019, 3, 31), []),
        ({"total", "vas", "marketing_services", "others", "fintech_business_services"}, date(2018, 12, 31), [0]),
        ({"total", "vas", "marketing_services", "others", "fintech_business_services"}, date(2024, 3, 31), [0]),
        ({"vas", "domestic_games", "international_games", "social_networks"}, date(2024, 3, 31), [2]),
        ({"vas", "online_games", "social_networks"}, date(2018, 12, 31), [3]),
    ],
)
def test_which_split_applies(segments, period_end, expected) -> None:
    assert [i for i, s in enumerate(SEGMENTATIONS) if s.applies(segments, period_end)] == expected


def test_run_checks_carry_the_reconciliation_rows() -> None:
    facts = frame([*_rev_2020(), *FOURTH_QUARTER_2018])
    checks = run_checks({"facts": facts, "facts_latest": build_facts_latest(facts)}, "r1", NOW)
    rows = {r.check: r for r in checks[checks.table == "facts_latest"].itertuples()}
    for name in ("segment_sum", "quarters_vs_year", "quarters_vs_half", "quarters_vs_nine_months"):
        assert rows[name].severity == "warn" and rows[name].status == "pass", name
    assert rows["quarters_vs_year"].details.startswith("1 sums")
    bad = frame(_rev_2020(q2=1148.83e6, q2_text="1,148.83"))
    checks = run_checks({"facts_latest": build_facts_latest(bad)}, "r2", NOW)
    failed = checks[checks.status == "fail"]
    assert set(failed["check"]) == {"quarters_vs_year", "quarters_vs_half"}
    assert set(failed["severity"]) == {"warn"}
