"""Report charts drawn from the published tables with matplotlib's Agg canvas, written atomically.

Each PNG carries a content hash of what it shows (the plotted frames, the caption, this module's code
and the matplotlib version) in a text chunk; a chart whose hash is unchanged is not drawn again, and
matplotlib is imported only when some chart has to be drawn.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import struct
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from report.series import (
    CHANNELS_EVENT_ENTITIES,
    LIVE_ENTITIES,
    MARKETING_EVENT_ENTITIES,
    MIX_SEGMENTS,
    chart_events,
    growth_with_fallback,
    live_ecommerce_series,
    marketing_revenue_series,
    metric_series,
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
PERIOD_MARKERS: dict[str, str] = {
    "quarter": "o",
    "half": "D",
    "nine_months": "P",
    "year": "s",
    "month": ".",
    "months": "X",
    "instant": "*",
}
APPROX_BAND = 0.10
EVENT_LABEL_ROWS = 4
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
    result = ChartResult(path, 0, f"no data ({note})")

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
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    info: dict[str, str | None] = {"Software": None}
    if key is not None:
        info[CHART_KEY] = key
    try:
        fig.savefig(tmp, format="png", dpi=DPI, metadata=info)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def fixed_layout(
    fig: Figure, left: float = 0.85, bottom: float = 0.4, top: float = 0.36, hspace: float = 0.16
) -> None:
    """Place the panels with margins in inches, leaving room on the right for the widest legend.

    Cheaper than tight_layout, which measures every tick label once more before the figure is drawn.
    """
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    renderer = fig.canvas.get_renderer()
    legends = [legend for ax in fig.axes if (legend := ax.get_legend()) is not None]
    need = max((legend.get_window_extent(renderer).width for legend in legends), default=0.0)
    left_px = left * fig.dpi
    # A legend anchored at x=1.01 of its axes starts 1% of the axes width right of the axes.
    right_px = (width - need - LEGEND_PAD * fig.dpi + 0.01 * left_px) / 1.01
    fig.subplots_adjust(
        left=left_px / width,
        right=right_px / width,
        bottom=bottom * fig.dpi / height,
        top=1 - top * fig.dpi / height,
        hspace=hspace,
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


def draw_events(ax: Axes, events: pd.DataFrame, labels: bool = True) -> int:
    """Draw events as dashed vertical lines, optionally with short staggered labels; returns how many."""
    transform = ax.get_xaxis_transform()
    for i, (when, label) in enumerate(zip(events["event_date"], events["label"], strict=True)):
        ax.axvline(when, color="#888888", linestyle="--", linewidth=0.9, zorder=1)
        if not labels:
            continue
        ax.text(
            when,
            0.98 - 0.1 * (i % EVENT_LABEL_ROWS),
            label,
            transform=transform,
            fontsize=7,
            color="#444444",
            va="top",
            ha="left",
            clip_on=True,
            zorder=5,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
    return len(events)


def _span(*series: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Earliest and latest date over the given series (NaT when all are empty)."""
    values = (
        pd.concat([s for s in series if len(s)], ignore_index=True) if any(len(s) for s in series) else None
    )
    if values is None or values.dropna().empty:
        return pd.NaT, pd.NaT
    return values.min() - pd.Timedelta(days=100), values.max() + pd.Timedelta(days=75)


def _points_note(skipped: int) -> str:
    """A caption fragment for points skipped because of an unknown qualifier."""
    return f"; {skipped} point(s) with an unknown qualifier not drawn" if skipped else ""


def marketing_services_chart(
    facts: pd.DataFrame, metrics: pd.DataFrame, events: pd.DataFrame, path: Path
) -> ChartResult:
    """Marketing services revenue by quarter (RMB bn) over its YoY growth (computed vs reported), with events."""
    title = "Tencent marketing services revenue"
    levels = marketing_revenue_series(facts)
    growth = metric_series(metrics, "ad_revenue_yoy_pct", "tencent")
    if levels.empty and growth.empty:
        return _no_data(path, title, "no marketing services revenue or growth in the tables")
    start, end = _span(levels["period_end"], growth["period_end"])
    marks = chart_events(events, MARKETING_EVENT_ENTITIES, start, end)
    skipped = unknown_qualifiers(growth.loc[growth["method"] != "computed", "qualifier"])
    caption = (
        f"{len(levels)} quarter(s) of revenue, {len(growth)} growth point(s), {len(marks)} event(s)"
        f"{_points_note(skipped)}"
    )
    result = ChartResult(path, len(levels) + len(growth) - skipped, caption)

    def draw() -> Figure:
        return _draw_marketing(title, levels, growth, marks, start, end)

    return _render(result, chart_key(path.name, caption, levels, growth, marks, start, end), draw)


