"""Plain functions the Prefect tasks wrap: each joins one sources/transforms/warehouse call to the next."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from flows import inputs
from sources import fetching
from sources.discovery import Candidate, Rejected, discover
from sources.errors import FetchError
from sources.fetching import NotFetched
from sources.http import HttpClient, Validators
from sources.inbox import scan_inbox
from sources.replay import fetch_origin
from transforms.derive.metrics import derive_metrics, mismatch_details
from transforms.model import DocMeta, ParseError
from transforms.parse import (
    PARSE_TIME_LIMIT,
    fact_rows,
    parse_document,
    parser_version,
    parsers,
    registry_key,
)
from transforms.parse.workers import shared_pool
from warehouse import runlog
from warehouse.assemble import FetchedDoc, assemble_documents, assemble_events, assemble_facts, assemble_held
from warehouse.checks import has_errors, run_checks
from warehouse.errors import WarehouseError
from warehouse.latest import build_facts_latest
from warehouse.parsed import ParsedDoc, read_parsed, write_parsed
from warehouse.publish import Stage, one_line, publish, read_table, table_path
from warehouse.store import RawStore

log = logging.getLogger("tencent_etl")

SNAPSHOT_SOURCES = ("tencent_ir", "hkex", "prnewswire", "articles", "nbs")
# The tables a run builds and publishes (`runs` goes last, with the run's row).
TABLES = ("documents", "facts", "facts_latest", "metrics", "events", "held", "quality_checks")
VALIDATORS_FILE = fetching.VALIDATORS_FILE
# Columns that name or time the run itself (and when identical bytes were fetched again): equal content
# with other stamps is an unchanged table, which a run does not publish again.
RUN_STAMPS: frozenset[str] = frozenset({"run_id", "computed_at", "checked_at", "fetched_at"})


@dataclass(frozen=True, slots=True)
class Listing:
    """What one source listed: candidates, items turned away, and listings that could not be read (one line each)."""

    candidates: list[Candidate]
    rejected: list[Rejected]
    failures: list[str]


def discover_source(source: str, client: HttpClient, since: date, as_of: date) -> Listing:
    """What one source lists; a listing that cannot be read is a failure of the run, named with its source."""
    try:
        found, rejected = discover(source, client, since=since, as_of=as_of)
    except FetchError as exc:
        return Listing([], [], [f"{source}: {exc}"])
    unread = [f"{source}: {r.reason}" for r in rejected if r.failure]
    return Listing(found, [r for r in rejected if not r.failure], unread)


def inbox_listing(data_dir: Path) -> Listing:
    """The files an analyst dropped into <data-dir>/inbox/, as a listing."""
    found, rejected = inbox_sources(data_dir)
    return Listing(found, rejected, [])


def listed(listings: Iterable[Listing], since: date) -> list[Candidate]:
    """Every listing's candidates published on or after `since` (or undated), each URL once; items turned away logged."""
    seen: dict[str, Candidate] = {}
    for listing in listings:
        for r in listing.rejected:
            log.info("rejected %s: %s", r.url or r.title, r.reason)
        for c in listing.candidates:
            if c.published_at is None or c.published_at >= since:
                seen.setdefault(c.url, c)
    return list(seen.values())


def by_source(candidates: Iterable[Candidate]) -> dict[str, list[Candidate]]:
    """Candidates grouped by their source (one fetch task per source)."""
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(c.source, []).append(c)
    return groups


@dataclass(frozen=True, slots=True)
class Fetched:
    """One fetch's result: the stored document, the validators to remember and whether the server said 304."""

    doc: FetchedDoc
    validators: Validators | None = None
    not_modified: bool = False


load_fetch_state = fetching.load_fetch_state


