"""The holdout corpus is well formed and carries only figures found in the reference tables."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from transforms.contract import NATURAL_KEY
from transforms.normalise.periods import from_label
from transforms.normalise.text import decode_bytes
from transforms.vocab import BASES, ENTITIES, MEASURES, METRICS, QUALIFIERS, SEGMENTS, UNITS

HERE = Path(__file__).parent
REFERENCE = HERE.parent.parent / "reference"
FAMILIES = ("results_en", "hkex", "results_zh", "articles")
KINDS = {"results_release_en", "hkex_announcement", "results_release_zh", "article", "decoy"}
FACT_KEYS = {"entity", "metric", "segment", "basis", "measure", "period_label", "value", "unit", "qualifier"}
MAX_BYTES = 6 * 1024
SCALES = (1.0, 1e4, 1e6, 1e8, 1e9, 1e12)
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")

DOCUMENTS = sorted(
    p
    for fam in FAMILIES
    for p in (HERE / fam).iterdir()
    if p.is_file() and not p.name.endswith(".expected.json")
)
EXPECTED = sorted(p for fam in FAMILIES for p in (HERE / fam).glob("*.expected.json"))


def _expected(doc: Path) -> dict:
    """The expected-facts file of a document."""
    return json.loads(doc.with_name(doc.name + ".expected.json").read_text(encoding="utf-8"))


def _charset(content_type: str) -> str | None:
    """The charset parameter of a content type, if any."""
    m = re.search(r"charset=([\w-]+)", content_type)
    return m.group(1) if m else None


def _plain_text(doc: Path, content_type: str) -> str:
    """The document text with tags removed and whitespace squeezed."""
    text = decode_bytes(doc.read_bytes(), _charset(content_type))
    if doc.suffix == ".html":
        text = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text)


def _numbers(text: str) -> list[float]:
    """Every number written in a text."""
    return [float(tok.replace(",", "")) for tok in NUMBER.findall(text) if tok.strip(",-")]


def _matches(value: float, candidates: list[float], pct: bool) -> bool:
    """Whether a value equals a candidate at some unit scale (pct: exactly, levels: within rounding)."""
    if pct:
        return any(abs(value - c) < 0.051 for c in candidates)
    return any(abs(value - c * s) <= 0.002 * abs(value) for c in candidates for s in SCALES if c)


def _tencent_reference() -> dict[str, list[dict[str, str]]]:
    """Reference rows grouped by metric."""
    rows: dict[str, list[dict[str, str]]] = {}
    with (REFERENCE / "tencent_quarterly.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["metric"], []).append(row)
    return rows


def _reference_metric(fact: dict) -> str:
    """The reference-table metric name of a Tencent, Weixin or QQ fact."""
    if fact["entity"] in ("weixin", "qq"):
        return f"{fact['entity']}_mau"
    if fact["metric"] == "revenue":
        return "total_revenue" if fact["segment"] == "total" else f"{fact['segment']}_revenue"
    if fact["metric"] == "gross_profit":
        return "gross_profit"
    return f"{fact['metric']}_{fact['basis']}"


def _row_numbers(row: dict[str, str], pct: bool) -> list[float]:
    """Numbers a reference row offers for a level or a percentage."""
    if pct:
        found = [float(row["yoy_pct"])] if row["yoy_pct"] else []
        return found + [float(m) for m in re.findall(r"([+-]?\d+(?:\.\d+)?)%", row["note"])]
    found = [float(row["value"])] if NUMBER.fullmatch(row["value"] or "x") else []
    return found + _numbers(row["note"])


def _tencent_candidates(fact: dict, rows: dict[str, list[dict[str, str]]]) -> list[float]:
    """Reference numbers that could back one Tencent, Weixin or QQ fact."""
    pct = fact["unit"] == "pct"
    if fact["measure"] == "margin_pct":
        family = [r for m, rs in rows.items() if m.startswith("operating_profit") for r in rs]
        return [float(x) for r in family for x in re.findall(r"(\d+)%", r["note"])]
    metric = _reference_metric(fact)
    family = rows.get(metric, []) + rows.get(metric + "_restated", [])
    same_period = [r for r in family if r["period"] == fact["period_label"]]
    return [x for r in (same_period or family) for x in _row_numbers(r, pct)]


def _industry_numbers() -> list[float]:
    """Every number in the industry reference table."""
    return _numbers((REFERENCE / "industry_metrics.csv").read_text(encoding="utf-8"))


def test_every_document_has_expected_facts_and_back():
    assert len(DOCUMENTS) == len(EXPECTED) == 18
    for doc in DOCUMENTS:
        assert doc.with_name(doc.name + ".expected.json").exists(), doc.name
    for exp in EXPECTED:
        assert exp.with_name(exp.name.removesuffix(".expected.json")).exists(), exp.name


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.name)
def test_document_is_small_and_decodes(doc: Path):
    exp = _expected(doc)
    assert doc.stat().st_size <= MAX_BYTES
    assert exp["kind"] in KINDS
    date.fromisoformat(exp["published"])
    assert exp["url"].startswith(("http://", "https://"))
    text = _plain_text(doc, exp["content_type"])
    assert text.strip()
    assert exp["title"] in text


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.name)
def test_facts_follow_the_contract(doc: Path):
    exp = _expected(doc)
    if exp["kind"] == "decoy":
        assert exp["facts"] == []
        return
    assert exp["facts"], "a non-decoy document must expect facts"
    keys = set()
    for fact in exp["facts"]:
        assert FACT_KEYS <= set(fact), fact
        assert fact["entity"] in ENTITIES and fact["metric"] in METRICS and fact["segment"] in SEGMENTS
        assert fact["basis"] in BASES and fact["measure"] in MEASURES
        assert fact["unit"] in UNITS and fact["qualifier"] in QUALIFIERS
        from_label(fact["period_label"])
        if fact["measure"] != "value":
            assert fact["unit"] == "pct", fact
        elif fact["metric"].startswith("eps"):
            assert fact["unit"] == "CNY_per_share", fact
        elif fact["metric"] == "mau":
            assert fact["unit"] == "count" and fact["entity"] in ("weixin", "qq"), fact
        else:
            assert fact["unit"] == "CNY", fact
        if fact["metric"] in ("revenue", "gross_profit", "mau") or fact["entity"] != "tencent":
            assert fact["basis"] == "na", fact
        else:
            assert fact["basis"] in ("ifrs", "non_ifrs"), fact
        key = tuple(fact[k] for k in NATURAL_KEY)
        assert key not in keys, key
        keys.add(key)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.name)
def test_reported_text_is_in_the_document(doc: Path):
    exp = _expected(doc)
    text = _plain_text(doc, exp["content_type"])
    for fact in exp["facts"]:
        assert fact["reported_text"] in text, fact["reported_text"]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.name)
def test_figures_come_from_the_reference(doc: Path):
    exp = _expected(doc)
    rows = _tencent_reference()
    industry = _industry_numbers()
    for fact in exp["facts"]:
        pct = fact["unit"] == "pct"
        if fact["entity"] in ("tencent", "weixin", "qq"):
            candidates = _tencent_candidates(fact, rows)
            if fact["entity"] == "tencent" and not _matches(fact["value"], candidates, pct):
                candidates = candidates + industry
        else:
            candidates = industry
        assert _matches(fact["value"], candidates, pct), fact


def test_table_columns_give_their_own_periods():
    exp = _expected(HERE / "hkex" / "hkex_1q2024_en_restated.txt")
    restated = [
        f for f in exp["facts"] if f["metric"] == "operating_profit" and f["period_label"] == "2023Q1"
    ]
    assert {f["basis"]: f["value"] for f in restated} == {"ifrs": 38042e6, "non_ifrs": 45028e6}
