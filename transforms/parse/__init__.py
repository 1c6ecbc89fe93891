"""Parser registry: each document family registers a Parser; `parse_document` picks and runs one."""

from __future__ import annotations

import hashlib
import importlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from common import one_line
from transforms.contract import NATURAL_KEY, SNIPPET_MAX
from transforms.model import (
    DocMeta,
    Fact,
    Held,
    InvalidFact,
    ParseError,
    ParseResult,
    UnsupportedDocument,
    make_snippet,
)
from transforms.normalise.numbers import printed_tolerance, split_by_a_space
from transforms.parse.document import Document, load_document
from transforms.parse.workers import ParseTimeout, WorkerLost, shared_pool

__all__ = ["ParseTimeout", "WorkerLost"]

# Wall-clock seconds one document may take to decode and parse (the snapshot's largest takes < 0.2 s).
PARSE_TIME_LIMIT = 30.0
ERROR_MESSAGE_MAX = 300


class ParserCrash(ParseError):
    """A parser stopped on an unexpected exception: a parser bug, reported as this document's failure."""


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
    "transforms.parse.kuaishou",
    "transforms.parse.article",
)

_REGISTRY: dict[str, Parser] = {}
_REGISTRY_LOCK = threading.Lock()


def parsers() -> dict[str, Parser]:
    """All registered parsers by kind, importing the family modules once, whole before any thread sees them."""
    global _REGISTRY
    registry = _REGISTRY
    if registry:
        return registry
    with _REGISTRY_LOCK:
        if not _REGISTRY:
            loaded: dict[str, Parser] = {}
            for name in PARSER_MODULES:
                parser: Parser = importlib.import_module(name).PARSER
                loaded[parser.kind] = parser
            _REGISTRY = loaded
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


def registry_key() -> tuple:
    """What identifies the parser registry in this process: a worker forked under another key is stale."""
    return tuple((kind, p.version, id(p.sniff), id(p.parse)) for kind, p in parsers().items())


def parse_document(
    data: bytes, meta: DocMeta, kind: str = "auto", *, time_limit: float | None = None
) -> ParseResult:
    """Decode, pick a parser and parse; every failure is a ParseError subclass.

    With a time limit the work runs in a worker process that is killed when the limit passes (ParseTimeout),
    so a parse stuck inside lxml or pypdf is stopped too; without one it runs on the calling thread.
    """
    if time_limit is None:
        return _guarded_parse(data, meta, kind)
    (outcome,) = shared_pool().run(parse_item, [(data, meta, kind)], time_limit=time_limit, key=registry_key())
    if isinstance(outcome, ParseError):
        raise outcome
    return outcome


def parse_item(item: tuple[bytes, DocMeta, str]) -> ParseResult:
    """Parse one (data, meta, kind) item on this thread: the form a worker process receives."""
    return _guarded_parse(*item)


def _guarded_parse(data: bytes, meta: DocMeta, kind: str) -> ParseResult:
    """Parse, turning any unexpected exception into ParserCrash and any message into one line."""
    stage = "decoding"
    try:
        doc = load_document(data, meta)
        stage = "choosing a parser"
        chosen = detect_kind(doc) if kind == "auto" else kind
        if chosen not in parsers():
            raise UnsupportedDocument(f"unknown kind {chosen!r}")
        stage = f"parser {chosen}"
        result = parsers()[chosen].parse(doc)
        result.kind = chosen
        return _checked(result, doc)
    except ParseError as exc:
        message = one_line(str(exc), ERROR_MESSAGE_MAX)
        if exc.args != (message,):
            exc.args = (message,)
        raise
    except Exception as exc:
        raise ParserCrash(f"{stage} failed: {type(exc).__name__}: {one_line(str(exc), ERROR_MESSAGE_MAX)}") from exc


