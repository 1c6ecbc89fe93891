"""The contract's tables, each declared once: columns (type, nulls, allowed values, meaning), key and row rules.

The arrow schemas, the pandas casts, the pandera schemas and a direct pandas screen of the same rules all derive
from these declarations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from common import one_line
from transforms.contract import (
    BASES,
    CHECK_STATUSES,
    DOC_ID_PATTERN,
    DOC_ORIGINS,
    DOC_SOURCES,
    DOC_STATUSES,
    ENTITIES,
    EVENT_KINDS,
    MEASURES,
    METRIC_METHODS,
    METRICS,
    NATURAL_KEY,
    PCT_MEASURES,
    PERIOD_TYPES,
    QUALIFIERS,
    RUN_STATUSES,
    SEGMENTS,
    SEVERITIES,
    SNIPPET_MAX,
    UNITS,
)
from warehouse.errors import SchemaDrift

__all__ = ["CHECK_STATUSES", "METRIC_METHODS", "NATURAL_KEY", "PCT_MEASURES"]

STRING = pa.string()
DATE = pa.date32()
TIMESTAMP = pa.timestamp("us", tz="UTC")
FLOAT = pa.float64()
INT64 = pa.int64()
INT32 = pa.int32()
BOOL = pa.bool_()
STRINGS = pa.list_(pa.string())

RAW_PATH_PATTERN = r"^raw/[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]+$"


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a contract table: name, arrow type, meaning, whether nulls are allowed, and what values are.

    `allowed` is a vocabulary; `pattern` a regular expression every value matches; `min_length`/`max_length`
    bound a string's length; `minimum` bounds a number from below; `finite` refuses infinities. Nulls are
    judged by `nullable` alone.
    """

    name: str
    type: pa.DataType
    meaning: str
    nullable: bool = False
    allowed: frozenset[str] | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    finite: bool = False


@dataclass(frozen=True, slots=True)
class RowRule:
    """A rule each row of a table keeps: its name, what it says, and the test over a frame (True per good row)."""

    name: str
    says: str
    holds: Callable[[pd.DataFrame], pd.Series]


_FACT_COLUMNS: tuple[Col, ...] = (
    Col(
        "fact_id",
        STRING,
        "stable hash of doc_id, locator, entity, metric, segment, basis, measure, period_label",
        min_length=1,
    ),
    Col("entity", STRING, "who the figure is about (vocabulary ENTITIES)", allowed=ENTITIES),
    Col("metric", STRING, "what is measured (vocabulary METRICS)", allowed=METRICS),
    Col("segment", STRING, "business segment; `total` for the whole entity (vocabulary SEGMENTS)",
        allowed=SEGMENTS),
    Col("basis", STRING, "accounting basis: `ifrs`, `non_ifrs`, or `na`", allowed=BASES),
    Col("measure", STRING, "`value` for a level, or `yoy_pct`, `qoq_pct`, `margin_pct`, `share_pct`",
        allowed=MEASURES),
    Col("period_type", STRING, "`quarter`, `half`, `nine_months`, `year`, `month`, `months` or `instant`",
        allowed=PERIOD_TYPES),
    Col("period_start", DATE, "first day of the span the figure covers (the as-at date for `instant`)"),
    Col("period_end", DATE, "last day of the span the figure covers (the as-at date for `instant`)"),
    Col(
        "period_label",
        STRING,
        "contract label of the period: `2024Q1`, `2024H1`, `2024Q1-Q3`, `2024`, `2024-03` ...",
        min_length=4,
    ),
    Col("value", FLOAT, "the figure in base units (CNY, count); percentages in percent (26.4 means 26.4 %)",
        finite=True),
    Col("unit", STRING, "`CNY`, `USD`, `HKD`, `pct`, `count`, `CNY_per_share` or `ratio`", allowed=UNITS),
    Col("qualifier", STRING, "`eq`, `approx`, `gt`, `gte`, `lt` or `lte`, as the text qualifies the figure",
        allowed=QUALIFIERS),
    Col("is_estimate", BOOL, "true for a forecast, target or expected figure"),
    Col("reported_text", STRING, "the figure exactly as written in the document", min_length=1),
    Col("locator", STRING, "where in the document: section/table/row/column, or character offsets",
        min_length=1),
    Col("snippet", STRING, f"at most {SNIPPET_MAX} characters of context containing reported_text",
        min_length=1, max_length=SNIPPET_MAX),
    Col("doc_id", STRING, "sha256 of the source document's bytes (documents.doc_id)", pattern=DOC_ID_PATTERN),
    Col("source", STRING, "source family of the document (documents.source)", allowed=DOC_SOURCES),
    Col("published_at", DATE, "publication date of the document", nullable=True),
    Col("parser_version", STRING, "version of the parser that read the figure"),
    Col("extracted_at", TIMESTAMP, "when the figure was extracted (UTC)"),
)

