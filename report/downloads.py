"""The report's downloads: its key tables as CSV files and one XLSX workbook, each written atomically."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from common import replacing

XLSX_FILE = "key_tables.xlsx"
SHEET_CHARS = 31


def csv_name(table: str) -> str:
    """The CSV file name of one key table."""
    return f"{table}.csv"


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame whose cells a spreadsheet can hold: dates and timestamps as ISO text, lists joined."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: ", ".join(map(str, v)) if isinstance(v, list | tuple)
                else v.isoformat() if hasattr(v, "isoformat") else v
            )
        elif isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write one table as UTF-8 CSV (with a byte-order mark, so spreadsheets read its Chinese text) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:
        _plain(frame).to_csv(tmp, index=False, encoding="utf-8-sig")


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write the tables as the sheets of one XLSX workbook, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp, pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            sheet = name[:SHEET_CHARS]
            _plain(frame).to_excel(writer, sheet_name=sheet, index=False)
            writer.sheets[sheet].freeze_panes(1, 1)


def write_downloads(tables: Mapping[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """Every key table as CSV and all of them in one workbook; returns the written files by name."""
    written: dict[str, Path] = {}
    for name, frame in tables.items():
        written[csv_name(name)] = folder / csv_name(name)
        write_csv(frame, written[csv_name(name)])
    try:
        write_xlsx(tables, folder / XLSX_FILE)
    except ImportError:  # no XLSX writer installed: the CSV files still carry every table
        (folder / XLSX_FILE).unlink(missing_ok=True)
        return written
    written[XLSX_FILE] = folder / XLSX_FILE
    return written
