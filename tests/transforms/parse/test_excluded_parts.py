"""A line with one of its parts taken out ("VAS, excluding domestic games") is neither the line nor the part."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract

PUBLISHED = ClaimContext(published=date(2025, 11, 14))


def _keys(text: str) -> set[tuple[str, str, str, float]]:
    """The (segment, measure, period, value) of every fact the claim reader prints from `text`."""
    return {(f.segment, f.measure, f.period.label, f.value) for f in extract(text, PUBLISHED).facts}


def test_english_line_without_one_part_is_held() -> None:
    text = ("Tencent posted its third-quarter 2025 results on Thursday. Value-added services, excluding domestic "
            "games, grew 16% year on year in the third quarter.")
    assert _keys(text) == set()
    held = extract(text, PUBLISHED).held
    assert any("taken out" in h.reason for h in held)


def test_english_exclusion_of_an_effect_keeps_the_line() -> None:
    text = ("Tencent posted its third-quarter 2025 results on Thursday. In value-added services, revenue grew 16% "
            "year on year in the third quarter, excluding the effect of currency moves.")
    assert ("vas", "yoy_pct", "2025Q3", 16.0) in _keys(text)


def test_chinese_line_after_removing_a_part_is_held_and_the_whole_line_prints() -> None:
    text = "腾讯2025年第三季度增值服务收入同比增长16%,如果扣除本土市场游戏,同比增长约9%。"
    keys = _keys(text)
    assert ("vas", "yoy_pct", "2025Q3", 16.0) in keys
    assert not any(v == 9.0 for *_, v in keys)


def test_chinese_regional_lines_side_by_side_are_not_exclusions() -> None:
    text = "腾讯2025年第三季度本土市场游戏收入同比增长15%,国际市场游戏收入同比增长43%。"
    keys = _keys(text)
    assert ("domestic_games", "yoy_pct", "2025Q3", 15.0) in keys
    assert ("international_games", "yoy_pct", "2025Q3", 43.0) in keys
