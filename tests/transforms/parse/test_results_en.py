"""English results release: clean-up functions, every reprint rendering, decoys, and the snapshot vs the reference."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DecoyDocument, DocMeta, ParseResult
from transforms.normalise.numbers import half_unit
from transforms.parse import detect_kind, parse_document
from transforms.parse.document import load_document
from transforms.parse.release_text import (
    BULLET,
    clean_release_text,
    close_number_gaps,
    dedupe_lines,
    drop_hollow_fragments,
    join_split_words,
    restore_lost_spaces,
    split_run_together_bullets,
    strip_footnote_markers,
    unify_bullets,
    unwrap_lines,
)
from transforms.parse.results_en import KIND, PARSER

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases" / "results_en"
SNAPSHOT = ROOT / "sources" / "snapshot"
REFERENCE = ROOT / "tests" / "reference" / "tencent_quarterly.csv"


def parse_case(name: str) -> ParseResult:
    """Parse a test document through the registry, as the pipeline would."""
    path = CASES / name
    ctype = "text/html; charset=utf-8" if name.endswith(".html") else "application/pdf" if name.endswith(".pdf") else "text/plain; charset=utf-8"
    return parse_document(path.read_bytes(), DocMeta(url=f"file:{name}", content_type=ctype), kind=KIND)


def table(result: ParseResult) -> dict[tuple, tuple]:
    """Facts keyed by (entity, metric, segment, basis, measure, period) -> (value, unit, qualifier)."""
    out = {}
    for f in result.facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        assert key not in out, f"two facts for {key}"
        out[key] = (f.value, f.unit, f.qualifier)
    return out


def assert_snippets(result: ParseResult) -> None:
    """Every fact's snippet holds its reported text and stays within 240 characters."""
    for f in result.facts:
        assert f.reported_text in f.snippet, (f.reported_text, f.snippet)
        assert len(f.snippet) <= 240
        assert f.locator


T = "tencent"


# ---------------------------------------------------------------- clean-up functions


def test_unify_bullets_turns_every_glyph_into_one_token():
    text = "    --  Total revenues\n• Gross profit\n▪ Operating\n   - Profit\n– EPS\n— Cash\n? Lost glyph\n-2% YoY"
    lines = unify_bullets(text).split("\n")
    assert all(line.startswith(BULLET + " ") for line in lines[:7])
    assert lines[7] == "-2% YoY"


def test_split_run_together_bullets():
    text = "which excludes items:-  Operating profit was RMB1 million. YoY.-  Profit for the period"
    assert split_run_together_bullets(text) == (
        "which excludes items:\n• Operating profit was RMB1 million. YoY.\n• Profit for the period"
    )


def test_unwrap_joins_continuations_but_not_tables_titles_or_headings():
    text = (
        "TENCENT ANNOUNCES 2024 FIRST QUARTER RESULTS\n"
        "Hong Kong, May 14, 2024 - Tencent Holdings Limited, today\n"
        "        announced the results\n"
        "1Q2024 Key Highlights\n"
        "• Diluted EPS were\n"
        "RMB2.999.\n"
        "                         As at          Year-\n"
        "                         31 March       on-year\n"
        "Combined MAU of Weixin and WeChat  1,359  3%\n"
    )
    lines = unwrap_lines(text).split("\n")
    assert lines[0] == "TENCENT ANNOUNCES 2024 FIRST QUARTER RESULTS"
    assert lines[1] == "Hong Kong, May 14, 2024 - Tencent Holdings Limited, today announced the results"
    assert lines[2] == "1Q2024 Key Highlights"
    assert lines[3] == "• Diluted EPS were RMB2.999."
    assert lines[4].strip() == "As at          Year-"
    assert lines[5].strip() == "31 March       on-year"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("RMB108,065 million (USD15,252 million([2]))", "RMB108,065 million (USD15,252 million)"),
        ("USD7.0 billion([1] ))", "USD7.0 billion)"),
        ("non-IFRS [1] profit", "non-IFRS profit"),
        ("billion[2]), an increase", "billion), an increase"),
        ("non-GAAP[2] basis", "non-GAAP basis"),
        ("non-IFRS1 profit attributable", "non-IFRS profit attributable"),
        ("USD13,748 million2), an increase", "USD13,748 million), an increase"),
        ("RMB1,401 million.", "RMB1,401 million."),
    ],
)
def test_strip_footnote_markers(raw, clean):
    assert strip_footnote_markers(raw) == clean


def test_close_number_gaps():
    assert close_number_gaps("RMB50 .1 billion") == "RMB50.1 billion"
    assert close_number_gaps("RMB50. 1 billion") == "RMB50.1 billion"
    assert close_number_gaps("( USD7.1 billion )") == "(USD7.1 billion)"
    assert close_number_gaps("RMB108,065 million") == "RMB108,065 million"


def test_restore_lost_spaces():
    assert restore_lost_spaces("Total revenueswereRMB660.3 billion(USD91.9 billion)") == (
        "Total revenues were RMB660.3 billion (USD91.9 billion)"
    )
    assert restore_lost_spaces("HONG KONG,March 19, 2025") == "HONG KONG, March 19, 2025"
    assert restore_lost_spaces("HONG KONG,Nov. 16,2022 --") == "HONG KONG, Nov. 16, 2022 --"
    assert restore_lost_spaces("RMB108,065 million") == "RMB108,065 million"


def test_join_split_words():
    assert join_split_words("Total r evenues were") == "Total revenues were"
    assert join_split_words("Gross pro fit was") == "Gross profit was"
    assert join_split_words("a decrease of 7%") == "a decrease of 7%"
    assert join_split_words("up to total cash") == "up to total cash"


def test_drop_hollow_fragments_and_dedupe():
    text = "Gross profit was RMB34,446 million, an increase of 22% YoY.\n( ), an increase of 22% YoY.\nwere ( ), up 10% over 2022."
    assert drop_hollow_fragments(text) == "Gross profit was RMB34,446 million, an increase of 22% YoY."
    twice = "Operating profit was RMB21,807 million, a decrease of 3% YoY.\n" * 2
    assert dedupe_lines(twice).count("Operating profit") == 1


def test_clean_release_text_keeps_table_columns():
    text = "                    As at          As at\nCombined MAU of Weixin and WeChat  1,359          1,319\n"
    assert clean_release_text(text) == text


# ---------------------------------------------------------------- recognising the document


