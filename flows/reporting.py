"""The report after a publish: drawn whenever it is older than the tables, never failing a committed run."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from report.page import INDEX_FILE, REPORT_DIR, Report, build_report
from warehouse.asof import current_tables
from warehouse.duck import DB_NAME, rebuild_duckdb
from warehouse.publish import Stage, publish, read_table

REPORT_CHECK = "report_drawn"


def report_is_current(data_dir: Path) -> bool:
    """Whether reports/index.html exists and is newer than every published table (no tables: nothing to draw)."""
    tables = [p for p in current_tables(data_dir).values() if p is not None]
    index = Path(data_dir) / REPORT_DIR / INDEX_FILE
    if not tables:
        return True
    if not index.is_file():
        return False
    return index.stat().st_mtime_ns >= max(p.stat().st_mtime_ns for p in tables)


def failed_in_run(data_dir: Path, run_id: str) -> bool:
    """Whether this run already recorded that its report could not be drawn."""
    checks = read_table(data_dir, "quality_checks")
    mine = checks[(checks["run_id"] == run_id) & (checks["check"] == REPORT_CHECK)]
    return bool((mine["status"] == "fail").any())


def record_failure(data_dir: Path, run_id: str, reason: str) -> None:
    """Add a failed `report_drawn` warning of the run to the published quality_checks."""
    row = {"run_id": run_id, "check": REPORT_CHECK, "table": "report", "severity": "warn", "status": "fail",
           "failing_rows": 1, "details": f"the report could not be drawn: {reason}", "checked_at": datetime.now(UTC)}
    checks = pd.concat([read_table(data_dir, "quality_checks"), pd.DataFrame([row])], ignore_index=True)
    stage = Stage(data_dir, f"{run_id}-report")
    stage.write("quality_checks", checks)
    publish(stage, ["quality_checks"])


def draw_report(logger: logging.Logger, data_dir: Path, run_id: str, held: list[str] | None = None) -> Report | None:
    """Draw the report from the published tables; a failure is a warning and a quality_checks row, not an error."""
    try:
        return build_report(data_dir, held=held)
    except Exception as exc:  # the tables are committed: nothing about drawing them may fail the run
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        logger.warning("report not drawn: %s", reason)
        try:
            record_failure(data_dir, run_id, reason)
        except Exception as inner:  # the warning above stands; the next run or `report` tries again
            logger.warning("report failure not recorded in quality_checks: %s", inner)
        return None


def refresh_report(logger: logging.Logger, data_dir: Path, run_id: str, held: list[str] | None = None) -> None:
    """Draw the report again (and the DuckDB views) when it is missing or older than the tables; never raises."""
    root = Path(data_dir)
    try:
        if report_is_current(root) or failed_in_run(root, run_id):
            return
        if not (root / DB_NAME).is_file():
            rebuild_duckdb(root)
    except Exception as exc:  # the run's tables are committed; the next run or `report` tries again
        logger.warning("report not checked for freshness: %s", " ".join(str(exc).split())[:300])
        return
    if draw_report(logger, root, run_id, held) is not None:
        logger.info("report drawn again: it was missing or older than the tables")
