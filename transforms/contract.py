"""What the parsers and the warehouse agree on: the vocabulary, the natural key of a figure, the snippet bound."""

from __future__ import annotations

from transforms.vocab import (
    BASES,
    DOC_ORIGINS,
    DOC_SOURCES,
    DOC_STATUSES,
    ENTITIES,
    EVENT_KINDS,
    MEASURES,
    METRICS,
    PERIOD_TYPES,
    QUALIFIERS,
    RUN_STATUSES,
    SEGMENTS,
    SEVERITIES,
    UNITS,
)

__all__ = [
    "BASES",
    "CHECK_STATUSES",
    "DOC_ID_PATTERN",
    "DOC_ORIGINS",
    "DOC_SOURCES",
    "DOC_STATUSES",
    "ENTITIES",
    "EVENT_KINDS",
    "MEASURES",
    "METRICS",
    "METRIC_METHODS",
    "NATURAL_KEY",
    "PCT_MEASURES",
    "PERIOD_TYPES",
    "QUALIFIERS",
    "RUN_STATUSES",
    "SEGMENTS",
    "SEVERITIES",
    "SNIPPET_MAX",
    "UNITS",
]

# One figure per document and place is one fact; across documents, one natural key is one row of facts_latest.
NATURAL_KEY: tuple[str, ...] = ("entity", "metric", "segment", "basis", "measure", "period_label")
# The most characters of context a snippet carries around its reported_text.
SNIPPET_MAX = 240
# Measures that are percentages (their unit is `pct`).
PCT_MEASURES: frozenset[str] = frozenset({"yoy_pct", "qoq_pct", "margin_pct", "share_pct"})
CHECK_STATUSES: frozenset[str] = frozenset({"pass", "fail"})
METRIC_METHODS: frozenset[str] = frozenset({"computed", "reported"})
# A document id: the sha256 hex of the document's bytes.
DOC_ID_PATTERN = r"^[0-9a-f]{64}$"