@pytest.mark.parametrize(
    "head",
    [
        "Tencent Announces 2024 First Quarter Results\n\nHONG KONG, May 14, 2024 /PRNewswire/ --",
        "TENCENT ANNOUNCES 2023 ANNUAL AND FOURTH QUARTER RESULTS\n",
        "tencent announces 2019 fourth quarter and annual results\n",
        "Tencent Holdings Ltd 2019 Second Quarter and Interim Results Announcement Date\n",
    ],
)
def test_sniff_accepts_titles_in_any_case(head):
    doc = load_document(head.encode(), DocMeta(content_type="text/plain"))
    assert PARSER.sniff(doc)


def test_sniff_rejects_other_documents():
    doc = load_document(b"Tencent shares rose on Tuesday after analysts raised targets.", DocMeta())
    assert not PARSER.sniff(doc)


@pytest.mark.parametrize("name", ["epicos_1q2020.txt", "tmcnet_3q2022.txt", "huvle_4q2024.txt", "ir_3q2019.pdf", "prn_4q2023.html"])
def test_auto_detection_picks_this_parser(name):
    doc = load_document((CASES / name).read_bytes(), DocMeta(url=name))
    assert detect_kind(doc) == KIND


# ---------------------------------------------------------------- renderings


def test_epicos_fixed_width_integer_millions():
    r = parse_case("epicos_1q2020.txt")
    assert_snippets(r)
    assert r.published_at == date(2020, 5, 13)
    t = table(r)
    q = "2020Q1"
    assert t[(T, "revenue", "total", "na", "value", q)] == (108065e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", q)] == (26.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (35575e6, "CNY", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "value", q)] == (27984e6, "CNY", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "yoy_pct", q)] == (29.0, "pct", "eq")
    assert t[(T, "eps_basic", "total", "non_ifrs", "value", q)] == (2.858, "CNY_per_share", "eq")
    assert t[(T, "eps_diluted", "total", "non_ifrs", "value", q)] == (2.817, "CNY_per_share", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "yoy_pct", q)] == (1.0, "pct", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "value", q)] == (28896e6, "CNY", "eq")
    assert t[(T, "eps_diluted", "total", "ifrs", "value", q)] == (2.999, "CNY_per_share", "eq")
    assert t[(T, "total_cash", "total", "na", "value", q)] == (220584e6, "CNY", "eq")
    assert t[("weixin", "mau", "total", "na", "value", q)] == (1202.5e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "value", "2019Q1")] == (1111.7e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "yoy_pct", q)] == (8.2, "pct", "eq")
    assert t[("qq", "mau", "total", "na", "yoy_pct", q)] == (-1.0, "pct", "eq")
    assert not any(f.unit == "USD" or f.value == 15252e6 for f in r.facts)
    assert len(r.facts) == 25


def test_tmcnet_billions_negative_and_stable_growth():
    r = parse_case("tmcnet_3q2022.txt")
    assert_snippets(r)
    t = table(r)
    q = "2022Q3"
    assert t[(T, "revenue", "total", "na", "value", q)] == (140.1e9, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", q)] == (-2.0, "pct", "eq")
    assert t[(T, "gross_profit", "total", "na", "yoy_pct", q)] == (-1.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (40.9e9, "CNY", "eq")
    assert (T, "operating_profit", "total", "non_ifrs", "yoy_pct", q) not in t  # "largely stable YoY"
    assert t[(T, "operating_profit", "total", "ifrs", "yoy_pct", q)] == (-3.0, "pct", "eq")
    assert t[(T, "profit_for_period", "total", "ifrs", "value", q)] == (38.8e9, "CNY", "eq")
    assert t[(T, "eps_basic", "total", "ifrs", "value", q)] == (4.187, "CNY_per_share", "eq")
    assert len(r.facts) == 16


def test_cusmail_without_spaces_after_commas_matches_tmcnet():
    cus = table(parse_case("cusmail_3q2022.txt"))
    tmc = table(parse_case("tmcnet_3q2022.txt"))
    assert parse_case("cusmail_3q2022.txt").published_at == date(2022, 11, 16)
    assert cus == {k: v for k, v in tmc.items() if k[1] != "profit_for_period"}


def test_marketscreener_duplicates_non_gaap_and_half_year():
    r = parse_case("marketscreener_2q2018.txt")
    assert_snippets(r)
    t = table(r)
    q = "2018Q2"
    assert t[(T, "revenue", "total", "na", "value", q)] == (73675e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "value", q)] == (21807e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "yoy_pct", q)] == (-3.0, "pct", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "yoy_pct", q)] == (-2.0, "pct", "eq")
    assert t[(T, "eps_basic", "total", "ifrs", "value", q)] == (1.893, "CNY_per_share", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "value", q)] == (19716e6, "CNY", "eq")
    assert t[(T, "eps_diluted", "total", "non_ifrs", "value", q)] == (2.062, "CNY_per_share", "eq")
    assert t[(T, "revenue", "total", "na", "value", "2018H1")] == (147203e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", "2018H1")] == (39.0, "pct", "eq")
    assert len(r.facts) == 18 and not r.held


def test_huvle_lost_spaces_annual_first_then_quarter():
    r = parse_case("huvle_4q2024.txt")
    assert_snippets(r)
    assert r.published_at == date(2025, 3, 19)
    t = table(r)
    assert t[(T, "revenue", "total", "na", "value", "2024")] == (660.3e9, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", "2024")] == (8.0, "pct", "eq")
    assert t[(T, "revenue", "total", "na", "value", "2024Q4")] == (172.4e9, "CNY", "eq")
    assert t[(T, "gross_profit", "total", "na", "value", "2024Q4")] == (90.7e9, "CNY", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "value", "2024Q4")] == (55.3e9, "CNY", "eq")
    assert t[(T, "eps_basic", "total", "ifrs", "value", "2024Q4")] == (5.597, "CNY_per_share", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "yoy_pct", "2024Q4")] == (90.0, "pct", "eq")
    assert not any(f.value == 91.9e9 for f in r.facts)


def test_jimmyspost_decimal_gap_dash_bullets_and_dropped_lead_in():
    r = parse_case("jimmyspost_2q2023.txt")
    assert_snippets(r)
    t = table(r)
    q = "2023Q2"
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (50.1e9, "CNY", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "value", q)] == (38.6e9, "CNY", "eq")
    assert t[(T, "eps_basic", "total", "non_ifrs", "value", q)] == (3.962, "CNY_per_share", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "value", q)] == (40.3e9, "CNY", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "value", q)] == (26.2e9, "CNY", "eq")
    assert t[(T, "revenue", "marketing_services", "na", "value", q)] == (25.0e9, "CNY", "eq")
    assert t[(T, "revenue", "marketing_services", "na", "yoy_pct", q)] == (34.0, "pct", "eq")
    assert not any(f.period.label == "2023H1" for f in r.facts)


