"""Repairs a run makes before it trusts what is published: an unreadable table from its newest intact vintage."""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from pathlib import Path

import pyarrow as pa

from common import replacing
from warehouse.publish import finish_vintages, one_line, read_parquet_once, table_path, tables_dir, vintages
from warehouse.schemas import TABLES


def parquet_is_sound(path: Path) -> bool:
    """Whether a Parquet file can be read whole (footer, every page)."""
    try:
        read_parquet_once(path)
    except (OSError, pa.ArrowException):
        return False
    return True


def newest_sound_vintage(data_dir: str | os.PathLike[str], table: str) -> Path | None:
    """The most recent kept vintage of a table that reads whole, or None; broken newer ones are removed.

    A vintage is a hard link to the file it was published as, so damage done to a table in place is
    damage to its newest vintage too; `--as-of` must not find it.
    """
    for path in reversed(vintages(data_dir, table)):
        if parquet_is_sound(path):
            return path
        with suppress(OSError):
            path.unlink()
    return None


def _put_back(source: Path, target: Path) -> None:
    """Copy a vintage over a table's current file (temp file, fsync, os.replace)."""
    with replacing(target, target.with_name(f".{target.name}.tmp-restore")) as tmp:
        shutil.copyfile(source, tmp)


def repair_table(data_dir: str | os.PathLike[str], table: str) -> str | None:
    """Mend one published table that cannot be read: its newest intact vintage, else removed for a rebuild.

    Returns a line saying what was done, or None when the table is absent or reads whole (lock held).
    """
    path = table_path(data_dir, table)
    if not path.is_file() or parquet_is_sound(path):
        return None
    vintage = newest_sound_vintage(data_dir, table)
    try:
        if vintage is not None:
            _put_back(vintage, path)
            return f"{table} could not be read: put back its newest intact version {vintage.name}"
        path.unlink()
    except OSError as exc:
        return f"{table} could not be read and could not be repaired: {one_line(exc)}"
    return f"{table} could not be read and no intact version is kept: it is rebuilt from the documents"


def repair_tables(data_dir: str | os.PathLike[str]) -> list[str]:
    """Finish interrupted vintages and mend every table that cannot be read; one line per table mended (lock held)."""
    if not tables_dir(data_dir).is_dir():
        return []
    finish_vintages(tables_dir(data_dir))
    return [line for table in TABLES if (line := repair_table(data_dir, table)) is not None]
