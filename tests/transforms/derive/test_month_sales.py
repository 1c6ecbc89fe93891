"""Single months of NBS online retail, derived from consecutive year-to-date releases (never stated as facts).

The two releases are the snapshot's 2024 June and July NBS pages; their figures are the reference's
2024H1 and 2024-01..2024-07 rows (grade B, physical goods from those rows' notes)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from transforms.derive.metrics import derive_metrics, month_series
from transforms.model import DocMeta
from transforms.parse import parse_document

ROOT = Path(__file__).resolve().parents[3]
SNAPSHOT = ROOT / "sources" / "snapshot" / "nbs"
NOW = datetime(2025, 12, 1, tzinfo=UTC)


def _release_rows(name: str) -> list[dict]:
    entry = next(e for e in json.loads((SNAPSHOT / "index.json").read_text(encoding="utf-8")) if e["file"] == name)
    meta = DocMeta(url=entry["url"], source="nbs", title=entry["title"], content_type=entry["content_type"],
                   published_at=date.fromisoformat(entry["published_at"]))
    result = parse_document((SNAPSHOT / name).read_bytes(), meta)
    assert not [f for f in result.facts if f.period.type == "month"]
    rows = []
    for f in result.facts:
        row = f.record()
        row.update(fact_id=f"{name}:{f.locator}", doc_id=name)
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def facts_latest() -> pd.DataFrame:
    return pd.DataFrame(_release_rows("nbs_retail_2024_06.html") + _release_rows("nbs_retail_2024_07.html"))


def test_july_is_the_difference_of_the_two_cumulative_releases(facts_latest):
    metrics, _ = derive_metrics(facts_latest, run_id="r", computed_at=NOW)
    months = metrics[metrics.metric_id == "online_retail_month_sales"].set_index("entity")
    assert set(months.index) == {"china_online_retail", "china_online_retail_goods"}
    total = months.loc["china_online_retail"]
    assert total.period_label == "2024-07" and total.period_type == "month"
    assert total.value == pytest.approx(8.38e12 - 70991e8)
    assert (total.method, total.unit, total.qualifier) == ("computed", "CNY", "eq")
    assert total.formula == "sales[total]@2024-01..2024-07 - sales[total]@2024H1"
    assert len(total.inputs) == 2
    goods = months.loc["china_online_retail_goods"]
    assert goods.value == pytest.approx(7.01e12 - 59596e8)


def test_no_month_without_the_cumulative_release_just_before(facts_latest):
    only_july = facts_latest[facts_latest.period_label != "2024H1"]
    assert month_series(only_july, entity="china_online_retail") == []


def test_bounds_and_estimates_are_not_differenced(facts_latest):
    fl = facts_latest.copy()
    fl.loc[(fl.period_label == "2024H1") & (fl.entity == "china_online_retail"), "qualifier"] = "gt"
    fl.loc[(fl.period_label == "2024H1") & (fl.entity == "china_online_retail_goods"), "is_estimate"] = True
    assert month_series(fl, entity="china_online_retail") == []
    assert month_series(fl, entity="china_online_retail_goods") == []



def test_jan_feb_release_has_no_predecessor_to_difference():
    jan_feb = {"entity": "china_online_retail", "metric": "sales", "segment": "total", "measure": "value",
               "period_label": "2024-01..2024-02", "value": 2.15e12, "reported_text": "2.15万亿元", "qualifier": "eq",
               "is_estimate": False, "fact_id": "a", "doc_id": "a"}
    assert month_series(pd.DataFrame([jan_feb]), entity="china_online_retail") == []