def test_ir_pdf_footnote_swap_glued_digits_and_margins():
    r = parse_case("ir_3q2019.pdf")
    assert_snippets(r)
    assert r.published_at == date(2019, 11, 13)
    t = table(r)
    q = "2019Q3"
    assert t[(T, "revenue", "total", "na", "value", q)] == (97236e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (28544e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", q)] == (29.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", q)] == (27.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "yoy_pct", q)] == (-7.0, "pct", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "yoy_pct", q)] == (-13.0, "pct", "eq")
    assert t[(T, "eps_diluted", "total", "non_ifrs", "value", q)] == (2.548, "CNY_per_share", "eq")
    assert not any(f.value in (13748e6, 13748.0) for f in r.facts)
    assert table(parse_case("ir_3q2019_source.txt")) == t


def test_prn_html_bold_artefacts_channels_and_kpi_table():
    r = parse_case("prn_4q2023.html")
    assert_snippets(r)
    assert r.published_at == date(2024, 3, 20)
    t = table(r)
    q = "2023Q4"
    assert t[(T, "revenue", "total", "na", "value", q)] == (155.2e9, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", q)] == (7.0, "pct", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "value", q)] == (42.7e9, "CNY", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "yoy_pct", q)] == (-75.0, "pct", "eq")
    assert t[(T, "revenue", "vas", "na", "value", q)] == (69.1e9, "CNY", "eq")
    assert t[(T, "revenue", "vas", "na", "yoy_pct", q)] == (-2.0, "pct", "eq")
    assert t[(T, "revenue", "international_games", "na", "yoy_pct", q)] == (1.0, "pct", "eq")
    assert t[("wechat_channels", "user_time_spent", "total", "na", "yoy_pct", "2023")] == (100.0, "pct", "gt")
    assert t[("weixin", "mau", "total", "na", "value", q)] == (1343e6, "count", "eq")
    assert t[("qq", "mau", "total", "na", "yoy_pct", q)] == (-3.0, "pct", "eq")
    channels = next(f for f in r.facts if f.entity == "wechat_channels")
    assert channels.reported_text == "more than doubled"


def test_older_annual_title_order_and_quarter_codes():
    r = parse_case("older_title_4q2019.txt")
    assert_snippets(r)
    assert r.published_at == date(2020, 3, 18)
    t = table(r)
    q = "2019Q4"
    assert t[(T, "revenue", "total", "na", "value", q)] == (105767e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", q)] == (29.0, "pct", "eq")
    assert t[(T, "eps_basic", "total", "non_ifrs", "value", q)] == (2.69, "CNY_per_share", "eq")
    assert t[(T, "profit_for_period", "total", "ifrs", "yoy_pct", q)] == (60.0, "pct", "eq")
    assert {f.period.label for f in r.facts} == {q, "2018Q4"}
    assert {f.measure for f in r.facts if f.period.label == "2018Q4"} == {"margin_pct"}


def test_segment_sentence_table_and_unreadable_column():
    r = parse_case("tables_4q2018.txt")
    assert_snippets(r)
    t = table(r)
    q = "2018Q4"
    assert t[(T, "revenue", "vas", "na", "value", q)] == (43651e6, "CNY", "eq")
    assert t[(T, "revenue", "vas", "na", "yoy_pct", q)] == (9.0, "pct", "eq")
    assert t[(T, "revenue", "marketing_services", "na", "value", q)] == (17033e6, "CNY", "eq")
    assert t[(T, "revenue", "marketing_services", "na", "yoy_pct", q)] == (38.0, "pct", "eq")
    assert t[(T, "revenue", "total", "na", "value", q)] == (84896e6, "CNY", "eq")
    assert not any(f.entity == "weixin" for f in r.facts)
    held = {h.reported_text: h.reason for h in r.held}
    assert held["1,097.6"] == "column date not readable"
    assert "11%" in held


def test_segment_sentence_without_a_certain_period_is_held():
    text = (
        "Tencent Announces 2023 Second Quarter and Interim Results\n\n"
        "HONG KONG, Aug. 16, 2023 /PRNewswire/ -- Tencent Holdings Limited today announced the unaudited "
        'consolidated results for the second quarter ("2Q2023") and the six months ("1H2023").\n\n'
        "Online Advertising revenues increased by 34% YoY to RMB25.0 billion.\n"
    )
    r = parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert not r.facts
    assert [h.reported_text for h in r.held] == ["RMB25.0 billion"]


def test_profit_lines_without_any_basis_lead_in_are_held():
    text = (
        "Tencent Announces 2024 First Quarter Results\n\n"
        'HONG KONG, May 14, 2024 /PRNewswire/ -- Tencent Holdings Limited today announced results ("1Q2024").\n\n'
        "1Q2024 Key Highlights\n"
        "• Total revenues were RMB159.5 billion, an increase of 6% YoY.\n"
        "• Operating profit was RMB52.6 billion, an increase of 38% YoY.\n"
    )
    r = parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert {(f.metric, f.measure) for f in r.facts} == {("revenue", "value"), ("revenue", "yoy_pct")}
    assert {h.reported_text for h in r.held} == {"RMB52.6 billion", "an increase of 38%"}


def test_usd_only_amount_is_not_taken():
    text = (
        "Tencent Announces 2019 Third Quarter Results\n\n"
        'HONG KONG, Nov. 13, 2019 /PRNewswire/ -- Tencent Holdings Limited today announced results ("3Q2019").\n\n'
        "3Q2019 Highlights\n"
        "• Total revenues were USD13,748 million, an increase of 21% YoY.\n"
    )
    r = parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert not r.facts


# ---------------------------------------------------------------- decoys


def test_results_date_notice_is_a_decoy():
    with pytest.raises(DecoyDocument, match="announcement date"):
        parse_case("decoy_notice_2q2019.txt")


def test_spun_copy_is_a_decoy():
    with pytest.raises(DecoyDocument, match="spun"):
        parse_case("decoy_spun_4q2019.txt")


# ---------------------------------------------------------------- snapshot documents vs the reference


def load_reference() -> dict[tuple[str, str], dict]:
    """Reference rows by (period, metric)."""
    with REFERENCE.open(encoding="utf-8") as fh:
        return {(r["period"], r["metric"]): r for r in csv.DictReader(fh)}


REF_SCALE = {"RMB_mn": 1e6, "RMB_bn": 1e9, "RMB_100mn": 1e8, "RMB": 1.0, "mn": 1e6}
CHANNELS_REF = {"user_time_spent": "video_accounts_time_spent_growth", "ad_revenue": "video_accounts_ad_revenue_growth"}


def reference_metric(f) -> str:
    """The reference CSV metric name of a fact."""
    if f.entity in ("weixin", "qq"):
        return f"{f.entity}_mau"
    if f.entity == "wechat_channels":
        return CHANNELS_REF[f.metric]
    if f.metric == "revenue":
        return "total_revenue" if f.segment == "total" else f"{f.segment}_revenue"
    if f.basis in ("ifrs", "non_ifrs"):
        return f"{f.metric}_{f.basis}"
    return f.metric


def reference_period(f, ref) -> str:
    """The reference period of a fact: its quarter, or Q4 for a full-year statement the note names FY."""
    if f.period.type == "quarter":
        return f.period.label
    y = f.period.start.year
    row = ref.get((f"{y}Q4", reference_metric(f)))
    assert row is not None and f"FY{y}" in row["note"], f"no reference for {f.period.label} {reference_metric(f)}"
    return f"{y}Q4"


def reference_growth(row) -> tuple[float, str]:
    """Value and qualifier of a reference growth statement (`more than doubled`, `over 80%`)."""
    words = row["qualifier"].lower()
    value = float(row["value"]) if row["value"] else (100.0 if "doubled" in words else None)
    qualifier = "gt" if words.startswith(("over", "more than")) else "approx" if words.startswith(("about", "nearly")) else "eq"
    return value, qualifier


def snapshot_documents() -> list[tuple[str, dict]]:
    """(family, index entry) for every English release in the two snapshot folders."""
    out = []
    for family in ("tencent_ir", "prnewswire"):
        for entry in json.loads((SNAPSHOT / family / "index.json").read_text(encoding="utf-8")):
            out.append((family, entry))
    return out


def test_snapshot_index_entries_are_well_formed():
    ref = load_reference()
    docs = snapshot_documents()
    periods = {(fam, re.search(r"(\d{4}Q\d)", e["file"]).group(1)) for fam, e in docs}
    for p in ("2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3"):
        assert ("tencent_ir", p) in periods
    for p in ("2022Q2", "2022Q3", "2023Q2", "2023Q4", "2024Q4", "2025Q3"):
        assert ("prnewswire", p) in periods
    history = {p for _, p in periods if p < "2022"}
    assert history == {f"{y}Q{q}" for y in range(2018, 2022) for q in range(1, 5)}
    for family, e in docs:
        assert (SNAPSHOT / family / e["file"]).is_file()
        assert e["source"] == family
        period = re.search(r"(\d{4}Q\d)", e["file"]).group(1)
        assert e["published_at"] == ref[(period, "release_date")]["value"]
        # url: a checked public page stating the figures, or empty (tests/sources/test_sources_snapshot.py)
        assert e["url"] == "" or e["url"].startswith(("https://", "http://"))
        if family == "tencent_ir":
            assert e["content_type"] == "application/pdf"
            if "static.www.tencent.com/uploads/" in e["url"]:
                assert e["url"].split("/uploads/")[1][:10] == e["published_at"].replace("-", "/")
        elif e["file"].startswith("prnewswire_"):
            assert e["content_type"] == "text/html; charset=utf-8"
        else:
            assert e["file"].split("_")[0] in REPRINT_HOSTS
            assert e["content_type"] == "text/plain; charset=utf-8"


REPRINT_HOSTS = {
    "epicos": "www.epicos.com",
    "marketscreener": "www.marketscreener.com",
    "tmcnet": "it.tmcnet.com",
    "huvle": "en.huvle.com",
    "jimmyspost": "jimmyspost.com",
}


def test_snapshot_pdfs_are_built_from_their_kept_sources():
    spec = importlib.util.spec_from_file_location("textpdf", ROOT / "tools" / "textpdf.py")
    textpdf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(textpdf)
    for family, e in snapshot_documents():
        if family != "tencent_ir":
            continue
        source = ROOT / "tools" / "pdf_sources" / e["file"].replace(".pdf", ".txt")
        lines = source.read_text(encoding="utf-8").splitlines()
        assert textpdf.build_pdf(lines) == (SNAPSHOT / family / e["file"]).read_bytes()


@pytest.mark.parametrize(("family", "entry"), snapshot_documents(), ids=lambda x: x if isinstance(x, str) else x["file"])
def test_snapshot_facts_match_the_reference(family, entry):
    ref = load_reference()
    data = (SNAPSHOT / family / entry["file"]).read_bytes()
    meta = DocMeta(url=entry["url"], source=family, title=entry["title"], content_type=entry["content_type"])
    assert detect_kind(load_document(data, meta)) == KIND
    r = parse_document(data, meta)
    assert r.kind == KIND
    assert r.published_at.isoformat() == entry["published_at"]
    assert not r.held
    assert len(r.facts) >= 8
    quarter = re.search(r"(\d{4}Q\d)", entry["file"]).group(1)
    assert any(f.metric == "revenue" and f.segment == "total" and f.period.label == quarter for f in r.facts)
    assert_snippets(r)
    for f in r.facts:
        period = reference_period(f, ref)
        row = ref.get((period, reference_metric(f)))
        assert row is not None, f"{f.period.label} {reference_metric(f)} not in the reference"
        assert row["confidence"] in ("A", "B"), f"{period} {row['metric']} is graded {row['confidence']}"
        if f.entity == "wechat_channels":
            assert (f.value, f.qualifier) == reference_growth(row)
        elif f.measure == "yoy_pct":
            assert row["yoy_pct"] != "" and float(row["yoy_pct"]) == f.value, (f, row["yoy_pct"])
        else:
            assert f.measure == "value"
            expected = float(row["value"]) * REF_SCALE[row["unit"]]
            number = re.search(r"\d[\d,]*(?:\.\d+)?", f.reported_text).group(0)
            scale = 1.0 if f.unit == "CNY_per_share" else 1e9 if "billion" in f.reported_text else 1e6
            tolerance = half_unit(number, scale) + half_unit(row["value"], REF_SCALE[row["unit"]])
            assert abs(f.value - expected) <= tolerance + 1e-9 * expected, (f, expected)


# ---------------------------------------------------------------- more layouts


def test_kpi_table_with_tight_stacked_header_and_prior_quarter_column():
    r = parse_case("kpi_tight_1q2024.txt")
    assert_snippets(r)
    t = table(r)
    assert t[("weixin", "mau", "total", "na", "value", "2024Q1")] == (1359e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "value", "2023Q1")] == (1319e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "value", "2023Q4")] == (1343e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "yoy_pct", "2024Q1")] == (3.0, "pct", "eq")
    assert t[("qq", "mau", "total", "na", "value", "2023Q4")] == (554e6, "count", "eq")
    assert t[("qq", "mau", "total", "na", "yoy_pct", "2024Q1")] == (-7.0, "pct", "eq")
    assert not r.held


