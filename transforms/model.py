"""Records that parsers produce: facts with provenance, events, held-back values, parse results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from transforms.contract import (
    BASES,
    ENTITIES,
    MEASURES,
    METRICS,
    PERIOD_TYPES,
    QUALIFIERS,
    SEGMENTS,
    SNIPPET_MAX,
    UNITS,
)


class ParseError(Exception):
    """A document could not be parsed; the message names the reason in one line."""


class UnsupportedDocument(ParseError):
    """No parser recognises the document, or the document is of a kind the parser does not read."""


class DecoyDocument(ParseError):
    """The document looks like a source but is not one (a date notice, a paraphrased copy)."""


class EmptyDocument(ParseError):
    """The document has no readable text."""


class EncodingProblem(ParseError):
    """The bytes could not be decoded to text with any plausible encoding."""


class InvalidFact(ValueError):
    """A fact outside the contract's vocabulary or with inconsistent fields."""


@dataclass(frozen=True, slots=True)
class Period:
    """A span a figure covers, with its contract label (2024Q1, 2024H1, 2024Q1-Q3, 2024, 2024-03 ...)."""

    type: str
    start: date
    end: date
    label: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure as a document states it, normalised to base units, with where it came from."""

    entity: str
    metric: str
    segment: str
    basis: str
    measure: str
    period: Period
    value: float
    unit: str
    reported_text: str
    locator: str
    snippet: str
    qualifier: str = "eq"
    is_estimate: bool = False

    def validate(self) -> Fact:
        """Raise InvalidFact when a field is outside the vocabulary; return self otherwise."""
        checks = (
            ("entity", self.entity, ENTITIES),
            ("metric", self.metric, METRICS),
            ("segment", self.segment, SEGMENTS),
            ("basis", self.basis, BASES),
            ("measure", self.measure, MEASURES),
            ("period_type", self.period.type, PERIOD_TYPES),
            ("unit", self.unit, UNITS),
            ("qualifier", self.qualifier, QUALIFIERS),
        )
        for name, value, allowed in checks:
            if value not in allowed:
                raise InvalidFact(f"{name}={value!r} is not in the vocabulary")
        if not self.reported_text or self.reported_text not in self.snippet:
            raise InvalidFact(f"snippet does not contain reported_text {self.reported_text!r}")
        if len(self.snippet) > SNIPPET_MAX:
            raise InvalidFact(f"snippet longer than {SNIPPET_MAX} characters")
        if self.value != self.value:  # NaN
            raise InvalidFact("value is NaN")
        return self

    def record(self) -> dict[str, Any]:
        """Flatten into the contract's fact columns (without the document columns)."""
        return {
            "entity": self.entity,
            "metric": self.metric,
            "segment": self.segment,
            "basis": self.basis,
            "measure": self.measure,
            "period_type": self.period.type,
            "period_start": self.period.start,
            "period_end": self.period.end,
            "period_label": self.period.label,
            "value": float(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "is_estimate": bool(self.is_estimate),
            "reported_text": self.reported_text,
            "locator": self.locator,
            "snippet": self.snippet,
        }


@dataclass(frozen=True, slots=True)
class Held:
    """A value the parser saw but could not place with certainty; reported, never published.

    The snippet and the key fields are given where the parser knows them (None otherwise).
    """

    reason: str
    reported_text: str
    locator: str
    snippet: str | None = None
    entity: str | None = None
    metric: str | None = None
    segment: str | None = None
    basis: str | None = None
    measure: str | None = None
    period_label: str | None = None

    @classmethod
    def of(cls, reason: str, fact: Fact) -> Held:
        """A fact held back for `reason`, with its text, place, snippet and key."""
        return cls(reason, str(fact.reported_text), str(fact.locator), fact.snippet or None, fact.entity,
                   fact.metric, fact.segment, fact.basis, fact.measure, fact.period.label)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening that explains the numbers."""

    event_date: date
    entity: str
    kind: str
    description: str
    snippet: str


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What is known about a document before parsing: where it came from and what it says it is."""

    url: str = ""
    source: str = "inbox"
    title: str | None = None
    published_at: date | None = None
    content_type: str | None = None
    charset: str | None = None


@dataclass(slots=True)
class ParseResult:
    """What a parser returns for one document."""

    kind: str
    facts: list[Fact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    title: str | None = None
    published_at: date | None = None


def make_snippet(text: str, start: int, end: int, width: int = SNIPPET_MAX) -> str:
    """Cut at most `width` characters of `text` around [start, end), keeping the whole span."""
    span = end - start
    if span >= width:
        return text[start : start + width]
    room = width - span
    left = max(0, start - room // 2)
    right = min(len(text), end + (room - (start - left)))
    left = max(0, right - width)
    return flatten(text[left:right])


def flatten(text: str) -> str:
    """Replace line breaks and tabs by spaces, one for one, so offsets stay valid."""
    return text.translate(_FLATTEN)


_FLATTEN = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