COLUMNS: dict[str, tuple[Col, ...]] = {
    "documents": (
        Col("doc_id", STRING, "sha256 hex of the document's bytes", pattern=DOC_ID_PATTERN),
        Col(
            "source",
            STRING,
            "source family: `tencent_ir`, `prnewswire`, `hkex`, `nbs`, `article`, `inbox` ...",
            allowed=DOC_SOURCES,
        ),
        Col("url", STRING, "where the document was fetched from", nullable=True),
        Col("title", STRING, "the document's title", nullable=True),
        Col("published_at", DATE, "publication date", nullable=True),
        Col("fetched_at", TIMESTAMP, "when the bytes were fetched (UTC)"),
        Col("content_type", STRING, "content type the bytes were served with", nullable=True),
        Col("byte_size", INT64, "size of the raw bytes", minimum=0),
        Col("raw_path", STRING, "path of the raw bytes relative to the data dir (`raw/ab/<sha256>.<ext>`)",
            pattern=RAW_PATH_PATTERN),
        Col("parser", STRING, "document family parser that read it", nullable=True),
        Col("parser_version", STRING, "version of that parser", nullable=True),
        Col("status", STRING, "`parsed`, `failed`, `quarantined` or `skipped`", allowed=DOC_STATUSES),
        Col("error", STRING, "one-line reason when the document failed; null otherwise", nullable=True),
        Col("fact_count", INT32, "number of facts taken from the document", minimum=0),
        Col(
            "origin",
            STRING,
            "where the bytes came from: `fetched` from its URL, `inbox` dropped by a user, or `reconstructed`"
            " (a bundled document written for the project from published figures; its `url` is then the real"
            " public page that states those figures, or null); null in rows published before the column existed",
            nullable=True,
            allowed=DOC_ORIGINS,
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
        Col("n_sources", INT32, "number of distinct documents giving a figure for this natural key",
            minimum=1),
    ),
    "metrics": (
        Col("metric_id", STRING, "derived metric identifier, e.g. `revenue_yoy_pct`, `ad_revenue_share_pct`",
            min_length=1),
        Col("entity", STRING, "who the metric is about (vocabulary ENTITIES)", allowed=ENTITIES),
        Col("segment", STRING, "business segment (vocabulary SEGMENTS)", allowed=SEGMENTS),
        Col("period_label", STRING, "contract label of the period", min_length=4),
        Col("period_type", STRING, "type of the period (vocabulary PERIOD_TYPES)", allowed=PERIOD_TYPES),
        Col("period_end", DATE, "last day of the period"),
        Col("value", FLOAT, "the metric: the stated figure when one exists and agrees with the computed one within "
            "rounding, else computed from levels, else the stated figure alone", finite=True),
        Col("unit", STRING, "unit of value (vocabulary UNITS)", allowed=UNITS),
        Col("qualifier", STRING, "qualifier of value (vocabulary QUALIFIERS)", allowed=QUALIFIERS),
        Col("method", STRING, "`computed`: value is computed from levels; `reported`: value is the stated figure",
            allowed=METRIC_METHODS),
        Col("computed_value", FLOAT, "value computed from level facts", nullable=True, finite=True),
        Col("reported_value", FLOAT, "value a document states", nullable=True, finite=True),
        Col("diff", FLOAT, "computed minus reported, in points", nullable=True, finite=True),
        Col("computed_low", FLOAT, "lowest value computed_value can take given the rounding of its printed inputs",
            nullable=True, finite=True),
        Col("computed_high", FLOAT, "highest value computed_value can take given the rounding of its printed inputs",
            nullable=True, finite=True),
        Col("inputs", STRINGS, "fact_ids the metric was computed from"),
        Col("formula", STRING, "how the metric was computed, in words", nullable=True),
        Col("run_id", STRING, "run that computed the metric"),
        Col("computed_at", TIMESTAMP, "when the metric was computed (UTC)"),
    ),
    "events": (
        Col("event_date", DATE, "when it happened"),
        Col("entity", STRING, "who it concerns (vocabulary ENTITIES)", allowed=ENTITIES),
        Col("kind", STRING, "`launch`, `reorganisation`, `policy`, `results`, `rename` or `event`",
            allowed=EVENT_KINDS),
        Col("description", STRING, "short description", min_length=1),
        Col("doc_id", STRING, "document that reports it", pattern=DOC_ID_PATTERN),
        Col("snippet", STRING, "context from that document", nullable=True),
    ),
    "held": (
        Col("doc_id", STRING, "document that states the figure (documents.doc_id)", pattern=DOC_ID_PATTERN),
        Col("url", STRING, "where the document was fetched from (documents.url)", nullable=True),
        Col("source", STRING, "source family of the document (documents.source)", allowed=DOC_SOURCES),
        Col("published_at", DATE, "publication date of the document", nullable=True),
        Col("reported_text", STRING, "the figure as written in the document"),
        Col("locator", STRING, "where in the document: section/table/row/column, or character offsets"),
        Col("snippet", STRING, f"at most {SNIPPET_MAX} characters of context around reported_text; null when the"
            " parser gave none and the text appears more than once", nullable=True, max_length=SNIPPET_MAX),
        Col("reason", STRING, "why the figure was held back: its unit, period, entity or basis is uncertain, the"
            " document contradicts it, its date is implausible ...", min_length=1),
        Col("entity", STRING, "who the figure is about, where the parser knew (vocabulary ENTITIES)",
            nullable=True, allowed=ENTITIES),
        Col("metric", STRING, "what is measured, where the parser knew (vocabulary METRICS)",
            nullable=True, allowed=METRICS),
        Col("segment", STRING, "business segment, where the parser knew (vocabulary SEGMENTS)",
            nullable=True, allowed=SEGMENTS),
        Col("basis", STRING, "accounting basis, where the parser knew (vocabulary BASES)",
            nullable=True, allowed=BASES),
        Col("measure", STRING, "level or growth measure, where the parser knew (vocabulary MEASURES)",
            nullable=True, allowed=MEASURES),
        Col("period_label", STRING, "contract label of the period, where the parser knew", nullable=True),
        Col("parser_version", STRING, "parser (kind/version) that held the figure back"),
        Col("extracted_at", TIMESTAMP, "when the document was parsed (UTC)"),
        Col("run_id", STRING, "run that published the row", min_length=1),
    ),
    "quality_checks": (
        Col("run_id", STRING, "run the check belongs to"),
        Col("check", STRING, "name of the check", min_length=1),
        Col("table", STRING, "table the check looked at"),
        Col("severity", STRING, "`error` fails the run and publishes nothing; `warn` is reported",
            allowed=SEVERITIES),
        Col("status", STRING, "`pass` or `fail`", allowed=CHECK_STATUSES),
        Col("failing_rows", INT64, "number of rows (or groups) failing the check", minimum=0),
        Col("details", STRING, "what failed, naming documents where it matters", nullable=True),
        Col("checked_at", TIMESTAMP, "when the check ran (UTC)"),
    ),
    "runs": (
        Col("run_id", STRING, "the pipeline's id of the run", min_length=1),
        Col("flow_run_id", STRING, "Prefect's flow run id", nullable=True),
        Col("started_at", TIMESTAMP, "when the run started (UTC)"),
        Col("finished_at", TIMESTAMP, "when the run finished (UTC)", nullable=True),
        Col("status", STRING, "`ok`, `partial` or `failed`", allowed=RUN_STATUSES),
        Col("source", STRING, "where the run read documents from: `snapshot`, `live` or `inbox`",
            min_length=1),
        Col("docs_seen", INT64, "documents listed by discovery", minimum=0),
        Col("docs_new", INT64, "documents whose bytes were new", minimum=0),
        Col("docs_unchanged", INT64, "documents whose bytes were already in the raw store", minimum=0),
        Col("docs_failed", INT64, "documents that failed to fetch or parse", minimum=0),
        Col("facts_written", INT64, "rows in the published facts table", minimum=0),
        Col("metrics_written", INT64, "rows in the published metrics table", minimum=0),
        Col("code_version", STRING, "version of the code that ran", nullable=True),
    ),
}


TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "facts": ("fact_id",),
    "facts_latest": NATURAL_KEY,
    "runs": ("run_id",),
}