@dataclass(frozen=True, slots=True)
class Fetches:
    """Every fetch result of a run, fetched or not."""

    results: list[Fetched | NotFetched]

    @property
    def fetched(self) -> list[Fetched]:
        """The results with stored bytes."""
        return [r for r in self.results if not isinstance(r, NotFetched)]

    def docs(self) -> list[FetchedDoc]:
        """The fetched documents, each doc id once (the first candidate that brought its bytes)."""
        docs: dict[str, FetchedDoc] = {}
        for r in self.fetched:
            docs.setdefault(r.doc.doc_id, r.doc)
        return list(docs.values())

    def counts(self) -> tuple[int, int, int]:
        """Documents fetched, answered 'not modified' and not fetched."""
        missed = len(self.results) - len(self.fetched)
        return len(self.docs()), sum(r.not_modified for r in self.fetched), missed

    def failure_lines(self) -> list[str]:
        """One `fetch failed:` line per document that failed, or per source and reason for those not tried."""
        missed = [r for r in self.results if isinstance(r, NotFetched)]
        return [f"fetch failed: {line}" for line in fetch_failure_lines(missed)]


def save_fetch_state(data_dir: Path, previous: Mapping[str, Validators], results: Iterable[Fetched]) -> list[str]:
    """Record the validators of this run's fetches over the earlier ones (one writer: the flow); failure lines."""
    try:
        fetching.save_fetch_state(data_dir, previous, (r.validators for r in results))
    except OSError as exc:  # the next run fetches in full instead of asking conditionally
        return [f"state not saved: {fetching.VALIDATORS_FILE}: {one_line(exc)}"]
    return []


def fetched_doc(result: fetching.Fetched, origin: str) -> FetchedDoc:
    """The run's record of a fetched candidate: what its listing said, where its bytes are and where they came from."""
    c, s = result.candidate, result.stored
    return FetchedDoc(doc_id=s.doc_id, source=c.source, url=c.url, title=c.title, published_at=c.published_at,
                      fetched_at=s.fetched_at, content_type=s.content_type, byte_size=s.byte_size,
                      raw_path=s.raw_path, charset=s.charset, origin=origin)


def origin_of(candidate: Candidate, client: HttpClient | None) -> str:
    """Where a candidate's bytes come from: the inbox, the bundled snapshot (reconstructed) or a live fetch."""
    if candidate.source == "inbox" or client is None:
        return "inbox"
    return fetch_origin(client.transport)


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
    inputs.drop_stale_parse_cache(data_dir)
    cached: dict[str, ParsedDoc] = {}
    todo: list[FetchedDoc] = []
    for doc in docs:
        found = read_parsed(data_dir, doc.doc_id)
        if is_current(found):
            cached[doc.doc_id] = found
        else:
            todo.append(doc)
    return cached, todo


def remember_parses(data_dir: Path, outputs: Iterable[ParsedDoc]) -> list[str]:
    """Keep fresh parse outputs in the run's cache (the flow writes them); one line per output not kept.

    An output that cannot be written (disk full, permission denied) is still used by this run; only
    outputs made by a parser are kept (a storage failure is tried again next run).
    """
    lines: list[str] = []
    for parsed in outputs:
        if parsed.parser_version is None:
            continue
        try:
            write_parsed(data_dir, parsed)
        except OSError as exc:
            lines.append(f"parse cache: {parsed.doc_id[:12]} not kept: {one_line(exc)}")
    return lines


