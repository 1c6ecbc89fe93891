"""Exceptions of the warehouse: each carries a one-line message naming what went wrong."""

from __future__ import annotations


class WarehouseError(Exception):
    """Base class of the warehouse's errors."""


class SchemaDrift(WarehouseError):
    """A frame does not match its table's contract schema (columns, types or values)."""


class StoreError(WarehouseError, OSError):
    """The raw store was asked for something it cannot hold or does not have (a storage error: an OSError too)."""


class PublishError(WarehouseError):
    """Publishing a run's tables failed; the previous version of each table is intact."""


class WriterBusy(WarehouseError):
    """Another writer holds the warehouse's write lock."""


class AsOfError(WarehouseError):
    """No kept version of the tables answers an `--as-of` request (bad date, or nothing published by then)."""


class RemoteTablesError(PublishError):
    """The shared copy of the tables at an fsspec URL cannot be opened, read or written; names the URL."""


class NoTables(WarehouseError):
    """A data dir holds no published table, so there is nothing to read (a mistyped or empty --data-dir)."""


class KnownAtError(WarehouseError):
    """A `--known-at` request cannot be answered (not a date)."""
