"""Recall of the article parsers on documents in new layouts (tests/cases/articles/recall/), no wrong value.

Each `<document>.expected.json` lists the figures a careful reader takes as facts (all from
tests/reference/industry_metrics.csv). A key found with another value or qualifier is a wrong value."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from transforms.contract import NATURAL_KEY
from transforms.model import DocMeta
from transforms.parse import parse_document

RECALL = Path(__file__).resolve().parents[2] / "cases" / "articles" / "recall"
KEY = NATURAL_KEY
FLOOR = 0.8


def _cases() -> list[tuple[Path, dict]]:
    out = []
    for expected in sorted(RECALL.glob("*.expected.json")):
        doc = expected.with_name(expected.name.removesuffix(".expected.json"))
        out.append((doc, json.loads(expected.read_text(encoding="utf-8"))))
    return out


def score(doc: Path, expected: dict) -> tuple[int, list, list, list]:
    """(found, wrong, missing, extra keys) of one document against its expectation."""
    meta = DocMeta(url=f"https://example.org/{doc.name}", source="article", content_type=expected["content_type"],
                   published_at=date.fromisoformat(expected["published"]))
    facts = parse_document(doc.read_bytes(), meta).facts
    got = defaultdict(list)
    for f in facts:
        assert f.reported_text in f.snippet
        got[(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)].append(f)
    found, wrong, missing = 0, [], []
    wanted = set()
    for e in expected["facts"]:
        key = tuple(e[k] for k in KEY)
        wanted.add(key)
        if key not in got:
            missing.append(key)
        elif all(abs(f.value - e["value"]) <= 1e-9 * max(1.0, abs(e["value"])) and f.qualifier == e["qualifier"]
                 for f in got[key]):
            found += 1
        else:
            wrong.append((key, e["value"], [(f.value, f.qualifier) for f in got[key]]))
    extra = sorted(set(got) - wanted)
    return found, wrong, missing, extra


def test_every_case_has_an_expectation():
    assert len(_cases()) >= 6
    docs = {p.name for p in RECALL.iterdir() if not p.name.endswith(".expected.json")}
    assert docs == {doc.name for doc, _ in _cases()}


def test_recall_on_new_layouts_and_no_wrong_or_unexpected_value():
    total = found = 0
    wrong_all, missing_all, extra_all = [], [], []
    for doc, expected in _cases():
        f, wrong, missing, extra = score(doc, expected)
        total += len(expected["facts"])
        found += f
        wrong_all += [(doc.name, w) for w in wrong]
        missing_all += [(doc.name, m) for m in missing]
        extra_all += [(doc.name, x) for x in extra]
    assert not wrong_all, wrong_all
    assert not extra_all, extra_all
    assert found / total >= FLOOR, (found, total, missing_all)


@pytest.mark.parametrize(("doc", "expected"), _cases(), ids=lambda x: getattr(x, "name", ""))
def test_each_case_gives_no_wrong_value(doc, expected):
    _found, wrong, _missing, extra = score(doc, expected)
    assert not wrong and not extra
