"""Figures owned by another company or by one of Tencent's products, not by the entity the sentence opens with."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

PUBLISHED = date(2024, 11, 21)


def run(text: str) -> ClaimResult:
    return extract(text, ClaimContext(published=PUBLISHED))


def keys(result: ClaimResult) -> set[tuple]:
    return {(f.entity, f.segment, f.measure, f.period.label, f.value) for f in result.facts}


def test_a_segment_word_in_another_companys_sentence_is_not_tencents() -> None:
    for text in ("网易第三季度国内市场游戏收入同比增长12%。",
                 "NetEase said its third-quarter domestic games revenue climbed 12%."):
        res = run(text)
        assert not res.facts, text
        assert any("another company" in h.reason for h in res.held), text


def test_a_company_named_after_the_carried_subject_owns_the_next_figure() -> None:
    res = run("腾讯第三季度收入为1671.9亿元。同期网易国内市场游戏收入同比增长12%。")
    assert ("tencent", "total", "value", "2024Q3", 167_190_000_000.0) in keys(res)
    assert not any(f.value == 12.0 for f in res.facts)


def test_tencents_own_sentence_with_a_rival_named_after_the_figure_is_read() -> None:
    res = run("腾讯第三季度国内市场游戏收入同比增长14%,增速快于网易。")
    assert ("tencent", "domestic_games", "yoy_pct", "2024Q3", 14.0) in keys(res)


def test_a_product_named_from_the_company_word_owns_its_figure() -> None:
    for text in ("腾讯视频第三季度收入同比增长9%。", "Tencent Video revenue rose 9% in the third quarter.",
                 "腾讯音乐第三季度总收入为70.2亿元。"):
        res = run(text)
        assert not res.facts, text
        assert any("not the entity it begins with" in h.reason for h in res.held), text


def test_channels_inside_a_tencent_sentence_is_not_taken_for_a_video_product() -> None:
    res = run("腾讯视频号第三季度总用户使用时长同比增长30%。")
    assert not any("not the entity it begins with" in h.reason for h in res.held)


def test_a_parent_company_in_a_description_of_the_subject_does_not_hold_it() -> None:
    res = run("In the third quarter, time spent on Channels – the short video feature that rivals ByteDance's "
              "Douyin – rose 60% year on year, the company said.")
    assert ("wechat_channels", "total", "yoy_pct", "2024Q3", 60.0) in keys(res)
    res = run("Douyin, the short video app of the ByteDance group, saw its GMV grow 46% in 2023.")
    assert any(f.entity == "douyin_ecommerce" and f.value == 46.0 for f in res.facts)
