"""The article lexicon: the packaged YAML loads, maps the contract's aliases, and rejects bad entries."""

from __future__ import annotations

import pytest

from transforms.lexicon import LexiconError, load_lexicon, normalise, parse_lexicon
from transforms.vocab import ENTITIES, METRICS

ENTITY_ALIASES = {
    "视频号": "wechat_channels",
    "视频账号": "wechat_channels",
    "Video Accounts": "wechat_channels",
    "Channels": "wechat_channels",
    "WeChat Channels": "wechat_channels",
    "视频号小店": "wechat_channels",
    "微信小店": "wechat_channels",
    "抖音电商": "douyin_ecommerce",
    "抖音": "douyin_ecommerce",
    "快手": "kuaishou",
    "Kuaishou": "kuaishou",
    "直播电商": "china_live_ecommerce",
    "直播带货": "china_live_ecommerce",
    "live commerce": "china_live_ecommerce",
    "综合电商": "china_comprehensive_ecommerce",
    "货架电商": "china_comprehensive_ecommerce",
    "线下": "china_offline_retail",
    "网上零售额": "china_online_retail",
    "实物商品网上零售额": "china_online_retail_goods",
}

METRIC_ALIASES = {
    "交易额": "gmv",
    "成交额": "gmv",
    "GMV": "gmv",
    "交易规模": "gmv",
    "商品交易总额": "gmv",
    "销售额": "sales",
    "零售额": "sales",
    "订单量": "orders",
    "使用时长": "user_time_spent",
    "time spent": "user_time_spent",
    "广告收入": "ad_revenue",
    "营收": "revenue",
    "收入": "revenue",
    "播放量": "video_views",
}


def _only(group: str, text: str) -> str:
    terms = load_lexicon().find(group, normalise(text))
    assert len(terms) == 1, (text, terms)
    assert terms[0].start == 0 and terms[0].end == len(text)
    return terms[0].alias.key


@pytest.mark.parametrize(("alias", "entity"), sorted(ENTITY_ALIASES.items()))
def test_entity_aliases(alias: str, entity: str) -> None:
    assert _only("entities", alias) == entity


@pytest.mark.parametrize(("alias", "metric"), sorted(METRIC_ALIASES.items()))
def test_metric_aliases(alias: str, metric: str) -> None:
    assert _only("metrics", alias) == metric


def test_every_key_is_in_the_vocabulary() -> None:
    lex = load_lexicon()
    assert {a.key for a in lex.entities} <= ENTITIES
    assert {a.key for a in lex.metrics} <= METRICS
    assert {a.metric for a in lex.entities if a.metric} <= METRICS


def test_longest_alias_wins() -> None:
    terms = load_lexicon().find("entities", normalise("实物商品网上零售额"))
    assert [t.alias.key for t in terms] == ["china_online_retail_goods"]
    assert terms[0].alias.metric == "sales"
    assert [t.alias.key for t in load_lexicon().find("entities", "视频号小店")] == ["wechat_channels"]


def test_english_aliases_match_whole_words_only() -> None:
    lex = load_lexicon()
    assert lex.find("entities", "Channelsmart") == []
    assert lex.find("entities", "offline channels")[0].alias.key == "china_offline_retail"
    assert [t.alias.key for t in lex.find("metrics", "revenues")] == ["revenue"]


def test_traditional_text_matches_after_normalising() -> None:
    lex = load_lexicon()
    assert lex.find("entities", normalise("視頻號"))[0].alias.key == "wechat_channels"
    assert lex.find("metrics", normalise("電商商品交易總額"))[0].alias.key == "gmv"


def test_qualifiers_and_publishers() -> None:
    lex = load_lexicon()
    assert "超过" in lex.qualifiers["gt"] and "more than" in lex.qualifiers["gt"]
    assert {"近", "约", "nearly", "about"} <= set(lex.qualifiers["approx"])
    assert "以上" in lex.qualifiers_after["gte"]
    assert {"预计", "将达", "目标", "expected"} <= set(lex.estimate_words)
    pubs = {t.alias.key for t in lex.find("publishers", normalise("据晚点LatePost报道,网经社称,商务部表示,36氪获悉,据NielsenIQ"))}
    assert pubs == {"LatePost", "100ec", "MOFCOM", "36Kr", "NielsenIQ"}


MINIMAL = """
entities:
  {entity}:
    aliases: [甲]
metrics:
  gmv: [交易额]
segments: {{}}
qualifiers:
  gt: [超过]
publishers:
  X: [某报]
"""


def test_an_analyst_can_extend_the_lexicon() -> None:
    lex = parse_lexicon(MINIMAL.format(entity="kuaishou"))
    assert lex.find("entities", "甲")[0].alias.key == "kuaishou"
    assert lex.find("metrics", "交易额")[0].alias.key == "gmv"


def test_unknown_entity_is_rejected() -> None:
    with pytest.raises(LexiconError, match="not in the vocabulary"):
        parse_lexicon(MINIMAL.format(entity="not_an_entity"))


def test_missing_section_and_bad_yaml_are_rejected() -> None:
    with pytest.raises(LexiconError, match="sections"):
        parse_lexicon("entities: {}\n")
    with pytest.raises(LexiconError, match="YAML"):
        parse_lexicon("entities: [unclosed\n")
    with pytest.raises(LexiconError, match="metric"):
        parse_lexicon(MINIMAL.format(entity="kuaishou").replace("aliases: [甲]", "aliases: [{text: 甲, metric: nope}]"))
