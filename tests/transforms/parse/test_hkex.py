"""HKEX results announcements: layouts, damage, decoys, and every snapshot document against the reference."""

from __future__ import annotations

import csv
import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DecoyDocument, DocMeta, ParseError, ParseResult
from transforms.parse import PARSER_MODULES
from transforms.parse.document import load_document
from transforms.parse.hkex import (
    KIND,
    PARSER,
    find_title,
    mend_dropped_character,
    normalise_label,
    stream_key,
)

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases" / "hkex"
SNAPSHOT = ROOT / "sources" / "snapshot" / "hkex"
REFERENCE = ROOT / "tests" / "reference" / "tencent_quarterly.csv"


def _textpdf():
    spec = importlib.util.spec_from_file_location("textpdf", ROOT / "tools" / "textpdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_bytes(data: bytes, meta: DocMeta | None = None) -> ParseResult:
    doc = load_document(data, meta or DocMeta(source="hkex", content_type="text/plain; charset=utf-8"))
    assert PARSER.sniff(doc)
    result = PARSER.parse(doc)
    for fact in result.facts:
        fact.validate()
    return result


def parse_case(name: str) -> ParseResult:
    return parse_bytes((CASES / name).read_bytes())


def facts_by_key(result: ParseResult) -> dict[tuple, object]:
    out = {}
    for f in result.facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        assert key not in out, key
        out[key] = f
    return out


def test_registered_first():
    assert PARSER_MODULES[0] == "transforms.parse.hkex"
    assert PARSER.kind == KIND == "hkex_announcement"


@pytest.mark.parametrize(
    ("text", "quarter", "annual"),
    [
        ("ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024", "2024Q1", False),
        ("ANNOUNCEMENT OF THE RESULTS FOR THE THREE AND SIX MONTHS ENDED\n30 JUNE 2024", "2024Q2", False),
        (
            "Announcement of the Results for the Three and Nine Months Ended 30 September 2023",
            "2023Q3",
            False,
        ),
        ("ANNOUNCEMENT OF THE ANNUAL RESULTS FOR THE YEAR ENDED 31 DECEMBER 2022", "2022Q4", True),
        ("截至二零二四年三月三十一日止三個月業績公佈", "2024Q1", False),
        ("截至二零二一年十二月三十一日止年度全年业绩公布", "2021Q4", True),
        ("截至2025年6月30日止三个月及六个月业绩公布", "2025Q2", False),
    ],
)
def test_title_block(text, quarter, annual):
    title = find_title(text)
    assert title is not None
    assert (title.quarter.label, title.annual) == (quarter, annual)


def test_labels_normalise_across_scripts_and_footnotes():
    assert normalise_label("Non-IFRS1 operating profit") == "non-ifrs operating profit"
    assert normalise_label("本公司權益持有人應佔盈利") == "本公司权益持有人应占盈利"
    assert normalise_label("Profit  attributable to equity holders of the Company:") == (
        "profit attributable to equity holders of the company"
    )


def test_english_single_line_heading_with_nil_dash():
    result = parse_case("en_2q2018_nil.txt")
    facts = facts_by_key(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2018Q2")].value == 73_675_000_000.0
    assert facts[("tencent", "revenue", "total", "na", "value", "2017Q2")].value == 56_606_000_000.0
    assert facts[("tencent", "revenue", "total", "na", "value", "2018Q1")].value == 73_528_000_000.0
    yoy = facts[("tencent", "revenue", "total", "na", "yoy_pct", "2018Q2")]
    assert (yoy.value, yoy.unit, yoy.reported_text) == (30.0, "pct", "30%")
    assert not any(f.measure == "qoq_pct" for f in result.facts)
    assert len(result.facts) == 4 and result.held == []
    assert result.published_at == date(2018, 8, 15)
    assert result.events and result.events[0].kind == "results"


def test_fact_provenance_fields():
    result = parse_case("en_2q2018_nil.txt")
    f = facts_by_key(result)[("tencent", "revenue", "total", "na", "value", "2018Q2")]
    assert f.reported_text == "73,675"
    assert "Revenues 73,675" in f.snippet
    assert f.unit == "CNY" and f.period.type == "quarter"
    assert f.locator.startswith("table=financial_performance_highlights;row=Revenues;")
    assert f.locator.endswith("column=2018Q2")


@pytest.mark.parametrize("form", ["pdf", "text"])
def test_reversed_heading_restated_comparatives_and_eps_dashes(form):
    text = (CASES / "en_1q2024_reversed.txt").read_text(encoding="utf-8")
    if form == "pdf":
        pdf = _textpdf().build_pdf(text.replace("\u2013", "-").splitlines())
        result = parse_bytes(pdf, DocMeta(source="hkex", content_type="application/pdf"))
    else:
        result = parse_bytes(text.encode("utf-8"))
    facts = facts_by_key(result)
    restated = facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2023Q1")]
    assert restated.value == 45_028_000_000.0
    assert restated.reported_text == "45,028*"
    assert restated.locator.endswith(";restated")
    current = facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2024Q1")]
    assert current.value == 58_619_000_000.0 and "restated" not in current.locator
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "yoy_pct", "2024Q1")].value == 30.0
    assert facts[("tencent", "revenue", "total", "na", "value", "2023Q4")].value == 155_196_000_000.0
    basic = facts[("tencent", "eps_basic", "total", "ifrs", "value", "2024Q1")]
    assert (basic.value, basic.unit) == (4.479, "CNY_per_share")
    assert facts[("tencent", "eps_diluted", "total", "ifrs", "value", "2023Q1")].value == 2.639
    assert facts[("tencent", "eps_diluted", "total", "ifrs", "yoy_pct", "2024Q1")].value == 66.0
    assert len(result.facts) == 16 and result.held == []


