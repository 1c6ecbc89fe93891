"""Rows a run writes about itself: its `runs` row and the warning rows of `quality_checks` it computes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import pandas as pd

from warehouse.checks import MAX_LISTED

# The counters a `runs` row carries, in the order of the table.
RUN_COUNTS = ("docs_seen", "docs_new", "docs_unchanged", "docs_failed", "facts_written", "metrics_written")


def run_row(run_id: str, flow_run_id: str, started: datetime, finished: datetime, status: str, source: str,
            counts: Mapping[str, int], code_version: str) -> dict:
    """One `runs` row: who ran, when, from which source, what it counted and with which code."""
    return {"run_id": run_id, "flow_run_id": flow_run_id, "started_at": started, "finished_at": finished,
            "status": status, "source": source, **{name: int(counts.get(name, 0)) for name in RUN_COUNTS},
            "code_version": code_version}


def with_rows(table: pd.DataFrame, rows: Sequence[dict]) -> pd.DataFrame:
    """A table with rows appended."""
    return pd.concat([table, pd.DataFrame(list(rows))], ignore_index=True) if rows else table


def warning_row(run_id: str, check: str, table: str, failing: int, details: str, checked_at: datetime) -> dict:
    """One warning-level `quality_checks` row a run computes itself (fails when `failing` is not zero)."""
    return {"run_id": run_id, "check": check, "table": table, "severity": "warn",
            "status": "fail" if failing else "pass", "failing_rows": failing, "details": details,
            "checked_at": checked_at}


def growth_row(run_id: str, mismatches: int, details: str, checked_at: datetime) -> dict:
    """The check that every growth computed from two stated values agrees with the growth stated."""
    details = details if mismatches else "every computed growth agrees with the stated one"
    return warning_row(run_id, "computed_growth_matches_reported", "metrics", mismatches, details, checked_at)


def sources_row(run_id: str, failures: Sequence[str], checked_at: datetime) -> dict:
    """The check that every listing was read and every listed document fetched, naming what was not."""
    more = f"; ... {len(failures) - MAX_LISTED} more" if len(failures) > MAX_LISTED else ""
    details = "; ".join(failures[:MAX_LISTED]) + more or "every listing read and every listed document fetched"
    return warning_row(run_id, "sources_read", "documents", len(failures), details, checked_at)
