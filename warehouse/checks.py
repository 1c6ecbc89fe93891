"""Quality checks of a run's tables: schemas, keys, periods, provenance, segment and period sums, stated growth."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from transforms.model import Period
from transforms.normalise.numbers import printed_tolerance
from transforms.normalise.periods import PeriodError, from_label, prior_quarter, prior_year
from warehouse.errors import SchemaDrift
from warehouse.latest import Figure, choose
from warehouse.schemas import NATURAL_KEY, TABLES, canonical, model_failures, passes_model

MAX_LISTED = 8


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one check found: how many rows (or groups) fail, and a one-line account of them."""

    failing: int
    details: str


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Segments that add up to a parent: the last period end the split applies to, and segments that rule it out."""

    parts: tuple[str, ...]
    parent: str
    until: date | None = None
    unless: tuple[str, ...] = ()

    def applies(self, segments: Iterable[str], period_end: date) -> bool:
        """Whether this split is the one to check for a period with figures for `segments`."""
        present = set(segments)
        if not present.issuperset((*self.parts, self.parent)):
            return False
        if self.until is not None and period_end > self.until:
            return False
        return not present.intersection(self.unless)


SEGMENTATIONS: tuple[Segmentation, ...] = (
    Segmentation(("vas", "marketing_services", "fintech_business_services", "others"), "total"),
    # 2018: three segments, Others then holding payments and cloud; a later document's FinTech comparative
    # means Others was restated to the four-segment split, which the line above checks instead.
    Segmentation(
        ("vas", "marketing_services", "others"),
        "total",
        until=date(2018, 12, 31),
        unless=("fintech_business_services",),
    ),
    Segmentation(("domestic_games", "international_games", "social_networks"), "vas"),
    Segmentation(("online_games", "social_networks"), "vas"),
)
SEGMENT_METRICS: tuple[str, ...] = ("revenue", "gross_profit")
# Sources whose documents are a company's own results: an entity they report on is expected every quarter.
RESULTS_SOURCES: frozenset[str] = frozenset({"tencent_ir", "hkex", "prnewswire", "kuaishou_ir"})
FLOW_METRICS: tuple[str, ...] = ("revenue", "gross_profit")


@dataclass(frozen=True, slots=True)
class PeriodSum:
    """Quarters of one year that add up to a longer period of it: label suffixes, e.g. Q1+Q2 -> H1."""

    parts: tuple[str, ...]
    whole: str

    def labels(self, year: int) -> tuple[list[str], str]:
        """The quarter labels and the whole period's label in `year`."""
        return [f"{year}{p}" for p in self.parts], f"{year}{self.whole}"


PERIOD_SUMS: dict[str, tuple[PeriodSum, ...]] = {
    "year": (PeriodSum(("Q1", "Q2", "Q3", "Q4"), ""),),
    "half": (PeriodSum(("Q1", "Q2"), "H1"), PeriodSum(("Q3", "Q4"), "H2")),
    "nine_months": (PeriodSum(("Q1", "Q2", "Q3"), "Q1-Q3"),),
}


