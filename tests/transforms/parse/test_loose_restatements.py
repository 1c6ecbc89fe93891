"""A milestone phrase (突破13亿大关) restating loosely a figure the same report states exactly is held."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta, ParseResult
from transforms.parse import parse_document

_REPORT = ("腾讯发布2024年第二季度及中期业绩\n"
           "财报显示,第二季度营收1611亿元,同比增长8%,上半年营收为3206亿元,同比增长7%。"
           "微信及WeChat月活13.71亿,同比增长3%。\n"
           "如今,微信的月活跃用户数突破{milestone}亿大关,成为国民应用。")


def parsed(text: str) -> ParseResult:
    meta = DocMeta(url="https://example.invalid/a", source="inbox", published_at=date(2024, 8, 15),
                   content_type="text/plain; charset=utf-8")
    return parse_document(text.encode("utf-8"), meta)


def test_a_milestone_the_exact_figure_lies_within_is_held() -> None:
    got = parsed(_REPORT.format(milestone="13"))
    assert not [f for f in got.facts if f.metric == "mau"]
    assert any("loose restatement" in h.reason for h in got.held)
    assert [f.value for f in got.facts if f.metric == "revenue" and f.measure == "value"] == [161.1e9, 320.6e9]


def test_a_milestone_no_stated_figure_lies_within_still_prints() -> None:
    got = parsed(_REPORT.format(milestone="12"))
    assert [(f.value, f.qualifier) for f in got.facts if f.metric == "mau"] == [(1.2e9, "gt")]


def test_an_article_milestone_restating_a_held_exact_figure_is_held() -> None:
    from transforms.parse.claims import ClaimContext, extract
    text = ("腾讯2023年第四季度及全年财报显示,微信及WeChat月活13.43亿,同比增长2%。\n"
            "2023年第四季度,微信的月活跃用户数突破13亿大关。")
    got = extract(text, ClaimContext(published=date(2024, 3, 21)))
    assert not [f for f in got.facts if f.metric == "mau" and f.measure == "value"]
    assert any("loose restatement" in h.reason for h in got.held)


def test_an_article_milestone_below_every_stated_figure_prints() -> None:
    from transforms.parse.claims import ClaimContext, extract
    text = ("腾讯2023年第四季度及全年财报显示,微信及WeChat月活14.43亿,同比增长2%。\n"
            "2023年第四季度,微信的月活跃用户数突破13亿大关。")
    got = extract(text, ClaimContext(published=date(2024, 3, 21)))
    assert [(f.value, f.qualifier) for f in got.facts if f.metric == "mau"] == [(1.3e9, "gt")]
