"""How the command line prints a table: plain numbers, list cells joined, quiet on a closed pipe."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

import numpy as np
import pandas as pd

LIST_SEPARATOR = ";"
MAX_ROWS = 500


def plain_number(value: float) -> str:
    """A float as written by hand, never in scientific notation: 39426000000, 26.4, -0.125."""
    if not np.isfinite(value):
        return str(value)
    return np.format_float_positional(value, trim="-")


def _joined(value: object) -> object:
    """A list-like cell as its items joined with LIST_SEPARATOR; any other cell unchanged."""
    if isinstance(value, list | tuple | np.ndarray):
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    return value


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every list column (e.g. metrics.inputs) joined into one text cell, so CSV can hold it."""
    lists = [c for c in frame.columns if frame[c].dtype == object and frame[c].map(
        lambda v: isinstance(v, list | tuple | np.ndarray)).any()]
    if not lists:
        return frame
    out = frame.copy()
    for column in lists:
        out[column] = out[column].map(_joined)
    return out


def frame_csv(frame: pd.DataFrame, out: TextIO) -> None:
    """Write the frame as CSV (floats as Python writes them, 39426000000.0), list cells joined."""
    flat(frame).to_csv(out, index=False)


def frame_text(frame: pd.DataFrame) -> str:
    """The frame as an aligned text table: plain numbers, list cells joined, at most MAX_ROWS rows."""
    with pd.option_context("display.max_rows", MAX_ROWS, "display.max_columns", 50, "display.width", 200,
                           "display.float_format", plain_number):
        return flat(frame).to_string(index=False)


def quiet_on_closed_pipe(write: Callable[[], None]) -> int:
    """Run `write`; when the reader closed stdout (`| head`), stop quietly with exit 0 instead of a traceback."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 0