def test_kpi_table_on_single_spaced_lines():
    r = parse_case("kpi_one_line_3q2022.txt")
    assert_snippets(r)
    t = table(r)
    assert t[(T, "revenue", "total", "na", "value", "2022Q3")] == (140.1e9, "CNY", "eq")
    assert t[("weixin", "mau", "total", "na", "value", "2022Q3")] == (1309e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "yoy_pct", "2022Q3")] == (3.7, "pct", "eq")
    assert t[("qq", "mau", "total", "na", "yoy_pct", "2022Q3")] == (0.1, "pct", "eq")


RELEASE_HEAD = (
    "Tencent Announces {year} {which} Results\n\n"
    "HONG KONG, {date} /PRNewswire/ -- Tencent Holdings Limited today announced the unaudited consolidated "
    'results for the quarter ("{code}").\n\n{code} Key Highlights\n\n'
)


def test_mau_sentence_and_yoy_and_qoq_in_one_bullet():
    text = RELEASE_HEAD.format(year=2022, which="Second Quarter and Interim", date="Aug. 17, 2022", code="2Q2022") + (
        "• Total revenues were RMB134.034 billion, a decrease of 3% YoY.\n"
        "• On a non-IFRS basis:\n"
        "   - Profit attributable to equity holders of the Company was RMB28,139 million, a decrease of 17% YoY "
        "and an increase of 10% QoQ.\n"
        "• Combined MAU of Weixin and WeChat was 1,299.1 million, an increase of 3.8% YoY.\n"
    )
    r = parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert_snippets(r)
    t = table(r)
    q = "2022Q2"
    assert t[(T, "revenue", "total", "na", "value", q)] == (134.034e9, "CNY", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "yoy_pct", q)] == (-17.0, "pct", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "qoq_pct", q)] == (10.0, "pct", "eq")
    assert t[("weixin", "mau", "total", "na", "value", q)] == (1299.1e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "yoy_pct", q)] == (3.8, "pct", "eq")


