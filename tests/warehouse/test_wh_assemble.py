"""Document rows (the origin of the bytes, the url published for them) and the held rows of parse outputs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from warehouse.assemble import FetchedDoc, assemble_held, document_row, public_url
from warehouse.parsed import ParsedDoc
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


def _parsed(doc_id: str, held: list[dict]) -> ParsedDoc:
    """A parse output of a results release holding `held` back."""
    return ParsedDoc(doc_id, "results_release_en", "7", "parsed", published_at="2024-05-14",
                     extracted_at="2024-05-15T08:00:00+00:00", held=held)


def test_held_rows_keep_what_is_known_and_null_what_the_contract_does_not_allow():
    doc = fetched("https://snapshot.invalid/hkex/q1.pdf", "reconstructed")
    held = [
        {"reason": "basis (IFRS or non-IFRS) not stated", "reported_text": "RMB52.6 billion", "locator": "chars 9-24",
         "snippet": "Operating profit came to RMB52.6 billion.", "entity": "tencent", "metric": "operating_profit",
         "segment": "total", "basis": None, "measure": "value", "period_label": "2024Q1"},
        {"reason": "invalid fact: entity='alibaba' is not in the vocabulary", "reported_text": "3%", "locator": "p1",
         "snippet": "x" * 300, "entity": "alibaba", "metric": "revenue"},
        {"reason": "", "reported_text": "12", "locator": "p2"},
    ]
    frame = assemble_held(pd.DataFrame(), [doc], {doc.doc_id: _parsed(doc.doc_id, held)}, "run-1")
    checked = validate("held", frame)
    assert len(checked) == 3 and (checked["run_id"] == "run-1").all() and checked["url"].isna().all()
    first, second, third = (checked.iloc[i] for i in range(3))
    assert first["metric"] == "operating_profit" and first["period_label"] == "2024Q1" and pd.isna(first["basis"])
    assert first["parser_version"] == "results_release_en/7" and first["published_at"] == date(2024, 5, 14)
    assert pd.isna(second["entity"]) and second["metric"] == "revenue" and pd.isna(second["snippet"])
    assert third["reason"] == "no reason given" and pd.isna(third["entity"])


def test_held_rows_of_documents_not_read_again_are_kept_and_of_reread_ones_replaced():
    doc = fetched("inbox:q1.txt", "inbox")
    item = {"reason": "period not certain", "reported_text": "RMB25.0 billion", "locator": "p3"}
    first = assemble_held(pd.DataFrame(), [doc], {doc.doc_id: _parsed(doc.doc_id, [item, item])}, "run-1")
    assert len(first) == 1, "an exact repeat is one row"
    later = assemble_held(validate("held", first), [], {}, "run-2")
    assert later["run_id"].tolist() == ["run-1"]
    again = assemble_held(validate("held", first), [doc], {doc.doc_id: _parsed(doc.doc_id, [])}, "run-3")
    assert again.empty
