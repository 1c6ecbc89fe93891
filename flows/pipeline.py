"""The pipeline as one Prefect flow: extract (discover, fetch), transform (parse, assemble, derive, check), load
(publish, report). Each task is a thin call into its room and passes paths and ids."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import inputs, reporting, steps
from flows.outcome import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, RunOutcome
from flows.settings import MAX_WORKERS
from sources.discovery import Candidate
from sources.discovery.configured import configured_allowed_hosts
from sources.fetching import GuardedClient, NotFetched, forget_run, run_reachability
from sources.http import DEFAULT_ALLOWED_HOSTS, HttpClient, Validators
from sources.replay import snapshot_as_of
from transforms.normalise.periods import from_label
from warehouse import runlog
from warehouse.assemble import FetchedDoc
from warehouse.errors import SchemaDrift, WarehouseError
from warehouse.parsed import ParsedDoc
from warehouse.publish import Stage, configured_retention, one_line, read_table, write_lock
from warehouse.recover import repair_tables
from warehouse.remote import pull_published, push_published

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "RunOutcome", "make_client", "pipeline"]

# Documents per parse task run: few enough task runs to keep orchestration cheap, enough to spread over workers.
PARSE_BATCH = 16
TABLES = steps.TABLES


@dataclass(slots=True)
class Run:
    """One run: its id, settings and data dir, and what it has done so far."""

    run_id: str
    started: datetime
    source: str
    root: Path
    since: str
    names: tuple[str, ...]
    raw_store: str
    retention: int | None
    outcome: RunOutcome


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


# Extract.

@task(name="discover", task_run_name="discover-{name}")
def discover_task(name: str, source: str, since: date, as_of: date, run_id: str = "") -> steps.Listing:
    """List candidate documents of one source; a listing that cannot be read comes back as a failure line."""
    return steps.discover_source(name, run_client(source, run_id), since, as_of)


@task(name="fetch", task_run_name="fetch-{name}")
def fetch_task(name: str, candidates: list[Candidate], source: str, data_dir: Path, known: list[Validators | None],
               raw_store: str | None = None, run_id: str = "") -> list[steps.Fetched | NotFetched]:
    """Fetch one source's candidates into the raw store (conditionally when known); failures come back as NotFetched."""
    return steps.fetch_all(candidates, run_client(source, run_id), data_dir, known, raw_store)


# Transform.

@task(name="parse", task_run_name="parse-batch-{number}")
def parse_task(docs: list[FetchedDoc], number: int, raw_store: str) -> list[ParsedDoc]:
    """Parse a batch of stored documents; a document that cannot be parsed comes back as a failed output."""
    return steps.parse_batch(docs, raw_store)


@task(name="assemble", cache_policy=NO_CACHE)
def assemble_task(data_dir: Path, run_id: str, docs: list[FetchedDoc], parsed: dict[str, ParsedDoc]) -> Path:
    """Stage documents, facts, events and facts_latest: the published tables with this run's parses."""
    return steps.assemble_tables(data_dir, run_id, docs, parsed)


@task(name="derive", cache_policy=NO_CACHE)
def derive_task(data_dir: Path, run_id: str) -> tuple[int, str]:
    """Stage the derived metrics; the growths computed that disagree with stated ones (count, details)."""
    return steps.derive_tables(data_dir, run_id)


@task(name="check", cache_policy=NO_CACHE)
def check_task(data_dir: Path, run_id: str, growth: tuple[int, str], read_failures: list[str]) -> str | None:
    """Stage quality_checks; the error checks that failed, or None when the tables may be published."""
    return steps.check_tables(data_dir, run_id, growth, read_failures)


# Load.

@task(name="publish", cache_policy=NO_CACHE)
def publish_task(data_dir: Path, run_id: str, runs_row: dict, tables: list[str], retention: int | None) -> None:
    """Publish the staged tables, the run's `runs` row last (the commit)."""
    steps.publish_tables(data_dir, run_id, runs_row, tables, retention)


@task(name="report", cache_policy=NO_CACHE)
def report_task(data_dir: Path, run_id: str, held: list[str], rebuild: bool) -> reporting.Served:
    """Bring warehouse.duckdb and the report in line with the published tables."""
    return reporting.serve(logging.getLogger("tencent_etl"), data_dir, run_id, held=held, rebuild=rebuild)


@flow(name="tencent-etl", task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS), log_prints=False,
      persist_result=False)
def pipeline(
    source: str = "snapshot", data_dir: str = "data", since: str = "2018Q1", only: list[str] | None = None,
    raw_store: str | None = None, tables_url: str | None = None, keep_vintages: str | None = None,
) -> dict:
    """Discover, fetch, parse, assemble, derive, check, publish and report; returns the run outcome."""
    run = _begin(source, Path(data_dir), since, only, raw_store, keep_vintages)
    with write_lock(run.root):
        if tables_url and not _pull_shared(run, tables_url):
            return asdict(run.outcome)
        _repair(run)
        try:
            record = _extract_transform_load(run)
        finally:
            forget_run(run.run_id)
        _serve(run, record)
        if tables_url:
            _push_shared(run, tables_url)
    return asdict(run.outcome)


