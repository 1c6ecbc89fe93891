"""Figures written with full-width forms, zero-width or odd spaces: read through folding, reported as written."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from transforms.model import DocMeta, ParseResult
from transforms.normalise.numbers import printed_tolerance
from transforms.parse import fact_rows, parse_document
from transforms.parse.document import load_document
from transforms.parse.release_text import written_form, written_snippet
from transforms.parse.results_en import KIND

ROOT = Path(__file__).resolve().parents[3]
BAD = ROOT / "tests" / "cases" / "bad"
ZH = ROOT / "tests" / "cases" / "results_zh"
REFERENCE = ROOT / "tests" / "reference" / "tencent_quarterly.csv"
PRN = "folded_figures_prn_1q2020.html"
REPRINT = "folded_figures_reprint_1q2020.txt"
NOT_IN_DOCUMENT = "reported_text is not in the document"

FW = {c: chr(0xFF10 + int(c)) for c in "0123456789"}


def wide(text: str) -> str:
    """ASCII digits and RMB as full-width forms."""
    return "".join(FW.get(c, c) for c in text).replace("RMB", "\uff32\uff2d\uff22")


def parse_bad(name: str) -> ParseResult:
    """Parse one of the folded-figure documents through the registry."""
    ctype = "text/html; charset=utf-8" if name.endswith(".html") else "text/plain; charset=utf-8"
    return parse_document((BAD / name).read_bytes(), DocMeta(url=f"file:{name}", content_type=ctype), kind=KIND)


def facts_by_key(result: ParseResult) -> dict[tuple, tuple[float, str]]:
    """(entity, metric, basis, measure, period) -> (value, reported_text)."""
    out = {}
    for f in result.facts:
        key = (f.entity, f.metric, f.basis, f.measure, f.period.label)
        assert key not in out
        out[key] = (f.value, f.reported_text)
    return out


# ---------------------------------------------------------------- written_form


@pytest.mark.parametrize(
    "original",
    [
        "Total revenues were \uff32\uff2d\uff22\uff11\uff10\uff18,\uff10\uff16\uff15 million, up.",
        "Total revenues were RMB108,\u200b065 million, up.",
        "Total revenues were RMB108,065\u00a0million, up.",
        "Total revenues were RMB108,065\u3000million, up.",
        "Total revenues were \ufeffRMB108,065\u2009million, up.",
    ],
)
def test_written_form_finds_the_figure_in_the_documents_own_characters(original):
    found = written_form(original, "RMB108,065 million", "Total revenues were ", ", up.")
    assert found is not None
    written, start, end = found
    assert written == original[start:end]
    assert written.endswith("million") and written[0] in "R\uff32"


def test_written_form_reads_a_line_wrap_as_one_space():
    original = "were \uff32\uff2d\uff22\uff12\uff17,\uff19\uff18\uff14\n        million, an increase"
    written, start, end = written_form(original, "RMB27,984 million", "were ", ", an increase")
    assert written == "\uff32\uff2d\uff22\uff12\uff17,\uff19\uff18\uff14 million"
    assert original[start:end] == "\uff32\uff2d\uff22\uff12\uff17,\uff19\uff18\uff14\n        million"
    assert written in written_snippet(original, start, end)


def test_written_form_picks_the_copy_whose_context_matches():
    original = (
        "Operating profit was \uff32\uff2d\uff22\uff13\uff17,\uff12\uff16\uff10 million. "
        "Segment note: \uff32\uff2d\uff22\uff13\uff17,\uff12\uff16\uff10 million was restated."
    )
    first = written_form(original, "RMB37,260 million", "Operating profit was ", ". Segment")
    second = written_form(original, "RMB37,260 million", "Segment note: ", " was restated.")
    assert first is not None and second is not None
    assert first[1] < 30 < second[1]


@pytest.mark.parametrize("folded", ["RMB108,066 million", "RMB1080,65 million", "", "   "])
def test_written_form_is_none_when_the_document_does_not_hold_the_figure(folded):
    assert written_form("Total revenues were \uff32\uff2d\uff22\uff11\uff10\uff18,\uff10\uff16\uff15 million", folded) is None


def test_written_snippet_stays_within_240_characters_and_holds_the_figure():
    original = "x" * 1000 + "\uff32\uff2d\uff22\uff11" + "y" * 1000
    snippet = written_snippet(original, 1000, 1004)
    assert len(snippet) == 240 and "\uff32\uff2d\uff22\uff11" in snippet


# ---------------------------------------------------------------- the two releases

PRN_AS_WRITTEN = {
    ("tencent", "revenue", "na", "value", "2020Q1"): (108065e6, wide("RMB108,065") + " million"),
    ("tencent", "revenue", "na", "yoy_pct", "2020Q1"): (26.0, "an increase of " + wide("26") + "%"),
    ("tencent", "operating_profit", "non_ifrs", "value", "2020Q1"): (35575e6, "RMB35,\u200b575 million"),
    ("tencent", "profit_attributable", "non_ifrs", "value", "2020Q1"): (27079e6, "RMB27,079\u00a0million"),
    ("tencent", "eps_basic", "non_ifrs", "value", "2020Q1"): (2.858, "RMB" + wide("2") + "." + wide("858")),
    ("weixin", "mau", "na", "value", "2020Q1"): (1202.5e6, wide("1") + "," + wide("202") + "." + wide("5")),
}
REPRINT_AS_WRITTEN = {
    ("tencent", "revenue", "na", "value", "2020Q1"): (108065e6, "RMB108,\u200b065\u00a0million"),
    ("tencent", "operating_profit", "non_ifrs", "value", "2020Q1"): (35575e6, "RMB35,575\u3000million"),
    ("tencent", "profit_for_period", "non_ifrs", "value", "2020Q1"): (27984e6, wide("RMB27,984") + " million"),
    ("weixin", "mau", "na", "value", "2020Q1"): (1202.5e6, wide("1") + "," + wide("202") + "." + wide("5")),
}


@pytest.mark.parametrize(("name", "expected"), [(PRN, PRN_AS_WRITTEN), (REPRINT, REPRINT_AS_WRITTEN)])
def test_folded_figures_are_published_with_the_documents_characters(name, expected):
    result = parse_bad(name)
    got = facts_by_key(result)
    for key, (value, reported) in expected.items():
        assert key in got, key
        assert got[key][0] == pytest.approx(value)
        assert got[key][1] == reported
    assert not [h for h in result.held if h.reason == NOT_IN_DOCUMENT]


@pytest.mark.parametrize("name", [PRN, REPRINT])
def test_every_fact_is_in_the_document_and_in_its_snippet(name):
    result = parse_bad(name)
    text = load_document((BAD / name).read_bytes(), DocMeta(url=name)).text
    unwrapped = re.sub(r"[ \t]*\n\s*", " ", text)
    for f in result.facts:
        assert f.reported_text in f.snippet and len(f.snippet) <= 240
        assert f.reported_text in unwrapped, f.reported_text


@pytest.mark.parametrize("name", [PRN, REPRINT])
def test_values_match_the_reference(name):
    """Every published level and growth is the reference's grade A/B figure for 1Q2020."""
    ref = {}
    with REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["period"] == "2020Q1" and row["confidence"] in ("A", "B"):
                ref[row["metric"]] = row
    names = {
        ("revenue", "na"): "total_revenue", ("mau", "na"): "weixin_mau",
        ("operating_profit", "ifrs"): "operating_profit_ifrs", ("operating_profit", "non_ifrs"): "operating_profit_non_ifrs",
        ("profit_for_period", "non_ifrs"): "profit_for_period_non_ifrs",
        ("profit_attributable", "non_ifrs"): "profit_attributable_non_ifrs",
        ("eps_basic", "ifrs"): "eps_basic_ifrs", ("eps_diluted", "ifrs"): "eps_diluted_ifrs",
        ("eps_basic", "non_ifrs"): "eps_basic_non_ifrs", ("eps_diluted", "non_ifrs"): "eps_diluted_non_ifrs",
    }
    scale = {"RMB_mn": 1e6, "mn": 1e6, "RMB": 1.0}
    result = parse_bad(name)
    assert len(result.facts) >= 10
    for f in result.facts:
        row = ref[names[(f.metric, f.basis)]]
        if f.measure == "value":
            assert f.value == pytest.approx(float(row["value"]) * scale[row["unit"]])
        else:
            assert f.measure == "yoy_pct" and f.value == float(row["yoy_pct"])


