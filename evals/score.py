"""Score printed facts against the expectations of real documents: recall, contradictions, traps, the unmatched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evals.expectations import KEY_FIELDS, EvalDoc, Expected, Forbidden
from transforms.normalise.numbers import printed_tolerance

# Targets of the evaluation: recall per family (None: only the overall target applies) and wrong values.
RECALL_TARGETS: dict[str, float] = {
    "tencent_release_en": 0.95,
    "hkex_announcement": 0.95,
    "news_zh": 0.85,
    "news_en": 0.85,
    "industry": 0.85,
}
OVERALL_RECALL_TARGET = 0.90
WRONG_PER_PRINTED_TARGET = 1 / 500


@dataclass(slots=True)
class DocScore:
    """What one document gave: its hits, misses, wrong facts and facts to review."""

    doc: EvalDoc
    refused: str | None = None
    printed: int = 0
    hits: list[Expected] = field(default_factory=list)
    misses: list[Expected] = field(default_factory=list)
    contradicted: list[tuple[dict[str, Any], list[Expected]]] = field(default_factory=list)
    trapped: list[tuple[dict[str, Any], Forbidden]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    missing_copy: bool = False

    @property
    def wrong(self) -> int:
        """Printed facts that are wrong: contradicted values, traps, and anything printed from a non-document."""
        if self.doc.refuse:
            return self.printed
        return len(self.contradicted) + len(self.trapped)


def fact_key(record: dict[str, Any]) -> tuple[str, ...]:
    """The natural key of a printed fact record."""
    return tuple(str(record[k]) for k in KEY_FIELDS)


def agrees(record: dict[str, Any], expected: Expected) -> bool:
    """Whether a printed fact states the expected figure: value within either side's rounding, same qualifier."""
    tolerance = max(
        printed_tolerance(expected.text, expected.value) if expected.text else 0.0,
        printed_tolerance(str(record.get("reported_text", "")), float(record["value"])),
        1e-9 * abs(expected.value),
    )
    return (
        abs(float(record["value"]) - expected.value) <= tolerance
        and record.get("qualifier", "eq") == expected.qualifier
        and bool(record.get("is_estimate", False)) == expected.is_estimate
    )


def trips(record: dict[str, Any], trap: Forbidden) -> bool:
    """Whether a printed fact matches every field of a must-not-print entry."""
    for name, want in trap.fields.items():
        have = record.get(name)
        if name == "value":
            if have is None or abs(float(have) - float(want)) > 1e-9 * max(1.0, abs(float(want))):
                return False
        elif str(have) != str(want) and have != want:
            return False
    return True


def score_document(doc: EvalDoc, records: Iterable[dict[str, Any]] | None, refused: str | None = None) -> DocScore:
    """Compare one document's printed fact records with what it states; `refused` is the parse error, if any."""
    out = DocScore(doc=doc, refused=refused)
    rows = list(records or [])
    out.printed = len(rows)
    by_key: dict[tuple[str, ...], list[Expected]] = {}
    for exp in doc.facts:
        by_key.setdefault(exp.key, []).append(exp)
    for row in rows:
        trap = next((t for t in doc.must_not_print if trips(row, t)), None)
        if trap is not None:
            out.trapped.append((row, trap))
            continue
        candidates = by_key.get(fact_key(row))
        if not candidates:
            out.unmatched.append(row)
        elif not any(agrees(row, exp) for exp in candidates):
            out.contradicted.append((row, candidates))
    for exp in doc.facts:
        if exp.optional:
            continue
        found = any(fact_key(row) == exp.key and agrees(row, exp) for row in rows)
        (out.hits if found else out.misses).append(exp)
    return out


@dataclass(slots=True)
class Tally:
    """Sums over a group of documents."""

    documents: int = 0
    missing: int = 0
    refused: int = 0
    expected: int = 0
    hits: int = 0
    printed: int = 0
    wrong: int = 0
    unmatched: int = 0

    def add(self, s: DocScore) -> None:
        """Count one document's score in."""
        self.documents += 1
        self.missing += int(s.missing_copy)
        self.refused += int(s.refused is not None and not s.missing_copy)
        self.expected += len(s.hits) + len(s.misses)
        self.hits += len(s.hits)
        self.printed += s.printed
        self.wrong += s.wrong
        self.unmatched += len(s.unmatched)

    @property
    def recall(self) -> float:
        """Share of the expected figures printed right (1.0 when nothing is expected)."""
        return self.hits / self.expected if self.expected else 1.0


def tally(scores: Iterable[DocScore]) -> dict[str, Tally]:
    """Tallies per family and in total (key 'all')."""
    out: dict[str, Tally] = {}
    for s in scores:
        out.setdefault(s.doc.family, Tally()).add(s)
        out.setdefault("all", Tally()).add(s)
    return out


def target_lines(tallies: dict[str, Tally]) -> list[tuple[str, bool]]:
    """Each target with whether it is met."""
    lines = []
    for family, target in RECALL_TARGETS.items():
        t = tallies.get(family)
        if t is not None and t.expected:
            lines.append((f"recall {family} {t.recall:.1%} (target {target:.0%})", t.recall >= target))
    total = tallies.get("all", Tally())
    lines.append((f"recall overall {total.recall:.1%} (target {OVERALL_RECALL_TARGET:.0%})",
                  total.recall >= OVERALL_RECALL_TARGET))
    limit = WRONG_PER_PRINTED_TARGET * total.printed
    lines.append((f"wrong values {total.wrong} in {total.printed} printed (target at most 1 per 500: {limit:.1f})",
                  total.wrong * 500 <= total.printed))
    return lines