def test_jumbled_heading_holds_every_value_back():
    result = parse_case("en_1q2024_jumbled.txt")
    assert result.facts == []
    assert len(result.held) == 8
    assert all(h.reason.startswith("column order uncertain") for h in result.held)
    assert {h.reported_text for h in result.held} >= {"159,501", "6%", "77,564"}


def test_annual_announcement_year_table_and_quarter_table():
    result = parse_case("en_fy2022_annual.txt")
    facts = facts_by_key(result)
    fy = facts[("tencent", "revenue", "total", "na", "value", "2022")]
    assert fy.value == 554_552_000_000.0 and fy.period.type == "year"
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2022")].value == -1.0
    assert facts[("tencent", "revenue", "total", "na", "value", "2022Q4")].value == 144_954_000_000.0
    assert facts[("tencent", "revenue", "total", "na", "value", "2021Q4")].value == 144_188_000_000.0
    assert (
        facts[("tencent", "operating_profit", "total", "ifrs", "value", "2022Q3")].value == 51_593_000_000.0
    )
    assert facts[("tencent", "profit_for_period", "total", "ifrs", "yoy_pct", "2022Q4")].value == 12.0
    assert len(result.facts) == 14 and result.held == []


def test_chinese_annual_year_table():
    result = parse_case("zh_fy2022_annual_tc.txt")
    facts = facts_by_key(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2022")].value == 554_552_000_000.0
    assert facts[("tencent", "revenue", "total", "na", "yoy_pct", "2022")].reported_text == "-1%"
    assert len(result.facts) == 2


def test_segment_table_with_quarter_on_quarter_change_and_short_row_held():
    result = parse_case("en_2q2019_segments.txt")
    facts = facts_by_key(result)
    assert facts[("tencent", "revenue", "vas", "na", "value", "2019Q2")].value == 48_080_000_000.0
    assert facts[("tencent", "revenue", "vas", "na", "value", "2019Q1")].value == 48_974_000_000.0
    qoq = facts[("tencent", "revenue", "vas", "na", "qoq_pct", "2019Q2")]
    assert (qoq.value, qoq.reported_text) == (-2.0, "-2%")
    assert len(result.facts) == 3
    assert [h.reported_text for h in result.held] == ["22,888", "21,789"]
    assert all("2 cells for 3 columns" in h.reason for h in result.held)


def test_chinese_html_stacked_heading_and_operating_table():
    markup = """<html><body><h2>截至二零二四年三月三十一日止三個月業績公佈</h2>
    <h3>經營資料</h3><table>
    <tr><td></td><td>於二零二四年</td><td>於二零二三年</td><td></td></tr>
    <tr><td></td><td>三月三十一日</td><td>三月三十一日</td><td>同比變動</td></tr>
    <tr><td></td><td>(百萬計,另有指明者除外)</td></tr>
    <tr><td>微信及WeChat的合併月活躍賬戶數</td><td>1,359</td><td>1,319</td><td>3%</td></tr>
    </table></body></html>"""
    meta = DocMeta(source="hkex", content_type="text/html; charset=utf-8")
    result = parse_bytes(markup.encode("utf-8"), meta)
    facts = facts_by_key(result)
    mau = facts[("weixin", "mau", "total", "na", "value", "2024Q1")]
    assert (mau.value, mau.unit, mau.reported_text) == (1_359_000_000.0, "count", "1,359")
    assert facts[("weixin", "mau", "total", "na", "value", "2023Q1")].value == 1_319_000_000.0
    assert facts[("weixin", "mau", "total", "na", "yoy_pct", "2024Q1")].value == 3.0
    assert mau.locator.startswith("table=operating_information;")


def test_first_column_must_be_the_reporting_quarter():
    text = (CASES / "en_2q2018_nil.txt").read_text()
    text = text.replace("THREE AND SIX MONTHS ENDED 30 JUNE 2018", "THREE MONTHS ENDED 31 MARCH 2018")
    result = parse_bytes(text.encode())
    assert result.facts == []
    assert all("reporting period" in h.reason for h in result.held)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("decoy_dividend.txt", "dividend announcement"), ("decoy_board_meeting.txt", "date of board meeting")],
)
def test_decoys_raise_with_the_reason(name, reason):
    doc = load_document((CASES / name).read_bytes(), DocMeta(source="hkex", content_type="text/plain"))
    assert PARSER.sniff(doc)
    with pytest.raises(DecoyDocument, match=reason):
        PARSER.parse(doc)


