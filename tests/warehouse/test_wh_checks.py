"""Quality checks: schema, keys, periods, snippets, segment sums, stated growth, conflicts."""

from __future__ import annotations

from datetime import date

import pandas as pd
from wh_rows import NOW, document_row, fact, frame

from warehouse.checks import (
    check_periods,
    check_segment_sums,
    check_stated_growth,
    has_errors,
    run_checks,
)
from warehouse.latest import build_facts_latest
from warehouse.schemas import schema


def _seg(
    segment: str, value: float, text: str, period: str = "2023Q3", doc: str = "news-3q2023", **kw
) -> dict:
    return fact(segment=segment, value=value, reported_text=text, period=period, doc=doc, **kw)


def _q3_2023(others: float = 11.1e8, others_text: str = "11.1亿元") -> list[dict]:
    return [
        _seg("total", 154_625e6, "154,625", doc="hkex-3q2024", published="2024-11-13"),
        _seg("vas", 757e8, "757亿元"),
        _seg("marketing_services", 257.2e8, "257.2亿元"),
        _seg("fintech_business_services", 520.5e8, "520.5亿元"),
        _seg("others", others, others_text),
        _seg("domestic_games", 327e8, "327亿元"),
        _seg("international_games", 133e8, "133亿元"),
        _seg("social_networks", 297e8, "297亿元"),
    ]


