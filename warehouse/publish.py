"""The run's write path: staging, atomic publish per table, vintages, the runs row last, the writer lock."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from common import one_line, replacing
from warehouse.errors import PublishError, SchemaDrift, WarehouseError, WriterBusy
from warehouse.schemas import TABLES, empty_frame, from_arrow, schema, to_arrow

__all__ = [
    "DEFAULT_RETENTION",
    "RETENTION_ENV",
    "PublishError",
    "Stage",
    "WriterBusy",
    "configured_retention",
    "one_line",
    "publish",
    "read_parquet_once",
    "read_table",
    "resolve_retention",
    "table_path",
    "tables_dir",
    "vintage_name",
    "vintage_time",
    "vintages",
    "write_lock",
]

DEFAULT_RETENTION = 20
RETENTION_ENV = "TENCENT_ETL_KEEP_VINTAGES"
FROM_ENV = "env"
RUNS = "runs"
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_STAMP = re.compile(r"^(\d{8}T\d{12}Z)-")
_HELD: ContextVar[frozenset[str]] = ContextVar("tencent_etl_held_locks", default=frozenset())


def tables_dir(data_dir: str | os.PathLike[str]) -> Path:
    """The folder readers glob: data/tables."""
    return Path(data_dir) / "tables"


def table_path(data_dir: str | os.PathLike[str], table: str) -> Path:
    """The current version of a table: data/tables/<table>.parquet."""
    schema(table)
    return tables_dir(data_dir) / f"{table}.parquet"


def vintages(data_dir: str | os.PathLike[str], table: str) -> list[Path]:
    """Kept published versions of a table, oldest first."""
    folder = tables_dir(data_dir) / "_vintages" / table
    return sorted(folder.glob("*.parquet")) if folder.is_dir() else []


def vintage_time(path: Path) -> datetime | None:
    """When a vintage was published (UTC, from its name), or None for a name that is not a vintage's."""
    m = _STAMP.match(Path(path).name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1), _STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def configured_retention(value: str | None = None) -> int | None:
    """Vintages kept per table: `value`, else $TENCENT_ETL_KEEP_VINTAGES, else 20; `all` keeps every one."""
    text = (value if value is not None else os.environ.get(RETENTION_ENV, "")).strip().lower()
    if not text:
        return DEFAULT_RETENTION
    if text == "all":
        return None
    if not text.isdigit() or int(text) < 1:
        raise PublishError(
            f"vintages to keep {text!r}: give a whole number >= 1 or 'all' (--keep-vintages, ${RETENTION_ENV})"
        )
    return int(text)


def resolve_retention(value: int | str | None) -> int | None:
    """The vintages to keep: the configured retention for FROM_ENV or text, else `value` (>= 1, or None for all)."""
    if value == FROM_ENV:
        return configured_retention()
    if isinstance(value, str):
        return configured_retention(value)
    if value is not None and value < 1:
        raise PublishError("retention must keep at least one vintage")
    return value


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_parquet(data: pa.Table, path: Path) -> None:
    """Write a table to `path` and fsync it (the caller picks a name readers do not glob)."""
    pq.write_table(data, path, compression="zstd")
    _fsync_file(path)


def _check_run_id(run_id: str) -> str:
    if not _RUN_ID.match(run_id or ""):
        raise PublishError(f"run id {run_id!r} must be letters, digits, '.', '_' or '-'")
    return run_id


