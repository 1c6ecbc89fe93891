"""Derived metrics from facts_latest: growth, shares, trailing sums, margins, each checked against stated growth."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from transforms.normalise.numbers import printed_tolerance
from transforms.normalise.periods import from_label, month, prior_quarter, prior_year

TENCENT_SEGMENTS = (
    "total",
    "vas",
    "domestic_games",
    "international_games",
    "social_networks",
    "marketing_services",
    "fintech_business_services",
    "others",
)

METRIC_IDS = (
    "ad_revenue_yoy_pct",
    "ad_revenue_qoq_pct",
    "ad_revenue_share_pct",
    "revenue_yoy_pct",
    "revenue_ttm",
    "gross_margin_pct",
    "channels_time_spent_yoy_pct",
    "channels_ad_revenue_yoy_pct",
    "live_ecommerce_gmv_yoy_pct",
    "online_retail_month_sales",
)



@dataclass(frozen=True, slots=True)
class MetricDoc:
    """What the data dictionary says of one metric id: computation, inputs, periods, missing and restated inputs."""

    computed: str
    inputs: str
    periods: str
    missing: str


_GROWTH_RULE = (
    "(level / level a year before - 1) x 100 when both levels exist. `value` is the stated growth when the document "
    "states one exactly (qualifier `eq`) and it meets the computed growth's rounding interval, read with its own "
    "printed precision (a stated 21% stands for 20.5% to 21.5%): `method` `reported`. Otherwise `value` is the "
    "computed growth: `method` `computed`. Either way `computed_value`, `computed_low` and `computed_high` give the "
    "computed growth and the range the rounding of the printed levels allows, and `reported_value` the stated growth"
)
_MISSING_LEVEL = (
    "with a level missing, the stated growth alone (`method` `reported`, its qualifier kept); with neither, no row. "
    "A stated growth outside the computed one's rounding leaves the computed value, and the warning check "
    "`computed_growth_matches_reported` (table metrics) names it with its documents"
)
_RESTATED = (
    "a restated input is read as facts_latest holds it, the latest published value, so the metric follows the "
    "restatement and lists the restated fact in `inputs`; `--known-at DATE` rebuilds it from what was published by "
    "that date"
)

METRIC_DOCS: dict[str, MetricDoc] = {
    "ad_revenue_yoy_pct": MetricDoc(
        f"year-on-year growth of Tencent's marketing services (before 2024Q3: online advertising) revenue, in %: "
        f"{_GROWTH_RULE}",
        "tencent revenue, segment `marketing_services`: `value` of the period and of the same period a year "
        "before; `yoy_pct` of the period",
        "each period the inputs have (quarters; a year or half where its levels are stated)",
        f"{_MISSING_LEVEL}; {_RESTATED}",
    ),
    "ad_revenue_qoq_pct": MetricDoc(
        "quarter-on-quarter growth of marketing services revenue, in %: (quarter / previous quarter - 1) x 100, "
        "with the same choice between stated and computed growth as `ad_revenue_yoy_pct`",
        "tencent revenue `marketing_services` `value` of the quarter and the quarter before; `qoq_pct` of the quarter",
        "quarter",
        f"{_MISSING_LEVEL}; {_RESTATED}",
    ),
    "ad_revenue_share_pct": MetricDoc(
        "marketing services revenue / total revenue x 100; `computed_low` and `computed_high` from the rounding of "
        "both levels",
        "tencent revenue `value` of segments `marketing_services` and `total`, same period",
        "each period with both levels",
        f"no row unless both levels exist; {_RESTATED}",
    ),
    "revenue_yoy_pct": MetricDoc(
        f"year-on-year growth of Tencent revenue by segment (`total` and each segment), in %: {_GROWTH_RULE}",
        "tencent revenue of the row's segment: `value` of the period and a year before; `yoy_pct` of the period",
        "each period the inputs have",
        f"{_MISSING_LEVEL}; {_RESTATED}",
    ),
    "revenue_ttm": MetricDoc(
        "trailing twelve months: the sum of the quarter and the three quarters before it, in CNY; the interval "
        "adds the four rounding half-units",
        "tencent revenue `value` of the row's segment for four consecutive quarters",
        "quarter (the last of the four)",
        f"no row unless all four quarters exist (no quarter is estimated from a year or half); {_RESTATED}",
    ),
    "gross_margin_pct": MetricDoc(
        "gross profit / total revenue x 100; the interval from the rounding of both levels",
        "tencent `gross_profit` `total` `value` and revenue `total` `value`, same period",
        "each period with both levels",
        f"no row unless both levels exist; {_RESTATED}",
    ),
    "channels_time_spent_yoy_pct": MetricDoc(
        "year-on-year growth of the total time users spend on Weixin Channels, in %: growth as `revenue_yoy_pct` "
        "when levels exist (Tencent states none, so in practice the stated growth, qualifier kept: `gt` for "
        "\"over 80%\")",
        "wechat_channels `user_time_spent` `total`: `yoy_pct` (and `value` if ever stated)",
        "quarter or year, as stated",
        f"{_MISSING_LEVEL}; {_RESTATED}",
    ),
    "channels_ad_revenue_yoy_pct": MetricDoc(
        "year-on-year growth of Weixin Channels advertising revenue, in %: as `channels_time_spent_yoy_pct` "
        "(stated growth with its qualifier unless levels exist)",
        "wechat_channels `ad_revenue` `total`: `yoy_pct` (and `value` where stated)",
        "quarter or year, as stated",
        f"{_MISSING_LEVEL}; {_RESTATED}",
    ),
    "live_ecommerce_gmv_yoy_pct": MetricDoc(
        "year-on-year growth of China's live e-commerce GMV, in %: as `revenue_yoy_pct`",
        "china_live_ecommerce `gmv` `total`: `value` of the period and a year before; `yoy_pct` of the period",
        "each period the inputs have (years where GMV levels or growth are stated)",
        f"{_MISSING_LEVEL}; {_RESTATED}",
    ),
    "online_retail_month_sales": MetricDoc(
        "one month's online retail sales, in CNY: the year-to-date level through that month minus the one through "
        "the month before (NBS states these only cumulatively); the interval adds both rounding half-units",
        "china_online_retail or china_online_retail_goods `sales` `total` `value` for January-to-month spans of "
        "one year, exact (`eq`, not estimates)",
        "month",
        "no row unless both consecutive year-to-date levels exist (January itself has no row); "
        f"{_RESTATED}",
    ),
}


@dataclass(frozen=True, slots=True)
class Level:
    """A level from facts_latest: value, its rounding tolerance, and where it came from."""

    value: float
    tolerance: float
    fact_id: str
    doc_id: str


@dataclass(frozen=True, slots=True)
class Stated:
    """A stated growth from facts_latest, with its qualifier and rounding tolerance."""

    value: float
    qualifier: str
    tolerance: float
    fact_id: str
    doc_id: str


@dataclass(slots=True)
class Mismatch:
    """A computed growth that disagrees with the stated one beyond rounding."""

    metric_id: str
    entity: str
    segment: str
    period_label: str
    computed: float
    reported: float
    tolerance: float
    doc_ids: list[str] = field(default_factory=list)


def printed_half_unit(reported_text: str, value: float) -> float:
    """Half a unit of the last printed digit, in the value's base units (RMB140.1 billion -> 0.05e9)."""
    return printed_tolerance(reported_text or "", value)


