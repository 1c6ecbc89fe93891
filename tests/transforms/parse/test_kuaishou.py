"""Kuaishou results releases: highlight levels, prior-year comparatives and stated growth.

Every snapshot figure is a kuaishou ecommerce_gmv row of tests/reference/industry_metrics.csv graded A or B; the
highlight cases under tests/cases/kuaishou carry the figures of Kuaishou's own releases."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta
from transforms.normalise import periods as P
from transforms.parse import detect_kind, parse_document, parsers
from transforms.parse.document import Document, load_document
from transforms.parse.kuaishou import lead_periods, release_periods, sentence_facts, sniff

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases" / "kuaishou"
SNAPSHOT = ROOT / "sources" / "snapshot" / "kuaishou"
REFERENCE = ROOT / "tests" / "reference" / "industry_metrics.csv"


def _reference() -> dict[str, tuple[float, float | None]]:
    """period label -> (GMV in CNY, stated YoY %) of the A/B Kuaishou rows."""
    out = {}
    with REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["entity"] == "kuaishou" and row["metric"] == "ecommerce_gmv" and row["confidence"] in "AB":
                assert row["unit"] == "CNY_100m"
                out[row["period"]] = (float(row["value"]) * 1e8, float(row["yoy_pct"]) if row["yoy_pct"] else None)
    return out


def _entries() -> list[dict]:
    return json.loads((SNAPSHOT / "index.json").read_text(encoding="utf-8"))


def _parse_entry(entry: dict):
    meta = DocMeta(url=entry["url"], source=entry["source"], title=entry["title"],
                   published_at=date.fromisoformat(entry["published_at"]), content_type=entry["content_type"])
    return parse_document((SNAPSHOT / entry["file"]).read_bytes(), meta)


def _parse_case(name: str, content_type: str = "text/plain; charset=utf-8"):
    return parse_document((CASES / name).read_bytes(), DocMeta(url=name, source="inbox", content_type=content_type))


def _facts(result) -> dict[tuple[str, str], float]:
    return {(f.measure, f.period.label): f.value for f in result.facts}


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["file"])
def test_snapshot_release_facts_match_the_reference(entry):
    reference = _reference()
    result = _parse_entry(entry)
    assert result.kind == "kuaishou_results"
    assert result.facts, entry["file"]
    for f in result.facts:
        assert (f.entity, f.metric, f.segment, f.basis) == ("kuaishou", "gmv", "total", "na")
        assert f.reported_text in f.snippet
        level, growth = reference[f.period.label]
        if f.measure == "value":
            assert f.unit == "CNY" and f.value == pytest.approx(level), (f.period.label, f.reported_text)
        else:
            assert f.measure == "yoy_pct" and f.unit == "pct" and f.value == pytest.approx(growth)
    assert not result.held


def test_snapshot_covers_every_graded_quarter_and_year():
    found: dict[tuple[str, str], float] = {}
    for entry in _entries():
        found.update(_facts(_parse_entry(entry)))
    reference = _reference()
    for label, (level, growth) in reference.items():
        assert found[("value", label)] == pytest.approx(level), label
        if growth is not None:
            assert found[("yoy_pct", label)] == pytest.approx(growth), label


def test_comparatives_are_facts_of_the_prior_year_period():
    entry = next(e for e in _entries() if "2024Q4" in e["file"])
    facts = {(f.measure, f.period.label): f for f in _parse_entry(entry).facts}
    prior = facts[("value", "2023Q4")]
    assert prior.period == P.quarter(2023, 4)
    assert prior.reported_text == "人民币4,039亿元" and prior.locator.endswith(";comparative")
    assert facts[("value", "2024Q4")].value == 4621e8


def test_english_annual_release_reads_section_headings():
    facts = _facts(_parse_case("annual_en_headings.txt"))
    assert facts == {
        ("value", "2023Q4"): 403.9e9, ("value", "2022Q4"): 312.4e9, ("yoy_pct", "2023Q4"): 29.3,
        ("value", "2023"): 1184.4e9, ("value", "2022"): 901.2e9, ("yoy_pct", "2023"): 31.4,
    }


def test_annual_release_sentence_without_a_period_is_held():
    result = _parse_case("annual_no_period.txt")
    assert result.kind == "kuaishou_results"
    assert not result.facts
    assert {h.reported_text for h in result.held} >= {"RMB403.9 billion", "RMB312.4 billion"}


def test_growth_that_disagrees_with_the_levels_holds_the_sentence():
    result = _parse_case("spun_growth_mismatch.html", "text/html; charset=utf-8")
    assert result.kind == "kuaishou_results"
    assert not result.facts
    assert any("disagrees" in h.reason for h in result.held)


def test_comparative_of_another_quarter_is_not_a_prior_year_fact():
    result = _parse_case("qoq_comparative_en.txt")
    assert not result.facts
    assert any("another period" in h.reason for h in result.held)


def test_board_meeting_notice_is_not_a_results_release():
    doc = load_document((CASES / "board_meeting_notice.html").read_bytes(),
                        DocMeta(url="notice.html", content_type="text/html; charset=utf-8"))
    assert detect_kind(doc) != "kuaishou_results"
    result = _parse_case("board_meeting_notice.html", "text/html; charset=utf-8")
    assert not [f for f in result.facts if f.entity == "kuaishou"]


@pytest.mark.parametrize(("title", "labels"), [
    ("快手科技發佈2023年第四季度及全年財務業績", ["2023Q4", "2023"]),
    ("快手科技公布2024年第二季度财务业绩", ["2024Q2"]),
    ("Kuaishou Technology Announces First Quarter 2024 Financial Results", ["2024Q1"]),
    ("Kuaishou Technology Announces Fourth Quarter and Full Year 2023 Financial Results", ["2023Q4", "2023"]),
    ("快手發布2024年第三季度財報。", ["2024Q3"]),
    ("快手-W:截至2024年3月31日止三個月的業績公告", ["2024Q1"]),
    ("快手-W:截至2024年6月30日止六個月的中期業績公告", ["2024H1"]),
    ("快手-W:截至2024年13月31日止三個月的業績公告", []),
    ("快手2023年电商GMV首次突破万亿元", []),
    ("Tencent Announces 2024 First Quarter Results", []),
    ("快手科技公布2999年第一季度财务业绩", []),
    ("Kuaishou Technology Announces First Quarter 1899 Financial Results", []),
])
def test_release_periods_from_titles(title, labels):
    assert [p.label for p in release_periods(title)] == labels


def test_a_title_with_a_year_out_of_range_is_not_a_parser_crash():
    text = "快手科技公布2999年第一季度财务业绩\n2024年3月20日\n本季度电商GMV保持增长。\n".encode()
    doc = load_document(text, DocMeta(url="damaged.txt", content_type="text/plain"))
    assert sniff(doc) is False


def _keyed(result) -> dict[tuple[str, str, str, str, str], float]:
    return {(f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in result.facts}


def test_chinese_highlight_bullets_give_users_revenue_mix_margin_and_profit():
    result = _parse_case("highlights_zh_hant.txt")
    assert result.kind == "kuaishou_results"
    facts = _keyed(result)
    assert {k: v for k, v in facts.items() if k[4] == "2023Q4"} == {
        ("dau", "total", "na", "value", "2023Q4"): 3.825e8, ("dau", "total", "na", "yoy_pct", "2023Q4"): 4.5,
        ("mau", "total", "na", "value", "2023Q4"): 7.004e8, ("mau", "total", "na", "yoy_pct", "2023Q4"): 9.4,
        ("gmv", "total", "na", "value", "2023Q4"): 4039e8, ("gmv", "total", "na", "yoy_pct", "2023Q4"): 29.3,
        ("revenue", "total", "na", "value", "2023Q4"): 326e8, ("revenue", "total", "na", "yoy_pct", "2023Q4"): 15.1,
        ("revenue", "marketing_services", "na", "share_pct", "2023Q4"): 55.9,
        ("revenue", "live", "na", "share_pct", "2023Q4"): 30.9,
        ("revenue", "others", "na", "share_pct", "2023Q4"): 13.2,
        ("gross_profit", "total", "na", "value", "2023Q4"): 173e8,
        ("gross_profit", "total", "na", "yoy_pct", "2023Q4"): 34.3,
        ("gross_profit", "total", "na", "margin_pct", "2023Q4"): 53.1,
        ("profit_for_period", "total", "ifrs", "value", "2023Q4"): 36e8,
        ("profit_for_period", "total", "non_ifrs", "value", "2023Q4"): 44e8,
    }
    assert facts[("dau", "total", "na", "value", "2022Q4")] == 3.662e8
    assert facts[("gross_profit", "total", "na", "margin_pct", "2022Q4")] == 45.5
    assert facts[("gross_profit", "total", "na", "margin_pct", "2023")] == 50.6
    assert facts[("gross_profit", "total", "na", "margin_pct", "2022")] == 44.7
    assert facts[("dau", "total", "na", "value", "2023")] == 3.799e8
    assert not result.held


def test_a_heading_whose_quarter_lost_its_numeral_is_the_release_quarter_not_the_year():
    labels = {f.period.label for f in _parse_case("highlights_zh_hant.txt").facts if f.metric == "gmv"}
    assert labels == {"2023Q4", "2022Q4"}


def test_a_loss_in_the_comparative_is_a_negative_profit():
    facts = _keyed(_parse_case("highlights_zh_hant.txt"))
    assert facts[("profit_for_period", "total", "ifrs", "value", "2022Q4")] == -15e8
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2022Q4")] == -45e6
    facts = _keyed(_parse_case("loss_comparative_en.txt"))
    assert {k: v for k, v in facts.items() if k[0] == "profit_for_period"} == {
        ("profit_for_period", "total", "ifrs", "value", "2023Q2"): 1.5e9,
        ("profit_for_period", "total", "ifrs", "value", "2022Q2"): -3.2e9,
        ("profit_for_period", "total", "non_ifrs", "value", "2023Q2"): 2.7e9,
        ("profit_for_period", "total", "non_ifrs", "value", "2022Q2"): -1.3e9,
    }


def test_a_release_without_a_headline_takes_its_periods_from_the_dateline_lead():
    result = _parse_case("dateline_en.txt")
    assert result.kind == "kuaishou_results"
    facts = _keyed(result)
    assert facts[("dau", "total", "na", "value", "2025Q2")] == 408.9e6
    assert facts[("dau", "total", "na", "value", "2024Q2")] == 395.3e6
    assert facts[("dau", "total", "na", "value", "2025H1")] == 408.5e6
    assert facts[("dau", "total", "na", "yoy_pct", "2025H1")] == 3.5
    assert facts[("gmv", "total", "na", "value", "2025Q2")] == 358.9e9
    zh = _parse_case("dateline_zh_hant.txt")
    assert zh.kind == "kuaishou_results"
    assert {f.period.label for f in zh.facts} == {"2025Q1", "2024Q1"}


def test_english_sentences_that_end_at_a_figure_are_read_apart():
    facts = _keyed(_parse_case("dateline_en.txt"))
    assert facts[("revenue", "total", "na", "value", "2025Q2")] == 35.0e9
    assert facts[("revenue", "marketing_services", "na", "share_pct", "2025Q2")] == 56.4
    assert facts[("revenue", "live", "na", "share_pct", "2025Q2")] == 28.7
    assert facts[("revenue", "others", "na", "share_pct", "2025Q2")] == 14.9
    assert facts[("gross_profit", "total", "na", "value", "2025Q2")] == 19.5e9
    assert facts[("gross_profit", "total", "na", "margin_pct", "2025Q2")] == 55.7
    assert facts[("gross_profit", "total", "na", "margin_pct", "2024Q2")] == 55.3
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2024Q2")] == 4.7e9


def test_a_spaced_quarter_heading_and_a_doubled_particle_still_read():
    facts = _keyed(_parse_case("dateline_zh_hant.txt"))
    assert facts[("mau", "total", "na", "value", "2025Q1")] == 7.117e8
    assert facts[("gross_profit", "total", "na", "margin_pct", "2024Q1")] == 54.8
    assert facts[("gross_profit", "total", "na", "margin_pct", "2025Q1")] == 54.6
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2024Q1")] == 44e8
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2025Q1")] == 46e8


def test_a_headline_below_a_page_banner_names_the_release():
    result = _parse_case("banner_headline_zh_hant.txt")
    assert result.kind == "kuaishou_results"
    facts = _keyed(result)
    assert facts[("gmv", "total", "na", "value", "2022Q4")] == 3124e8
    assert facts[("gmv", "total", "na", "value", "2021Q4")] == 2403e8
    assert facts[("revenue", "total", "na", "value", "2021Q4")] == 244e8
    assert facts[("revenue", "total", "na", "yoy_pct", "2022Q4")] == 15.8


@pytest.mark.parametrize(("lead", "labels"), [
    ("HONG KONG, Aug. 21, 2025 /PRNewswire/ -- Kuaishou Technology today announced its unaudited consolidated results "
     "for the three months and six months ended June 30, 2025.", ["2025Q2", "2025H1"]),
    ("香港 2025年5月27日 /美通社/ — 快手科技今日發佈截至2025年3月31日止三個月的未經審核第一季度合併業績。", ["2025Q1"]),
    ("香港2025年11月19日 /美通社/ -- 快手科技今日發佈截至2025年9月30日止未經審核的第三季度及九個月合併業績。",
     ["2025Q3", "2025Q1-Q3"]),
    ("BEIJING, March 20, 2024 /PRNewswire/ -- Kuaishou Technology today announced its unaudited financial results for "
     "the three months and the year ended December 31, 2023.", ["2023Q4", "2023"]),
    ("HONG KONG, Aug. 21, 2025 /PRNewswire/ -- Kuaishou Technology today announced results for the period ended "
     "June 15, 2025.", []),
    ("HONG KONG, Aug. 21, 2025 -- Kuaishou Technology today announced its results for the three months ended "
     "June 30, 2025.", []),
])
def test_lead_periods_from_datelines(lead, labels):
    assert [p.label for p in lead_periods(lead)] == labels


def test_an_announcement_summary_table_with_glued_cells_reads_levels_margins_and_growth():
    result = _parse_case("summary_table_zh_hant.txt")
    assert result.kind == "kuaishou_results"
    assert result.title == "快手-W:截至2024年3月31日止三個月的業績公告"
    facts = _keyed(result)
    assert facts == {
        ("revenue", "total", "na", "value", "2024Q1"): 29408e6, ("revenue", "total", "na", "value", "2023Q1"): 25217e6,
        ("revenue", "total", "na", "yoy_pct", "2024Q1"): 16.6,
        ("gross_profit", "total", "na", "value", "2024Q1"): 16120e6,
        ("gross_profit", "total", "na", "value", "2023Q1"): 11712e6,
        ("gross_profit", "total", "na", "margin_pct", "2024Q1"): 54.8,
        ("gross_profit", "total", "na", "margin_pct", "2023Q1"): 46.4,
        ("gross_profit", "total", "na", "yoy_pct", "2024Q1"): 37.6,
        ("profit_for_period", "total", "ifrs", "value", "2024Q1"): 4120e6,
        ("profit_for_period", "total", "ifrs", "value", "2023Q1"): -876e6,
        ("profit_for_period", "total", "ifrs", "margin_pct", "2024Q1"): 14.0,
        ("profit_for_period", "total", "ifrs", "margin_pct", "2023Q1"): -3.5,
        ("profit_for_period", "total", "non_ifrs", "value", "2024Q1"): 4388e6,
        ("profit_for_period", "total", "non_ifrs", "value", "2023Q1"): 42e6,
        ("profit_for_period", "total", "non_ifrs", "margin_pct", "2024Q1"): 14.9,
        ("profit_for_period", "total", "non_ifrs", "margin_pct", "2023Q1"): 0.2,
        ("profit_for_period", "total", "non_ifrs", "yoy_pct", "2024Q1"): 10347.6,
    }
    assert {f.reported_text for f in result.facts} >= {"29,408", "(876)", "10,347.6%", "0.2"}


def test_a_summary_row_whose_shares_disagree_with_its_amounts_is_held():
    result = _parse_case("summary_table_share_mismatch.txt")
    assert not [f for f in result.facts if f.metric == "gross_profit"]
    assert any(h.reported_text.startswith("16,12055.8") for h in result.held)
    assert [f for f in result.facts if f.metric == "revenue"]


def test_a_news_report_opening_names_the_release_it_covers():
    result = _parse_case("news_quarter_zh.txt")
    assert result.kind == "kuaishou_results"
    annual = _parse_case("news_annual_zh.txt")
    assert annual.kind == "kuaishou_results"
    assert _keyed(annual)[("revenue", "total", "na", "value", "2024")] == 1269e8


def test_news_clauses_give_revenue_adjusted_profit_users_and_gmv_with_their_own_periods():
    facts = _keyed(_parse_case("news_annual_zh.txt"))
    assert facts == {
        ("revenue", "total", "na", "value", "2024"): 1269e8, ("revenue", "total", "na", "yoy_pct", "2024"): 11.8,
        ("profit_for_period", "total", "non_ifrs", "value", "2024"): 177e8,
        ("profit_for_period", "total", "non_ifrs", "yoy_pct", "2024"): 72.5,
        ("gmv", "total", "na", "value", "2024"): 13896e8, ("gmv", "total", "na", "value", "2024Q4"): 4621e8,
        ("gmv", "total", "na", "yoy_pct", "2024Q4"): 14.4,
        ("dau", "total", "na", "value", "2024Q4"): 4.01e8, ("dau", "total", "na", "yoy_pct", "2024Q4"): 4.8,
        ("mau", "total", "na", "value", "2024Q4"): 7.36e8, ("mau", "total", "na", "yoy_pct", "2024Q4"): 5.0,
        ("dau", "total", "na", "value", "2024Q3"): 4.08e8, ("mau", "total", "na", "value", "2024Q3"): 7.14e8,
    }


def test_news_figures_that_are_a_segment_a_change_or_of_no_single_period_are_not_published():
    result = _parse_case("news_annual_zh.txt")
    assert 724e8 not in {f.value for f in result.facts}
    assert 1.43e8 not in {f.value for f in result.facts}
    reasons = {h.reported_text: h.reason for h in result.held}
    assert "change" in reasons["700万"]
    assert "no single period" in reasons["7.36亿"]


def test_users_and_revenue_mix_stated_respectively():
    facts = _keyed(_parse_case("news_quarter_zh.txt"))
    assert facts[("dau", "total", "na", "value", "2021Q4")] == 3.233e8
    assert facts[("mau", "total", "na", "value", "2021Q4")] == 5.78e8
    assert facts[("dau", "total", "na", "yoy_pct", "2021Q4")] == 19.2
    assert facts[("mau", "total", "na", "yoy_pct", "2021Q4")] == 21.5
    mix = {k: v for k, v in _keyed(_parse_case("news_q3_zh_hant.txt")).items() if k[3] == "share_pct"}
    assert mix == {("revenue", "marketing_services", "na", "share_pct", "2024Q3"): 56.6,
                   ("revenue", "live", "na", "share_pct", "2024Q3"): 30.0,
                   ("revenue", "others", "na", "share_pct", "2024Q3"): 13.4}


def test_segment_revenue_from_last_year_to_this_quarter():
    facts = _keyed(_parse_case("news_quarter_zh.txt"))
    assert facts[("revenue", "marketing_services", "na", "value", "2021Q4")] == 132e8
    assert facts[("revenue", "marketing_services", "na", "value", "2020Q4")] == 85e8
    assert facts[("revenue", "marketing_services", "na", "yoy_pct", "2021Q4")] == 55.5
    assert facts[("revenue", "live", "na", "value", "2021Q4")] == 88e8
    assert facts[("revenue", "live", "na", "value", "2020Q4")] == 79e8


def test_news_quarter_and_year_figures_and_an_unplaced_loss():
    result = _parse_case("news_quarter_zh.txt")
    facts = _keyed(result)
    assert facts[("revenue", "total", "na", "value", "2021Q4")] == 244e8
    assert facts[("revenue", "total", "na", "value", "2021")] == 811e8
    assert facts[("revenue", "total", "na", "yoy_pct", "2021")] == 37.9
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2021")] == -188.5e8
    assert facts[("gmv", "total", "na", "value", "2021")] == 6800e8
    assert ("profit_for_period", "total", "non_ifrs", "value", "2021Q4") not in facts
    assert any(h.reported_text == "35.7亿元" for h in result.held)


def test_news_in_traditional_characters_with_bare_yuan_amounts():
    result = _parse_case("news_q3_zh_hant.txt")
    assert result.kind == "kuaishou_results"
    facts = _keyed(result)
    assert facts[("revenue", "total", "na", "value", "2024Q3")] == 311e8
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2024Q3")] == 39e8
    assert facts[("profit_for_period", "total", "non_ifrs", "yoy_pct", "2024Q3")] == 24.4
    assert facts[("gmv", "total", "na", "value", "2024Q3")] == 3342e8
    assert facts[("gmv", "total", "na", "yoy_pct", "2024Q3")] == 15.1
    assert not [f for f in result.facts if f.metric == "mau"]


def _parse_dated(name: str, published: str):
    meta = DocMeta(url=name, source="inbox", published_at=date.fromisoformat(published),
                   content_type="text/plain; charset=utf-8")
    return parse_document((CASES / name).read_bytes(), meta)


def test_a_broker_note_reads_growth_tagged_in_brackets_after_each_level():
    result = _parse_dated("broker_tagged_growth_zh.txt", "2022-11-28")
    assert result.kind == "kuaishou_results"
    facts = _keyed(result)
    assert facts[("revenue", "total", "na", "value", "2022Q3")] == 231.28e8
    assert facts[("revenue", "total", "na", "yoy_pct", "2022Q3")] == 12.9
    assert facts[("profit_for_period", "total", "non_ifrs", "value", "2022Q3")] == -6.72e8
    assert facts[("dau", "total", "na", "value", "2022Q3")] == 3.63e8
    assert facts[("dau", "total", "na", "yoy_pct", "2022Q3")] == 9.3
    assert facts[("dau", "total", "na", "qoq_pct", "2022Q3")] == 4.6
    assert facts[("mau", "total", "na", "value", "2022Q3")] == 6.26e8
    assert facts[("mau", "total", "na", "yoy_pct", "2022Q3")] == 9.2
    assert facts[("mau", "total", "na", "qoq_pct", "2022Q3")] == 6.6
    assert facts[("revenue", "marketing_services", "na", "value", "2022Q3")] == 116e8
    assert facts[("revenue", "marketing_services", "na", "qoq_pct", "2022Q3")] == 5.3
    assert facts[("revenue", "live", "na", "yoy_pct", "2022Q3")] == 15.8
    assert facts[("revenue", "others", "na", "value", "2022Q3")] == 25.92e8
    assert facts[("revenue", "others", "na", "yoy_pct", "2022Q3")] == 39.4
    assert facts[("gmv", "total", "na", "value", "2022Q3")] == 2225e8
    assert {f.period.label for f in result.facts} == {"2022Q3"}
    assert 5960e4 not in {f.value for f in result.facts}


def test_a_run_together_broker_note_reads_its_bullets_slashed_user_pairs_and_forecasts():
    result = _parse_dated("broker_bullets_zh.txt", "2025-03-26")
    assert result.kind == "kuaishou_results"
    assert _keyed(result) == {
        ("revenue", "total", "na", "value", "2024Q4"): 354e8, ("revenue", "total", "na", "yoy_pct", "2024Q4"): 8.7,
        ("gross_profit", "total", "na", "value", "2024Q4"): 191e8,
        ("gross_profit", "total", "na", "yoy_pct", "2024Q4"): 10.6,
        ("dau", "total", "na", "value", "2024Q4"): 4.01e8, ("dau", "total", "na", "yoy_pct", "2024Q4"): 4.8,
        ("mau", "total", "na", "value", "2024Q4"): 7.36e8, ("mau", "total", "na", "yoy_pct", "2024Q4"): 5.0,
        ("revenue", "marketing_services", "na", "value", "2024Q4"): 206e8,
        ("revenue", "marketing_services", "na", "yoy_pct", "2024Q4"): 13.3,
        ("gmv", "total", "na", "yoy_pct", "2024Q4"): 14.4,
        ("revenue", "total", "na", "value", "2025"): 1413e8, ("revenue", "total", "na", "value", "2026"): 1522e8,
    }
    assert {f.period.label for f in result.facts if f.is_estimate} == {"2025", "2026"}


def test_a_forecast_whose_years_and_figures_do_not_pair_is_held():
    facts, held = sentence_facts("预计2025 - 2027年营业收入分别为1413/1522亿元", 1, [P.quarter(2024, 4)])
    assert facts == []
    assert [h.reported_text for h in held] == ["1413", "1522"]


def test_english_news_on_the_results_takes_its_year_from_the_publication_date_and_pairs_shares():
    result = _parse_dated("news_en_quarter.txt", "2022-08-24")
    assert result.kind == "kuaishou_results"
    assert _keyed(result) == {
        ("revenue", "total", "na", "value", "2022Q2"): 21.7e9,
        ("revenue", "marketing_services", "na", "value", "2022Q2"): 11e9,
        ("revenue", "live", "na", "value", "2022Q2"): 8.6e9,
        ("revenue", "marketing_services", "na", "share_pct", "2022Q2"): 50.7,
        ("revenue", "live", "na", "share_pct", "2022Q2"): 39.5,
        ("profit_for_period", "total", "ifrs", "value", "2022Q2"): -3.2e9,
        ("dau", "total", "na", "value", "2022Q2"): 347.3e6,
    }
    assert any(h.reported_text == "13.4 percent" and "year-on-year" in h.reason for h in result.held)


def test_english_news_of_an_announcement_reads_margin_and_adjusted_profit_not_percentage_points():
    result = _parse_dated("news_en_announced.txt", "2023-05-29")
    assert result.kind == "kuaishou_results"
    assert _keyed(result) == {
        ("revenue", "total", "na", "value", "2023Q1"): 25.2e9, ("revenue", "total", "na", "yoy_pct", "2023Q1"): 19.7,
        ("gross_profit", "total", "na", "margin_pct", "2023Q1"): 46.4,
        ("profit_for_period", "total", "non_ifrs", "value", "2023Q1"): 42e6,
    }


def test_a_call_summary_reads_users_stated_respectively_in_english():
    result = _parse_dated("call_summary_en.txt", "2023-03-29")
    assert result.kind == "kuaishou_results"
    facts = _keyed(result)
    assert facts[("dau", "total", "na", "value", "2022Q4")] == 366e6
    assert facts[("mau", "total", "na", "value", "2022Q4")] == 640e6
    assert facts[("dau", "total", "na", "yoy_pct", "2022Q4")] == 13.3
    assert facts[("mau", "total", "na", "yoy_pct", "2022Q4")] == 10.7
    assert facts[("revenue", "total", "na", "value", "2022")] == 94.18e9


def test_a_dateline_release_without_gmv_reads_users_revenue_and_adjusted_margin():
    result = _parse_dated("dateline_no_gmv_zh_hant.txt", "2025-11-19")
    assert result.kind == "kuaishou_results"
    assert _keyed(result) == {
        ("dau", "total", "na", "value", "2025Q3"): 4.162e8,
        ("revenue", "total", "na", "value", "2025Q3"): 356e8, ("revenue", "total", "na", "yoy_pct", "2025Q3"): 14.2,
        ("profit_for_period", "total", "non_ifrs", "value", "2025Q3"): 50e8,
        ("profit_for_period", "total", "non_ifrs", "yoy_pct", "2025Q3"): 26.3,
        ("profit_for_period", "total", "non_ifrs", "margin_pct", "2025Q3"): 14.0,
    }


@pytest.mark.parametrize(("name", "published"), [("other_company_broker_zh.txt", "2022-11-28"),
                                                 ("other_company_results_en.txt", "2022-08-26")])
def test_results_of_another_company_that_name_kuaishou_are_not_kuaishou_results(name, published):
    assert _parse_dated(name, published).kind != "kuaishou_results"


def test_a_figure_written_as_a_bound_or_an_approximation_is_held_not_printed_exact():
    quarter = [P.quarter(2024, 3)]
    facts, held = sentence_facts("本季度快手应用日活跃用户数突破4亿,同比增长近5%。", 1, quarter)
    assert facts == []
    assert {h.reported_text for h in held} == {"4亿"}
    facts, held = sentence_facts("Average daily active users on Kuaishou App rose to over 400 million.", 1, quarter)
    assert facts == []
    assert [h.reported_text for h in held] == ["400 million"]
    facts, held = sentence_facts("快手电商GMV同比增长超过15%。", 1, quarter)
    assert facts == []
    assert [h.reported_text for h in held] == ["15%"]


def test_a_year_figure_or_a_relative_year_in_a_quarter_report_is_held():
    quarter = [P.quarter(2022, 4)]
    facts, held = sentence_facts("Revenue for the year rose 16.2% year-over-year to RMB94.18 billion.", 1, quarter)
    assert facts == []
    assert "RMB94.18 billion" in {h.reported_text for h in held}
    facts, held = sentence_facts("本年度总收入为942亿元。", 1, quarter)
    assert facts == []
    assert [h.reported_text for h in held] == ["942亿元"]


def test_a_segment_share_in_the_clause_after_its_revenue_is_read():
    quarter = [P.quarter(2023, 2)]
    facts, _ = sentence_facts("直播业务收入为93亿元(YoY+12.0%),业务占比降低为33.4%(YoY-1.5pct)。", 1, quarter)
    shares = {(f.segment, f.measure): f.value for f in facts if f.measure == "share_pct"}
    assert shares == {("live", "share_pct"): 33.4}
    facts, _ = sentence_facts("线上营销服务收入达到人民币180亿元,同比增长15.0%,占总收入的52.3%。", 1, quarter)
    assert [(f.segment, f.value) for f in facts if f.measure == "share_pct"] == [("marketing_services", 52.3)]


def test_a_share_change_a_bound_or_a_total_share_is_not_a_segment_share():
    quarter = [P.quarter(2023, 2)]
    facts, _ = sentence_facts("直播业务收入为93亿元,占比下降1.5%。", 1, quarter)
    assert [f for f in facts if f.measure == "share_pct"] == []
    facts, held = sentence_facts("直播业务收入为93亿元,占比为30%以上。", 1, quarter)
    assert [f for f in facts if f.measure == "share_pct"] == []
    assert "30%" in {h.reported_text for h in held}
    facts, _ = sentence_facts("总收入为280亿元,占比为100%。", 1, quarter)
    assert [f for f in facts if f.measure == "share_pct"] == []
    facts, held = sentence_facts("直播业务收入为93亿元,占比为33.4%。", 1, [P.quarter(2023, 2), P.year(2023)])
    assert [f for f in facts if f.measure == "share_pct"] == []


def test_a_chinese_commentary_on_the_results_dates_its_one_bare_quarter_by_publication():
    result = _parse_dated("commentary_bare_quarter_zh.txt", "2024-11-25")
    assert result.kind == "kuaishou_results"
    assert _keyed(result) == {
        ("revenue", "total", "na", "value", "2024Q3"): 311e8, ("revenue", "total", "na", "yoy_pct", "2024Q3"): 11.4,
        ("profit_for_period", "total", "non_ifrs", "value", "2024Q3"): 39.5e8,
        ("profit_for_period", "total", "non_ifrs", "margin_pct", "2024Q3"): 12.7,
        ("gmv", "total", "na", "value", "2024Q3"): 3342e8, ("gmv", "total", "na", "yoy_pct", "2024Q3"): 15.0,
    }


@pytest.mark.parametrize(("name", "published"), [("commentary_two_quarters_zh.txt", "2024-11-25"),
                                                 ("commentary_bare_quarter_zh.txt", "2025-06-25")])
def test_a_commentary_naming_two_quarters_or_published_long_after_is_no_kuaishou_report(name, published):
    assert _parse_dated(name, published).kind != "kuaishou_results"


def test_a_bare_quarter_after_a_colon_dates_the_clause_after_it():
    periods = [P.quarter(2024, 3), P.year(2024)]
    facts, _ = sentence_facts("在2024年,这份答卷有两面:三季度,快手总营收为311亿元。", 1, periods)
    assert _keyed_facts(facts) == {("revenue", "value", "2024Q3"): 311e8}
    facts, held = sentence_facts("在2024年,这份答卷有两面:三季度的广告,快手总营收为311亿元。", 1, periods)
    assert facts == []
    assert [h.reported_text for h in held] == ["311亿元"]


def _keyed_facts(facts) -> dict[tuple[str, str, str], float]:
    return {(f.metric, f.measure, f.period.label): f.value for f in facts}


def test_growth_from_the_quarter_just_before_is_quarter_on_quarter():
    facts, _ = sentence_facts("Income from online marketing fell 4.2 percent from the first quarter.", 1,
                              [P.quarter(2023, 2)])
    assert [(f.segment, f.measure, f.period.label, f.value) for f in facts] == [
        ("marketing_services", "qoq_pct", "2023Q2", -4.2)]
    facts, _ = sentence_facts("Total revenue rose 6% from the previous quarter, and 12% year-on-year.", 1,
                              [P.quarter(2023, 2)])
    assert [(f.measure, f.value) for f in facts] == [("qoq_pct", 6.0)]


def test_growth_from_another_quarter_or_in_a_year_report_is_held():
    facts, held = sentence_facts("Income from online marketing fell 4.2 percent from the first quarter.", 1,
                                 [P.quarter(2023, 3)])
    assert facts == []
    assert [h.reported_text for h in held] == ["4.2 percent"]
    facts, held = sentence_facts("Total revenue rose 6% from the previous quarter.", 1, [P.year(2023)])
    assert facts == []
    assert [h.reported_text for h in held] == ["6%"]


def test_a_narrower_net_loss_is_read_as_a_loss_level_without_its_change():
    quarter = [P.quarter(2023, 1)]
    facts, _ = sentence_facts("Gross margin widened, leading to a 61% narrower net loss to 1.2 billion yuan.", 1, quarter)
    assert [(f.basis, f.measure, f.period.label, f.value) for f in facts] == [("ifrs", "value", "2023Q1", -1.2e9)]
    facts, _ = sentence_facts("Kuaishou posted a wider adjusted net loss of RMB4.1 billion.", 1, quarter)
    assert [(f.basis, f.measure, f.value) for f in facts] == [("non_ifrs", "value", -4.1e9)]


def test_a_narrower_loss_without_a_level_prints_no_growth():
    facts, _ = sentence_facts("Costs fell, leading to a 61% narrower net loss.", 1, [P.quarter(2023, 1)])
    assert facts == []


def test_a_segment_named_after_its_share_carries_the_growth_of_its_relative_clause():
    quarter = [P.quarter(2022, 1)]
    facts, _ = sentence_facts("About 55 percent of total revenue came from online marketing services, which grew by 20.6 "
                              "percent from a year ago to 10.9 billion yuan.", 1, quarter)
    assert _keyed_facts(facts) == {("revenue", "value", "2022Q1"): 10.9e9, ("revenue", "yoy_pct", "2022Q1"): 20.6}
    assert {f.segment for f in facts} == {"marketing_services"}


def test_a_relative_clause_after_another_noun_does_not_carry_the_metric():
    quarter = [P.quarter(2022, 1)]
    facts, _ = sentence_facts("Revenue was lifted by online games, which grew by 20.6 percent from a year ago.", 1, quarter)
    assert facts == []
    facts, _ = sentence_facts("Total revenue came to 21 billion yuan, which rose 20.6 percent from a year ago.", 1,
                              quarter)
    assert [(f.measure, f.value) for f in facts] == [("value", 21e9)]


def _hkex_pdf(name: str, title: str | None) -> Document:
    """The extracted text of an HKEX filing as the PDF reader hands it over, with the headline its listing gives."""
    text = (CASES / name).read_text(encoding="utf-8")
    meta = DocMeta(url="https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0522/2024052200611_c.pdf",
                   source="hkex", title=title)
    return Document(meta, text.encode(), "pdf", text, pages=[text])


@pytest.mark.parametrize("title", ["截至2024年3月31日止三個月的業績公告", None])
def test_an_hkex_announcement_pdf_is_read_by_the_kuaishou_parser(title):
    doc = _hkex_pdf("hkex_announcement_zh_hant.txt", title)
    assert detect_kind(doc) == "kuaishou_results"
    result = parsers()["kuaishou_results"].parse(doc)
    assert result.title == "快手科技 截至2024年3月31日止三個月的業績公告"
    facts = _keyed(result)
    assert facts[("revenue", "total", "na", "value", "2024Q1")] == 29408e6
    assert facts[("gross_profit", "total", "na", "yoy_pct", "2024Q1")] == 37.6
    assert facts[("profit_for_period", "total", "ifrs", "value", "2023Q1")] == -876e6


def test_a_tencent_announcement_naming_kuaishou_stays_with_the_hkex_parser():
    text = ("TENCENT HOLDINGS LIMITED\n(Incorporated in the Cayman Islands with limited liability)\n"
            "ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024\n"
            "Peers such as Kuaishou Technology compete for advertising budgets.\n")
    doc = Document(DocMeta(url="https://www1.hkexnews.hk/a.pdf", source="hkex"), text.encode(), "pdf", text, pages=[text])
    assert detect_kind(doc) == "hkex_announcement"
