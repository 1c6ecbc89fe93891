"""Markdown pipe tables in article text: read only with a stated unit, year columns and rows the lexicon names."""

from __future__ import annotations

from datetime import date

from transforms.lexicon import load_lexicon
from transforms.model import DocMeta
from transforms.parse import parse_document
from transforms.parse.pipetable import column_year, pipe_tables, read_pipe_tables

TABLE = """Tencent's yearly figures at a glance
| Figures in RMB'm | FY23 | FY22 | Change (%) |
|---|---|---|---|
| Comparison | FY23 vs FY22 | | |
| Revenue | 609,015 | 554,552 | 9.82% |
| Non-IFRS operating profit | 191,886 | 155,084 | 23.73% |
| Operating profit | 160,074 | 113,000 | 41.66% |
| Net profit | 115,216 | 188,243 | -38.79% |
| Combined MAU of Weixin and WeChat | 1,343.0 | 1,313.0 | 2.28% |
| Fee-based VAS registered subscriptions | 245.0 | 234.0 | 4.70% |
"""


def facts_of(text: str, published: date = date(2024, 4, 2), entity: str | None = None) -> dict[tuple, float]:
    facts, _held = read_pipe_tables(text, load_lexicon(), published, entity)
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): f.value for f in facts}


def test_a_table_with_its_unit_and_year_columns_is_read_row_by_row() -> None:
    got = facts_of(TABLE)
    assert got[("tencent", "revenue", "total", "na", "value", "2023")] == 609_015e6
    assert got[("tencent", "revenue", "total", "na", "value", "2022")] == 554_552e6
    assert got[("tencent", "revenue", "total", "na", "yoy_pct", "2023")] == 9.82
    assert got[("tencent", "operating_profit", "total", "non_ifrs", "value", "2023")] == 191_886e6
    assert got[("weixin", "mau", "total", "na", "value", "2023Q4")] == 1_343e6


def test_rows_without_a_basis_or_a_known_metric_are_left_unread() -> None:
    got = facts_of(TABLE)
    assert not any(k[1] == "operating_profit" and k[3] == "na" for k in got)
    assert not any(v in (115_216e6, -38.79) for v in got.values())


def test_a_table_without_a_unit_in_its_corner_is_left_unread() -> None:
    assert facts_of(TABLE.replace("Figures in RMB'm", "Figures")) == {}


def test_a_table_about_no_named_company_is_left_unread() -> None:
    assert facts_of(TABLE.replace("Tencent's yearly", "The yearly")) == {}
    assert facts_of(TABLE.replace("Tencent's yearly", "The yearly"), entity="tencent")


def test_a_change_over_two_years_is_not_year_on_year() -> None:
    got = facts_of(TABLE.replace("FY23 vs FY22", "FY23 vs FY21"))
    assert not any(k[4] == "yoy_pct" for k in got)
    assert got[("tencent", "revenue", "total", "na", "value", "2023")] == 609_015e6


def test_a_change_column_without_its_comparison_is_not_read() -> None:
    got = facts_of(TABLE.replace("| Comparison | FY23 vs FY22 | | |\n", ""))
    assert not any(k[4] == "yoy_pct" for k in got)


def test_a_year_not_over_when_the_text_was_published_is_not_read() -> None:
    got = facts_of(TABLE, published=date(2023, 12, 1))
    assert not any(k[5] == "2023" or k[5] == "2023Q4" for k in got)


def test_column_headings_and_runs_of_rows() -> None:
    assert (column_year("FY21"), column_year("2020"), column_year("FY2019"), column_year("2024E")) == (2021, 2020, 2019,
                                                                                                        None)
    assert len(pipe_tables(TABLE)) == 1
    assert pipe_tables("| a | b |\n| c | d |\n") == []


def test_an_article_prints_the_table_beside_its_prose() -> None:
    text = "Tencent reviews its year\n\nTencent had a good year, analysts said.\n\n" + TABLE
    meta = DocMeta(url="https://example.org/a", source="inbox", published_at=date(2024, 4, 2),
                   content_type="text/plain; charset=utf-8")
    facts = parse_document(text.encode(), meta).facts
    assert any(f.metric == "revenue" and f.value == 609_015e6 and f.locator.startswith("t1.") for f in facts)
    assert all(f.reported_text in f.snippet for f in facts)


def test_subscriptions_at_a_years_end_join_the_fourth_quarter() -> None:
    got = facts_of(TABLE)
    assert got[("tencent", "subscriptions", "vas", "na", "value", "2023Q4")] == 245e6
    assert got[("tencent", "subscriptions", "vas", "na", "yoy_pct", "2023Q4")] == 4.7
    assert not any(k[1] == "subscriptions" and k[5] == "2023" for k in got)
