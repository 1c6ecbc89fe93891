"""Plain functions the Prefect tasks wrap: each joins one sources/transforms/warehouse call to the next."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from flows import inputs
from sources.discovery import Candidate, Rejected, discover
from sources.http import FetchError, HttpClient, Response, Validators, load_validators, save_validators
from sources.inbox import read_inbox_file, scan_inbox
from sources.replay import fetch_origin
from transforms.model import DocMeta, ParseError
from transforms.parse import fact_rows, parse_document, parser_version, parsers
from warehouse.assemble import FetchedDoc
from warehouse.parsed import ParsedDoc, read_parsed, write_parsed
from warehouse.publish import Stage, read_table, table_path
from warehouse.store import RawStore

log = logging.getLogger("tencent_etl")

SNAPSHOT_SOURCES = ("tencent_ir", "hkex", "prnewswire", "articles", "nbs")
VALIDATORS_FILE = "http_validators.json"
# Columns that name or time the run itself (and when identical bytes were fetched again): equal content
# with other stamps is an unchanged table, which a run does not publish again.
RUN_STAMPS: frozenset[str] = frozenset({"run_id", "computed_at", "checked_at", "fetched_at"})

EXTENSIONS = {
    "application/pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "text/plain": "txt",
}


def extension_for(content_type: str | None, data: bytes) -> str:
    """File extension for the raw store, from the content type, else from the bytes."""
    base = (content_type or "").split(";")[0].strip().lower()
    if base in EXTENSIONS:
        return EXTENSIONS[base]
    head = data[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"<"):
        return "html"
    return "txt"


def discover_source(source: str, client: HttpClient, since: date, as_of: date) -> tuple[list[Candidate], list[Rejected]]:
    """Candidates of one source; a listing that cannot be fetched yields none and is logged."""
    try:
        return discover(source, client, since=since, as_of=as_of)
    except FetchError as exc:
        log.warning("discovery of %s failed: %s", source, exc)
        return [], [Rejected(url="", title=source, reason=f"listing unavailable: {exc}")]


@dataclass(frozen=True, slots=True)
class Fetched:
    """One fetch's result: the stored document, the validators to remember and whether the server said 304."""

    doc: FetchedDoc
    validators: Validators | None = None
    not_modified: bool = False


def validators_path(data_dir: Path) -> Path:
    """The state file of HTTP validators: <data-dir>/state/http_validators.json."""
    return Path(data_dir) / "state" / VALIDATORS_FILE


def load_fetch_state(data_dir: Path) -> dict[str, Validators]:
    """The validators recorded by earlier runs, by URL."""
    return load_validators(validators_path(data_dir))


def save_fetch_state(data_dir: Path, previous: Mapping[str, Validators], results: Iterable[Fetched]) -> Path:
    """Record the validators of this run's fetches over the earlier ones (one writer: the flow)."""
    state = dict(previous)
    for result in results:
        if result.validators is not None:
            state[result.validators.url] = result.validators
    return save_validators(validators_path(data_dir), state)


def fetch_if_changed(
    candidate: Candidate,
    client: HttpClient | None,
    data_dir: Path,
    known: Validators | None = None,
    raw_store: str | None = None,
) -> Fetched:
    """Fetch one candidate, conditionally when its validators are known and its bytes still stored."""
    store = RawStore(raw_store or data_dir)
    if candidate.source == "inbox":
        data = read_inbox_file(Path(data_dir) / "inbox" / candidate.url.removeprefix("inbox:"))
        return Fetched(_store(candidate, store, data, None, None, "inbox"))
    if client is None:
        raise FetchError(candidate.url, "no HTTP client for this source")
    origin = fetch_origin(client.transport)
    usable = known is not None and known.conditional and store.find(known.doc_id) == known.raw_path
    if usable:
        response = client.get(candidate.url, etag=known.etag, last_modified=known.last_modified)
        if response.not_modified:
            return Fetched(_from_validators(candidate, known, origin), known, not_modified=True)
    else:
        response = client.get(candidate.url)
    doc = _store(candidate, store, response.content, response.content_type, response.charset, origin)
    return Fetched(doc, _validators_of(doc, response))


def _store(candidate: Candidate, store: RawStore, data: bytes, content_type: str | None,
           charset: str | None, origin: str = "fetched") -> FetchedDoc:
    """Put bytes in the raw store and describe the stored document."""
    doc_id, raw_path = store.put(data, extension_for(content_type, data))
    return FetchedDoc(
        doc_id=doc_id,
        source=candidate.source,
        url=candidate.url,
        title=candidate.title,
        published_at=candidate.published_at,
        fetched_at=datetime.now(UTC),
        content_type=content_type,
        byte_size=len(data),
        raw_path=raw_path,
        charset=charset,
        origin=origin,
    )


def _from_validators(candidate: Candidate, known: Validators, origin: str = "fetched") -> FetchedDoc:
    """The stored document a 304 answer points at, as it was when its bytes were fetched."""
    return FetchedDoc(
        doc_id=known.doc_id,
        source=candidate.source,
        url=candidate.url,
        title=candidate.title,
        published_at=candidate.published_at,
        fetched_at=datetime.fromisoformat(known.fetched_at),
        content_type=known.content_type,
        byte_size=known.byte_size,
        raw_path=known.raw_path,
        charset=known.charset,
        origin=origin,
    )


def _validators_of(doc: FetchedDoc, response: Response) -> Validators | None:
    """What to remember of a full answer, or None when the server sent no validator."""
    if not (response.etag or response.last_modified):
        return None
    return Validators(
        url=doc.url,
        doc_id=doc.doc_id,
        raw_path=doc.raw_path,
        fetched_at=doc.fetched_at.isoformat(),
        byte_size=doc.byte_size,
        content_type=doc.content_type,
        charset=doc.charset,
        etag=response.etag,
        last_modified=response.last_modified,
    )


