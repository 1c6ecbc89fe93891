"""The contract's tables: pyarrow schemas with a meaning per column, pandas<->arrow casts, pandera models."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pap
import pyarrow as pa
from pandera.engines import pandas_engine
from pandera.typing import Series

from transforms.vocab import (
    BASES,
    DOC_ORIGINS,
    DOC_SOURCES,
    DOC_STATUSES,
    ENTITIES,
    EVENT_KINDS,
    MEASURES,
    METRICS,
    PERIOD_TYPES,
    QUALIFIERS,
    RUN_STATUSES,
    SEGMENTS,
    SEVERITIES,
    UNITS,
)
from warehouse.errors import SchemaDrift

STRING = pa.string()
DATE = pa.date32()
TIMESTAMP = pa.timestamp("us", tz="UTC")
FLOAT = pa.float64()
INT64 = pa.int64()
INT32 = pa.int32()
BOOL = pa.bool_()
STRINGS = pa.list_(pa.string())

NATURAL_KEY: tuple[str, ...] = ("entity", "metric", "segment", "basis", "measure", "period_label")
PCT_MEASURES: frozenset[str] = frozenset({"yoy_pct", "qoq_pct", "margin_pct", "share_pct"})
CHECK_STATUSES: frozenset[str] = frozenset({"pass", "fail"})
METRIC_METHODS: frozenset[str] = frozenset({"computed", "reported"})


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a contract table: name, arrow type, whether nulls are allowed, and its meaning."""

    name: str
    type: pa.DataType
    meaning: str
    nullable: bool = False


_FACT_COLUMNS: tuple[Col, ...] = (
    Col(
        "fact_id",
        STRING,
        "stable hash of doc_id, locator, entity, metric, segment, basis, measure, period_label",
    ),
    Col("entity", STRING, "who the figure is about (vocabulary ENTITIES)"),
    Col("metric", STRING, "what is measured (vocabulary METRICS)"),
    Col("segment", STRING, "business segment; `total` for the whole entity (vocabulary SEGMENTS)"),
    Col("basis", STRING, "accounting basis: `ifrs`, `non_ifrs`, or `na`"),
    Col("measure", STRING, "`value` for a level, or `yoy_pct`, `qoq_pct`, `margin_pct`, `share_pct`"),
    Col("period_type", STRING, "`quarter`, `half`, `nine_months`, `year`, `month`, `months` or `instant`"),
    Col("period_start", DATE, "first day of the span the figure covers (the as-at date for `instant`)"),
    Col("period_end", DATE, "last day of the span the figure covers (the as-at date for `instant`)"),
    Col(
        "period_label",
        STRING,
        "contract label of the period: `2024Q1`, `2024H1`, `2024Q1-Q3`, `2024`, `2024-03` ...",
    ),
    Col("value", FLOAT, "the figure in base units (CNY, count); percentages in percent (26.4 means 26.4 %)"),
    Col("unit", STRING, "`CNY`, `USD`, `HKD`, `pct`, `count`, `CNY_per_share` or `ratio`"),
    Col("qualifier", STRING, "`eq`, `approx`, `gt`, `gte`, `lt` or `lte`, as the text qualifies the figure"),
    Col("is_estimate", BOOL, "true for a forecast, target or expected figure"),
    Col("reported_text", STRING, "the figure exactly as written in the document"),
    Col("locator", STRING, "where in the document: section/table/row/column, or character offsets"),
    Col("snippet", STRING, "at most 240 characters of context containing reported_text"),
    Col("doc_id", STRING, "sha256 of the source document's bytes (documents.doc_id)"),
    Col("source", STRING, "source family of the document (documents.source)"),
    Col("published_at", DATE, "publication date of the document", nullable=True),
    Col("parser_version", STRING, "version of the parser that read the figure"),
    Col("extracted_at", TIMESTAMP, "when the figure was extracted (UTC)"),
)

