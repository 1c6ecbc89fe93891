"""Serving the published tables: warehouse.duckdb and the report, mended whenever missing, unreadable or stale."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from report.page import INDEX_FILE, REPORT_DIR, Report, build_report
from warehouse.asof import current_tables
from warehouse.duck import DB_NAME, duckdb_is_sound, rebuild_duckdb
from warehouse.publish import Stage, publish, read_table
from warehouse.runlog import warning_row, with_rows

REPORT_CHECK = "report_drawn"


# The only table the report does not draw from: a run that publishes nothing adds its row here, and the
# report shows the run that published the tables, so a new `runs` row alone leaves the report true.
UNDRAWN_TABLES = frozenset({"runs"})


def report_is_current(data_dir: Path) -> bool:
    """Whether reports/index.html exists and is newer than every published data table (no tables: nothing to draw)."""
    published = {t: p for t, p in current_tables(data_dir).items() if p is not None}
    index = Path(data_dir) / REPORT_DIR / INDEX_FILE
    if not published:
        return True
    if not index.is_file():
        return False
    drawn = [p for t, p in published.items() if t not in UNDRAWN_TABLES] or list(published.values())
    return index.stat().st_mtime_ns >= max(p.stat().st_mtime_ns for p in drawn)


def failed_in_run(data_dir: Path, run_id: str) -> bool:
    """Whether this run already recorded that its report could not be drawn."""
    checks = read_table(data_dir, "quality_checks")
    mine = checks[(checks["run_id"] == run_id) & (checks["check"] == REPORT_CHECK)]
    return bool((mine["status"] == "fail").any())


def record_failure(data_dir: Path, run_id: str, reason: str) -> None:
    """Add a failed `report_drawn` warning of the run to the published quality_checks."""
    row = warning_row(run_id, REPORT_CHECK, "report", 1, f"the report could not be drawn: {reason}", datetime.now(UTC))
    checks = with_rows(read_table(data_dir, "quality_checks"), [row])
    stage = Stage(data_dir, f"{run_id}-report")
    stage.write("quality_checks", checks)
    publish(stage, ["quality_checks"])


def draw_report(logger: logging.Logger, data_dir: Path, run_id: str, held: list[str] | None = None) -> Report | None:
    """Draw the report from the published tables; a failure is a warning and a quality_checks row, not an error."""
    try:
        return build_report(data_dir, held=held)
    except Exception as exc:  # the tables are committed: nothing about drawing them may fail the run
        reason = _reason(exc)
        logger.warning("report not drawn: %s", reason)
        try:
            record_failure(data_dir, run_id, reason)
        except Exception as inner:  # the warning above stands; the next run or `report` tries again
            logger.warning("report failure not recorded in quality_checks: %s", inner)
        return None


@dataclass(slots=True)
class Served:
    """What serving the published tables left: the report drawn now, failures of the run, and whether all is in place."""

    report: Report | None = None
    failures: list[str] = field(default_factory=list)
    complete: bool = True


def _reason(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def serve_duckdb(logger: logging.Logger, data_dir: Path, rebuild: bool) -> str | None:
    """Write warehouse.duckdb when asked or when it is missing or unreadable; a failure line, or None."""
    try:
        if rebuild or not duckdb_is_sound(data_dir):
            rebuild_duckdb(data_dir)
            if not rebuild:
                logger.warning("%s was missing or unreadable: written again", DB_NAME)
    except Exception as exc:  # disk full, permission denied, a broken table: the tables stay committed
        return f"{DB_NAME} not written: {_reason(exc)}"
    return None


def serve(logger: logging.Logger, data_dir: Path, run_id: str, held: list[str] | None = None,
          rebuild: bool = False) -> Served:
    """Make warehouse.duckdb and the report match the published tables (rebuild: after a publish); never raises."""
    root = Path(data_dir)
    served = Served()
    if not current_tables_exist(root):
        return served
    failed = serve_duckdb(logger, root, rebuild)
    if failed is not None:
        logger.warning(failed)
        served.failures.append(failed)
        served.complete = False
    try:
        stale = rebuild or not report_is_current(root)
        if stale and failed_in_run(root, run_id):
            served.complete = False
            return served
    except Exception as exc:  # the tables are committed; the next run or `report` tries again
        logger.warning("report not checked for freshness: %s", _reason(exc))
        served.complete = False
        return served
    if stale:
        served.report = draw_report(logger, root, run_id, held)
        served.complete = served.complete and served.report is not None
        if served.report is not None and not rebuild:
            logger.info("report drawn again: it was missing or older than the tables")
    return served


def current_tables_exist(data_dir: Path) -> bool:
    """Whether any table is published (nothing to serve before the first publish)."""
    return any(p is not None for p in current_tables(data_dir).values())
