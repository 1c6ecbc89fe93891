"""Parser registry: each document family registers a Parser; `parse_document` picks and runs one."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from transforms.model import DocMeta, Held, InvalidFact, ParseResult, UnsupportedDocument
from transforms.parse.document import Document, load_document


@dataclass(frozen=True, slots=True)
class Parser:
    """One document family: a kind name, a version (bump it when output changes), a sniffer, a parser."""

    kind: str
    version: str
    sniff: Callable[[Document], bool]
    parse: Callable[[Document], ParseResult]


# Order matters: the first parser whose sniffer accepts a document reads it.
PARSER_MODULES: tuple[str, ...] = (
    "transforms.parse.hkex",
    "transforms.parse.results_zh",
    "transforms.parse.results_en",
    "transforms.parse.nbs",
    "transforms.parse.article",
)

_REGISTRY: dict[str, Parser] = {}


def parsers() -> dict[str, Parser]:
    """All registered parsers by kind, importing the family modules on first use."""
    if not _REGISTRY:
        for name in PARSER_MODULES:
            module = importlib.import_module(name)
            parser: Parser = module.PARSER
            _REGISTRY[parser.kind] = parser
    return _REGISTRY


def kinds() -> list[str]:
    """The document kinds `--kind` accepts."""
    return list(parsers())


def detect_kind(doc: Document) -> str:
    """The kind of the first parser that recognises the document."""
    for parser in parsers().values():
        if parser.sniff(doc):
            return parser.kind
    raise UnsupportedDocument("no parser recognises this document")


def parser_version(kind: str) -> str:
    """The version string of a parser kind."""
    return parsers()[kind].version


def parse_document(data: bytes, meta: DocMeta, kind: str = "auto") -> ParseResult:
    """Decode, pick a parser and parse; facts that break the contract are held back, not returned."""
    doc = load_document(data, meta)
    chosen = detect_kind(doc) if kind == "auto" else kind
    if chosen not in parsers():
        raise UnsupportedDocument(f"unknown kind {chosen!r}")
    result = parsers()[chosen].parse(doc)
    result.kind = chosen
    kept = []
    for fact in result.facts:
        try:
            kept.append(fact.validate())
        except InvalidFact as exc:
            result.held.append(Held(f"invalid fact: {exc}", fact.reported_text, fact.locator))
    result.facts = _dedupe(kept)
    return result


def _dedupe(facts: list) -> list:
    """Drop exact repeats of one natural key with one value (a bullet duplicated by a reprint)."""
    seen: set[tuple] = set()
    out = []
    for f in facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.value, f.qualifier)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


FACT_KEY_FIELDS = ("entity", "metric", "segment", "basis", "measure", "period_label")


def fact_id(doc_id: str, record: dict[str, Any]) -> str:
    """Stable id of a fact: hash of doc_id, locator and the natural key."""
    parts = [doc_id, record["locator"], *(str(record[k]) for k in FACT_KEY_FIELDS)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def fact_rows(
    result: ParseResult,
    *,
    doc_id: str,
    source: str,
    published_at: date | None,
    parser_version: str,
    extracted_at: datetime,
) -> list[dict[str, Any]]:
    """Facts of a parse result as rows of the contract's `facts` table."""
    rows = []
    for fact in result.facts:
        row = fact.record()
        row["fact_id"] = fact_id(doc_id, row)
        row.update(
            doc_id=doc_id,
            source=source,
            published_at=published_at,
            parser_version=parser_version,
            extracted_at=extracted_at,
        )
        rows.append(row)
    return rows
