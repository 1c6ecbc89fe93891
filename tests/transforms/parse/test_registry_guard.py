"""The registry guard: figures a space splits, documents dated implausibly, lines stated with two values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta
from transforms.normalise.numbers import split_by_a_space
from transforms.parse import parse_document

CASES = Path(__file__).resolve().parents[2] / "cases" / "results_en"


@pytest.mark.parametrize(
    ("written", "after", "split"),
    [
        ("RMB108", "\u2009065 million", True),
        ("RMB108", "\u00a0065 million", True),
        ("约为1", " 000亿元", True),
        ("RMB2.85", " 8. Diluted", True),
        ("73,675", " 56,606 30%", False),
        ("159,501", " 149,986 6%", False),
        ("2.470", " 1.540 60%", False),
        ("574", " 597 -4%", False),
        ("RMB108,065 million", " (USD15,252", False),
    ],
)
def test_split_by_a_space(written: str, after: str, split: bool) -> None:
    assert split_by_a_space(written, after) is split


@pytest.mark.parametrize(
    ("old", "new", "metric"),
    [
        ("RMB108,065 million", "RMB108\u2009065 million", "revenue"),
        ("RMB108,065 million", "RMB108\u00a0065 million", "revenue"),
        ("RMB2.858", "RMB2.85 8", "eps_basic"),
    ],
)
def test_a_release_whose_figure_a_space_splits_holds_it(old: str, new: str, metric: str) -> None:
    text = (CASES / "epicos_1q2020.txt").read_text(encoding="utf-8")
    assert old in text
    meta = DocMeta(url="file:mutated", content_type="text/plain; charset=utf-8")
    before = parse_document(text.encode(), meta)
    after = parse_document(text.replace(old, new, 1).encode(), meta)
    values = {f.value for f in before.facts if f.metric == metric and f.measure == "value"}
    assert not any(f.metric == metric and f.measure == "value" and f.value not in values for f in after.facts)


def test_the_registry_holds_a_figure_a_space_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    from transforms.model import Fact, ParseResult
    from transforms.normalise.periods import quarter
    from transforms.parse import _checked
    from transforms.parse.document import load_document

    text = "Total revenues were RMB97\u2009236 million, up 21% YoY."
    doc = load_document(text.encode(), DocMeta(url="file:x", content_type="text/plain; charset=utf-8"))
    fact = Fact("tencent", "revenue", "total", "na", "value", quarter(2019, 3), 97.0, "CNY", "RMB97", "x",
                "Total revenues were RMB97")
    result = _checked(ParseResult(kind="results_release_en", facts=[fact]), doc)
    assert result.facts == []
    assert "goes on after a space" in result.held[0].reason
def _parse(text: str):
    return parse_document(text.encode(), DocMeta(url="file:dated", content_type="text/plain; charset=utf-8"))


def test_the_release_as_dated_publishes_its_quarter() -> None:
    result = _parse((CASES / "epicos_1q2020.txt").read_text(encoding="utf-8"))
    assert any(f.period.label == "2020Q1" for f in result.facts)


@pytest.mark.parametrize(("dated", "reason"), [("2017", "before that period ended"), ("2030", "implausible")])
def test_a_release_dated_before_its_quarter_or_years_after_it_is_held(dated: str, reason: str) -> None:
    text = (CASES / "epicos_1q2020.txt").read_text(encoding="utf-8").replace("May 13, 2020", f"May 13, {dated}")
    result = _parse(text)
    assert not any(f.period.label in ("2020Q1", "2019Q1") for f in result.facts)
    assert any(reason in h.reason for h in result.held)


def test_a_release_that_lost_its_ifrs_lead_in_publishes_neither_block_of_a_doubled_line() -> None:
    text = (CASES / "pdf_run_on_1q2020.txt").read_text(encoding="utf-8")
    lost = text.replace("▪ On an IFRS basis: ", "")
    assert lost != text
    result = _parse(lost)
    assert not any(f.metric in ("operating_profit", "profit_attributable") for f in result.facts)
    assert any("two different values" in h.reason for h in result.held)
    whole = _parse(text)
    assert {f.basis for f in whole.facts if f.metric == "operating_profit"} == {"ifrs", "non_ifrs"}


def _article(text: str, published: date):
    return parse_document(text.encode(), DocMeta(url="https://example.org/a.html", published_at=published,
                                                 content_type="text/plain; charset=utf-8"))


_BEFORE_IT_ENDED = ("Tencent quarterly figures\n\nTencent Holdings gave investors an update on its business in a "
                    "statement on Thursday, and the shares moved little in Hong Kong.\n\n"
                    "In the {q} quarter of 2021, Tencent's revenue rose 20% to RMB 135.3 billion, the company said.\n")


def test_an_article_stating_a_quarter_as_done_before_it_ended_is_held() -> None:
    early = _article(_BEFORE_IT_ENDED.format(q="fourth"), date(2021, 3, 25))
    assert not [f for f in early.facts if f.period.label == "2021Q4"]
    assert any("before that period ended" in h.reason for h in early.held)
    done = _article(_BEFORE_IT_ENDED.format(q="first"), date(2021, 5, 20))
    assert {(f.measure, f.period.label) for f in done.facts} >= {("value", "2021Q1"), ("yoy_pct", "2021Q1")}