COLUMNS: dict[str, tuple[Col, ...]] = {
    "documents": (
        Col("doc_id", STRING, "sha256 hex of the document's bytes"),
        Col(
            "source",
            STRING,
            "source family: `tencent_ir`, `prnewswire`, `hkex`, `nbs`, `article`, `inbox` ...",
        ),
        Col("url", STRING, "where the document was fetched from", nullable=True),
        Col("title", STRING, "the document's title", nullable=True),
        Col("published_at", DATE, "publication date", nullable=True),
        Col("fetched_at", TIMESTAMP, "when the bytes were fetched (UTC)"),
        Col("content_type", STRING, "content type the bytes were served with", nullable=True),
        Col("byte_size", INT64, "size of the raw bytes"),
        Col("raw_path", STRING, "path of the raw bytes relative to the data dir (`raw/ab/<sha256>.<ext>`)"),
        Col("parser", STRING, "document family parser that read it", nullable=True),
        Col("parser_version", STRING, "version of that parser", nullable=True),
        Col("status", STRING, "`parsed`, `failed`, `quarantined` or `skipped`"),
        Col("error", STRING, "one-line reason when the document failed; null otherwise", nullable=True),
        Col("fact_count", INT32, "number of facts taken from the document"),
        Col(
            "origin",
            STRING,
            "where the bytes came from: `fetched` from its URL, `inbox` dropped by a user, or `reconstructed`"
            " (a bundled document written for the project from published figures; its `url` is then the real"
            " public page that states those figures, or null); null in rows published before the column existed",
            nullable=True,
        ),
    ),
    "facts": _FACT_COLUMNS,
    "facts_latest": _FACT_COLUMNS
    + (
        Col(
            "restated",
            BOOL,
            "an earlier document gave a value that differs beyond the rounding of both figures",
        ),
        Col(
            "first_published_at",
            DATE,
            "earliest publication date of any figure for this natural key",
            nullable=True,
        ),
        Col("conflict", BOOL, "documents published on the same date give values that differ beyond rounding"),
        Col("n_sources", INT32, "number of distinct documents giving a figure for this natural key"),
    ),
    "metrics": (
        Col("metric_id", STRING, "derived metric identifier, e.g. `revenue_yoy_pct`, `ad_revenue_share_pct`"),
        Col("entity", STRING, "who the metric is about (vocabulary ENTITIES)"),
        Col("segment", STRING, "business segment (vocabulary SEGMENTS)"),
        Col("period_label", STRING, "contract label of the period"),
        Col("period_type", STRING, "type of the period (vocabulary PERIOD_TYPES)"),
        Col("period_end", DATE, "last day of the period"),
        Col("value", FLOAT, "the metric: the stated figure when one exists and agrees with the computed one within "
            "rounding, else computed from levels, else the stated figure alone"),
        Col("unit", STRING, "unit of value (vocabulary UNITS)"),
        Col("qualifier", STRING, "qualifier of value (vocabulary QUALIFIERS)"),
        Col("method", STRING, "`computed`: value is computed from levels; `reported`: value is the stated figure"),
        Col("computed_value", FLOAT, "value computed from level facts", nullable=True),
        Col("reported_value", FLOAT, "value a document states", nullable=True),
        Col("diff", FLOAT, "computed minus reported, in points", nullable=True),
        Col("computed_low", FLOAT, "lowest value computed_value can take given the rounding of its printed inputs",
            nullable=True),
        Col("computed_high", FLOAT, "highest value computed_value can take given the rounding of its printed inputs",
            nullable=True),
        Col("inputs", STRINGS, "fact_ids the metric was computed from"),
        Col("formula", STRING, "how the metric was computed, in words", nullable=True),
        Col("run_id", STRING, "run that computed the metric"),
        Col("computed_at", TIMESTAMP, "when the metric was computed (UTC)"),
    ),
    "events": (
        Col("event_date", DATE, "when it happened"),
        Col("entity", STRING, "who it concerns (vocabulary ENTITIES)"),
        Col("kind", STRING, "`launch`, `reorganisation`, `policy`, `results`, `rename` or `event`"),
        Col("description", STRING, "short description"),
        Col("doc_id", STRING, "document that reports it"),
        Col("snippet", STRING, "context from that document", nullable=True),
    ),
    "quality_checks": (
        Col("run_id", STRING, "run the check belongs to"),
        Col("check", STRING, "name of the check"),
        Col("table", STRING, "table the check looked at"),
        Col("severity", STRING, "`error` fails the run and publishes nothing; `warn` is reported"),
        Col("status", STRING, "`pass` or `fail`"),
        Col("failing_rows", INT64, "number of rows (or groups) failing the check"),
        Col("details", STRING, "what failed, naming documents where it matters", nullable=True),
        Col("checked_at", TIMESTAMP, "when the check ran (UTC)"),
    ),
    "runs": (
        Col("run_id", STRING, "the pipeline's id of the run"),
        Col("flow_run_id", STRING, "Prefect's flow run id", nullable=True),
        Col("started_at", TIMESTAMP, "when the run started (UTC)"),
        Col("finished_at", TIMESTAMP, "when the run finished (UTC)", nullable=True),
        Col("status", STRING, "`ok`, `partial` or `failed`"),
        Col("source", STRING, "where the run read documents from: `snapshot`, `live` or `inbox`"),
        Col("docs_seen", INT64, "documents listed by discovery"),
        Col("docs_new", INT64, "documents whose bytes were new"),
        Col("docs_unchanged", INT64, "documents whose bytes were already in the raw store"),
        Col("docs_failed", INT64, "documents that failed to fetch or parse"),
        Col("facts_written", INT64, "rows in the published facts table"),
        Col("metrics_written", INT64, "rows in the published metrics table"),
        Col("code_version", STRING, "version of the code that ran", nullable=True),
    ),
}

