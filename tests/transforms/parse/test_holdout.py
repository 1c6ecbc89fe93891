"""Documents written independently of the parsers (tests/cases/holdout/): recall and no wrong value."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from transforms.contract import NATURAL_KEY
from transforms.model import DocMeta, ParseError
from transforms.parse import parse_document

HOLDOUT = Path(__file__).resolve().parents[2] / "cases" / "holdout"
KEY = NATURAL_KEY

# Minimum recall per family; the wrong-value count must be zero everywhere.
RECALL_FLOOR = {"results_en": 0.9, "hkex": 0.9, "results_zh": 0.9, "articles": 0.8}


def cases():
    """Every holdout document with its expectation file."""
    for expected in sorted(HOLDOUT.glob("*/*.expected.json")):
        doc = expected.with_name(expected.name.removesuffix(".expected.json"))
        if doc.exists():
            yield doc, json.loads(expected.read_text(encoding="utf-8"))


def score(doc: Path, expected: dict) -> tuple[int, int, list, list]:
    """(expected count, found count, wrong values, missing keys) for one document."""
    published = date.fromisoformat(expected["published"]) if expected.get("published") else None
    meta = DocMeta(url=doc.name, source="inbox", published_at=published)
    try:
        facts = parse_document(doc.read_bytes(), meta).facts
    except ParseError:
        facts = []
    got = defaultdict(list)
    for f in facts:
        got[(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)].append(f)
    wrong, missing, found = [], [], 0
    for e in expected["facts"]:
        key = tuple(e[k] for k in KEY)
        if key not in got:
            missing.append(key)
            continue
        tolerance = max(abs(e["value"]) * 1e-9, 1e-9)
        if any(abs(f.value - e["value"]) <= tolerance and f.qualifier == e.get("qualifier", "eq") for f in got[key]):
            found += 1
        else:
            wrong.append((key, e["value"], [(f.value, f.qualifier) for f in got[key]]))
    if expected.get("kind") == "decoy" and facts:
        wrong.append(("decoy produced facts", len(facts)))
    return len(expected["facts"]), found, wrong, missing


@pytest.mark.skipif(not HOLDOUT.exists(), reason="no holdout corpus")
@pytest.mark.parametrize("family", sorted(RECALL_FLOOR))
def test_holdout_family_recall_and_no_wrong_value(family):
    total = found = 0
    wrong_all, missing_all = [], []
    for doc, expected in cases():
        if doc.parent.name != family:
            continue
        t, f, wrong, missing = score(doc, expected)
        total, found = total + t, found + f
        wrong_all += [(doc.name, w) for w in wrong]
        missing_all += [(doc.name, m) for m in missing]
    if total == 0:
        pytest.skip(f"no {family} holdout documents")
    recall = found / total
    assert not wrong_all, wrong_all
    assert recall >= RECALL_FLOOR[family], (round(recall, 3), missing_all[:40])