def _failed_has_error(df: pd.DataFrame) -> pd.Series:
    return (df["status"] != "failed") | df["error"].notna()


def _period_ordered(df: pd.DataFrame) -> pd.Series:
    return pd.Series([a <= b for a, b in zip(df["period_start"], df["period_end"], strict=True)], index=df.index,
                     dtype=bool)


def _pct_measures_in_pct(df: pd.DataFrame) -> pd.Series:
    return ~df["measure"].isin(sorted(PCT_MEASURES)) | (df["unit"] == "pct")


def _computed_has_value(df: pd.DataFrame) -> pd.Series:
    return (df["method"] != "computed") | df["computed_value"].notna()


def _interval_holds_computed(df: pd.DataFrame) -> pd.Series:
    """A rounding interval, where given, contains the computed value."""
    low, high, value = df["computed_low"], df["computed_high"], df["computed_value"]
    return low.isna() | high.isna() | ((low <= value + 1e-6) & (value <= high + 1e-6))


def _finished_after_start(df: pd.DataFrame) -> pd.Series:
    return df["finished_at"].isna() | (df["finished_at"] >= df["started_at"])


_FACT_RULES = (
    RowRule("period_ordered", "period_start <= period_end", _period_ordered),
    RowRule("pct_measures_in_pct", "growth, margin and share measures are in percent", _pct_measures_in_pct),
)
ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "documents": (RowRule("failed_has_error", "a failed document names its error", _failed_has_error),),
    "facts": _FACT_RULES,
    "facts_latest": _FACT_RULES,
    "metrics": (
        RowRule("computed_has_value", "a computed metric carries its computed value", _computed_has_value),
        RowRule("interval_holds_computed", "a rounding interval, where given, contains the computed value",
                _interval_holds_computed),
    ),
    "runs": (RowRule("finished_after_start", "finished_at is not before started_at", _finished_after_start),),
}

