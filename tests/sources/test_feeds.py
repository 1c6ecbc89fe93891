"""RSS and Atom feeds listed in sources.yaml: items become article candidates during `articles` discovery."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sources.discovery import discover, feed_candidates
from sources.discovery.feeds import canonical_item_url, configured_feeds, parse_feed
from sources.errors import ConfigError, ListingError
from sources.http import HttpClient
from sources.replay import local_key

FEEDS = Path(__file__).resolve().parents[1] / "cases" / "articles" / "feeds"
# The bundled feed's item is the reconstructed 36Kr article, which has no verified public address.
BUNDLED_36KR = local_key("articles", "36kr_wechat_open_class_2025.html")


def test_rss_items_become_candidates_without_tracking_parameters():
    found = parse_feed((FEEDS / "36kr_rss.xml").read_bytes(), "https://36kr.com/feed")
    assert [(c.url, c.published_at) for c in found] == [
        ("https://36kr.com/p/3118640952264710", date(2025, 1, 10)),
        ("https://36kr.com/p/3117052281344519", date(2025, 1, 8)),
    ]
    assert found[0].title == "微信公开课2025:微信小店交出升级后的第一份年度成绩单"
    assert {(c.source, c.kind_hint) for c in found} == {("article", "article")}


def test_atom_entries_resolve_relative_links_and_prefer_published():
    found = parse_feed((FEEDS / "technode_atom.xml").read_bytes(), "https://technode.com/feed/atom/")
    assert [(c.url, c.published_at) for c in found] == [
        ("https://technode.com/2024/03/21/tencent-channels-time-spent-2023/", date(2024, 3, 21)),
        ("https://technode.com/2023/11/10/douyin-e-commerce-gmv-first-ten-months-2023/", date(2023, 11, 10)),
    ]


def test_entities_are_not_expanded_and_files_never_read():
    found = parse_feed((FEEDS / "entity_bomb.xml").read_bytes(), "https://36kr.com/feed")
    assert [c.url for c in found] == ["https://36kr.com/p/1", "https://36kr.com/p/2"]
    assert all(c.title is None or ("aaaa" not in c.title and "root:" not in c.title) for c in found)


@pytest.mark.parametrize("data", [b"", b"<html><body>not a feed</body></html>", b"<rss><channel>", b"\xff\xfe\x00"])
def test_unreadable_feed_raises_listing_error(data):
    with pytest.raises(ListingError):
        parse_feed(data, "https://36kr.com/feed")


def test_canonical_item_url_keeps_real_parameters():
    assert canonical_item_url("https://www.latepost.com/news/dj_detail?id=1966&utm_source=rss#top") == \
        "https://www.latepost.com/news/dj_detail?id=1966"


def test_bundled_config_lists_a_feed_and_snapshot_serves_it():
    assert configured_feeds() == ["https://36kr.com/feed"]
    found, rejected = feed_candidates(HttpClient("snapshot"))
    assert rejected == []
    assert [c.url for c in found] == [BUNDLED_36KR]


def test_feed_items_join_articles_discovery_and_a_dead_feed_is_rejected(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text(
        "articles: []\nnbs: []\nprnewswire: []\n"
        "feeds:\n  - url: https://36kr.com/feed\n  - url: https://36kr.com/missing-feed\n",
        encoding="utf-8",
    )
    found, rejected = discover("articles", HttpClient("snapshot"), since=date(2024, 1, 1), as_of=date(2025, 11, 30),
                               config_path=config)
    assert BUNDLED_36KR in {c.url for c in found}
    dead = [r for r in rejected if r.url == "https://36kr.com/missing-feed"]
    assert dead and dead[0].reason.startswith("feed unavailable")


def test_bad_feeds_section(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("feeds:\n  - title: no url\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        configured_feeds(config)


def test_every_configured_host_is_fetchable_live():
    from urllib.parse import urlsplit

    from flows.pipeline import make_client
    from sources.discovery import discover_configured

    client = make_client("live")
    urls = [c.url for section in ("articles", "nbs") for c in discover_configured(section)] + configured_feeds()
    assert {urlsplit(u).hostname for u in urls} <= client.allowed_hosts
