"""Series for the report built from the published tables: levels, growth, shares and dated events."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

from report.formats import blank

MIX_SEGMENTS: tuple[str, ...] = ("vas", "marketing_services", "fintech_business_services", "others")
LIVE_ENTITIES: tuple[str, ...] = ("china_live_ecommerce", "douyin_ecommerce", "kuaishou", "wechat_channels")
ENTITY_SHORT: dict[str, str] = {
    "tencent": "Tencent",
    "weixin": "Weixin",
    "qq": "QQ",
    "wechat_channels": "Channels",
    "kuaishou": "Kuaishou",
    "douyin_ecommerce": "Douyin",
}
MARKETING_EVENT_ENTITIES: frozenset[str] = frozenset({"tencent", "weixin", "wechat_channels"})
CHANNELS_EVENT_ENTITIES: frozenset[str] = frozenset({"weixin", "wechat_channels"})
CHART_EVENT_KINDS_SKIPPED: frozenset[str] = frozenset({"results"})
MIN_COVERAGE = 95.0
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
LIVE_METRICS: frozenset[str] = frozenset({"gmv", "sales"})
MAX_EVENTS_PER_CHART = 12
EVENT_LABEL_CHARS = 28


def quarter_index(label: object) -> int | None:
    """A running number of a quarter label ('2023Q4' -> 2023*4+3); None for any other label."""
    match = QUARTER.match(str(label))
    return int(match.group(1)) * 4 + int(match.group(2)) - 1 if match else None


def quarter_label(index: int) -> str:
    """The label of a running quarter number."""
    return f"{index // 4}Q{index % 4 + 1}"


def quarter_range(labels: Iterable[object]) -> list[str]:
    """Every quarter from the earliest to the latest of the labels, gaps included."""
    indexes = [i for i in (quarter_index(label) for label in labels) if i is not None]
    if not indexes:
        return []
    return [quarter_label(i) for i in range(min(indexes), max(indexes) + 1)]


def ascii_label(text: object, limit: int = EVENT_LABEL_CHARS) -> str:
    """Text shortened to `limit` characters when it is printable ASCII after NFKC folding, else empty."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    folded = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    if not folded or any(not 32 <= ord(ch) < 127 for ch in folded):
        return ""
    if len(folded) > limit:
        folded = folded[: limit - 3].rstrip() + "..."
    return folded


def event_label(description: object, kind: object, entity: object) -> str:
    """A short English chart label: the description when it is ASCII, else entity and kind ('Channels launch')."""
    label = ascii_label(description)
    if label:
        return label
    who = ENTITY_SHORT.get(str(entity), ascii_label(entity, 16))
    return " ".join(part for part in (who, ascii_label(kind, 16)) if part) or "event"


def _dates(series: pd.Series) -> pd.Series:
    """Parse a column of dates or timestamps into naive pandas timestamps (NaT when unparseable)."""
    parsed = pd.to_datetime(series, errors="coerce", utc=True)
    return parsed.dt.tz_localize(None)


def _num(series: pd.Series) -> pd.Series:
    """Coerce a column to float (NaN when not a number)."""
    return pd.to_numeric(series, errors="coerce").astype("float64")


def _text(series: pd.Series) -> pd.Series:
    """Coerce a column to plain Python strings with missing values as empty strings."""
    return series.astype("object").where(series.notna(), "").astype(str)


def _select(df: pd.DataFrame, **equals: str) -> pd.DataFrame:
    """Rows whose columns equal the given values; empty when a column is missing."""
    mask = pd.Series(True, index=df.index)
    for column, wanted in equals.items():
        if column not in df.columns:
            return df.iloc[0:0]
        mask &= _text(df[column]) == wanted
    return df[mask]


def marketing_revenue_series(facts: pd.DataFrame) -> pd.DataFrame:
    """Tencent marketing services quarterly revenue levels: period_label, period_end, value_bn, qualifier."""
    rows = _select(
        facts,
        entity="tencent",
        metric="revenue",
        segment="marketing_services",
        measure="value",
        period_type="quarter",
    )
    columns = ["period_label", "period_end", "value_bn", "qualifier"]
    if rows.empty or "unit" not in rows.columns:
        return pd.DataFrame(columns=columns)
    rows = rows[_text(rows["unit"]) == "CNY"]
    out = pd.DataFrame(
        {
            "period_label": _text(rows["period_label"]),
            "period_end": _dates(rows["period_end"]),
            "value_bn": _num(rows["value"]) / 1e9,
            "qualifier": _text(rows["qualifier"]).replace("", "eq"),
        },
        columns=columns,
    )
    out = out.dropna(subset=["period_end", "value_bn"])
    return out.sort_values("period_end").reset_index(drop=True)


