"""HKEX title search as the servlet behaves: results category, cumulative rowRange, Chinese filings, truncation."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import CASES

from sources.discovery import discover
from sources.discovery.hkex import (
    PREFIX_URL,
    ROW_MAX,
    TITLE_SEARCH_URL,
    SearchPage,
    classify_records,
    filing_date,
    is_results_category,
    next_row_range,
    pair_twins,
    parse_search_page,
    parse_title_search,
    prefix_params,
    search_window,
    zh_results_release_code,
)
from sources.errors import ListingError, TruncatedSearch
from sources.http import HttpClient
from sources.replay import ReplayAdapter


def read(name: str) -> bytes:
    return (CASES / name).read_bytes()


def hkex_site(root: Path, searches: dict[str, str]) -> HttpClient:
    """A client replaying the stock look-up and title searches (query string -> fixture file)."""
    folder = root / "hkex"
    folder.mkdir(parents=True)
    (folder / "prefix.jsonp").write_bytes(read("hkex_prefix.jsonp"))
    entries = [{"url": f"{PREFIX_URL}?callback=callback&lang=EN&type=A&name=700&market=SEHK", "file": "prefix.jsonp",
                "content_type": "text/javascript"}]
    for i, (query, name) in enumerate(searches.items()):
        (folder / f"s{i}.json").write_bytes(read(name))
        entries.append({"url": f"{TITLE_SEARCH_URL}?{query}", "file": f"s{i}.json", "content_type": "application/json"})
    (folder / "index.json").write_text(json.dumps(entries))
    return HttpClient(adapter=ReplayAdapter(root), rate_per_host=0, backoff=0)


def searches_sent(client: HttpClient) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(urlsplit(u).query).items()}
            for u in client.adapter.served if "titleSearchServlet" in u]


def test_search_asks_for_the_results_headline_category(tmp_path):
    client = hkex_site(tmp_path, {"lang=EN": "hkex_titlesearch_results_2026_en.json"})
    discover("hkex", client, since=date(2026, 1, 1), as_of=date(2026, 9, 30))
    (sent,) = searches_sent(client)
    assert (sent["searchType"], sent["t1code"], sent["t2Gcode"], sent["t2code"]) == ("1", "10000", "3", "-2")
    assert (sent["fromDate"], sent["toDate"], sent["rowRange"], sent["stockId"]) == ("20260101", "20260930", "100", "7609")


def test_results_category_listed_after_another_is_kept():
    kept, rejected = classify_records(parse_title_search(read("hkex_titlesearch_results_2026_en.json")))
    assert [(c.period_code, c.published_at, c.url.rsplit("/", 1)[1]) for c in kept] == [
        ("2Q2026", date(2026, 8, 12), "2026081200296.pdf"),
        ("1Q2026", date(2026, 5, 13), "2026051300547.pdf"),
        ("FY2025", date(2026, 3, 18), "2026031800388.pdf"),
    ]
    reasons = {r.url.rsplit("/", 1)[1]: r.reason for r in rejected}
    assert "dividend form" in reasons["2026031800402.pdf"]
    assert reasons["2026031800395.pdf"] == "other issuer or counter (stock code 80700)"


@pytest.mark.parametrize(
    ("long_text", "results"),
    [
        ("Announcements and Notices - [Quarterly Results]", True),
        ("Announcements and Notices - [Final Results &#x2f; Dividend or Distribution]", True),
        ("Announcements and Notices - [Closure of Books or Change of Book Closure Period / Final Results]", True),
        ("Announcements and Notices - [Other - Business Update] Announcements and Notices - [Interim Results]", True),
        ("公告及通告 - [暫停辦理過戶登記手續或更改暫停辦理過戶登記日期 &#x2f; 末期業績 &#x2f; 股息或分派]", True),
        ("Announcements and Notices - [Date of Board Meeting]", False),
        ("Announcements and Notices - [Delay in Results Announcement]", False),
        ("Financial Statements/ESG Information - [Interim/Half-Year Report]", False),
        ("Final Results", False),
    ],
)
def test_results_category(long_text, results):
    assert is_results_category(long_text) is results


def test_cumulative_rows_are_asked_for_again_with_record_count(tmp_path):
    client = hkex_site(tmp_path, {
        "rowRange=2": "hkex_titlesearch_paged_first.json",
        "rowRange=4": "hkex_titlesearch_paged_all.json",
    })
    records = search_window(client, 7609, date(2022, 1, 1), date(2022, 12, 31), first_rows=2)
    assert [s["rowRange"] for s in searches_sent(client)] == ["2", "4"]
    kept, _ = classify_records(records)
    assert [c.period_code for c in kept] == ["3Q2022", "2Q2022", "1Q2022", "FY2021"]


def test_rows_still_held_back_after_asking_for_all_fail(tmp_path):
    client = hkex_site(tmp_path, {
        "rowRange=2": "hkex_titlesearch_paged_first.json",
        "rowRange=4": "hkex_titlesearch_truncated.json",
    })
    with pytest.raises(TruncatedSearch) as info:
        search_window(client, 7609, date(2022, 1, 1), date(2022, 12, 31), first_rows=2)
    assert "hasNextRow with recordCnt 4 at rowRange 4" in str(info.value) and "\n" not in str(info.value)


def test_next_row_range():
    url = TITLE_SEARCH_URL
    assert next_row_range(SearchPage([], True, 250, "E"), 100, url) == 250
    with pytest.raises(TruncatedSearch, match="more than the 10000 one search can return"):
        next_row_range(SearchPage([], True, ROW_MAX + 1, "E"), 100, url)
    with pytest.raises(TruncatedSearch, match="recordCnt None"):
        next_row_range(SearchPage([], True, None, "E"), 100, url)


def test_envelope_fields():
    page = parse_search_page(read("hkex_titlesearch_paged_first.json"))
    assert (len(page.records), page.has_next, page.record_count, page.lang) == (2, True, 4, "E")
    page = parse_search_page('{"result": "null", "hasNextRow": false, "recordCnt": "0"}')
    assert (page.records, page.has_next, page.record_count, page.lang) == ([], False, 0, None)


def test_a_search_answered_in_another_language_fails(tmp_path):
    client = hkex_site(tmp_path, {"lang=ZH": "hkex_titlesearch_results_2026_en.json"})
    with pytest.raises(ListingError, match="asked lang=ZH, the search answered lang=E"):
        search_window(client, 7609, date(2026, 1, 1), date(2026, 9, 30), "ZH")


def test_chinese_filings_come_from_their_own_search(tmp_path):
    client = hkex_site(tmp_path, {
        "lang=EN": "hkex_titlesearch_results_2026_en.json",
        "lang=ZH": "hkex_titlesearch_results_2026_zh.json",
    })
    kept, rejected = discover("hkex", client, since=date(2026, 1, 1), as_of=date(2026, 9, 30), include_chinese=True)
    zh = [c for c in kept if c.language == "zh"]
    assert [(c.period_code, c.url.rsplit("/", 1)[1]) for c in zh] == [
        ("2Q2026", "2026081200297_c.pdf"),
        ("1Q2026", "2026051300548_c.pdf"),
        ("FY2025", "2026031800389_c.pdf"),
    ]
    assert [s["lang"] for s in searches_sent(client)] == ["EN", "ZH"]
    english = {c.period_code: c.url for c in kept if c.language == "en"}
    assert all(english[c.period_code].rsplit(".", 1)[0] + "_c.pdf" != c.url for c in zh), "twins are not name + _c"
    assert any(r.url.endswith("2026031800403_c.pdf") and "dividend form" in r.reason for r in rejected)


def test_a_chinese_headline_without_its_period_takes_the_english_filing_of_that_day():
    en, _ = classify_records(parse_title_search(read("hkex_titlesearch_results_2026_en.json")))
    zh, _ = classify_records(parse_title_search(read("hkex_titlesearch_results_2026_zh.json")), language="zh")
    undated = [c for c in zh if c.period_code is None]
    assert [c.title for c in undated] == ["二零二六年第一季度業績公佈"]
    paired = pair_twins(en, zh)
    assert [c.period_code for c in paired] == ["2Q2026", "1Q2026", "FY2025"]
    assert pair_twins([], undated)[0].period_code is None


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("截至二零二四年三月三十一日止三個月業績公佈", "1Q2024"),
        ("截至二零二四年六月三十日止三個月及六個月業績公佈", "2Q2024"),
        ("截至二零一七年九月三十日止三個月及九個月業績公佈", "3Q2017"),
        ("截至二零二五年十二月三十一日止年度全年業績公佈", "FY2025"),
        ("截至2021年12月31日止年度之全年业绩公布", "FY2021"),
        ("截至二零一九年六月三十日止六個月之中期業績公佈", "1H2019"),
        ("截至二零二五年十二月三十一日止年度之末期股息", None),
    ],
)
def test_zh_results_release_code(title, code):
    assert zh_results_release_code(title) == code


def test_filing_date():
    assert filing_date("https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0318/2026031800388.pdf") == date(2026, 3, 18)
    assert filing_date("https://www1.hkexnews.hk/listedco/listconews/SEHK/2018/0516/LTN201805161147.pdf") == date(2018, 5, 16)
    assert filing_date("https://www1.hkexnews.hk/listedco/listconews/sehk/2026/1399/x.pdf") is None
    assert prefix_params()["name"] == "700"


def test_a_cancelled_filing_is_turned_away():
    record = json.loads(json.loads(read("hkex_titlesearch_paged_all.json"))["result"])[0]
    record["SHORT_TEXT"] = "(Cancelled since Headlines Superseded and Replaced) Announcements and Notices"
    kept, (rejected,) = classify_records([record])
    assert kept == [] and rejected.reason == "cancelled filing (its replacement is filed as its own record)"


def test_a_search_empty_over_a_whole_year_fails(tmp_path):
    client = hkex_site(tmp_path, {"lang=EN": "hkex_titlesearch_empty.json"})
    with pytest.raises(ListingError, match="no results filing of stock 00700 \\(EN\\) in all of 2025"):
        discover("hkex", client, since=date(2025, 1, 1), as_of=date(2026, 2, 10))
    kept, _ = discover("hkex", client, since=date(2026, 1, 1), as_of=date(2026, 2, 10))
    assert kept == [], "a part of the current year may hold no results yet"