def test_press_release_is_not_sniffed():
    doc = load_document(
        (CASES / "not_hkex_press_release.txt").read_bytes(), DocMeta(content_type="text/plain")
    )
    assert not PARSER.sniff(doc)
    with pytest.raises(ParseError):
        PARSER.parse(doc)


def test_title_without_tables_is_a_parse_error():
    data = b"TENCENT HOLDINGS LIMITED\nANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024\n"
    doc = load_document(data, DocMeta(content_type="text/plain"))
    with pytest.raises(ParseError, match="without a table"):
        PARSER.parse(doc)


# Snapshot documents against the reference ---------------------------------------------------

REF_SCALE = {"RMB_mn": 1e6, "RMB_100mn": 1e8, "RMB_bn": 1e9, "RMB": 1.0, "mn": 1e6}


def _reference() -> dict[tuple[str, str], list[dict[str, str]]]:
    rows: dict[tuple[str, str], list[dict[str, str]]] = {}
    with REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault((row["period"], row["metric"]), []).append(row)
    return rows


def _reference_metric(fact) -> str:
    if fact.entity in ("weixin", "qq"):
        return f"{fact.entity}_mau"
    if fact.metric == "revenue":
        return "total_revenue" if fact.segment == "total" else f"{fact.segment}_revenue"
    if fact.basis == "na":
        return fact.metric
    name = f"{fact.metric}_{fact.basis}"
    return f"{name}_restated" if fact.locator.endswith(";restated") else name


def _half_unit(text: str) -> float:
    return 0.5 * 10.0 ** -(len(text.split(".", 1)[1]) if "." in text else 0)


def _matches(fact, row: dict[str, str]) -> bool:
    if fact.measure == "value":
        scale = REF_SCALE.get(row["unit"])
        if scale is None:
            return False
        fact_scale = 1.0 if fact.unit == "CNY_per_share" else 1e6
        tolerance = max(
            _half_unit(row["value"]) * scale, _half_unit(fact.reported_text.rstrip("*")) * fact_scale
        )
        return abs(float(row["value"]) * scale - fact.value) <= tolerance + 1e-9
    if fact.measure == "yoy_pct" and row["yoy_pct"]:
        return abs(float(row["yoy_pct"]) - fact.value) <= _half_unit(row["yoy_pct"])
    return False


INDEX = json.loads((SNAPSHOT / "index.json").read_text(encoding="utf-8"))