def _extract_transform_load(run: Run) -> inputs.PublishedInputs | None:
    """Fetch, parse, assemble, derive, check and publish; what the tables now published were built from."""
    docs, read_failures = _extract(run)
    if not docs and read_failures:  # no network, every listing broken: nothing is published over the tables
        return _not_published(run, "nothing fetched: nothing published, tables left as they were")
    record = inputs.load(run.root)
    if not run.outcome.failures and steps.matches_published(record, docs, run.source, run.root, TABLES):
        return _unchanged_inputs(run, record)
    parsed = _parse(run, docs)
    try:
        assemble_task(run.root, run.run_id, docs, parsed)
        blocked = check_task(run.root, run.run_id, derive_task(run.root, run.run_id), read_failures)
    except SchemaDrift as exc:  # tables that break the schema cannot be checked row by row
        return _not_published(run, f"tables do not match the schema: {exc}")
    if blocked:
        return _not_published(run, f"error checks failed: {blocked}")
    return _load(run, docs, parsed)


def _begin(source: str, root: Path, since: str, only: list[str] | None, raw_store: str | None,
           keep_vintages: str | None) -> Run:
    """A new run: its id, settings and data dir."""
    root.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
    return Run(run_id, started, source, root, since, tuple(only or steps.SNAPSHOT_SOURCES), raw_store or str(root),
               configured_retention(keep_vintages), RunOutcome(run_id))


def _repair(run: Run) -> None:
    """Mend unreadable tables before anything trusts them; the record no longer vouches for what was mended."""
    run.outcome.repaired = repair_tables(run.root)
    if run.outcome.repaired:
        inputs.forget(run.root)
    for line in run.outcome.repaired:
        get_run_logger().warning("repaired: %s", line)


def _extract(run: Run) -> tuple[list[FetchedDoc], list[str]]:
    """Discover and fetch every listed document of the run's sources; the documents and what could not be read."""
    logger, outcome = get_run_logger(), run.outcome
    since, as_of = from_label(run.since).start, snapshot_as_of() if run.source == "snapshot" else date.today()
    if run.source == "inbox":
        listings = [steps.inbox_listing(run.root)]
    else:
        listings = [f.result() for f in [discover_task.submit(n, run.source, since, as_of, run.run_id)
                                         for n in run.names]]
    candidates = steps.listed(listings, since)
    outcome.docs_listed, outcome.listings_failed = len(candidates), sum(len(x.failures) for x in listings)
    logger.info("discovered %d documents (%d listings not read)", len(candidates), outcome.listings_failed)
    known = steps.load_fetch_state(run.root)
    futures = [fetch_task.submit(name, group, run.source, run.root, [known.get(c.url) for c in group],
                                 run.raw_store, run.run_id) for name, group in steps.by_source(candidates).items()]
    fetches = steps.Fetches([r for f in futures for r in f.result()])
    read_failures = [f"listing failed: {line}" for x in listings for line in x.failures] + fetches.failure_lines()
    outcome.add_failures(read_failures)
    outcome.docs_seen, outcome.docs_not_modified, outcome.docs_not_fetched = fetches.counts()
    for line in read_failures:
        logger.warning(line)
    outcome.add_failures(steps.save_fetch_state(run.root, known, fetches.fetched))
    logger.info("fetched %d documents (%d not modified since the last run, %d not fetched)", outcome.docs_seen,
                outcome.docs_not_modified, outcome.docs_not_fetched)
    return fetches.docs(), read_failures


def _parse(run: Run, docs: list[FetchedDoc]) -> dict[str, ParsedDoc]:
    """Parse what the cache does not hold, in batches (a batch is one task run); every document's parse output."""
    parsed, todo = steps.split_cached(docs, run.root)
    batches = steps.parse_batches(todo, PARSE_BATCH)
    outputs = [out for batch in parse_task.map(batches, list(range(1, len(batches) + 1)),
                                               raw_store=unmapped(run.raw_store)).result() for out in batch]
    run.outcome.add_failures(steps.remember_parses(run.root, outputs))
    parsed.update((out.doc_id, out) for out in outputs)
    run.outcome.count_parses(docs, parsed, new=len(outputs))
    get_run_logger().info("parsed %d new, %d unchanged, %d failed", run.outcome.docs_new, run.outcome.docs_unchanged,
                          run.outcome.docs_failed)
    return parsed


