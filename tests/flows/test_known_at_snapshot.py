"""--known-at on the bundled snapshot: the 2023Q1 operating profit before and after the release that restated it."""

from __future__ import annotations

import contextlib
import io

import pandas as pd
import pytest

from flows.cli import main

pytestmark = pytest.mark.flow

SQL = ("SELECT basis, value, restated, published_at FROM facts_latest WHERE entity = 'tencent' "
       "AND metric = 'operating_profit' AND segment = 'total' AND measure = 'value' AND period_label = '2023Q1'")


def _known_at(data_dir, day: str) -> dict[str, pd.Series]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["query", "--csv", "--known-at", day, SQL, "--data-dir", str(data_dir)]) == 0
    rows = pd.read_csv(io.StringIO(out.getvalue()))
    return {r["basis"]: r for _, r in rows.iterrows()}


def test_operating_profit_2023q1_as_known_before_and_after_its_restatement(snapshot_runs):
    before = _known_at(snapshot_runs["dir"], "2023-11-01")
    after = _known_at(snapshot_runs["dir"], "2024-06-01")
    assert before["non_ifrs"]["value"] == 48.4e9 and before["ifrs"]["value"] == 40.4e9
    assert not before["non_ifrs"]["restated"] and before["non_ifrs"]["published_at"] <= "2023-11-01"
    assert after["non_ifrs"]["value"] == 45_028e6 and after["ifrs"]["value"] == 38_042e6
    assert after["non_ifrs"]["restated"] and after["ifrs"]["restated"]
    now = pd.read_parquet(snapshot_runs["dir"] / "tables" / "facts.parquet")
    assert (pd.to_datetime(now["published_at"]) > "2023-11-01").any()  # later documents exist and were left out
