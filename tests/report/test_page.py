"""The report: charts, index.html and Markdown summaries built from small Parquet tables."""

from __future__ import annotations

import base64
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from report import charts, series
from report.charts import UnknownQualifier, qualifier_style
from report.formats import readable
from report.page import (
    DOWNLOADS,
    ReportError,
    build_report,
    checks_markdown,
    metrics_markdown,
    origin_counts,
    provenance_note,
    run_summary_markdown,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HOSTILE = "<script>alert('x')</script> & more"
NOW = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)

QUARTER_END = {1: date(2000, 3, 31), 2: date(2000, 6, 30), 3: date(2000, 9, 30), 4: date(2000, 12, 31)}


def _period(label: str) -> tuple[str, date, date]:
    """Period type, start and end for '2024Q1' or '2024'."""
    if "Q" in label:
        year, q = int(label[:4]), int(label[-1])
        end = QUARTER_END[q].replace(year=year)
        return "quarter", date(year, 3 * q - 2, 1), end
    year = int(label)
    return "year", date(year, 1, 1), date(year, 12, 31)


def fl(
    entity: str,
    metric: str,
    segment: str,
    measure: str,
    label: str,
    value: float,
    text: str,
    qualifier: str = "eq",
    unit: str | None = None,
    restated: bool = False,
    estimate: bool = False,
) -> dict[str, Any]:
    """One facts_latest row."""
    ptype, start, end = _period(label)
    return {
        "entity": entity,
        "metric": metric,
        "segment": segment,
        "basis": "na",
        "measure": measure,
        "period_type": ptype,
        "period_start": start,
        "period_end": end,
        "period_label": label,
        "value": float(value),
        "unit": unit or ("CNY" if measure == "value" else "pct"),
        "qualifier": qualifier,
        "is_estimate": estimate,
        "reported_text": text,
        "snippet": f"... {text} ...",
        "doc_id": "d" * 64,
        "source": "article",
        "published_at": date(2025, 1, 1),
        "restated": restated,
        "first_published_at": date(2024, 1, 1),
    }


def facts_latest() -> pd.DataFrame:
    """Reference figures (tests/reference) as facts_latest rows."""
    rows = [
        fl("tencent", "revenue", "marketing_services", "value", "2023Q3", 257.2e8, "257.2亿元"),
        fl("tencent", "revenue", "marketing_services", "value", "2023Q4", 300e8, "300亿元"),
        fl("tencent", "revenue", "marketing_services", "value", "2024Q1", 26.5e9, "RMB26.5 billion"),
        fl("tencent", "revenue", "marketing_services", "value", "2024Q2", 299e8, "299亿元"),
        fl("tencent", "revenue", "marketing_services", "value", "2024Q3", 299.93e8, "299.93亿元"),
        fl("tencent", "revenue", "total", "value", "2023Q3", 154_625e6, "154,625"),
        fl("tencent", "revenue", "vas", "value", "2023Q3", 757e8, "757亿元"),
        fl("tencent", "revenue", "fintech_business_services", "value", "2023Q3", 520.5e8, "520.5亿元"),
        fl("tencent", "revenue", "others", "value", "2023Q3", 11.1e8, "11.1亿元"),
        fl("wechat_channels", "user_time_spent", "total", "yoy_pct", "2022Q4", 200, "三倍"),
        fl("wechat_channels", "user_time_spent", "total", "yoy_pct", "2023", 100, "more than doubled", "gt"),
        fl("wechat_channels", "user_time_spent", "total", "yoy_pct", "2024Q1", 80, "over 80%", "gt"),
        fl("wechat_channels", "ad_revenue", "total", "yoy_pct", "2024Q2", 80, "超过80%", "gt"),
        fl("wechat_channels", "ad_revenue", "total", "yoy_pct", "2024Q4", 60, "60%"),
        fl("kuaishou", "gmv", "total", "value", "2024Q1", 2881e8, "2,881亿元"),
        fl("kuaishou", "gmv", "total", "value", "2024Q2", 3053e8, "3,053亿元"),
        fl("douyin_ecommerce", "gmv", "total", "value", "2024", 3.5e12, "约3.5万亿元", "approx"),
        fl("china_live_ecommerce", "gmv", "total", "value", "2023", 4.9e12, "4.9万亿元"),
        fl("wechat_channels", "gmv", "total", "yoy_pct", "2023", 200, "近三倍", "approx"),
        {
            **fl(
                "tencent", "operating_profit", "total", "value", "2023Q1", 38_042e6, "38,042", restated=True
            ),
            "basis": "ifrs",
            "first_published_at": date(2023, 5, 17),
            "published_at": date(2024, 5, 14),
        },
    ]
    return pd.DataFrame(rows)


