"""Helpers every room may import (no Prefect, no project imports): atomic file writes and one-line messages.

They live in their own package because transforms/ does no file I/O and sources/ does not import warehouse/.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MESSAGE_MAX = 300


def temp_beside(path: Path) -> Path:
    """A hidden temp name beside path, `.<name>.tmp-<pid>-<random>` (outside any reader's glob)."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def fsync_path(path: Path) -> None:
    """Flush a written file's bytes to disk."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


@contextmanager
def replacing(path: Path, temp: Path | None = None) -> Iterator[Path]:
    """Yield a temp path beside `path` to write; then fsync it and os.replace it into place (removed on any failure)."""
    tmp = temp if temp is not None else temp_beside(path)
    try:
        yield tmp
        fsync_path(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes | str, temp: Path | None = None, encoding: str = "utf-8") -> Path:
    """Write bytes or text to a temp file beside `path`, fsync, then os.replace it into place; returns path."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with replacing(path, temp) as tmp, open(tmp, "wb") as handle:
        handle.write(payload)
    return path


def one_line(what: BaseException | str, limit: int = MESSAGE_MAX) -> str:
    """A message on one line of at most `limit` characters: an exception's first line (an OSError's strerror), or text."""
    if isinstance(what, BaseException):
        if isinstance(what, OSError) and what.strerror:
            text = what.strerror
        else:
            lines = str(what).strip().splitlines()
            text = lines[0] if lines else type(what).__name__
    else:
        text = what
    flat = " ".join(text.split())
    if not flat:
        return "no detail"
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
