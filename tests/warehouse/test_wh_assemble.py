"""Document rows: the origin of the bytes and the url that is published for them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from warehouse.assemble import FetchedDoc, document_row, public_url
from warehouse.schemas import validate


def fetched(url: str, origin: str) -> FetchedDoc:
    """A stored document with the given key and origin."""
    return FetchedDoc(doc_id="d" * 64, source="hkex", url=url, title="Results", published_at=date(2024, 5, 14),
                      fetched_at=datetime(2024, 5, 15, tzinfo=UTC), content_type="application/pdf",
                      byte_size=10, raw_path=f"raw/dd/{'d' * 64}.pdf", origin=origin)


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://values.fun/reports/00700/2024Q1.sc.html", "https://values.fun/reports/00700/2024Q1.sc.html"),
        ("https://snapshot.invalid/hkex/hkex_2024Q1_results_en.pdf", None),
        ("https://docs.example.invalid/a.pdf", None),
        ("https://SNAPSHOT.INVALID/x", None),
        ("inbox:notes.html", "inbox:notes.html"),
        ("", None),
        ("https://invalid.example.com/a", "https://invalid.example.com/a"),
    ],
)
def test_public_url_never_publishes_a_reserved_key(url, published):
    assert public_url(url) == published


def test_document_row_carries_origin_and_drops_the_local_key():
    row = document_row(fetched("https://snapshot.invalid/hkex/q1.pdf", "reconstructed"), None)
    assert row["origin"] == "reconstructed" and row["url"] is None
    live = document_row(fetched("https://www.stats.gov.cn/sj/zxfb/a.html", "fetched"), None)
    assert live["origin"] == "fetched" and live["url"] == "https://www.stats.gov.cn/sj/zxfb/a.html"
    checked = validate("documents", pd.DataFrame([row, {**live, "doc_id": "e" * 64}]))
    assert checked["origin"].tolist() == ["reconstructed", "fetched"]