def metric_row(
    label: str, value: float, method: str, reported: float | None, computed: float | None
) -> dict[str, Any]:
    """One metrics row of ad_revenue_yoy_pct."""
    _, _, end = _period(label)
    return {
        "metric_id": "ad_revenue_yoy_pct",
        "entity": "tencent",
        "segment": "marketing_services",
        "period_label": label,
        "period_type": "quarter",
        "period_end": end,
        "value": value,
        "unit": "pct",
        "qualifier": "eq",
        "method": method,
        "computed_value": computed,
        "reported_value": reported,
        "diff": None if computed is None or reported is None else computed - reported,
        "inputs": ["a", "b"],
        "formula": "x / y - 1",
        "run_id": "run-1",
        "computed_at": NOW,
    }


def metrics() -> pd.DataFrame:
    """2023Q3 growth as stated; 2024Q3 computed from 299.93亿 over 257.2亿 beside the stated 17%."""
    computed = (299.93 / 257.2 - 1) * 100
    return pd.DataFrame(
        [
            metric_row("2023Q3", 20.0, "reported", 20.0, None),
            metric_row("2024Q3", computed, "computed", 17.0, computed),
        ]
    )


def events() -> pd.DataFrame:
    """Two events, one with a hostile description."""
    return pd.DataFrame(
        [
            {
                "event_date": date(2024, 1, 9),
                "entity": "wechat_channels",
                "kind": "event",
                "description": HOSTILE,
                "doc_id": "e" * 64,
                "snippet": "...",
            },
            {
                "event_date": date(2024, 3, 20),
                "entity": "tencent",
                "kind": "results",
                "description": "2023 annual results",
                "doc_id": "f" * 64,
                "snippet": "...",
            },
        ]
    )


def quality_checks() -> pd.DataFrame:
    """One passing error check and one failing warning of the same run."""
    base = {"run_id": "run-1", "table": "metrics", "checked_at": NOW}
    return pd.DataFrame(
        [
            {
                **base,
                "check": "schema",
                "severity": "error",
                "status": "pass",
                "failing_rows": 0,
                "details": "",
            },
            {
                **base,
                "check": "computed_growth_matches_reported",
                "severity": "warn",
                "status": "fail",
                "failing_rows": 1,
                "details": "2024Q3 computed 16.6 vs stated 17 | docs a, b",
            },
        ]
    )


def runs() -> pd.DataFrame:
    """Two runs; the later one is partial."""
    row = {
        "flow_run_id": "",
        "source": "snapshot",
        "docs_seen": 5,
        "docs_new": 5,
        "docs_unchanged": 0,
        "docs_failed": 1,
        "facts_written": 20,
        "metrics_written": 2,
        "code_version": "0.1.0",
    }
    return pd.DataFrame(
        [
            {
                **row,
                "run_id": "run-0",
                "status": "ok",
                "started_at": NOW.replace(day=1),
                "finished_at": NOW.replace(day=1),
            },
            {**row, "run_id": "run-1", "status": "partial", "started_at": NOW, "finished_at": NOW},
        ]
    )


def documents() -> pd.DataFrame:
    """One parsed and one failed document."""
    base = {
        "source": "article",
        "published_at": date(2024, 5, 14),
        "fetched_at": NOW,
        "content_type": "text/html; charset=utf-8",
        "byte_size": 10,
        "raw_path": "raw/aa/x.html",
        "parser": "article",
        "parser_version": "1",
        "fact_count": 0,
    }
    return pd.DataFrame(
        [
            {
                **base,
                "doc_id": "a" * 64,
                "url": "https://36kr.com/p/1",
                "title": "ok",
                "status": "parsed",
                "error": None,
            },
            {
                **base,
                "doc_id": "b" * 64,
                "url": "javascript:alert(1)",
                "title": "<b>bad</b>",
                "status": "failed",
                "error": "EncodingProblem: <undecodable>",
            },
        ]
    )