def test_published_rows_carry_the_written_figure_and_its_printed_precision():
    result = parse_bad(REPRINT)
    rows = fact_rows(result, doc_id="d", source="test", published_at=None, parser_version="2", extracted_at=None)
    revenue = next(r for r in rows if r["metric"] == "revenue" and r["measure"] == "value")
    assert revenue["reported_text"] == "RMB108,\u200b065\u00a0million"
    assert revenue["reported_text"] in revenue["snippet"]
    assert printed_tolerance(revenue["reported_text"], revenue["value"]) == 0.5e6


def test_unfolded_figures_keep_the_cleaned_reading():
    """A figure the folding did not change keeps the cleaned text's reported_text and snippet (wraps closed)."""
    result = parse_bad(REPRINT)
    got = facts_by_key(result)
    assert got[("tencent", "profit_attributable", "non_ifrs", "value", "2020Q1")][1] == "RMB27,079 million"
    assert got[("tencent", "revenue", "na", "yoy_pct", "2020Q1")][1] == "an increase of 26%"


# ---------------------------------------------------------------- the Chinese release reads as written already


def test_chinese_release_reports_full_width_and_zero_width_figures_as_written():
    source = (ZH / "news_2024q1_sc.txt").read_text(encoding="utf-8")
    text = source.replace("13.59亿", "\uff11\uff13.\uff15\uff19亿").replace("5.53亿", "5.\u200b53亿")
    result = parse_document(text.encode("utf-8"), DocMeta(url="zh", content_type="text/plain; charset=utf-8"))
    got = {(f.entity, f.measure): (f.value, f.reported_text) for f in result.facts}
    assert got[("weixin", "value")] == (1359e6, "\uff11\uff13.\uff15\uff19亿")
    assert got[("qq", "value")] == (553e6, "5.\u200b53亿")
    assert not [h for h in result.held if h.reason == NOT_IN_DOCUMENT]
