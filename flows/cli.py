"""The `tencent-etl` command: run, extract, report, query, serve."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

from flows.settings import (
    SettingsError,
    check_prefect,
    quiet_prefect_env,
    resolve_data_dir,
    writable_data_dir,
)

ENV_TABLES_URL = "TENCENT_ETL_TABLES_URL"

MAX_EXTRACT_BYTES = 50 * 1024 * 1024
EXIT_BUSY = 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="tencent-etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the whole pipeline as one Prefect flow run")
    run.add_argument("--source", choices=("snapshot", "live", "inbox"), default="snapshot")
    run.add_argument("--data-dir", default=None)
    run.add_argument("--since", default="2018Q1", help="earliest period to take, e.g. 2018Q1")
    run.add_argument("--verbose", action="store_true", help="log every task run's state")
    run.add_argument("--runner", choices=("thread", "dask"), default="thread",
                     help="task runner for fetch and parse: threads here (default) or a Dask cluster")
    run.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                     help="scheduler of an existing Dask cluster (--runner dask; without it a local cluster starts)")
    run.add_argument("--raw-store", default=None, metavar="URL",
                     help="where raw bytes live: a folder or an fsspec URL (default <data-dir>/raw)")
    run.add_argument("--tables-url", default=None, metavar="URL",
                     help="also keep the published tables at this fsspec URL (s3://..., memory://...); "
                          "a run starts from the tables there when they are newer ($TENCENT_ETL_TABLES_URL)")
    run.add_argument(
        "--wait", nargs="?", type=float, const=float("inf"), default=0.0, metavar="SECONDS",
        help="when another run holds the data dir's lock, wait for it (at most SECONDS) instead of exiting 1",
    )
    run.add_argument(
        "--keep-vintages", default=None, metavar="N|all",
        help="published versions kept per table (default $TENCENT_ETL_KEEP_VINTAGES, else 20)",
    )

    ext = sub.add_parser("extract", help="parse documents and print their facts as JSON lines")
    ext.add_argument("files", nargs="+", type=Path)
    ext.add_argument("--kind", default="auto")
    ext.add_argument("--published", default=None, help="publication date YYYY-MM-DD when the file has none")

    rep = sub.add_parser("report", help="rebuild reports/ from the current tables")
    rep.add_argument("--data-dir", default=None)
    rep.add_argument("--as-of", default=None, metavar="DATE", help="the tables as published then (YYYY-MM-DD or ISO time)")
    rep.add_argument("--known-at", default=None, metavar="DATE",
                     help="the tables as the documents published by DATE (YYYY-MM-DD) stated them: no later document counts")

    qry = sub.add_parser("query", help="run SQL over the published tables (DuckDB views)")
    qry.add_argument("sql")
    qry.add_argument("--data-dir", default=None)
    qry.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    qry.add_argument("--as-of", default=None, metavar="DATE", help="the tables as published then (YYYY-MM-DD or ISO time)")
    qry.add_argument("--known-at", default=None, metavar="DATE",
                     help="the tables as the documents published by DATE (YYYY-MM-DD) stated them: no later document counts")

    srv = sub.add_parser("serve", help="long-running: the scheduled deployments (needs PREFECT_API_URL)")
    srv.add_argument("--data-dir", default=None)
    srv.add_argument("--source", choices=("live", "snapshot"), default="live")
    srv.add_argument("--raw-store", default=None, metavar="URL", help="raw documents of every scheduled run (fsspec URL)")
    srv.add_argument("--tables-url", default=None, metavar="URL",
                     help="shared tables of every scheduled run (fsspec URL; $TENCENT_ETL_TABLES_URL)")
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    """Parse each file without touching the warehouse; exit 2 when any file is bad."""
    from flows.steps import parse_bytes
    from sources.errors import FetchError
    from sources.inbox import read_regular_file, safe_name
    from transforms.model import DocMeta, ParseError
    from transforms.parse import PARSE_TIME_LIMIT, kinds
    from warehouse.store import sha256_hex

    if args.kind != "auto" and args.kind not in kinds():
        print(f"tencent-etl extract: unknown --kind {args.kind!r} (one of: auto, {', '.join(kinds())})", file=sys.stderr)
        return 2
    published = None
    if args.published:
        try:
            published = date.fromisoformat(args.published)
        except ValueError:
            print(f"tencent-etl extract: --published {args.published!r} is not YYYY-MM-DD", file=sys.stderr)
            return 2
    status = 0
    for path in args.files:
        shown = safe_name(str(path))
        try:
            data = read_regular_file(path, max_bytes=MAX_EXTRACT_BYTES, name=shown)
            parsed = parse_bytes(data, DocMeta(url=shown, source="inbox", published_at=published), sha256_hex(data),
                                 kind=args.kind, time_limit=PARSE_TIME_LIMIT)
        except (ParseError, FetchError, OSError) as exc:
            print(f"tencent-etl extract: {shown}: {_extract_error(exc)}", file=sys.stderr)
            status = 2
            continue
        for row in parsed.facts:
            print(json.dumps(row, default=str, ensure_ascii=False))
    return status


def _extract_error(exc: Exception) -> str:
    """The one-line reason `extract` gives for a file it cannot read or parse."""
    from sources.errors import FetchError, TooLarge

    if isinstance(exc, TooLarge):
        return f"file is larger than {MAX_EXTRACT_BYTES // (1024 * 1024)} MiB"
    if isinstance(exc, FetchError):
        return exc.reason
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the pipeline flow and map its outcome to the contract's exit codes."""
    import os

    from warehouse.publish import PublishError, WriterBusy, write_lock

    try:
        data_dir, retention = run_settings(args)
    except (SettingsError, PublishError) as exc:  # PublishError: a bad --keep-vintages
        print(f"tencent-etl run: {exc}", file=sys.stderr)
        return 2

    def waiting(holder: str) -> None:
        print(f"tencent-etl run: {holder} is writing to {data_dir}; waiting for it to finish", file=sys.stderr)

    try:
        # The lock is taken before Prefect is even imported, so a second run fails at once; the flow re-enters it.
        with write_lock(data_dir, timeout=args.wait, on_wait=waiting):
            from flows.pipeline import pipeline
            from flows.runners import RunnerError, make_task_runner
            from flows.tempserver import watch_temporary_server

            if not args.verbose:
                # One line per task state is noise at this volume; the flow logs progress per stage.
                logging.getLogger("prefect.task_runs").setLevel(logging.WARNING)

            try:
                flow = pipeline.with_options(task_runner=make_task_runner(args.runner, args.address))
            except RunnerError as exc:
                print(f"tencent-etl run: {exc}", file=sys.stderr)
                return 2
            watch_temporary_server()
            outcome = flow(source=args.source, data_dir=str(data_dir), since=args.since, raw_store=args.raw_store,
                           tables_url=args.tables_url or os.environ.get(ENV_TABLES_URL) or None,
                           keep_vintages=retention)
    except WriterBusy as exc:
        print(f"tencent-etl run: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except PublishError as exc:  # the lock cannot be opened (a symbolic link in its place, no permission)
        print(f"tencent-etl run: {exc}", file=sys.stderr)
        return 2
    for line in outcome.get("repaired", []):
        print(f"repaired: {line}", file=sys.stderr)
    for line in outcome["failures"]:
        print(f"failed: {line}", file=sys.stderr)
    print(summary_line(outcome))
    shared = args.tables_url or os.environ.get(ENV_TABLES_URL)
    print(f"tables: {data_dir / 'tables'}" + (f" (shared at {shared}/tables)" if shared else "")
          + f"  report: {data_dir / 'reports' / 'index.html'}")
    return outcome["exit_code"]


def run_settings(args: argparse.Namespace) -> tuple[Path, str]:
    """The run's data dir and retention, every setting checked before Prefect starts (SettingsError, PublishError)."""
    from transforms.normalise.periods import PeriodError, from_label
    from warehouse.publish import configured_retention

    data_dir = writable_data_dir(args.data_dir)
    try:
        from_label(args.since)
    except PeriodError:
        raise SettingsError(f"--since {args.since!r} is not a period such as 2018Q1, 2018H1 or 2018") from None
    keep = configured_retention(args.keep_vintages)
    check_prefect()
    return data_dir, "all" if keep is None else str(keep)


def summary_line(outcome: dict) -> str:
    """The run's one-line account: listed = fetched + not fetched, documents = parsed + unchanged, and the failures."""
    listed, missed = outcome.get("docs_listed", 0), outcome.get("docs_not_fetched", 0)
    failures = {
        "listings not read": outcome.get("listings_failed", 0),
        "documents not fetched": missed,
        "documents failed to parse": outcome["docs_failed"],
    }
    read = sum(1 for line in outcome["failures"] if line.startswith(("listing failed: ", "fetch failed: ")))
    failures["other failures"] = max(0, len(outcome["failures"]) - read - outcome["docs_failed"])
    counted = ", ".join(f"{n} {what}" for what, n in failures.items() if n)
    return (
        f"run {outcome['run_id']}: {outcome['status']}: {listed} listed ({listed - missed} fetched, {missed} not "
        f"fetched); {outcome['docs_seen']} documents ({outcome['docs_new']} parsed, {outcome['docs_unchanged']} "
        f"unchanged); {('failures: ' + counted) if counted else 'no failures'}; {outcome['facts_written']} facts, "
        f"{outcome['metrics_written']} metrics, {len(outcome['held'])} values held back"
        + (f"; {outcome['message']}" if outcome["message"] else "")
    )


def cmd_report(args: argparse.Namespace) -> int:
    """Rebuild the report from the published tables."""
    from report.history import build_report_as_of
    from report.page import ReportError, build_report
    from warehouse.asof import parse_as_of, require_tables
    from warehouse.errors import AsOfError, NoTables

    data_dir = resolve_data_dir(args.data_dir)
    if args.known_at is not None:
        return _report_known_at(data_dir, args.known_at, args.as_of)
    if args.as_of:
        try:
            print(build_report_as_of(data_dir, parse_as_of(args.as_of)))
        except AsOfError as exc:
            print(f"tencent-etl report: {exc}", file=sys.stderr)
            return 2
        return 0
    try:
        require_tables(data_dir)
    except NoTables as exc:
        print(f"tencent-etl report: {exc}", file=sys.stderr)
        return 2
    try:
        report = build_report(data_dir)
    except (ReportError, OSError) as exc:
        print(f"tencent-etl report: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    print(report.index_path)
    return 0


def _report_known_at(data_dir: Path, known_at: str, as_of: str | None) -> int:
    """Write reports/known-at-<date>/ from the tables as the documents published by then stated them."""
    from report.history import build_report_known_at
    from warehouse.asof import parse_as_of, require_tables
    from warehouse.errors import AsOfError, KnownAtError, NoTables
    from warehouse.knownat import parse_known_at

    try:
        day = parse_known_at(known_at)
        moment = parse_as_of(as_of) if as_of else None
        if moment is None:
            require_tables(data_dir)
        print(build_report_known_at(data_dir, day, moment))
    except (AsOfError, KnownAtError, NoTables) as exc:
        print(f"tencent-etl report: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    """Print the result of a SQL query over the published tables."""
    import duckdb

    from flows.output import frame_csv, frame_text, quiet_on_closed_pipe
    from warehouse.asof import parse_as_of, require_tables
    from warehouse.duck import query, query_known_at
    from warehouse.errors import AsOfError, KnownAtError, NoTables
    from warehouse.knownat import parse_known_at

    data_dir = resolve_data_dir(args.data_dir)
    try:
        as_of = parse_as_of(args.as_of) if args.as_of else None
        known_at = parse_known_at(args.known_at) if args.known_at is not None else None
        if as_of is None:
            require_tables(data_dir)
        if known_at is not None:
            frame = query_known_at(data_dir, args.sql, known_at, as_of=as_of)
        else:
            frame = query(data_dir, args.sql, as_of=as_of)
    except (duckdb.Error, AsOfError, KnownAtError, NoTables) as exc:
        print(f"tencent-etl query: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if args.csv:
        return quiet_on_closed_pipe(lambda: frame_csv(frame, sys.stdout))
    return quiet_on_closed_pipe(lambda: print(frame_text(frame)))


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the scheduled deployments until interrupted."""
    import os

    from flows.deployments import ServeError, serve_all

    try:
        stores = {"raw_store": args.raw_store, "tables_url": args.tables_url or os.environ.get(ENV_TABLES_URL)}
        serve_all(resolve_data_dir(args.data_dir), args.source, stores=stores)
    except ServeError as exc:
        print(f"tencent-etl serve: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    quiet_prefect_env()
    args = build_parser().parse_args(argv)
    handlers = {"run": cmd_run, "extract": cmd_extract, "report": cmd_report, "query": cmd_query, "serve": cmd_serve}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
