"""The report's tables built from the published ones: key figures, Channels, industry, restatements, held back."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from report.series import _dates, _num, _text, quarter_index, quarter_label, quarter_range
from warehouse.publish import read_parquet_once, table_path, tables_dir
from warehouse.schemas import TABLES

TENCENT_FAMILY: frozenset[str] = frozenset({"tencent", "weixin", "qq", "wechat_channels"})
HELD_TABLE = "held"
HELD_COLUMNS: tuple[str, ...] = ("document", "locator", "snippet", "reason")
QUALIFIER_WORDS: dict[str, str] = {
    "eq": "as stated",
    "approx": "about",
    "gt": "more than",
    "gte": "at least",
    "lt": "less than",
    "lte": "at most",
}
ENTITY_LABELS: dict[str, str] = {
    "tencent": "Tencent",
    "weixin": "Weixin",
    "qq": "QQ",
    "wechat_channels": "Weixin Channels",
    "kuaishou": "Kuaishou",
    "douyin_ecommerce": "Douyin e-commerce",
    "china_live_ecommerce": "China live e-commerce",
    "china_online_retail": "China online retail",
    "china_online_retail_goods": "China online retail of physical goods",
    "china_ecommerce": "China e-commerce",
    "china_fmcg": "China FMCG",
    "china_offline_retail": "China offline retail",
}
METRIC_LABELS: dict[str, str] = {
    "revenue": "Revenue",
    "gross_profit": "Gross profit",
    "operating_profit": "Operating profit",
    "profit_attributable": "Profit attributable to equity holders",
    "profit_for_period": "Net profit",
    "eps_basic": "EPS, basic",
    "eps_diluted": "EPS, diluted",
    "mau": "Monthly active users",
    "gmv": "GMV",
    "sales": "Retail sales",
    "user_time_spent": "Total user time spent",
    "ad_revenue": "Marketing (ad) revenue",
    "orders": "Orders",
    "video_views": "Video views",
    "capex": "Capital expenditure",
    "total_cash": "Total cash",
}
SEGMENT_LABELS: dict[str, str] = {
    "total": "",
    "vas": "VAS",
    "marketing_services": "Marketing Services",
    "fintech_business_services": "FinTech and Business Services",
    "others": "Others",
    "domestic_games": "domestic games",
    "international_games": "international games",
    "online_games": "online games",
    "social_networks": "social networks",
    "fmcg": "FMCG",
}
MEASURE_LABELS: dict[str, str] = {"value": "level", "yoy_pct": "YoY %", "share_pct": "share %"}
BASIS_LABELS: dict[str, str] = {"ifrs": "IFRS", "non_ifrs": "non-IFRS", "na": ""}


@dataclass(frozen=True)
class KeyLine:
    """One line of the key-figures table: a level fact, or a margin of two of them."""

    key: str
    label: str
    entity: str = "tencent"
    metric: str = ""
    segment: str = "total"
    basis: str = "na"
    numerator: str = ""
    denominator: str = ""

    @property
    def is_margin(self) -> bool:
        """True for a ratio of two other lines (a margin in percent)."""
        return bool(self.numerator)


KEY_LINES: tuple[KeyLine, ...] = (
    KeyLine("revenue", "Revenue", metric="revenue"),
    KeyLine("revenue_vas", "  VAS", metric="revenue", segment="vas"),
    KeyLine("revenue_marketing_services", "  Marketing Services", metric="revenue", segment="marketing_services"),
    KeyLine("revenue_fintech", "  FinTech and Business Services", metric="revenue",
            segment="fintech_business_services"),
    KeyLine("revenue_others", "  Others", metric="revenue", segment="others"),
    KeyLine("gross_profit", "Gross profit", metric="gross_profit"),
    KeyLine("operating_profit_ifrs", "Operating profit (IFRS)", metric="operating_profit", basis="ifrs"),
    KeyLine("operating_profit_non_ifrs", "Operating profit (non-IFRS)", metric="operating_profit",
            basis="non_ifrs"),
    KeyLine("net_profit_ifrs", "Net profit (IFRS)", metric="profit_for_period", basis="ifrs"),
    KeyLine("net_profit_non_ifrs", "Net profit (non-IFRS)", metric="profit_for_period", basis="non_ifrs"),
    KeyLine("profit_attributable_ifrs", "Profit attributable (IFRS)", metric="profit_attributable",
            basis="ifrs"),
    KeyLine("profit_attributable_non_ifrs", "Profit attributable (non-IFRS)", metric="profit_attributable",
            basis="non_ifrs"),
    KeyLine("gross_margin", "Gross margin", numerator="gross_profit", denominator="revenue"),
    KeyLine("operating_margin_ifrs", "Operating margin (IFRS)", numerator="operating_profit_ifrs",
            denominator="revenue"),
    KeyLine("operating_margin_non_ifrs", "Operating margin (non-IFRS)", numerator="operating_profit_non_ifrs",
            denominator="revenue"),
    KeyLine("net_margin_attributable_non_ifrs", "Attributable margin (non-IFRS)",
            numerator="profit_attributable_non_ifrs", denominator="revenue"),
    KeyLine("weixin_mau", "Weixin and WeChat MAU", entity="weixin", metric="mau"),
)
KEY_COLUMNS: tuple[str, ...] = (
    "quarter", "line", "label", "value", "unit", "qualifier", "yoy", "yoy_unit", "yoy_source",
)


def _column(frame: pd.DataFrame, name: str, default: object = "") -> pd.Series:
    """A column as given, or a constant one when the frame lacks it."""
    return frame[name] if name in frame.columns else pd.Series(default, index=frame.index, dtype=object)


def _key_columns(facts: pd.DataFrame) -> pd.DataFrame:
    """The key columns _facts_of compares, as text with their defaults filled in, computed once per frame."""
    return pd.DataFrame({
        "entity": _text(_column(facts, "entity")), "metric": _text(_column(facts, "metric")),
        "segment": _text(_column(facts, "segment")).replace("", "total"),
        "basis": _text(_column(facts, "basis")).replace("", "na"), "measure": _text(_column(facts, "measure")),
        "period_type": _text(_column(facts, "period_type")),
    }, index=facts.index)


def _facts_of(facts: pd.DataFrame, entity: str, metric: str, segment: str, basis: str, measure: str,
              keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quarterly rows of one natural key without its period (basis `na` also matches a missing basis)."""
    if facts.empty:
        return facts
    keys = _key_columns(facts) if keys is None else keys
    mask = (
        (keys["entity"] == entity)
        & (keys["metric"] == metric)
        & (keys["segment"] == segment)
        & (keys["basis"] == basis)
        & (keys["measure"] == measure)
        & (keys["period_type"] == "quarter")
    )
    return facts[mask]


