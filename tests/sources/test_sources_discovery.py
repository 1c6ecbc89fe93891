"""Listing parsers on recorded pages, and discover() through the replay transport."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import CASES

from sources.discovery import Candidate, Rejected, discover
from sources.discovery.hkex import (
    chinese_twin,
    classify_records,
    hk_date,
    parse_prefix,
    parse_title_search,
    prefix_params,
    results_release_code,
    search_params,
    stock_codes,
    year_windows,
)
from sources.discovery.model import listing_date
from sources.discovery.tencent_ir import (
    FINANCIAL_NEWS_URL,
    parse_financial_news,
    release_code,
    title_rejection,
)
from sources.errors import FetchError, ListingError
from sources.http import HttpClient
from sources.replay import ReplayAdapter

LEGACY_URL = "https://www.tencent.com/en-us/news_timeline.html"


def read(name: str) -> bytes:
    return (CASES / name).read_bytes()


# --- Tencent IR -------------------------------------------------------------------------------


def test_ir_listing_keeps_results_releases():
    kept, rejected = parse_financial_news(read("tencent_ir_financial_news.html"), FINANCIAL_NEWS_URL, "utf-8")
    assert [(c.period_code, c.published_at) for c in kept] == [
        ("3Q2025", date(2025, 11, 13)),
        ("2Q2025", date(2025, 8, 13)),
        ("1Q2025", date(2025, 5, 14)),
        ("FY2024", date(2025, 3, 19)),
        ("FY2023", date(2024, 3, 20)),
        ("FY2019", date(2020, 3, 18)),
    ]
    first = kept[0]
    assert first == Candidate(
        url="https://static.www.tencent.com/uploads/2025/11/13/5e0c7a9d1f2b4c3e8a6d0b9f7e1c2d3a.pdf",
        source="tencent_ir",
        title="Tencent Announces 2025 Third Quarter Results",
        published_at=date(2025, 11, 13),
        kind_hint="results_release_en",
        period_code="3Q2025",
        language="en",
    )
    assert kept[3].title == "TENCENT ANNOUNCES 2024 ANNUAL AND FOURTH QUARTER RESULTS"


def test_ir_listing_rejects_decoys_with_reasons():
    _, rejected = parse_financial_news(read("tencent_ir_financial_news.html"))
    reasons = {r.title: r.reason for r in rejected}
    assert "date notice" in reasons["Tencent Holdings Ltd 2025 Third Quarter Results Announcement Date"]
    assert "not the results release" in reasons["2025 Third Quarter Results Presentation"]
    assert reasons["Tencent Holdings Limited Announces Change of Authorised Representative"] == "not a results release"
    webcast = [r for r in rejected if r.url.endswith("webcast.html")]
    assert webcast and webcast[0].reason == "link is not a PDF"
    assert len(rejected) == 4


def test_ir_2019_list_layout():
    kept, rejected = parse_financial_news(read("tencent_ir_2019_news_timeline.html"), LEGACY_URL)
    assert [(c.url, c.title, c.published_at, c.period_code) for c in kept] == [
        ("https://www.tencent.com/en-us/articles/15000801565777947.pdf",
         "Tencent Announces 2019 Second Quarter and Interim Results", date(2019, 8, 14), "2Q2019"),
        ("https://www.tencent.com/en-us/articles/15000791557912345.pdf",
         "Tencent Announces 2019 First Quarter Results", date(2019, 5, 15), "1Q2019"),
        ("https://www.tencent.com/en-us/articles/15000781553162345.pdf",
         "Tencent Announces 2018 Fourth Quarter and Annual Results", date(2019, 3, 21), "FY2018"),
    ]
    assert sorted(r.reason for r in rejected) == [
        "not a results release",
        "results announcement date notice, not a results release",
    ]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Tencent Announces 2020 First Quarter Results", "1Q2020"),
        ("tencent announces 2022 third quarter results", "3Q2022"),
        ("Tencent Announces 2019 Fourth Quarter and Annual Results", "FY2019"),
        ("Tencent Announces 2023 Annual and Fourth Quarter Results", "FY2023"),
        ("Tencent Announces 2020 Second Quarter and Interim Results", "2Q2020"),
        ("Tencent Announces 2021 Interim Results", "1H2021"),
        ("Tencent Announces 2018 Fourth Quarter Results", "4Q2018"),
        ("Tencent Announces Share Buy-back", None),
    ],
)
def test_release_code(title, code):
    assert release_code(title) == code


def test_title_rejection_for_date_notice_even_if_title_matches():
    title = "Tencent Holdings Ltd 2019 Second Quarter and Interim Results Announcement Date"
    assert release_code(title) == "2Q2019"
    assert title_rejection(title) is not None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025.03.19", date(2025, 3, 19)),
        ("2019/08/14", date(2019, 8, 14)),
        ("2024-11-13", date(2024, 11, 13)),
        ("March 19, 2025", date(2025, 3, 19)),
        ("19 Mar 2025", date(2025, 3, 19)),
        ("Nov. 16, 2022", date(2022, 11, 16)),
        ("2025.02.30", None),
        ("no date here", None),
    ],
)
def test_listing_date(text, day):
    assert listing_date(text) == day


def test_ir_item_without_date_falls_back_to_upload_path():
    page = (
        '<a class="ten_finance_item" href="https://static.www.tencent.com/uploads/2024/05/14/'
        'aaaabbbbccccddddeeeeffff00001111.pdf"><div>Tencent Announces 2024 First Quarter Results</div></a>'
    )
    (cand,), _ = parse_financial_news(page)
    assert cand.published_at == date(2024, 5, 14)


# --- HKEX ------------------------------------------------------------------------------------


def test_prefix_jsonp_picks_00700():
    assert parse_prefix(read("hkex_prefix.jsonp")) == 7609
    assert parse_prefix(read("hkex_prefix.jsonp"), "80700") == 1000245931
    assert prefix_params()["name"] == "700"


@pytest.mark.parametrize("body", ["callback();", "callback({\"stockInfo\":[]});", "<html>error</html>", "callback({bad"])
def test_prefix_problems_are_listing_errors(body):
    with pytest.raises(ListingError):
        parse_prefix(body)


def test_title_search_result_is_decoded_twice():
    records = parse_title_search(read("hkex_titlesearch_2024.json"))
    assert len(records) == 8
    assert records[0]["DATE_TIME"] == "13/11/2024 16:41"


@pytest.mark.parametrize("body", ['{"result": null}', '{"result": "null"}', '{"result": "[]"}', '{"result": ""}'])
def test_title_search_empty_results(body):
    assert parse_title_search(body) == []


@pytest.mark.parametrize("body", ["not json", '{"rows": []}', '{"result": "{}"}', '{"result": "[1, 2]"}'])
def test_title_search_bad_bodies(body):
    with pytest.raises(ListingError):
        parse_title_search(body)


def test_hkex_2024_keeps_results_and_rejects_the_rest():
    kept, rejected = classify_records(parse_title_search(read("hkex_titlesearch_2024.json")))
    assert [(c.period_code, c.published_at, c.url) for c in kept] == [
        ("3Q2024", date(2024, 11, 13), "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/1113/2024111300617.pdf"),
        ("2Q2024", date(2024, 8, 14), "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0814/2024081400702.pdf"),
        ("1Q2024", date(2024, 5, 14), "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0514/2024051400558.pdf"),
        ("FY2023", date(2024, 3, 20), "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0320/2024032000741.pdf"),
    ]
    assert all(c.source == "hkex" and c.kind_hint == "hkex_announcement" and c.language == "en" for c in kept)
    reasons = {r.url.rsplit("/", 1)[1]: r.reason for r in rejected}
    assert reasons["2024111300623.pdf"] == "other issuer or counter (stock code 80700)"
    assert reasons["2024081500381.pdf"] == "other issuer or counter (stock code 09988/89988)"
    assert reasons["2024040800213.pdf"].startswith("not a results category (Financial Statements/ESG")
    assert "dividend form" in reasons["2024032000769.pdf"]
    assert len(rejected) == 4


def test_hkex_2018_mixed_case_ltn_names():
    kept, rejected = classify_records(parse_title_search(read("hkex_titlesearch_2018.json")), include_chinese=True)
    urls = [c.url for c in kept]
    assert urls == [
        "https://www1.hkexnews.hk/listedco/listconews/SEHK/2018/1114/LTN20181114435.pdf",
        "https://www1.hkexnews.hk/listedco/listconews/SEHK/2018/1114/LTN20181114435_C.pdf",
        "https://www1.hkexnews.hk/listedco/listconews/sehk/2018/0815/ltn20180815517.pdf",
        "https://www1.hkexnews.hk/listedco/listconews/sehk/2018/0815/ltn20180815517_c.pdf",
        "https://www1.hkexnews.hk/listedco/listconews/SEHK/2018/0516/LTN201805161147.pdf",
        "https://www1.hkexnews.hk/listedco/listconews/SEHK/2018/0516/LTN201805161147_C.pdf",
    ]
    assert [c.language for c in kept] == ["en", "zh"] * 3
    assert [c.period_code for c in kept[::2]] == ["3Q2018", "2Q2018", "1Q2018"]
    assert [r.reason for r in rejected] == ["not a results category (Announcements and Notices - [Date of Board Meeting])"]


def test_chinese_twin_names():
    base = "https://www1.hkexnews.hk/listedco/listconews/sehk/2025/0319/"
    assert chinese_twin(base + "2025031900412.pdf") == base + "2025031900412_c.pdf"
    assert chinese_twin(base + "LTN20180327652.pdf") == base + "LTN20180327652_C.pdf"
    assert chinese_twin(base + "ltn20180327652.pdf") == base + "ltn20180327652_c.pdf"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2025", "1Q2025"),
        ("ANNOUNCEMENT OF THE RESULTS FOR THE THREE AND SIX MONTHS ENDED 30 JUNE 2018", "2Q2018"),
        ("ANNOUNCEMENT OF THE RESULTS FOR THE THREE AND NINE MONTHS ENDED 30 SEPTEMBER 2017", "3Q2017"),
        ("ANNOUNCEMENT OF THE ANNUAL RESULTS FOR THE YEAR ENDED 31 DECEMBER 2020", "FY2020"),
        ("Announcement of the Results for the Three Months Ended 31 March 2024", "1Q2024"),
        ("FINAL DIVIDEND FOR THE YEAR ENDED 31 DECEMBER 2024", None),
    ],
)
def test_hkex_results_release_code(title, code):
    assert results_release_code(title) == code


def test_hkex_small_helpers():
    assert stock_codes("00700<br/>80700") == ["00700", "80700"]
    assert stock_codes("00700<BR>80700") == ["00700", "80700"]
    assert hk_date("19/03/2025 16:35") == date(2025, 3, 19)
    assert hk_date("2025-03-19") is None
    assert year_windows(date(2023, 5, 1), date(2025, 2, 10)) == [
        (date(2023, 5, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 2, 10)),
    ]
    params = search_params(7609, date(2024, 1, 1), date(2024, 12, 31))
    assert params["fromDate"] == "20240101" and params["toDate"] == "20241231"
    assert params["stockId"] == "7609" and params["title"] == "" and params["lang"] == "EN"
    assert (params["t1code"], params["t2Gcode"], params["t2code"], params["rowRange"]) == ("10000", "-2", "-2", "100")


# --- discover() through the replay transport --------------------------------------------------


def listing_snapshot(root: Path, years: dict[str, bytes]) -> Path:
    folder = root / "listings"
    folder.mkdir(parents=True)
    entries = [
        {"url": FINANCIAL_NEWS_URL, "file": "news.html", "content_type": "text/html; charset=utf-8"},
        {"url": "https://www1.hkexnews.hk/search/prefix.do?callback=callback&lang=EN&type=A&name=700&market=SEHK",
         "file": "prefix.jsonp", "content_type": "application/javascript"},
    ]
    (folder / "news.html").write_bytes(read("tencent_ir_financial_news.html"))
    (folder / "prefix.jsonp").write_bytes(read("hkex_prefix.jsonp"))
    for from_date, body in years.items():
        name = f"search_{from_date}.json"
        (folder / name).write_bytes(body)
        entries.append({
            "url": f"https://www1.hkexnews.hk/search/titleSearchServlet.do?stockId=7609&fromDate={from_date}&lang=EN",
            "file": name, "content_type": "application/json",
        })
    (folder / "index.json").write_text(json.dumps(entries))
    return root


def replay_client(root: Path) -> HttpClient:
    """A live-mode client whose transport replays `root` (listing code only, no snapshot additions)."""
    return HttpClient(adapter=ReplayAdapter(root), rate_per_host=0, backoff=0)


def test_discover_tencent_ir_window(tmp_path):
    client = replay_client(listing_snapshot(tmp_path, {}))
    kept, rejected = discover("tencent_ir", client, since=date(2024, 1, 1), as_of=date(2025, 6, 30))
    assert [c.period_code for c in kept] == ["1Q2025", "FY2024", "FY2023"]
    outside = [r for r in rejected if r.reason.startswith("published")]
    assert len(outside) == 3


def test_discover_hkex_one_search_per_year(tmp_path):
    empty = b'{"result": "[]", "hasNextRow": false}'
    root = listing_snapshot(tmp_path, {"20230601": empty, "20240101": read("hkex_titlesearch_2024.json"), "20250101": empty})
    client = replay_client(root)
    kept, rejected = discover("hkex", client, since=date(2023, 6, 1), as_of=date(2025, 11, 30))
    assert [c.period_code for c in kept] == ["3Q2024", "2Q2024", "1Q2024", "FY2023"]
    searches = [u for u in client.adapter.served if "titleSearchServlet" in u]
    assert len(searches) == 3
    assert "fromDate=20230601" in searches[0] and "toDate=20231231" in searches[0]
    assert "fromDate=20250101" in searches[2] and "toDate=20251130" in searches[2]


def test_discover_hkex_with_chinese_twins(tmp_path):
    root = listing_snapshot(tmp_path, {"20240101": read("hkex_titlesearch_2024.json")})
    client = replay_client(root)
    kept, _ = discover("hkex", client, since=date(2024, 1, 1), as_of=date(2024, 12, 31), include_chinese=True)
    assert len(kept) == 8
    assert kept[1].url.endswith("2024111300617_c.pdf") and kept[1].language == "zh"


def test_missing_listing_raises_fetch_error(tmp_path):
    (tmp_path / "empty").mkdir()
    client = HttpClient("snapshot", snapshot_dir=tmp_path)
    with pytest.raises(FetchError):
        discover("tencent_ir", client, since=date(2024, 1, 1), as_of=date(2024, 12, 31))
    with pytest.raises(FetchError):
        discover("hkex", client, since=date(2024, 1, 1), as_of=date(2024, 12, 31))


def test_unknown_source_name():
    with pytest.raises(ValueError):
        discover("bloomberg", HttpClient("snapshot"), since=date(2024, 1, 1), as_of=date(2024, 12, 31))


def test_rejected_is_plain_data():
    r = Rejected("u", None, "why")
    assert (r.url, r.title, r.reason) == ("u", None, "why")


def test_truncated_search_is_reported(tmp_path):
    body = b'{"result": "[]", "hasNextRow": true}'
    client = replay_client(listing_snapshot(tmp_path, {"20240101": body}))
    kept, rejected = discover("hkex", client, since=date(2024, 1, 1), as_of=date(2024, 12, 31))
    assert kept == []
    assert rejected[0].reason == "search 20240101-20241231 has more rows than returned"
    assert rejected[0].failure  # a truncated search is a failure of the run, not a turned-away item
