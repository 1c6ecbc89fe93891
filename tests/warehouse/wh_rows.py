"""Builders of small contract rows for the warehouse tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from transforms.normalise.periods import from_label

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def doc_id(name: str) -> str:
    """A sha256 hex standing for a document named `name`."""
    return hashlib.sha256(name.encode()).hexdigest()


def fact(
    *,
    metric: str = "revenue",
    segment: str = "total",
    basis: str = "na",
    measure: str = "value",
    period: str = "2024Q1",
    value: float,
    reported_text: str,
    doc: str = "doc-a",
    published: str = "2024-05-14",
    entity: str = "tencent",
    unit: str | None = None,
    qualifier: str = "eq",
    is_estimate: bool = False,
    source: str = "hkex",
    locator: str = "table1/r1/c1",
    snippet: str | None = None,
) -> dict[str, Any]:
    """One facts row with sensible defaults."""
    p = from_label(period)
    did = doc_id(doc)
    return {
        "fact_id": hashlib.sha256(
            f"{did}|{locator}|{entity}|{metric}|{segment}|{basis}|{measure}|{period}".encode()
        ).hexdigest()[:32],
        "entity": entity,
        "metric": metric,
        "segment": segment,
        "basis": basis,
        "measure": measure,
        "period_type": p.type,
        "period_start": p.start,
        "period_end": p.end,
        "period_label": p.label,
        "value": float(value),
        "unit": unit or ("pct" if measure != "value" else "CNY"),
        "qualifier": qualifier,
        "is_estimate": is_estimate,
        "reported_text": reported_text,
        "locator": locator,
        "snippet": snippet if snippet is not None else f"... {reported_text} ...",
        "doc_id": did,
        "source": source,
        "published_at": date.fromisoformat(published),
        "parser_version": "1",
        "extracted_at": NOW,
    }


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame of rows."""
    return pd.DataFrame(rows)


def run_row(run_id: str = "r1", **kw: Any) -> dict[str, Any]:
    """One runs row."""
    row = {
        "run_id": run_id,
        "flow_run_id": None,
        "started_at": NOW,
        "finished_at": NOW,
        "status": "ok",
        "source": "snapshot",
        "docs_seen": 3,
        "docs_new": 3,
        "docs_unchanged": 0,
        "docs_failed": 0,
        "facts_written": 2,
        "metrics_written": 0,
        "code_version": "0.1.0",
    }
    row.update(kw)
    return row


def document_row(name: str = "doc-a", **kw: Any) -> dict[str, Any]:
    """One documents row."""
    did = doc_id(name)
    row = {
        "doc_id": did,
        "source": "hkex",
        "url": "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0514/2024051400123.pdf",
        "title": "Announcement",
        "published_at": date(2024, 5, 14),
        "fetched_at": NOW,
        "content_type": "application/pdf",
        "byte_size": 1234,
        "raw_path": f"raw/{did[:2]}/{did}.pdf",
        "parser": "hkex",
        "parser_version": "1",
        "status": "parsed",
        "error": None,
        "fact_count": 2,
        "origin": "fetched",
    }
    row.update(kw)
    return row


def held_row(name: str = "doc-a", **kw: Any) -> dict[str, Any]:
    """One held row: a profit figure a document stated without its basis."""
    row = {
        "doc_id": doc_id(name),
        "url": None,
        "source": "prnewswire",
        "published_at": date(2024, 5, 14),
        "reported_text": "RMB52.6 billion",
        "locator": "highlights; chars 310-325",
        "snippet": "Operating profit was RMB52.6 billion, up 38% year-on-year.",
        "reason": "basis (IFRS or non-IFRS) not stated",
        "entity": None,
        "metric": None,
        "segment": None,
        "basis": None,
        "measure": None,
        "period_label": None,
        "parser_version": "results_release_en/9",
        "extracted_at": NOW,
        "run_id": "r1",
    }
    row.update(kw)
    return row
