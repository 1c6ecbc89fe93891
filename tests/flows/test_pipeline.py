"""End-to-end: the whole pipeline on the bundled snapshot, as `make run` does it."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.flow

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "tencent_quarterly.csv"
CONTRACT_TABLES = ("documents", "facts", "facts_latest", "metrics", "events", "quality_checks", "runs")

# reference metric -> (entity, metric, segment, basis)
CORE = {
    "total_revenue": ("tencent", "revenue", "total", "na"),
    "vas_revenue": ("tencent", "revenue", "vas", "na"),
    "marketing_services_revenue": ("tencent", "revenue", "marketing_services", "na"),
    "fintech_business_services_revenue": ("tencent", "revenue", "fintech_business_services", "na"),
    "others_revenue": ("tencent", "revenue", "others", "na"),
    "domestic_games_revenue": ("tencent", "revenue", "domestic_games", "na"),
    "international_games_revenue": ("tencent", "revenue", "international_games", "na"),
    "social_networks_revenue": ("tencent", "revenue", "social_networks", "na"),
    "gross_profit": ("tencent", "gross_profit", "total", "na"),
    "operating_profit_non_ifrs": ("tencent", "operating_profit", "total", "non_ifrs"),
    "weixin_mau": ("weixin", "mau", "total", "na"),
}
SCALE = {"RMB_mn": 1e6, "RMB_bn": 1e9, "RMB_100mn": 1e8, "mn": 1e6}


def reference_rows():
    """A/B rows of the core metrics for 2018Q1-2025Q3, with the restated value where one exists."""
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    restated = {
        (r["period"], r["metric"].removesuffix("_restated")): r
        for r in rows
        if r["metric"].endswith("_restated") and r["confidence"] in ("A", "B")
    }
    out = []
    for r in rows:
        if r["metric"] not in CORE or r["confidence"] not in ("A", "B") or not r["value"]:
            continue
        if not ("2018Q1" <= r["period"] <= "2025Q3"):
            continue
        out.append(restated.get((r["period"], r["metric"]), r))
    return out


def printed_tolerance(value_text: str, scale: float) -> float:
    places = len(value_text.split(".", 1)[1]) if "." in value_text else 0
    return 0.5 * 10 ** (-places) * scale + 1e-6


def test_every_contract_table_is_published_and_readable(snapshot_runs):
    tables = snapshot_runs["dir"] / "tables"
    for name in CONTRACT_TABLES:
        path = tables / f"{name}.parquet"
        assert path.exists(), name
        frame = pd.read_parquet(path)
        assert len(frame.columns) > 0
        count = duckdb.connect().execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
        assert count == len(frame)
        assert not any(str(t) == "category" for t in frame.dtypes), name
        pq.read_table(path)
    assert not list(tables.glob("*.tmp*")) and not list(tables.glob(".*.parquet"))


def test_first_run_is_clean(snapshot_runs):
    first = snapshot_runs["first"]
    assert first["status"] == "ok", first["failures"]
    assert first["exit_code"] == 0
    assert first["docs_failed"] == 0
    assert first["docs_seen"] >= 30


def test_bundled_documents_say_reconstructed_and_publish_no_made_up_address(snapshot_runs):
    from sources.replay import load_snapshot

    docs = pd.read_parquet(snapshot_runs["dir"] / "tables" / "documents.parquet")
    assert (docs.origin == "reconstructed").all()
    bundled = {e.url for e in load_snapshot() if e.family != "listings" and e.status == 200}
    real = {u for u in bundled if not u.startswith("https://snapshot.invalid/")}
    published = set(docs.url.dropna())
    assert published and published <= real
    assert docs.url.isna().sum() >= 1 and not any(".invalid" in u for u in published)
    report = (snapshot_runs["dir"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"{len(docs)} of the documents behind these tables are reconstructions" in report


def test_facts_latest_carries_every_core_reference_figure(snapshot_runs):
    fl = pd.read_parquet(snapshot_runs["dir"] / "tables" / "facts_latest.parquet")
    fl = fl[fl.measure == "value"]
    index = {(r.entity, r.metric, r.segment, r.basis, r.period_label): r.value for r in fl.itertuples()}
    missing, wrong = [], []
    for ref in reference_rows():
        entity, metric, segment, basis = CORE[ref["metric"].removesuffix("_restated")]
        key = (entity, metric, segment, basis, ref["period"])
        expected = float(ref["value"]) * SCALE[ref["unit"]]
        if key not in index:
            missing.append((ref["period"], ref["metric"], ref["value"], ref["unit"]))
        elif abs(index[key] - expected) > printed_tolerance(ref["value"], SCALE[ref["unit"]]):
            wrong.append((ref["period"], ref["metric"], ref["value"], index[key]))
    assert not wrong, wrong
    assert not missing, missing


def test_restated_operating_profit_keeps_history(snapshot_runs):
    tables = snapshot_runs["dir"] / "tables"
    fl = pd.read_parquet(tables / "facts_latest.parquet")
    row = fl[(fl.entity == "tencent") & (fl.metric == "operating_profit") & (fl.basis == "ifrs")
             & (fl.measure == "value") & (fl.period_label == "2023Q1")].iloc[0]
    assert row.value == 38_042e6
    assert bool(row.restated)
    assert str(row.first_published_at)[:10] == "2023-05-17"
    facts = pd.read_parquet(tables / "facts.parquet")
    history = facts[(facts.entity == "tencent") & (facts.metric == "operating_profit") & (facts.basis == "ifrs")
                    & (facts.measure == "value") & (facts.period_label == "2023Q1")]
    assert {round(v / 1e8) for v in history.value} >= {404, 380}


def test_ad_revenue_growth_for_every_quarter_with_a_source(snapshot_runs):
    metrics = pd.read_parquet(snapshot_runs["dir"] / "tables" / "metrics.parquet")
    ad = metrics[metrics.metric_id == "ad_revenue_yoy_pct"].set_index("period_label")
    quarters = [f"{y}Q{q}" for y in range(2023, 2026) for q in range(1, 5)][1:-1]  # 2023Q2 .. 2025Q3
    levels = _reference_levels("marketing_services_revenue")
    quarters += [q for q in levels if _prior(q, 4) in levels]
    assert {"2020Q1", "2020Q2"} <= set(quarters)
    assert [q for q in quarters if q not in ad.index] == []
    for label in quarters:
        assert not math.isnan(ad.loc[label, "value"])
    # the stated growth where the computed one's rounding allows it, the computed one beside it
    assert (ad.loc["2023Q2", "method"], ad.loc["2023Q2", "value"]) == ("reported", 34.0)
    assert ad.loc["2023Q2", "computed_value"] == pytest.approx(34.13, abs=0.01)
    assert (ad.loc["2023Q4", "method"], ad.loc["2023Q4", "value"]) == ("reported", 21.0)
    assert ad.loc["2023Q4", "computed_value"] == pytest.approx(21.65, abs=0.01)
    assert ad.loc["2023Q4", "computed_low"] == pytest.approx(21.43, abs=0.01)
    assert ad.loc["2023Q4", "computed_high"] == pytest.approx(21.88, abs=0.01)
    from transforms.derive.metrics import METRIC_IDS

    assert set(metrics.metric_id) <= set(METRIC_IDS)
    computed = metrics.dropna(subset=["computed_value"])
    assert computed[["computed_low", "computed_high"]].notna().all().all()
    assert ((computed.computed_low <= computed.computed_value) & (computed.computed_value <= computed.computed_high)).all()


def test_channels_time_spent_2024q1_is_a_floor(snapshot_runs):
    metrics = pd.read_parquet(snapshot_runs["dir"] / "tables" / "metrics.parquet")
    row = metrics[(metrics.metric_id == "channels_time_spent_yoy_pct") & (metrics.period_label == "2024Q1")].iloc[0]
    assert (row.value, row.qualifier) == (80.0, "gt")


def test_second_run_parses_nothing_and_publishes_identical_facts(snapshot_runs):
    second = snapshot_runs["second"]
    assert second["docs_new"] == 0
    assert second["docs_unchanged"] == snapshot_runs["first"]["docs_seen"]
    after = pd.read_parquet(snapshot_runs["dir"] / "tables" / "facts.parquet")
    before = snapshot_runs["facts_first"]
    key = ["fact_id"]
    pd.testing.assert_frame_equal(
        before.sort_values(key).reset_index(drop=True), after.sort_values(key).reset_index(drop=True)
    )
    runs = pd.read_parquet(snapshot_runs["dir"] / "tables" / "runs.parquet")
    assert list(runs.status) == ["ok", "ok"]


def test_report_and_duckdb_are_built(snapshot_runs):
    root = snapshot_runs["dir"]
    html = (root / "reports" / "index.html").read_text(encoding="utf-8")
    for png in ("marketing_services.png", "channels_time_spent.png", "segment_mix.png", "live_ecommerce.png"):
        assert (root / "reports" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png in html
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM facts_latest").fetchone()[0] > 100


def _reference_levels(metric: str) -> dict[str, tuple[float, float]]:
    """Reference A/B levels of one core metric by quarter: (value in CNY, half a printed unit)."""
    return {
        r["period"]: (float(r["value"]) * SCALE[r["unit"]], printed_tolerance(r["value"], SCALE[r["unit"]]))
        for r in reference_rows()
        if r["metric"].removesuffix("_restated") == metric
    }


def _prior(label: str, quarters: int) -> str:
    y, q = int(label[:4]), int(label[5])
    n = y * 4 + (q - 1) - quarters
    return f"{n // 4}Q{n % 4 + 1}"


def test_revenue_ttm_and_growth_equal_the_reference_quarters_they_come_from(snapshot_runs):
    metrics = pd.read_parquet(snapshot_runs["dir"] / "tables" / "metrics.parquet")
    total = metrics[metrics.segment == "total"]
    ttm = total[total.metric_id == "revenue_ttm"].set_index("period_label")
    yoy = total[total.metric_id == "revenue_yoy_pct"].dropna(subset=["computed_value"]).set_index("period_label")
    ref = _reference_levels("total_revenue")
    checked_ttm = checked_yoy = 0
    for label in ref:
        chain = [_prior(label, k) for k in range(4)]
        if all(q in ref for q in chain):
            expected = sum(ref[q][0] for q in chain)
            assert ttm.loc[label, "value"] == pytest.approx(expected, abs=sum(ref[q][1] for q in chain)), label
            checked_ttm += 1
        before = _prior(label, 4)
        if before in ref:
            expected = (ref[label][0] / ref[before][0] - 1) * 100
            assert yoy.loc[label, "computed_value"] == pytest.approx(expected, abs=0.01), label
            checked_yoy += 1
    assert checked_ttm >= 20 and checked_yoy >= 20
