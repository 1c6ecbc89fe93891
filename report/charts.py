"""Report charts drawn from the published tables with matplotlib's Agg canvas, written atomically.

Each PNG carries a content hash of what it shows (the plotted frames, the caption, this module's code
and the matplotlib version) in a text chunk; a chart whose hash is unchanged is not drawn again, and
matplotlib is imported only when some chart has to be drawn.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from common import replacing
from report.formats import qualifier_sign
from report.series import (
    CHANNELS_EVENT_ENTITIES,
    MARKETING_EVENT_ENTITIES,
    MIX_SEGMENTS,
    chart_events,
    growth_with_fallback,
    live_ecommerce_series,
    marketing_revenue_series,
    quarter_index,
    quarter_range,
    segment_shares,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

Bound = Literal["exact", "approx", "floor", "ceiling"]

MARKETING_PNG = "marketing_services.png"
CHANNELS_PNG = "channels_time_spent.png"
SEGMENT_MIX_PNG = "segment_mix.png"
LIVE_ECOMMERCE_PNG = "live_ecommerce.png"
CHART_FILES: tuple[str, ...] = (MARKETING_PNG, CHANNELS_PNG, SEGMENT_MIX_PNG, LIVE_ECOMMERCE_PNG)

MIX_LABELS: dict[str, str] = {
    "vas": "VAS",
    "marketing_services": "Marketing services",
    "fintech_business_services": "FinTech & business services",
    "others": "Others",
}
MIX_COLORS: dict[str, str] = {
    "vas": "#4c72b0",
    "marketing_services": "#dd8452",
    "fintech_business_services": "#55a868",
    "others": "#8172b3",
}
LIVE_LABELS: dict[str, str] = {
    "china_live_ecommerce": "China live e-commerce (market)",
    "douyin_ecommerce": "Douyin e-commerce",
    "kuaishou": "Kuaishou",
    "wechat_channels": "Weixin Channels",
}
LIVE_COLORS: dict[str, str] = {
    "china_live_ecommerce": "#222222",
    "douyin_ecommerce": "#c44e52",
    "kuaishou": "#dd8452",
    "wechat_channels": "#55a868",
}
APPROX_BAND = 0.10
EVENT_GAP = 0.9
RENAMED_FROM = "2024Q3"
RENAME_NOTE = "Marketing Services was named Online Advertising before 2024Q3."
ARROW_POINTS = 18.0
DPI = 100
CHART_KEY = "tencent-etl-chart-key"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TEXT_CHUNK = 1 << 16
LEGEND_PAD = 0.15
# Titles sit at the top of their axes; placing them explicitly spares matplotlib measuring every tick label
# for a collision that cannot happen (no axis has ticks or labels on top).
TITLE_Y = 1.0


class UnknownQualifier(ValueError):
    """A qualifier outside the contract vocabulary, which no chart may draw as a value."""


@dataclass(frozen=True)
class PointStyle:
    """How one stated figure is drawn given its qualifier."""

    qualifier: str
    bound: Bound
    marker: str
    filled: bool
    arrow: Literal["up", "down"] | None
    band: bool
    legend: str


_STYLES: dict[str, PointStyle] = {
    "eq": PointStyle("eq", "exact", "o", True, None, False, "stated exactly"),
    "approx": PointStyle("approx", "approx", "o", True, None, True, "about (shaded band +-10%)"),
    "gt": PointStyle("gt", "floor", "^", False, "up", False, "over: a floor, true value higher"),
    "gte": PointStyle("gte", "floor", "^", True, "up", False, "at least: a floor"),
    "lt": PointStyle("lt", "ceiling", "v", False, "down", False, "under: a ceiling, true value lower"),
    "lte": PointStyle("lte", "ceiling", "v", True, "down", False, "at most: a ceiling"),
}


@dataclass(frozen=True)
class ChartResult:
    """One written chart: its file, how many points it drew and a one-line caption."""

    path: Path
    points: int
    caption: str
    reused: bool = False
    title: str = ""
    events: tuple[tuple[int, str, str], ...] = ()

    @property
    def empty(self) -> bool:
        """True when the chart had no data to draw."""
        return self.points == 0


def qualifier_style(qualifier: str) -> PointStyle:
    """Map a contract qualifier to its marker, fill, arrow and band (gt/gte are floors, lt/lte ceilings)."""
    try:
        return _STYLES[qualifier]
    except (KeyError, TypeError):
        raise UnknownQualifier(f"qualifier {qualifier!r} is not one of {sorted(_STYLES)}") from None


def _new_figure(rows: int, height: float = 3.2) -> tuple[Figure, list[Axes]]:
    """A figure bound to an Agg canvas (no pyplot state) with the given number of stacked panels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, height * rows + 0.6), dpi=DPI)
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)
    return fig, [ax for (ax,) in axes]


