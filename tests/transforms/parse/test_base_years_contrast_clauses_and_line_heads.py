"""A base year written after 同比 (同比2022年增长) is not the figure's year; a period named only in a contrast clause
(而在2018年第一季度这一比例为…) dates that clause's figure alone; a margin in a list item that opens with one line of
the business (2、营销服务(广告等)…毛利率58%) is that line's, never the group's."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract


def facts(text: str, published: date) -> dict[tuple, float]:
    ctx = ClaimContext(published=published)
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label): f.value for f in extract(text, ctx).facts}


def test_a_year_after_tongbi_is_the_base_and_the_earlier_year_dates_the_growth() -> None:
    got = facts("据微信团队介绍,2024 年视频号带货规模同比明显增长,全年 GMV 同比 2023 年增长近 200%,订单量增长超 150%。",
                date(2025, 1, 10))
    assert got[("wechat_channels", "gmv", "total", "yoy_pct", "2024")] == 200.0
    assert got[("wechat_channels", "orders", "total", "yoy_pct", "2024")] == 150.0
    assert not any(k[-1] == "2023" for k in got)


def test_a_year_named_as_the_figures_own_period_is_still_read() -> None:
    got = facts("据微信团队介绍,2023 年视频号 GMV 增长近 200%,订单量增长超 150%。", date(2025, 1, 10))
    assert got[("wechat_channels", "gmv", "total", "yoy_pct", "2023")] == 200.0


def test_a_quarter_named_in_a_contrast_clause_dates_none_of_the_other_figures() -> None:
    text = ("腾讯增值服务收入同比增长 12% 至人民币 400 亿元,占总收入的 55.2%,而在 2019 Q4 这一比例为 60.1%。"
            "社交网络收入增长了 25% 至人民币 150.5 亿元。")
    got = facts(text, date(2020, 5, 14))
    assert not any(k[-1] == "2019Q4" for k in got)


def test_a_quarter_named_as_the_sentences_own_period_still_dates_its_figures() -> None:
    got = facts("2019 Q4,腾讯社交网络收入增长了 25% 至人民币 150.5 亿元。", date(2020, 3, 20))
    assert got[("tencent", "revenue", "social_networks", "yoy_pct", "2019Q4")] == 25.0


def page_facts(body: str, published: date) -> dict[tuple, float]:
    from transforms.model import DocMeta
    from transforms.parse import parse_document

    meta = DocMeta(url="https://example.test/summary", source="inbox", published_at=published,
                   content_type="text/plain; charset=utf-8")
    result = parse_document(body.encode(), meta)
    return {(f.entity, f.metric, f.segment, f.measure, f.period.label): f.value for f in result.facts}


def test_a_margin_in_a_list_item_headed_by_a_line_is_not_the_groups() -> None:
    body = "腾讯:2024年全年业绩摘要\n\n2、营销服务(广告、小程序等)占比约18%,收入1200亿元,同比增长20%,毛利率55%,主因广告曝光增加。\n"
    got = page_facts(body, date(2025, 3, 25))
    assert ("tencent", "gross_profit", "total", "margin_pct", "2024") not in got


def test_a_margin_in_a_sentence_headed_by_the_group_is_the_groups() -> None:
    body = "腾讯:2024年全年业绩摘要\n\n2、总收入6600亿元,同比增长8%,毛利率53%,主因高毛利业务占比提升。\n"
    got = page_facts(body, date(2025, 3, 25))
    assert got[("tencent", "gross_profit", "total", "margin_pct", "2024")] == 53.0


def test_a_year_opening_its_own_sentence_before_this_figure_still_dates_it() -> None:
    got = facts("2024年快手电商商品交易总额为人民币13,000亿元。2023年这一数字为人民币11,800亿元。", date(2025, 3, 30))
    assert got[("kuaishou", "gmv", "total", "value", "2023")] == 1_180_000_000_000.0
