"""The report's own tables: key figures with YoY and margins, restatements, held-back values, downloads."""

from __future__ import annotations

import math
import zipfile
from datetime import date

import pandas as pd
import pytest
from test_page import documents, facts_latest, fl, write_tables

from report import downloads, sections, tables


def _key_facts() -> pd.DataFrame:
    """Revenue and gross profit over five quarters (2023Q2 missing), one stated YoY, Weixin MAU with a floor."""
    rows = [
        fl("tencent", "revenue", "total", "value", "2023Q1", 150e9, "150,000"),
        fl("tencent", "revenue", "total", "value", "2023Q3", 155e9, "155,000"),
        fl("tencent", "revenue", "total", "value", "2024Q1", 160e9, "160,000"),
        fl("tencent", "revenue", "total", "value", "2024Q3", 167e9, "167,000"),
        fl("tencent", "revenue", "total", "yoy_pct", "2024Q3", 8.0, "8%"),
        fl("tencent", "gross_profit", "total", "value", "2023Q1", 60e9, "60,000"),
        fl("tencent", "gross_profit", "total", "value", "2024Q1", 80e9, "80,000"),
        fl("weixin", "mau", "total", "value", "2023Q3", 1_336e6, "1,336", unit="count"),
        fl("weixin", "mau", "total", "value", "2024Q3", 1_382e6, "1,382", qualifier="gt", unit="count"),
    ]
    return pd.DataFrame(rows)


def _cell(key: pd.DataFrame, line: str, quarter: str) -> dict:
    found = key[(key["line"] == line) & (key["quarter"] == quarter)]
    assert len(found) == 1, (line, quarter)
    return found.iloc[0].to_dict()


def test_key_figures_prefer_the_stated_growth_and_compute_it_from_levels_otherwise():
    key = tables.key_figures(_key_facts())
    stated = _cell(key, "revenue", "2024Q3")
    assert stated["yoy"] == 8.0 and stated["yoy_source"] == "stated"
    computed = _cell(key, "revenue", "2024Q1")
    assert computed["yoy"] == pytest.approx((160 / 150 - 1) * 100) and computed["yoy_source"] == "computed"
    first = _cell(key, "revenue", "2023Q1")
    assert math.isnan(first["yoy"]) and first["yoy_source"] == ""


def test_key_figures_compute_no_growth_from_a_qualified_level():
    key = tables.key_figures(_key_facts())
    floor = _cell(key, "weixin_mau", "2024Q3")
    assert floor["qualifier"] == "gt" and math.isnan(floor["yoy"])


def test_margins_are_ratios_of_published_levels_with_their_change_in_points():
    key = tables.key_figures(_key_facts())
    margin = _cell(key, "gross_margin", "2024Q1")
    assert margin["value"] == pytest.approx(50.0) and margin["unit"] == "pct"
    assert margin["yoy"] == pytest.approx(50.0 - 40.0) and margin["yoy_unit"] == "pt"
    assert key[key["line"] == "gross_margin"]["quarter"].tolist() == ["2023Q1", "2024Q1"]


def test_key_figures_wide_holds_every_quarter_of_the_range_gaps_included():
    wide = tables.key_figures_wide(tables.key_figures(_key_facts()))
    quarters = [c for c in wide.columns if c[:4].isdigit() and not c.endswith("YoY")]
    assert quarters == ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3"]
    revenue = wide.set_index("line").loc["Revenue"]
    assert revenue["2024Q1"] == pytest.approx(160.0) and pd.isna(revenue["2023Q2"])
    assert wide.set_index("line").loc["Weixin and WeChat MAU", "unit"] == "million"


def test_key_figures_section_marks_missing_quarters_and_shows_the_latest_eight():
    facts = pd.concat([_key_facts(), pd.DataFrame([
        fl("tencent", "revenue", "total", "value", "2025Q3", 193e9, "193,000")])], ignore_index=True)
    html = sections.key_figures_section(tables.key_figures(facts))
    head = html.split("</thead>")[0]
    assert "2023Q4" in head and "2025Q3" in head and "2023Q3" not in head
    assert html.count("<th>20") == 8
    revenue_row = html.split("Revenue <span")[1].split("</tr>")[0]
    assert "n/a" in revenue_row and "193.0" in revenue_row
    assert "&gt;1,382" in html or ">1,382" in html