def test_snapshot_index_entries():
    assert len(INDEX) >= 12
    for entry in INDEX:
        assert (SNAPSHOT / entry["file"]).is_file()
        assert entry["source"] == "hkex"
        date.fromisoformat(entry["published_at"])
        # url: a checked public page stating the figures, or empty (tests/sources/test_sources_snapshot.py)
        assert entry["url"] == "" or entry["url"].startswith(("https://", "http://"))
        if entry["content_type"] == "application/pdf":
            assert (ROOT / "tools" / "pdf_sources" / entry["file"].replace(".pdf", ".txt")).is_file()


@pytest.mark.parametrize("entry", INDEX, ids=[e["file"] for e in INDEX])
def test_snapshot_document_matches_reference(entry):
    reference = _reference()
    meta = DocMeta(
        url=entry["url"],
        source=entry["source"],
        title=entry["title"],
        published_at=date.fromisoformat(entry["published_at"]),
        content_type=entry["content_type"],
    )
    result = parse_bytes((SNAPSHOT / entry["file"]).read_bytes(), meta)
    assert result.held == []
    assert len(result.facts) >= 11
    release = reference[(find_title(result.title).quarter.label, "release_date")][0]["value"]
    assert entry["published_at"] == release
    for fact in result.facts:
        rows = reference.get((fact.period.label, _reference_metric(fact)), [])
        assert rows, f"no reference row for {fact.period.label} {_reference_metric(fact)}"
        graded = [r for r in rows if r["confidence"] in ("A", "B")]
        assert any(_matches(fact, r) for r in graded), (
            fact.period.label,
            _reference_metric(fact),
            fact.measure,
            fact.value,
        )


def test_english_operating_table_one_decimal_changes():
    result = parse_case("en_1q2018_operating.txt")
    facts = facts_by_key(result)
    assert facts[("weixin", "mau", "total", "na", "value", "2018Q1")].value == 1_040_000_000.0
    assert facts[("weixin", "mau", "total", "na", "yoy_pct", "2018Q1")].value == 10.9
    qq = facts[("qq", "mau", "total", "na", "value", "2018Q1")]
    assert (qq.value, qq.unit) == (805_000_000.0, "count")
    assert facts[("qq", "mau", "total", "na", "yoy_pct", "2018Q1")].value == -6.4
    assert len(result.facts) == 4 and result.held == []


@pytest.mark.parametrize(
    "label",
    ["Fee-based VAS registered subscriptions", "Fee-based VAS subscriptions", "收費增值服務註冊賬戶數"],
)
def test_subscription_rows_map_to_vas_subscriptions(label):
    from transforms.parse.hkex import _operating_key

    key = _operating_key(label)
    assert key is not None and (key.entity, key.metric, key.segment, key.unit) == (
        "tencent",
        "subscriptions",
        "vas",
        "count",
    )


def test_segment_rows_under_a_cost_caption_are_not_revenue():
    text = (CASES / "en_2q2019_segments.txt").read_text(encoding="utf-8")
    result = parse_bytes(text.replace("Revenues by segment", "Cost of revenues by segment").encode())
    assert result.facts == []


def test_article_and_listing_are_not_sniffed():
    data = (CASES / "article_mentions_dividend.txt").read_bytes()
    doc = load_document(
        data, DocMeta(url="https://36kr.com/p/1", source="article", content_type="text/plain")
    )
    assert not PARSER.sniff(doc)
    listing = json.dumps(
        {
            "result": json.dumps(
                [{"TITLE": "ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024"}]
            )
        }
    ).encode()
    meta = DocMeta(
        url="https://www1.hkexnews.hk/search/titleSearchServlet.do?stockId=7609",
        source="listing",
        content_type="application/json",
    )
    assert not PARSER.sniff(load_document(listing, meta))


