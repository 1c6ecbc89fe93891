"""Broker notes on Tencent's results: a forecast of growth rates for a run of years (预计2026/27年收入增11%/9%) gives
one estimate a year; a run that does not pair up, or starts with a year already reported, gives none."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER

_NOTE = "腾讯2025年第四季度业绩稳健,总收入1940亿元,同比增长13%。"


def results_zh(text: str, published: date = date(2026, 3, 20)) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/note", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document(text.encode("utf-8"), meta))


def growths(text: str) -> dict[str, tuple[float, bool]]:
    return {f.period.label: (f.value, f.is_estimate) for f in results_zh(text).facts
            if f.metric == "revenue" and f.segment == "total" and f.measure == "yoy_pct" and len(f.period.label) == 4}


def test_slashed_years_take_their_growth_rates_in_order() -> None:
    got = growths(_NOTE + "展望 - 预计2026/27年收入增11%/9%,经营利润增速更快。\n")
    assert got == {"2026": (11.0, True), "2027": (9.0, True)}


def test_a_range_of_years_takes_its_growth_rates_in_order() -> None:
    got = growths(_NOTE + "我们预计2026-2028年营收增速分别为11%/9%/8%。\n")
    assert got == {"2026": (11.0, True), "2027": (9.0, True), "2028": (8.0, True)}


def test_a_run_with_fewer_rates_than_years_gives_none() -> None:
    assert growths(_NOTE + "我们预计2026-2028年营收增速分别为11%/9%。\n") == {}


def test_a_run_starting_with_a_reported_year_gives_none() -> None:
    assert growths(_NOTE + "我们预计2025-2027年营收增速分别为13%/11%/9%。\n") == {}


def test_growth_rates_without_a_forecast_word_give_none() -> None:
    assert growths(_NOTE + "回顾过去,2026/27年收入增11%/9%。\n") == {}


def test_a_rate_written_with_a_thousands_comma_is_read_not_a_crash() -> None:
    got = growths(_NOTE + "我们预计2026/27年收入增1,200%/9%。\n")
    assert got == {"2026": (1200.0, True), "2027": (9.0, True)}