def registry_fingerprint() -> str:
    """One string naming every parser kind and version: what a failed parse was tried with."""
    return ",".join(f"{k}/{p.version}" for k, p in sorted(parsers().items()))


def parser_is_current(kind: str | None, version: str | None) -> bool:
    """Whether a parse output of `kind` (None: every parser failed) at `version` is what the parsers make now."""
    if kind is None:
        return version == registry_fingerprint()
    known = parsers()
    return kind in known and known[kind].version == version


def is_current(parsed: ParsedDoc | None) -> bool:
    """Whether a cached parse output was made by the parser versions in use now."""
    return parsed is not None and parser_is_current(parsed.kind, parsed.parser_version)


def split_cached(docs: Iterable[FetchedDoc], data_dir: Path) -> tuple[dict[str, ParsedDoc], list[FetchedDoc]]:
    """Cached parse outputs made by the current parsers, and the documents that still need parsing."""
    cached: dict[str, ParsedDoc] = {}
    todo: list[FetchedDoc] = []
    for doc in docs:
        found = read_parsed(data_dir, doc.doc_id)
        if is_current(found):
            cached[doc.doc_id] = found
        else:
            todo.append(doc)
    return cached, todo


def remember_parses(data_dir: Path, outputs: Iterable[ParsedDoc]) -> None:
    """Keep fresh parse outputs in the run's cache (the flow writes them, wherever they were parsed)."""
    for parsed in outputs:
        write_parsed(data_dir, parsed)


def parse_batches(docs: list[FetchedDoc], size: int) -> list[list[FetchedDoc]]:
    """Documents in batches of at most `size`, large and small spread over the batches."""
    if not docs:
        return []
    count = -(-len(docs) // max(1, size))
    ordered = sorted(docs, key=lambda d: (-d.byte_size, d.doc_id))
    return [ordered[i::count] for i in range(count)]


def parse_stored(doc: FetchedDoc, raw_store: str) -> ParsedDoc:
    """Parse one document from the raw store at `raw_store` (a data dir or fsspec URL); failures are outputs."""
    data = RawStore(raw_store).read(doc.raw_path)
    meta = DocMeta(
        url=doc.url,
        source=doc.source,
        title=doc.title,
        published_at=doc.published_at,
        content_type=doc.content_type,
        charset=doc.charset,
    )
    extracted_at = datetime.now(UTC)
    try:
        result = parse_document(data, meta)
    except ParseError as exc:
        parsed = ParsedDoc(doc.doc_id, None, registry_fingerprint(), "failed", error=f"{type(exc).__name__}: {exc}")
        log.warning("failed: %s: %s", doc.url, parsed.error)
        return parsed
    published = doc.published_at or result.published_at
    rows = fact_rows(
        result,
        doc_id=doc.doc_id,
        source=doc.source,
        published_at=published,
        parser_version=f"{result.kind}/{parser_version(result.kind)}",
        extracted_at=extracted_at,
    )
    return ParsedDoc(
        doc_id=doc.doc_id,
        kind=result.kind,
        parser_version=parser_version(result.kind),
        status="parsed",
        title=result.title,
        published_at=published.isoformat() if published else None,
        extracted_at=extracted_at.isoformat(),
        facts=rows,
        events=[asdict(e) for e in result.events],
        held=[asdict(h) for h in result.held],
    )


def fetch_all(
    candidates: list[Candidate],
    client: HttpClient | None,
    data_dir: Path,
    known: list[Validators | None],
    raw_store: str | None = None,
) -> list[Fetched | str]:
    """Fetch candidates one after another; a candidate that fails comes back as a one-line message."""
    results: list[Fetched | str] = []
    for candidate, validators in zip(candidates, known, strict=True):
        try:
            results.append(fetch_if_changed(candidate, client, data_dir, validators, raw_store))
        except (FetchError, OSError, ValueError) as exc:
            results.append(f"{candidate.url}: {exc}")
    return results


def matches_published(record: inputs.PublishedInputs | None, docs: list[FetchedDoc], settings: str,
                      data_dir: Path, tables: Iterable[str]) -> bool:
    """Whether the tables are all published and this run's documents, parsers, settings and code made them."""
    if record is None or any(d.doc_id not in record.parsers for d in docs):
        return False
    if not all(table_path(data_dir, t).is_file() for t in tables):
        return False
    if not all(parser_is_current(*record.parsers[d.doc_id][:2]) for d in docs):
        return False
    return inputs.inputs_key(docs, record.parsers, settings) == record.key


def inbox_sources(data_dir: Path) -> tuple[list[Candidate], list[Rejected]]:
    """Candidates from the files an analyst dropped into <data-dir>/inbox/."""
    return scan_inbox(Path(data_dir) / "inbox")


def _canonical(frame) -> object:
    """A table's rows as sorted text without the run's own stamps: what 'the same content' compares."""
    keep = sorted(c for c in frame.columns if c not in RUN_STAMPS)
    text = frame[keep].astype(str)
    return text.sort_values(keep).reset_index(drop=True) if keep else text


def unchanged_tables(data_dir: Path, stage: Stage, tables: Iterable[str]) -> bool:
    """Whether every staged table holds the rows already published (run ids and times aside)."""
    for name in tables:
        if not table_path(data_dir, name).is_file():
            return False
        published = read_table(data_dir, name)
        staged = stage.read(name)
        if len(published) != len(staged) or list(published.columns) != list(staged.columns):
            return False
        if not _canonical(published).equals(_canonical(staged)):
            return False
    return True
