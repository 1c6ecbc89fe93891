"""How a run accounts for what it could not read: one line per listing, per document or per source, and counts that add up."""

from __future__ import annotations

from datetime import date

from flows import steps
from flows.cli import summary_line
from sources.discovery import Candidate, Rejected
from sources.errors import ConnectionFailed
from sources.fetching import NotFetched


def test_a_listing_that_raises_is_one_failure_line_named_by_its_source(monkeypatch):
    def down(source, client, **kw):
        raise ConnectionFailed("https://www.tencent.com/en-us/investors/financial-news.html", "refused")

    monkeypatch.setattr(steps, "discover", down)
    listing = steps.discover_source("tencent_ir", None, date(2024, 1, 1), date(2024, 12, 31))
    assert listing.candidates == [] and listing.rejected == []
    assert listing.failures == ["tencent_ir: connection failed (refused): "
                                "https://www.tencent.com/en-us/investors/financial-news.html"]


def test_a_listing_read_in_part_keeps_its_candidates_and_reports_the_unread_part(monkeypatch):
    found = [Candidate(url="https://36kr.com/p/1", source="article")]
    refused = [Rejected("https://36kr.com/feed", None, "feed unavailable: timed out", failure=True),
               Rejected("https://x.example/a", None, "host 'x.example' is not in the allowlist")]
    monkeypatch.setattr(steps, "discover", lambda source, client, **kw: (found, refused))
    listing = steps.discover_source("articles", None, date(2024, 1, 1), date(2024, 12, 31))
    assert listing.candidates == found
    assert [r.url for r in listing.rejected] == ["https://x.example/a"]
    assert listing.failures == ["articles: feed unavailable: timed out"]


def test_documents_never_asked_are_one_line_per_source_and_reason():
    def missed(i: int, source: str, tried: bool, reason: str) -> NotFetched:
        return NotFetched(Candidate(url=f"https://h{i}.example/", source=source), reason, tried)

    lines = steps.fetch_failure_lines([
        missed(0, "nbs", True, "connection failed: https://h0.example/"),
        missed(1, "nbs", False, "no network"),
        missed(2, "nbs", False, "no network"),
        missed(3, "article", False, "no network"),
        missed(4, "article", False, "h4.example could not be reached earlier in this run"),
    ])
    assert lines == [
        "connection failed: https://h0.example/",
        "nbs: 2 documents not tried: no network",
        "article: 1 document not tried: no network",
        "article: 1 document not tried: h4.example could not be reached earlier in this run",
    ]


def test_the_summary_line_adds_up():
    outcome = {
        "run_id": "r", "status": "partial", "docs_listed": 12, "docs_not_fetched": 3, "listings_failed": 1,
        "docs_seen": 9, "docs_new": 4, "docs_unchanged": 5, "docs_failed": 1, "facts_written": 40,
        "metrics_written": 7, "held": ["a"], "message": "",
        "failures": ["listing failed: hkex: timed out", "fetch failed: u1: HTTP 404", "fetch failed: nbs: 2 documents "
                     "not tried: no network", "u2: PdfError: broken", "tables not shared: s3 refused"],
    }
    line = summary_line(outcome)
    assert line == ("run r: partial: 12 listed (9 fetched, 3 not fetched); 9 documents (4 parsed, 5 unchanged); "
                    "failures: 1 listings not read, 3 documents not fetched, 1 documents failed to parse, "
                    "1 other failures; 40 facts, 7 metrics, 1 values held back")
    clean = {**outcome, "status": "ok", "docs_not_fetched": 0, "listings_failed": 0, "docs_failed": 0,
             "docs_listed": 9, "failures": []}
    assert "; no failures; " in summary_line(clean)
