"""facts_latest: one row per natural key, the latest published value, with restatements and conflicts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from transforms.normalise.numbers import printed
from warehouse.schemas import NATURAL_KEY, canonical, empty_frame


@dataclass(frozen=True, slots=True)
class Figure:
    """One stated figure of a natural key, with what ranking and comparing it needs."""

    pos: int
    value: float
    tolerance: float
    scale: float
    qualifier: str
    is_estimate: bool
    published_at: date | None
    doc_id: str
    locator: str
    source: str = ""


# Third-party sources: a later one that disagrees with another source contradicts it, it does not restate it.
THIRD_PARTY_SOURCES = frozenset({"article"})
# How far "about X" may stray before another source's figure contradicts it (a conflict, not a restatement).
APPROX_BAND = 0.25


def interval(f: Figure) -> tuple[float, float] | None:
    """The values a figure admits given its rounding and qualifier; None for `approx` (never contradicts)."""
    lo, hi = f.value - f.tolerance, f.value + f.tolerance
    if f.qualifier == "eq":
        return lo, hi
    if f.qualifier in ("gt", "gte"):
        return lo, math.inf
    if f.qualifier in ("lt", "lte"):
        return -math.inf, hi
    return None


def disagree(a: Figure, b: Figure) -> bool:
    """Whether two figures cannot both be right given the rounding of each and their qualifiers."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return False
    eps = 1e-9 * max(abs(a.value), abs(b.value), 1.0)
    return ia[1] < ib[0] - eps or ib[1] < ia[0] - eps


def _day(d: date | None) -> int:
    return d.toordinal() if d is not None else 0


_QUALIFIER_RANK = {"eq": 0, "gt": 1, "gte": 1, "lt": 1, "lte": 1, "approx": 2}


def _rank(f: Figure) -> tuple[int, float, float, int, str, str]:
    """Sort key: exact, then bounds, then approximate; most precise; smaller printed unit; latest; doc_id, locator."""
    return (
        _QUALIFIER_RANK.get(f.qualifier, 3),
        f.tolerance,
        f.scale,
        -_day(f.published_at),
        f.doc_id,
        f.locator,
    )


@dataclass(frozen=True, slots=True)
class Choice:
    """The row chosen for a natural key and what the other figures say about it."""

    winner: Figure
    restated: bool
    conflict: bool


def choose(figures: list[Figure]) -> Choice:
    """Pick the figure for one natural key: the latest document's value, shown by its most precise statement."""
    actual = [f for f in figures if not f.is_estimate] or figures
    latest_day = max(_day(f.published_at) for f in actual)
    anchor = min((f for f in actual if _day(f.published_at) == latest_day), key=_rank)
    agreeing = [f for f in actual if f is anchor or not disagree(f, anchor)]
    winner = min(agreeing, key=_rank)
    restated = any(_day(f.published_at) < latest_day and disagree(f, anchor) for f in actual)
    return Choice(winner, restated, _has_conflict(actual))


def clash(a: Figure, b: Figure) -> bool:
    """Whether two sources contradict each other, an "about" figure admitting APPROX_BAND either way."""
    def span(f: Figure) -> tuple[float, float] | None:
        if f.qualifier != "approx":
            return interval(f)
        spread = APPROX_BAND * abs(f.value) + f.tolerance
        return f.value - spread, f.value + spread

    sa, sb = span(a), span(b)
    if sa is None or sb is None:
        return False
    eps = 1e-9 * max(abs(a.value), abs(b.value), 1.0)
    return sa[1] < sb[0] - eps or sb[1] < sa[0] - eps


def _has_conflict(figures: list[Figure]) -> bool:
    """Documents of one day that disagree, or a third-party source contradicting another source on any day."""
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if a.doc_id == b.doc_id:
                continue
            if _day(a.published_at) == _day(b.published_at) and disagree(a, b):
                return True
            if THIRD_PARTY_SOURCES & {a.source, b.source} and clash(a, b):
                return True
    return False


def _figures(df: pd.DataFrame) -> list[Figure]:
    out = []
    cols = zip(
        df["value"].tolist(),
        df["reported_text"].tolist(),
        df["qualifier"].tolist(),
        df["is_estimate"].tolist(),
        df["published_at"].tolist(),
        df["doc_id"].tolist(),
        df["locator"].tolist(),
        df["source"].tolist() if "source" in df else [""] * len(df),
        strict=True,
    )
    for pos, (value, text, qualifier, estimate, published, doc, locator, source) in enumerate(cols):
        p = printed(text, value)
        tol = 0.5 * 10.0 ** (-p.decimals) * p.scale if p else 0.0
        day = published if isinstance(published, date) else None
        out.append(
            Figure(pos, value, tol, p.scale if p else 1.0, qualifier, bool(estimate), day, doc, locator, str(source or ""))
        )
    return out


def build_facts_latest(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per natural key: latest published value (most precise statement), restated, conflict, sources."""
    if facts.empty:
        return empty_frame("facts_latest")
    df = canonical("facts", facts).reset_index(drop=True)
    figures = _figures(df)
    rows: list[int] = []
    restated: list[bool] = []
    conflict: list[bool] = []
    first: list[date | None] = []
    sources: list[int] = []
    for _, positions in sorted(df.groupby(list(NATURAL_KEY), sort=False).indices.items()):
        group = [figures[i] for i in positions]
        choice = choose(group)
        rows.append(choice.winner.pos)
        restated.append(choice.restated)
        conflict.append(choice.conflict)
        days = [f.published_at for f in group if f.published_at is not None]
        first.append(min(days) if days else None)
        sources.append(len({f.doc_id for f in group}))
    out = df.iloc[rows].reset_index(drop=True)
    out["restated"] = restated
    out["first_published_at"] = first
    out["conflict"] = conflict
    out["n_sources"] = sources
    return canonical("facts_latest", out)