TABLE_MEANINGS: dict[str, str] = {
    "documents": "one row per distinct source document (by content)",
    "facts": "one row per figure as a document states it",
    "facts_latest": "one row per natural key (entity, metric, segment, basis, measure, period_label)",
    "metrics": "derived metrics, one row per metric per period",
    "events": "dated happenings that explain the numbers",
    "quality_checks": "one row per check per run",
    "runs": "one row per pipeline run; a run is committed when its row lands",
}

TABLES: tuple[str, ...] = tuple(COLUMNS)
SCHEMAS: dict[str, pa.Schema] = {
    name: pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in cols])
    for name, cols in COLUMNS.items()
}


def schema(table: str) -> pa.Schema:
    """The pyarrow schema of a contract table; SchemaDrift for an unknown table."""
    try:
        return SCHEMAS[table]
    except KeyError as exc:
        raise SchemaDrift(f"unknown table {table!r}") from exc


def columns(table: str) -> tuple[Col, ...]:
    """The columns of a contract table, in order."""
    schema(table)
    return COLUMNS[table]


def type_name(t: pa.DataType) -> str:
    """A short, stable name for an arrow type (`string`, `date32`, `timestamp[us, tz=UTC]`, `list<string>`)."""
    if pa.types.is_list(t):
        return f"list<{type_name(t.value_type)}>"
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_date32(t):
        return "date32"
    if pa.types.is_float64(t):
        return "float64"
    return str(t)