@dataclass(frozen=True, slots=True)
class Row:
    """The fields of one facts_latest row that derived metrics read."""

    period_label: str
    value: float
    reported_text: str
    fact_id: str
    doc_id: str
    qualifier: str
    is_estimate: bool


Series = tuple[str, str, str, str]


class FactIndex:
    """facts_latest rows grouped by (entity, metric, segment, measure), built in one pass over the frame."""

    def __init__(self, fl: pd.DataFrame) -> None:
        self.groups: dict[Series, list[Row]] = {}
        if not len(fl):
            return
        estimate = fl["is_estimate"].fillna(False).astype(bool) if "is_estimate" in fl else [False] * len(fl)
        columns = (fl.entity, fl.metric, fl.segment, fl.measure, fl.period_label, fl.value, fl.reported_text,
                   fl.fact_id, fl.doc_id, fl.qualifier, estimate)
        for entity, metric, segment, measure, label, value, text, fact_id, doc_id, qualifier, est in zip(
            *columns, strict=True
        ):
            row = Row(label, float(value), text or "", fact_id, doc_id, qualifier, bool(est))
            self.groups.setdefault((entity, metric, segment, measure), []).append(row)

    def rows(self, entity: str, metric: str, segment: str, measure: str) -> list[Row]:
        """The rows of one series."""
        return self.groups.get((entity, metric, segment, measure), [])