def metric_series(metrics: pd.DataFrame, metric_id: str, entity: str | None = None) -> pd.DataFrame:
    """One derived metric by period: period_label, period_end, value, qualifier, method, reported_value."""
    rows = _select(metrics, metric_id=metric_id)
    if entity is not None and len(rows) and "entity" in rows.columns:
        rows = rows[_text(rows["entity"]) == entity]
    columns = ["period_label", "period_end", "value", "qualifier", "method", "reported_value", "origin"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(
        {
            "period_label": _text(rows["period_label"]),
            "period_end": _dates(rows["period_end"]),
            "value": _num(rows["value"]),
            "qualifier": _text(rows["qualifier"]).replace("", "eq"),
            "method": _text(rows["method"]),
            "reported_value": _num(rows["reported_value"])
            if "reported_value" in rows.columns
            else float("nan"),
            "origin": "metrics",
        }
    )
    out = out.dropna(subset=["period_end", "value"])
    return out.sort_values("period_end").reset_index(drop=True)[columns]


def fact_growth_series(facts: pd.DataFrame, entity: str, metric: str, segment: str = "total") -> pd.DataFrame:
    """Stated YoY growth facts of one entity and metric, in the metric_series layout."""
    rows = _select(facts, entity=entity, metric=metric, measure="yoy_pct")
    if len(rows) and "segment" in rows.columns:
        rows = rows[_text(rows["segment"]).isin([segment, ""])]
    columns = ["period_label", "period_end", "value", "qualifier", "method", "reported_value", "origin"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    values = _num(rows["value"])
    out = pd.DataFrame(
        {
            "period_label": _text(rows["period_label"]),
            "period_end": _dates(rows["period_end"]),
            "value": values,
            "qualifier": _text(rows["qualifier"]).replace("", "eq"),
            "method": "reported",
            "reported_value": values,
            "origin": "facts",
        }
    )
    out = out.dropna(subset=["period_end", "value"])
    return out.sort_values("period_end").reset_index(drop=True)[columns]


def growth_with_fallback(
    metrics: pd.DataFrame, facts: pd.DataFrame, metric_id: str, entity: str, metric: str, segment: str = "total"
) -> pd.DataFrame:
    """A growth series from metrics, filled from stated facts for periods the metrics lack."""
    derived = metric_series(metrics, metric_id, entity)
    stated = fact_growth_series(facts, entity, metric, segment)
    if not derived.empty:
        stated = stated[~stated["period_label"].isin(set(derived["period_label"]))]
    parts = [part for part in (derived, stated) if not part.empty]
    if not parts:
        return derived
    combined = pd.concat(parts, ignore_index=True)
    return combined.sort_values(["period_end", "period_label"]).reset_index(drop=True)


def segment_shares(facts: pd.DataFrame) -> pd.DataFrame:
    """Each segment's share (pct) of the quarter's total, for quarters whose segments cover it (>=95%)."""
    rows = _select(facts, entity="tencent", metric="revenue", measure="value", period_type="quarter")
    columns = ["period_label", "period_end", *MIX_SEGMENTS, "unallocated", "denominator"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {
            "period_label": _text(rows["period_label"]),
            "period_end": _dates(rows["period_end"]),
            "segment": _text(rows["segment"]),
            "value": _num(rows["value"]),
        }
    ).dropna(subset=["value", "period_end"])
    wide = frame.pivot_table(
        index=["period_label", "period_end"], columns="segment", values="value", aggfunc="first"
    )
    records: list[dict[str, object]] = []
    for (label, end), row in wide.iterrows():
        present = {seg: float(row[seg]) for seg in MIX_SEGMENTS if seg in row.index and pd.notna(row[seg])}
        if len(present) < 2:
            continue
        parts = sum(present.values())
        total = float(row["total"]) if "total" in row.index and pd.notna(row["total"]) else float("nan")
        use_total = not math.isnan(total) and total > 0 and parts <= total * 1.005
        if use_total and parts < total * MIN_COVERAGE / 100:
            continue
        if not use_total and len(present) < len(MIX_SEGMENTS):
            continue
        denominator = total if use_total else parts
        if denominator <= 0:
            continue
        record: dict[str, object] = {"period_label": label, "period_end": end}
        for seg in MIX_SEGMENTS:
            record[seg] = present[seg] / denominator * 100 if seg in present else 0.0
        record["unallocated"] = max(0.0, (denominator - parts) / denominator * 100)
        record["denominator"] = "reported total" if use_total else "sum of segments"
        records.append(record)
    if not records:
        return pd.DataFrame(columns=columns)
    return (
        pd.DataFrame.from_records(records, columns=columns).sort_values("period_end").reset_index(drop=True)
    )


def live_ecommerce_series(facts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """GMV or sales levels (CNY) and YoY growth where no level exists for the same entity and period."""
    columns = [
        "entity",
        "period_label",
        "period_type",
        "period_end",
        "value",
        "qualifier",
        "is_estimate",
        "unit",
    ]
    if facts.empty or "metric" not in facts.columns:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=columns)
    rows = facts[_text(facts["metric"]).isin(LIVE_METRICS)]
    if rows.empty or "entity" not in rows.columns:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=columns)
    rows = rows[_text(rows["entity"]).isin(LIVE_ENTITIES)]
    if rows.empty:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=columns)
    estimate = rows["is_estimate"] if "is_estimate" in rows.columns else pd.Series(False, index=rows.index)
    frame = pd.DataFrame(
        {
            "entity": _text(rows["entity"]),
            "period_label": _text(rows["period_label"]),
            "period_type": _text(rows["period_type"]),
            "period_end": _dates(rows["period_end"]),
            "value": _num(rows["value"]),
            "qualifier": _text(rows["qualifier"]).replace("", "eq"),
            "is_estimate": estimate.astype("boolean").fillna(False).astype(bool),
            "unit": _text(rows["unit"]),
            "measure": _text(rows["measure"]),
            "segment": _text(rows["segment"]) if "segment" in rows.columns else "total",
        }
    ).dropna(subset=["period_end", "value"])
    levels = frame[(frame["measure"] == "value") & (frame["unit"] == "CNY") & (frame["value"] > 0)]
    level_keys = set(zip(levels["entity"], levels["period_label"], strict=True))
    growth = frame[frame["measure"] == "yoy_pct"]
    # A boolean Series, never a bare list: an empty list would select no columns instead of no rows.
    has_level = pd.Series([key in level_keys for key in zip(growth["entity"], growth["period_label"], strict=True)],
                          index=growth.index, dtype=bool)
    growth = growth[~has_level]
    levels = levels.sort_values(["entity", "period_end"]).reset_index(drop=True)[columns]
    growth = growth.sort_values(["entity", "period_end"]).reset_index(drop=True)[columns]
    return levels, growth