def test_chinese_span_read_from_the_caption_above_the_heading():
    result = parse_case("zh_2q2025_caption_span_tc.txt")
    facts = facts_by_key(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2025Q2")].value == 184_504_000_000.0
    assert facts[("tencent", "revenue", "total", "na", "value", "2025Q1")].value == 180_022_000_000.0
    assert (
        facts[("tencent", "profit_attributable", "total", "ifrs", "value", "2024Q2")].value
        == 47_630_000_000.0
    )
    assert facts[("tencent", "profit_attributable", "total", "ifrs", "yoy_pct", "2025Q2")].value == 17.0
    assert len(result.facts) == 8 and result.held == []


def test_html_cells_with_line_breaks_inside_stay_one_cell():
    markup = """<html><body><p>截至二零二四年三月三十一日止三個月業績公佈</p><p>財務表現摘要</p>
    <table>
    <tr><td></td><td>未經審核<br/>截至下列日期止三個月</td></tr>
    <tr><td></td><td>二零二四年<br/>三月三十一日</td><td>二零二三年<br/>三月三十一日</td>
        <td>同比<br/>變動</td><td>二零二三年<br/>十二月三十一日</td></tr>
    <tr><td></td><td>(人民幣百萬元,另有指明者除外)</td></tr>
    <tr><td><p>毛利</p></td><td>83,870</td><td>68,182</td><td>23%</td><td>77,564</td></tr>
    </table></body></html>"""
    result = parse_bytes(
        markup.encode("utf-8"), DocMeta(source="hkex", content_type="text/html; charset=utf-8")
    )
    facts = facts_by_key(result)
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2024Q1")].value == 83_870_000_000.0
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2023Q4")].value == 77_564_000_000.0
    assert facts[("tencent", "gross_profit", "total", "na", "yoy_pct", "2024Q1")].value == 23.0
    assert len(result.facts) == 4


@pytest.mark.parametrize(
    ("label", "metric", "basis"),
    [
        ("Revenues", "revenue", "na"),
        ("Profit for the year", "profit_for_period", "ifrs"),
        ("Non-GAAP profit attributable to equity holders of the Company", "profit_attributable", "non_ifrs"),
        ("Non-IFRS (Non-GAAP) operating profit", "operating_profit", "non_ifrs"),
        ("非國際財務報告準則經營盈利", "operating_profit", "non_ifrs"),
        ("期內盈利", "profit_for_period", "ifrs"),
        ("EPS (RMB per share) - basic", "eps_basic", "ifrs"),
        ("Non-IFRS diluted EPS", "eps_diluted", "non_ifrs"),
        ("Gross margin", None, None),
    ],
)
def test_financial_row_labels(label, metric, basis):
    from transforms.parse.hkex import _financial_key

    key, _ = _financial_key(label, None)
    if metric is None:
        assert key is None
    else:
        assert (key.metric, key.basis) == (metric, basis)


def test_segment_labels_need_a_revenue_caption():
    from transforms.parse.hkex import _financial_key

    assert _financial_key("Online Advertising", None)[0] is None
    key, _ = _financial_key("網絡廣告", None, segments=True)
    assert (key.metric, key.segment) == ("revenue", "marketing_services")


def test_income_statement_attributable_rows_and_cost_of_revenues_held():
    result = parse_case("en_4q2020_statements.txt")
    facts = facts_by_key(result)
    statement = {k: f for k, f in facts.items() if f.locator.startswith("table=income_statement")}
    assert facts[("tencent", "revenue", "total", "na", "value", "2019Q4")].value == 105_767_000_000.0
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2020Q4")].value == 58_881_000_000.0
    attributable = facts[("tencent", "profit_attributable", "total", "ifrs", "value", "2020Q4")]
    assert (attributable.value, attributable.reported_text) == (59_302_000_000.0, "59,302")
    assert "row=Equity holders of the Company" in attributable.locator
    assert facts[("tencent", "eps_diluted", "total", "ifrs", "value", "2019Q4")].value == 2.248
    assert len(statement) == 14
    assert not any(f.value in (67e6, 790e6) for f in result.facts)
    costs = [h for h in result.held if "row=Cost of revenues" in h.locator]
    assert [h.reported_text for h in costs] == ["(74,788)", "(59,659)"]
    assert {h.reason for h in costs} == {"cost of revenues has no vocabulary metric"}


def test_reconciliation_reads_reported_and_non_ifrs_columns_and_holds_adjustments():
    result = parse_case("en_4q2020_statements.txt")
    facts = facts_by_key(result)
    non_ifrs = facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2020Q4")]
    assert (non_ifrs.value, non_ifrs.reported_text) == (38_084_000_000.0, "38,084")
    assert non_ifrs.locator.startswith("table=non_ifrs_reconciliation;row=Operating profit")
    assert non_ifrs.reported_text in non_ifrs.snippet
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2020Q4")].value == 33_207e6
    adjustments = [h for h in result.held if h.reason == "adjustment column outside the vocabulary"]
    assert [h.reported_text for h in adjustments] == ["(25,629)", "(26,095)"]
    assert len(result.held) == 4


def test_reconciliation_with_unclear_period_or_column_order_is_held():
    result = parse_case("en_recon_uncertain.txt")
    assert result.facts == []
    reasons = [h.reason for h in result.held]
    assert len(reasons) == 6
    assert reasons[0].endswith("reconciliation caption names 2 dates")
    assert reasons[2].endswith("ends after the reporting period")
    assert reasons[4].startswith("column order uncertain")


def _snapshot_result(name: str) -> ParseResult:
    entry = next(e for e in INDEX if e["file"] == name)
    meta = DocMeta(
        url=entry["url"],
        source="hkex",
        title=entry["title"],
        published_at=date.fromisoformat(entry["published_at"]),
        content_type=entry["content_type"],
    )
    return parse_bytes((SNAPSHOT / name).read_bytes(), meta)


def test_snapshot_history_statements_reach_their_own_periods():
    facts = facts_by_key(_snapshot_result("hkex_2021Q4_results_en.pdf"))
    pfp = facts[("tencent", "profit_for_period", "total", "non_ifrs", "value", "2021Q4")]
    assert pfp.value == 25_758e6 and "non_ifrs_reconciliation" in pfp.locator
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2021Q3")].value == 53_137e6
    assert facts[("weixin", "mau", "total", "na", "yoy_pct", "2021Q4")].value == 3.5
    older = facts_by_key(_snapshot_result("hkex_2020Q4_results_en.pdf"))
    assert older[("tencent", "profit_for_period", "total", "non_ifrs", "value", "2019Q4")].value == 26_639e6
    assert older[("tencent", "eps_basic", "total", "ifrs", "value", "2020Q4")].reported_text == "6.240"
    gaap = facts_by_key(_snapshot_result("hkex_2018Q1_results_tc.html"))
    assert gaap[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2018Q1")].value == 18_313e6
    assert gaap[("qq", "mau", "total", "na", "yoy_pct", "2018Q1")].value == -6.4


def test_chinese_reconciliation_columns_in_html():
    meta = DocMeta(source="hkex", content_type="text/html; charset=utf-8")
    result = parse_bytes((CASES / "zh_4q2021_reconciliation_tc.html").read_bytes(), meta)
    facts = facts_by_key(result)
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2021Q4")].value == 109_723e6
    assert facts[("tencent", "operating_profit", "total", "non_ifrs", "value", "2021Q4")].value == 33_151e6
    assert facts[("tencent", "profit_for_period", "total", "non_ifrs", "value", "2021Q4")].value == 25_758e6
    attributable = facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2021Q4")]
    assert (attributable.value, attributable.reported_text) == (24_880e6, "24,880")
    assert len(result.facts) == 6
    assert [h.reported_text for h in result.held] == ["(76,572)", "(69,947)", "(70,078)"]


def test_prose_naming_reported_and_non_gaap_does_not_make_a_reconciliation():
    facts = facts_by_key(parse_case("en_prose_mentions_reported_non_ifrs.txt"))
    assert facts[("tencent", "operating_profit", "total", "ifrs", "value", "2018Q1")].value == 30_692e6
    assert facts[("tencent", "operating_profit", "total", "ifrs", "yoy_pct", "2018Q2")].value == -3.0
    assert not any(k[3] == "non_ifrs" for k in facts)
    assert len(facts) == 6


def test_chinese_income_statement_with_attributable_lead_and_cost_held():
    meta = DocMeta(source="hkex", content_type="text/html; charset=utf-8")
    result = parse_bytes((CASES / "zh_4q2021_income_statement_tc.html").read_bytes(), meta)
    facts = facts_by_key(result)
    assert facts[("tencent", "revenue", "total", "na", "value", "2020Q4")].value == 133_669e6
    attributable = facts[("tencent", "profit_attributable", "total", "ifrs", "value", "2021Q4")]
    assert (attributable.value, attributable.reported_text) == (94_958e6, "94,958")
    assert attributable.locator.startswith("table=income_statement;row=本公司權益持有人")
    assert facts[("tencent", "eps_basic", "total", "ifrs", "value", "2020Q4")].value == 6.24
    assert len(result.facts) == 14
    assert [(h.reported_text, h.reason) for h in result.held] == [
        ("(86,371)", "cost of revenues has no vocabulary metric"),
        ("(74,788)", "cost of revenues has no vocabulary metric"),
    ]


def test_a_row_label_that_runs_into_an_eps_group_heading_keeps_its_cells():
    facts = facts_by_key(parse_case("stream_label_before_group_2023q3_tc.txt"))
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "value", "2023Q3")].value == 44_921e6
    assert facts[("tencent", "profit_attributable", "total", "non_ifrs", "qoq_pct", "2023Q3")].value == 20
    assert facts[("tencent", "eps_diluted", "total", "non_ifrs", "value", "2022Q3")].value == 3.306
    assert facts[("tencent", "eps_basic", "total", "non_ifrs", "value", "2023Q2")].value == 3.962
    assert facts[("tencent", "operating_profit", "total", "ifrs", "yoy_pct", "2023Q3")].value == -6
    assert len(facts) == 20