TABLE_MEANINGS: dict[str, str] = {
    "documents": "one row per distinct source document (by content)",
    "facts": "one row per figure as a document states it",
    "facts_latest": "one row per natural key (entity, metric, segment, basis, measure, period_label)",
    "metrics": "derived metrics, one row per metric per period",
    "events": "dated happenings that explain the numbers",
    "held": "one row per figure a document states that was held back, never published, with the reason",
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
                f"{table}.{col.name}: cannot be read as {type_name(col.type)}: {one_line(exc)}"
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
                    f"{table}.{col.name}: stored type does not match: {one_line(exc)}"
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


def _finite(s: pd.Series) -> pd.Series:
    return s.isna() | np.isfinite(s.astype("float64"))


def _pandera_dtype(t: pa.DataType) -> Any:
    """The pandas dtype pandera checks for a column of arrow type `t` in a canonical frame."""
    from pandera.engines import pandas_engine

    if pa.types.is_string(t):
        return str
    if pa.types.is_date32(t):
        return pandas_engine.Date
    if pa.types.is_timestamp(t):
        return pd.DatetimeTZDtype(unit="us", tz="UTC")
    if pa.types.is_floating(t):
        return float
    if pa.types.is_boolean(t):
        return bool
    if pa.types.is_integer(t):
        return np.int32 if t == INT32 else np.int64
    return object


def _pandera_checks(col: Col) -> list[Any]:
    """The pandera checks of a column's declared values."""
    import pandera.pandas as pap

    checks = []
    if col.allowed is not None:
        checks.append(pap.Check.isin(_sorted(col.allowed)))
    if col.pattern is not None:
        checks.append(pap.Check.str_matches(col.pattern))
    if col.min_length is not None or col.max_length is not None:
        checks.append(pap.Check.str_length(min_value=col.min_length, max_value=col.max_length))
    if col.minimum is not None:
        checks.append(pap.Check.ge(col.minimum))
    if col.finite:
        checks.append(pap.Check(_finite, name="finite"))
    return checks


@cache
def model(table: str) -> Any:
    """The pandera DataFrameSchema of a contract table, built from its declaration (pandera loads on first use)."""
    import pandera.pandas as pap

    return pap.DataFrameSchema(
        {c.name: pap.Column(_pandera_dtype(c.type), checks=_pandera_checks(c), nullable=c.nullable)
         for c in columns(table)},
        checks=[pap.Check(rule.holds, name=rule.name) for rule in ROW_RULES.get(table, ())],
        strict=True,
        ordered=True,
        name=table,
    )


def _layout(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """A frame's (column, dtype) pairs in order."""
    return tuple((str(c), str(t)) for c, t in frame.dtypes.items())


@cache
def _canonical_layout(table: str) -> tuple[tuple[str, str], ...]:
    """The columns and dtypes every canonical frame of a table has (no column changes dtype with its nulls)."""
    return _layout(empty_frame(table))


@cache
def _sorted(values: frozenset[str]) -> list[str]:
    return sorted(values)


def _has_value_rules(col: Col) -> bool:
    """Whether a column declares anything about its values beyond their type and nulls."""
    return (col.allowed is not None or col.pattern is not None or col.min_length is not None
            or col.max_length is not None or col.minimum is not None or col.finite)


def _values_hold(col: Col, values: pd.Series) -> bool:
    """Whether every non-null value of a column keeps the column's declared values."""
    if values.empty:
        return True
    if col.allowed is not None and not values.isin(_sorted(col.allowed)).all():
        return False
    if col.pattern is not None and not values.str.match(col.pattern).all():
        return False
    if col.min_length is not None or col.max_length is not None:
        lengths = values.str.len()
        if col.min_length is not None and not (lengths >= col.min_length).all():
            return False
        if col.max_length is not None and not (lengths <= col.max_length).all():
            return False
    if col.minimum is not None and not (values >= col.minimum).all():
        return False
    return not col.finite or bool(np.isfinite(values.astype("float64")).all())


def passes_model(table: str, frame: pd.DataFrame) -> bool:
    """True when a canonical frame keeps every declared rule of its table, tested with pandas directly.

    The same rules pandera checks (see `model`); False means ask pandera, which names what fails.
    """
    if table not in COLUMNS or _layout(frame) != _canonical_layout(table):
        return False
    for col in COLUMNS[table]:
        values = frame[col.name]
        missing = values.isna()
        if missing.any():
            if not col.nullable:
                return False
            values = values[~missing]
        if _has_value_rules(col) and not _values_hold(col, values):
            return False
    return all(bool(rule.holds(frame).all()) for rule in ROW_RULES.get(table, ()))


def schema_failures(table: str, df: pd.DataFrame) -> tuple[int, str]:
    """(failing rows, one-line summary) of a frame against its table's schema and pandera model."""
    try:
        frame = canonical(table, df)
    except SchemaDrift as exc:
        return max(len(df), 1), str(exc)
    return model_failures(table, frame)


def model_failures(table: str, frame: pd.DataFrame) -> tuple[int, str]:
    """(failing rows, one-line summary) of a canonical frame against its table's pandera model."""
    import pandera.errors

    try:
        model(table).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
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