def _checked(result: ParseResult, doc: Document) -> ParseResult:
    """Keep facts that meet the contract and whose reported_text the document contains; hold the others."""
    written = _no_space(doc.text) + "\x00" + _no_space(doc.markup or "")
    kept = []
    for fact in result.facts:
        try:
            fact.validate()
        except InvalidFact as exc:
            result.held.append(Held.of(f"invalid fact: {exc}", fact))
            continue
        if _no_space(fact.reported_text) not in written:
            result.held.append(Held.of("reported_text is not in the document", fact))
            continue
        if _split_in_document(doc.text, fact.reported_text):
            result.held.append(Held.of("the figure goes on after a space in the document (a digit group or a "
                                       "decimal split by a space): the number as read is not certain", fact))
            continue
        doubt = date_doubt(fact, result.published_at or doc.meta.published_at, result.kind)
        if doubt:
            result.held.append(Held.of(doubt, fact))
            continue
        kept.append(fact)
    result.facts = _dedupe(kept)
    if result.kind in REPORT_KINDS:  # an article may carry two sources' claims: its reader settles them
        result.facts, disagreeing = _disagreeing(result.facts)
        result.held.extend(disagreeing)
    result.held = [with_snippet(h, doc.text) for h in result.held]
    return result


def with_snippet(held: Held, text: str) -> Held:
    """A held value with a snippet of the document around its text, when it has none and the text appears once."""
    if held.snippet and len(held.snippet) <= SNIPPET_MAX:
        return held
    at = text.find(held.reported_text) if held.reported_text else -1
    if at < 0 or text.find(held.reported_text, at + 1) >= 0:
        return replace(held, snippet=None)
    return replace(held, snippet=make_snippet(text, at, at + len(held.reported_text)))


# Kinds whose documents report their own recent periods (and the comparatives a year before them).
REPORT_KINDS = frozenset({"results_release_en", "results_release_zh", "hkex_announcement", "kuaishou_results",
                          "nbs_retail"})
MAX_REPORT_AGE_DAYS = 800


def date_doubt(fact: Fact, published: date | None, kind: str) -> str | None:
    """Why a document's date is implausible for a fact's period (a reported figure stated before its period ended,
    or a results document dated years after it), or None."""
    if published is None or fact.is_estimate:
        return None
    if kind not in REPORT_KINDS and fact.period.type == "year":
        return None  # an article may state a year not yet over (a reporter's estimate): its reader judges it
    if published < fact.period.end and fact.period.type != "instant":
        return f"document dated {published} states {fact.period.label} as done before that period ended"
    if kind in REPORT_KINDS and (published - fact.period.end).days > MAX_REPORT_AGE_DAYS:
        return f"a results document dated {published} is implausible for {fact.period.label}"
    return None


_SPACE = re.compile(r"\s+")


def _split_in_document(text: str, reported: str) -> bool:
    """Whether any place the document writes a figure goes on after a space with more digits of the number."""
    if not reported or not reported[-1].isdigit():
        return False
    start = text.find(reported)
    while start >= 0:
        end = start + len(reported)
        if split_by_a_space(reported, text[end : end + 12]):
            return True
        start = text.find(reported, start + 1)
    return False


def _no_space(text: str) -> str:
    """Text without whitespace: line wraps and spacing do not change what a figure says."""
    return _SPACE.sub("", text)


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


def _disagreeing(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold every fact of a natural key the document states with values beyond each other's rounding (an IFRS
    block read as non-IFRS when its lead-in is lost, a table cell against the text)."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        groups.setdefault((f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.is_estimate), []).append(f)
    doubtful = {(k[0], k[1], k[3]) for k, group in groups.items()
                if not all(_agree(group[0], other) for other in group[1:])}
    kept: list[Fact] = []
    held: list[Held] = []
    for f in facts:
        if (f.entity, f.metric, f.basis) in doubtful:
            held.append(Held.of("the document states a figure of this line with two different values (a lost "
                                "basis lead-in, a cell against the text): the whole line is in doubt", f))
        else:
            kept.append(f)
    return kept, held


def _agree(a: Fact, b: Fact) -> bool:
    """Whether two statements of one key agree within the rounding of either."""
    tolerance = max(printed_tolerance(a.reported_text, a.value), printed_tolerance(b.reported_text, b.value),
                    1e-9 * max(abs(a.value), abs(b.value)))
    return abs(a.value - b.value) <= tolerance


FACT_KEY_FIELDS = NATURAL_KEY


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
