"""Reports of the past: the tables as published at a moment (--as-of) or as the documents stated them by a day
(--known-at), each drawn into its own folder under reports/."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from report.page import REPORT_DIR, build_report
from warehouse.asof import as_of_label, materialise, swap_in
from warehouse.errors import AsOfError
from warehouse.knownat import materialise_known_at


def _drawn_into(root: Path, name: str, fill: Callable[[Path], object]) -> Path:
    """Draw the report of a data dir that `fill` writes into a scratch folder, then move it to reports/<name>."""
    target = root / REPORT_DIR / name
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        fill(work)
        report = build_report(work)
        swap_in(report.index_path.parent, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target / report.index_path.name


def build_report_as_of(data_dir: str | os.PathLike[str], moment: datetime) -> Path:
    """Write reports/as-of-<label>/index.html from the tables as published at `moment`; returns its path."""

    def fill(work: Path) -> None:
        try:
            materialise(data_dir, moment, work)
        except FileNotFoundError as exc:
            raise AsOfError(f"a version of the tables was pruned while it was being read ({exc.filename}); try again") from exc

    return _drawn_into(Path(data_dir), f"as-of-{as_of_label(moment)}", fill)


def build_report_known_at(data_dir: str | os.PathLike[str], day: date, as_of: datetime | None = None) -> Path:
    """Write reports/known-at-<date>/index.html from the tables known at `day`; returns its path."""
    return _drawn_into(Path(data_dir), f"known-at-{day.isoformat()}",
                       lambda work: materialise_known_at(data_dir, day, work, as_of))