@cache
def style_token() -> str:
    """What besides the data decides a chart's pixels: this module's code and the matplotlib version."""
    try:
        version = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return hashlib.sha256(Path(__file__).read_bytes() + version.encode()).hexdigest()


def _fingerprint(part: object) -> bytes:
    """Stable bytes for one input of a chart: a frame's columns, dtypes and CSV text, or a value's repr."""
    if isinstance(part, pd.DataFrame):
        head = repr([(str(c), str(t)) for c, t in part.dtypes.items()])
        return (head + "\n" + part.to_csv(index=False)).encode()
    return repr(part).encode()


def chart_key(name: str, *parts: object) -> str:
    """A content hash of everything a chart shows: its file name, its plotted inputs and the drawing code."""
    digest = hashlib.sha256(style_token().encode())
    for part in (name, *parts):
        fingerprint = _fingerprint(part)
        digest.update(struct.pack(">Q", len(fingerprint)) + fingerprint)
    return digest.hexdigest()


def stored_key(path: Path) -> str | None:
    """The chart key in a PNG's text chunks before its image data; None when absent or unreadable."""
    wanted = CHART_KEY.encode("latin-1")
    try:
        with open(path, "rb") as handle:
            if handle.read(8) != PNG_SIGNATURE:
                return None
            while True:
                head = handle.read(8)
                if len(head) < 8:
                    return None
                length, kind = struct.unpack(">I4s", head)
                if kind in (b"IDAT", b"IEND") or length > MAX_TEXT_CHUNK:
                    return None
                data = handle.read(length)
                handle.seek(4, os.SEEK_CUR)
                if kind == b"tEXt":
                    name, _, value = data.partition(b"\0")
                    if name == wanted:
                        return value.decode("latin-1")
    except OSError:
        return None


def _render(result: ChartResult, key: str, draw: Callable[[], Figure]) -> ChartResult:
    """Reuse the PNG at result.path when it was drawn from the same inputs, else draw and save it."""
    if stored_key(result.path) == key:
        return dataclasses.replace(result, reused=True)
    save_figure(draw(), result.path, key)
    return result


def _no_data(path: Path, title: str, note: str) -> ChartResult:
    """Write a placeholder chart saying there is no data and return its result."""
    result = ChartResult(path, 0, f"no data ({note})", title=title)

    def draw() -> Figure:
        fig, (ax,) = _new_figure(1, 2.4)
        ax.set_axis_off()
        ax.set_title(title, y=TITLE_Y)
        ax.text(0.5, 0.5, f"No data: {note}", ha="center", va="center", fontsize=12, transform=ax.transAxes)
        return fig

    return _render(result, chart_key(path.name, title, note), draw)


