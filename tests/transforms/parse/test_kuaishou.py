"""Kuaishou results releases: e-commerce GMV levels, prior-year comparatives and stated growth.

Every figure is a kuaishou ecommerce_gmv row of tests/reference/industry_metrics.csv graded A or B."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta
from transforms.normalise import periods as P
from transforms.parse import detect_kind, parse_document
from transforms.parse.document import load_document
from transforms.parse.kuaishou import release_periods, sniff

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