def _index(fl: pd.DataFrame | FactIndex) -> FactIndex:
    return fl if isinstance(fl, FactIndex) else FactIndex(fl)


def _levels(fl: pd.DataFrame | FactIndex, entity: str, metric: str, segment: str, measure: str = "value",
            keep: Callable[[Row], bool] | None = None) -> dict[str, Level]:
    return {
        r.period_label: Level(r.value, printed_half_unit(r.reported_text, r.value), r.fact_id, r.doc_id)
        for r in _index(fl).rows(entity, metric, segment, measure)
        if keep is None or keep(r)
    }


def _stated(fl: pd.DataFrame | FactIndex, entity: str, metric: str, segment: str, measure: str) -> dict[str, Stated]:
    return {
        r.period_label: Stated(r.value, r.qualifier, printed_half_unit(r.reported_text, r.value), r.fact_id, r.doc_id)
        for r in _index(fl).rows(entity, metric, segment, measure)
    }


def growth_tolerance(now: Level, before: Level) -> float:
    """Points of growth that rounding of the two printed levels can account for."""
    if before.value == 0:
        return float("inf")
    ratio = now.value / before.value
    return 100.0 * ratio * (now.tolerance / abs(now.value or 1) + before.tolerance / abs(before.value))


def _consistent(computed: float, tol: float, stated: Stated) -> bool:
    """Whether a computed growth agrees with a stated one, given rounding and the stated qualifier."""
    slack = tol + stated.tolerance + 1e-9
    if stated.qualifier in ("gt", "gte"):
        return computed >= stated.value - slack
    if stated.qualifier in ("lt", "lte"):
        return computed <= stated.value + slack
    if stated.qualifier == "approx":
        return abs(computed - stated.value) <= max(slack, 0.1 * abs(stated.value) + 1)
    return abs(computed - stated.value) <= slack


def stated_within_rounding(computed: float, tol: float, stated: Stated | None) -> bool:
    """Whether an exact stated growth falls within the rounding of both the computed one and its own printed digits."""
    return stated is not None and stated.qualifier == "eq" and _consistent(computed, tol, stated)


def _interval(value: float, tol: float) -> tuple[float, float]:
    """The range a computed value can take given the rounding of the printed figures it comes from."""
    return (value - tol, value + tol)


def _period_info(label: str) -> tuple[str, date]:
    p = from_label(label)
    return p.type, p.end


def _row(
    metric_id: str,
    entity: str,
    segment: str,
    label: str,
    value: float,
    unit: str,
    qualifier: str,
    method: str,
    computed: float | None,
    reported: float | None,
    inputs: list[str],
    formula: str,
    interval: tuple[float, float] | None = None,
) -> dict:
    ptype, pend = _period_info(label)
    diff = None if computed is None or reported is None else round(computed - reported, 4)
    low, high = (None, None) if interval is None else (round(interval[0], 4), round(interval[1], 4))
    return {
        "metric_id": metric_id,
        "entity": entity,
        "segment": segment,
        "period_label": label,
        "period_type": ptype,
        "period_end": pend,
        "value": float(value),
        "unit": unit,
        "qualifier": qualifier,
        "method": method,
        "computed_value": None if computed is None else float(computed),
        "reported_value": None if reported is None else float(reported),
        "diff": diff,
        "computed_low": low,
        "computed_high": high,
        "inputs": inputs,
        "formula": formula,
    }