def save_figure(fig: Figure, path: Path, key: str | None = None) -> None:
    """Write a figure as PNG (with its chart key, if given) to a hidden temp name, then os.replace it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info: dict[str, str | None] = {"Software": None}
    if key is not None:
        info[CHART_KEY] = key
    with replacing(path) as tmp:
        fig.savefig(tmp, format="png", dpi=DPI, metadata=info)


def fixed_layout(
    fig: Figure, left: float = 0.85, bottom: float = 0.4, top: float = 0.36, hspace: float = 0.16,
    wspace: float = 0.2, right_labels: bool = False,
) -> None:
    """Place the panels with margins in inches, leaving room on the right for the widest legend or tick labels.

    Cheaper than tight_layout, which measures every tick label once more before the figure is drawn.
    """
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    renderer = fig.canvas.get_renderer()
    legends = [legend for ax in fig.axes if (legend := ax.get_legend()) is not None]
    outside = [legend for legend in legends if legend.get_bbox_to_anchor().x0 > fig.axes[-1].bbox.x0]
    need = max((legend.get_window_extent(renderer).width for legend in outside), default=0.0)
    if right_labels:
        ticks = fig.axes[-1].get_yticklabels()
        need = max([need, *(label.get_window_extent(renderer).width + 8 for label in ticks)])
    left_px = left * fig.dpi
    # A legend anchored at x=1.01 of its axes starts 1% of the axes width right of the axes.
    right_px = (width - need - LEGEND_PAD * fig.dpi + 0.01 * left_px) / 1.01
    fig.subplots_adjust(
        left=left_px / width,
        right=right_px / width,
        bottom=bottom * fig.dpi / height,
        top=1 - top * fig.dpi / height,
        hspace=hspace,
        wspace=wspace,
    )


def unknown_qualifiers(qualifiers: Iterable[object]) -> int:
    """How many qualifiers are outside the contract vocabulary (such points are never drawn)."""
    return sum(1 for q in qualifiers if not isinstance(q, str) or q not in _STYLES)


def draw_points(
    ax: Axes, xs: Iterable[object], ys: Iterable[float], qualifiers: Iterable[str], color: str
) -> int:
    """Draw stated figures as bounds (floors up, ceilings down, bands for about); returns points skipped."""
    from matplotlib.transforms import offset_copy

    skipped = 0
    fig = ax.figure
    up = offset_copy(ax.transData, fig=fig, x=0.0, y=ARROW_POINTS, units="points")
    down = offset_copy(ax.transData, fig=fig, x=0.0, y=-ARROW_POINTS, units="points")
    for x, y, qualifier in zip(xs, ys, qualifiers, strict=True):
        try:
            style = qualifier_style(qualifier)
        except UnknownQualifier:
            skipped += 1
            continue
        if style.band:
            half = max(abs(y) * APPROX_BAND, 0.5)
            ax.errorbar(
                [x], [y], yerr=[[half], [half]], fmt="none", ecolor=color, alpha=0.45, elinewidth=9, zorder=2
            )
        ax.scatter(
            [x],
            [y],
            marker=style.marker,
            s=36 if style.band else 64,
            facecolors=color if style.filled else "white",
            edgecolors=color,
            linewidths=1.6,
            zorder=4,
        )
        if style.arrow is not None:
            xn = float(ax.convert_xunits(x))
            ax.annotate(
                "",
                xy=(xn, y),
                xycoords=up if style.arrow == "up" else down,
                xytext=(xn, y),
                textcoords="data",
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.4},
                zorder=3,
            )
    return skipped


def qualifier_legend(qualifiers: Iterable[str], color: str = "#444444") -> list[Line2D | Patch]:
    """Legend handles explaining how each qualifier present is drawn."""
    from matplotlib.lines import Line2D

    handles: list[Line2D | Patch] = []
    for qualifier in _STYLES:
        if qualifier not in set(qualifiers):
            continue
        style = _STYLES[qualifier]
        arrow = {"up": " (arrow up)", "down": " (arrow down)", None: ""}[style.arrow]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="-" if style.band else "none",
                linewidth=7,
                alpha=0.45 if style.band else 1.0,
                marker=style.marker,
                markersize=8,
                markerfacecolor=color if style.filled else "white",
                markeredgecolor=color,
                label=f"{qualifier}: {style.legend}{arrow}",
            )
        )
    return handles


def growth_limits(values: pd.Series) -> tuple[float, float]:
    """Y limits spanning zero and every value, with headroom above for floor arrows."""
    low = min(0.0, float(values.min()))
    high = max(0.0, float(values.max()))
    pad = (high - low) * 0.3 + 10.0
    return low - pad / 3, high + pad


def quarter_positions(labels: Iterable[str]) -> list[str]:
    """Every quarter from the earliest to the latest label given: the chart's x axis, gaps included."""
    return quarter_range(labels)