@pytest.mark.parametrize(
    ("label", "metric", "group"),
    [
        ("非國際財務報告準則本公司 權益持有人應佔盈利 非國際財務報告準則每股盈利 (每股人民幣元)", "profit_attributable", "non_ifrs"),
        ("Non-IFRS profit attributable to equity holders of the Company Non-IFRS EPS (RMB per share)",
         "profit_attributable", "non_ifrs"),
        ("期内盈利 每股盈利(每股人民币元)", "profit_for_period", "ifrs"),
    ],
)
def test_stream_key_reads_a_row_label_followed_by_a_group_heading(label, metric, group):
    key, next_group = stream_key(label, None, "CNY")
    assert key is not None and (key.metric, key.unit) == (metric, "CNY")
    assert next_group == group


def test_a_group_heading_alone_or_after_an_unknown_label_gives_no_row():
    assert stream_key("非国际财务报告准则每股盈利(每股人民币元)", None, "CNY") == (None, "non_ifrs")
    assert stream_key("其他收益 每股盈利(每股人民币元)", None, "CNY") == (None, None)
    assert stream_key("基本 每股盈利", "ifrs", "CNY") == (None, None)


def test_a_table_with_dropped_characters_in_its_dates_and_labels_is_read():
    facts = facts_by_key(parse_case("stream_dropped_characters_2024q2_tc.txt"))
    assert facts[("tencent", "gross_profit", "total", "na", "value", "2023Q2")].value == 70_000e6
    assert facts[("tencent", "gross_profit", "total", "na", "qoq_pct", "2024Q2")].value == 1
    assert facts[("tencent", "profit_attributable", "total", "ifrs", "value", "2024Q1")].value == 41_889e6
    assert facts[("tencent", "eps_basic", "total", "ifrs", "yoy_pct", "2024Q2")].value == 82
    assert facts[("tencent", "eps_diluted", "total", "ifrs", "value", "2023Q2")].value == 2.75
    assert not any(k[1] == "profit_for_period" for k in facts)  # `內盈利` fits two known labels
    assert len(facts) == 20


@pytest.mark.parametrize(
    ("label", "mended"),
    [
        ("每股盈(每股人民币元)-基本", "每股盈利(每股人民币元)-基本"),
        ("本公权益持有人应占盈利", "本公司权益持有人应占盈利"),
        ("经营盈", "经营盈利"),
    ],
)
def test_a_label_one_character_short_of_one_known_label_is_that_label(label, mended):
    assert mend_dropped_character(label) == mended


@pytest.mark.parametrize("label", ["内盈利", "本公权益持有应占盈利", "每股盈余", "收入", "gross profi", "其他盈利"])
def test_a_label_short_of_several_labels_or_of_none_stays_as_written(label):
    assert mend_dropped_character(label) == label
