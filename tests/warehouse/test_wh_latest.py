"""facts_latest: latest published value, precision among same-day documents, restatements, conflicts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wh_rows import doc_id, fact, frame

from transforms.normalise.numbers import printed_tolerance
from warehouse.latest import Figure, build_facts_latest, disagree


@pytest.mark.parametrize(
    ("text", "value", "tolerance"),
    [
        ("RMB26,506 million", 26_506e6, 0.5e6),
        ("RMB140.1 billion", 140.1e9, 0.05e9),
        ("1,401億元", 1401e8, 0.5e8),
        ("4.9万亿元", 4.9e12, 0.05e12),
        ("257.2亿", 257.2e8, 0.05e8),
        ("1,359", 1359e6, 0.5e6),
        ("1,359", 1359.0, 0.5),
        ("26%", 26.0, 0.5),
        ("3.431", 3.431, 0.0005),
        ("-5.8%", -5.8, 0.05),
        ("RMB140 .1 billion", 140.1e9, 0.05e9),
        ("２０２４年一季度营收1,595亿元", 1595e8, 0.5e8),
        ("more than doubled", 100.0, 0.0),
    ],
)
def test_printed_tolerance(text: str, value: float, tolerance: float) -> None:
    assert printed_tolerance(text, value) == pytest.approx(tolerance, rel=1e-9)


def _op(value: float, text: str, doc: str, published: str, **kw) -> dict:
    return fact(
        metric="operating_profit",
        basis="ifrs",
        period="2023Q1",
        value=value,
        reported_text=text,
        doc=doc,
        published=published,
        **kw,
    )


def _op_2023q1_restated() -> list[dict]:
    """Q1 2023 operating profit as first published (亿元) and as restated a year later (millions)."""
    return [
        _op(404e8, "404亿元", "pr-1q2023", "2023-05-17", source="tencent_ir"),
        _op(38_042e6, "38,042", "hkex-1q2024", "2024-05-14"),
    ]


def test_restatement_with_reference_values() -> None:
    rows = _op_2023q1_restated()
    latest = build_facts_latest(frame(rows))
    assert len(latest) == 1
    row = latest.iloc[0]
    assert row["value"] == 38_042e6
    assert bool(row["restated"]) is True
    assert row["first_published_at"] == date(2023, 5, 17)
    assert row["published_at"] == date(2024, 5, 14)
    assert row["doc_id"] == doc_id("hkex-1q2024")
    assert int(row["n_sources"]) == 2
    assert bool(row["conflict"]) is False


def _revenue_2022q3_same_day() -> list[dict]:
    """Q3 2022 revenue published the same day in 億元 (release), in millions (HKEX) and in billions (PR)."""
    return [
        fact(
            value=1401e8,
            reported_text="1,401億元",
            period="2022Q3",
            published="2022-11-16",
            doc="release-zh",
            source="tencent_ir",
        ),
        fact(value=140_093e6, reported_text="140,093", period="2022Q3", published="2022-11-16", doc="hkex"),
        fact(
            value=140.1e9,
            reported_text="RMB140.1 billion",
            period="2022Q3",
            published="2022-11-16",
            doc="release-en",
            source="prnewswire",
        ),
    ]


def test_same_day_precision_wins_without_restatement() -> None:
    rows = _revenue_2022q3_same_day()
    latest = build_facts_latest(frame(rows))
    row = latest.iloc[0]
    assert row["value"] == 140_093e6
    assert row["doc_id"] == doc_id("hkex")
    assert not row["restated"]
    assert not row["conflict"]
    assert int(row["n_sources"]) == 3


def test_yi_beats_one_decimal_billion_at_equal_rounding() -> None:
    rows = [
        fact(
            value=140.1e9,
            reported_text="RMB140.1 billion",
            period="2022Q3",
            published="2022-11-16",
            doc="a-release-en",
            source="prnewswire",
        ),
        fact(
            value=1401e8,
            reported_text="1,401億元",
            period="2022Q3",
            published="2022-11-16",
            doc="z-release-zh",
            source="tencent_ir",
        ),
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert row["reported_text"] == "1,401億元"


def test_within_rounding_is_not_a_restatement() -> None:
    rows = [
        fact(
            value=215e8,
            reported_text="215亿元",
            doc="news-3q2022",
            published="2022-11-16",
            period="2022Q3",
            segment="marketing_services",
            source="article",
        ),
        fact(
            value=214e8,
            reported_text="214亿元",
            doc="news-3q2023",
            published="2023-11-15",
            period="2022Q3",
            segment="marketing_services",
            source="article",
        ),
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert row["value"] == 214e8
    assert not row["restated"]


def test_same_day_disagreement_is_a_conflict() -> None:
    rows = [
        fact(metric="mau", entity="weixin", value=1359e6, reported_text="1,359", unit="count", doc="hkex"),
        fact(
            metric="mau",
            entity="weixin",
            value=1450e6,
            reported_text="14.5亿",
            unit="count",
            doc="analyst",
            source="article",
        ),
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert bool(row["conflict"]) is True
    assert row["value"] == 1359e6
    assert not row["restated"]


def test_later_rounded_copy_keeps_the_precise_figure() -> None:
    rows = [
        fact(value=159_501e6, reported_text="159,501", doc="hkex", published="2024-05-14"),
        fact(value=1595e8, reported_text="1,595亿元", doc="news", published="2024-06-02", source="article"),
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert row["value"] == 159_501e6
    assert not row["restated"]
    assert row["first_published_at"] == date(2024, 5, 14)


def test_bounds_compare_by_qualifier() -> None:
    yoy = {"metric": "ad_revenue", "entity": "wechat_channels", "measure": "yoy_pct", "source": "article"}
    bound_then_level = [
        fact(
            value=80.0,
            reported_text="超过80%",
            qualifier="gt",
            doc="a",
            published="2024-08-14",
            period="2024Q2",
            **yoy,
        ),
        fact(value=80.0, reported_text="80%", doc="b", published="2024-09-01", period="2024Q2", **yoy),
    ]
    row = build_facts_latest(frame(bound_then_level)).iloc[0]
    assert not row["restated"] and row["reported_text"] == "80%"
    over_and_nearly = [
        fact(
            value=80.0,
            reported_text="over 80%",
            qualifier="gt",
            doc="a",
            published="2024-08-14",
            period="2024Q2",
            **yoy,
        ),
        fact(
            value=80.0,
            reported_text="nearly 80%",
            qualifier="approx",
            doc="c",
            published="2024-08-14",
            period="2024Q2",
            **yoy,
        ),
    ]
    row = build_facts_latest(frame(over_and_nearly)).iloc[0]
    assert not row["conflict"] and row["qualifier"] == "gt"


def test_disagreement_of_bounds_and_levels() -> None:
    def fig(value: float, tol: float, qualifier: str) -> Figure:
        return Figure(0, value, tol, 1.0, qualifier, False, None, "d", "l")

    doubled = fig(100.0, 0.0, "gt")
    assert disagree(doubled, fig(60.0, 0.5, "eq"))
    assert not disagree(doubled, fig(100.0, 0.5, "eq"))
    assert not disagree(fig(80.0, 0.5, "gt"), fig(80.0, 0.5, "eq"))
    assert not disagree(fig(50.0, 0.5, "approx"), fig(80.0, 0.5, "eq"))
    assert disagree(fig(15.0, 0.5, "eq"), fig(17.0, 0.5, "eq"))
    assert not disagree(fig(404e8, 0.5e8, "eq"), fig(404.3e8, 0.05e8, "eq"))
    assert disagree(fig(404e8, 0.5e8, "eq"), fig(38_042e6, 0.5e6, "eq"))


def test_an_earlier_forecast_is_not_a_restatement() -> None:
    market = {"entity": "china_live_ecommerce", "metric": "gmv", "period": "2020", "source": "article"}
    rows = [
        fact(
            value=9610e8,
            reported_text="9610亿元",
            doc="nielsen",
            published="2020-11-04",
            is_estimate=True,
            **market,
        ),
        fact(value=12881e8, reported_text="12881亿元", doc="report-2021", published="2021-11-16", **market),
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert row["value"] == 12881e8
    assert not row["restated"] and not row["is_estimate"]
    assert row["first_published_at"] == date(2020, 11, 4)
    assert int(row["n_sources"]) == 2


def test_estimates_never_displace_reported_figures() -> None:
    market = {"entity": "china_live_ecommerce", "metric": "gmv", "period": "2020", "source": "article"}
    rows = [
        fact(value=12881e8, reported_text="12881亿元", doc="report-2021", published="2021-11-16", **market),
        fact(
            value=9610e8,
            reported_text="9610亿元",
            doc="nielsen",
            published="2021-12-01",
            is_estimate=True,
            **market,
        ),
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert row["value"] == 12881e8 and not row["restated"]


def test_a_forecast_alone_is_kept_as_an_estimate() -> None:
    rows = [
        fact(
            value=1954e8,
            reported_text="1954亿元",
            period="2025Q4",
            doc="preview",
            published="2026-01-20",
            is_estimate=True,
            source="article",
        )
    ]
    row = build_facts_latest(frame(rows)).iloc[0]
    assert row["is_estimate"] and row["value"] == 1954e8


def test_one_row_per_natural_key_and_stable_order() -> None:
    rows = [
        fact(value=159_501e6, reported_text="159,501", doc="d1"),
        fact(value=6.0, reported_text="6%", measure="yoy_pct", doc="d1"),
        fact(value=26_506e6, reported_text="26,506", segment="marketing_services", doc="d1"),
        fact(value=265e8, reported_text="265亿元", segment="marketing_services", doc="d2"),
    ]
    a = build_facts_latest(frame(rows))
    b = build_facts_latest(frame(list(reversed(rows))))
    assert len(a) == 3
    assert a.equals(b)
    assert list(a.columns)[-4:] == ["restated", "first_published_at", "conflict", "n_sources"]


def test_empty_facts_give_empty_latest() -> None:
    assert build_facts_latest(frame([])).empty


SCALES = [
    ("", 1.0),
    (" million", 1e6),
    (" billion", 1e9),
    ("亿元", 1e8),
    ("億元", 1e8),
    ("万亿元", 1e12),
    ("%", 1.0),
]


@settings(max_examples=200, deadline=None)
@given(
    digits=st.integers(min_value=1, max_value=999_999),
    places=st.integers(min_value=0, max_value=3),
    scale=st.sampled_from(SCALES),
    negative=st.booleans(),
)
def test_printed_tolerance_is_half_the_last_digit(
    digits: int, places: int, scale: tuple[str, float], negative: bool
) -> None:
    word, factor = scale
    number = digits / 10**places
    text = f"{number:,.{places}f}{word}"
    value = float(Decimal(repr(number)) * Decimal(repr(factor))) * (-1 if negative else 1)
    assert printed_tolerance(text, value) == pytest.approx(0.5 * 10.0**-places * factor, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(order=st.permutations(range(4)))
def test_latest_does_not_depend_on_row_order(order: list[int]) -> None:
    rows = [*_op_2023q1_restated(), *_revenue_2022q3_same_day()[:2]]
    expected = build_facts_latest(frame(rows))
    assert build_facts_latest(frame([rows[i] for i in order])).equals(expected)