def test_key_figures_of_no_facts_is_a_plain_note():
    assert tables.key_figures(pd.DataFrame()).empty
    assert "No data" in sections.key_figures_section(tables.key_figures(pd.DataFrame()))


def _restated_tables():
    latest = facts_latest()
    current = latest[latest["metric"] == "operating_profit"].iloc[0].to_dict()
    first = {**current, "value": 40.4e9, "doc_id": "c" * 64, "published_at": date(2023, 5, 17)}
    facts = pd.DataFrame([first, {k: v for k, v in current.items()}]).drop(
        columns=["restated", "first_published_at"])
    docs = pd.concat([documents(), documents().iloc[[0]].assign(doc_id="c" * 64, title="Q1 release",
                                                               published_at=date(2023, 5, 17))])
    return latest, facts, docs


def test_restatements_give_the_original_and_the_restated_value_with_both_documents():
    latest, facts, docs = _restated_tables()
    found = tables.restatements(latest, facts, docs)
    assert len(found) == 1
    row = found.iloc[0]
    assert row["figure"] == "Tencent: Operating profit (IFRS)" and row["period"] == "2023Q1"
    assert row["original"] == 40.4e9 and row["original_document"] == "Q1 release (2023-05-17)"
    assert row["restated"] == 38_042e6 and row["restated_date"] == date(2024, 5, 14)


def test_a_restated_flag_without_an_earlier_document_lists_nothing():
    latest, facts, docs = _restated_tables()
    assert tables.restatements(latest, facts[facts["doc_id"] != "c" * 64], docs).empty
    assert tables.restatements(latest, pd.DataFrame(), docs).empty


def test_held_back_values_come_from_the_run_notes_or_a_published_held_table(tmp_path):
    assert tables.held_back(tmp_path) is None
    notes = ["https://example.com/a: period unresolved: over 80%: of time"]
    held = tables.held_back(tmp_path, notes)
    assert held.to_dict("records") == [{"document": "https://example.com/a", "locator": "",
                                        "snippet": "over 80%: of time", "reason": "period unresolved"}]
    published = pd.DataFrame([{"document": "doc-1", "locator": "p[3]", "snippet": "about 50%",
                               "reason": "entity uncertain"}])
    write_tables(tmp_path, {"held": published})
    assert tables.held_back(tmp_path, notes).to_dict("records") == published.to_dict("records")


def test_held_section_says_when_it_does_not_know():
    assert "Not known" in sections.held_section(None)
    assert "No value was held back" in sections.held_section(tables.held_back(".", []))


def test_downloads_hold_the_tables_as_csv_and_xlsx(tmp_path):
    key = tables.key_figures(_key_facts())
    channels = tables.family_facts(facts_latest(), documents(), entities={"wechat_channels"})
    written = downloads.write_downloads({"key_figures": key, "channels": channels}, tmp_path)
    assert sorted(written) == ["channels.csv", "key_figures.csv", "key_tables.xlsx"]
    back = pd.read_csv(written["key_figures.csv"], encoding="utf-8-sig")
    assert back["quarter"].tolist() == key["quarter"].tolist()
    assert back["value"].tolist() == pytest.approx(key["value"].tolist(), nan_ok=True)
    assert "超过80%" in written["channels.csv"].read_text(encoding="utf-8-sig")
    with zipfile.ZipFile(written["key_tables.xlsx"]) as book:
        workbook = book.read("xl/workbook.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert 'name="key_figures"' in workbook and 'name="channels"' in workbook
    assert "Gross margin" in strings and "超过80%" in strings
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_family_facts_name_figures_and_keep_their_qualifiers():
    channels = tables.family_facts(facts_latest(), documents(), entities={"wechat_channels"})
    floors = channels[channels["qualifier"] == "gt"]
    assert set(floors["qualifier_words"]) == {"more than"}
    assert "Weixin Channels: Total user time spent, YoY %" in set(channels["figure"])
    industry = tables.family_facts(facts_latest(), documents(), exclude=tables.TENCENT_FAMILY)
    assert {"Kuaishou: GMV", "Douyin e-commerce: GMV"} <= set(industry["figure"])
    assert not industry["figure"].str.startswith(("Tencent", "Weixin")).any()