def _is_null(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return v is pd.NA


def _strings(s: pd.Series) -> list[str | None]:
    out: list[str | None] = []
    for v in s.tolist():
        if _is_null(v):
            out.append(None)
        elif isinstance(v, str):
            out.append(str(v))
        else:
            raise TypeError(f"{v!r} is not a string")
    return out


def _date(v: Any) -> date | None:
    if _is_null(v):
        return None
    if isinstance(v, pd.Timestamp | datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, np.datetime64):
        return pd.Timestamp(v).date()
    if isinstance(v, str):
        return date.fromisoformat(v)
    raise TypeError(f"{v!r} is not a date")


def _bools(s: pd.Series) -> list[bool | None]:
    out: list[bool | None] = []
    for v in s.tolist():
        if _is_null(v):
            out.append(None)
        elif isinstance(v, bool | np.bool_):
            out.append(bool(v))
        else:
            raise TypeError(f"{v!r} is not a bool")
    return out


def _string_lists(s: pd.Series) -> list[list[str] | None]:
    out: list[list[str] | None] = []
    for v in s.tolist():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, list | tuple | np.ndarray):
            items = list(v)
            if not all(isinstance(x, str) for x in items):
                raise TypeError("list items must be strings")
            out.append([str(x) for x in items])
        else:
            raise TypeError(f"{v!r} is not a list of strings")
    return out


def _numbers(s: pd.Series) -> pd.Series:
    if s.dtype == object and any(isinstance(v, bool | str) for v in s.tolist()):
        raise TypeError("strings or bools in a numeric column")
    if pd.api.types.is_bool_dtype(s.dtype) or isinstance(s.dtype, pd.StringDtype):
        raise TypeError(f"{s.dtype} values in a numeric column")
    return pd.to_numeric(s, errors="raise")


def _ints(s: pd.Series, t: pa.DataType) -> pa.Array:
    num = _numbers(s)
    mask = num.isna()
    filled = num.where(~mask, 0)
    if pd.api.types.is_float_dtype(filled.dtype) and not (filled == np.floor(filled)).all():
        raise TypeError("fractional values in an integer column")
    return pa.array(filled.astype("int64").to_numpy(), type=pa.int64(), mask=mask.to_numpy()).cast(t)


def _array(s: pd.Series, t: pa.DataType) -> pa.Array:
    if pa.types.is_string(t):
        return pa.array(_strings(s), type=t)
    if pa.types.is_date32(t):
        return pa.array([_date(v) for v in s.tolist()], type=t)
    if pa.types.is_timestamp(t):
        ts = pd.to_datetime(s, utc=True, errors="raise", format="ISO8601" if s.dtype == object else None)
        return pa.Array.from_pandas(ts.dt.floor("us")).cast(t)
    if pa.types.is_floating(t):
        return pa.array(_numbers(s).astype("float64").to_numpy(), type=t, from_pandas=True)
    if pa.types.is_integer(t):
        return _ints(s, t)
    if pa.types.is_boolean(t):
        return pa.array(_bools(s), type=t)
    if pa.types.is_list(t):
        return pa.array(_string_lists(s), type=t)
    raise TypeError(f"no conversion for {t}")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def to_arrow(table: str, df: pd.DataFrame) -> pa.Table:
    """Cast a frame to the table's schema (plain strings; a frame without rows may lack columns); else SchemaDrift."""
    sch = schema(table)
    extra = [c for c in df.columns if c not in sch.names]
    if extra:
        raise SchemaDrift(f"{table}: columns not in the contract: {', '.join(map(str, extra))}")
    arrays = []
    for col in COLUMNS[table]:
        if col.name not in df.columns:
            if not col.nullable and len(df):
                raise SchemaDrift(f"{table}: missing column {col.name!r}")
            arrays.append(pa.nulls(len(df), type=col.type))
            continue
        try:
            arr = _array(df[col.name], col.type)
        except (TypeError, ValueError, OverflowError, pa.ArrowException) as exc:
            raise SchemaDrift(
                f"{table}.{col.name}: cannot be read as {type_name(col.type)}: {_one_line(exc)}"
            ) from exc
        if arr.null_count and not col.nullable:
            raise SchemaDrift(f"{table}.{col.name}: {arr.null_count} null values in a non-null column")
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=sch)