def growth_series(
    fl: pd.DataFrame | FactIndex,
    *,
    metric_id: str,
    entity: str,
    metric: str,
    segment: str,
    measure: str,
    step: Callable,
    mismatches: list[Mismatch],
) -> list[dict]:
    """Growth by period: the stated growth where the computed one's rounding allows it, else the computed growth;
    the stated growth alone where levels are missing."""
    levels = _levels(fl, entity, metric, segment)
    stated = _stated(fl, entity, metric, segment, measure)
    rows = []
    for label in sorted(set(levels) | set(stated)):
        now = levels.get(label)
        try:
            before_label = step(from_label(label)).label
        except ValueError:
            before_label = None
        before = levels.get(before_label) if before_label else None
        said = stated.get(label)
        name = f"{metric}[{segment}]"
        if now and before and before.value:
            computed = (now.value / before.value - 1.0) * 100.0
            tol = growth_tolerance(now, before)
            inputs = [now.fact_id, before.fact_id] + ([said.fact_id] if said else [])
            formula = f"({name}@{label} / {name}@{before_label} - 1) * 100"
            interval = _interval(computed, tol)
            if said and stated_within_rounding(computed, tol, said):
                rows.append(
                    _row(metric_id, entity, segment, label, said.value, "pct", "eq", "reported", computed,
                         said.value, inputs, f"stated {measure} of {name}@{label}; computed {formula}", interval)
                )
            else:
                rows.append(
                    _row(metric_id, entity, segment, label, round(computed, 4), "pct", "eq", "computed",
                         computed, said.value if said else None, inputs, formula, interval)
                )
            if said and not _consistent(computed, tol, said):
                mismatches.append(
                    Mismatch(metric_id, entity, segment, label, round(computed, 2), said.value,
                             round(tol + said.tolerance, 3), sorted({now.doc_id, before.doc_id, said.doc_id}))
                )
        elif said:
            rows.append(
                _row(metric_id, entity, segment, label, said.value, "pct", said.qualifier, "reported",
                     None, said.value, [said.fact_id], f"stated {measure} of {name}@{label}")
            )
    return rows


def ratio_series(
    fl: pd.DataFrame | FactIndex, *, metric_id: str, entity: str, num: tuple[str, str], den: tuple[str, str]
) -> list[dict]:
    """num / den x 100 for every period where both levels exist."""
    top = _levels(fl, entity, *num)
    bottom = _levels(fl, entity, *den)
    rows = []
    for label in sorted(set(top) & set(bottom)):
        if not bottom[label].value:
            continue
        value = top[label].value / bottom[label].value * 100.0
        tol = abs(value) * (top[label].tolerance / abs(top[label].value or 1) + bottom[label].tolerance
                            / abs(bottom[label].value))
        rows.append(
            _row(metric_id, entity, num[1], label, round(value, 4), "pct", "eq", "computed", value, None,
                 [top[label].fact_id, bottom[label].fact_id],
                 f"{num[0]}[{num[1]}]@{label} / {den[0]}[{den[1]}]@{label} * 100", _interval(value, tol))
        )
    return rows


def ttm_series(fl: pd.DataFrame | FactIndex, *, entity: str, metric: str, segment: str) -> list[dict]:
    """Trailing four-quarter sums, only where all four quarters exist."""
    levels = {k: v for k, v in _levels(fl, entity, metric, segment).items() if re.fullmatch(r"\d{4}Q[1-4]", k)}
    rows = []
    for label in sorted(levels):
        chain = [from_label(label)]
        for _ in range(3):
            chain.append(prior_quarter(chain[-1]))
        if not all(p.label in levels for p in chain):
            continue
        parts = [levels[p.label] for p in chain]
        total = sum(p.value for p in parts)
        rows.append(
            _row("revenue_ttm", entity, segment, label, total, "CNY", "eq", "computed", total, None,
                 [p.fact_id for p in parts], " + ".join(f"{metric}[{segment}]@{p.label}" for p in chain),
                 _interval(total, sum(p.tolerance for p in parts)))
        )
    return rows