def test_sniff_leaves_a_listing_of_releases_alone():
    listing = "\n".join(
        f"2024/0{m}/1{m} Tencent Announces 2024 {w} Quarter Results" for m, w in ((3, "Fourth"), (5, "First"), (8, "Second"))
    )
    doc = load_document(listing.encode(), DocMeta(content_type="text/plain"))
    assert not PARSER.sniff(doc)


def test_release_records_a_results_event_on_its_date():
    r = parse_case("epicos_1q2020.txt")
    assert [(e.event_date, e.entity, e.kind) for e in r.events] == [(date(2020, 5, 13), "tencent", "results")]


@pytest.mark.parametrize("name", ["q4_table_4q2020.txt", "q4_table_4q2020.html"])
def test_q4_table_with_quarter_and_year_columns(name):
    r = parse_case(name)
    assert_snippets(r)
    t = table(r)
    assert t[(T, "revenue", "total", "na", "value", "2020Q4")] == (133669e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "value", "2019Q4")] == (105767e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "value", "2020")] == (482064e6, "CNY", "eq")


def test_summary_line_growth_needs_an_explicit_basis():
    text = RELEASE_HEAD.format(year=2024, which="First Quarter", date="May 14, 2024", code="1Q2024") + (
        "Revenues: +6% YoY, gross profit: +23% YoY, non-IFRS operating profit: +30% YoY, operating profit: +38% YoY\n"
    )
    r = parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert table(r) == {
        (T, "revenue", "total", "na", "yoy_pct", "2024Q1"): (6.0, "pct", "eq"),
        (T, "gross_profit", "total", "na", "yoy_pct", "2024Q1"): (23.0, "pct", "eq"),
        (T, "operating_profit", "total", "non_ifrs", "yoy_pct", "2024Q1"): (30.0, "pct", "eq"),
    }
    assert [h.reported_text for h in r.held] == ["+38% YoY"]