def _load(run: Run, docs: list[FetchedDoc], parsed: dict[str, ParsedDoc]) -> inputs.PublishedInputs | None:
    """Publish the staged tables, or only the run's row when they hold what is published already."""
    outcome = run.outcome
    outcome.facts_written, outcome.metrics_written = steps.staged_counts(run.root, run.run_id)
    unchanged = outcome.docs_new == 0 and steps.unchanged_tables(run.root, Stage(run.root, run.run_id), TABLES)
    if not unchanged:
        inputs.forget(run.root)  # the record must never describe tables other than the published ones
    try:
        publish_task(run.root, run.run_id, _runs_row(run, published=not unchanged),
                     [] if unchanged else list(TABLES), run.retention)
    except WarehouseError as exc:  # disk full or tables/ unwritable: the previous versions stand
        return _not_published(run, f"nothing published: {exc}")
    outcome.published = not unchanged
    if unchanged:
        outcome.message = "nothing changed since the last published run; tables left as they were"
    get_run_logger().info("%s (run %s, %s)", outcome.message or f"published {outcome.facts_written} facts, "
                          f"{outcome.metrics_written} metrics", run.run_id, outcome.status)
    return steps.published_inputs(run.run_id, run.source, docs, parsed, outcome.held, outcome.facts_written,
                                  outcome.metrics_written)


def _not_published(run: Run, message: str) -> None:
    """Fail the run with nothing published; its `runs` row records the failure (when it can be written)."""
    run.outcome.fail(message)
    get_run_logger().error(message)
    try:
        publish_task(run.root, run.run_id, _runs_row(run, published=False), [], run.retention)
    except WarehouseError as exc:
        Stage(run.root, run.run_id).discard()
        get_run_logger().error("run not recorded in runs: %s", exc)
    return None


def _unchanged_inputs(run: Run, record: inputs.PublishedInputs) -> None:
    """Record a run whose inputs are those of the published tables; the tables are left as they are."""
    outcome = run.outcome
    outcome.docs_unchanged, outcome.docs_failed = outcome.docs_seen, len(record.failures)
    outcome.held, outcome.facts_written, outcome.metrics_written = list(record.held), record.facts, record.metrics
    outcome.add_failures(record.failures)
    outcome.message = (f"nothing changed since the last published run ({record.run_id}): same documents, "
                       "parsers and code; nothing parsed, tables left as they were")
    publish_task(run.root, run.run_id, _runs_row(run, published=False), [], run.retention)
    get_run_logger().info("%s (run %s recorded)", outcome.message, run.run_id)
    return None


def _runs_row(run: Run, published: bool) -> dict:
    """The run's `runs` row as it stands now."""
    return runlog.run_row(run.run_id, str(flow_run.get_id() or ""), run.started, datetime.now(UTC),
                          run.outcome.status, run.source, run.outcome.counts(published), code_version())


def _serve(run: Run, record: inputs.PublishedInputs | None) -> None:
    """Bring DuckDB and the report in line with the tables, then save the record that lets later runs stop early."""
    served = report_task(run.root, run.run_id, run.outcome.held, run.outcome.published)
    failures = list(served.failures)
    if record is not None and served.complete:
        try:
            inputs.save(run.root, record)
        except OSError as exc:
            failures.append(f"state not saved (the next run starts from scratch): {one_line(exc)}")
    run.outcome.add_failures(failures)
    if served.report is not None and run.outcome.published:
        _artifacts(run.root, served.report)


def _pull_shared(run: Run, url: str) -> bool:
    """Bring newer shared tables into the data dir before the run; False (the run failed) when the URL is unusable."""
    logger = get_run_logger()
    try:
        pulled = pull_published(run.root, url)
    except WarehouseError as exc:  # RemoteTablesError, or a remote table that breaks the schema
        logger.error("nothing run: %s", exc)
        run.outcome.fail(str(exc))
        return False
    if pulled:
        inputs.forget(run.root)  # the published tables now come from another data dir
        logger.info("took the shared tables from %s (%s)", url, ", ".join(pulled))
    return True


def _push_shared(run: Run, url: str) -> None:
    """Copy the published tables to the shared URL, runs last; a failure makes the run partial."""
    try:
        pushed = push_published(run.root, url, [*TABLES, "runs"])
    except WarehouseError as exc:  # RemoteTablesError, or a remote table that breaks the schema
        run.outcome.add_failures([f"tables not shared: {exc}"])
        get_run_logger().warning("tables not shared: %s", exc)
        return
    get_run_logger().info("shared %d tables at %s", len(pushed), url)


def _artifacts(root: Path, report) -> None:
    """The run summary, metrics and checks as Prefect artifacts (a convenience: a failure is a warning)."""
    try:
        create_markdown_artifact(key="run-summary", markdown=report.summary_markdown, description="Run summary")
        create_markdown_artifact(key="metrics", markdown=report.metrics_markdown, description="Derived metrics")
        create_markdown_artifact(key="quality-checks", markdown=report.checks_markdown, description="Checks")
        checks = read_table(root, "quality_checks")
        create_table_artifact(
            key="quality-check-results",
            table=checks[["check", "table", "severity", "status", "failing_rows"]].to_dict("records"),
        )
    except Exception as exc:  # artifacts are a convenience; the tables are the product
        logging.getLogger("tencent_etl").warning("artifacts not created: %s", exc)
