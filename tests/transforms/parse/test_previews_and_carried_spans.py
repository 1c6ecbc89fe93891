"""Previews of results still to come, and a half-year carried into a report that also gives the quarter ending it."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse import parse_document
from transforms.parse.claims import ClaimContext, extract


def parsed(text: str, published: date) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/a", source="inbox", published_at=published,
                   content_type="text/plain; charset=utf-8")
    return parse_document(text.encode("utf-8"), meta)


def keys(facts) -> set[tuple[str, str, str, float]]:
    return {(f.segment, f.measure, f.period.label, f.value) for f in facts}


_PREVIEW = ("腾讯第四季度业绩前夕\n腾讯控股将于下周三公布截至去年12月底止第四季度及全年业绩。\n"
            "分析师认为,去年第四季度增值服务收入按年升7%至600亿元;网络广告收入按年增长15%至400亿元。")
_REPORTED = ("腾讯第四季度业绩\n腾讯控股昨日公布截至去年12月底止第四季度及全年业绩。\n"
             "去年第四季度增值服务收入按年升7%至600亿元;网络广告收入按年增长15%至400亿元。")


def test_figures_of_a_period_whose_results_are_still_to_be_announced_are_not_results() -> None:
    got = parsed(_PREVIEW, date(2026, 3, 12))
    assert not [f for f in got.facts if f.period.label == "2025Q4" and not f.is_estimate]
    assert any("still to come" in h.reason for h in got.held)


def test_figures_of_results_already_announced_print() -> None:
    got = keys(parsed(_REPORTED, date(2026, 3, 20)).facts)
    assert ("vas", "value", "2025Q4", 60e9) in got
    assert ("marketing_services", "yoy_pct", "2025Q4", 15) in got


_INTERIM = ("腾讯第二季度收入按年增长8%至1800亿元。今年上半年,腾讯收入按年增长7%至3500亿元。\n"
            "腾讯上半年游戏业务表现平稳。本土市场游戏收入按年增长2%至320亿元,国际市场游戏收入增长5%至110亿元。")


def test_a_half_carried_from_an_earlier_sentence_of_an_interim_report_is_held() -> None:
    got = extract(_INTERIM, ClaimContext(published=date(2026, 8, 14)))
    assert not [f for f in got.facts if f.segment in ("domestic_games", "international_games")]
    assert ("total", "value", "2026H1", 350e9) in keys(got.facts)
    assert ("total", "value", "2026Q2", 180e9) in keys(got.facts)
    assert any("carried from an earlier sentence" in h.reason for h in got.held)


def test_a_half_named_earlier_in_the_same_full_sentence_still_dates_its_clauses() -> None:
    text = ("腾讯第二季度收入按年增长8%至1800亿元。今年上半年,腾讯收入按年增长7%至3500亿元。\n"
            "腾讯上半年游戏业务表现平稳,本土市场游戏收入按年增长2%至640亿元;国际市场游戏收入增长5%至220亿元。")
    got = keys(extract(text, ClaimContext(published=date(2026, 8, 14))).facts)
    assert ("domestic_games", "value", "2026H1", 64e9) in got
    assert ("international_games", "value", "2026H1", 22e9) in got


def test_a_half_carried_in_a_text_that_names_no_quarter_still_dates_the_figures() -> None:
    text = ("今年上半年,腾讯收入按年增长7%至3500亿元。\n"
            "腾讯上半年游戏业务表现平稳。本土市场游戏收入按年增长2%至640亿元,国际市场游戏收入增长5%至220亿元。")
    got = keys(extract(text, ClaimContext(published=date(2026, 8, 14))).facts)
    assert ("domestic_games", "value", "2026H1", 64e9) in got


def test_an_article_figure_of_results_still_to_come_is_held() -> None:
    text = "腾讯将于下周三公布第四季度业绩,分析师预测第四季度网络广告收入按年升10%;增值服务收入按年升6%至800亿元。"
    got = extract(text, ClaimContext(published=date(2026, 3, 12)))
    assert not [f for f in got.facts if not f.is_estimate]
    assert any("still to come" in h.reason for h in got.held)


def test_an_article_announcing_the_next_quarter_keeps_the_reported_one() -> None:
    text = ("Tencent will report its first-quarter results in May. In the fourth quarter, value-added services "
            "revenue rose 6% to 80 billion yuan.")
    got = keys(extract(text, ClaimContext(published=date(2026, 3, 20))).facts)
    assert ("vas", "value", "2025Q4", 80e9) in got
