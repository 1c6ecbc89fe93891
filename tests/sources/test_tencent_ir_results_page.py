"""The 2026 IR results page (WordPress), the older layouts behind it, and an IR site that cannot be read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import CASES

from sources.discovery import discover
from sources.discovery.tencent_ir import (
    FINANCIAL_NEWS_URL,
    RESULTS_URL,
    discover_tencent_ir,
    month_outside_window,
    parse_financial_news,
    upload_month,
)
from sources.errors import ConnectionFailed, HttpStatusError, LayoutChanged, ListingError
from sources.http import HttpClient
from sources.replay import ReplayAdapter


def read(name: str) -> bytes:
    return (CASES / name).read_bytes()


def test_results_page_keeps_each_release_pdf_with_its_heading():
    kept, _ = parse_financial_news(read("tencent_ir_results_2026.html"), RESULTS_URL, "utf-8")
    ir = [c for c in kept if c.source == "tencent_ir"]
    assert [(c.period_code, c.published_at, c.url.rsplit("/", 1)[1]) for c in ir] == [
        ("2Q2026", date(2026, 8, 12), "Tencent-Announces-2026-Second-Quarter-Results.pdf"),
        ("1Q2026", date(2026, 5, 13), "47382ae415a209fd161bc19a1f9b3704.pdf"),
        ("3Q2025", date(2025, 11, 13), "a33b6f19738615834787623f17d20ba3.pdf"),
    ]
    assert ir[0].url.startswith("https://www.tencent.com/wp-content/uploads/2026/08/")
    assert ir[0].title == "Tencent Announces 2026 Second Quarter Results"
    assert all(c.kind_hint == "results_release_en" and c.language == "en" for c in ir)


def test_a_release_listed_only_by_its_hkex_announcement_is_read_from_hkex():
    kept, _ = parse_financial_news(read("tencent_ir_results_2026.html"), RESULTS_URL, "utf-8")
    (hkex,) = [c for c in kept if c.source == "hkex"]
    assert hkex.url == "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0318/2026031800388.pdf"
    assert (hkex.period_code, hkex.kind_hint, hkex.published_at) == ("FY2025", "hkex_announcement", date(2026, 3, 18))


def test_results_page_turns_away_presentations_notices_and_duplicates():
    kept, rejected = parse_financial_news(read("tencent_ir_results_2026.html"), RESULTS_URL, "utf-8")
    reasons = {r.url.rstrip("/").rsplit("/", 1)[-1]: r.reason for r in rejected}
    assert reasons["2Q26-earnings-PPT_20260812_1800-88b183.pdf"] == "results-related material, not the results release"
    assert reasons["2026081200296.pdf"] == "HKEX announcement of a release listed here (read from HKEX)"
    assert reasons["webcast"] == "results-related material, not the results release"
    urls = [c.url for c in kept] + [r.url for r in rejected]
    assert not any("5d1e9a0c7b3f" in u for u in urls), "a date notice's section is not a release"
    assert not any("Privacy-Policy" in u for u in urls), "footer links end the last section"
    assert len(kept) == 4 and len(rejected) == 5


def test_heading_that_is_itself_the_release_link():
    page = ('<h3><a href="https://static.www.tencent.com/uploads/2024/05/14/aaaabbbbccccddddeeeeffff00001111.pdf">'
            "Tencent Announces 2024 First Quarter Results</a></h3><h3>Contact</h3>")
    (cand,), rejected = parse_financial_news(page, RESULTS_URL)
    assert (cand.period_code, cand.published_at, rejected) == ("1Q2024", date(2024, 5, 14), [])


def test_release_heading_without_any_document_is_reported():
    page = "<h2>Tencent Announces 2026 Third Quarter Results</h2><p>Coming soon</p>"
    kept, (rejected,) = parse_financial_news(page, RESULTS_URL)
    assert kept == [] and rejected.reason == "release heading without a release PDF or HKEX announcement"


def test_wordpress_upload_month_bounds_the_window():
    url = "https://www.tencent.com/wp-content/uploads/2026/08/Tencent-Announces-2026-Second-Quarter-Results.pdf"
    assert upload_month(url) == (2026, 8)
    assert upload_month("https://www.tencent.com/en-us/investors/results/") is None
    assert month_outside_window(url, date(2026, 8, 31), date(2026, 12, 31)) is None
    assert month_outside_window(url, date(2026, 9, 1), date(2026, 12, 31)) == "uploaded 2026-08, before 2026-09-01"
    assert month_outside_window(url, date(2025, 1, 1), date(2026, 7, 31)) == "uploaded 2026-08, after 2026-07-31"
    assert month_outside_window("https://www.tencent.com/wp-content/uploads/2026/12/x.pdf", date(2026, 12, 31),
                                date(2027, 1, 1)) is None


def ir_site(root: Path, pages: dict[str, tuple[str, bytes]]) -> HttpClient:
    """A client replaying the given IR pages (url -> file name and bytes); other URLs answer 404."""
    folder = root / "ir"
    folder.mkdir(parents=True)
    entries = []
    for url, (name, body) in pages.items():
        (folder / name).write_bytes(body)
        entries.append({"url": url, "file": name, "content_type": "text/html; charset=utf-8"})
    (folder / "index.json").write_text(json.dumps(entries))
    return HttpClient(adapter=ReplayAdapter(root), rate_per_host=0, backoff=0)


def test_discover_reads_the_results_page_first(tmp_path):
    client = ir_site(tmp_path, {
        RESULTS_URL: ("results.html", read("tencent_ir_results_2026.html")),
        FINANCIAL_NEWS_URL: ("news.html", read("tencent_ir_financial_news.html")),
    })
    kept, rejected = discover("tencent_ir", client, since=date(2026, 1, 1), as_of=date(2026, 9, 30))
    assert [c.period_code for c in kept] == ["2Q2026", "1Q2026", "FY2025"]
    assert [u for u in client.adapter.served] == [RESULTS_URL]
    assert any(r.reason.startswith("published 2025-11-13, before") for r in rejected)


def test_discover_falls_back_to_the_financial_news_page(tmp_path):
    client = ir_site(tmp_path, {FINANCIAL_NEWS_URL: ("news.html", read("tencent_ir_financial_news.html"))})
    kept, _ = discover_tencent_ir(client, since=date(2025, 1, 1), as_of=date(2025, 12, 31))
    assert [c.period_code for c in kept] == ["3Q2025", "2Q2025", "1Q2025", "FY2024"]


def test_a_redesign_neither_layout_reads_fails_the_listing(tmp_path):
    shell = b'<html><body><div id="app"></div><script src="/wp-content/themes/t/app.js"></script></body></html>'
    client = ir_site(tmp_path, {RESULTS_URL: ("results.html", shell), FINANCIAL_NEWS_URL: ("news.html", shell)})
    with pytest.raises(LayoutChanged) as info:
        discover("tencent_ir", client, since=date(2025, 1, 1), as_of=date(2026, 12, 31))
    message = str(info.value)
    assert "\n" not in message and "HKEX stays the source of results" in message
    assert message.count("no results items") == 2 and message.endswith(RESULTS_URL)


def test_both_pages_gone_fails_the_listing(tmp_path):
    (tmp_path / "empty").mkdir()
    client = HttpClient(adapter=ReplayAdapter(tmp_path), rate_per_host=0, backoff=0)
    with pytest.raises(LayoutChanged) as info:
        discover_tencent_ir(client, since=date(2025, 1, 1), as_of=date(2026, 12, 31))
    assert str(info.value).count("HTTP 404") == 2


def test_no_network_is_not_retried_on_the_second_page():
    class Offline:
        allowed_hosts = None
        transport = "live"

        def __init__(self) -> None:
            self.asked: list[str] = []

        def get(self, url: str, **_: object):
            self.asked.append(url)
            raise ConnectionFailed(url, "no route to host")

    client = Offline()
    with pytest.raises(ConnectionFailed):
        discover_tencent_ir(client, since=date(2025, 1, 1), as_of=date(2026, 12, 31))  # type: ignore[arg-type]
    assert client.asked == [RESULTS_URL]


def test_hostile_nesting_on_the_results_page_is_a_listing_error():
    page = "<div>" * 300 + "<h2>Tencent Announces 2026 Second Quarter Results</h2>" + "</div>" * 300
    with pytest.raises(ListingError, match="nested more than 256 elements deep"):
        parse_financial_news(page, RESULTS_URL)


def test_a_blocked_results_page_is_not_taken_for_a_redesign():
    class Blocked:
        allowed_hosts = None
        transport = "live"

        def get(self, url: str, **_: object):
            raise HttpStatusError(url, 403)

    with pytest.raises(HttpStatusError) as info:
        discover_tencent_ir(Blocked(), since=date(2025, 1, 1), as_of=date(2026, 12, 31))  # type: ignore[arg-type]
    assert info.value.status == 403
