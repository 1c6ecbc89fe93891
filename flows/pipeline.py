"""The pipeline as one Prefect flow: discover, fetch, parse, assemble, derive, check, publish, report."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import inputs, reporting, steps
from flows.settings import MAX_WORKERS
from sources.discovery import Candidate
from sources.discovery.configured import configured_allowed_hosts
from sources.fetching import GuardedClient, NotFetched, forget_run, run_reachability
from sources.http import DEFAULT_ALLOWED_HOSTS, HttpClient, Validators
from sources.replay import snapshot_as_of
from transforms.derive.metrics import derive_metrics, mismatch_details
from transforms.normalise.periods import from_label
from warehouse.assemble import FetchedDoc, assemble_documents, assemble_events, assemble_facts, assemble_held
from warehouse.checks import has_errors, run_checks
from warehouse.duck import rebuild_duckdb
from warehouse.errors import SchemaDrift, WarehouseError
from warehouse.latest import build_facts_latest
from warehouse.parsed import ParsedDoc
from warehouse.publish import Stage, publish, read_table, write_lock
from warehouse.remote import pull_published, push_published

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3
# Documents per parse task run: few enough task runs to keep orchestration cheap, enough to spread over workers.
PARSE_BATCH = 16
TABLES = ("documents", "facts", "facts_latest", "metrics", "events", "held", "quality_checks")
MAX_LISTED = 8


@dataclass(slots=True)
class RunOutcome:
    """What a run did, for the CLI's exit code and the run summary."""

    run_id: str
    status: str
    exit_code: int
    docs_seen: int = 0
    docs_new: int = 0
    docs_unchanged: int = 0
    docs_failed: int = 0
    docs_not_modified: int = 0
    docs_listed: int = 0
    docs_not_fetched: int = 0
    listings_failed: int = 0
    facts_written: int = 0
    metrics_written: int = 0
    failures: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    message: str = ""


def code_version() -> str:
    """The installed package version."""
    try:
        return version("tencent-etl")
    except PackageNotFoundError:
        return "0+unknown"


@lru_cache(maxsize=2)
def make_client(source: str) -> HttpClient | None:
    """The run's HTTP client for a source mode (one per mode, so per-host rate limits hold across tasks)."""
    if source == "snapshot":
        return HttpClient("snapshot")
    if source == "live":
        return HttpClient("live", allowed_hosts=DEFAULT_ALLOWED_HOSTS | configured_allowed_hosts())
    return None


def run_client(source: str, run_id: str) -> GuardedClient | None:
    """The source mode's client seen through this run's record of unreachable hosts (shared by the run's tasks)."""
    client = make_client(source)
    return None if client is None else GuardedClient(client, run_reachability(run_id))


@task(name="discover", task_run_name="discover-{name}")
def discover_task(name: str, source: str, since: date, as_of: date, run_id: str = "") -> steps.Listing:
    """List candidate documents of one source; a listing that cannot be read comes back as a failure line."""
    return steps.discover_source(name, run_client(source, run_id), since, as_of)


@task(name="fetch", task_run_name="fetch-{name}")
def fetch_task(name: str, candidates: list[Candidate], source: str, data_dir: Path, known: list[Validators | None],
               raw_store: str | None = None, run_id: str = "") -> list[steps.Fetched | NotFetched]:
    """Fetch one source's candidates into the raw store (conditionally when known); failures come back as NotFetched."""
    return steps.fetch_all(candidates, run_client(source, run_id), data_dir, known, raw_store)


@task(name="parse", task_run_name="parse-batch-{number}")
def parse_task(docs: list[FetchedDoc], number: int, raw_store: str) -> list[ParsedDoc]:
    """Parse a batch of stored documents; a document that cannot be parsed comes back as a failed output."""
    return [steps.parse_stored(doc, raw_store) for doc in docs]


def _since_date(since: str) -> date:
    return from_label(since).start