def month_series(fl: pd.DataFrame | FactIndex, *, entity: str, metric: str = "sales", segment: str = "total") -> list[dict]:
    """Single months from consecutive year-to-date levels of one year (NBS states online retail only cumulatively)."""
    to_date: dict[tuple[int, int], tuple[str, Level]] = {}
    stated = _levels(fl, entity, metric, segment, keep=lambda r: r.qualifier == "eq" and not r.is_estimate)
    for label, level in stated.items():
        p = from_label(label)
        if (p.start.month, p.start.day) == (1, 1) and p.start.year == p.end.year:
            to_date[(p.start.year, p.end.month)] = (label, level)
    rows = []
    for (y, m), (label, level) in sorted(to_date.items()):
        if (y, m - 1) not in to_date:
            continue
        before_label, before = to_date[(y, m - 1)]
        value = level.value - before.value
        rows.append(
            _row("online_retail_month_sales", entity, segment, month(y, m).label, value, "CNY", "eq", "computed",
                 value, None, [level.fact_id, before.fact_id],
                 f"{metric}[{segment}]@{label} - {metric}[{segment}]@{before_label}",
                 _interval(value, level.tolerance + before.tolerance))
        )
    return rows


def derive_metrics(
    facts_latest: pd.DataFrame, *, run_id: str, computed_at: datetime
) -> tuple[pd.DataFrame, list[Mismatch]]:
    """All derived metrics of the contract from facts_latest, and the growths that disagree with stated ones."""
    fl = FactIndex(facts_latest)
    mismatches: list[Mismatch] = []
    rows: list[dict] = []
    if fl.groups:
        for segment in TENCENT_SEGMENTS:
            rows += growth_series(fl, metric_id="revenue_yoy_pct", entity="tencent", metric="revenue",
                                  segment=segment, measure="yoy_pct", step=prior_year, mismatches=mismatches)
            rows += ttm_series(fl, entity="tencent", metric="revenue", segment=segment)
        rows += growth_series(fl, metric_id="ad_revenue_yoy_pct", entity="tencent", metric="revenue",
                              segment="marketing_services", measure="yoy_pct", step=prior_year, mismatches=[])
        rows += growth_series(fl, metric_id="ad_revenue_qoq_pct", entity="tencent", metric="revenue",
                              segment="marketing_services", measure="qoq_pct", step=prior_quarter,
                              mismatches=mismatches)
        rows += ratio_series(fl, metric_id="ad_revenue_share_pct", entity="tencent",
                             num=("revenue", "marketing_services"), den=("revenue", "total"))
        rows += ratio_series(fl, metric_id="gross_margin_pct", entity="tencent",
                             num=("gross_profit", "total"), den=("revenue", "total"))
        rows += growth_series(fl, metric_id="channels_time_spent_yoy_pct", entity="wechat_channels",
                              metric="user_time_spent", segment="total", measure="yoy_pct", step=prior_year,
                              mismatches=mismatches)
        rows += growth_series(fl, metric_id="channels_ad_revenue_yoy_pct", entity="wechat_channels",
                              metric="ad_revenue", segment="total", measure="yoy_pct", step=prior_year,
                              mismatches=mismatches)
        rows += growth_series(fl, metric_id="live_ecommerce_gmv_yoy_pct", entity="china_live_ecommerce",
                              metric="gmv", segment="total", measure="yoy_pct", step=prior_year,
                              mismatches=mismatches)
        for entity in ("china_online_retail", "china_online_retail_goods"):
            rows += month_series(fl, entity=entity)
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS[:-2])
    frame["run_id"] = run_id
    frame["computed_at"] = pd.Timestamp(computed_at)
    frame = frame.drop_duplicates(subset=["metric_id", "entity", "segment", "period_label"], keep="first")
    return frame.reset_index(drop=True), mismatches


METRIC_COLUMNS = [
    "metric_id",
    "entity",
    "segment",
    "period_label",
    "period_type",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "method",
    "computed_value",
    "reported_value",
    "diff",
    "computed_low",
    "computed_high",
    "inputs",
    "formula",
    "run_id",
    "computed_at",
]


def mismatch_details(items: Iterable[Mismatch]) -> str:
    """One line per mismatch: metric, period, computed vs reported, tolerance, the documents."""
    return "; ".join(
        f"{m.metric_id} {m.entity}/{m.segment} {m.period_label}: computed {m.computed} vs reported "
        f"{m.reported} (tolerance {m.tolerance}) docs {','.join(d[:12] for d in m.doc_ids)}"
        for m in items
    )
