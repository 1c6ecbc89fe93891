"""The committed expectations of the real-document evaluation: loading and checking them."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from transforms.contract import NATURAL_KEY
from transforms.model import InvalidFact
from transforms.normalise.periods import PeriodError, from_label
from transforms.vocab import BASES, ENTITIES, MEASURES, METRICS, QUALIFIERS, SEGMENTS

HERE = Path(__file__).parent
EXPECTATIONS_DIR = HERE / "expectations"
CACHE_DIR = HERE / "cache"

Family = Literal[
    "tencent_release_en",
    "hkex_announcement",
    "tencent_release_zh",
    "news_zh",
    "news_en",
    "industry",
    "nbs",
    "kuaishou",
]
FAMILIES: tuple[str, ...] = get_args(Family)

KEY_FIELDS = NATURAL_KEY
_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")
_SPACE = re.compile(r"\s+")


class ExpectationError(ValueError):
    """An expectations file breaks the format; the message names the document and the field."""


@dataclass(frozen=True, slots=True)
class Expected:
    """One figure a document states, as a careful reader writes it down."""

    entity: str
    metric: str
    segment: str
    basis: str
    measure: str
    period_label: str
    value: float
    qualifier: str = "eq"
    is_estimate: bool = False
    text: str = ""
    optional: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """The natural key (entity, metric, segment, basis, measure, period_label)."""
        return (self.entity, self.metric, self.segment, self.basis, self.measure, self.period_label)


@dataclass(frozen=True, slots=True)
class Forbidden:
    """A fact that must not be printed: any fact matching every field given here is wrong."""

    fields: dict[str, Any]
    note: str = ""


@dataclass(frozen=True, slots=True)
class EvalDoc:
    """One real document: where it is, what it is, and what it states."""

    family: str
    id: str
    url: str
    title: str
    published: date
    facts: tuple[Expected, ...] = ()
    must_not_print: tuple[Forbidden, ...] = ()
    refuse: bool = False
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def copy_path(self, cache: Path = CACHE_DIR) -> Path:
        """Where the saved copy of this document lives in a cache folder."""
        return cache / self.family / f"{self.id}.txt"


def no_space(text: str) -> str:
    """Text without whitespace, for finding a figure as written whatever the wrapping."""
    return _SPACE.sub("", text)


def load_family(family: str, folder: Path = EXPECTATIONS_DIR) -> list[EvalDoc]:
    """The documents of one family's expectations file (an empty list when there is none)."""
    path = folder / f"{family}.json"
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ExpectationError(f"{path.name}: not JSON: {exc}") from exc
    if raw.get("family") != family:
        raise ExpectationError(f"{path.name}: 'family' must be {family!r}")
    return [_doc(family, entry) for entry in raw.get("documents", [])]


def load_all(folder: Path = EXPECTATIONS_DIR) -> list[EvalDoc]:
    """Every family's documents, ids unique across the set."""
    docs = [doc for family in FAMILIES for doc in load_family(family, folder)]
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise ExpectationError(f"{doc.id}: id used twice")
        seen.add(doc.id)
    return docs


def _doc(family: str, entry: dict[str, Any]) -> EvalDoc:
    """One document entry, checked."""
    doc_id = str(entry.get("id", ""))
    if not _ID.fullmatch(doc_id):
        raise ExpectationError(f"{family}: bad id {doc_id!r} (lower-case letters, digits, hyphens)")
    for name in ("url", "title", "published"):
        if not entry.get(name):
            raise ExpectationError(f"{doc_id}: '{name}' is missing")
    try:
        published = date.fromisoformat(str(entry["published"]))
    except ValueError as exc:
        raise ExpectationError(f"{doc_id}: published {entry['published']!r} is not YYYY-MM-DD") from exc
    facts = tuple(_expected(doc_id, i, f) for i, f in enumerate(entry.get("facts", [])))
    forbidden = tuple(_forbidden(doc_id, i, f) for i, f in enumerate(entry.get("must_not_print", [])))
    known = {"id", "url", "title", "published", "facts", "must_not_print", "refuse", "notes"}
    return EvalDoc(
        family=family,
        id=doc_id,
        url=str(entry["url"]),
        title=str(entry["title"]),
        published=published,
        facts=facts,
        must_not_print=forbidden,
        refuse=bool(entry.get("refuse", False)),
        notes=str(entry.get("notes", "")),
        extra={k: v for k, v in entry.items() if k not in known},
    )