class Stage:
    """A run's tables before publishing: data/tables/.staging/<run_id>/<table>.parquet."""

    def __init__(self, data_dir: str | os.PathLike[str], run_id: str) -> None:
        self.data_dir = Path(data_dir)
        self.run_id = _check_run_id(run_id)
        self.dir = tables_dir(data_dir) / ".staging" / run_id

    def path(self, table: str) -> Path:
        """Where a staged table lives."""
        schema(table)
        return self.dir / f"{table}.parquet"

    def write(self, table: str, df: pd.DataFrame) -> Path:
        """Cast a frame to its contract schema and write it to the staging folder; SchemaDrift on mismatch."""
        data = to_arrow(table, df)
        target = self.path(table)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with replacing(target, target.with_name(f".{target.name}.tmp")) as tmp:
                pq.write_table(data, tmp, compression="zstd")
        except OSError as exc:
            raise PublishError(f"cannot stage {table} for run {self.run_id}: {one_line(exc)}") from exc
        return target

    def read(self, table: str) -> pd.DataFrame:
        """A staged table as a frame."""
        return from_arrow(table, read_parquet_once(self.path(table)))

    def discard(self) -> None:
        """Remove the staging folder."""
        shutil.rmtree(self.dir, ignore_errors=True)


def _runs_table(data_dir: Path, staged: Path) -> pa.Table:
    """Published runs plus the staged rows (a staged run_id replaces a published one)."""
    new = from_arrow(RUNS, read_parquet_once(staged))
    old = read_table(data_dir, RUNS)
    old = old[~old["run_id"].isin(set(new["run_id"]))]
    merged = pd.concat([df for df in (old, new) if len(df)], ignore_index=True) if len(old) else new
    return to_arrow(RUNS, merged)


def vintage_name(now: datetime, run_id: str) -> str:
    """The file name of the vintage a run publishes at `now`: <UTC stamp>-<run_id>.parquet."""
    return f"{now.astimezone(UTC).strftime(_STAMP_FORMAT)}-{run_id}.parquet"


def link_or_copy(src: Path, dst: Path) -> None:
    """Hard-link `src` to `dst`, or copy it where the file system cannot link."""
    try:
        os.link(src, dst)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copyfile(src, dst)
        _fsync_file(dst)


def finish_vintages(folder: Path) -> None:
    """Name the vintage a killed run had linked but not yet named when its table was already replaced; drop others."""
    for tmp in folder.glob("_vintages/*/.*.tmp"):
        current = folder / f"{tmp.parent.name}.parquet"
        with suppress(OSError):
            if current.is_file() and os.path.samefile(tmp, current):
                os.replace(tmp, tmp.with_name(tmp.name[1:].removesuffix(".tmp")))
            else:
                tmp.unlink()


def _remove_stale(folder: Path, run_id: str) -> None:
    """Drop what interrupted runs left behind: temp files and other runs' staging (the lock says they are dead)."""
    finish_vintages(folder)
    for tmp in folder.glob(".*.parquet.tmp-*"):
        with suppress(OSError):
            tmp.unlink()
    staging = folder / ".staging"
    if staging.is_dir():
        for leftover in staging.iterdir():
            if leftover.name != run_id:
                shutil.rmtree(leftover, ignore_errors=True)


def _order(tables: list[str]) -> list[str]:
    names: list[str] = []
    for t in tables:
        if t not in TABLES:
            raise PublishError(f"unknown table {t!r}")
        if t not in names:
            names.append(t)
    return [t for t in names if t != RUNS] + ([RUNS] if RUNS in names else [])


def _prune(folder: Path, retention: int | None) -> None:
    if retention is None:
        return
    kept = sorted(folder.glob("*.parquet"))
    for old in kept[: max(0, len(kept) - retention)]:
        with suppress(OSError):
            old.unlink()