def _draw_marketing(
    title: str,
    levels: pd.DataFrame,
    growth: pd.DataFrame,
    marks: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> Figure:
    """The marketing services figure: revenue bars above, growth points below, event lines on both."""
    fig, (top, bottom) = _new_figure(2)
    if not levels.empty:
        exact = levels["qualifier"] == "eq"
        top.bar(
            levels["period_end"],
            levels["value_bn"],
            width=-80,
            align="edge",
            color="#dd8452",
            label="revenue, stated",
        )
        if (~exact).any():
            top.bar(
                levels.loc[~exact, "period_end"],
                levels.loc[~exact, "value_bn"],
                width=-80,
                align="edge",
                color="white",
                edgecolor="#dd8452",
                hatch="//",
                label="revenue, qualified (about / over)",
            )
        top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    else:
        top.text(0.5, 0.5, "no revenue levels", ha="center", va="center", transform=top.transAxes)
    top.set_ylabel("RMB bn")
    top.set_title(f"{title} by quarter", y=TITLE_Y)
    if not growth.empty:
        computed = growth[growth["method"] == "computed"]
        reported = growth[growth["method"] != "computed"]
        if not computed.empty:
            bottom.plot(
                computed["period_end"],
                computed["value"],
                "-o",
                color="#4c72b0",
                label="computed from levels",
                zorder=3,
            )
            stated = computed.dropna(subset=["reported_value"])
            if not stated.empty:
                bottom.scatter(
                    stated["period_end"],
                    stated["reported_value"],
                    marker="D",
                    s=30,
                    facecolors="white",
                    edgecolors="#c44e52",
                    label="stated by the source",
                    zorder=4,
                )
        if not reported.empty:
            draw_points(bottom, reported["period_end"], reported["value"], reported["qualifier"], "#c44e52")
            bottom.scatter([], [], marker="o", color="#c44e52", label="reported only (no levels)")
        handles, _ = bottom.get_legend_handles_labels()
        handles += qualifier_legend(set(reported["qualifier"]) - {"eq"}, "#c44e52")
        bottom.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        bottom.axhline(0, color="#999999", linewidth=0.8)
        bottom.margins(y=0.25)
    else:
        bottom.text(0.5, 0.5, "no growth metric", ha="center", va="center", transform=bottom.transAxes)
    bottom.set_ylabel("YoY %")
    bottom.set_title("YoY growth (metric ad_revenue_yoy_pct)", y=TITLE_Y)
    draw_events(top, marks)
    draw_events(bottom, marks, labels=False)
    if not pd.isna(start):
        bottom.set_xlim(start, end)
    fixed_layout(fig)
    return fig


def growth_limits(values: pd.Series) -> tuple[float, float]:
    """Y limits spanning zero and every value, with headroom above for floor arrows."""
    low = min(0.0, float(values.min()))
    high = max(0.0, float(values.max()))
    pad = (high - low) * 0.3 + 10.0
    return low - pad / 3, high + pad


def _label_points(ax: Axes, series: pd.DataFrame) -> None:
    """Write each point's period label beside it."""
    for x, y, label in zip(series["period_end"], series["value"], series["period_label"], strict=True):
        ax.annotate(
            label, xy=(x, y), xytext=(6, -10), textcoords="offset points", fontsize=7, color="#333333"
        )


def channels_chart(
    facts: pd.DataFrame, metrics: pd.DataFrame, events: pd.DataFrame, path: Path
) -> ChartResult:
    """Channels time-spent (and ad revenue) YoY growth with qualifiers drawn as bounds, with events."""
    title = "Weixin Channels growth"
    time_spent = growth_with_fallback(
        metrics, facts, "channels_time_spent_yoy_pct", "wechat_channels", "user_time_spent"
    )
    ads = growth_with_fallback(metrics, facts, "channels_ad_revenue_yoy_pct", "wechat_channels", "ad_revenue")
    if time_spent.empty and ads.empty:
        return _no_data(path, title, "no Channels time-spent or ad revenue growth in the tables")
    panels = [("Total user time spent, YoY %", time_spent, "#55a868")]
    if not ads.empty:
        panels.append(("Ad revenue, YoY %", ads, "#4c72b0"))
    start, end = _span(time_spent["period_end"], ads["period_end"])
    marks = chart_events(events, CHANNELS_EVENT_ENTITIES, start, end)
    skipped = sum(unknown_qualifiers(series["qualifier"]) for _, series, _ in panels if not series.empty)
    caption = (
        f"{len(time_spent)} time-spent point(s), {len(ads)} ad revenue point(s), {len(marks)} event(s); "
        f"arrows up mark floors (over / at least), arrows down ceilings{_points_note(skipped)}"
    )
    result = ChartResult(path, len(time_spent) + len(ads) - skipped, caption)

    def draw() -> Figure:
        return _draw_channels(title, panels, marks, start, end)

    key = chart_key(path.name, caption, *(part for panel in panels for part in panel), marks, start, end)
    return _render(result, key, draw)


def _draw_channels(
    title: str,
    panels: list[tuple[str, pd.DataFrame, str]],
    marks: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> Figure:
    """The Channels figure: one panel of growth points per series, event lines labelled on the first."""
    fig, axes = _new_figure(len(panels))
    for ax, (label, series, color) in zip(axes, panels, strict=True):
        ax.set_title(f"{title}: {label}", y=TITLE_Y)
        ax.set_ylabel("YoY %")
        if series.empty:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        else:
            draw_points(ax, series["period_end"], series["value"], series["qualifier"], color)
            _label_points(ax, series)
            ax.legend(
                handles=qualifier_legend(set(series["qualifier"]), color),
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                fontsize=8,
            )
            ax.set_ylim(*growth_limits(series["value"]))
        ax.axhline(0, color="#999999", linewidth=0.8)
        draw_events(ax, marks, labels=ax is axes[0])
    if not pd.isna(start):
        axes[-1].set_xlim(start, end)
    fixed_layout(fig)
    return fig


def segment_mix_chart(facts: pd.DataFrame, path: Path) -> ChartResult:
    """Stacked bars of each revenue segment's share of the quarter's total, per quarter."""
    title = "Tencent revenue mix by segment"
    shares = segment_shares(facts)
    if shares.empty:
        return _no_data(path, title, "no quarter whose revenue segments cover its total")
    by_sum = int((shares["denominator"] == "sum of segments").sum())
    caption = f"{len(shares)} quarter(s); shares of the reported total revenue"
    if by_sum:
        caption += f" ({by_sum} quarter(s) without a usable total use the sum of segments)"
    result = ChartResult(path, len(shares), caption)

    def draw() -> Figure:
        return _draw_segment_mix(title, shares)

    return _render(result, chart_key(path.name, caption, shares), draw)


def _draw_segment_mix(title: str, shares: pd.DataFrame) -> Figure:
    """The revenue mix figure: one stacked bar of segment shares per quarter."""
    fig, (ax,) = _new_figure(1, 4.2)
    positions = list(range(len(shares)))
    bottom = pd.Series(0.0, index=shares.index)
    for seg in MIX_SEGMENTS:
        ax.bar(positions, shares[seg], bottom=bottom, color=MIX_COLORS[seg], label=MIX_LABELS[seg], width=0.8)
        bottom = bottom + shares[seg]
    if (shares["unallocated"] > 0.5).any():
        ax.bar(
            positions, shares["unallocated"], bottom=bottom, color="#dddddd", label="not in these segments"
        )
    ax.set_xticks(positions)
    ax.set_xticklabels(shares["period_label"], rotation=90 if len(shares) > 12 else 0, fontsize=8)
    ax.set_xlim(-0.6, max(len(shares), 8) - 0.4)
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of quarter revenue")
    ax.set_title(title, y=TITLE_Y)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fixed_layout(fig, bottom=0.72 if len(shares) > 12 else 0.4, top=0.38)
    return fig


def live_ecommerce_chart(facts: pd.DataFrame, path: Path) -> ChartResult:
    """Live e-commerce GMV levels (RMB bn, log scale) and YoY growth where no level is published."""
    title = "Live e-commerce: market and platforms"
    levels, growth = live_ecommerce_series(facts)
    if levels.empty and growth.empty:
        return _no_data(path, title, "no GMV for the live e-commerce market or platforms")
    start, end = _span(levels["period_end"], growth["period_end"])
    skipped = unknown_qualifiers(levels["qualifier"]) + unknown_qualifiers(growth["qualifier"])
    caption = f"{len(levels)} GMV level(s) in RMB, {len(growth)} growth-only point(s){_points_note(skipped)}"
    result = ChartResult(path, len(levels) + len(growth) - skipped, caption)

    def draw() -> Figure:
        return _draw_live_ecommerce(title, levels, growth, start, end)

    return _render(result, chart_key(path.name, caption, levels, growth, start, end), draw)


def _draw_live_ecommerce(
    title: str, levels: pd.DataFrame, growth: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> Figure:
    """The live e-commerce figure: GMV levels on a log scale above, growth-only points below."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import LogFormatter

    fig, (top, bottom) = _new_figure(2)
    if not levels.empty:
        for (entity, period_type), part in levels.groupby(["entity", "period_type"], sort=True):
            color = LIVE_COLORS.get(entity, "#333333")
            marker = PERIOD_MARKERS.get(period_type, "o")
            top.plot(
                part["period_end"], part["value"] / 1e9, linestyle="-", color=color, alpha=0.5, marker=None
            )
            for x, y, qualifier in zip(
                part["period_end"], part["value"] / 1e9, part["qualifier"], strict=True
            ):
                try:
                    style = qualifier_style(qualifier)
                except UnknownQualifier:
                    continue
                top.scatter([x], [y], marker=marker, s=44, color=color, zorder=4)
                if style.arrow is not None or style.band:
                    sign = {"up": ">", "down": "<", None: "~"}[style.arrow]
                    top.annotate(
                        sign, xy=(x, y), xytext=(5, 4), textcoords="offset points", fontsize=9, color=color
                    )
            for x, y, est in zip(part["period_end"], part["value"] / 1e9, part["is_estimate"], strict=True):
                if est:
                    top.annotate("est.", xy=(x, y), xytext=(5, -10), textcoords="offset points", fontsize=7)
        top.set_yscale("log")
        # Plain-text log labels (1000, not 10^3): matplotlib's math-text parser costs more to build than the chart.
        top.yaxis.set_major_formatter(LogFormatter(base=10))
        top.yaxis.set_minor_formatter(LogFormatter(base=10, labelOnlyBase=False))
        top.margins(y=0.15)
        entity_handles = [
            Line2D([], [], color=LIVE_COLORS[e], marker="o", linestyle="-", label=LIVE_LABELS[e])
            for e in LIVE_ENTITIES
            if e in set(levels["entity"]) | set(growth["entity"])
        ]
        type_handles = [
            Line2D(
                [],
                [],
                color="#444444",
                marker=PERIOD_MARKERS.get(t, "o"),
                linestyle="none",
                label=f"period: {t}",
            )
            for t in sorted(set(levels["period_type"]))
        ]
        top.legend(
            handles=entity_handles + type_handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7
        )
    else:
        top.text(0.5, 0.5, "no GMV levels in RMB", ha="center", va="center", transform=top.transAxes)
    top.set_ylabel("GMV, RMB bn (log)")
    top.set_title(f"{title}: GMV (> over, < under, ~ about)", y=TITLE_Y)
    if not growth.empty:
        for entity, part in growth.groupby("entity", sort=True):
            color = LIVE_COLORS.get(entity, "#333333")
            draw_points(bottom, part["period_end"], part["value"], part["qualifier"], color)
            _label_points(bottom, part)
        handles = [
            Line2D([], [], color=LIVE_COLORS[e], marker="o", linestyle="none", label=LIVE_LABELS[e])
            for e in LIVE_ENTITIES
            if e in set(growth["entity"])
        ]
        bottom.legend(
            handles=handles + qualifier_legend(set(growth["qualifier"])),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=7,
        )
        bottom.axhline(0, color="#999999", linewidth=0.8)
    else:
        bottom.text(0.5, 0.5, "no growth-only periods", ha="center", va="center", transform=bottom.transAxes)
    bottom.set_ylabel("YoY %")
    bottom.set_title("GMV YoY growth where no level is published", y=TITLE_Y)
    if not pd.isna(start):
        bottom.set_xlim(start, end)
    fixed_layout(fig)
    return fig