def first_release() -> pd.DataFrame:
    """The documents that first gave 2023Q1 operating profit and that restated it."""
    first = documents().iloc[[0]].assign(doc_id="c" * 64, title="first release", url=None,
                                         published_at=date(2023, 5, 17))
    again = documents().iloc[[0]].assign(doc_id="d" * 64, title="restating release", url=None)
    return pd.concat([first, again], ignore_index=True)


def facts_history() -> pd.DataFrame:
    """The published facts: 2023Q1 operating profit as first given, then as restated, besides the latest rows."""
    latest = facts_latest().drop(columns=["restated", "first_published_at"])
    restated = latest[latest["metric"] == "operating_profit"].iloc[0].to_dict()
    first = {**restated, "value": 40.4e9, "reported_text": "404亿元", "doc_id": "c" * 64,
             "published_at": date(2023, 5, 17)}
    others = latest[latest["metric"] != "operating_profit"]
    return pd.concat([others, pd.DataFrame([first, restated])], ignore_index=True)


def write_tables(data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write frames as data_dir/tables/<name>.parquet."""
    folder = data_dir / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_parquet(folder / f"{name}.parquet", index=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """A report built once from the full set of small tables."""
    data_dir = tmp_path_factory.mktemp("wh")
    write_tables(
        data_dir,
        {
            "facts_latest": facts_latest(),
            "metrics": metrics(),
            "events": events(),
            "quality_checks": quality_checks(),
            "runs": runs(),
            "documents": pd.concat([documents(), first_release()], ignore_index=True),
            "facts": facts_history(),
        },
    )
    return data_dir, build_report(data_dir, held=["https://36kr.com/p/1: period unresolved: 超过80%"])


# qualifier -> drawing style


@pytest.mark.parametrize("qualifier", ["gt", "gte"])
def test_over_is_drawn_as_a_floor_with_an_upward_arrow(qualifier):
    style = qualifier_style(qualifier)
    assert style.bound == "floor"
    assert style.arrow == "up"
    assert not style.band


@pytest.mark.parametrize("qualifier", ["lt", "lte"])
def test_under_is_drawn_as_a_ceiling_with_a_downward_arrow(qualifier):
    style = qualifier_style(qualifier)
    assert style.bound == "ceiling"
    assert style.arrow == "down"


def test_strict_bounds_are_open_markers_and_inclusive_ones_filled():
    assert not qualifier_style("gt").filled and qualifier_style("gte").filled
    assert not qualifier_style("lt").filled and qualifier_style("lte").filled


def test_exact_and_approx_points():
    eq, approx = qualifier_style("eq"), qualifier_style("approx")
    assert (eq.bound, eq.arrow, eq.band, eq.filled) == ("exact", None, False, True)
    assert (approx.bound, approx.arrow, approx.band) == ("approx", None, True)


@pytest.mark.parametrize("qualifier", ["", "about", None, "GT"])
def test_unknown_qualifier_is_refused(qualifier):
    with pytest.raises(UnknownQualifier):
        qualifier_style(qualifier)


def _axes() -> tuple[Figure, Any]:
    fig = Figure()
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def test_a_gt_point_gets_an_arrow_pointing_above_its_value():
    fig, ax = _axes()
    skipped = charts.draw_points(ax, [pd.Timestamp("2024-03-31")], [80.0], ["gt"], "k")
    fig.canvas.draw()
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert skipped == 0 and len(arrows) == 1
    head = arrows[0].xycoords.transform(arrows[0].xy)
    tail = ax.transData.transform(arrows[0].xy)
    assert head[1] > tail[1] + 5 and abs(head[0] - tail[0]) < 1e-6
    (points,) = ax.collections
    assert points.get_facecolor()[0][:3].tolist() == [1.0, 1.0, 1.0]


def test_an_lt_point_points_down_and_eq_has_no_arrow():
    fig, ax = _axes()
    charts.draw_points(ax, [1.0, 2.0], [50.0, 60.0], ["lt", "eq"], "k")
    fig.canvas.draw()
    (arrow,) = [t for t in ax.texts if isinstance(t, Annotation)]
    assert arrow.xycoords.transform(arrow.xy)[1] < ax.transData.transform(arrow.xy)[1]


def test_unknown_qualifiers_are_skipped_not_drawn_as_values():
    fig, ax = _axes()
    assert charts.draw_points(ax, [1.0, 2.0], [50.0, 60.0], ["eq", "roughly"], "k") == 1
    assert len(ax.collections) == 1


# series selection


def test_channels_growth_falls_back_to_stated_facts_and_prefers_metrics():
    facts = facts_latest()
    from_facts = series.growth_with_fallback(
        pd.DataFrame(), facts, "channels_time_spent_yoy_pct", "wechat_channels", "user_time_spent"
    )
    assert list(from_facts["period_label"]) == ["2022Q4", "2023", "2024Q1"]
    assert list(from_facts["qualifier"]) == ["eq", "gt", "gt"]
    derived = pd.DataFrame(
        [
            {
                **metric_row("2024Q1", 80.0, "reported", 80.0, None),
                "metric_id": "channels_time_spent_yoy_pct",
                "entity": "wechat_channels",
                "segment": "total",
                "qualifier": "gt",
            }
        ]
    )
    mixed = series.growth_with_fallback(
        derived, facts, "channels_time_spent_yoy_pct", "wechat_channels", "user_time_spent"
    )
    assert list(mixed["period_label"]) == ["2022Q4", "2023", "2024Q1"]
    assert mixed.set_index("period_label").loc["2024Q1", "origin"] == "metrics"


def test_segment_shares_use_the_reported_total():
    shares = series.segment_shares(facts_latest())
    assert list(shares["period_label"]) == ["2023Q3"]
    row = shares.iloc[0]
    assert row["denominator"] == "reported total"
    assert row["marketing_services"] == pytest.approx(257.2e8 / 154_625e6 * 100)
    assert row[list(series.MIX_SEGMENTS)].sum() + row["unallocated"] == pytest.approx(100.0)


def test_segment_shares_skip_quarters_whose_segments_do_not_cover_the_total():
    facts = facts_latest()
    partial = facts[
        ~((facts["segment"] == "fintech_business_services") & (facts["period_label"] == "2023Q3"))
    ]
    assert series.segment_shares(partial).empty
    no_total = facts[facts["segment"] != "total"]
    shares = series.segment_shares(no_total)
    assert list(shares["denominator"]) == ["sum of segments"]
    assert series.segment_shares(no_total[no_total["segment"] != "others"]).empty


def test_live_ecommerce_levels_and_growth_only_where_no_level():
    levels, growth = series.live_ecommerce_series(facts_latest())
    assert sorted(set(levels["entity"])) == ["china_live_ecommerce", "douyin_ecommerce", "kuaishou"]
    assert list(zip(growth["entity"], growth["period_label"], strict=True)) == [("wechat_channels", "2023")]
    assert levels.set_index("entity").loc["douyin_ecommerce", "qualifier"] == "approx"


def test_chart_events_keep_the_range_and_skip_results():
    marks = series.chart_events(
        events(), {"tencent", "wechat_channels"}, pd.Timestamp("2023-01-01"), pd.Timestamp("2024-12-31")
    )
    assert len(marks) == 1 and "<script>" in marks.iloc[0]["label"]
    outside = series.chart_events(
        events(), {"wechat_channels"}, pd.Timestamp("2024-02-01"), pd.Timestamp("2024-12-31")
    )
    assert outside.empty


def test_ascii_label_refuses_text_a_latin_font_lacks():
    assert series.ascii_label("视频号 launch") == ""
    assert series.ascii_label("Ｏｐｅｎ　Ｃｌａｓｓ") == "Open Class"
    assert series.ascii_label("x" * 40).endswith("...") and len(series.ascii_label("x" * 40)) == 28


def test_event_labels_fall_back_to_entity_and_kind():
    assert series.event_label(
        "2024年8月25日起,视频号小店正式升级为微信小店", "rename", "wechat_channels"
    ) == ("Channels rename")
    assert series.event_label("Open Class PRO", "event", "weixin") == "Open Class PRO"
    assert series.event_label(None, "launch", "china_fmcg") == "china_fmcg launch"


# the built report


def test_every_chart_is_a_png(built):
    data_dir, report = built
    names = [p.name for p in report.png_paths]
    assert names == list(charts.CHART_FILES)
    for path in report.png_paths:
        assert path.parent == data_dir / "reports"
        assert path.read_bytes()[:8] == PNG_MAGIC


def test_no_temp_files_are_left(built):
    data_dir, _ = built
    downloads = [*(f"{name}.csv" for name in DOWNLOADS), "held_back.csv", "key_tables.xlsx"]
    assert sorted(p.name for p in (data_dir / "reports").iterdir()) == sorted(
        [*charts.CHART_FILES, "index.html", *downloads]
    )


def test_index_mentions_each_chart_and_escapes_data(built):
    _, report = built
    page = report.index_path.read_text(encoding="utf-8")
    for path in report.png_paths:
        embedded = page.split(f'data-file="{path.name}"')[0].rsplit('src="data:image/png;base64,', 1)[1]
        assert base64.b64decode(embedded.split('"')[0]) == path.read_bytes()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page
    assert "&lt;b&gt;bad&lt;/b&gt;" in page and "<b>bad</b>" not in page
    assert 'href="javascript:' not in page


def test_index_sections(built):
    _, report = built
    page = report.index_path.read_text(encoding="utf-8")
    assert "partial" in page and "run-1" in page
    assert "computed_growth_matches_reported" in page
    assert "EncodingProblem" in page
    restated = page.split("<h2>Restated figures (original → restated)</h2>")[1].split("<h2>")[0]
    assert "Operating profit (IFRS)" in restated and "2023Q1" in restated
    assert restated.index("RMB 40.40 bn") < restated.index("first release (2023-05-17)")
    assert restated.index("first release (2023-05-17)") < restated.index("RMB 38.04 bn")
    assert restated.index("RMB 38.04 bn") < restated.index("restating release (2024-05-14)")
    metrics_part = page.split("every row (latest period first)</summary>")[1].split("</details>")[0]
    assert metrics_part.index("2024Q3") < metrics_part.index("2023Q3")
    checks_part = page.split("<h2>Failed quality checks")[1].split("<h2>")[0]
    assert "schema" not in checks_part


def test_report_markdown_comes_with_it(built):
    _, report = built
    assert "partial" in report.summary_markdown
    assert "2024Q3" in report.metrics_markdown
    assert "1 warning(s)" in report.checks_markdown


def test_charts_are_deterministic(built, tmp_path):
    data_dir, report = built
    before = [p.read_bytes() for p in report.png_paths]
    copy = tmp_path / "copy"
    shutil.copytree(data_dir / "tables", copy / "tables")
    again = build_report(copy)
    assert [p.read_bytes() for p in again.png_paths] == before


def all_tables() -> dict[str, pd.DataFrame]:
    """The full set of small tables the report is built from."""
    return {
        "facts_latest": facts_latest(),
        "metrics": metrics(),
        "events": events(),
        "quality_checks": quality_checks(),
        "runs": runs(),
        "documents": documents(),
    }


def _inodes(report) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in report.png_paths}


def test_every_png_carries_the_key_of_what_it_shows(built):
    _, report = built
    keys = [charts.stored_key(p) for p in report.png_paths]
    assert all(k is not None and len(k) == 64 for k in keys)
    assert len(set(keys)) == len(keys)


def test_an_unchanged_rebuild_reuses_every_png(tmp_path):
    write_tables(tmp_path, all_tables())
    first = build_report(tmp_path)
    inodes, pixels = _inodes(first), [p.read_bytes() for p in first.png_paths]
    again = build_report(tmp_path)
    assert _inodes(again) == inodes
    assert [p.read_bytes() for p in again.png_paths] == pixels
    page = again.index_path.read_text(encoding="utf-8")
    assert page == first.index_path.read_text(encoding="utf-8")


def test_only_the_chart_whose_data_changed_is_drawn_again(tmp_path):
    tables = all_tables()
    write_tables(tmp_path, tables)
    inodes = _inodes(build_report(tmp_path))
    fl = tables["facts_latest"]
    tables["facts_latest"] = fl[~((fl["metric"] == "ad_revenue") & (fl["period_label"] == "2024Q4"))]
    write_tables(tmp_path, tables)
    changed = {name for name, ino in _inodes(build_report(tmp_path)).items() if ino != inodes[name]}
    assert changed == {charts.CHANNELS_PNG}


def test_chart_results_say_when_a_png_was_reused(tmp_path):
    facts = facts_latest()
    path = tmp_path / charts.SEGMENT_MIX_PNG
    drawn = charts.segment_mix_chart(facts, path)
    png = path.read_bytes()
    reused = charts.segment_mix_chart(facts, path)
    assert not drawn.reused and reused.reused
    assert (drawn.points, drawn.caption) == (reused.points, reused.caption)
    other = charts.segment_mix_chart(facts[facts["segment"] != "others"], path)
    assert not other.reused and path.read_bytes() != png


@pytest.mark.parametrize("content", [b"", b"not a png", PNG_MAGIC + b"\x00\x00\x00\x00IEND"])
def test_a_png_without_a_readable_key_is_drawn_again(tmp_path, content):
    path = tmp_path / charts.SEGMENT_MIX_PNG
    path.write_bytes(content)
    assert charts.stored_key(path) is None
    result = charts.segment_mix_chart(facts_latest(), path)
    assert not result.reused and path.read_bytes()[:8] == PNG_MAGIC
    assert charts.stored_key(path) is not None


def test_a_png_drawn_without_a_key_is_drawn_again(tmp_path):
    path = tmp_path / charts.SEGMENT_MIX_PNG
    fig = Figure()
    FigureCanvasAgg(fig)
    charts.save_figure(fig, path)
    assert charts.stored_key(path) is None
    assert not charts.segment_mix_chart(facts_latest(), path).reused


def test_a_code_or_library_change_changes_every_key(monkeypatch):
    before = charts.chart_key("x.png", facts_latest())
    monkeypatch.setattr(charts, "style_token", lambda: "another version")
    assert charts.chart_key("x.png", facts_latest()) != before


def test_chart_keys_follow_the_data():
    facts = facts_latest()
    assert charts.chart_key("a.png", facts) == charts.chart_key("a.png", facts.copy())
    assert charts.chart_key("a.png", facts) != charts.chart_key("b.png", facts)
    changed = facts.assign(value=facts["value"] * 1.001)
    assert charts.chart_key("a.png", facts) != charts.chart_key("a.png", changed)
    assert charts.chart_key("a.png", "ab", "c") != charts.chart_key("a.png", "a", "bc")


def test_fixed_layout_keeps_the_widest_legend_and_tick_labels_inside_the_figure():
    fig = Figure(figsize=(12, 7), dpi=charts.DPI)
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, sharex=True)
    for ax in (top, bottom):
        ax.set_ylim(-1000, 1000)
        ax.set_ylabel("YoY %")
        ax.set_title("title")
    every = list(charts._STYLES)
    for ax in (top, bottom):
        ax.legend(
            handles=charts.qualifier_legend(every), loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8
        )
    charts.fixed_layout(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)
    assert box.x0 >= 0 and box.y0 >= 0
    assert box.x1 <= fig.get_figwidth() and box.y1 <= fig.get_figheight()
    legend = top.get_legend().get_window_extent(renderer)
    assert legend.x0 > top.get_window_extent(renderer).x1


def test_empty_warehouse_gives_a_valid_report(tmp_path):
    report = build_report(tmp_path)
    page = report.index_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("No data") >= 4
    for path in report.png_paths:
        assert path.read_bytes()[:8] == PNG_MAGIC
    assert "No run recorded" in report.summary_markdown
    assert "empty" in report.metrics_markdown


def test_empty_tables_with_no_rows_work(tmp_path):
    empty = {
        name: df.iloc[0:0]
        for name, df in {
            "facts_latest": facts_latest(),
            "metrics": metrics(),
            "events": events(),
            "quality_checks": quality_checks(),
            "runs": runs(),
            "documents": documents(),
        }.items()
    }
    write_tables(tmp_path, empty)
    report = build_report(tmp_path)
    assert all(p.read_bytes()[:8] == PNG_MAGIC for p in report.png_paths)


def test_an_unreadable_table_is_a_report_error(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "metrics.parquet").write_bytes(b"not parquet")
    with pytest.raises(ReportError, match="metrics"):
        build_report(tmp_path)


# markdown renderers


def _table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ")][2:]


def test_metrics_markdown_has_every_row_latest_first():
    md = metrics_markdown(metrics())
    rows = _table_rows(md)
    assert len(rows) == 2
    assert "2024Q3" in rows[0] and "2023Q3" in rows[1]
    assert "16.61%" in rows[0] and "17.00%" in rows[0] and "-0.39 pt" in rows[0]


def test_metrics_markdown_limit_and_empty():
    assert len(_table_rows(metrics_markdown(metrics(), limit=1))) == 1
    assert "empty" in metrics_markdown(pd.DataFrame())


def test_checks_markdown_lists_failures_first_and_escapes_pipes():
    md = checks_markdown(quality_checks())
    rows = _table_rows(md)
    assert len(rows) == 2
    assert rows[0].startswith("| computed_growth_matches_reported")
    assert "stated 17 \\| docs a, b" in rows[0]
    assert "0 error failure(s), 1 warning(s)" in md


def test_run_summary_markdown():
    run = runs().iloc[-1]
    md = run_summary_markdown(run, documents(), ["https://36kr.com/p/1: period unresolved: 80%"])
    assert "run-1" in md and "partial" in md
    assert "| docs_failed | 1 |" in md
    assert "| failed | 1 |" in md and "| parsed | 1 |" in md
    assert "EncodingProblem: &lt;undecodable&gt;" in md
    assert "&lt;b&gt;bad&lt;/b&gt;" in md and "<b>" not in md
    assert "- https://36kr.com/p/1: period unresolved: 80%" in md
    assert "No run recorded" in run_summary_markdown(None, None, None)


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "text"),
    [
        (80.0, "pct", "gt", ">80.00%"),
        (140_093e6, "CNY", "eq", "RMB 140.093 bn"),
        (1_359e6, "count", "approx", "~1,359.0 mn"),
        (2.47, "CNY_per_share", "eq", "RMB 2.470 per share"),
        (None, "pct", "eq", ""),
        (float("nan"), "CNY", "eq", ""),
    ],
)
def test_readable_figure_precise(value, unit, qualifier, text):
    assert readable(value, unit, qualifier, precise=True) == text


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "text"),
    [
        (80.0, "pct", "gt", ">80.0%"),
        (36_210e6, "CNY", None, "RMB 36.21 bn"),
        (1_411e6, "count", "eq", "1,411 mn"),
        (5.0, "pct", "unheard", "unheard 5.0%"),
        ("", "pct", "eq", ""),
    ],
)
def test_readable_figure_short(value, unit, qualifier, text):
    assert readable(value, unit, qualifier) == text


def test_nulls_and_missing_columns_do_not_break_the_report(tmp_path):
    f = facts_latest()
    f.loc[0, "period_end"] = None
    f.loc[1, "qualifier"] = None
    f["restated"] = None
    m = metrics()
    m["period_end"] = None
    r = runs()
    r["finished_at"] = pd.NaT
    e = events()
    e["event_date"] = None
    write_tables(tmp_path, {"facts_latest": f, "metrics": m, "runs": r, "events": e})
    page = build_report(tmp_path).index_path.read_text(encoding="utf-8")
    assert "No restated figures." in page and "ad_revenue_yoy_pct" in page
    write_tables(tmp_path, {"facts_latest": f[["entity", "value"]], "metrics": m[["metric_id"]]})
    report = build_report(tmp_path)
    assert all(p.read_bytes()[:8] == PNG_MAGIC for p in report.png_paths)


@pytest.mark.parametrize("values", [[80.0, 200.0], [-200.0], [-5.8, 60.0], [0.0]])
def test_growth_limits_span_zero_and_every_value(values):
    low, high = charts.growth_limits(pd.Series(values))
    assert low < min([0.0, *values]) and high > max([0.0, *values])


def test_report_says_which_documents_are_reconstructions_and_where_their_figures_are(tmp_path):
    docs = documents()
    docs["origin"] = ["reconstructed", "reconstructed"]
    docs.loc[1, "url"] = None
    later = docs.iloc[[0]].assign(doc_id="c" * 64, origin="fetched", title="live page")
    write_tables(tmp_path, {"documents": pd.concat([docs, later], ignore_index=True), "runs": runs()})
    report = build_report(tmp_path)
    page = report.index_path.read_text(encoding="utf-8")
    assert "Where the documents come from" in page
    assert "2 of the documents behind these tables are reconstructions" in page
    assert "not copies of the publishers&#x27; pages" in page
    assert '<a href="https://36kr.com/p/1">https://36kr.com/p/1</a>' in page
    assert "none verified" in page
    assert "| reconstructed | 2 |" in report.summary_markdown and "| fetched | 1 |" in report.summary_markdown
    assert "sources/snapshot/README.md" in report.summary_markdown


def test_report_without_reconstructions_or_with_older_tables_makes_no_such_claim(tmp_path):
    docs = documents().assign(origin="fetched")
    assert provenance_note(docs) == ""
    assert origin_counts(docs) == {"fetched": 2}
    assert origin_counts(documents()) == {"unrecorded": 2}
    write_tables(tmp_path, {"documents": documents(), "runs": runs()})
    page = build_report(tmp_path).index_path.read_text(encoding="utf-8")
    assert "reconstructions" not in page and "| unrecorded | 2 |" in build_report(tmp_path).summary_markdown
