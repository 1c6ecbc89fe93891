"""Chinese news forms: a bound or a rounded repeat beside the exact figure, an amount that looks like a year; each
reading is paired with a near miss that must stay held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse.claims import ClaimContext, ClaimResult, extract
from transforms.parse.document import load_document
from transforms.parse.results_zh import PARSER


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> dict[tuple, float]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


_TOTAL_YOY_Q3 = ("tencent", "revenue", "total", "na", "yoy_pct", "2026Q3")


# ---------------------------------------------------------------- an amount whose whole part looks like a year

def test_an_amount_whose_digits_look_like_a_year_is_no_year_of_the_growth() -> None:
    text = "腾讯2026年第三季度总营收达2031.5亿元,同比增长12%,环比增速持平\n"
    got = keys(run(text, date(2026, 11, 14)))
    assert got[_TOTAL_YOY_Q3] == 12.0


def test_growth_between_two_written_years_far_apart_stays_held() -> None:
    text = "腾讯2026年第三季度总营收达2031.5亿元,较2022年第三季度增长60%\n"
    got = keys(run(text, date(2026, 11, 14)))
    assert _TOTAL_YOY_Q3 not in got


# ---------------------------------------------------------------- a milestone the exact figure broke through

_INTL_GAMES_Q3 = ("tencent", "revenue", "international_games", "na", "value", "2026Q3")


def test_a_milestone_broken_through_beside_the_exact_figure_keeps_the_exact_figure() -> None:
    text = "腾讯2026年第三季度国际市场游戏收入215亿元,同比增长30%,首次突破200亿元大关\n"
    result = run(text, date(2026, 11, 14))
    assert keys(result)[_INTL_GAMES_Q3] == 215e8
    assert [f.qualifier for f in result.facts if f.segment == "international_games" and f.measure == "value"] == ["eq"]


def test_a_milestone_above_the_exact_figure_leaves_the_key_held() -> None:
    text = "腾讯2026年第三季度国际市场游戏收入195亿元,同比增长30%,首次突破200亿元大关\n"
    assert _INTL_GAMES_Q3 not in keys(run(text, date(2026, 11, 14)))


def test_a_milestone_far_below_the_exact_figure_leaves_the_key_held() -> None:
    text = "腾讯2026年第三季度国际市场游戏收入315亿元,同比增长30%,首次突破200亿元大关\n"
    assert _INTL_GAMES_Q3 not in keys(run(text, date(2026, 11, 14)))


# ---------------------------------------------------------------- a story's growth rate rounding the release's

def results_zh(text: str, published: date) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/story", source="article", published_at=published,
                   content_type="text/plain; charset=utf-8", charset="utf-8")
    return PARSER.parse(load_document(text.encode("utf-8"), meta))


def growth(result: ParseResult) -> list[float]:
    return [f.value for f in result.facts
            if (f.metric, f.segment, f.measure, f.period.label) == ("revenue", "total", "yoy_pct", "2026Q4")]


_ROUNDED_STORY = ("腾讯控股公布二零二六年第四季业绩。第四季度腾讯营收1580亿元,同比增长{rough}%。\n\n"
                  "二零二六年第四季业绩摘要\n\n"
                  "总收入为人民币1,580.3亿元,较二零二五年第四季增长{precise}%。\n")


def test_a_story_rounding_the_release_growth_rate_keeps_the_precise_rate() -> None:
    result = results_zh(_ROUNDED_STORY.format(rough="1", precise="0.5"), date(2027, 3, 20))
    assert growth(result) == [0.5]


def test_a_story_growth_rate_that_is_no_rounding_of_the_release_leaves_the_key_held() -> None:
    result = results_zh(_ROUNDED_STORY.format(rough="1", precise="1.6"), date(2027, 3, 20))
    assert growth(result) == []