_VOCAB = {
    "entity": ENTITIES,
    "metric": METRICS,
    "segment": SEGMENTS,
    "basis": BASES,
    "measure": MEASURES,
    "qualifier": QUALIFIERS,
}


def _expected(doc_id: str, index: int, raw: dict[str, Any]) -> Expected:
    """One expected figure, checked against the vocabulary and the period labels."""
    where = f"{doc_id} fact {index}"
    for name in KEY_FIELDS + ("value",):
        if name not in raw:
            raise ExpectationError(f"{where}: '{name}' is missing")
    _check_vocab(where, raw)
    try:
        canonical = from_label(str(raw["period_label"])).label  # 2024-01..2024-06 is 2024H1: one label a span
    except (PeriodError, ValueError) as exc:
        raise ExpectationError(f"{where}: {exc}") from exc
    value = raw["value"]
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise ExpectationError(f"{where}: value {value!r} is not a finite number")
    unknown = set(raw) - set(KEY_FIELDS) - {"value", "qualifier", "is_estimate", "text", "optional", "note"}
    if unknown:
        raise ExpectationError(f"{where}: unknown fields {sorted(unknown)}")
    return Expected(
        entity=raw["entity"],
        metric=raw["metric"],
        segment=raw["segment"],
        basis=raw["basis"],
        measure=raw["measure"],
        period_label=canonical,
        value=float(value),
        qualifier=raw.get("qualifier", "eq"),
        is_estimate=bool(raw.get("is_estimate", False)),
        text=str(raw.get("text", "")),
        optional=bool(raw.get("optional", False)),
        note=str(raw.get("note", "")),
    )


def _forbidden(doc_id: str, index: int, raw: dict[str, Any]) -> Forbidden:
    """One must-not-print entry: some key fields (and perhaps a value) that no printed fact may match."""
    where = f"{doc_id} must_not_print {index}"
    fields = {k: v for k, v in raw.items() if k != "note"}
    allowed = set(KEY_FIELDS) | {"value", "qualifier", "is_estimate"}
    if not fields or set(fields) - allowed:
        raise ExpectationError(f"{where}: give some of {sorted(allowed)} (and a note)")
    _check_vocab(where, fields)
    if "period_label" in fields:
        try:
            fields["period_label"] = from_label(str(fields["period_label"])).label
        except (PeriodError, ValueError) as exc:
            raise ExpectationError(f"{where}: {exc}") from exc
    return Forbidden(fields=fields, note=str(raw.get("note", "")))


def _check_vocab(where: str, raw: dict[str, Any]) -> None:
    """Raise ExpectationError when a vocabulary field holds a word outside the contract."""
    for name, allowed in _VOCAB.items():
        if name in raw and raw[name] not in allowed:
            raise ExpectationError(f"{where}: {name}={raw[name]!r} is not in the vocabulary")


def text_problems(doc: EvalDoc, text: str) -> list[str]:
    """Expected figures whose `text` the saved copy does not contain (whitespace ignored)."""
    flat = no_space(text)
    return [
        f"{doc.id}: text {f.text!r} ({'/'.join(f.key)}) is not in the saved copy"
        for f in doc.facts
        if f.text and no_space(f.text) not in flat
    ]


def check(folder: Path = EXPECTATIONS_DIR, cache: Path = CACHE_DIR, families: tuple[str, ...] = FAMILIES) -> list[str]:
    """Every problem of the expectations: format, vocabulary, periods, and figures absent from their copy."""
    problems = []
    ids: dict[str, str] = {}
    for family in families:
        try:
            docs = load_family(family, folder)
        except (ExpectationError, InvalidFact) as exc:
            problems.append(str(exc))
            continue
        for doc in docs:
            if doc.id in ids:
                problems.append(f"{doc.id}: id used twice ({ids[doc.id]} and {family})")
            ids[doc.id] = family
            path = doc.copy_path(cache)
            if not path.exists():
                problems.append(f"{doc.id}: no saved copy at {path}")
                continue
            problems.extend(text_problems(doc, path.read_text(encoding="utf-8")))
    return problems