def conform(table: str, data: pa.Table) -> pa.Table:
    """Bring an arrow table read from disk to the current schema (adds nullable columns a file lacks)."""
    sch = schema(table)
    arrays = []
    for col in COLUMNS[table]:
        if col.name in data.column_names:
            try:
                arrays.append(data.column(col.name).cast(col.type))
            except pa.ArrowException as exc:
                raise SchemaDrift(
                    f"{table}.{col.name}: stored type does not match: {_one_line(exc)}"
                ) from exc
        elif col.nullable:
            arrays.append(pa.nulls(data.num_rows, type=col.type))
        else:
            raise SchemaDrift(f"{table}: stored file lacks column {col.name!r}")
    return pa.Table.from_arrays(arrays, schema=sch)


def from_arrow(table: str, data: pa.Table) -> pd.DataFrame:
    """The canonical pandas frame of a table: str columns, dates as datetime.date, UTC timestamps."""
    return conform(table, data).to_pandas()


def empty_frame(table: str) -> pd.DataFrame:
    """A frame with the table's columns and no rows."""
    return from_arrow(table, schema(table).empty_table())


def canonical(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Round-trip a frame through the schema, so every writer and reader sees the same dtypes."""
    return from_arrow(table, to_arrow(table, df))


def _isin(values: frozenset[str], **kw: Any) -> Any:
    return pap.Field(isin=sorted(values), **kw)


def _finite(s: pd.Series) -> pd.Series:
    return s.isna() | np.isfinite(s.astype("float64"))


Date = pandas_engine.Date
HEX64 = r"^[0-9a-f]{64}$"


class DocumentsModel(pap.DataFrameModel):
    """documents: vocabulary, non-null keys, sizes."""

    doc_id: Series[str] = pap.Field(str_matches=HEX64)
    source: Series[str] = _isin(DOC_SOURCES)
    url: Series[str] = pap.Field(nullable=True)
    title: Series[str] = pap.Field(nullable=True)
    published_at: Series[Date] = pap.Field(nullable=True)
    fetched_at: Series[pd.DatetimeTZDtype] = pap.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})
    content_type: Series[str] = pap.Field(nullable=True)
    byte_size: Series[np.int64] = pap.Field(ge=0)
    raw_path: Series[str] = pap.Field(str_matches=r"^raw/[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]+$")
    parser: Series[str] = pap.Field(nullable=True)
    parser_version: Series[str] = pap.Field(nullable=True)
    status: Series[str] = _isin(DOC_STATUSES)
    error: Series[str] = pap.Field(nullable=True)
    fact_count: Series[np.int32] = pap.Field(ge=0)
    origin: Series[str] = _isin(DOC_ORIGINS, nullable=True)

    class Config:
        strict = True
        ordered = True

    @pap.dataframe_check
    def failed_has_error(cls, df: pd.DataFrame) -> pd.Series:
        """A failed document names its error."""
        return (df["status"] != "failed") | df["error"].notna()


class FactsModel(pap.DataFrameModel):
    """facts: vocabulary, non-null keys, finite values, consistent periods and units."""

    fact_id: Series[str] = pap.Field(str_length={"min_value": 1})
    entity: Series[str] = _isin(ENTITIES)
    metric: Series[str] = _isin(METRICS)
    segment: Series[str] = _isin(SEGMENTS)
    basis: Series[str] = _isin(BASES)
    measure: Series[str] = _isin(MEASURES)
    period_type: Series[str] = _isin(PERIOD_TYPES)
    period_start: Series[Date]
    period_end: Series[Date]
    period_label: Series[str] = pap.Field(str_length={"min_value": 4})
    value: Series[float]
    unit: Series[str] = _isin(UNITS)
    qualifier: Series[str] = _isin(QUALIFIERS)
    is_estimate: Series[bool]
    reported_text: Series[str] = pap.Field(str_length={"min_value": 1})
    locator: Series[str] = pap.Field(str_length={"min_value": 1})
    snippet: Series[str] = pap.Field(str_length={"min_value": 1, "max_value": 240})
    doc_id: Series[str] = pap.Field(str_matches=HEX64)
    source: Series[str] = _isin(DOC_SOURCES)
    published_at: Series[Date] = pap.Field(nullable=True)
    parser_version: Series[str]
    extracted_at: Series[pd.DatetimeTZDtype] = pap.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})

    class Config:
        strict = True
        ordered = True

    @pap.check("value", name="finite")
    def value_finite(cls, s: pd.Series) -> pd.Series:
        """Values are finite numbers."""
        return _finite(s)

    @pap.dataframe_check
    def period_ordered(cls, df: pd.DataFrame) -> pd.Series:
        """period_start <= period_end."""
        return pd.Series(
            [a <= b for a, b in zip(df["period_start"], df["period_end"], strict=True)], index=df.index
        )

    @pap.dataframe_check
    def pct_measures_in_pct(cls, df: pd.DataFrame) -> pd.Series:
        """Growth, margin and share measures are in percent."""
        return ~df["measure"].isin(sorted(PCT_MEASURES)) | (df["unit"] == "pct")


class FactsLatestModel(FactsModel):
    """facts_latest: the facts checks plus its own columns."""

    restated: Series[bool]
    first_published_at: Series[Date] = pap.Field(nullable=True)
    conflict: Series[bool]
    n_sources: Series[np.int32] = pap.Field(ge=1)

    class Config:
        strict = True
        ordered = True


class MetricsModel(pap.DataFrameModel):
    """metrics: vocabulary, non-null keys, finite values."""

    metric_id: Series[str] = pap.Field(str_length={"min_value": 1})
    entity: Series[str] = _isin(ENTITIES)
    segment: Series[str] = _isin(SEGMENTS)
    period_label: Series[str] = pap.Field(str_length={"min_value": 4})
    period_type: Series[str] = _isin(PERIOD_TYPES)
    period_end: Series[Date]
    value: Series[float]
    unit: Series[str] = _isin(UNITS)
    qualifier: Series[str] = _isin(QUALIFIERS)
    method: Series[str] = _isin(METRIC_METHODS)
    computed_value: Series[float] = pap.Field(nullable=True)
    reported_value: Series[float] = pap.Field(nullable=True)
    diff: Series[float] = pap.Field(nullable=True)
    computed_low: Series[float] = pap.Field(nullable=True)
    computed_high: Series[float] = pap.Field(nullable=True)
    inputs: Series[object]
    formula: Series[str] = pap.Field(nullable=True)
    run_id: Series[str]
    computed_at: Series[pd.DatetimeTZDtype] = pap.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})

    class Config:
        strict = True
        ordered = True

    @pap.check("value", "computed_value", "reported_value", "diff", "computed_low", "computed_high", name="finite")
    def finite(cls, s: pd.Series) -> pd.Series:
        """Metric values are finite numbers."""
        return _finite(s)

    @pap.dataframe_check
    def computed_has_value(cls, df: pd.DataFrame) -> pd.Series:
        """A computed metric carries its computed value."""
        return (df["method"] != "computed") | df["computed_value"].notna()

    @pap.dataframe_check
    def interval_holds_computed(cls, df: pd.DataFrame) -> pd.Series:
        """A rounding interval, where given, contains the computed value."""
        low, high, value = df["computed_low"], df["computed_high"], df["computed_value"]
        return low.isna() | high.isna() | ((low <= value + 1e-6) & (value <= high + 1e-6))


class EventsModel(pap.DataFrameModel):
    """events: vocabulary and non-null keys."""

    event_date: Series[Date]
    entity: Series[str] = _isin(ENTITIES)
    kind: Series[str] = _isin(EVENT_KINDS)
    description: Series[str] = pap.Field(str_length={"min_value": 1})
    doc_id: Series[str] = pap.Field(str_matches=HEX64)
    snippet: Series[str] = pap.Field(nullable=True)

    class Config:
        strict = True
        ordered = True


class QualityChecksModel(pap.DataFrameModel):
    """quality_checks: severity and status vocabulary."""

    run_id: Series[str]
    check: Series[str] = pap.Field(str_length={"min_value": 1})
    table: Series[str]
    severity: Series[str] = _isin(SEVERITIES)
    status: Series[str] = _isin(CHECK_STATUSES)
    failing_rows: Series[np.int64] = pap.Field(ge=0)
    details: Series[str] = pap.Field(nullable=True)
    checked_at: Series[pd.DatetimeTZDtype] = pap.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})

    class Config:
        strict = True
        ordered = True


class RunsModel(pap.DataFrameModel):
    """runs: status vocabulary, counts, time order."""

    run_id: Series[str] = pap.Field(str_length={"min_value": 1})
    flow_run_id: Series[str] = pap.Field(nullable=True)
    started_at: Series[pd.DatetimeTZDtype] = pap.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})
    finished_at: Series[pd.DatetimeTZDtype] = pap.Field(
        nullable=True, dtype_kwargs={"unit": "us", "tz": "UTC"}
    )
    status: Series[str] = _isin(RUN_STATUSES)
    source: Series[str] = pap.Field(str_length={"min_value": 1})
    docs_seen: Series[np.int64] = pap.Field(ge=0)
    docs_new: Series[np.int64] = pap.Field(ge=0)
    docs_unchanged: Series[np.int64] = pap.Field(ge=0)
    docs_failed: Series[np.int64] = pap.Field(ge=0)
    facts_written: Series[np.int64] = pap.Field(ge=0)
    metrics_written: Series[np.int64] = pap.Field(ge=0)
    code_version: Series[str] = pap.Field(nullable=True)

    class Config:
        strict = True
        ordered = True

    @pap.dataframe_check
    def finished_after_start(cls, df: pd.DataFrame) -> pd.Series:
        """finished_at is not before started_at."""
        return df["finished_at"].isna() | (df["finished_at"] >= df["started_at"])


MODELS: dict[str, type[pap.DataFrameModel]] = {
    "documents": DocumentsModel,
    "facts": FactsModel,
    "facts_latest": FactsLatestModel,
    "metrics": MetricsModel,
    "events": EventsModel,
    "quality_checks": QualityChecksModel,
    "runs": RunsModel,
}


def schema_failures(table: str, df: pd.DataFrame) -> tuple[int, str]:
    """(failing rows, one-line summary) of a frame against its table's schema and pandera model."""
    try:
        frame = canonical(table, df)
    except SchemaDrift as exc:
        return max(len(df), 1), str(exc)
    return model_failures(table, frame)


def model_failures(table: str, frame: pd.DataFrame) -> tuple[int, str]:
    """(failing rows, one-line summary) of a canonical frame against its table's pandera model."""
    try:
        MODELS[table].validate(frame, lazy=True)
    except pap.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        rows = cases["index"].dropna().nunique() if "index" in cases else 0
        return max(int(rows), 1), _summarise(table, cases)
    return 0, ""


def _summarise(table: str, cases: pd.DataFrame) -> str:
    parts: list[str] = []
    frame_level = cases["schema_context"].eq("DataFrameSchema") & cases["index"].notna()
    for check, group in cases[frame_level].groupby("check", sort=False):
        parts.append(
            f"rows fail {check} ({group['index'].nunique()} rows, first index {group['index'].iloc[0]})"
        )
    for (column, check), group in cases[~frame_level].groupby(["column", "check"], dropna=False, sort=False):
        examples = ", ".join(repr(v) for v in group["failure_case"].drop_duplicates().head(3).tolist())
        where = column if isinstance(column, str) else "frame"
        name = re.sub(r"^isin\(.*\)$", "vocabulary", str(check))
        parts.append(f"{where} fails {name} ({len(group)}: {examples})")
    return f"{table}: " + "; ".join(parts[:5]) + ("; ..." if len(parts) > 5 else "")


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check a frame against its table's contract; return the canonical frame or raise SchemaDrift."""
    failing, summary = schema_failures(table, df)
    if failing:
        raise SchemaDrift(summary.replace("\n", " "))
    return canonical(table, df)