def chart_events(
    events: pd.DataFrame, entities: Iterable[str], start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Events of the given entities dated within [start, end], each with a short ASCII label."""
    columns = ["event_date", "label", "description"]
    if events.empty or pd.isna(start) or pd.isna(end) or "event_date" not in events.columns:
        return pd.DataFrame(columns=columns)
    wanted = set(entities)
    dates = _dates(events["event_date"])
    entity = _text(events["entity"]) if "entity" in events.columns else pd.Series("", index=events.index)
    kind = _text(events["kind"]) if "kind" in events.columns else pd.Series("", index=events.index)
    mask = entity.isin(wanted) & ~kind.isin(CHART_EVENT_KINDS_SKIPPED) & (dates >= start) & (dates <= end)
    if not mask.any():
        return pd.DataFrame(columns=columns)
    description = (
        events["description"] if "description" in events.columns else pd.Series("", index=events.index)
    )
    labels = [
        event_label(desc, k, who)
        for desc, k, who in zip(description[mask], kind[mask], entity[mask], strict=True)
    ]
    full = [" ".join(str(d).split()) if not blank(d) else label
            for d, label in zip(description[mask], labels, strict=True)]
    out = pd.DataFrame({"event_date": dates[mask].to_numpy(), "label": labels, "description": full})
    out = out.sort_values(["event_date", "label"]).drop_duplicates(["event_date", "description"])
    out = out.reset_index(drop=True)
    return out.head(MAX_EVENTS_PER_CHART)