def _by_quarter(rows: pd.DataFrame) -> dict[str, tuple[float, str, str]]:
    """value, qualifier and unit by quarter label (first row of each quarter)."""
    out: dict[str, tuple[float, str, str]] = {}
    values = _num(_column(rows, "value", None))
    for label, value, qualifier, unit in zip(_text(_column(rows, "period_label")), values,
                                             _text(_column(rows, "qualifier")).replace("", "eq"),
                                             _text(_column(rows, "unit")), strict=True):
        if quarter_index(label) is not None and not math.isnan(value) and label not in out:
            out[label] = (float(value), qualifier, unit)
    return out


def _level_line(facts: pd.DataFrame, line: KeyLine, keys: pd.DataFrame | None = None) -> list[dict[str, object]]:
    """The rows of one level line: value by quarter, with the stated YoY or one computed from levels."""
    levels = _by_quarter(_facts_of(facts, line.entity, line.metric, line.segment, line.basis, "value", keys))
    stated = _by_quarter(_facts_of(facts, line.entity, line.metric, line.segment, line.basis, "yoy_pct", keys))
    rows = []
    for label in sorted(set(levels) | set(stated), key=lambda q: quarter_index(q) or 0):
        value, qualifier, unit = levels.get(label, (math.nan, "", ""))
        yoy, source = math.nan, ""
        if label in stated:
            yoy, source = stated[label][0], "stated"
            if stated[label][1] != "eq":
                source = f"stated ({QUALIFIER_WORDS.get(stated[label][1], stated[label][1])})"
        else:
            before = levels.get(quarter_label((quarter_index(label) or 0) - 4))
            if before and not math.isnan(value) and qualifier == "eq" and before[1] == "eq" and before[0] > 0:
                yoy, source = (value / before[0] - 1) * 100, "computed"
        rows.append({"quarter": label, "line": line.key, "label": line.label.strip(), "value": value,
                     "unit": unit, "qualifier": qualifier, "yoy": yoy, "yoy_unit": "pct", "yoy_source": source})
    return rows


