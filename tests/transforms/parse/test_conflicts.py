"""Two articles giving different 2023 Channels GMV: both stay in facts, facts_latest flags the conflict.

Test documents only: the LatePost-style "about RMB100bn" (grade B) and the 36Kr-style "over RMB300bn"
(grade C) of tests/reference/industry_metrics.csv."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from transforms.model import DocMeta
from transforms.parse import fact_rows, parse_document
from warehouse.latest import build_facts_latest

CASES = Path(__file__).resolve().parents[2] / "cases" / "articles"
KEY = ("wechat_channels", "gmv", "total", "na", "value", "2023")


def _rows(name: str) -> list[dict]:
    data = (CASES / name).read_bytes()
    result = parse_document(data, DocMeta(url=f"https://example.org/{name}", source="article",
                                          content_type="text/html; charset=utf-8"))
    return fact_rows(result, doc_id=hashlib.sha256(data).hexdigest(), source="article",
                     published_at=result.published_at, parser_version="article/1",
                     extracted_at=datetime(2025, 12, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return pd.DataFrame(_rows("conflict_gmv_about.html") + _rows("conflict_gmv_over.html"))


def _key(frame: pd.DataFrame) -> pd.DataFrame:
    cols = ["entity", "metric", "segment", "basis", "measure", "period_label"]
    return frame[(frame[cols] == pd.Series(KEY, index=cols)).all(axis=1)]


def test_both_values_stay_in_facts(facts):
    both = _key(facts).sort_values("published_at")
    assert [(r.value, r.qualifier, r.reported_text) for r in both.itertuples()] == [
        (1e11, "approx", "约1000亿元"),
        (3e11, "gt", "超过3000亿元"),
    ]


def test_facts_latest_flags_the_conflict(facts):
    latest = _key(build_facts_latest(facts))
    assert len(latest) == 1
    row = latest.iloc[0]
    assert bool(row.conflict)
    assert row.n_sources == 2


def test_agreeing_sources_raise_no_conflict(facts):
    about = facts[facts.reported_text == "约1000亿元"]
    again = about.assign(doc_id="0" * 64, published_at=facts.published_at.max(), fact_id="x" * 32)
    latest = _key(build_facts_latest(pd.concat([about, again], ignore_index=True)))
    assert not bool(latest.iloc[0].conflict)