def publish(
    stage: Stage, tables: list[str], retention: int | str | None = FROM_ENV, now: datetime | None = None
) -> list[Path]:
    """Replace each staged table atomically, `runs` last (merged with the published runs); keep vintages."""
    keep = resolve_retention(retention)
    names = _order(tables)
    for name in names:
        if not stage.path(name).is_file():
            raise PublishError(f"table {name} was not staged for run {stage.run_id}")
    folder = tables_dir(stage.data_dir)
    stamp = vintage_name(now or datetime.now(UTC), stage.run_id)
    prepared: list[tuple[str, Path, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale(folder, stage.run_id)
        for name in names:
            tmp = folder / f".{name}.parquet.tmp-{stage.run_id}"
            vintage_dir = folder / "_vintages" / name
            vintage_dir.mkdir(parents=True, exist_ok=True)
            vintage_tmp = vintage_dir / f".{stamp}.tmp"
            prepared.append((name, tmp, vintage_tmp))
            if name == RUNS:
                _write_parquet(_runs_table(stage.data_dir, stage.path(name)), tmp)
            else:
                shutil.copyfile(stage.path(name), tmp)
                _fsync_file(tmp)
            link_or_copy(tmp, vintage_tmp)
    except (OSError, WarehouseError, pa.ArrowException) as exc:
        _cleanup(prepared)
        failed = prepared[-1][0] if prepared else names[0]
        raise PublishError(
            f"cannot publish {failed}: {one_line(exc)}; every table keeps its previous version"
        ) from exc
    published: list[Path] = []
    for i, (name, tmp, vintage_tmp) in enumerate(prepared):
        target = folder / f"{name}.parquet"
        try:
            os.replace(tmp, target)
            _fsync_dir(folder)
        except OSError as exc:
            _cleanup(prepared[i:])
            done = ", ".join(n for n, _, _ in prepared[:i]) or "none"
            raise PublishError(
                f"cannot replace {name}: {one_line(exc)}; published before it: {done}; run {stage.run_id} not committed"
            ) from exc
        published.append(target)
        with suppress(OSError):
            os.replace(vintage_tmp, vintage_tmp.parent / stamp)
            _prune(vintage_tmp.parent, keep)
    stage.discard()
    return published


def _cleanup(prepared: list[tuple[str, Path, Path]]) -> None:
    for _, tmp, vintage_tmp in prepared:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        with suppress(OSError):
            vintage_tmp.unlink(missing_ok=True)


def read_parquet_once(path: Path) -> pa.Table:
    """Read a Parquet file through one open handle, so a concurrent replace cannot mix two versions."""
    with open(path, "rb") as fh:
        return pq.ParquetFile(fh).read()


def read_table(data_dir: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """The published version of a table as a frame; an empty frame with the schema when absent."""
    path = table_path(data_dir, name)
    try:
        data = read_parquet_once(path)
    except FileNotFoundError:
        return empty_frame(name)
    except (OSError, pa.ArrowException) as exc:
        raise WarehouseError(f"cannot read {path}: {one_line(exc)}") from exc
    try:
        return from_arrow(name, data)
    except SchemaDrift as exc:
        raise SchemaDrift(f"{path}: {exc}") from exc


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another process"
    return f"pid {pid}" if pid.isdigit() else "another process"


def _open_lock(path: Path) -> int:
    """Open the lock file itself, never a file a symbolic link in its place points at; PublishError otherwise."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PublishError(f"lock {path} is a symbolic link; remove it and run again") from None
        raise PublishError(f"cannot open lock {path}: {one_line(exc)}") from exc


@contextmanager
def write_lock(
    data_dir: str | os.PathLike[str], timeout: float = 0.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold data/.lock exclusively while writing; WriterBusy at once (or after `timeout` seconds) if held.

    Re-entrant within one context: a flow called while its caller holds the lock does not wait for itself.
    """
    path = Path(data_dir) / ".lock"
    key = str(Path(data_dir).resolve() / path.name)
    if key in _HELD.get():
        yield path
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _open_lock(path)
    token = None
    try:
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WriterBusy(
                        f"{_holder(path)} is writing to {Path(data_dir)} (lock {path}); try again when it finishes"
                    ) from None
                if on_wait is not None:
                    on_wait(_holder(path))
                    on_wait = None
                time.sleep(min(0.05, left))
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        token = _HELD.set(_HELD.get() | {key})
        yield path
    finally:
        if token is not None:
            _HELD.reset(token)
        os.close(fd)
