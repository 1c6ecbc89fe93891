"""The shared copy of the published tables at an fsspec URL, laid out like the local data dir.

The local data dir stays a run's working warehouse (lock, staging, parse cache, DuckDB). The URL
(memory://wh, s3://bucket/prefix, file:///srv/wh ...) holds <url>/tables/<table>.parquet and
<url>/tables/_vintages/<table>/<stamp>-<run_id>.parquet for analysts and other workers. Every file is
written in one call (a single PUT on object stores; a temp name then a rename on file://) and the
`runs` table is written last: a reader that sees a run's row sees every table of that run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import fsspec
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from common import write_atomic
from warehouse.errors import PublishError, RemoteTablesError, SchemaDrift
from warehouse.publish import (
    FROM_ENV,
    RUNS,
    Stage,
    one_line,
    publish,
    read_table,
    resolve_retention,
    table_path,
    vintage_name,
    vintages,
    write_lock,
)
from warehouse.schemas import TABLES, empty_frame, from_arrow, schema

__all__ = [
    "RemoteTables",
    "RemoteTablesError",
    "open_remote",
    "pull_published",
    "push_published",
    "read_remote_table",
    "remote_vintages",
]


@dataclass(frozen=True, slots=True)
class RemoteTables:
    """An opened tables URL: the fsspec filesystem, the URL as given and its root path on that filesystem."""

    url: str
    fs: fsspec.AbstractFileSystem
    base: str

    @property
    def local(self) -> bool:
        """Whether the URL names a folder on the local disk (file://)."""
        return isinstance(self.fs, LocalFileSystem)

    def path(self, table: str) -> str:
        """The filesystem path of a table's current file."""
        schema(table)
        return f"{self.base}/tables/{table}.parquet"

    def vintage_dir(self, table: str) -> str:
        """The filesystem path of a table's vintage folder."""
        schema(table)
        return f"{self.base}/tables/_vintages/{table}"

    def where(self, path: str) -> str:
        """A path on the filesystem as a URL under the one given, for messages."""
        return f"{self.url}{path[len(self.base) :]}" if path.startswith(self.base) else path


def open_remote(url: str) -> RemoteTables:
    """Open a tables URL; RemoteTablesError when it has no protocol, an unknown one, or no implementation."""
    text = str(url or "").strip().rstrip("/")
    if "://" not in text:
        raise RemoteTablesError(
            f"tables URL {str(url)!r} needs a protocol, e.g. s3://bucket/prefix, memory://wh or file:///srv/wh"
        )
    try:
        fs, path = fsspec.core.url_to_fs(text)
    except (ValueError, ImportError, TypeError) as exc:
        raise RemoteTablesError(f"cannot open tables URL {text}: {one_line(exc)}") from exc
    return RemoteTables(url=text, fs=fs, base=path.rstrip("/"))


def _refuse_self(remote: RemoteTables, data_dir: str | os.PathLike[str]) -> None:
    """RemoteTablesError when a file:// URL is the local data dir itself."""
    if remote.local and Path(remote.base).resolve() == Path(data_dir).resolve():
        raise RemoteTablesError(
            f"tables URL {remote.url} is the local data dir itself; give another location"
        )


@contextmanager
def _locked(
    data_dir: str | os.PathLike[str], url: str, retention: int | str | None
) -> Iterator[tuple[Path, RemoteTables, int | None]]:
    """Open the URL and resolve the retention, then hold the local writer lock: (data dir, remote, keep)."""
    root = Path(data_dir)
    remote = open_remote(url)
    keep = resolve_retention(retention)
    with write_lock(root):
        _refuse_self(remote, root)
        yield root, remote, keep


def _fetch(remote: RemoteTables, table: str) -> bytes | None:
    """The bytes of a table's current file on the remote in one read, or None when absent."""
    path = remote.path(table)
    try:
        return bytes(remote.fs.cat_file(path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RemoteTablesError(f"cannot read {remote.where(path)}: {one_line(exc)}") from exc


def _frame(remote: RemoteTables, table: str, data: bytes) -> pd.DataFrame:
    """A table's bytes as its canonical frame; RemoteTablesError when they are not a readable table."""
    try:
        return from_arrow(table, pq.ParquetFile(pa.BufferReader(data)).read())
    except (pa.ArrowException, SchemaDrift, OSError) as exc:
        raise RemoteTablesError(f"cannot read {remote.where(remote.path(table))}: {one_line(exc)}") from exc


def read_remote_table(url: str, name: str) -> pd.DataFrame:
    """A table as published at a tables URL; an empty frame with the schema when it is absent."""
    schema(name)
    remote = open_remote(url)
    data = _fetch(remote, name)
    return empty_frame(name) if data is None else _frame(remote, name, data)


def remote_vintages(url: str, table: str) -> list[str]:
    """Names of the kept vintages of a table at a tables URL, oldest first."""
    return _vintage_names(open_remote(url), table)


def _vintage_names(remote: RemoteTables, table: str) -> list[str]:
    """Names of the vintage files in a table's remote vintage folder, oldest first."""
    try:
        listed = remote.fs.ls(remote.vintage_dir(table), detail=False)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise RemoteTablesError(
            f"cannot list {remote.where(remote.vintage_dir(table))}: {one_line(exc)}"
        ) from exc
    names = (str(p).rstrip("/").rsplit("/", 1)[-1] for p in listed)
    return sorted(n for n in names if n.endswith(".parquet") and not n.startswith("."))


def _write_local(path: Path, data: bytes) -> None:
    """Write bytes under a temp name beside `path`, fsync, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:12]}"))
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _put(remote: RemoteTables, path: str, data: bytes) -> None:
    """Write one file in a single call: a rename into place on file://, one PUT elsewhere."""
    if remote.local:
        _write_local(Path(path), data)
        return
    remote.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    remote.fs.pipe_file(path, data)


def _prune(remote: RemoteTables, table: str, retention: int | None) -> None:
    """Remove the oldest remote vintages of a table beyond `retention` (failures leave them in place)."""
    if retention is None:
        return
    with suppress(OSError, RemoteTablesError):
        names = _vintage_names(remote, table)
        for old in names[: max(0, len(names) - retention)]:
            with suppress(OSError):
                remote.fs.rm_file(f"{remote.vintage_dir(table)}/{old}")


def _last_run(runs: pd.DataFrame) -> str | None:
    """The run id of the last row of a runs table (the latest committed run), or None."""
    return None if runs.empty else str(runs["run_id"].iloc[-1])


def _push_order(remote: RemoteTables, data_dir: Path, tables: list[str]) -> list[str]:
    """The tables to upload, `runs` last: those asked for, plus published ones the remote lacks."""
    names: list[str] = []
    for t in tables:
        if t not in TABLES:
            raise RemoteTablesError(f"cannot push to {remote.url}: unknown table {t!r}")
        if t not in names:
            names.append(t)
    for t in TABLES:
        if t not in names and table_path(data_dir, t).is_file() and not remote.fs.exists(remote.path(t)):
            names.append(t)
    return [t for t in TABLES if t in names and t != RUNS] + [RUNS]


def _local_bytes(data_dir: Path, table: str, url: str) -> bytes:
    """The bytes of a table's local current file in one read; RemoteTablesError when it is not published."""
    path = table_path(data_dir, table)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise RemoteTablesError(f"cannot push {table} to {url}: it is not published in {data_dir}") from None
    except OSError as exc:
        raise RemoteTablesError(f"cannot push {table} to {url}: cannot read {path}: {one_line(exc)}") from exc


def _vintage_name(data_dir: Path, table: str, data: bytes, run_id: str, now: datetime) -> str:
    """The name of the local vintage holding these bytes (the latest one), else a new name for this run."""
    kept = vintages(data_dir, table)
    if kept:
        latest = kept[-1]
        with suppress(OSError):
            if latest.stat().st_size == len(data) and latest.read_bytes() == data:
                return latest.name
    return vintage_name(now, run_id)


def _refuse_stale(
    remote: RemoteTables, remote_runs: pd.DataFrame, local_runs: pd.DataFrame, data_dir: Path
) -> None:
    """RemoteTablesError when the remote holds a run the local data dir has not seen (pull first)."""
    seen = set(local_runs["run_id"])
    unseen = [str(r) for r in remote_runs["run_id"] if r not in seen]
    if unseen:
        raise RemoteTablesError(
            f"{remote.url} holds run {unseen[-1]} that {data_dir} has not seen; pull the shared tables before pushing"
        )


def _plan(
    remote: RemoteTables, data_dir: Path, blobs: dict[str, bytes], run_id: str, now: datetime
) -> list[tuple[str, str]]:
    """The (table, remote path) writes of a push: vintages, then current files, then runs' vintage and file."""
    data_tables = [t for t in blobs if t != RUNS]
    vintage = {
        t: f"{remote.vintage_dir(t)}/{_vintage_name(data_dir, t, blobs[t], run_id, now)}" for t in blobs
    }
    return [
        *((t, vintage[t]) for t in data_tables),
        *((t, remote.path(t)) for t in data_tables),
        (RUNS, vintage[RUNS]),
        (RUNS, remote.path(RUNS)),
    ]


def push_published(
    data_dir: str | os.PathLike[str],
    url: str,
    tables: list[str],
    retention: int | str | None = FROM_ENV,
    now: datetime | None = None,
) -> list[str]:
    """Upload the local published tables to a tables URL: vintages, then current files, `runs` last; prune."""
    with _locked(data_dir, url, retention) as (root, remote, keep):
        local_runs = read_table(root, RUNS)
        last_local = _last_run(local_runs)
        if last_local is None:
            raise RemoteTablesError(f"cannot push to {remote.url}: nothing is published in {root}")
        remote_runs = read_remote_table(remote.url, RUNS)
        _refuse_stale(remote, remote_runs, local_runs, root)
        previous = _last_run(remote_runs) or "none"
        names = _push_order(remote, root, tables)
        blobs = {t: _local_bytes(root, t, remote.url) for t in names}
        writes = _plan(remote, root, blobs, last_local, now or datetime.now(UTC))
        for table, path in writes:
            try:
                _put(remote, path, blobs[table])
            except OSError as exc:
                raise RemoteTablesError(
                    f"cannot push {table} to {remote.where(path)}: {one_line(exc)}; "
                    f"the runs table at {remote.url} is still at run {previous}"
                ) from exc
        for t in names:
            _prune(remote, t, keep)
    return names


def _newer_state(remote: RemoteTables, data_dir: Path) -> dict[str, pd.DataFrame]:
    """The remote current tables, runs first, when its last run is not in the local runs table; else {}."""
    runs_bytes = _fetch(remote, RUNS)
    if runs_bytes is None:
        return {}
    remote_runs = _frame(remote, RUNS, runs_bytes)
    last = _last_run(remote_runs)
    if last is None or last in set(read_table(data_dir, RUNS)["run_id"]):
        return {}
    frames = {RUNS: remote_runs}
    for t in TABLES:
        data = _fetch(remote, t) if t != RUNS else None
        if data is not None:
            frames[t] = _frame(remote, t, data)
    return frames


def pull_published(
    data_dir: str | os.PathLike[str],
    url: str,
    retention: int | str | None = FROM_ENV,
    now: datetime | None = None,
) -> list[str]:
    """Publish the remote current tables locally when the remote's last run is not in the local runs table.

    The remote runs table is read first: the tables read after it are at least as new as its last run.
    Returns the tables pulled, `runs` last; [] when the local data dir is current or the remote is empty.
    """
    with _locked(data_dir, url, retention) as (root, remote, keep):
        frames = _newer_state(remote, root)
        if not frames:
            return []
        last = str(_last_run(frames[RUNS]))
        try:
            stage = Stage(root, last)
        except PublishError as exc:
            raise RemoteTablesError(f"cannot pull from {remote.url}: {one_line(exc)}") from exc
        try:
            for t, df in frames.items():
                stage.write(t, df)
            published = publish(stage, list(frames), retention=keep, now=now)
        except SchemaDrift as exc:
            stage.discard()
            raise RemoteTablesError(f"cannot pull from {remote.url}: {one_line(exc)}") from exc
        except BaseException:
            stage.discard()
            raise
    return [p.name.removesuffix(".parquet") for p in published]