def _margin_line(found: dict[str, dict[str, dict[str, object]]], line: KeyLine) -> list[dict[str, object]]:
    """The rows of one margin line from two level lines, with its change in points against a year before."""
    top, bottom = found.get(line.numerator, {}), found.get(line.denominator, {})
    margins: dict[str, float] = {}
    for label, row in top.items():
        base = bottom.get(label)
        if base is None or row["qualifier"] != "eq" or base["qualifier"] != "eq":
            continue
        num, den = float(row["value"]), float(base["value"])  # type: ignore[arg-type]
        if not math.isnan(num) and not math.isnan(den) and den > 0:
            margins[label] = num / den * 100
    rows = []
    for label in sorted(margins, key=lambda q: quarter_index(q) or 0):
        before = margins.get(quarter_label((quarter_index(label) or 0) - 4))
        change = margins[label] - before if before is not None else math.nan
        rows.append({"quarter": label, "line": line.key, "label": line.label.strip(), "value": margins[label],
                     "unit": "pct", "qualifier": "eq", "yoy": change, "yoy_unit": "pt",
                     "yoy_source": "computed" if before is not None else ""})
    return rows


def key_figures(facts: pd.DataFrame) -> pd.DataFrame:
    """The key figures, one row per line and quarter: value, unit, qualifier and YoY (stated or computed)."""
    found: dict[str, dict[str, dict[str, object]]] = {}
    rows: list[dict[str, object]] = []
    keys = _key_columns(facts) if not facts.empty else None
    for line in KEY_LINES:
        part = _margin_line(found, line) if line.is_margin else _level_line(facts, line, keys)
        found[line.key] = {str(r["quarter"]): r for r in part}
        rows += part
    frame = pd.DataFrame(rows, columns=list(KEY_COLUMNS))
    if frame.empty:
        return frame
    order = {line.key: i for i, line in enumerate(KEY_LINES)}
    frame["_q"] = frame["quarter"].map(quarter_index)
    frame["_l"] = frame["line"].map(order)
    return frame.sort_values(["_q", "_l"]).drop(columns=["_q", "_l"]).reset_index(drop=True)


def key_figures_wide(key: pd.DataFrame, quarters: Sequence[str] | None = None) -> pd.DataFrame:
    """The key figures as lines x quarters (value and YoY columns per quarter), for a spreadsheet."""
    labels = list(quarters) if quarters is not None else quarter_range(key["quarter"]) if not key.empty else []
    records = []
    for line in KEY_LINES:
        part = key[key["line"] == line.key].set_index("quarter") if not key.empty else pd.DataFrame()
        record: dict[str, object] = {"line": line.label.strip(), "unit": _line_unit(line)}
        for label in labels:
            found = label in part.index
            record[label] = _scaled(part.at[label, "value"], part.at[label, "unit"]) if found else None
            record[f"{label} YoY"] = part.at[label, "yoy"] if found else None
        records.append(record)
    return pd.DataFrame.from_records(records)


def _line_unit(line: KeyLine) -> str:
    """The unit a line is shown in."""
    if line.is_margin:
        return "% of revenue"
    return "million" if line.metric == "mau" else "RMB bn"


