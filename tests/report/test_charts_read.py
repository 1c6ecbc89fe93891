"""Charts a reader can trust: no line across gaps, gaps marked, quarter labels, human titles, legible events."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from test_page import events, facts_latest, fl, metrics

from report import charts

QUARTER = re.compile(r"^\d{4}Q[1-4]$")
METRIC_ID = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture
def drawn(monkeypatch):
    """The figures the charts save, by file name, instead of writing them."""
    figures = {}
    monkeypatch.setattr(charts, "save_figure", lambda fig, path, key=None: figures.__setitem__(path.name, fig))
    monkeypatch.setattr(charts, "stored_key", lambda path: None)
    return figures


def _gapped_facts() -> pd.DataFrame:
    """Marketing Services revenue with 2023Q4 missing, and the rename quarter on the axis."""
    facts = facts_latest()
    return facts[~((facts["segment"] == "marketing_services") & (facts["period_label"] == "2023Q4"))]


def _rename_events() -> pd.DataFrame:
    """Three events within days of each other, one in Chinese, with the hostile one."""
    extra = [
        {"event_date": pd.Timestamp("2024-01-11").date(), "entity": "weixin", "kind": "event",
         "description": "2024年1月11日,微信公开课PRO在广州举行", "doc_id": "1" * 64, "snippet": ""},
        {"event_date": pd.Timestamp("2024-01-12").date(), "entity": "wechat_channels", "kind": "launch",
         "description": "Channels shop opens to all sellers", "doc_id": "2" * 64, "snippet": ""},
    ]
    return pd.concat([events(), pd.DataFrame(extra)], ignore_index=True)


def _titles(fig) -> list[str]:
    return [ax.get_title() for ax in fig.axes if ax.get_title()]


def _legend_labels(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]


def test_the_growth_line_breaks_at_missing_quarters_and_they_are_marked(drawn, tmp_path):
    result = charts.marketing_services_chart(_gapped_facts(), metrics(), _rename_events(),
                                             tmp_path / charts.MARKETING_PNG)
    fig = drawn[charts.MARKETING_PNG]
    top, bottom = fig.axes
    labels = [t.get_text() for t in bottom.get_xticklabels()]
    assert labels == ["2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3"]
    lines = [line for line in bottom.get_lines() if len(line.get_xdata()) == len(labels)]
    assert lines, "the growth series is drawn on the quarter axis"
    for line in lines:
        xs, ys = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        assert list(xs) == list(range(len(labels)))
        assert np.isnan(ys[1:4]).all() and np.isfinite(ys[[0, 4]]).all()
    gap = [p for p in top.patches if isinstance(p, Rectangle) and p.get_hatch() == "xx"]
    assert len(gap) == 1 and gap[0].get_x() == pytest.approx(0.5)
    assert "no published figure" in _legend_labels(fig)
    assert "1 quarter(s) without a revenue figure" in result.caption


def test_chart_titles_are_human_and_name_no_metric_id(drawn, tmp_path):
    out = tmp_path
    charts.marketing_services_chart(_gapped_facts(), metrics(), _rename_events(), out / charts.MARKETING_PNG)
    charts.channels_chart(facts_latest(), metrics(), _rename_events(), out / charts.CHANNELS_PNG)
    charts.segment_mix_chart(facts_latest(), out / charts.SEGMENT_MIX_PNG)
    charts.live_ecommerce_chart(facts_latest(), out / charts.LIVE_ECOMMERCE_PNG)
    assert sorted(drawn) == sorted(charts.CHART_FILES)
    for name, fig in drawn.items():
        titles = _titles(fig)
        assert titles, name
        for title in titles:
            assert not METRIC_ID.search(title), (name, title)
            assert "metric" not in title.lower()


def test_event_numbers_do_not_overlap_and_stay_inside_the_figure(drawn, tmp_path):
    result = charts.marketing_services_chart(_gapped_facts(), metrics(), _rename_events(),
                                             tmp_path / charts.MARKETING_PNG)
    fig = drawn[charts.MARKETING_PNG]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    numbers = [t for t in fig.axes[0].texts if t.get_text().isdigit()]
    assert [int(t.get_text()) for t in numbers] == [n for n, _, _ in result.events]
    assert len(numbers) == 3
    boxes = [t.get_window_extent(renderer) for t in numbers]
    width, height = fig.bbox.width, fig.bbox.height
    for i, box in enumerate(boxes):
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height
        for other in boxes[i + 1:]:
            assert not box.overlaps(other)
    described = [text for _, _, text in result.events]
    assert "2024年1月11日,微信公开课PRO在广州举行" in described
    assert "Channels shop opens to all sellers" in described
    assert not any(text == "results" or "annual results" in text for text in described)


def test_the_rename_of_online_advertising_is_marked(drawn, tmp_path):
    result = charts.marketing_services_chart(_gapped_facts(), metrics(), events(), tmp_path / charts.MARKETING_PNG)
    assert "Online Advertising before 2024Q3" in result.caption
    assert any("Online Advertising" in label for label in _legend_labels(drawn[charts.MARKETING_PNG]))


def test_others_is_in_the_legend_only_when_drawn(drawn, tmp_path):
    facts = facts_latest()
    charts.segment_mix_chart(facts, tmp_path / charts.SEGMENT_MIX_PNG)
    assert "Others" in _legend_labels(drawn.pop(charts.SEGMENT_MIX_PNG))
    charts.segment_mix_chart(facts[facts["segment"] != "others"], tmp_path / charts.SEGMENT_MIX_PNG)
    assert "Others" not in _legend_labels(drawn[charts.SEGMENT_MIX_PNG])


def test_periods_of_different_length_are_drawn_on_separate_axes(drawn, tmp_path):
    facts = pd.concat([facts_latest(), pd.DataFrame([
        fl("kuaishou", "gmv", "total", "value", "2024Q3", 3342e8, "3,342亿元"),
        fl("china_live_ecommerce", "sales", "total", "value", "2023", 4.9e12, "4.9万亿元"),
    ])], ignore_index=True)
    result = charts.live_ecommerce_chart(facts, tmp_path / charts.LIVE_ECOMMERCE_PNG)
    quarterly, other = drawn[charts.LIVE_ECOMMERCE_PNG].axes
    ticks = [t.get_text() for t in quarterly.get_xticklabels()]
    assert ticks and all(QUARTER.match(t) for t in ticks)
    names = [t.get_text() for t in other.get_yticklabels()]
    assert any("(year)" in n for n in names) and not any("Q" in n.split(",")[-1] for n in names)
    assert any(n.startswith("China live e-commerce") for n in names)
    assert "3 quarterly level(s)" in result.caption


def test_channels_quarters_and_years_are_apart_with_quarter_labels(drawn, tmp_path):
    charts.channels_chart(facts_latest(), metrics(), events(), tmp_path / charts.CHANNELS_PNG)
    quarters, years = drawn[charts.CHANNELS_PNG].axes
    assert all(QUARTER.match(t.get_text()) for t in quarters.get_xticklabels())
    assert [t.get_text() for t in years.get_xticklabels()] == ["2023"]
    labels = [t.get_text() for t in quarters.texts]
    assert ">80%" in labels and "200%" in labels