def _by_check(checks: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    return {(r["check"], r["table"]): r for _, r in checks.iterrows()}


def test_segment_sums_within_rounding_pass() -> None:
    out = check_segment_sums(build_facts_latest(frame(_q3_2023())))
    assert out.failing == 0
    assert out.details.startswith("2 segment sums agree")


def test_segment_sum_off_by_a_scale_names_the_documents() -> None:
    out = check_segment_sums(build_facts_latest(frame(_q3_2023(others=111e8, others_text="111亿元"))))
    assert out.failing == 1
    assert "2023Q3 revenue" in out.details
    assert "(total)" in out.details and "/others)" in out.details
    from wh_rows import doc_id

    assert doc_id("hkex-3q2024")[:12] in out.details


def test_incomplete_segmentation_is_not_checked() -> None:
    rows = [r for r in _q3_2023() if r["segment"] != "others"]
    out = check_segment_sums(build_facts_latest(frame(rows)))
    assert out.failing == 0 and out.details.startswith("1 segment sums")


def _ms(period: str, value: float, text: str, doc: str, published: str, measure: str = "value") -> dict:
    return fact(
        segment="marketing_services",
        period=period,
        value=value,
        reported_text=text,
        doc=doc,
        published=published,
        measure=measure,
        source="article",
    )


def test_stated_yoy_agrees_with_levels() -> None:
    rows = [
        _ms("2021Q4", 215e8, "215亿元", "q4-2021", "2022-03-23"),
        _ms("2022Q4", 247e8, "247亿元", "q4-2022-a", "2023-03-22"),
        _ms("2022Q4", 15.0, "15%", "q4-2022-a", "2023-03-22", measure="yoy_pct"),
    ]
    out = check_stated_growth(build_facts_latest(frame(rows)))
    assert out.failing == 0 and out.details.startswith("1 stated")


def test_stated_yoy_beyond_rounding_names_both_documents() -> None:
    rows = [
        _ms("2021Q4", 215e8, "215亿元", "q4-2021", "2022-03-23"),
        _ms("2022Q4", 246.6e8, "246.6亿元", "q4-2022-b", "2023-03-22"),
        _ms("2022Q4", 17.0, "17%", "q4-2022-b", "2023-03-22", measure="yoy_pct"),
    ]
    out = check_stated_growth(build_facts_latest(frame(rows)))
    assert out.failing == 1
    from wh_rows import doc_id

    assert doc_id("q4-2021")[:12] in out.details and doc_id("q4-2022-b")[:12] in out.details
    assert "14.70 computed" in out.details


def test_bounded_growth_in_words() -> None:
    base = {"metric": "profit_attributable", "basis": "ifrs"}
    levels = [
        fact(period="2023Q1", value=25_838e6, reported_text="25,838", doc="hkex-1q2024", **base),
        fact(period="2024Q1", value=41_889e6, reported_text="41,889", doc="hkex-1q2024", **base),
    ]

    def stated(text: str, value: float, qualifier: str) -> dict:
        return fact(
            period="2024Q1",
            value=value,
            reported_text=text,
            qualifier=qualifier,
            measure="yoy_pct",
            doc="hkex-1q2024",
            **base,
        )

    for text, value, qualifier, failing in [
        ("62%", 62.0, "eq", 0),
        ("超30%", 30.0, "gt", 0),
        ("more than doubled", 100.0, "gt", 1),
    ]:
        rows = [*levels, stated(text, value, qualifier)]
        assert check_stated_growth(build_facts_latest(frame(rows))).failing == failing, text


def test_period_labels_must_match_spans() -> None:
    good = fact(value=1.0, reported_text="1")
    bad = dict(good, period_end=date(2024, 4, 30))
    wrong_type = dict(good, period_type="half")
    out = check_periods(frame([good, bad, wrong_type]))
    assert out.failing == 2
    assert "2024Q1 ends 2024-03-31, not 2024-04-30" in out.details
    assert "2024Q1 is a quarter, not a half" in out.details


def test_run_checks_rows_and_errors() -> None:
    facts = frame(_q3_2023())
    tables = {
        "documents": pd.DataFrame([document_row(n) for n in ("hkex-3q2024", "news-3q2023")]),
        "facts": facts,
        "facts_latest": build_facts_latest(facts),
    }
    checks = run_checks(tables, "r1", NOW)
    assert list(checks.columns) == schema("quality_checks").names
    assert set(checks["run_id"]) == {"r1"}
    assert not has_errors(checks), checks[checks.status == "fail"].to_dict("records")
    got = _by_check(checks)
    for key in [
        ("schema", "facts"),
        ("fact_id_unique", "facts"),
        ("natural_key_unique", "facts_latest"),
        ("period_sanity", "facts"),
        ("snippet_contains_reported_text", "facts"),
        ("segment_sum", "facts_latest"),
        ("stated_yoy_vs_levels", "facts_latest"),
        ("conflicts", "facts_latest"),
        ("doc_id_unique", "documents"),
    ]:
        assert got[key]["status"] == "pass", key
    assert got[("segment_sum", "facts_latest")]["severity"] == "warn"
    assert got[("schema", "facts")]["severity"] == "error"
    assert str(checks["checked_at"].dtype) == "datetime64[us, UTC]"


def test_errors_block_and_warnings_do_not() -> None:
    rows = _q3_2023()
    rows[1] = dict(rows[1], snippet="a snippet without the figure")
    rows.append(dict(rows[2]))
    facts = frame(rows)
    latest = build_facts_latest(facts)
    dup_latest = pd.concat([latest, latest.iloc[:1]], ignore_index=True)
    checks = run_checks({"facts": facts, "facts_latest": dup_latest}, "r2", NOW)
    got = _by_check(checks)
    assert got[("snippet_contains_reported_text", "facts")]["status"] == "fail"
    assert got[("fact_id_unique", "facts")]["failing_rows"] == 2
    assert got[("natural_key_unique", "facts_latest")]["status"] == "fail"
    assert has_errors(checks)
    warn_only = run_checks({"facts_latest": build_facts_latest(frame(_q3_2023(111e8, "111亿元")))}, "r3", NOW)
    assert _by_check(warn_only)[("segment_sum", "facts_latest")]["status"] == "fail"
    assert not has_errors(warn_only)


def test_schema_drift_is_an_error_row_not_an_exception() -> None:
    bad = frame([fact(value=1.0, reported_text="1", entity="alibaba")])
    checks = run_checks({"facts": bad}, "r4", NOW)
    row = _by_check(checks)[("schema", "facts")]
    assert row["status"] == "fail" and "entity fails vocabulary" in row["details"]
    assert has_errors(checks)


def test_conflicts_are_warned() -> None:
    rows = [
        fact(metric="mau", entity="weixin", value=1359e6, reported_text="1,359", unit="count", doc="hkex"),
        fact(
            metric="mau",
            entity="weixin",
            value=1450e6,
            reported_text="14.5亿",
            unit="count",
            doc="x",
            source="article",
        ),
    ]
    checks = run_checks({"facts_latest": build_facts_latest(frame(rows))}, "r5", NOW)
    row = _by_check(checks)[("conflicts", "facts_latest")]
    assert row["status"] == "fail" and row["severity"] == "warn" and "weixin/mau" in row["details"]


def test_empty_tables_pass() -> None:
    checks = run_checks(
        {"facts": pd.DataFrame(), "facts_latest": build_facts_latest(pd.DataFrame())}, "r6", NOW
    )
    assert not has_errors(checks)
    assert not has_errors(pd.DataFrame(columns=["severity", "status"]))


def _opif(period: str, value: float, text: str, doc: str, published: str, measure: str = "value") -> dict:
    return fact(
        metric="operating_profit",
        basis="ifrs",
        period=period,
        value=value,
        reported_text=text,
        doc=doc,
        published=published,
        measure=measure,
    )


def test_stated_growth_uses_the_levels_known_when_it_was_stated() -> None:
    rows = [
        _opif("2022Q2", 30.067e9, "RMB30.067 billion", "q2-2022", "2022-08-17"),
        _opif("2023Q2", 40_300e6, "40,300", "q2-2023", "2023-08-16"),
        _opif("2023Q2", 34.0, "34%", "q2-2023", "2023-08-16", measure="yoy_pct"),
        _opif("2023Q2", 36_283e6, "36,283*", "q2-2024", "2024-08-14"),
        _opif("2024Q2", 50_732e6, "50,732", "q2-2024", "2024-08-14"),
        _opif("2024Q2", 40.0, "40%", "q2-2024", "2024-08-14", measure="yoy_pct"),
    ]
    facts = frame(rows)
    latest = build_facts_latest(facts)
    assert check_stated_growth(latest, "yoy_pct", facts).failing == 0
    without_history = check_stated_growth(latest, "yoy_pct")
    assert without_history.failing == 1 and "2023Q2" in without_history.details
    checks = run_checks({"facts": facts, "facts_latest": latest}, "r7", NOW)
    assert _by_check(checks)[("stated_yoy_vs_levels", "facts_latest")]["status"] == "pass"


def test_a_results_quarter_without_total_revenue_is_named() -> None:
    from warehouse.checks import check_quarter_coverage

    quarters = ["2023Q3", "2023Q4", "2024Q2", "2024Q3"]  # 2024Q1 has no total revenue
    rows = [fact(period=q, value=150e9 + i, reported_text=f"{150_000 + i}", doc=f"results-{q}")
            for i, q in enumerate(quarters)]
    rows.append(fact(period="2024Q1", segment="vas", value=78e9, reported_text="78,000", doc="results-2024Q1"))
    # An entity only articles speak of is not expected to have every quarter.
    rows += [fact(entity="kuaishou", period=q, value=30e9, reported_text="300亿元", source="article", doc=f"news-{q}")
             for q in ("2023Q1", "2024Q4")]
    outcome = check_quarter_coverage(build_facts_latest(frame(rows)))
    assert (outcome.failing, outcome.details) == (1, "no total revenue for tencent 2024Q1")
    rows.append(fact(period="2024Q1", value=159e9, reported_text="159,000", doc="results-2024Q1"))
    outcome = check_quarter_coverage(build_facts_latest(frame(rows)))
    assert outcome.failing == 0 and outcome.details == "every quarter has total revenue: tencent 2023Q3-2024Q3"


def test_the_coverage_check_is_a_warning_of_every_run() -> None:
    rows = [fact(period=q, value=150e9, reported_text="150,000", doc=f"results-{q}") for q in ("2023Q4", "2024Q2")]
    facts = frame(rows)
    checks = run_checks({"facts": facts, "facts_latest": build_facts_latest(facts)}, "r1", NOW)
    row = _by_check(checks)[("results_quarters_covered", "facts_latest")]
    assert (row["severity"], row["status"], row["failing_rows"]) == ("warn", "fail", 1)
    assert "2024Q1" in row["details"] and not has_errors(checks)