def test_channels_statement_period_comes_from_the_sentence_or_is_held():
    head = RELEASE_HEAD.format(year=2022, which="Fourth Quarter and Annual", date="March 22, 2023", code="4Q2022")
    head = head.replace('("4Q2022")', '("4Q2022") and the year ("FY2022")')
    quote = 'Mr. Ma Huateng said, "Total user time spent on Video Accounts was three times the level of a year ago{}."\n'
    held = parse_document((head + quote.format("")).encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert not held.facts and [h.reported_text for h in held.held] == ["three times"]
    placed = parse_document((head + quote.format(" in the quarter")).encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert table(placed) == {("wechat_channels", "user_time_spent", "total", "na", "yoy_pct", "2022Q4"): (200.0, "pct", "eq")}


def test_worded_quarter_heading_places_segment_sentences():
    head = RELEASE_HEAD.format(year=2023, which="Second Quarter and Interim", date="Aug. 16, 2023", code="2Q2023")
    head = head.replace('("2Q2023")', '("2Q2023") and the six months ("1H2023")').replace("2Q2023 Key Highlights\n\n", "")
    body = (
        "Second Quarter of 2023 Compared to Second Quarter of 2022\n"
        "FinTech and Business Services revenues increased by 15% YoY to RMB48.64 billion.\n"
    )
    r = parse_document((head + body).encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert table(r) == {
        (T, "revenue", "fintech_business_services", "na", "value", "2023Q2"): (48.64e9, "CNY", "eq"),
        (T, "revenue", "fintech_business_services", "na", "yoy_pct", "2023Q2"): (15.0, "pct", "eq"),
    }


# ---------------------------------------------------------------- the 2018-2021 releases of the snapshot


def history_documents() -> list[tuple[str, dict]]:
    """(family, index entry) of the snapshot's releases for 2018Q1-2021Q4."""
    return [(fam, e) for fam, e in snapshot_documents() if re.search(r"20(?:18|19|20|21)Q\d", e["file"])]


def parse_entry(family: str, entry: dict) -> ParseResult:
    """Parse one snapshot document with the metadata its index gives."""
    data = (SNAPSHOT / family / entry["file"]).read_bytes()
    meta = DocMeta(url=entry["url"], source=family, title=entry["title"], content_type=entry["content_type"])
    return parse_document(data, meta)


def snapshot_entry(file: str) -> tuple[str, dict]:
    """The snapshot entry of one file."""
    return next((fam, e) for fam, e in snapshot_documents() if e["file"] == file)


@pytest.mark.parametrize(("family", "entry"), history_documents(), ids=lambda x: x if isinstance(x, str) else x["file"])
def test_history_release_wording_follows_its_era(family, entry):
    r = parse_entry(family, entry)
    text = clean_release_text(load_document((SNAPSHOT / family / entry["file"]).read_bytes(), DocMeta(content_type=entry["content_type"])).text)
    quarter = re.search(r"(\d{4})Q(\d)", entry["file"])
    y, q = int(quarter.group(1)), int(quarter.group(2))
    assert bool(re.search(r"non-GAAP\s+(?:basis|profit)", text)) == ((y, q) <= (2019, 2))
    assert bool(re.search(r"non-IFRS\s+(?:basis|profit)", text)) == ((y, q) >= (2019, 3))
    amounts = re.findall(r"RMB\s*\d[\d,]*(?:\.\d+)?\s*(million|billion)", text)
    assert set(amounts) == ({"million"} if (y, q) <= (2020, 3) else {"billion"})
    if q == 4:
        order = "Fourth Quarter and Annual" if y <= 2019 else "Annual and Fourth Quarter"
        assert order.lower() in r.title.lower()
    assert ("FinTech and Business Services" in text) <= ((y, q) >= (2019, 1))


@pytest.mark.parametrize(("family", "entry"), history_documents(), ids=lambda x: x if isinstance(x, str) else x["file"])
def test_history_release_every_rmb_amount_becomes_a_fact(family, entry):
    r = parse_entry(family, entry)
    text = clean_release_text(load_document((SNAPSHOT / family / entry["file"]).read_bytes(), DocMeta(content_type=entry["content_type"])).text)
    reported = {f.reported_text for f in r.facts}
    found = re.findall(r"RMB\s*\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion))?", text)
    amounts = {re.sub(r"\s+", " ", m) for m in found if not re.fullmatch(r"RMB\d\.\d{4}", m)}  # not exchange rates
    assert amounts and amounts <= reported, amounts - reported


def test_kpi_table_prior_year_and_prior_quarter_columns_are_facts_of_their_own_quarters():
    r = parse_entry(*snapshot_entry("epicos_2019Q1_results_en.txt"))
    t = table(r)
    assert t[("weixin", "mau", "total", "na", "value", "2019Q1")] == (1112e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "value", "2018Q1")] == (1040e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "value", "2018Q4")] == (1097.6e6, "count", "eq")
    assert t[("weixin", "mau", "total", "na", "yoy_pct", "2019Q1")] == (6.9, "pct", "eq")
    assert not any(f.measure == "qoq_pct" for f in r.facts)


def test_html_revenue_and_gross_profit_tables_with_three_quarters():
    r = parse_entry(*snapshot_entry("prnewswire_2021Q4_results_en.html"))
    tables = [f for f in r.facts if f.locator.startswith("html table") and f.entity == T]
    got = {(f.metric, f.period.label): f.value for f in tables}
    assert got == {
        ("revenue", "2021Q4"): 144188e6, ("revenue", "2020Q4"): 133669e6, ("revenue", "2021Q3"): 142368e6,
        ("gross_profit", "2021Q4"): 57817e6, ("gross_profit", "2020Q4"): 58881e6, ("gross_profit", "2021Q3"): 62747e6,
    }
    assert all(f.segment == "total" and f.unit == "CNY" for f in tables)


def test_text_segment_table_with_vas_sub_lines_in_the_old_structure():
    r = parse_entry(*snapshot_entry("tencent_ir_2018Q4_results_en.pdf"))
    t = table(r)
    q = "2018Q4"
    assert t[(T, "revenue", "online_games", "na", "value", q)] == (24199e6, "CNY", "eq")
    assert t[(T, "revenue", "vas", "na", "value", q)] == (43651e6, "CNY", "eq")
    assert not any(f.segment == "fintech_business_services" for f in r.facts)
    assert t[("qq", "mau", "total", "na", "value", "2018Q3")] == (803e6, "count", "eq")


def test_lead_in_glued_to_its_first_sub_bullet_is_split():
    text = "On an IFRS basis:Operating profit was RMB63.7 billion.\nNote:Total is shown."
    assert split_run_together_bullets(text) == (
        "On an IFRS basis:\n• Operating profit was RMB63.7 billion.\nNote:\n• Total is shown."
    )


def test_2q2018_reprint_keeps_each_bullet_once():
    r = parse_entry(*snapshot_entry("marketscreener_2018Q2_results_en.txt"))
    assert not r.held
    t = table(r)
    assert t[(T, "profit_attributable", "total", "non_ifrs", "value", "2018Q2")] == (19716e6, "CNY", "eq")
    assert t[(T, "eps_diluted", "total", "non_ifrs", "value", "2018Q2")] == (2.062, "CNY_per_share", "eq")


def test_total_qq_mau_wins_over_the_smart_device_series_of_the_same_release():
    r = parse_case("kpi_two_qq_series_3q2018.txt")
    assert_snippets(r)
    t = table(r)
    q = "2018Q3"
    assert t[("qq", "mau", "total", "na", "value", q)] == (803e6, "count", "eq")
    assert t[("qq", "mau", "total", "na", "yoy_pct", q)] == (-4.8, "pct", "eq")
    assert t[("weixin", "mau", "total", "na", "value", q)] == (1082e6, "count", "eq")
    assert sorted(h.reported_text for h in r.held) == ["698", "7%"]
    assert {h.reason for h in r.held} == {"QQ smart-device MAU beside the total QQ MAU: one QQ series per key"}


def test_smart_device_qq_sentence_is_held_beside_a_total_and_read_alone():
    head = RELEASE_HEAD.format(year=2018, which="Third Quarter", date="Nov. 14, 2018", code="3Q2018")
    both = head + "• MAU of QQ was 803 million.\n• Smart device MAU of QQ was 698 million, an increase of 7% YoY.\n"
    r = parse_document(both.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert table(r) == {("qq", "mau", "total", "na", "value", "2018Q3"): (803e6, "count", "eq")}
    assert [h.reported_text for h in r.held] == ["698 million"]
    alone = head + "• Smart device MAU of QQ was 698 million, an increase of 7% YoY.\n"
    r = parse_document(alone.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert table(r)[("qq", "mau", "total", "na", "value", "2018Q3")] == (698e6, "count", "eq")


def test_bullets_run_onto_one_line_and_a_heading_glued_to_its_summary() -> None:
    t = table(parse_case("pdf_run_on_1q2020.txt"))
    q = "2020Q1"
    assert t[(T, "revenue", "total", "na", "value", q)] == (108065e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", q)] == (26.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (35575e6, "CNY", "eq")
    assert t[(T, "profit_attributable", "total", "non_ifrs", "value", q)] == (27079e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", q)] == (34.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", "2019Q1")] == (43.0, "pct", "eq")
    assert t[(T, "profit_attributable", "total", "ifrs", "yoy_pct", q)] == (6.0, "pct", "eq")


def test_full_stops_a_pdf_left_for_bullets_still_open_the_basis_blocks() -> None:
    t = table(parse_case("pdf_dot_bullets_3q2019.txt"))
    q = "2019Q3"
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (28544e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", "2018Q3")] == (28.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "value", q)] == (25827e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "yoy_pct", q)] == (-7.0, "pct", "eq")


def test_a_lead_in_after_a_hollow_fragment_still_sets_the_basis() -> None:
    t = table(parse_case("hollow_lead_in_1h2018.txt"))
    h = "2018H1"
    assert t[(T, "operating_profit", "total", "ifrs", "value", h)] == (52499e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", "2017H1")] == (39.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", h)] == (47530e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "yoy_pct", h)] == (23.0, "pct", "eq")


def test_older_worded_highlights_with_qoq_and_yoy_in_one_sentence() -> None:
    r = parse_case("older_worded_1q2013.txt")
    t = table(r)
    q = "2013Q1"
    assert t[(T, "revenue", "total", "na", "value", q)] == (13547.6e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "qoq_pct", q)] == (11.5, "pct", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", q)] == (40.4, "pct", "eq")
    assert t[(T, "revenue", "vas", "na", "value", q)] == (10666.1e6, "CNY", "eq")
    assert t[(T, "revenue", "marketing_services", "na", "qoq_pct", q)] == (-10.3, "pct", "eq")
    assert t[(T, "revenue", "marketing_services", "na", "yoy_pct", q)] == (57.3, "pct", "eq")
    assert not any(f.value == 1913.3e6 or f.value == 154.2 for f in r.facts)


def test_a_spun_copy_under_a_spun_title_is_refused() -> None:
    data = (CASES / "decoy_spun_title_4q2019.txt").read_bytes()
    with pytest.raises(DecoyDocument, match="synonym-spun"):
        parse_document(data, DocMeta(url="file:spun", source="inbox", content_type="text/plain; charset=utf-8"))


def test_letter_o_bullets_glued_or_spaced_open_highlight_lines() -> None:
    assert unify_bullets("  oTotal revenues were\n  o Gross profit was\nof 38%") == (
        f"{BULLET} Total revenues were\n{BULLET} Gross profit was\nof 38%"
    )
    t = table(parse_case("o_bullets_fy2013.txt"))
    assert t[(T, "revenue", "total", "na", "value", "2013")] == (60437e6, "CNY", "eq")
    assert t[(T, "revenue", "total", "na", "yoy_pct", "2013")] == (38.0, "pct", "eq")
    assert t[(T, "gross_profit", "total", "na", "value", "2013")] == (32659e6, "CNY", "eq")


def test_unlabelled_lines_beside_their_non_gaap_twins_are_ifrs() -> None:
    t = table(parse_case("gaap_pairs_3q2012.txt"))
    q = "2012Q3"
    assert t[(T, "operating_profit", "total", "ifrs", "value", q)] == (4124.4e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "qoq_pct", q)] == (4.7, "pct", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "yoy_pct", q)] == (37.9, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", q)] == (4442.8e6, "CNY", "eq")
    assert t[(T, "profit_for_period", "total", "ifrs", "value", q)] == (3241.1e6, "CNY", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "yoy_pct", q)] == (29.0, "pct", "eq")