@flow(
    name="tencent-etl",
    task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS),
    log_prints=False,
    persist_result=False,
)
def pipeline(
    source: str = "snapshot", data_dir: str = "data", since: str = "2018Q1", only: list[str] | None = None,
    raw_store: str | None = None, tables_url: str | None = None,
) -> dict:
    """Discover, fetch, parse, derive, check and publish the warehouse tables; returns the run outcome."""
    logger = get_run_logger()
    root = Path(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
    started = datetime.now(UTC)
    with write_lock(root):
        if tables_url:
            pulled = _pull_shared(logger, root, tables_url, run_id)
            if isinstance(pulled, RunOutcome):
                return asdict(pulled)
        try:
            outcome = _run(logger, run_id, started, source, root, since, tuple(only or steps.SNAPSHOT_SOURCES),
                           raw_store)
        finally:
            forget_run(run_id)
        reporting.refresh_report(logger, root, run_id, held=outcome.held)
        if tables_url:
            _push_shared(logger, root, tables_url, outcome)
    return asdict(outcome)


def _pull_shared(logger, root: Path, url: str, run_id: str) -> RunOutcome | None:
    """Bring newer shared tables into the data dir before the run; a failed outcome when the URL is unusable."""
    try:
        pulled = pull_published(root, url)
    except WarehouseError as exc:  # RemoteTablesError, or a remote table that breaks the schema
        logger.error("nothing run: %s", exc)
        return RunOutcome(run_id=run_id, status="failed", exit_code=EXIT_FAILED, message=str(exc))
    if pulled:
        inputs.forget(root)  # the published tables now come from another data dir
        logger.info("took the shared tables from %s (%s)", url, ", ".join(pulled))
    return None


def _push_shared(logger, root: Path, url: str, outcome: RunOutcome) -> None:
    """Copy the published tables to the shared URL, runs last; a failure makes the run partial."""
    try:
        pushed = push_published(root, url, [*TABLES, "runs"])
    except WarehouseError as exc:  # RemoteTablesError, or a remote table that breaks the schema
        outcome.failures.append(f"tables not shared: {exc}")
        logger.warning("tables not shared: %s", exc)
        if outcome.exit_code == EXIT_OK:
            outcome.status, outcome.exit_code = "partial", EXIT_PARTIAL
        return
    logger.info("shared %d tables at %s", len(pushed), url)


def _run(logger, run_id: str, started: datetime, source: str, root: Path, since: str,
         names: tuple[str, ...], raw_store: str | None = None) -> RunOutcome:
    since_day = _since_date(since)
    as_of = snapshot_as_of() if source == "snapshot" else date.today()
    outcome = RunOutcome(run_id=run_id, status="ok", exit_code=EXIT_OK)

    # 1. Discover (a listing that cannot be read is a failure of the run).
    if source == "inbox":
        candidates, rejected = steps.inbox_sources(root)
    else:
        futures = [discover_task.submit(name, source, since_day, as_of, run_id) for name in names]
        candidates, rejected = [], []
        for fut in futures:
            listing = fut.result()
            candidates += listing.candidates
            rejected += listing.rejected
            outcome.listings_failed += len(listing.failures)
            outcome.failures += [f"listing failed: {line}" for line in listing.failures]
    candidates = _dedupe_candidates(c for c in candidates if c.published_at is None or c.published_at >= since_day)
    outcome.docs_listed = len(candidates)
    for r in rejected:
        logger.info("rejected %s: %s", r.url or r.title, r.reason)
    logger.info("discovered %d documents (%d rejected, %d listings not read)", len(candidates), len(rejected),
                outcome.listings_failed)

    # 2. Fetch, one task per source (conditional requests for URLs whose validators an earlier run recorded).
    fetched: dict[str, FetchedDoc] = {}
    known = steps.load_fetch_state(root)
    by_source: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_source.setdefault(c.source, []).append(c)
    futures = [fetch_task.submit(name, group, source, root, [known.get(c.url) for c in group], raw_store, run_id)
               for name, group in by_source.items()]
    results = [r for fut in futures for r in fut.result()]
    missed = [r for r in results if isinstance(r, NotFetched)]
    for result in results:
        if not isinstance(result, NotFetched):
            fetched.setdefault(result.doc.doc_id, result.doc)
            outcome.docs_not_modified += result.not_modified
    outcome.docs_not_fetched = len(missed)
    outcome.failures += [f"fetch failed: {line}" for line in steps.fetch_failure_lines(missed)]
    for line in outcome.failures:
        logger.warning(line)
    steps.save_fetch_state(root, known, (r for r in results if not isinstance(r, NotFetched)))
    outcome.docs_seen = len(fetched)
    logger.info("fetched %d documents (%d not modified since the last run, %d not fetched)", len(fetched),
                outcome.docs_not_modified, outcome.docs_not_fetched)
    docs = list(fetched.values())
    read_failures = list(outcome.failures)

    # Nothing could be read at all (no network, every listing broken): publish nothing over the tables.
    if not docs and read_failures:
        outcome.status, outcome.exit_code = "failed", EXIT_FAILED
        outcome.message = "nothing fetched: nothing published, tables left as they were"
        logger.error(outcome.message)
        _publish_run_row(root, run_id, started, source, outcome, runs_only=True)
        return outcome

    # Nothing new: the same documents, parsers and code as the published tables; record the run and stop.
    record = inputs.load(root)
    if not outcome.failures and steps.matches_published(record, docs, source, root, TABLES):
        return _unchanged_run(logger, root, run_id, started, source, outcome, record)

    # 3. Parse what the cache does not hold, in batches (a batch is one task run).
    parsed, todo = steps.split_cached(docs, root)
    outcome.docs_unchanged = len(parsed)
    batches = steps.parse_batches(todo, PARSE_BATCH)
    outputs = [out for batch in parse_task.map(batches, list(range(1, len(batches) + 1)),
                                               raw_store=unmapped(raw_store or str(root))).result() for out in batch]
    steps.remember_parses(root, outputs)
    parsed.update((out.doc_id, out) for out in outputs)
    outcome.docs_new = len(outputs)
    for doc in docs:
        out = parsed[doc.doc_id]
        if out.status != "parsed":
            outcome.docs_failed += 1
            outcome.failures.append(f"{doc.url}: {out.error}")
        outcome.held += [f"{doc.url}: {h['reason']}: {h['reported_text']}" for h in out.held]
    logger.info(
        "parsed %d new, %d unchanged, %d failed", outcome.docs_new, outcome.docs_unchanged, outcome.docs_failed
    )

    # 4. Assemble, derive, check.
    previous = {name: read_table(root, name) for name in ("documents", "facts", "events", "held")}
    tables = {
        "documents": assemble_documents(previous["documents"], docs, parsed),
        "facts": assemble_facts(previous["facts"], parsed),
        "events": assemble_events(previous["events"], parsed),
        "held": assemble_held(previous["held"], docs, parsed, run_id),
    }
    try:
        tables["facts_latest"] = build_facts_latest(tables["facts"])
    except SchemaDrift as exc:
        # Facts that break the schema cannot be checked row by row: fail the run, publish nothing.
        outcome.status, outcome.exit_code = "failed", EXIT_FAILED
        outcome.message = f"facts do not match the schema: {exc}"
        logger.error("nothing published: %s", outcome.message)
        _publish_run_row(root, run_id, started, source, outcome, runs_only=True)
        return outcome
    now = datetime.now(UTC)
    tables["metrics"], mismatches = derive_metrics(tables["facts_latest"], run_id=run_id, computed_at=now)
    checks = run_checks(tables, run_id, now)
    checks = _with_growth_check(checks, run_id, now, mismatches)
    checks = _with_sources_check(checks, run_id, now, read_failures)
    tables["quality_checks"] = checks
    outcome.facts_written = len(tables["facts"])
    outcome.metrics_written = len(tables["metrics"])

    # 5. Publish, or not.
    if has_errors(checks):
        failed = checks[(checks.severity == "error") & (checks.status == "fail")]
        outcome.status, outcome.exit_code = "failed", EXIT_FAILED
        outcome.message = "error checks failed: " + "; ".join(f"{r.check} ({r.details})" for r in failed.itertuples())
        logger.error("nothing published: %s", outcome.message)
        _publish_run_row(root, run_id, started, source, outcome, runs_only=True)
        return outcome
    if outcome.docs_failed or outcome.failures:
        outcome.status, outcome.exit_code = "partial", EXIT_PARTIAL
    stage = Stage(root, run_id)
    for name in TABLES:
        stage.write(name, tables[name])
    if outcome.docs_new == 0 and steps.unchanged_tables(root, stage, TABLES):
        # Nothing new: the tables keep their published files (no new versions); only the run is recorded.
        outcome.message = "nothing changed since the last published run; tables left as they were"
        _publish_run_row(root, run_id, started, source, outcome, stage=stage, runs_only=True)
        inputs.save(root, _record(run_id, source, docs, parsed, outcome))
        logger.info("%s (run %s recorded)", outcome.message, run_id)
        return outcome
    inputs.forget(root)
    _publish_run_row(root, run_id, started, source, outcome, stage=stage)
    inputs.save(root, _record(run_id, source, docs, parsed, outcome))
    logger.info("published %d facts, %d metrics (run %s, %s)", outcome.facts_written, outcome.metrics_written,
                run_id, outcome.status)

    # 6. Serve: DuckDB views, the report, Prefect artifacts.
    rebuild_duckdb(root)
    report = reporting.draw_report(logger, root, run_id, held=outcome.held)
    if report is not None:
        _artifacts(tables, report, outcome)
    return outcome


def _record(run_id: str, source: str, docs: list[FetchedDoc], parsed: dict[str, ParsedDoc],
            outcome: RunOutcome) -> inputs.PublishedInputs:
    """What the tables just published (or found unchanged) were built from."""
    parsers = {d.doc_id: inputs.parser_of(parsed[d.doc_id]) for d in docs}
    failures = [f"{d.url}: {parsed[d.doc_id].error}" for d in docs if parsed[d.doc_id].status != "parsed"]
    return inputs.PublishedInputs(run_id=run_id, key=inputs.inputs_key(docs, parsers, source), parsers=parsers,
                                  failures=failures, held=list(outcome.held), facts=outcome.facts_written,
                                  metrics=outcome.metrics_written)


def _unchanged_run(logger, root: Path, run_id: str, started: datetime, source: str, outcome: RunOutcome,
                   record: inputs.PublishedInputs) -> RunOutcome:
    """Record a run whose inputs are those of the published tables; the tables are left as they are."""
    outcome.docs_unchanged = outcome.docs_seen
    outcome.failures = list(record.failures)
    outcome.docs_failed = len(record.failures)
    outcome.held = list(record.held)
    outcome.facts_written, outcome.metrics_written = record.facts, record.metrics
    if outcome.failures:
        outcome.status, outcome.exit_code = "partial", EXIT_PARTIAL
    outcome.message = (f"nothing changed since the last published run ({record.run_id}): same documents, "
                       "parsers and code; nothing parsed, tables left as they were")
    _publish_run_row(root, run_id, started, source, outcome, runs_only=True)
    logger.info("%s (run %s recorded)", outcome.message, run_id)
    return outcome


def _dedupe_candidates(candidates) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for c in candidates:
        seen.setdefault(c.url, c)
    return list(seen.values())


def _with_check(checks, run_id: str, now: datetime, check: str, table: str, failing: int, details: str) -> object:
    """The quality checks with one more warning-level row a run computes itself."""
    import pandas as pd

    row = {
        "run_id": run_id,
        "check": check,
        "table": table,
        "severity": "warn",
        "status": "fail" if failing else "pass",
        "failing_rows": failing,
        "details": details,
        "checked_at": now,
    }
    return pd.concat([checks, pd.DataFrame([row])], ignore_index=True)


def _with_growth_check(checks, run_id: str, now: datetime, mismatches) -> object:
    details = mismatch_details(mismatches) if mismatches else "every computed growth agrees with the stated one"
    return _with_check(checks, run_id, now, "computed_growth_matches_reported", "metrics", len(mismatches), details)


def _with_sources_check(checks, run_id: str, now: datetime, failures: list[str]) -> object:
    """The check that every listing was read and every listed document fetched, naming what was not."""
    shown = "; ".join(failures[:MAX_LISTED]) + (f"; ... {len(failures) - MAX_LISTED} more"
                                                if len(failures) > MAX_LISTED else "")
    details = shown or "every listing read and every listed document fetched"
    return _with_check(checks, run_id, now, "sources_read", "documents", len(failures), details)



def _publish_run_row(root: Path, run_id: str, started: datetime, source: str, outcome: RunOutcome,
                     stage: Stage | None = None, runs_only: bool = False) -> None:
    import pandas as pd

    row = {
        "run_id": run_id,
        "flow_run_id": str(flow_run.get_id() or ""),
        "started_at": started,
        "finished_at": datetime.now(UTC),
        "status": outcome.status,
        "source": source,
        "docs_seen": outcome.docs_seen,
        "docs_new": outcome.docs_new,
        "docs_unchanged": outcome.docs_unchanged,
        "docs_failed": outcome.docs_failed,
        "facts_written": outcome.facts_written if not runs_only else 0,
        "metrics_written": outcome.metrics_written if not runs_only else 0,
        "code_version": code_version(),
    }
    runs = pd.concat([read_table(root, "runs"), pd.DataFrame([row])], ignore_index=True)
    stage = stage or Stage(root, run_id)
    stage.write("runs", runs)
    publish(stage, ["runs"] if runs_only else [*TABLES, "runs"])


def _artifacts(tables: dict, report, outcome: RunOutcome) -> None:
    try:
        create_markdown_artifact(key="run-summary", markdown=report.summary_markdown, description="Run summary")
        create_markdown_artifact(key="metrics", markdown=report.metrics_markdown, description="Derived metrics")
        create_markdown_artifact(key="quality-checks", markdown=report.checks_markdown, description="Checks")
        checks = tables["quality_checks"]
        create_table_artifact(
            key="quality-check-results",
            table=checks[["check", "table", "severity", "status", "failing_rows"]].to_dict("records"),
        )
    except Exception as exc:  # artifacts are a convenience; the tables are the product
        logging.getLogger("tencent_etl").warning("artifacts not created: %s", exc)