def _listing(items: list[str]) -> str:
    shown = "; ".join(items[:MAX_LISTED])
    return shown + (f"; ... {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _short(doc_id: str) -> str:
    return str(doc_id)[:12]


def _missing(df: pd.DataFrame, cols: Iterable[str]) -> list[str]:
    return [c for c in cols if c not in df.columns]


def check_schema(table: str, df: pd.DataFrame) -> Outcome:
    """The table against its contract schema and pandera model."""
    try:
        frame = canonical(table, df)
    except SchemaDrift as exc:
        return Outcome(max(len(df), 1), str(exc))
    return _model_outcome(table, frame)


def _model_outcome(table: str, frame: pd.DataFrame) -> Outcome:
    """A canonical frame against its declared rules: tested with pandas directly, pandera only when one fails."""
    try:
        surely = passes_model(table, frame)
    except (KeyError, AttributeError, TypeError, ValueError):
        surely = False
    if surely:
        return Outcome(0, f"{len(frame)} rows match the {table} schema")
    failing, summary = model_failures(table, frame)
    return Outcome(failing, summary or f"{len(frame)} rows match the {table} schema")


def check_unique(df: pd.DataFrame, cols: tuple[str, ...], what: str) -> Outcome:
    """Rows sharing the same value of `cols` (every row of a duplicated group counts)."""
    if df.empty:
        return Outcome(0, f"no rows; {what} unique")
    missing = _missing(df, cols)
    if missing:
        return Outcome(len(df), f"columns missing: {', '.join(missing)}")
    dup = df[df.duplicated(list(cols), keep=False)]
    if dup.empty:
        return Outcome(0, f"{len(df)} rows, {what} unique")
    keys = ["/".join(str(v) for v in k) for k in dup[list(cols)].drop_duplicates().itertuples(index=False)]
    return Outcome(len(dup), f"{len(keys)} duplicated {what}: {_listing(keys)}")


@lru_cache(maxsize=4096)
def _period(label: str) -> Period | None:
    try:
        return from_label(label)
    except PeriodError:
        return None


def _period_problem(label: str, ptype: str | None, start: date | None, end: date) -> str | None:
    p = _period(str(label))
    if p is None:
        return f"unknown label {label!r}"
    if ptype is not None and p.type != ptype:
        return f"{label} is a {p.type}, not a {ptype}"
    if start is not None and p.start != start:
        return f"{label} starts {p.start}, not {start}"
    if p.end != end:
        return f"{label} ends {p.end}, not {end}"
    return None


def check_periods(df: pd.DataFrame) -> Outcome:
    """Labels match spans and types (a quarter spans its three calendar months)."""
    if df.empty:
        return Outcome(0, "no rows")
    has_start = "period_start" in df.columns
    missing = _missing(df, ("period_label", "period_type", "period_end"))
    if missing:
        return Outcome(len(df), f"columns missing: {', '.join(missing)}")
    problems = []
    starts = df["period_start"].tolist() if has_start else [None] * len(df)
    for label, ptype, start, end in zip(
        df["period_label"], df["period_type"], starts, df["period_end"], strict=True
    ):
        problem = _period_problem(label, ptype, start, end)
        if problem:
            problems.append(problem)
    if not problems:
        return Outcome(0, f"{len(df)} rows with consistent periods")
    return Outcome(len(problems), _listing(sorted(set(problems))))


def check_snippets(df: pd.DataFrame) -> Outcome:
    """Every snippet contains its reported_text verbatim."""
    if df.empty:
        return Outcome(0, "no rows")
    missing = _missing(df, ("snippet", "reported_text"))
    if missing:
        return Outcome(len(df), f"columns missing: {', '.join(missing)}")
    bad = [
        f"{fid}: {text!r}"
        for fid, text, snip in zip(
            df.get("fact_id", df.index), df["reported_text"], df["snippet"], strict=True
        )
        if not isinstance(text, str) or not isinstance(snip, str) or not text or text not in snip
    ]
    if not bad:
        return Outcome(0, f"{len(df)} snippets contain their reported_text")
    return Outcome(len(bad), _listing(bad))


@lru_cache(maxsize=65536)
def _cached_tolerance(text: str, value: float) -> float:
    return printed_tolerance(text, value)


def _tolerance(text: str, value: float) -> float:
    """printed_tolerance, remembered per (text, value): facts and facts_latest repeat most figures."""
    try:
        return _cached_tolerance(text, value)
    except TypeError:
        return printed_tolerance(text, value)


def _levels(fl: pd.DataFrame) -> pd.DataFrame:
    """Exact, reported (not estimated) level rows of facts_latest."""
    rows = fl[(fl["measure"] == "value") & (fl["qualifier"] == "eq") & ~fl["is_estimate"].astype(bool)]
    return rows.assign(
        tolerance=[_tolerance(t, v) for t, v in zip(rows["reported_text"], rows["value"], strict=True)]
    )


def _docs_by_segment(rows: list) -> str:
    by_doc: dict[str, list[str]] = {}
    for r in rows:
        by_doc.setdefault(_short(r.doc_id), []).append(r.segment)
    return ", ".join(f"{doc} ({'/'.join(segs)})" for doc, segs in sorted(by_doc.items()))


def check_segment_sums(fl: pd.DataFrame) -> Outcome:
    """Tencent segments add up to their parent within the rounding of the printed figures."""
    if fl.empty:
        return Outcome(0, "no rows")
    lv = _levels(fl[(fl["entity"] == "tencent") & fl["metric"].isin(SEGMENT_METRICS) & (fl["basis"] == "na")])
    failures: list[str] = []
    checked = 0
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in lv.itertuples(index=False):
        groups.setdefault((row.metric, row.period_label), {})[row.segment] = row
    for (metric, label), by_segment in sorted(groups.items()):
        period_end = next(iter(by_segment.values())).period_end
        for seg in SEGMENTATIONS:
            if not seg.applies(by_segment, period_end):
                continue
            rows = [by_segment[s] for s in (*seg.parts, seg.parent)]
            checked += 1
            parts, parent = rows[:-1], rows[-1]
            total = sum(r.value for r in parts)
            tolerance = sum(r.tolerance for r in rows)
            if abs(total - parent.value) > tolerance + 1e-9 * abs(parent.value):
                docs = _docs_by_segment(rows)
                failures.append(
                    f"{label} {metric}: {'+'.join(seg.parts)} = {total:,.0f} vs {seg.parent} {parent.value:,.0f} "
                    f"(off {total - parent.value:,.0f}, rounding allows {tolerance:,.0f}; docs {docs})"
                )
    if not failures:
        return Outcome(0, f"{checked} segment sums agree within rounding")
    return Outcome(len(failures), _listing(failures))


def _docs_by_period(rows: list) -> str:
    by_doc: dict[str, list[str]] = {}
    for r in rows:
        by_doc.setdefault(_short(r.doc_id), []).append(r.period_label)
    return ", ".join(f"{doc} ({'/'.join(labels)})" for doc, labels in sorted(by_doc.items()))


def check_period_sums(fl: pd.DataFrame, kind: str = "year") -> Outcome:
    """Quarterly revenue and gross profit add up to the year (or half, or nine months) within rounding."""
    if fl.empty:
        return Outcome(0, "no rows")
    sums = PERIOD_SUMS[kind]
    lv = _levels(fl[fl["metric"].isin(FLOW_METRICS)])
    by_key: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for row in lv.itertuples(index=False):
        by_key.setdefault((row.entity, row.metric, row.segment, row.basis), {})[row.period_label] = row
    failures: list[str] = []
    checked = 0
    for (entity, metric, segment, _basis), by_label in sorted(by_key.items()):
        years = sorted({r.period_end.year for r in by_label.values() if r.period_type == "quarter"})
        for year in years:
            for split in sums:
                parts, whole = split.labels(year)
                rows = [by_label.get(label) for label in (*parts, whole)]
                if any(r is None for r in rows):
                    continue
                checked += 1
                total = sum(r.value for r in rows[:-1])
                tolerance = sum(r.tolerance for r in rows)
                if abs(total - rows[-1].value) > tolerance + 1e-9 * abs(rows[-1].value):
                    failures.append(
                        f"{whole} {entity}/{metric}/{segment}: {'+'.join(parts)} = {total:,.0f} vs {whole} "
                        f"{rows[-1].value:,.0f} (off {total - rows[-1].value:,.0f}, rounding allows "
                        f"{tolerance:,.0f}; docs {_docs_by_period(rows)})"
                    )
    if not failures:
        return Outcome(0, f"{checked} sums of quarters agree with their {kind.replace('_', ' ')} within rounding")
    return Outcome(len(failures), _listing(failures))


def _growth_problem(stated, now, before, measure: str) -> str | None:
    if before.value <= 0 or now.unit == "pct":
        return None
    computed = (now.value / before.value - 1.0) * 100.0
    slack = printed_tolerance(stated.reported_text, stated.value) + 100.0 * (
        now.tolerance / before.value + now.value * before.tolerance / before.value**2
    )
    q = stated.qualifier
    wrong = (
        (q == "eq" and abs(computed - stated.value) > slack)
        or (q in ("gt", "gte") and computed < stated.value - slack)
        or (q in ("lt", "lte") and computed > stated.value + slack)
    )
    if not wrong:
        return None
    return (
        f"{stated.period_label} {stated.entity}/{stated.metric}/{stated.segment}/{stated.basis}: stated {measure} "
        f"{stated.reported_text!r} (doc {_short(stated.doc_id)}) vs {computed:.2f} computed from "
        f"{now.period_label} (doc {_short(now.doc_id)}) and {before.period_label} (doc {_short(before.doc_id)})"
    )


LevelKey = tuple[str, str, str, str, str]


class AsOfLevels:
    """Level figures as each was known on a date: what a document stating a growth could have used."""

    def __init__(self, facts: pd.DataFrame) -> None:
        rows = _levels(facts) if not facts.empty else facts
        self._by_key: dict[LevelKey, list[tuple[Figure, object]]] = {}
        if rows.empty:
            return
        for r in rows.itertuples(index=False):
            day = r.published_at if isinstance(r.published_at, date) else None
            fig = Figure(0, r.value, r.tolerance, 1.0, r.qualifier, False, day, r.doc_id, r.locator)
            self._by_key.setdefault((r.entity, r.metric, r.segment, r.basis, r.period_label), []).append(
                (fig, r)
            )

    def get(self, key: LevelKey, day: date | None) -> object | None:
        """The level row of `key` a document published on `day` would have seen, or None."""
        known = [
            (f, r)
            for f, r in self._by_key.get(key, [])
            if day is None or f.published_at is None or f.published_at <= day
        ]
        if not known:
            return None
        winner = choose([f for f, _ in known]).winner
        return next(r for f, r in known if f is winner)


def _latest_levels(fl: pd.DataFrame) -> dict[LevelKey, Any]:
    """facts_latest level rows by (entity, metric, segment, basis, period_label)."""
    return {
        (r.entity, r.metric, r.segment, r.basis, r.period_label): r
        for r in _levels(fl).itertuples(index=False)
    }


def check_stated_growth(
    fl: pd.DataFrame,
    measure: str = "yoy_pct",
    facts: pd.DataFrame | None = None,
    shared: tuple[Callable[[], dict[LevelKey, Any]], Callable[[], AsOfLevels]] | None = None,
) -> Outcome:
    """Stated growth against the growth computed from levels (as known when it was stated, when facts are given).

    `shared` supplies the latest levels and the as-of levels already built for another measure of the same run.
    """
    if fl.empty:
        return Outcome(0, "no rows")
    step: Callable = prior_year if measure == "yoy_pct" else prior_quarter
    latest = shared[0]() if shared else _latest_levels(fl)
    if facts is None or facts.empty:
        as_of = None
    else:
        as_of = shared[1]() if shared else AsOfLevels(facts)
    stated = fl[(fl["measure"] == measure) & (fl["qualifier"] != "approx") & ~fl["is_estimate"].astype(bool)]
    failures: list[str] = []
    checked = 0
    for s in stated.itertuples(index=False):
        try:
            before_label = step(from_label(s.period_label)).label
        except PeriodError:
            continue
        keys = [(s.entity, s.metric, s.segment, s.basis, label) for label in (s.period_label, before_label)]
        day = s.published_at if isinstance(s.published_at, date) else None
        now, before = (as_of.get(k, day) if as_of else None for k in keys)
        if now is None or before is None:
            now, before = (latest.get(k) for k in keys)
        if now is None or before is None:
            continue
        checked += 1
        problem = _growth_problem(s, now, before, measure)
        if problem:
            failures.append(problem)
    if not failures:
        return Outcome(0, f"{checked} stated {measure} figures agree with their levels within rounding")
    return Outcome(len(failures), _listing(failures))


def check_conflicts(fl: pd.DataFrame) -> Outcome:
    """Natural keys where documents of the same date disagree beyond rounding."""
    if fl.empty or "conflict" not in fl.columns:
        return Outcome(0, "no rows")
    rows = fl[fl["conflict"].astype(bool)]
    if rows.empty:
        return Outcome(0, "no same-day disagreements")
    keys = ["/".join(str(v) for v in r) for r in rows[list(NATURAL_KEY)].itertuples(index=False)]
    return Outcome(len(rows), _listing(keys))


def _quarters_between(first: str, last: str) -> list[str]:
    """Quarter labels from `first` to `last`, both included."""
    (y0, q0), (y1, q1) = _quarter_order(first), _quarter_order(last)
    return [f"{n // 4}Q{n % 4 + 1}" for n in range(y0 * 4 + q0 - 1, y1 * 4 + q1)]


def check_quarter_coverage(fl: pd.DataFrame) -> Outcome:
    """Quarters between an entity's first and latest reported quarter that have no total revenue."""
    need = ("entity", "metric", "segment", "measure", "period_type", "period_label", "source")
    if fl.empty or _missing(fl, need):
        return Outcome(0, "no quarterly results")
    rows = fl[(fl["metric"] == "revenue") & (fl["segment"] == "total") & (fl["measure"] == "value")
              & (fl["period_type"] == "quarter")]
    reporting = sorted(set(rows.loc[rows["source"].isin(RESULTS_SOURCES), "entity"]))
    gaps: list[str] = []
    spans: list[str] = []
    for entity in reporting:
        have = set(rows.loc[rows["entity"] == entity, "period_label"])
        first, last = min(have, key=_quarter_order), max(have, key=_quarter_order)
        spans.append(f"{entity} {first}-{last}")
        gaps += [f"{entity} {q}" for q in _quarters_between(first, last) if q not in have]
    if not reporting:
        return Outcome(0, "no quarterly results")
    if not gaps:
        return Outcome(0, "every quarter has total revenue: " + _listing(spans))
    return Outcome(len(gaps), "no total revenue for " + _listing(gaps))


def _quarter_order(label: str) -> tuple[int, int]:
    """A quarter label as (year, quarter), for ordering."""
    return int(label[:4]), int(label[5])


def check_references(facts: pd.DataFrame, documents: pd.DataFrame) -> Outcome:
    """Every fact's doc_id is a row of documents."""
    if facts.empty or "doc_id" not in facts.columns:
        return Outcome(0, "no facts")
    known = set(documents["doc_id"]) if "doc_id" in documents.columns else set()
    orphans = facts[~facts["doc_id"].isin(known)]
    if orphans.empty:
        return Outcome(0, f"{len(facts)} facts point at known documents")
    return Outcome(
        len(orphans), "unknown doc_ids: " + _listing(sorted({_short(d) for d in orphans["doc_id"]}))
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A table cast to its schema once: the frame other checks read, the canonical cast, or the cast's error."""

    frame: pd.DataFrame
    cast: pd.DataFrame | None = None
    drift: SchemaDrift | None = None


def _prepare(name: str, df: pd.DataFrame) -> Prepared:
    """Cast a known table once; checks other than the schema read it as given when empty or not castable."""
    if name not in TABLES:
        return Prepared(df)
    try:
        cast = canonical(name, df)
    except SchemaDrift as exc:
        return Prepared(df, None, exc)
    return Prepared(df if df.empty else cast, cast)


def _schema_of(name: str, prepared: Prepared) -> Outcome:
    """The schema check of a prepared table: the cast's error, or the cast against the pandera model."""
    if prepared.cast is None:
        return Outcome(max(len(prepared.frame), 1), str(prepared.drift))
    return _model_outcome(name, prepared.cast)


def _plan(prepared: dict[str, Prepared]) -> list[tuple[str, str, str, Callable[[], Outcome]]]:
    frames = {name: p.frame for name, p in prepared.items()}
    plan: list[tuple[str, str, str, Callable[[], Outcome]]] = []
    for name, table in prepared.items():
        if name in TABLES:
            plan.append(("schema", name, "error", lambda n=name, t=table: _schema_of(n, t)))
    if "documents" in frames:
        plan.append(
            (
                "doc_id_unique",
                "documents",
                "error",
                lambda: check_unique(frames["documents"], ("doc_id",), "doc_ids"),
            )
        )
    for name in ("facts", "facts_latest"):
        if name in frames:
            df = frames[name]
            plan.append(
                ("fact_id_unique", name, "error", lambda d=df: check_unique(d, ("fact_id",), "fact_ids"))
            )
            plan.append(("period_sanity", name, "error", lambda d=df: check_periods(d)))
            plan.append(("snippet_contains_reported_text", name, "error", lambda d=df: check_snippets(d)))
    if "metrics" in frames:
        plan.append(("period_sanity", "metrics", "error", lambda: check_periods(frames["metrics"])))
    if "facts" in frames and "documents" in frames:
        plan.append(
            (
                "facts_have_documents",
                "facts",
                "warn",
                lambda: check_references(frames["facts"], frames["documents"]),
            )
        )
    if "facts_latest" in frames:
        fl = frames["facts_latest"]
        facts = frames.get("facts")
        shared = (cache(lambda: _latest_levels(fl)), cache(lambda: AsOfLevels(facts)))
        plan += [
            (
                "natural_key_unique",
                "facts_latest",
                "error",
                lambda: check_unique(fl, NATURAL_KEY, "natural keys"),
            ),
            ("segment_sum", "facts_latest", "warn", lambda: check_segment_sums(fl)),
            ("quarters_vs_year", "facts_latest", "warn", lambda: check_period_sums(fl, "year")),
            ("quarters_vs_half", "facts_latest", "warn", lambda: check_period_sums(fl, "half")),
            ("quarters_vs_nine_months", "facts_latest", "warn", lambda: check_period_sums(fl, "nine_months")),
            (
                "stated_yoy_vs_levels",
                "facts_latest",
                "warn",
                lambda: check_stated_growth(fl, "yoy_pct", facts, shared),
            ),
            (
                "stated_qoq_vs_levels",
                "facts_latest",
                "warn",
                lambda: check_stated_growth(fl, "qoq_pct", facts, shared),
            ),
            ("conflicts", "facts_latest", "warn", lambda: check_conflicts(fl)),
            ("results_quarters_covered", "facts_latest", "warn", lambda: check_quarter_coverage(fl)),
        ]
    return plan


def _guarded(run: Callable[[], Outcome]) -> Outcome:
    try:
        return run()
    except (KeyError, AttributeError, TypeError, ValueError) as exc:
        return Outcome(
            1, f"check could not run: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        )


def run_checks(tables: dict[str, pd.DataFrame], run_id: str, now: datetime) -> pd.DataFrame:
    """quality_checks rows for a run's tables (error checks block publishing; warn checks are reported)."""
    checked_at = pd.Timestamp(now if now.tzinfo else now.replace(tzinfo=UTC)).tz_convert("UTC")
    prepared = {name: _prepare(name, df) for name, df in tables.items()}
    rows = []
    for check, table, severity, run in _plan(prepared):
        outcome = _guarded(run)
        rows.append(
            {
                "run_id": run_id,
                "check": check,
                "table": table,
                "severity": severity,
                "status": "fail" if outcome.failing else "pass",
                "failing_rows": int(outcome.failing),
                "details": outcome.details,
                "checked_at": checked_at,
            }
        )
    return canonical("quality_checks", pd.DataFrame(rows))


def has_errors(checks: pd.DataFrame) -> bool:
    """Whether any error-severity check failed (the run must then publish nothing)."""
    if checks.empty:
        return False
    return bool(((checks["severity"] == "error") & (checks["status"] == "fail")).any())
