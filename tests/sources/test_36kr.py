"""36Kr as the site serves it: feed items filtered by keyword before any fetch, newsflash items, encrypted page state."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
from source_fakes import FakeAdapter, Scripted

from sources.discovery import feed_candidates
from sources.discovery.feeds import OFF_TOPIC, feed_items, on_topic
from sources.http import HttpClient
from transforms.model import DocMeta, EmptyDocument, ParseError
from transforms.parse import parse_document
from transforms.parse.article import PARSER, initial_state_article
from transforms.parse.document import load_document
from transforms.parse.pages import EncryptedState, decrypt_state, page_state

CASES = Path(__file__).resolve().parents[1] / "cases" / "articles"
FEED = CASES / "feeds" / "36kr_rss_mixed.xml"


def _doc(name: str, url: str = "https://36kr.com/p/3118640952264710"):
    return load_document((CASES / name).read_bytes(), DocMeta(url=url, source="article", content_type="text/html"))


def _keys(result) -> set[tuple]:
    return {(f.entity, f.metric, f.measure, f.period.label, f.value, f.qualifier) for f in result.facts}


# ---------------------------------------------------------------- the feed


def test_feed_items_naming_no_tracked_entity_are_rejected_before_any_fetch():
    kept, rejected = feed_items(FEED.read_bytes(), "https://36kr.com/feed")
    assert [c.url for c in kept] == [
        "https://36kr.com/p/3118640952264710",
        "https://36kr.com/newsflashes/3120005551234567",
        "https://36kr.com/p/3118800098765432",  # the title is generic; the summary names Tencent
    ]
    assert {r.url for r in rejected} == {"https://36kr.com/p/3118700012345678", "https://36kr.com/newsflashes/3120009990000001"}
    assert {r.reason for r in rejected} == {OFF_TOPIC}


def test_on_topic_reads_the_lexicon_entities():
    assert on_topic("微信小店的一年") and on_topic("Kuaishou e-commerce GMV") and on_topic("网上零售额增长")
    assert not on_topic("一家新能源车企的四季度") and not on_topic("")


def test_discovery_fetches_only_the_feed_and_reports_the_off_topic_items(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("feeds:\n  - url: https://36kr.com/feed\n", encoding="utf-8")
    adapter = FakeAdapter(lambda r: Scripted(200, {"Content-Type": "application/rss+xml"}, FEED.read_bytes()))
    client = HttpClient(adapter=adapter, rate_per_host=0)
    found, rejected = feed_candidates(client, config)
    assert len(adapter.requests) == 1
    assert len(found) == 3 and len(rejected) == 2
    assert any("/newsflashes/" in c.url for c in found)


# ---------------------------------------------------------------- encrypted page state


def test_an_encrypted_article_page_is_decrypted_and_read():
    markup = (CASES / "36kr_encrypted_page.html").read_text("utf-8")
    assert '"isEncrypt":true' in markup and "视频号" not in markup.split("<title>")[1].split("</title>")[1]
    title, when, content = initial_state_article(markup)
    assert title == "视频号这一年:直播带货加速"  # the page's own detail, not the hot list before it
    assert when == date(2025, 1, 10)
    result = PARSER.parse(_doc("36kr_encrypted_page.html"))
    assert _keys(result) == {("wechat_channels", "gmv", "yoy_pct", "2024", 100.0, "gt")}


def test_an_encrypted_newsflash_page_is_read_from_its_own_detail():
    result = parse_document((CASES / "36kr_encrypted_newsflash.html").read_bytes(),
                            DocMeta(url="https://36kr.com/newsflashes/3120005551234567", source="article",
                                    content_type="text/html"))
    assert result.title == "快手:四季度电商GMV同比增长约14%"
    assert result.published_at == date(2025, 3, 25)
    keys = _keys(result)
    assert ("kuaishou", "gmv", "yoy_pct", "2024Q4", 14.0, "approx") in keys
    assert all(k[0] == "kuaishou" for k in keys)  # nothing from the newsflash list beside it


def test_a_state_that_does_not_decrypt_is_refused_with_that_reason():
    with pytest.raises(EncryptedState, match="does not decrypt"):
        PARSER.parse(_doc("36kr_encrypted_unknown_key.html"))
    assert issubclass(EncryptedState, ParseError) and not issubclass(EncryptedState, EmptyDocument)


@pytest.mark.parametrize("token", ["not base64!", base64.b64encode(b"short").decode(), ""])
def test_malformed_encrypted_states_are_refused(token):
    with pytest.raises(EncryptedState):
        decrypt_state(token)


def test_a_plain_state_followed_by_more_script_is_read():
    markup = ('<html><body><script>window.initialState={"articleDetail":{"articleDetailData":{"data":{"widgetTitle":"t",'
              '"widgetContent":"<p>' + "视频号" * 20 + '</p>"}}}};window.__ready=true;</script></body></html>')
    assert page_state(markup)["articleDetail"]["articleDetailData"]["data"]["widgetTitle"] == "t"