def event_position(when: pd.Timestamp, first_quarter: str) -> float:
    """Where a date falls on a quarter axis whose bar i spans [i - 0.5, i + 0.5]."""
    first = quarter_index(first_quarter) or 0
    index = when.year * 4 + (when.month - 1) // 3
    start = pd.Timestamp(year=when.year, month=3 * ((when.month - 1) // 3) + 1, day=1)
    length = ((start + pd.offsets.QuarterBegin(startingMonth=1)) - start).days or 91
    return index - first - 0.5 + (when - start).days / length


def numbered_events(marks: pd.DataFrame, quarters: list[str]) -> list[tuple[int, float, str, str]]:
    """Events inside the quarter axis, numbered in date order: (number, x, date, description)."""
    if marks.empty or not quarters:
        return []
    out: list[tuple[int, float, str, str]] = []
    for when, description in zip(marks["event_date"], marks["description"], strict=True):
        x = event_position(pd.Timestamp(when), quarters[0])
        if -0.5 <= x <= len(quarters) - 0.5:
            out.append((len(out) + 1, x, pd.Timestamp(when).date().isoformat(), str(description)))
    return out


def draw_event_numbers(ax: Axes, numbered: list[tuple[int, float, str, str]], numbers: bool = True) -> None:
    """Dashed lines at event dates, each with its number in a circle, rows staggered so none overlap."""
    transform = ax.get_xaxis_transform()
    rows: list[float] = []
    for number, x, _, _ in numbered:
        ax.axvline(x, color="#777777", linestyle="--", linewidth=0.9, zorder=1)
        if not numbers:
            continue
        row = next((i for i, last in enumerate(rows) if x - last >= EVENT_GAP), len(rows))
        if row == len(rows):
            rows.append(x)
        rows[row] = x
        ax.text(x, 0.97 - 0.11 * row, str(number), transform=transform, fontsize=8, color="#222222",
                ha="center", va="top", zorder=6,
                bbox={"boxstyle": "circle,pad=0.25", "facecolor": "#fff3c4", "edgecolor": "#777777"})


def quarter_axis(ax: Axes, quarters: list[str], present: set[str]) -> int:
    """Quarter labels on the x axis and a grey band over each quarter without a figure; returns the gaps."""
    positions = list(range(len(quarters)))
    gaps = 0
    for i, label in enumerate(quarters):
        if label not in present:
            gaps += 1
            ax.axvspan(i - 0.5, i + 0.5, facecolor="#e6e6e6", edgecolor="#bbbbbb", hatch="xx", linewidth=0,
                       zorder=0)
    ax.set_xticks(positions)
    ax.set_xticklabels(quarters, rotation=90, fontsize=8)
    ax.set_xlim(-0.6, max(len(quarters), 4) - 0.4)
    return gaps


def gap_handle() -> Patch:
    """The legend entry of a quarter with no published figure."""
    from matplotlib.patches import Patch

    return Patch(facecolor="#e6e6e6", edgecolor="#bbbbbb", hatch="xx", label="no published figure")


def on_axis(series: pd.DataFrame, quarters: list[str], column: str) -> list[float]:
    """A series' values at each quarter of the axis, NaN where it has none (lines break there)."""
    by_label = dict(zip(series["period_label"], series[column], strict=True)) if not series.empty else {}
    return [float(by_label[q]) if q in by_label and pd.notna(by_label[q]) else math.nan for q in quarters]


def _value_text(value: float, qualifier: str, suffix: str = "%") -> str:
    """A short label of a stated figure with its qualifier sign: '>80%', '~50%', '26%'."""
    return f"{qualifier_sign(qualifier)}{value:,.0f}{suffix}"


def marketing_services_chart(
    facts: pd.DataFrame, metrics: pd.DataFrame, events: pd.DataFrame, path: Path
) -> ChartResult:
    """Marketing Services revenue by quarter over its YoY growth, gaps marked, events numbered."""
    title = "Tencent Marketing Services revenue and YoY growth"
    levels = marketing_revenue_series(facts)
    growth = growth_with_fallback(metrics, facts, "ad_revenue_yoy_pct", "tencent", "revenue",
                                  segment="marketing_services")
    growth = growth[growth["period_label"].map(quarter_index).notna()] if not growth.empty else growth
    if levels.empty and growth.empty:
        return _no_data(path, title, "no Marketing Services revenue or growth in the tables")
    quarters = quarter_positions([*levels["period_label"], *growth["period_label"]])
    marks = chart_events(events, MARKETING_EVENT_ENTITIES, *_quarter_span(quarters))
    numbered = numbered_events(marks, quarters)
    missing = len(quarters) - len(set(levels["period_label"]))
    skipped = unknown_qualifiers(growth.loc[growth["method"] != "computed", "qualifier"])
    caption = (
        f"{len(levels)} quarter(s) of revenue in RMB bn, {len(growth)} growth point(s), {missing} quarter(s) "
        f"without a revenue figure (hatched); growth is computed from the levels where both years are "
        f"published, else the company's stated figure; lines are not drawn across missing quarters. "
        f"{RENAME_NOTE}{_points_note(skipped)}"
    )
    result = ChartResult(path, len(levels) + len(growth) - skipped, caption, title=title,
                         events=tuple((n, d, t) for n, _, d, t in numbered))

    def draw() -> Figure:
        return _draw_marketing(levels, growth, quarters, numbered)

    return _render(result, chart_key(path.name, caption, levels, growth, quarters, numbered), draw)


def _draw_marketing(levels: pd.DataFrame, growth: pd.DataFrame, quarters: list[str],
                    numbered: list[tuple[int, float, str, str]]) -> Figure:
    """Revenue bars above and the growth line below on one quarter axis, gaps hatched, events numbered."""
    from matplotlib.lines import Line2D

    fig, (top, bottom) = _new_figure(2, 3.0)
    positions = list(range(len(quarters)))
    values = on_axis(levels, quarters, "value_bn")
    qualifiers = dict(zip(levels["period_label"], levels["qualifier"], strict=True)) if not levels.empty else {}
    exact = [v if qualifiers.get(q, "eq") == "eq" else math.nan for q, v in zip(quarters, values, strict=True)]
    rough = [v if qualifiers.get(q, "eq") != "eq" else math.nan for q, v in zip(quarters, values, strict=True)]
    top.bar(positions, exact, width=0.75, color="#dd8452", label="revenue, RMB bn", zorder=3)
    if any(not math.isnan(v) for v in rough):
        top.bar(positions, rough, width=0.75, color="white", edgecolor="#dd8452", hatch="//", zorder=3,
                label="revenue, qualified (about / over)")
    quarter_axis(top, quarters, set(levels["period_label"]))
    highest = max((v for v in values if not math.isnan(v)), default=1.0)
    top.set_ylim(0, highest * (1.45 if numbered else 1.1))
    top.set_ylabel("RMB bn")
    top.set_title("Marketing Services revenue by quarter (RMB bn)", y=TITLE_Y)
    rename = _rename_position(quarters)
    for ax in (top, bottom):
        if rename is not None:
            ax.axvline(rename, color="#4c72b0", linewidth=1.2, zorder=2)
    handles, _ = top.get_legend_handles_labels()
    if rename is not None:
        handles.append(Line2D([], [], color="#4c72b0", linewidth=1.2,
                              label=f"named Online Advertising\nbefore {RENAMED_FROM}"))
    top.legend(handles=[*handles, gap_handle()], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    computed = growth[growth["method"] == "computed"] if not growth.empty else growth
    stated = growth[growth["method"] != "computed"] if not growth.empty else growth
    line = on_axis(growth, quarters, "value") if not growth.empty else [math.nan] * len(quarters)
    bottom.plot(positions, line, "-", color="#4c72b0", linewidth=1.4, zorder=3)
    handles = [Line2D([], [], color="#4c72b0", marker="o", label="YoY %, computed from the levels")]
    if not computed.empty:
        bottom.scatter([quarters.index(q) for q in computed["period_label"]], computed["value"], marker="o",
                       s=28, color="#4c72b0", zorder=4)
        told = computed.dropna(subset=["reported_value"])
        if not told.empty:
            bottom.scatter([quarters.index(q) for q in told["period_label"]], told["reported_value"], marker="D",
                           s=30, facecolors="white", edgecolors="#c44e52", zorder=5)
            handles.append(Line2D([], [], color="#c44e52", marker="D", markerfacecolor="white", linestyle="none",
                                  label="YoY %, as the company stated it"))
    if not stated.empty:
        draw_points(bottom, [quarters.index(q) for q in stated["period_label"]], stated["value"],
                    stated["qualifier"], "#c44e52")
        handles.append(Line2D([], [], color="#c44e52", marker="o", linestyle="none",
                              label="YoY %, as the company stated it (the value)"))
        handles += qualifier_legend(set(stated["qualifier"]) - {"eq"}, "#c44e52")
    if not growth.empty:
        bottom.set_ylim(*growth_limits(growth["value"]))
    quarter_axis(bottom, quarters, set(growth["period_label"]) if not growth.empty else set())
    bottom.axhline(0, color="#999999", linewidth=0.8)
    bottom.set_ylabel("YoY %")
    bottom.set_title("Marketing Services revenue, year-on-year growth (%)", y=TITLE_Y)
    bottom.legend(handles=[*handles, gap_handle()], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    draw_event_numbers(top, numbered)
    draw_event_numbers(bottom, numbered, numbers=False)
    fixed_layout(fig, bottom=0.75, hspace=0.22)
    return fig


def _rename_position(quarters: list[str]) -> float | None:
    """The boundary before the quarter from which the segment is named Marketing Services, when on the axis."""
    if RENAMED_FROM in quarters and quarters.index(RENAMED_FROM) > 0:
        return quarters.index(RENAMED_FROM) - 0.5
    return None


def _quarter_span(quarters: list[str]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a quarter axis (NaT when it is empty)."""
    if not quarters:
        return pd.NaT, pd.NaT
    first, last = quarter_index(quarters[0]) or 0, quarter_index(quarters[-1]) or 0
    start = pd.Timestamp(year=first // 4, month=3 * (first % 4) + 1, day=1)
    end = pd.Timestamp(year=last // 4, month=3 * (last % 4) + 1, day=1) + pd.offsets.QuarterEnd(startingMonth=3)
    return start, end


def _points_note(skipped: int) -> str:
    """A caption fragment for points skipped because of an unknown qualifier."""
    return f"; {skipped} point(s) with an unknown qualifier not drawn" if skipped else ""


def channels_chart(
    facts: pd.DataFrame, metrics: pd.DataFrame, events: pd.DataFrame, path: Path
) -> ChartResult:
    """Channels growth figures as stated (floors, ceilings, bands): quarters and years on separate axes."""
    title = "Weixin Channels: growth as stated"
    time_spent = growth_with_fallback(
        metrics, facts, "channels_time_spent_yoy_pct", "wechat_channels", "user_time_spent"
    )
    ads = growth_with_fallback(metrics, facts, "channels_ad_revenue_yoy_pct", "wechat_channels", "ad_revenue")
    if time_spent.empty and ads.empty:
        return _no_data(path, title, "no Channels time-spent or ad revenue growth in the tables")
    series = [("total user time spent", time_spent, "#55a868"), ("marketing (ad) revenue", ads, "#4c72b0")]
    quarterly = [(n, s[s["period_label"].map(quarter_index).notna()], c) for n, s, c in series if not s.empty]
    yearly = [(n, s[s["period_label"].str.fullmatch(r"\d{4}")], c) for n, s, c in series if not s.empty]
    quarterly = [item for item in quarterly if not item[1].empty]
    yearly = [item for item in yearly if not item[1].empty]
    quarters = quarter_positions([q for _, s, _ in quarterly for q in s["period_label"]])
    marks = chart_events(events, CHANNELS_EVENT_ENTITIES, *_quarter_span(quarters))
    numbered = numbered_events(marks, quarters)
    points = sum(len(s) for _, s, _ in quarterly + yearly)
    skipped = sum(unknown_qualifiers(s["qualifier"]) for _, s, _ in quarterly + yearly)
    caption = (
        f"{points} stated growth figure(s): quarters on the left, whole years on the right; a triangle up with "
        f"an arrow is a floor ('more than'), a shaded bar an approximate figure ('about'){_points_note(skipped)}"
    )
    result = ChartResult(path, points - skipped, caption, title=title,
                         events=tuple((n, d, t) for n, _, d, t in numbered))

    def draw() -> Figure:
        return _draw_channels(quarterly, yearly, quarters, numbered)

    parts = [part for _, s, _ in quarterly + yearly for part in (s,)]
    return _render(result, chart_key(path.name, caption, *parts, quarters, numbered), draw)


def _draw_channels(quarterly: list[tuple[str, pd.DataFrame, str]], yearly: list[tuple[str, pd.DataFrame, str]],
                   quarters: list[str], numbered: list[tuple[int, float, str, str]]) -> Figure:
    """The Channels figure: quarterly figures on a quarter axis, annual figures on a year axis beside it."""
    from matplotlib.lines import Line2D

    fig = _wide_figure(3.6, [3, 1] if quarterly and yearly else [1])
    axes = fig.axes
    every: list[float] = [v for _, s, _ in quarterly + yearly for v in s["value"]]
    limits = growth_limits(pd.Series(every)) if every else (-10.0, 10.0)
    handles: list[Line2D | Patch] = []
    if quarterly:
        ax = axes[0]
        spread = 0.12 * (len(quarterly) - 1)
        for k, (name, part, color) in enumerate(quarterly):
            xs = [quarters.index(q) - spread / 2 + 0.12 * k for q in part["period_label"]]
            draw_points(ax, xs, part["value"], part["qualifier"], color)
            for x, y, q in zip(xs, part["value"], part["qualifier"], strict=True):
                ax.annotate(_value_text(y, q), xy=(x, y), xytext=(7, -3), textcoords="offset points", fontsize=7.5,
                            color=color)
            handles.append(Line2D([], [], color=color, marker="o", linestyle="none", label=f"{name}, YoY %"))
        present = {q for _, s, _ in quarterly for q in s["period_label"]}
        quarter_axis(ax, quarters, present)
        ax.set_ylim(*limits)
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.set_ylabel("YoY %")
        ax.set_title("By quarter: year-on-year growth (%)", y=TITLE_Y)
        draw_event_numbers(ax, numbered)
    if yearly:
        ax = axes[-1]
        years = sorted({y for _, s, _ in yearly for y in s["period_label"]})
        for k, (name, part, color) in enumerate(yearly):
            xs = [years.index(y) - 0.1 * (len(yearly) - 1) / 2 + 0.1 * k for y in part["period_label"]]
            draw_points(ax, xs, part["value"], part["qualifier"], color)
            for x, y, q in zip(xs, part["value"], part["qualifier"], strict=True):
                ax.annotate(_value_text(y, q), xy=(x, y), xytext=(7, -3), textcoords="offset points", fontsize=7.5,
                            color=color)
            if not quarterly:
                handles.append(Line2D([], [], color=color, marker="o", linestyle="none", label=f"{name}, YoY %"))
        ax.set_xticks(range(len(years)))
        ax.set_xticklabels(years, fontsize=8)
        ax.set_xlim(-0.7, len(years) - 0.3)
        ax.set_ylim(*limits)
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.set_title("By year (%)", y=TITLE_Y)
    qualifiers = {q for _, s, _ in quarterly + yearly for q in s["qualifier"]}
    axes[-1].legend(handles=[*handles, *qualifier_legend(qualifiers), gap_handle()], loc="upper left",
                    bbox_to_anchor=(1.02, 1.0), fontsize=8)
    fixed_layout(fig, bottom=0.75, wspace=0.12)
    return fig


def _wide_figure(height: float, widths: list[int]) -> Figure:
    """A figure bound to an Agg canvas with panels side by side in the given width ratios."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, height), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots(1, len(widths), squeeze=False, gridspec_kw={"width_ratios": widths})
    return fig


def segment_mix_chart(facts: pd.DataFrame, path: Path) -> ChartResult:
    """Stacked bars of each revenue segment's share of the quarter's total, quarters without one hatched."""
    title = "Tencent revenue mix by segment (% of quarterly revenue)"
    shares = segment_shares(facts)
    if shares.empty:
        return _no_data(path, title, "no quarter whose revenue segments cover its total")
    quarters = quarter_positions(shares["period_label"])
    by_sum = int((shares["denominator"] == "sum of segments").sum())
    missing = len(quarters) - len(shares)
    caption = (f"{len(shares)} quarter(s) as shares of the reported total revenue; {missing} quarter(s) "
               "without all segments published (hatched)")
    if by_sum:
        caption += f"; {by_sum} quarter(s) without a usable total use the sum of segments"
    caption += f". {RENAME_NOTE}"
    result = ChartResult(path, len(shares), caption, title=title)

    def draw() -> Figure:
        return _draw_segment_mix(title, shares, quarters)

    return _render(result, chart_key(path.name, caption, shares, quarters), draw)


def _draw_segment_mix(title: str, shares: pd.DataFrame, quarters: list[str]) -> Figure:
    """The revenue mix figure: one stacked bar of segment shares per quarter; only drawn segments in the legend."""
    fig, (ax,) = _new_figure(1, 4.0)
    positions = [quarters.index(q) for q in shares["period_label"]]
    bottom = pd.Series(0.0, index=shares.index)
    for seg in MIX_SEGMENTS:
        drawn = bool((shares[seg] > 0).any())
        ax.bar(positions, shares[seg], bottom=bottom, color=MIX_COLORS[seg], width=0.8,
               label=MIX_LABELS[seg] if drawn else None, zorder=3)
        bottom = bottom + shares[seg]
    if (shares["unallocated"] > 0.5).any():
        ax.bar(positions, shares["unallocated"], bottom=bottom, color="#dddddd", label="not in these segments",
               zorder=3)
    quarter_axis(ax, quarters, set(shares["period_label"]))
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of quarter revenue")
    ax.set_title(title, y=TITLE_Y)
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(handles=[*handles, gap_handle()], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fixed_layout(fig, bottom=0.75)
    return fig


def live_ecommerce_chart(facts: pd.DataFrame, path: Path) -> ChartResult:
    """Live e-commerce sizes: quarterly GMV on a quarter axis, figures for other periods as labelled bars apart."""
    title = "Live e-commerce: market and platforms (RMB bn)"
    levels, growth = live_ecommerce_series(facts)
    if levels.empty:
        note = "no GMV or sales levels for the live e-commerce market or platforms"
        return _no_data(path, title, note + (f" ({len(growth)} growth figure(s) are in the tables below)"
                                             if len(growth) else ""))
    quarterly = levels[levels["period_type"] == "quarter"]
    other = levels[levels["period_type"] != "quarter"]
    quarters = quarter_positions(quarterly["period_label"])
    skipped = unknown_qualifiers(levels["qualifier"])
    caption = (f"{len(quarterly)} quarterly level(s) and {len(other)} level(s) for years, half-years or months, "
               f"drawn apart since their periods differ in length; {len(growth)} growth-only figure(s) are in the "
               f"industry table{_points_note(skipped)}")
    result = ChartResult(path, len(levels) - skipped, caption, title=title)

    def draw() -> Figure:
        return _draw_live_ecommerce(quarterly, other, quarters)

    return _render(result, chart_key(path.name, caption, quarterly, other, quarters), draw)


def period_name(label: str, period_type: str) -> str:
    """A reader's name of a period: '2024 (year)', '2024H1 (half-year)', '2024-01..2024-08 (months)'."""
    kinds = {"year": "year", "half": "half-year", "months": "months", "month": "month", "nine_months": "9 months",
             "quarter": "quarter", "instant": "date"}
    return f"{label} ({kinds.get(period_type, period_type)})"


def _draw_live_ecommerce(quarterly: pd.DataFrame, other: pd.DataFrame, quarters: list[str]) -> Figure:
    """Quarterly GMV lines (broken at gaps) on the left; other periods as horizontal labelled bars on the right."""
    from matplotlib.lines import Line2D

    widths = [3, 2] if not quarterly.empty and not other.empty else [1]
    fig = _wide_figure(max(3.6, 0.32 * len(other) + 1.6), widths)
    axes = fig.axes
    if not quarterly.empty:
        ax = axes[0]
        handles: list[Line2D | Patch] = []
        positions = list(range(len(quarters)))
        for entity, part in quarterly.groupby("entity", sort=True):
            color = LIVE_COLORS.get(str(entity), "#333333")
            frame = part.assign(value_bn=part["value"] / 1e9)
            ax.plot(positions, on_axis(frame, quarters, "value_bn"), "-", color=color, linewidth=1.4, zorder=3)
            draw_points(ax, [quarters.index(q) for q in frame["period_label"]], frame["value_bn"],
                        frame["qualifier"], color)
            handles.append(Line2D([], [], color=color, marker="o", label=LIVE_LABELS.get(str(entity), str(entity))))
        quarter_axis(ax, quarters, set(quarterly["period_label"]))
        ax.set_ylim(bottom=0)
        ax.margins(y=0.2)
        ax.set_ylabel("RMB bn")
        ax.set_title("Quarterly GMV (RMB bn)", y=TITLE_Y)
        ax.legend(handles=[*handles, gap_handle()], loc="upper left", fontsize=8)
    if not other.empty:
        ax = axes[-1]
        ordered = other.sort_values(["entity", "period_end"]).reset_index(drop=True)
        ys = list(range(len(ordered)))[::-1]
        values = ordered["value"] / 1e9
        colors = [LIVE_COLORS.get(e, "#333333") for e in ordered["entity"]]
        hatches = ["//" if q != "eq" else "" for q in ordered["qualifier"]]
        for y, v, color, hatch in zip(ys, values, colors, hatches, strict=True):
            ax.barh(y, v, color="white" if hatch else color, edgecolor=color, hatch=hatch, height=0.7, zorder=3)
        names = [f"{LIVE_LABELS.get(e, e)}, {period_name(p, t)}"
                 for e, p, t in zip(ordered["entity"], ordered["period_label"], ordered["period_type"], strict=True)]
        ax.set_yticks(ys)
        ax.set_yticklabels(names, fontsize=8)
        ax.yaxis.tick_right()
        top = float(values.max()) if len(values) else 1.0
        for y, v, q, est in zip(ys, values, ordered["qualifier"], ordered["is_estimate"], strict=True):
            text = _value_text(v, q, "") + (" est." if est else "")
            ax.text(v + top * 0.01, y, text, va="center", ha="left", fontsize=7.5, color="#222222", zorder=4)
        ax.set_xlim(0, top * 1.25)
        ax.set_xlabel("RMB bn")
        ax.set_title("Years, half-years and months (RMB bn)", y=TITLE_Y)
    fixed_layout(fig, bottom=0.75, right_labels=other.empty is False, wspace=0.08)
    return fig
