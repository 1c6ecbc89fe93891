"""Claim extraction from article prose: periods, units, signs, qualifiers, coreference, held values, events.

Figures are those of tests/reference/industry_metrics.csv (some graded C: fine for unit tests,
never used in the snapshot)."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.model import Fact
from transforms.parse.claims import (
    ClaimContext,
    ClaimResult,
    extract,
    find_dates,
    find_values,
    matching_text,
    sentences,
    title_context,
)


def run(text: str, published: date | None = None, title: str | None = None) -> ClaimResult:
    ty, tp = title_context(title, published)
    return extract(text, ClaimContext(published=published, title_year=ty, title_period=tp))


def one(text: str, published: date | None = None, **match: object) -> Fact:
    facts = [f for f in run(text, published).facts if all(getattr(f, k) == v for k, v in match.items())]
    assert len(facts) == 1, (text, run(text, published).facts)
    return facts[0]


def key(f: Fact) -> tuple:
    return (f.entity, f.metric, f.segment, f.measure, f.period.label, f.value, f.unit, f.qualifier, f.is_estimate)


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "published", "label", "ptype"),
    [
        ("2023年,视频号订单量增长超过244%。", None, "2023", "year"),
        ("一季度,视频号总用户使用时长同比增长超过80%。", date(2024, 6, 3), "2024Q1", "quarter"),
        ("第四季度,视频号广告收入同比增长60%。", date(2025, 3, 19), "2024Q4", "quarter"),
        ("2023年上半年,全国网上零售额7.16万亿元。", None, "2023H1", "half"),
        ("上半年,全国网上零售额70991亿元。", date(2024, 7, 15), "2024H1", "half"),
        ("前三季度,全国网上零售额91871亿元。", date(2021, 10, 18), "2021Q1-Q3", "nine_months"),
        ("1-2月,全国网上零售额2.15万亿元。", date(2024, 3, 18), "2024-01..2024-02", "months"),
        ("1至2月,全国网上零售额2.15万亿元。", date(2024, 3, 18), "2024-01..2024-02", "months"),
        ("1—10月份,实物商品网上零售额12.3万亿元。", date(2023, 11, 16), "2023-01..2023-10", "months"),
        ("全年,全国网上零售额15.42万亿元。", date(2024, 1, 19), "2023", "year"),
        ("2024年12月,抖音电商快消品销售额同比增长31.3%。", None, "2024-12", "month"),
        ("Kuaishou's GMV was RMB288.1 billion in Q1 2024.", None, "2024Q1", "quarter"),
        ("In the first half of 2024, online retail sales were 7.0991 trillion yuan.", None, "2024H1", "half"),
        ("Online retail sales reached 8.38 trillion yuan in the first seven months of 2024.", None,
         "2024-01..2024-07", "months"),
        ("Douyin's GMV reached nearly RMB 2 trillion in the first ten months of 2023.", None,
         "2023-01..2023-10", "months"),
        ("In the second quarter, Channels ad revenue exceeded RMB3 billion.", date(2023, 8, 17), "2023Q2", "quarter"),
    ],
)
def test_periods(text: str, published: date | None, label: str, ptype: str) -> None:
    facts = run(text, published).facts
    assert facts, run(text, published).held
    assert {f.period.label for f in facts} == {label}
    assert {f.period.type for f in facts} == {ptype}


def test_year_comes_from_the_paragraph() -> None:
    text = "2023年,快消品全渠道销售额同比下滑0.5%;12月,抖音电商快消品销售额同比增长31.3%。"
    f = one(text, entity="douyin_ecommerce")
    assert f.period.label == "2023-12"


def test_period_from_the_title_when_the_text_names_none() -> None:
    res = run("视频号总用户使用时长同比增长超过80%。", date(2024, 5, 14), title="腾讯一季度业绩")
    assert [f.period.label for f in res.facts] == ["2024Q1"]


def test_comparison_base_is_not_the_period() -> None:
    f = one("2024年,微信小店GMV是2023年的1.92倍。")
    assert (f.period.label, f.measure, f.value, f.qualifier) == ("2024", "yoy_pct", 92.0, "eq")


def test_prior_year_comparative_gets_the_prior_period() -> None:
    res = run("2023年第四季度,快手电商商品交易总额为人民币4,039亿元,较去年同期的人民币3,124亿元增长29.3%。")
    assert sorted((f.period.label, f.measure, f.value) for f in res.facts) == [
        ("2022Q4", "value", 312400000000.0),
        ("2023Q4", "value", 403900000000.0),
        ("2023Q4", "yoy_pct", 29.3),
    ]


# ---------------------------------------------------------------- values and units


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("交易额15.42万亿元", 15420000000000.0, "CNY"),
        ("GMV约1千亿元", 100000000000.0, "CNY"),
        ("交易额11,844亿元", 1184400000000.0, "CNY"),
        ("价格不超过1万元", 10000.0, "CNY"),
        ("客单价超过200元", 200.0, "CNY"),
        ("月活跃账户数13.59亿", 1359000000.0, "count"),
        ("RMB 3.5 trillion", 3500000000000.0, "CNY"),
        ("8.38 trillion yuan", 8380000000000.0, "CNY"),
        ("US$695 billion", 695000000000.0, "USD"),
        ("增长31.4%", 31.4, "pct"),
    ],
)
def test_values_and_units(text: str, value: float, unit: str) -> None:
    values = find_values(matching_text(text))
    assert [(v.value, v.unit) for v in values] == [(value, unit)]


def test_money_level_fact() -> None:
    f = one("据晚点LatePost报道,视频号2023年GMV预计约1000亿元。")
    assert key(f) == ("wechat_channels", "gmv", "total", "value", "2023", 1e11, "CNY", "approx", True)
    assert f.reported_text == "约1000亿元"
    assert f.locator.endswith(";publisher=LatePost")
    assert f.reported_text in f.snippet


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "reported"),
    [
        ("2024年,微信小店订单量是上年的2.25倍。", 125.0, "eq", "2.25倍"),
        ("2023年,视频号带货GMV是2022年的近3倍。", 200.0, "approx", "近3倍"),
        ("2023年,视频号带货GMV是去年的近三倍。", 200.0, "approx", "近三倍"),
        ("2025年,微信小店GMV实现翻番。", 100.0, "eq", "翻番"),
        ("2025年,微信小店GMV翻倍。", 100.0, "eq", "翻倍"),
        ("2024年一季度,视频号广告收入同比增长超一倍。", 100.0, "gt", "增长超一倍"),
        ("Total user time spent on Channels more than doubled in 2023.", 100.0, "gt", "more than doubled"),
        ("Time spent on Channels almost doubled in the second quarter of 2023.", 100.0, "approx", "almost doubled"),
        ("Channels' e-commerce GMV nearly tripled in 2023.", 200.0, "approx", "nearly tripled"),
        ("In 2024, WeChat Shop GMV was 1.92 times last year's level.", 92.0, "eq", "1.92 times last year's level"),
    ],
)
def test_growth_multiples(text: str, value: float, qualifier: str, reported: str) -> None:
    f = one(text)
    assert (f.measure, f.value, f.unit, f.qualifier, f.reported_text) == ("yoy_pct", value, "pct", qualifier, reported)


def test_multiple_without_a_base_is_held() -> None:
    res = run("2023年,视频号带货GMV实现近3倍增长。")
    assert res.facts == [] and [h.reason for h in res.held] == ["a multiple without a stated base"]


@pytest.mark.parametrize(
    "text",
    ["2021年,抖音电商GMV增长3.2倍。", "In 2021, Douyin's GMV grew 3.2 times."],
)
def test_ambiguous_multiple_is_held(text: str) -> None:
    res = run(text)
    assert res.facts == []
    assert len(res.held) == 1 and "may mean" in res.held[0].reason


# ---------------------------------------------------------------- signs


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023年12月,线上综合电商快消品销售额同比下降4.9%。", -4.9),
        ("2023年,线下渠道快消品销售额下滑3.6%。", -3.6),
        ("2023年,快消品全渠道销售额同比减少0.5%。", -0.5),
        ("2023年,快消品全渠道销售额同比增长-0.5%。", -0.5),
        ("2023年,线上渠道快消品销售额增长5.7%。", 5.7),
        ("In 2023, offline FMCG sales declined 3.6%.", -3.6),
    ],
)
def test_signs(text: str, value: float) -> None:
    facts = run(text).facts
    assert [f.value for f in facts] == [value]
    assert facts[0].measure == "yoy_pct"


def test_fmcg_channels_take_the_fmcg_segment() -> None:
    res = run("2023年,快消品全渠道销售额同比下滑0.5%,其中线上渠道增长5.7%,线下渠道下滑3.6%。")
    assert sorted((f.entity, f.segment, f.value) for f in res.facts) == [
        ("china_ecommerce", "fmcg", 5.7),
        ("china_fmcg", "total", -0.5),
        ("china_offline_retail", "fmcg", -3.6),
    ]


def test_share_and_percentage_points() -> None:
    res = run("2024年上半年,实物商品网上零售额增长8.8%,占社会消费品零售总额的比重为25.3%。\n"
              "2023年1-10月,直播销售额拉动网上零售额增长7.5个百分点。")
    assert sorted((f.measure, f.value) for f in res.facts) == [("share_pct", 25.3), ("yoy_pct", 8.8)]
    assert [h.reason for h in res.held] == ["a change in percentage points is not a level"]


# ---------------------------------------------------------------- qualifiers and estimates


@pytest.mark.parametrize(
    ("text", "qualifier", "estimate"),
    [
        ("2024年一季度,视频号总用户使用时长同比增长超过80%。", "gt", False),
        ("2024年一季度,视频号总用户使用时长同比增长80%以上。", "gte", False),
        ("2025年二季度,视频号营销收入同比增长约50%。", "approx", False),
        ("2023年1-10月,抖音电商GMV近2万亿元。", "approx", False),
        ("2023年,视频号GMV将达1000亿元。", "eq", True),
        ("2025年,抖音电商GMV目标为4.2万亿元。", "eq", True),
        ("In 2023, Channels GMV is expected to reach about RMB100 billion.", "approx", True),
        ("Channels ad revenue in the second quarter of 2023 was more than RMB3 billion.", "gt", False),
    ],
)
def test_qualifiers_and_estimates(text: str, qualifier: str, estimate: bool) -> None:
    facts = run(text).facts
    assert [(f.qualifier, f.is_estimate) for f in facts] == [(qualifier, estimate)]
    assert facts[0].reported_text in facts[0].snippet


# ---------------------------------------------------------------- entities and coreference


@pytest.mark.parametrize(
    "text",
    [
        "2024年一季度,视频号用户增长迅速。该平台总用户使用时长同比增长超过80%。",
        "2024年一季度,视频号用户增长迅速。其总用户使用时长同比增长超过80%。",
        "In the first quarter of 2024, Channels kept growing. Total user time spent on the platform rose more than 80%.",
    ],
)
def test_entity_from_the_previous_sentence(text: str) -> None:
    f = one(text)
    assert (f.entity, f.metric, f.value, f.qualifier, f.period.label) == (
        "wechat_channels", "user_time_spent", 80.0, "gt", "2024Q1")


def test_entity_carries_into_the_next_paragraph_only_from_its_last_sentence() -> None:
    res = run("2023年,快手电商GMV突破万亿元。\n2023年全年商品交易总额为人民币11,844亿元。")
    assert [(f.entity, f.value) for f in res.facts] == [("kuaishou", 1184400000000.0)]


def test_english_owner_after_the_metric() -> None:
    f = one("Total user time spent on Channels, the video service inside WeChat, almost doubled in the "
            "second quarter of 2023.")
    assert f.entity == "wechat_channels"


def test_metric_carried_by_an_anaphor() -> None:
    res = run("2023年快手电商商品交易总额为人民币11,844亿元。2022年这一数字为人民币9,012亿元。")
    assert sorted((f.period.label, f.metric, f.value) for f in res.facts) == [
        ("2022", "gmv", 901200000000.0), ("2023", "gmv", 1184400000000.0)]


def test_traditional_text_keeps_reported_text_as_written() -> None:
    f = one("第一季度,快手電商商品交易總額(GMV)為人民幣2,881億元。", date(2024, 5, 27))
    assert (f.entity, f.metric, f.period.label, f.value) == ("kuaishou", "gmv", "2024Q1", 288100000000.0)
    assert f.reported_text == "人民幣2,881億元"


# ---------------------------------------------------------------- precision first


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023年,社会消费品零售总额增长了3.5%。", "no entity"),
        ("视频号带货GMV同比增长超过244%。", "no period"),
        ("2022年,视频号直播观看人数增长300%。", "no metric"),
        ("截至2023年9月的12个月,抖音电商食品饮料销售额增长75%。", "rolling window: no calendar period"),
    ],
)
def test_held_values(text: str, reason: str) -> None:
    res = run(text)
    assert res.facts == []
    assert [h.reason for h in res.held] == [reason]
    assert res.held[0].reported_text in text


def test_bare_percentage_without_cue_is_held() -> None:
    res = run("2023年12月,抖音电商快消品31.3%。")
    assert res.facts == [] and res.held[0].reason == "percentage without a growth or share cue"


def test_absolute_change_is_not_a_level() -> None:
    res = run("2023年,快手电商商品交易总额增加了3,124亿元。")
    assert res.facts == [] and res.held[0].reason == "a change in level, not a level"


def test_every_fact_is_valid_and_quotes_its_text() -> None:
    text = ("据NielsenIQ数据,2023年中国快消品全渠道销售额同比下滑0.5%,其中线上渠道增长5.7%,线下渠道下滑3.6%。\n"
            "Douyin's GMV reached nearly RMB 2 trillion in the first ten months of 2023, up 60% year on year.")
    res = run(text)
    assert len(res.facts) == 5
    for f in res.facts:
        f.validate()
        assert f.reported_text in f.snippet and len(f.snippet) <= 240
        assert f.locator.startswith("p")


def test_locator_names_paragraph_sentence_and_publisher() -> None:
    res = run("第一段没有数字。\n据晚点LatePost报道,视频号2023年GMV预计约1000亿元。")
    assert res.facts[0].locator.startswith("p2.s1.")
    assert res.facts[0].locator.endswith("publisher=LatePost")


# ---------------------------------------------------------------- sentences and events


def test_sentences_keep_decimals_together() -> None:
    parts = [s for _, s in sentences("Sales were RMB 3.5 trillion. Growth was 30%. 增长7.2%。其中增长6.5%。")]
    assert parts == ["Sales were RMB 3.5 trillion.", " Growth was 30%.", " 增长7.2%。", "其中增长6.5%。"]


@pytest.mark.parametrize(
    ("text", "when", "entity", "kind"),
    [
        ("2024年8月25日起,视频号小店正式升级为微信小店。", date(2024, 8, 25), "wechat_channels", "rename"),
        ("2024-05-28,视频号直播电商团队并入微信开放平台团队。", date(2024, 5, 28), "wechat_channels", "reorganisation"),
        ("2024年12月18日,微信小店开始灰度测试送礼物功能。", date(2024, 12, 18), "wechat_channels", "launch"),
        ("On Nov 13, 2024, Tencent renamed its online advertising segment marketing services.", date(2024, 11, 13),
         "tencent", "rename"),
        ("2024年1月29日,腾讯年会上,马化腾把视频号直播带货列为2024年重点。", date(2024, 1, 29), "tencent", "event"),
    ],
)
def test_events(text: str, when: date, entity: str, kind: str) -> None:
    events = run(text).events
    assert [(e.event_date, e.entity, e.kind) for e in events] == [(when, entity, kind)]
    assert len(events[0].snippet) <= 240


def test_the_first_keyword_gives_the_event_kind() -> None:
    events = run("2025年1月9日,微信公开课PRO在广州举行,这是视频号小店升级为微信小店之后的第一次公开课。").events
    assert [(e.entity, e.kind) for e in events] == [("weixin", "event")]


def test_period_end_dates_are_not_events() -> None:
    assert find_dates(matching_text("公布截至2023年12月31日止的第四季度业绩")) == []
    assert run("快手公布截至2023年12月31日止的全年业绩。").events == []


def test_a_date_without_a_happening_is_not_an_event() -> None:
    assert run("2024年8月25日,视频号很热闹。").events == []


# ---------------------------------------------------------------- robustness

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TOKENS = ["2023年", "2024年", "一季度", "第四季度", "上半年", "前三季度", "1—2月", "1-13月", "0月", "全年", "12月",
           "视频号", "抖音", "快手", "网上零售额", "GMV", "订单量", "增长", "下降", "超过", "近", "约", "以上", "预计",
           "是上年的", "十十倍", "1.92倍", "翻番", "3.2倍", "1,401亿元", "4.9万亿元", "13.59亿", "5.7%", "-0.5%",
           "个百分点", "占比", "。", ",", ";", "\n", " ", "Q1", "first half of", "more than doubled", "RMB 2 trillion",
           "2024年8月25日", "2024-05-28", "Nov 13, 2024", "上线", "更名", "the platform", "该平台", "其"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40), st.one_of(st.none(), st.dates()))
def test_extractor_never_crashes_and_facts_are_valid(tokens: list[str], published: date | None) -> None:
    res = run("".join(tokens), published)
    for f in res.facts:
        f.validate()
        assert f.reported_text in f.snippet


def test_sign_from_a_growth_word_after_the_figure() -> None:
    f = one("In 2023, offline channels posted a 3.6% decline in FMCG sales.")
    assert (f.entity, f.value, f.segment) == ("china_offline_retail", -3.6, "fmcg")
    f = one("In 2023, online channels posted a 5.7% increase in FMCG sales.")
    assert f.value == 5.7


def test_quarter_code_inside_chinese_text() -> None:
    f = one("2024年Q1,视频号总用户使用时长同比增长超过80%。")
    assert f.period.label == "2024Q1"


def test_a_year_after_wei_is_the_period_unless_it_is_a_base() -> None:
    f = one("视频号GMV为2023年约1000亿元。")
    assert f.period.label == "2023"


def test_usd_translation_in_brackets_is_not_a_fact() -> None:
    res = run("Tencent's revenues were RMB660.3 billion (USD91.9 billion) in 2024.")
    assert [(f.entity, f.unit, f.value) for f in res.facts] == [("tencent", "CNY", 660300000000.0)]
    assert [h.reason for h in res.held] == ["currency translation of the figure before it"]


def test_two_values_for_one_key_are_both_held() -> None:
    res = run("2023年,视频号GMV约1000亿元。2023年,视频号GMV超过3000亿元。")
    assert res.facts == []
    assert [h.reason for h in res.held] == ["the text gives this key two different values"] * 2


def test_a_target_beside_the_reported_figure_is_held() -> None:
    res = run("据36氪报道,抖音电商2024年上半年GMV约1.4万亿元,未达成1.5万亿元的目标。")
    assert [(f.value, f.qualifier, f.is_estimate) for f in res.facts] == [(1400000000000.0, "approx", False)]
    assert [h.reason for h in res.held] == ["an estimate or target beside a reported figure for the same key"]
    assert res.facts[0].locator.endswith("publisher=36Kr")


# ---------------------------------------------------------------- cumulative months, as-at KPIs, headings


@pytest.mark.parametrize(("text", "published", "label"), [
    ("今年前7个月,全国网上零售额8.38万亿元,同比增长9.5%。", date(2024, 8, 16), "2024-01..2024-07"),
    ("2023年前十个月,抖音电商GMV接近2万亿元。", None, "2023-01..2023-10"),
    ("Douyin's GMV in the first 10 months of 2023 was nearly 2 trillion yuan.", None, "2023-01..2023-10"),
])
def test_first_n_months_are_cumulative_not_the_year(text, published, label):
    res = run(text, published)
    assert res.facts and {f.period.label for f in res.facts} == {label}


@pytest.mark.parametrize("text", [
    "2023年前十十个月,抖音电商GMV接近2万亿元。",
    "2023年前十五个月,抖音电商GMV接近2万亿元。",
    "Douyin's GMV in the first 20 months of 2023 was nearly 2 trillion yuan.",
])
def test_first_n_months_that_name_no_period_hold_the_figure_not_the_year(text):
    res = run(text)
    assert res.facts == []
    assert [h.reported_text for h in res.held] == ["接近2万亿元" if "年" in text else "nearly 2 trillion yuan"]


@pytest.mark.parametrize("text", [
    "截至2024年9月底,微信及WeChat的合并月活跃账户数达13.82亿,同比增长3%。",
    "Weixin and WeChat had 1.382 billion monthly active users at the end of September 2024, up 3% year on year.",
])
def test_as_at_mau_at_a_quarter_end_month_joins_the_quarter(text):
    res = run(text)
    assert {(f.entity, f.metric, f.measure, f.period.label, f.value) for f in res.facts} == {
        ("weixin", "mau", "value", "2024Q3", 1382e6), ("weixin", "mau", "yoy_pct", "2024Q3", 3.0)}


def test_a_monthly_estimate_stays_a_month():
    res = run("Channels was estimated to have 813 million monthly active users in June 2022.")
    assert [(f.metric, f.period.label, f.value) for f in res.facts] == [("mau", "2022-06", 813e6)]
    assert not run("QuestMobile estimated Channels had 813 million monthly active users in June 2022.").facts


def test_a_bare_count_is_held_unless_the_metric_counts_people_or_orders():
    res = run("In 2023, Douyin's GMV was 2,000 billion, analysts said.")
    assert not res.facts
    assert any(h.reason.startswith("a count for metric") for h in res.held)


def test_a_heading_period_carries_to_the_paragraphs_after_it_until_the_next_heading():
    text = ("Second quarter 2025\n"
            "Kuaishou's e-commerce GMV reached RMB358.9 billion, up 17.6% year on year.\n"
            "Looking ahead\n"
            "Channels ad revenue grew about 50% year on year.")
    res = run(text, date(2025, 8, 25))
    assert {(f.entity, f.measure, f.period.label) for f in res.facts} == {
        ("kuaishou", "value", "2025Q2"), ("kuaishou", "yoy_pct", "2025Q2")}
    assert any(h.reason == "no period" for h in res.held)


@pytest.mark.parametrize(("text", "segment"), [
    ("In Q2 2025, Tencent's domestic game revenue rose 17% to RMB40.4 billion.", "domestic_games"),
    ("In Q2 2025, Tencent's overseas gaming revenue rose 35% to RMB18.5 billion.", "international_games"),
    ("In Q2 2025, Tencent's fintech and enterprise services revenue rose 10% to RMB55.5 billion.",
     "fintech_business_services"),
    ("In Q2 2025, Tencent's social network revenue rose 6% to RMB32.3 billion.", "social_networks"),
])
def test_segment_names_as_news_writes_them(text, segment):
    res = run(text)
    assert {(f.segment, f.measure, f.period.label) for f in res.facts} == {
        (segment, "value", "2025Q2"), (segment, "yoy_pct", "2025Q2")}


def test_a_firm_described_as_a_social_network_is_not_its_segment():
    f = one("Tencent, the largest social network in China, posted a second-quarter revenue rise of 15 percent.",
            date(2025, 8, 14))
    assert (f.segment, f.measure, f.period.label, f.value) == ("total", "yoy_pct", "2025Q2", 15.0)


def test_monthly_users_of_weixin_are_its_mau():
    f = one("Monthly users of WeChat reached 1.41 billion at the end of June 2025.", metric="mau")
    assert (f.entity, f.period.label, f.value) == ("weixin", "2025Q2", 1.41e9)


def test_a_cue_written_after_a_figure_is_its_own():
    res = run("Tencent's revenue in Q2 2025 was RMB 184.5 billion, up 15% YoY and 4% QoQ.")
    assert {(f.measure, f.value) for f in res.facts if f.unit == "pct"} == {("yoy_pct", 15.0), ("qoq_pct", 4.0)}


def test_an_increase_of_an_amount_is_a_change_not_a_level():
    res = run("Revenue of Tencent for Q2 2025 was 184.5 billion yuan, an increase of 24.4 billion yuan.")
    assert [f.value for f in res.facts] == [184.5e9]
    assert any(h.reason.startswith("a change in level") for h in res.held)


def test_rose_by_an_amount_is_a_change_and_leaves_the_level_it_rose_to():
    res = run("In Q2 2025, revenue of Tencent rose by 23.9 billion yuan to 184.5 billion yuan.")
    assert [f.value for f in res.facts] == [184.5e9]
    assert any(h.reason.startswith("a change in level") for h in res.held)


def test_qq_is_its_own_platform():
    text = ("Weixin and WeChat monthly active users were 1.41 billion at the end of June 2025. "
            "QQ's mobile monthly active users were 534 million, down 6% year-on-year.")
    res = run(text)
    assert {(f.entity, f.measure, f.value) for f in res.facts} == {
        ("weixin", "value", 1.41e9), ("qq", "value", 534e6), ("qq", "yoy_pct", -6.0)}


def test_a_colon_list_heading_dates_the_bullets_under_it_until_the_next_one():
    text = ("Tencent results\n"
            "Q2 2025 highlights:\n"
            "- Revenue: RMB 184.5 billion, up 15% YoY\n"
            "Games:\n"
            "- Overseas games revenue rose 35%\n")
    res = run(text, date(2025, 8, 14))
    assert {(f.segment, f.measure, f.period.label, f.value) for f in res.facts} == {
        ("total", "value", "2025Q2", 184.5e9), ("total", "yoy_pct", "2025Q2", 15.0)}


@pytest.mark.parametrize("text", [
    "In Q2 2025 Tencent's revenue was RMB 184.5 billion, beating estimates of RMB 179.8 billion.",
    "In Q2 2025 Tencent's revenue was RMB 184.5 billion, above the 179.8 billion yuan estimated by LSEG.",
])
def test_the_estimate_a_result_is_compared_with_is_held(text):
    res = run(text)
    assert [(f.period.label, f.value) for f in res.facts] == [("2025Q2", 184.5e9)]
    assert any("compared with" in h.reason for h in res.held)


def test_an_amount_in_hkd_written_with_its_code():
    f = one("Tencent's revenue for Q2 2025 was HKD 201.6 billion.", measure="value")
    assert (f.unit, f.value) == ("HKD", 201.6e9)


@pytest.mark.parametrize("text", [
    "2024年,我国直播电商行业的市场规模达到5.8万亿元。",
    "In 2024, the market size of China's live-streaming e-commerce reached 5.8 trillion yuan.",
])
def test_the_market_size_of_a_market_is_its_gmv(text):
    f = one(text)
    assert (f.entity, f.metric, f.period.label, f.value) == ("china_live_ecommerce", "gmv", "2024", 5.8e12)


def test_the_same_period_last_year_is_a_comparison_base_not_the_figures_period():
    res = run("Tencent's Q2 2025 gross margin rose from 50% in the same period last year to 56%.")
    assert {(f.period.label, f.value) for f in res.facts} == {("2024Q2", 50.0), ("2025Q2", 56.0)}


def test_a_figure_that_refers_back_takes_the_metric_and_the_forecast_of_the_one_before():
    text = ("The market size of China's live-streaming e-commerce is expected to reach 5.9 trillion RMB (around $820 billion) "
            "in 2025. This represents a 20% increase from 2024 when the market was worth 4.9 trillion RMB.")
    res = run(text, date(2025, 3, 1))
    assert {(f.metric, f.measure, f.period.label, f.value, f.unit, f.is_estimate) for f in res.facts} == {
        ("gmv", "value", "2025", 5.9e12, "CNY", True), ("gmv", "yoy_pct", "2025", 20.0, "pct", True),
        ("gmv", "value", "2024", 4.9e12, "CNY", False)}  # "from 2024 when the market was worth": 2024's reported size


def test_a_quarter_and_the_full_year_named_together_hold_the_figure_and_the_full_year_dates_the_next():
    text = ("Tencent reported results for the fourth quarter and full year of 2025, with full-year revenue of 750 "
            "billion yuan. For the full year, net profit grew 12%.")
    res = run(text, date(2026, 3, 18))
    assert not res.facts
    assert any("full year named together" in h.reason for h in res.held)
    # A later sentence turning to the full year makes the first one's figure the quarter's.
    text = ("Tencent reported results for the fourth quarter and full year of 2025, with revenue of 195 billion yuan. "
            "For the full year, revenue grew 12% to 750 billion yuan.")
    res = run(text, date(2026, 3, 18))
    assert {(f.measure, f.period.label, f.value) for f in res.facts} == {
        ("value", "2025Q4", 195e9), ("yoy_pct", "2025", 12.0), ("value", "2025", 750e9)}


def test_what_a_segment_includes_is_not_another_subject():
    f = one("Tencent grew again. Revenue from value-added services, which includes games, rose 8% to 340 billion "
            "yuan in 2025.",
            measure="value")
    assert (f.segment, f.period.label, f.value) == ("vas", "2025", 340e9)


def test_a_quarters_report_for_a_year_dates_the_quarter_spoken_of_next():
    text = ("Tencent released its third-quarter financial report for 2025. "
            "Revenue for the quarter grew by 15% year-on-year to RMB 192.9 billion.")
    res = run(text, date(2025, 11, 13))
    assert {(f.measure, f.period.label) for f in res.facts} == {("yoy_pct", "2025Q3"), ("value", "2025Q3")}


def test_the_growth_of_a_market_or_a_study_channel_is_of_its_sales():
    res = run("尼尔森IQ数据显示,2025年快消品全渠道全年增长2.6%,线上市场增长9.1%。")
    assert {(f.entity, f.metric, f.segment, f.period.label, f.value) for f in res.facts} == {
        ("china_fmcg", "sales", "total", "2025", 2.6), ("china_ecommerce", "sales", "fmcg", "2025", 9.1)}


@pytest.mark.parametrize("text", [
    "尼尔森IQ:2025年 6.1% 快消品全渠道增速 -2.3% 线下渠道增速",
    "尼尔森IQ:2025年 6.1%4.2%3.3% 快消品全渠道增速 -2.3%",
])
def test_chart_labels_give_no_implied_metric(text):
    res = run(text)
    assert res.facts == []


def test_capital_expenditure_is_tencents_capex():
    res = run("Tencent's results for Q4 2025 [1] - Capital expenditure in Q4 rose by 120% year-on-year to "
              "40.2 billion yuan [2]")
    assert {(f.metric, f.measure, f.period.label, f.value) for f in res.facts} == {
        ("capex", "yoy_pct", "2025Q4", 120.0), ("capex", "value", "2025Q4", 40.2e9)}


def test_tencents_advertising_business_is_its_marketing_services():
    f = one("Tencent's advertising business increased 21 per cent year on year in the third quarter of 2025.")
    assert (f.metric, f.segment, f.period.label, f.value) == ("revenue", "marketing_services", "2025Q3", 21.0)


def test_a_segment_only_tencent_reports_makes_the_carried_subject_tencent():
    text = ("Ads on Video Accounts grew quickly in Q3 2025. "
            "Financial technology and enterprise services revenue was RMB 58.2 billion, up 10% year-on-year.")
    res = run(text)
    assert {(f.entity, f.segment, f.measure, f.value) for f in res.facts} == {
        ("tencent", "fintech_business_services", "value", 58.2e9),
        ("tencent", "fintech_business_services", "yoy_pct", 10.0)}


def test_a_contribution_to_total_revenue_is_a_share_not_growth():
    text = ("Tencent's FinTech and Business Services revenue in Q3 2025 was 58.2 billion yuan, a 10% increase "
            "year-on-year, contributing approximately 30% to total revenue.")
    res = run(text)
    assert {(f.measure, f.value, f.qualifier) for f in res.facts if f.unit == "pct"} == {
        ("yoy_pct", 10.0, "eq"), ("share_pct", 30.0, "approx")}


def test_a_level_at_the_end_of_a_month_and_its_base_a_quarter_earlier():
    text = ("Tencent said Weixin and WeChat monthly active users reached 1.411 billion by end of June, "
            "up from 1.402 billion in the previous quarter.")
    res = run(text, date(2025, 8, 14))
    assert {(f.period.label, f.value) for f in res.facts} == {("2025Q2", 1.411e9), ("2025Q1", 1.402e9)}


def test_a_comparison_base_without_its_period_is_held():
    text = "In Q3 2025 Tencent's revenue rose 15% to 192.9 billion yuan from 167.2 billion yuan."
    res = run(text)
    assert {(f.measure, f.value) for f in res.facts} == {("yoy_pct", 15.0), ("value", 192.9e9)}
    assert any("comparison base" in h.reason for h in res.held)


@pytest.mark.parametrize(("text", "value", "count"), [
    ("Tencent reported 15% higher Q3 2025 revenue at 192.9 billion yuan.", 15.0, 1),
    ("Tencent reported 3% lower Q3 2025 revenue at 192.9 billion yuan.", -3.0, 1),
    ("Tencent's Q3 2025 revenue came in 2% higher than expected at 192.9 billion yuan.", None, 0),
])
def test_growth_written_right_after_the_figure(text, value, count):
    facts = [f for f in run(text).facts if f.unit == "pct"]
    assert [f.value for f in facts] == ([value] if count else [])


def test_online_retail_sales_of_goods_is_the_physical_goods_series():
    f = one("China's online retail sales of goods rose 6.5 percent year-on-year to 13.1 trillion yuan in 2025.",
            measure="value")
    assert (f.entity, f.metric, f.period.label, f.value) == ("china_online_retail_goods", "sales", "2025", 13.1e12)


def test_fmcg_sales_across_all_channels_are_the_fmcg_market():
    f = one("In the first quarter, sales of fast-moving consumer goods across all channels rose by 2.1 percent "
            "year-on-year.", date(2025, 5, 20))
    assert (f.entity, f.metric, f.period.label, f.value) == ("china_fmcg", "sales", "2025Q1", 2.1)


def test_online_games_is_a_segment_until_2020_and_an_aside_names_no_metric():
    text = ("Tencent said second-quarter 2020 revenue from online games, which accounts for a third of total sales, "
            "jumped 38 per cent.")
    f = one(text, date(2020, 8, 13))
    assert (f.entity, f.segment, f.period.label, f.value) == ("tencent", "online_games", "2020Q2", 38.0)
    later = run("Tencent's online games revenue in Q2 2024 rose 9 per cent.")
    assert later.facts == []
    assert any("online games" in h.reason for h in later.held)


def test_a_byline_dated_with_a_day_gives_a_headline_no_year():
    assert title_context("By Zhang Wei | Editor: Wu Lan Apr 1, 2022 10:05 AM (GMT+8)", date(2022, 4, 1)) == (None, None)
    assert title_context("Tencent's 4Q 2021 revenue up 8% (Apr 1, 2022)", date(2022, 4, 1))[0] == 2021
