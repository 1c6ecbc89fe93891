"""Peers' results read from their HKEX filings: Kuaishou's Chinese filings searched by its own stock id."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sources.discovery import discover
from sources.discovery.hkex import (
    PEERS,
    PREFIX_URL,
    TITLE_SEARCH_URL,
    classify_records,
    discover_peers,
    parse_title_search,
)
from sources.http import HttpClient
from sources.replay import ReplayAdapter

CASES = Path(__file__).resolve().parents[1] / "cases" / "sources"
KUAISHOU = PEERS[0]


def site(root: Path, answers: dict[str, str]) -> HttpClient:
    """A client replaying HKEX answers (URL -> fixture file); any other request misses."""
    folder = root / "hkex"
    folder.mkdir(parents=True)
    entries = []
    for i, (url, name) in enumerate(answers.items()):
        (folder / f"a{i}").write_bytes((CASES / name).read_bytes())
        entries.append({"url": url, "file": f"a{i}", "content_type": "application/json"})
    (folder / "index.json").write_text(json.dumps(entries))
    return HttpClient(adapter=ReplayAdapter(root), rate_per_host=0, backoff=0)


def kuaishou_answers(search: str = "hkex_titlesearch_kuaishou_2024_zh.json") -> dict[str, str]:
    return {
        f"{PREFIX_URL}?callback=callback&lang=EN&type=A&name=1024&market=SEHK": "hkex_prefix_kuaishou.jsonp",
        f"{TITLE_SEARCH_URL}?stockId=1000400012&fromDate=20240101&lang=ZH": search,
    }


def test_kuaishou_chinese_headlines_are_results_of_their_quarter():
    records = parse_title_search((CASES / "hkex_titlesearch_kuaishou_2024_zh.json").read_bytes())
    kept, rejected = classify_records(records, code=KUAISHOU.code, language="zh", kind_hint=KUAISHOU.kind_hint)
    assert [(c.period_code, c.published_at, c.kind_hint, c.language) for c in kept] == [
        ("2Q2024", date(2024, 8, 20), "kuaishou_results", "zh"),
        ("1Q2024", date(2024, 5, 22), "kuaishou_results", "zh"),
        ("FY2023", date(2024, 3, 20), "kuaishou_results", "zh"),
    ]
    assert [r.reason for r in rejected] == ["not a results category (公告及通告 - [董事會召開日期])"]


def test_peer_search_asks_for_its_own_stock_in_chinese_from_listing_day(tmp_path):
    client = site(tmp_path, kuaishou_answers())
    kept, rejected = discover_peers(client, since=date(2024, 1, 1), as_of=date(2024, 12, 31))
    assert {c.source for c in kept} == {"hkex"} and len(kept) == 3
    assert not [r for r in rejected if r.failure]
    (sent,) = [{k: v[0] for k, v in parse_qs(urlsplit(u).query).items()}
               for u in client.adapter.served if "titleSearchServlet" in u]
    assert (sent["stockId"], sent["lang"], sent["t2Gcode"]) == ("1000400012", "ZH", "3")


def test_no_search_before_the_peer_listed(tmp_path):
    client = site(tmp_path, kuaishou_answers())
    assert discover_peers(client, since=date(2019, 1, 1), as_of=date(2020, 12, 31)) == ([], [])
    assert client.adapter.served == []


def test_a_peer_search_that_fails_is_a_failed_listing_item(tmp_path):
    client = site(tmp_path, kuaishou_answers("hkex_titlesearch_truncated.json"))
    kept, rejected = discover_peers(client, since=date(2024, 1, 1), as_of=date(2024, 12, 31))
    assert kept == []
    (failed,) = rejected
    assert failed.failure and failed.reason.startswith("Kuaishou (01024) results search: ")


def test_tencent_filings_are_kept_when_the_recording_has_no_peer_search(tmp_path):
    client = site(tmp_path, {
        f"{PREFIX_URL}?callback=callback&lang=EN&type=A&name=700&market=SEHK": "hkex_prefix.jsonp",
        f"{TITLE_SEARCH_URL}?lang=EN": "hkex_titlesearch_results_2026_en.json",
    })
    kept, rejected = discover("hkex", client, since=date(2026, 1, 1), as_of=date(2026, 9, 30))
    assert {c.kind_hint for c in kept} == {"hkex_announcement"} and len(kept) == 3
    assert not [r for r in rejected if r.failure]