def test_an_unlabelled_line_without_a_twin_of_its_own_metric_stays_held() -> None:
    text = (
        'HONG KONG, Nov 14, 2012 /PRNewswire/ -- Tencent Holdings Limited today announced the unaudited figures.\n'
        "Highlights of the Third Quarter of 2012:\n"
        "- Total revenues were RMB11,565.6 million, up 9.9% QoQ.\n"
        "- Operating profit was RMB4,124.4 million, up 4.7% QoQ.\n"
        "Non-GAAP profit for the quarter was RMB3,587.1 million, up 5.2% QoQ.\n"
    )
    r = parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND)
    assert not any(f.metric == "operating_profit" for f in r.facts)
    assert "RMB4,124.4 million" in {h.reported_text for h in r.held}


def test_margins_against_last_quarter_are_previous_quarter_margins() -> None:
    r = parse_case("last_quarter_margins_1q2013.txt")
    t = table(r)
    assert t[(T, "gross_profit", "total", "na", "margin_pct", "2013Q1")] == (56.1, "pct", "eq")
    assert t[(T, "gross_profit", "total", "na", "margin_pct", "2012Q4")] == (56.6, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", "2012Q4")] == (35.5, "pct", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "margin_pct", "2013Q1")] == (30.2, "pct", "eq")
    assert not any(f.value == 33.0 for f in r.facts)  # a quarter neither one nor four quarters back
    assert not any(f.measure == "margin_pct" and f.period.label == "2012Q1" for f in r.facts)


def test_shenzhen_dateline_release_is_recognised() -> None:
    data = (CASES / "shenzhen_dateline_fy2014.txt").read_bytes()
    r = parse_document(data, DocMeta(url="file:shenzhen", content_type="text/plain; charset=utf-8"))
    assert r.kind == KIND
    assert table(r)[(T, "revenue", "total", "na", "value", "2014")] == (78932e6, "CNY", "eq")
    assert r.published_at == date(2015, 3, 18)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("earnings per share2 were RMB2.579", "earnings per share were RMB2.579"),
        ("Profit for the quarter2 was", "Profit for the quarter was"),
        ("On a non-GAAP basis3, excluding", "On a non-GAAP basis, excluding"),
        ("Operating profit* was RMB58.4 billion", "Operating profit was RMB58.4 billion"),
        ("Operating margin * increased", "Operating margin increased"),
        ("operating profit*: +27% YoY", "operating profit: +27% YoY"),
        ("for the year 2014", "for the year 2014"),
    ],
)
def test_glued_digits_and_asterisks_after_label_words_are_markers(raw, clean):
    assert strip_footnote_markers(raw) == clean


def test_footnote_digits_glued_to_label_words_do_not_hide_the_lines() -> None:
    t = table(parse_case("glued_note_digits_fy2014.txt"))
    assert t[(T, "eps_basic", "total", "ifrs", "value", "2014")] == (2.579, "CNY_per_share", "eq")
    assert t[(T, "eps_diluted", "total", "ifrs", "value", "2014")] == (2.545, "CNY_per_share", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "value", "2014")] == (24420e6, "CNY", "eq")


