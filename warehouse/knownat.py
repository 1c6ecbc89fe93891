"""Point in time: every table as the documents published by a date stated it (no look-ahead)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from transforms.derive.metrics import derive_metrics
from warehouse.asof import current_tables, tables_as_of
from warehouse.checks import run_checks
from warehouse.errors import KnownAtError
from warehouse.latest import build_facts_latest
from warehouse.publish import read_parquet_once
from warehouse.schemas import TABLES, empty_frame, from_arrow, to_arrow

# Tables rebuilt from what was published by the date; any other table keeps the rows of those documents
# when it names documents (doc_id), and all its rows when it describes runs.
BY_DOCUMENT = ("documents", "facts", "facts_latest", "metrics", "events", "quality_checks")


def parse_known_at(text: str) -> date:
    """A `--known-at` value: a calendar date, YYYY-MM-DD (documents published on that day count)."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise KnownAtError(f"--known-at {text!r} is not a date YYYY-MM-DD") from None


def _read(table: str, path: Path | None) -> pd.DataFrame:
    """One published table file as a frame (empty with the schema when there is none)."""
    if path is None:
        return empty_frame(table)
    return from_arrow(table, read_parquet_once(path))


def _published_by(frame: pd.DataFrame, day: date) -> pd.Series:
    """Rows whose published_at is known and on or before `day` (an undated document is never known by a date)."""
    published = pd.to_datetime(frame["published_at"], errors="coerce")
    return published.notna() & (published <= pd.Timestamp(day))


def known_at(data_dir: str | os.PathLike[str], day: date, as_of: datetime | None = None) -> dict[str, pd.DataFrame]:
    """Every table as of the documents published by `day`: facts filtered, facts_latest and metrics rebuilt."""
    paths = tables_as_of(data_dir, as_of) if as_of is not None else current_tables(data_dir)
    published = {t: _read(t, paths.get(t)) for t in TABLES}
    documents = published["documents"][_published_by(published["documents"], day)]
    facts = published["facts"][_published_by(published["facts"], day)]
    known = set(documents["doc_id"])
    events = _of_documents(published["events"], known)
    tables = {name: frame.reset_index(drop=True) for name, frame in
              (("documents", documents), ("facts", facts), ("events", events))}
    tables["facts_latest"] = build_facts_latest(tables["facts"])
    run_id, now = f"known-at-{day.isoformat()}", datetime.now(UTC)
    tables["metrics"], _ = derive_metrics(tables["facts_latest"], run_id=run_id, computed_at=now)
    tables["quality_checks"] = run_checks(tables, run_id, now)
    for name in TABLES:
        if name not in BY_DOCUMENT:
            tables[name] = _of_documents(published[name], known)
    return tables


def _of_documents(frame: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    """A table's rows of the known documents when it names documents (doc_id); all of it otherwise (runs)."""
    if "doc_id" not in frame.columns:
        return frame
    return frame[frame["doc_id"].isin(known)].reset_index(drop=True)


def materialise_known_at(data_dir: str | os.PathLike[str], day: date, dest: Path,
                         as_of: datetime | None = None) -> dict[str, Path]:
    """Write the tables known at `day` as dest/tables/<table>.parquet: a data dir as the documents then stated it."""
    folder = Path(dest) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in known_at(data_dir, day, as_of).items():
        written[name] = folder / f"{name}.parquet"
        pq.write_table(to_arrow(name, frame), written[name])
    return written
