"""The tables as published at a moment: for each table, the latest kept vintage at or before it."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from warehouse.errors import AsOfError, NoTables
from warehouse.publish import link_or_copy, table_path, vintage_time, vintages
from warehouse.schemas import TABLES


def parse_as_of(text: str) -> datetime:
    """An `--as-of` value as a UTC moment: a date means the end of that day (UTC); a naive timestamp is UTC."""
    raw = (text or "").strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC) - timedelta(microseconds=1)
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        raise AsOfError(f"--as-of {text!r} is not YYYY-MM-DD or an ISO timestamp") from None
    except OverflowError:  # the last day of year 9999 has no end within the calendar
        raise AsOfError(f"--as-of {text!r} is past the last date this calendar holds; give an earlier one") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def as_of_label(moment: datetime) -> str:
    """A file-name-safe label of a moment: 20240601T235959Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def vintage_at(data_dir: str | os.PathLike[str], table: str, moment: datetime) -> Path | None:
    """The latest kept vintage of `table` published at or before `moment`, or None."""
    chosen = None
    for path in vintages(data_dir, table):
        stamp = vintage_time(path)
        if stamp is not None and stamp <= moment:
            chosen = path
    return chosen


def _earliest(data_dir: str | os.PathLike[str]) -> datetime | None:
    stamps = [vintage_time(p) for t in TABLES for p in vintages(data_dir, t)]
    known = [s for s in stamps if s is not None]
    return min(known) if known else None


def tables_as_of(data_dir: str | os.PathLike[str], moment: datetime) -> dict[str, Path | None]:
    """Each contract table's version at `moment` (None: not published by then); AsOfError if none at all."""
    chosen = {t: vintage_at(data_dir, t, moment) for t in TABLES}
    if any(chosen.values()):
        return chosen
    earliest = _earliest(data_dir)
    kept = f"earliest kept version: {earliest.isoformat()}" if earliest else "no versions are kept"
    raise AsOfError(f"nothing published at or before {moment.isoformat()} is kept in {Path(data_dir)} ({kept})")


def current_tables(data_dir: str | os.PathLike[str]) -> dict[str, Path | None]:
    """Each contract table's current file, or None while it has never been published."""
    paths = {t: table_path(data_dir, t) for t in TABLES}
    return {t: (p if p.is_file() else None) for t, p in paths.items()}


def require_tables(data_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """The data dir's published tables; NoTables when it holds none (a mistyped or never-published data dir)."""
    found = {t: p for t, p in current_tables(data_dir).items() if p is not None}
    if found:
        return found
    root = Path(data_dir)
    where = f"{root} does not exist" if not root.exists() else f"no tables under {root / 'tables'}"
    raise NoTables(f"{where}: check --data-dir (or $TENCENT_ETL_DATA_DIR), or publish first with "
                   f"`tencent-etl run --data-dir {root}`")


def materialise(data_dir: str | os.PathLike[str], moment: datetime, dest: Path) -> dict[str, Path | None]:
    """Link each table's version at `moment` into dest/tables/<table>.parquet: a data dir as it was then."""
    chosen = tables_as_of(data_dir, moment)
    folder = Path(dest) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    for table, path in chosen.items():
        if path is not None:
            link_or_copy(path, folder / f"{table}.parquet")
    return chosen


def swap_in(built: Path, target: Path) -> None:
    """Put a finished folder at `target` in one rename, the folder it replaces removed after."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    shutil.rmtree(old, ignore_errors=True)