def parse_batches(docs: list[FetchedDoc], size: int) -> list[list[FetchedDoc]]:
    """Documents in batches of at most `size`, large and small spread over the batches."""
    if not docs:
        return []
    count = -(-len(docs) // max(1, size))
    ordered = sorted(docs, key=lambda d: (-d.byte_size, d.doc_id))
    return [ordered[i::count] for i in range(count)]


def parse_bytes(
    data: bytes, meta: DocMeta, doc_id: str, kind: str = "auto", time_limit: float | None = None
) -> ParsedDoc:
    """Parse one document's bytes: its facts as table rows, events and held values; ParseError when no parser can."""
    extracted_at = datetime.now(UTC)
    result = parse_document(data, meta, kind=kind, time_limit=time_limit)
    published = meta.published_at or result.published_at
    rows = fact_rows(result, doc_id=doc_id, source=meta.source, published_at=published,
                     parser_version=f"{result.kind}/{parser_version(result.kind)}", extracted_at=extracted_at)
    return ParsedDoc(doc_id=doc_id, kind=result.kind, parser_version=parser_version(result.kind), status="parsed",
                     title=result.title, published_at=published.isoformat() if published else None,
                     extracted_at=extracted_at.isoformat(), facts=rows, events=[asdict(e) for e in result.events],
                     held=[asdict(h) for h in result.held])


def parse_batch(docs: list[FetchedDoc], raw_store: str, time_limit: float = PARSE_TIME_LIMIT) -> list[ParsedDoc]:
    """Parse a batch on one worker process, each document within the time limit; failures are outputs.

    The bytes are read here and sent to the worker: a raw store in this process's memory (memory://), or
    documents stored after the worker was forked, are not in the worker's copy of the process.
    """
    store = RawStore(raw_store)
    outputs: dict[int, ParsedDoc] = {}
    sent: list[tuple[int, FetchedDoc, bytes]] = []
    for i, doc in enumerate(docs):
        try:
            sent.append((i, doc, store.read(doc.raw_path)))
        except (OSError, WarehouseError) as exc:  # missing bytes or a refusing disk: parsed again next run
            outputs[i] = ParsedDoc(doc.doc_id, None, None, "failed", error=f"raw bytes not read: {one_line(exc)}")
    outcomes = shared_pool().run(parse_read, [(doc, data) for _i, doc, data in sent], time_limit=time_limit,
                                 key=registry_key())
    for (i, doc, _data), out in zip(sent, outcomes, strict=True):
        outputs[i] = out if isinstance(out, ParsedDoc) else failed_output(doc, out)
    parsed = [outputs[i] for i in range(len(docs))]
    for doc, out in zip(docs, parsed, strict=True):
        if out.status == "failed":
            log.warning("failed: %s: %s", doc.url, out.error)
    return parsed


def parse_read(item: tuple[FetchedDoc, bytes]) -> ParsedDoc:
    """Parse one document's bytes already read from the raw store: what a worker process runs for each."""
    doc, data = item
    return parsed_output(doc, data)


def failed_output(doc: FetchedDoc, exc: ParseError) -> ParsedDoc:
    """The parse output of a document that could not be parsed: the error, and the parsers that tried."""
    return ParsedDoc(doc.doc_id, None, registry_fingerprint(), "failed", error=f"{type(exc).__name__}: {exc}")


def parse_stored(doc: FetchedDoc, raw_store: str) -> ParsedDoc:
    """Parse one document from the raw store at `raw_store` (a data dir or fsspec URL) on this thread."""
    try:
        data = RawStore(raw_store).read(doc.raw_path)
    except OSError as exc:  # StoreError included: the bytes are missing or the disk refuses; parsed again next run
        log.warning("failed: %s: %s", doc.url, one_line(exc))
        return ParsedDoc(doc.doc_id, None, None, "failed", error=f"raw bytes not read: {one_line(exc)}")
    parsed = parsed_output(doc, data)
    if parsed.status == "failed":
        log.warning("failed: %s: %s", doc.url, parsed.error)
    return parsed


def parsed_output(doc: FetchedDoc, data: bytes) -> ParsedDoc:
    """The parse output of one document's bytes; a document that cannot be parsed is a failed output."""
    meta = DocMeta(url=doc.url, source=doc.source, title=doc.title, published_at=doc.published_at,
                   content_type=doc.content_type, charset=doc.charset)
    try:
        return parse_bytes(data, meta, doc.doc_id)
    except ParseError as exc:
        return failed_output(doc, exc)


def fetch_all(
    candidates: list[Candidate],
    client: HttpClient | None,
    data_dir: Path,
    known: list[Validators | None],
    raw_store: str | None = None,
) -> list[Fetched | NotFetched]:
    """Fetch candidates into the run's raw store (conditionally when known); failures come back as NotFetched."""
    store = RawStore(raw_store or data_dir)
    results = fetching.fetch_documents(candidates, client, store, known, Path(data_dir) / "inbox")
    return [r if isinstance(r, NotFetched) else Fetched(fetched_doc(r, origin_of(r.candidate, client)), r.validators,
                                                         r.not_modified)
            for r in results]


def fetch_failure_lines(missed: Iterable[NotFetched]) -> list[str]:
    """One line per document that failed when asked, and one per source and reason for those never asked."""
    lines: list[str] = []
    untried: dict[tuple[str, str], int] = {}
    for item in missed:
        if item.tried:
            lines.append(item.reason)
        else:
            key = (item.candidate.source, item.reason)
            untried[key] = untried.get(key, 0) + 1
    lines += [f"{source}: {n} document{'s' if n != 1 else ''} not tried: {reason}"
              for (source, reason), n in untried.items()]
    return lines


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


def assemble_tables(data_dir: Path, run_id: str, docs: list[FetchedDoc], parsed: dict[str, ParsedDoc]) -> Path:
    """Stage documents, facts, events, held values and facts_latest: the published tables with this run's parses."""
    stage = Stage(data_dir, run_id)
    facts = assemble_facts(read_table(data_dir, "facts"), parsed)
    stage.write("documents", assemble_documents(read_table(data_dir, "documents"), docs, parsed))
    stage.write("facts", facts)
    stage.write("events", assemble_events(read_table(data_dir, "events"), parsed))
    stage.write("held", assemble_held(read_table(data_dir, "held"), docs, parsed, run_id))
    stage.write("facts_latest", build_facts_latest(facts))
    return stage.dir


def derive_tables(data_dir: Path, run_id: str) -> tuple[int, str]:
    """Stage the metrics derived from the staged facts_latest; the growths that disagree with stated ones."""
    stage = Stage(data_dir, run_id)
    metrics, mismatches = derive_metrics(stage.read("facts_latest"), run_id=run_id, computed_at=datetime.now(UTC))
    stage.write("metrics", metrics)
    return len(mismatches), mismatch_details(mismatches) if mismatches else ""


def check_tables(data_dir: Path, run_id: str, growth: tuple[int, str], read_failures: list[str]) -> str | None:
    """Stage quality_checks of the staged tables; the failed error checks in one line, or None when none failed."""
    stage = Stage(data_dir, run_id)
    tables = {name: stage.read(name) for name in TABLES if name != "quality_checks"}
    now = datetime.now(UTC)
    rows = [runlog.growth_row(run_id, *growth, now), runlog.sources_row(run_id, read_failures, now)]
    checks = runlog.with_rows(run_checks(tables, run_id, now), rows)
    stage.write("quality_checks", checks)
    if not has_errors(checks):
        return None
    failed = checks[(checks.severity == "error") & (checks.status == "fail")]
    return "; ".join(f"{r.check} ({r.details})" for r in failed.itertuples())


def staged_counts(data_dir: Path, run_id: str) -> tuple[int, int]:
    """Rows of the staged facts and metrics."""
    stage = Stage(data_dir, run_id)
    return len(stage.read("facts")), len(stage.read("metrics"))


def publish_tables(data_dir: Path, run_id: str, runs_row: dict, tables: list[str], retention: int | None) -> None:
    """Publish the staged `tables`, then the run's `runs` row: the commit; PublishError leaves earlier versions."""
    stage = Stage(data_dir, run_id)
    stage.write("runs", runlog.with_rows(read_table(data_dir, "runs"), [runs_row]))
    publish(stage, [*tables, "runs"], retention=retention)


def published_inputs(run_id: str, source: str, docs: list[FetchedDoc], parsed: dict[str, ParsedDoc],
                     held: list[str], facts: int, metrics: int) -> inputs.PublishedInputs:
    """What the tables just published (or found unchanged) were built from."""
    parsers_used = {d.doc_id: inputs.parser_of(parsed[d.doc_id]) for d in docs}
    failures = [f"{d.url}: {parsed[d.doc_id].error}" for d in docs if parsed[d.doc_id].status != "parsed"]
    return inputs.PublishedInputs(run_id=run_id, key=inputs.inputs_key(docs, parsers_used, source),
                                  parsers=parsers_used, failures=failures, held=list(held), facts=facts,
                                  metrics=metrics)