def test_asterisk_markers_do_not_hide_the_lines() -> None:
    t = table(parse_case("asterisk_markers_2q2024.txt"))
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", "2024Q2")] == (58.4e9, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", "2024Q2")] == (36.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", "2023Q2")] == (31.0, "pct", "eq")


def test_amount_without_scale_takes_its_usd_translation_scale_or_is_held() -> None:
    r = parse_case("unscaled_amount_fy2014.txt")
    t = table(r)
    assert t[(T, "revenue", "total", "na", "value", "2014")] == (78932e6, "CNY", "eq")
    assert not any(f.metric in ("gross_profit", "operating_profit") and f.measure == "value" for f in r.facts)
    assert {"RMB48,059", "RMB30,542"} <= {h.reported_text for h in r.held}


def test_hollow_fragment_drops_only_its_own_sentence() -> None:
    line = "was billion ( ), up 21% YoY. On a non-IFRS basis , leaving out some items:"
    assert drop_hollow_fragments(line) == "On a non-IFRS basis , leaving out some items:"
    t = table(parse_case("hollow_run_on_lead_in_2q2024.txt"))
    assert t[(T, "profit_for_period", "total", "non_ifrs", "value", "2024Q2")] == (58.4e9, "CNY", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "yoy_pct", "2024Q2")] == (51.0, "pct", "eq")


def test_margin_stable_yoy_and_slightly_decreased() -> None:
    r = parse_case("margin_wording_1h2019.txt")
    t = table(r)
    assert t[(T, "operating_profit", "total", "non_ifrs", "margin_pct", "2019H1")] == (32.0, "pct", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "margin_pct", "2019H1")] == (26.0, "pct", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "margin_pct", "2018H1")] == (27.0, "pct", "eq")
    assert (T, "operating_profit", "total", "non_ifrs", "margin_pct", "2018H1") not in t


def test_margin_was_up_from_last_year() -> None:
    t = table(parse_case("margin_up_from_fy2017.txt"))
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", "2017")] == (38.0, "pct", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", "2016")] == (37.0, "pct", "eq")


def test_an_unlabelled_margin_after_a_non_gaap_line_in_its_bullet_stays_held() -> None:
    text = (
        'HONG KONG, Nov 14, 2012 /PRNewswire/ -- Tencent Holdings Limited today announced the unaudited figures.\n'
        "Highlights of the Third Quarter of 2012:\n"
        "- Total revenues were RMB11,565.6 million, up 9.9% QoQ.\n"
        "- Profit for the quarter was RMB3,241.1 million, up 4.2% QoQ. Net margin decreased to 28.0% from 29.5% "
        "last quarter. Non-GAAP profit for the quarter was RMB3,587.1 million, up 5.2% QoQ. Net margin decreased "
        "to 31.0% from 32.4% last quarter.\n"
    )
    t = table(parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND))
    assert t[(T, "profit_for_period", "total", "ifrs", "margin_pct", "2012Q3")] == (28.0, "pct", "eq")
    assert t[(T, "profit_for_period", "total", "ifrs", "margin_pct", "2012Q2")] == (29.5, "pct", "eq")
    assert t[(T, "profit_for_period", "total", "non_ifrs", "value", "2012Q3")] == (3587.1e6, "CNY", "eq")
    assert not any(v == 31.0 or v == 32.4 for v, _, _ in t.values())


def test_first_half_highlights_date_their_lines_as_the_half_with_footnoted_non_gaap_labels() -> None:
    text = (
        'HONG KONG, Aug. 15, 2012 /PRNewswire-Asia/ -- Tencent Holdings Limited today announced the unaudited results '
        "for the second quarter and the first half year of 2012 ended June 30, 2012.\n"
        "Highlights of the First Half of 2012:\n"
        "- Total revenues were RMB20,175.1 million, an increase of 54.3% over the first half of 2011.\n"
        "- Operating profit was RMB7,629.0 million, an increase of 23.6% YoY. Operating margin decreased to 37.8% "
        "from 47.2% for the first half of 2011.\n"
        "- Non-GAAP operating profit(2) was RMB8,289.8 million, an increase of 31.2% YoY.\n"
    )
    t = table(parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND))
    assert t[(T, "revenue", "total", "na", "value", "2012H1")] == (20175.1e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "value", "2012H1")] == (7629.0e6, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "margin_pct", "2011H1")] == (47.2, "pct", "eq")
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", "2012H1")] == (8289.8e6, "CNY", "eq")
    assert not [k for k in t if k[5] in ("2012", "2012Q2")]


def test_a_first_half_margin_base_under_a_quarter_heading_is_not_read() -> None:
    text = (
        'HONG KONG, Aug. 15, 2012 /PRNewswire-Asia/ -- Tencent Holdings Limited today announced the unaudited figures.\n'
        "Highlights of the Second Quarter of 2012:\n"
        "- Total revenues were RMB10,641.2 million, up 12.3% QoQ.\n"
        "- Gross profit was RMB6,204.6 million, up 6.2% QoQ. Gross margin decreased to 58.3% from 63.1% for the "
        "first half of 2011.\n"
    )
    t = table(parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND))
    assert t[(T, "gross_profit", "total", "na", "margin_pct", "2012Q2")] == (58.3, "pct", "eq")
    assert not any(v == 63.1 for v, _, _ in t.values())


def test_a_basis_lead_in_glued_to_its_article_still_switches_the_basis() -> None:
    text = (
        "HONG KONG,Nov. 13,2024 -- Tencent Holdings Limited today announced the unaudited consolidated results.\n"
        "3Q2024 Financial Highlights\n"
        "Total revenues were RMB167.2 billion,up 8% over the third quarter of 2023.\n"
        "On a non-IFRS basis,which is intended to reflect core earnings:\n"
        "Operating profit* was RMB61.3 billion,up 19% YoY.\n"
        "On anIFRS basis:\n"
        "Operating profit* was RMB53.3 billion,up 20% YoY.\n"
    )
    t = table(parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND))
    assert t[(T, "operating_profit", "total", "non_ifrs", "value", "2024Q3")] == (61.3e9, "CNY", "eq")
    assert t[(T, "operating_profit", "total", "ifrs", "value", "2024Q3")] == (53.3e9, "CNY", "eq")


def test_a_label_glued_to_its_period_words_is_still_the_attributable_profit() -> None:
    text = (
        "HONG KONG,Nov. 13,2024 -- Tencent Holdings Limited today announced the unaudited consolidated results.\n"
        "3Q2024 Financial Highlights\n"
        "On a non-IFRS basis,which is intended to reflect core earnings:\n"
        "Profit attributable to equity holders of the Companyfor the quarter was RMB59.8 billion,up 33% YoY.\n"
    )
    t = table(parse_document(text.encode(), DocMeta(content_type="text/plain"), kind=KIND))
    assert t[(T, "profit_attributable", "total", "non_ifrs", "value", "2024Q3")] == (59.8e9, "CNY", "eq")