def _scaled(value: object, unit: object) -> float | None:
    """A value in the unit its line is shown in: CNY in billions, counts in millions, percent as is."""
    number = float(value) if value is not None and not pd.isna(value) else math.nan  # type: ignore[arg-type]
    if math.isnan(number):
        return None
    if unit in {"CNY", "USD", "HKD"}:
        return number / 1e9
    if unit == "count":
        return number / 1e6
    return number


def describe(entity: object, metric: object, segment: object = "total", basis: object = "na",
             measure: object = "value") -> str:
    """A human name of a natural key: 'Tencent Revenue, Marketing Services (IFRS), YoY %'."""
    who = ENTITY_LABELS.get(str(entity), str(entity).replace("_", " "))
    what = METRIC_LABELS.get(str(metric), str(metric).replace("_", " ").capitalize())
    seg = SEGMENT_LABELS.get(str(segment), str(segment).replace("_", " "))
    text = f"{who}: {what}" + (f", {seg}" if seg else "")
    if BASIS_LABELS.get(str(basis), str(basis)):
        text += f" ({BASIS_LABELS.get(str(basis), str(basis))})"
    if str(measure) != "value":
        text += f", {MEASURE_LABELS.get(str(measure), str(measure))}"
    return text


def _documents_by_id(documents: pd.DataFrame) -> dict[str, dict[str, object]]:
    """Document rows by doc_id."""
    if documents is None or documents.empty or "doc_id" not in documents.columns:
        return {}
    return {str(r["doc_id"]): r for r in documents.to_dict("records")}


def document_name(doc: dict[str, object] | None, fallback: object = "") -> str:
    """A document's title and date ('Tencent Announces ... (2024-03-20)'), or the fallback source."""
    if not doc:
        return str(fallback or "")
    title = doc.get("title")
    title = title if isinstance(title, str) and title.strip() else doc.get("url") or doc.get("source") or ""
    when = doc.get("published_at")
    return f"{title} ({when})" if when is not None and not pd.isna(when) else str(title)


