"""The evaluation's scorer: hits, contradictions, traps and unmatched facts, and the targets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from evals.expectations import EvalDoc, ExpectationError, Expected, Forbidden, check, load_all, load_family
from evals.score import agrees, score_document, tally, target_lines


def _exp(**kw) -> Expected:
    base = dict(entity="tencent", metric="revenue", segment="total", basis="na", measure="value",
                period_label="2023", value=609.0e9, text="RMB609.0 billion")
    base.update(kw)
    return Expected(**base)


def _row(**kw) -> dict:
    base = dict(entity="tencent", metric="revenue", segment="total", basis="na", measure="value",
                period_label="2023", value=609.0e9, qualifier="eq", is_estimate=False,
                reported_text="RMB609.0 billion")
    base.update(kw)
    return base


def _doc(facts=(), traps=(), refuse=False) -> EvalDoc:
    return EvalDoc(family="news_en", id="newsen-test", url="https://example.org/a", title="t",
                   published=date(2024, 3, 20), facts=tuple(facts), must_not_print=tuple(traps), refuse=refuse)


def test_a_value_within_either_statements_rounding_agrees() -> None:
    exp = _exp()
    assert agrees(_row(value=609.015e9, reported_text="609,015"), exp)
    assert not agrees(_row(value=619.0e9), exp)
    assert not agrees(_row(qualifier="gt"), exp)
    assert not agrees(_row(is_estimate=True), exp)


def test_document_score_sorts_every_printed_fact() -> None:
    doc = _doc(
        facts=[_exp(), _exp(measure="yoy_pct", value=10.0, text="10%"), _exp(metric="gross_profit", value=1.0,
                                                                               optional=True)],
        traps=[Forbidden({"entity": "tencent", "metric": "revenue", "measure": "yoy_pct", "value": 36}, "net profit")],
    )
    rows = [
        _row(),
        _row(measure="yoy_pct", value=36.0, reported_text="36%"),
        _row(metric="capex", value=5.0),
    ]
    s = score_document(doc, rows)
    assert [e.measure for e in s.hits] == ["value"]
    assert [e.measure for e in s.misses] == ["yoy_pct"]
    assert len(s.trapped) == 1 and not s.contradicted
    assert [r["metric"] for r in s.unmatched] == ["capex"]
    assert s.wrong == 1


def test_a_contradicted_value_is_wrong_and_a_refused_document_prints_nothing() -> None:
    s = score_document(_doc(facts=[_exp()]), [_row(value=700e9, reported_text="RMB700 billion")])
    assert s.wrong == 1 and len(s.misses) == 1
    refused = score_document(_doc(facts=[_exp()]), [], refused="UnsupportedDocument: no parser")
    assert refused.refused and refused.wrong == 0 and len(refused.misses) == 1
    decoy = score_document(_doc(refuse=True), [_row()])
    assert decoy.wrong == 1


def test_targets_name_each_gap() -> None:
    good = score_document(_doc(facts=[_exp()]), [_row()])
    lines = dict(target_lines(tally([good])))
    assert all(lines.values())
    bad = score_document(_doc(facts=[_exp(), _exp(period_label="2022")]), [_row(value=1.0, reported_text="1")])
    met = target_lines(tally([bad]))
    assert [ok for _, ok in met] == [False, False, False]


def _write(folder: Path, family: str, documents: list) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{family}.json").write_text(json.dumps({"family": family, "documents": documents}), encoding="utf-8")


def test_expectations_are_checked_against_the_vocabulary_and_the_saved_copy(tmp_path: Path) -> None:
    fact = {"entity": "tencent", "metric": "revenue", "segment": "total", "basis": "na", "measure": "value",
            "period_label": "2023", "value": 609.0e9, "text": "RMB609.0 billion"}
    doc = {"id": "newsen-a", "url": "u", "title": "t", "published": "2024-03-20", "facts": [fact]}
    _write(tmp_path / "exp", "news_en", [doc])
    (tmp_path / "cache" / "news_en").mkdir(parents=True)
    (tmp_path / "cache" / "news_en" / "newsen-a.txt").write_text("Revenue was RMB609.0\nbillion.", encoding="utf-8")
    assert check(tmp_path / "exp", tmp_path / "cache") == []
    (tmp_path / "cache" / "news_en" / "newsen-a.txt").write_text("Revenue was RMB610 billion.", encoding="utf-8")
    assert "is not in the saved copy" in check(tmp_path / "exp", tmp_path / "cache")[0]
    _write(tmp_path / "exp", "news_en", [dict(doc, facts=[dict(fact, metric="revenues")])])
    with pytest.raises(ExpectationError, match="metric='revenues' is not in the vocabulary"):
        load_family("news_en", tmp_path / "exp")
    _write(tmp_path / "exp", "news_en", [dict(doc, facts=[dict(fact, period_label="FY2023")])])
    with pytest.raises(ExpectationError, match="unknown period label"):
        load_family("news_en", tmp_path / "exp")


def test_the_committed_expectations_load() -> None:
    docs = load_all()
    assert len({d.id for d in docs}) == len(docs)
    assert all(d.published.year >= 2010 for d in docs)
