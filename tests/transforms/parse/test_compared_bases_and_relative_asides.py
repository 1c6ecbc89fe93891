"""A "last year" that dates only a compared base, and names inside a ", which ... ," aside: each rule with a near miss."""

from __future__ import annotations

from datetime import date

from transforms.normalise import periods as P
from transforms.parse.claims import ClaimContext, ClaimResult, extract

PUBLISHED = date(2023, 8, 20)


def run(text: str, quarterly_title: bool = True) -> ClaimResult:
    title = P.quarter(2023, 2) if quarterly_title else None
    return extract(text, ClaimContext(published=PUBLISHED, title_period=title))


def facts(result: ClaimResult) -> dict[tuple[str, str, str, str, str], float]:
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label): f.value for f in result.facts}


BASE_AFTER = ("Tencent's fintech and business services revenue grew 15% YoY to 48.6 billion yuan, making up 32% "
              "of total revenue, compared to 34% last year.")


def test_figures_before_a_compared_base_keep_the_reported_quarter():
    got = facts(run(BASE_AFTER))
    assert got[("tencent", "revenue", "fintech_business_services", "yoy_pct", "2023Q2")] == 15
    assert got[("tencent", "revenue", "fintech_business_services", "value", "2023Q2")] == 48.6e9
    assert got[("tencent", "revenue", "fintech_business_services", "share_pct", "2023Q2")] == 32
    assert not [k for k in got if k[4] == "2022"]


def test_a_base_dated_last_year_in_a_quarterly_text_is_the_quarter_a_year_earlier():
    got = facts(run("Tencent's gross margin was 46%, versus 43% last year."))
    assert got[("tencent", "gross_profit", "total", "margin_pct", "2023Q2")] == 46
    assert got[("tencent", "gross_profit", "total", "margin_pct", "2022Q2")] == 43


def test_near_miss_without_a_reported_period_nothing_is_read_as_last_calendar_year():
    got = facts(run(BASE_AFTER + " The gross margin was 46%, versus 43% last year.", quarterly_title=False))
    assert not [k for k in got if k[4] == "2022"]


def test_a_compared_base_year_is_not_carried_to_the_next_sentence():
    got = facts(run(BASE_AFTER + " The gross margin was 46%, versus 43% last year."))
    assert got[("tencent", "gross_profit", "total", "margin_pct", "2023Q2")] == 46
    assert ("tencent", "gross_profit", "total", "margin_pct", "2022") not in got


ASIDE = ("Online advertising rose 34% in the quarter. Video accounts, which Tencent's chief executive has called "
         "the hope of the group, contributed more than RMB3 billion of ad revenue that quarter.")


def test_a_name_inside_a_which_aside_is_not_the_figures_owner():
    got = facts(run(ASIDE))
    assert ("tencent", "revenue", "marketing_services", "value", "2023Q2") not in got
    assert got[("wechat_channels", "ad_revenue", "total", "value", "2023Q2")] == 3e9


def test_near_miss_the_subject_before_the_aside_still_owns_the_figure():
    got = facts(run("Tencent, which runs the WeChat app, said online advertising revenue rose 20% to 25 billion "
                    "yuan in the quarter."))
    assert got[("tencent", "revenue", "marketing_services", "value", "2023Q2")] == 25e9
    assert not [k for k in got if k[0] == "weixin"]
