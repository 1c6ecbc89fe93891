"""Subjects, ranges and scrambled copies that printed wrong figures on unseen pages: each rule with a near miss."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.model import DecoyDocument, DocMeta
from transforms.parse import parse_document
from transforms.parse.claims import ClaimContext, ClaimResult, extract
from transforms.parse.scrambled import headline_fragments, scrambled_reason


def run(text: str, published: date) -> ClaimResult:
    return extract(text, ClaimContext(published=published))


def keys(result: ClaimResult) -> set[tuple[str, str, str, str]]:
    return {(f.entity, f.metric, f.measure, f.period.label) for f in result.facts}


def parse_text(text: str, published: date) -> list:
    meta = DocMeta(url="https://example.invalid/a", source="inbox", published_at=published,
                   content_type="text/plain; charset=utf-8")
    return parse_document(text.encode("utf-8"), meta).facts


# ---------------------------------------------------------------- scrambled copies

SCRAMBLED = (
    "腾讯三季度营收增长10% 小程序总交易额翻倍\n"
    "来源:某某资讯 时间:2024-01-05\n"
    "腾讯11月15日公布三季度业绩,腾讯三季度实现营收1546.25亿元,营收同比增长10%;净利润增长同比增长39%。小程序交易\n"
    "从板块看,总额金融科技与企业服务板块营收同比增长15%至520亿元,用户首次突破520亿元;网络广告业务收入同比增长21%。翻倍\n"
    "三季度期间,增值服务业务收入同比增长4%至757亿元。本土市场游戏收入为337亿元,同比增长\n"
)

FAITHFUL = (
    "腾讯三季度营收增长10% 小程序总交易额翻倍\n"
    "来源:某某资讯 时间:2024-01-05\n"
    "腾讯11月15日公布三季度业绩,腾讯三季度实现营收1546.25亿元,同比增长10%;净利润同比增长39%。\n"
    "从板块看,金融科技与企业服务板块营收同比增长15%至520亿元;网络广告业务收入同比增长21%。\n"
    "三季度期间,增值服务业务收入同比增长4%至757亿元。本土市场游戏收入为337亿元,同比增长\n"
)


def test_a_copy_with_headline_words_scattered_through_it_is_refused() -> None:
    with pytest.raises(DecoyDocument, match="scrambled copy"):
        parse_text(SCRAMBLED, date(2024, 1, 5))


def test_the_same_report_written_plainly_is_read() -> None:
    facts = parse_text(FAITHFUL, date(2024, 1, 5))
    assert any(f.metric == "revenue" and f.segment == "total" and f.value == 154_625_000_000 for f in facts)


def test_headline_fragments_are_runs_of_the_headline_closing_inner_paragraphs() -> None:
    assert headline_fragments(SCRAMBLED, SCRAMBLED.splitlines()[0]) == ["小程序交易", "翻倍"]
    assert headline_fragments(FAITHFUL, FAITHFUL.splitlines()[0]) == []


def test_one_kind_of_pasted_word_alone_does_not_refuse() -> None:
    doubled_only = FAITHFUL.replace("净利润同比增长39%", "净利润增长同比增长39%")
    assert scrambled_reason(doubled_only, doubled_only.splitlines()[0]) is None
    users_in_money = "腾讯游戏新作上线\n首日流水达5亿元。\n小程序用户首次突破5亿元人民币的交易规模。\n完\n"
    assert scrambled_reason(users_in_money, "腾讯游戏新作上线") is None


def test_a_paragraph_closing_with_a_word_not_in_the_headline_is_no_fragment() -> None:
    text = "标题一行\n第一段。\n收入增长明显。责任编辑\n最后一段。\n"
    assert headline_fragments(text, "腾讯三季度营收增长") == []


# ---------------------------------------------------------------- ranges


def test_a_range_of_forecasts_gives_no_value() -> None:
    text = ("Brokers expect the GMV of Douyin e-commerce in 2022 to be between 1.2 trillion and 1.5 trillion yuan. "
            "Analysts put the GMV of Douyin e-commerce in 2023 at 1.8-2.1 trillion yuan.")
    got = run(text, date(2022, 11, 20))
    assert not [f for f in got.facts if f.metric == "gmv"]
    assert any("range" in h.reason for h in got.held)


def test_a_chinese_range_of_amounts_or_growth_gives_no_value() -> None:
    text = "机构预计2022年抖音电商GMV为1.2万亿元至1.5万亿元,同比增长20%-30%。"
    got = run(text, date(2022, 11, 20))
    assert not [f for f in got.facts if f.entity == "douyin_ecommerce"]


def test_a_change_from_one_level_to_another_is_no_range() -> None:
    text = "In 2021 the GMV of Douyin e-commerce rose from 500 billion yuan to 800 billion yuan."
    got = run(text, date(2022, 3, 1))
    assert ("douyin_ecommerce", "gmv", "value", "2021") in keys(got)


def test_growth_to_a_level_is_no_range() -> None:
    text = "2021年抖音电商GMV同比增长60%至8000亿元。"
    got = run(text, date(2022, 3, 1))
    assert {("douyin_ecommerce", "gmv", "value", "2021"), ("douyin_ecommerce", "gmv", "yoy_pct", "2021")} <= keys(got)


# ---------------------------------------------------------------- a part named before the metric


def test_growth_of_brand_gmv_is_not_the_platforms_gmv_growth() -> None:
    text = "In 2023 WeChat Channels recorded a 180% growth in brand GMV and a 90% rise in live-stream hours."
    got = run(text, date(2024, 2, 1))
    assert not [f for f in got.facts if f.metric == "gmv"]
    assert any("part" in h.reason and "brand" in h.reason for h in got.held)


def test_a_chinese_part_word_before_gmv_holds_it_and_plain_gmv_prints() -> None:
    part = run("2023年,抖音电商的品牌GMV同比增长60%。", date(2024, 3, 10))
    whole = run("2023年,抖音电商的GMV同比增长60%。", date(2024, 3, 10))
    assert not [f for f in part.facts if f.metric == "gmv"]
    assert ("douyin_ecommerce", "gmv", "yoy_pct", "2023") in keys(whole)


def test_gmv_growth_with_no_part_word_prints() -> None:
    text = "In 2023 WeChat Channels recorded a 180% growth in GMV and a 90% rise in live-stream hours."
    got = run(text, date(2024, 2, 1))
    assert ("wechat_channels", "gmv", "yoy_pct", "2023") in keys(got)


# ---------------------------------------------------------------- user figures measured by a data firm


def test_a_user_count_measured_by_a_data_firm_is_held() -> None:
    text = "According to QuestMobile, in the first quarter of 2024 WeChat had 1.05 billion monthly active users."
    got = run(text, date(2024, 5, 20))
    assert not [f for f in got.facts if f.metric == "mau"]
    assert any("QuestMobile" in h.reason for h in got.held)


def test_a_data_firms_report_named_in_the_title_holds_its_user_counts() -> None:
    text = "In the first quarter of 2024 WeChat had 1.05 billion monthly active users."
    held = extract(text, ClaimContext(published=date(2024, 5, 20), measured_by="MoonFox"))
    plain = run(text, date(2024, 5, 20))
    assert not [f for f in held.facts if f.metric == "mau"]
    assert ("weixin", "mau", "value", "2024Q1") in keys(plain)


def test_the_company_s_own_user_count_beside_a_firms_other_figure_prints() -> None:
    text = ("In its own filing for the first quarter of 2024, Tencent put Weixin's monthly active users at 1.36 "
            "billion. Sensor Tower ranked Honor of Kings first by revenue in April.")
    got = run(text, date(2024, 5, 20))
    assert ("weixin", "mau", "value", "2024Q1") in keys(got)


def test_an_article_titled_as_a_data_firms_analysis_prints_no_user_count() -> None:
    body = ("In the first quarter of 2024 WeChat had 1.05 billion monthly active users, and users opened the "
            "app more often than a year before, the study of app usage across Chinese phones found.")
    firm = parse_text("QuestMobile Insight | Where WeChat's users spend their day\n" + body, date(2024, 5, 20))
    plain = parse_text("Where WeChat's users spend their day\n" + body, date(2024, 5, 20))
    assert not [f for f in firm if f.metric == "mau"]
    assert [f for f in plain if f.metric == "mau"]


# ---------------------------------------------------------------- pronoun subjects


def test_its_takes_the_previous_sentences_subject_not_the_market_named_last() -> None:
    text = ("Kuaishou owes its rise to loyal fan communities, which suit live-streaming e-commerce well. "
            "Its GMV reached 380 billion yuan in 2020, the prospectus shows.")
    got = run(text, date(2021, 2, 1))
    assert ("kuaishou", "gmv", "value", "2020") in keys(got)
    assert not [f for f in got.facts if f.entity == "china_live_ecommerce"]


def test_the_platform_after_a_platform_the_lexicon_does_not_know_is_held() -> None:
    text = ("Right now Shopee Live is the biggest live-streaming e-commerce channel in the region. "
            "In 2021, the platform had 90 million viewers and its GMV was more than 30 billion yuan.")
    got = run(text, date(2022, 2, 1))
    assert not [f for f in got.facts if f.metric == "gmv"]


def test_its_after_a_sentence_whose_subject_is_the_market_stays_with_the_market() -> None:
    text = ("China's live-streaming e-commerce market was still small back then. "
            "Its GMV was 19 billion yuan in 2017.")
    got = run(text, date(2020, 9, 1))
    assert ("china_live_ecommerce", "gmv", "value", "2017") in keys(got)


def test_qi_after_a_sentence_with_two_clause_subjects_is_held() -> None:
    two = run("直播电商行业今年继续扩张,快手是最大的受益者之一。其GMV在2020年达到3812亿元。", date(2021, 3, 1))
    one = run("快手依靠主播与粉丝的信任在直播电商中走出了自己的路。其GMV在2020年达到3812亿元。", date(2021, 3, 1))
    assert not two.facts
    assert ("kuaishou", "gmv", "value", "2020") in keys(one)


# ---------------------------------------------------------------- a platform outside the vocabulary as subject


def test_an_unknown_platforms_gmv_in_a_market_sentence_is_held() -> None:
    text = "Among live-streaming e-commerce players, Shopee Live GMV came to 30 billion yuan in 2021."
    got = run(text, date(2022, 3, 1))
    assert not got.facts
    assert any("Shopee Live" in h.reason for h in got.held)


def test_a_chinese_platform_outside_the_vocabulary_holds_the_market_figure() -> None:
    got = run("在直播电商领域,小红书2021年的GMV约为300亿元。", date(2022, 3, 1))
    assert not got.facts


def test_the_market_s_own_gmv_with_an_agency_named_before_it_prints() -> None:
    text = ("According to figures from the Ministry of Commerce, China live-streaming e-commerce GMV came to "
            "2.3 trillion yuan in 2021.")
    got = run(text, date(2022, 3, 1))
    assert ("china_live_ecommerce", "gmv", "value", "2021") in keys(got)