def family_facts(facts: pd.DataFrame, documents: pd.DataFrame, entities: Iterable[str] | None = None,
                 exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Facts of some entities with human names, qualifier words and their documents, latest period first."""
    columns = ["figure", "period", "period_type", "value", "unit", "qualifier", "qualifier_words",
               "estimate", "as_written", "document", "url"]
    if facts.empty or "entity" not in facts.columns:
        return pd.DataFrame(columns=columns)
    entity = _text(facts["entity"])
    mask = entity.isin(set(entities)) if entities is not None else ~entity.isin(set(exclude))
    rows = facts[mask]
    docs = _documents_by_id(documents)
    records = []
    for r in rows.assign(_end=_dates(_column(rows, "period_end", None))).sort_values(
            ["_end"], ascending=False, kind="mergesort", na_position="last").to_dict("records"):
        qualifier = str(r.get("qualifier") or "eq")
        doc = docs.get(str(r.get("doc_id")))
        records.append({
            "figure": describe(r.get("entity"), r.get("metric"), r.get("segment") or "total",
                               r.get("basis") or "na", r.get("measure") or "value"),
            "period": r.get("period_label"), "period_type": r.get("period_type"), "value": r.get("value"),
            "unit": r.get("unit"), "qualifier": qualifier, "qualifier_words": QUALIFIER_WORDS.get(qualifier, qualifier),
            "estimate": bool(r.get("is_estimate")) if r.get("is_estimate") is not None
            and not pd.isna(r.get("is_estimate")) else False,
            "as_written": r.get("reported_text"), "document": document_name(doc, r.get("source")),
            "url": (doc or {}).get("url"),
        })
    return pd.DataFrame.from_records(records, columns=columns)


NATURAL_KEY: tuple[str, ...] = ("entity", "metric", "segment", "basis", "measure", "period_label")


def restatements(facts_latest: pd.DataFrame, facts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Restated figures as original -> restated, each with the document and date that gave it."""
    columns = ["figure", "period", "unit", "original", "original_document", "original_date",
               "restated", "restated_document", "restated_date"]
    if facts_latest.empty or "restated" not in facts_latest.columns or not set(NATURAL_KEY) <= set(facts.columns):
        return pd.DataFrame(columns=columns)
    flag = facts_latest["restated"].astype("boolean").fillna(False).astype(bool)
    docs = _documents_by_id(documents)
    history = facts.assign(_when=_dates(_column(facts, "published_at", None)))
    latest_rows = facts_latest[flag]
    names = zip(*(_text(latest_rows[k]) for k in NATURAL_KEY), strict=True)
    keys = dict(zip(names, latest_rows.to_dict("records"), strict=True))
    wanted = [key in keys for key in zip(*(_text(history[k]) for k in NATURAL_KEY), strict=True)]
    history = history[pd.Series(wanted, index=history.index, dtype=bool)]
    grouped = {key: part for key, part in history.groupby([_text(history[k]) for k in NATURAL_KEY]) if key in keys}
    records = []
    for key, latest in sorted(keys.items()):
        part = grouped.get(key)
        if part is None or part.empty:
            continue
        part = part.sort_values("_when", kind="mergesort", na_position="last")
        first = part.iloc[0].to_dict()
        if first.get("doc_id") == latest.get("doc_id"):
            others = part[part["doc_id"] != latest.get("doc_id")]
            if others.empty:
                continue
            first = others.iloc[0].to_dict()
        records.append({
            "figure": describe(key[0], key[1], key[2], key[3], key[4]), "period": key[5], "unit": latest.get("unit"),
            "original": first.get("value"), "original_document": document_name(docs.get(str(first.get("doc_id"))),
                                                                            first.get("source")),
            "original_date": first.get("published_at"),
            "restated": latest.get("value"), "restated_document": document_name(docs.get(str(latest.get("doc_id"))),
                                                                             latest.get("source")),
            "restated_date": latest.get("published_at"),
        })
    return pd.DataFrame.from_records(records, columns=columns)


def _held_from_notes(notes: Sequence[str]) -> pd.DataFrame:
    """Held-back notes of the form 'document: reason: as written' as rows."""
    records = []
    for note in notes:
        document, _, rest = str(note).partition(": ")
        reason, _, text = rest.partition(": ")
        records.append({"document": document, "locator": "", "snippet": text, "reason": reason})
    return pd.DataFrame.from_records(records, columns=list(HELD_COLUMNS))


def _held_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The published `held` table in the report's columns: the document by its URL (else its id), the snippet
    (else the figure as written)."""
    out = frame.copy()
    if "document" not in out.columns and {"url", "doc_id"} <= set(out.columns):
        out["document"] = out["url"].where(out["url"].fillna("").astype(str).str.len() > 0, out["doc_id"])
    if "snippet" in out.columns and "reported_text" in out.columns:
        out["snippet"] = out["snippet"].where(out["snippet"].fillna("").astype(str).str.len() > 0, out["reported_text"])
    return out


def held_back(data_dir: str | os.PathLike[str], notes: Sequence[str] | None = None) -> pd.DataFrame | None:
    """Values held back with their reasons: the published `held` table when there is one, else the run's notes.

    None when neither is known (a report drawn again later, from tables without a `held` table).
    """
    path = table_path(data_dir, HELD_TABLE) if HELD_TABLE in TABLES else tables_dir(data_dir) / f"{HELD_TABLE}.parquet"
    if path.is_file():
        try:
            frame = read_parquet_once(Path(path)).to_pandas()
        except (OSError, ValueError, pa.ArrowException):
            frame = None
        if frame is not None:
            frame = _held_rows(frame)
            for column in HELD_COLUMNS:
                if column not in frame.columns:
                    frame[column] = ""
            return frame[list(HELD_COLUMNS)].reset_index(drop=True)
    if notes is None:
        return None
    return _held_from_notes(notes)
