"""The published report: charts, index.html and Markdown summaries, built from the Parquet tables only."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from common import write_atomic
from report import charts, downloads
from report import sections as sections_html
from report import tables as report_tables
from report.formats import blank, readable
from report.sections import table as html_table
from warehouse import schemas
from warehouse.publish import read_parquet_once, table_path

REPORT_DIR = "reports"
INDEX_FILE = "index.html"

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(col.name for col in schemas.columns(name)) for name in schemas.TABLES
}
RUN_COUNTS: tuple[str, ...] = (
    "docs_seen",
    "docs_new",
    "docs_unchanged",
    "docs_failed",
    "facts_written",
    "metrics_written",
)
METRIC_MD_COLUMNS: tuple[str, ...] = (
    "metric_id",
    "entity",
    "segment",
    "period_label",
    "value",
    "method",
    "reported_value",
    "diff",
)
DOWNLOADS: tuple[str, ...] = ("key_figures", "key_figures_wide", "channels", "industry", "restatements")
CHECK_MD_COLUMNS: tuple[str, ...] = ("check", "table", "severity", "status", "failing_rows", "details")
HELD_STATUSES: frozenset[str] = frozenset({"failed", "quarantined"})


class ReportError(RuntimeError):
    """A published table exists but cannot be read, so no honest report can be built."""


@dataclass(frozen=True)
class Report:
    """What build_report wrote and the Markdown summaries for run artifacts."""

    index_path: Path
    png_paths: list[Path] = field(default_factory=list)
    download_paths: list[Path] = field(default_factory=list)
    summary_markdown: str = ""
    metrics_markdown: str = ""
    checks_markdown: str = ""


def load_table(data_dir: Path, name: str) -> pd.DataFrame:
    """The published table through one handle; a missing table is an empty frame with the known columns."""
    columns = list(TABLE_COLUMNS.get(name, ()))
    path = table_path(data_dir, name)
    if not path.exists():
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    try:
        frame = read_parquet_once(path).to_pandas()
    except (OSError, ValueError, pa.ArrowException) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReportError(f"cannot read table {name} at {path}: {first_line}") from exc
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame


def _cell(value: object) -> str:
    """Plain text for one table cell (empty for missing values)."""
    if blank(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.12g}" if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, str):
        listed = value.tolist()
        return ", ".join(str(v) for v in listed) if isinstance(listed, list) else str(listed)
    return str(value)


def _md_cell(text: str) -> str:
    """Escape text for a Markdown cell: HTML characters, backslashes, pipes, line breaks."""
    escaped = html.escape(text, quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(escaped.split())


def markdown_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A GitHub-style Markdown table of plain strings."""
    lines = [
        "| " + " | ".join(_md_cell(h) for h in header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def latest_first(metrics: pd.DataFrame) -> pd.DataFrame:
    """Metrics ordered latest period first, then by metric_id, entity and segment."""
    if metrics.empty:
        return metrics
    ordered = metrics.assign(_end=pd.to_datetime(metrics["period_end"], errors="coerce", utc=True))
    keys = [c for c in ("_end", "metric_id", "entity", "segment", "period_label") if c in ordered.columns]
    ascending = [c != "_end" for c in keys]
    ordered = ordered.sort_values(keys, ascending=ascending, na_position="last", kind="mergesort")
    return ordered.drop(columns="_end").reset_index(drop=True)


def _metric_row(row: Mapping[str, object]) -> list[str]:
    """One metrics row as display strings."""
    unit = row.get("unit")
    diff = row.get("diff")
    return [
        _cell(row.get("metric_id")),
        _cell(row.get("entity")),
        _cell(row.get("segment")),
        _cell(row.get("period_label")),
        readable(row.get("value"), unit, row.get("qualifier"), precise=True),
        _cell(row.get("method")),
        readable(row.get("reported_value"), unit, precise=True),
        "" if blank(diff) else f"{float(diff):+.2f} pt",  # type: ignore[arg-type]
    ]


def metrics_markdown(df: pd.DataFrame, limit: int | None = None) -> str:
    """The metrics table as Markdown, latest period first (optionally only the first `limit` rows)."""
    if df is None or df.empty:
        return "_No metrics: the metrics table is empty._"
    ordered = latest_first(df)
    shown = ordered if limit is None else ordered.head(limit)
    rows = [_metric_row(record) for record in shown.to_dict("records")]
    table = markdown_table(rows, METRIC_MD_COLUMNS)
    if len(shown) < len(ordered):
        table += f"\n\n_{len(ordered) - len(shown)} older row(s) not shown._"
    return table


def checks_markdown(df: pd.DataFrame) -> str:
    """Quality check results as Markdown: a count line, then failures first (errors before warnings)."""
    if df is None or df.empty:
        return "_No quality checks recorded._"
    frame = df.copy()
    status = frame["status"].astype("object").fillna("").astype(str)
    severity = frame["severity"].astype("object").fillna("").astype(str)
    frame["_order"] = (status != "fail").astype(int) * 2 + (severity != "error").astype(int)
    frame = frame.sort_values(["_order", "check", "table"], kind="mergesort")
    failed = frame[status.loc[frame.index] == "fail"]
    n_error = int((severity.loc[failed.index] == "error").sum())
    n_warn = len(failed) - n_error
    header = f"**{len(frame)} check(s): {n_error} error failure(s), {n_warn} warning(s).**"
    rows = [[_cell(record.get(c)) for c in CHECK_MD_COLUMNS] for record in frame.to_dict("records")]
    return header + "\n\n" + markdown_table(rows, CHECK_MD_COLUMNS)


def _as_mapping(runs_row: Mapping[str, object] | pd.Series | None) -> dict[str, object]:
    """A runs row (Series, dict or None) as a plain dict."""
    if runs_row is None:
        return {}
    if isinstance(runs_row, pd.Series):
        return runs_row.to_dict()
    return dict(runs_row)


def _held_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents that failed or were quarantined."""
    if documents is None or documents.empty or "status" not in documents.columns:
        return pd.DataFrame(columns=list(TABLE_COLUMNS["documents"]))
    status = documents["status"].astype("object").fillna("").astype(str)
    return documents[status.isin(HELD_STATUSES)]


RECONSTRUCTED = "reconstructed"
SNAPSHOT_README = "sources/snapshot/README.md"


def origin_counts(documents: pd.DataFrame | None) -> dict[str, int]:
    """Documents by origin (`fetched`, `inbox`, `reconstructed`; `unrecorded` for rows without one)."""
    if documents is None or documents.empty:
        return {}
    if "origin" not in documents.columns:
        return {"unrecorded": len(documents)}
    origins = documents["origin"].astype("object").fillna("unrecorded").astype(str)
    return {str(k): int(n) for k, n in origins.value_counts().sort_index().items()}


def provenance_note(documents: pd.DataFrame | None) -> str:
    """A plain statement of what the reconstructed documents are, or empty when there are none."""
    count = origin_counts(documents).get(RECONSTRUCTED, 0)
    if not count:
        return ""
    return (
        f"{count} of the documents behind these tables are reconstructions bundled with the project "
        "(origin `reconstructed`): they were written for the project from published figures (Tencent's and "
        "Kuaishou's results releases and HKEX announcements, press reports, National Bureau of Statistics "
        "releases), in imitation of the publishers' layouts; they are not copies of the publishers' pages. "
        "Where such a "
        "document has a url, it is a real public page that states its figures; where the url is empty, no "
        f"public copy was verified, and {SNAPSHOT_README} lists the real sources of its figures."
    )


def run_summary_markdown(
    runs_row: Mapping[str, object] | pd.Series | None,
    documents_df: pd.DataFrame | None,
    held: list[str] | None,
) -> str:
    """The run's status and counts, document statuses, failed documents and held-back notes, as Markdown."""
    run = _as_mapping(runs_row)
    parts: list[str] = []
    if run:
        parts.append(
            f"**Run {_cell(run.get('run_id')) or '(no id)'}: {_cell(run.get('status')) or 'unknown'}** "
            f"(source {_cell(run.get('source')) or 'unknown'}, "
            f"started {_cell(run.get('started_at'))}, finished {_cell(run.get('finished_at'))})"
        )
        parts.append(markdown_table([[c, _cell(run.get(c))] for c in RUN_COUNTS], ["count", "value"]))
    else:
        parts.append("_No run recorded yet._")
    documents = documents_df if documents_df is not None else pd.DataFrame()
    if not documents.empty and "status" in documents.columns:
        counts = (
            documents["status"].astype("object").fillna("unknown").astype(str).value_counts().sort_index()
        )
        parts.append(
            "Documents by status:\n\n"
            + markdown_table([[s, str(int(n))] for s, n in counts.items()], ["status", "documents"])
        )
    origins = origin_counts(documents)
    if origins:
        parts.append(
            "Documents by origin:\n\n"
            + markdown_table([[o, str(n)] for o, n in origins.items()], ["origin", "documents"])
        )
    if note := provenance_note(documents):
        parts.append(note)
    bad = _held_documents(documents)
    if not bad.empty:
        rows = [
            [_cell(r.get("status")), _cell(r.get("title")) or _cell(r.get("url")), _cell(r.get("error"))]
            for r in bad.to_dict("records")
        ]
        parts.append(
            "Failed or quarantined documents:\n\n" + markdown_table(rows, ["status", "document", "error"])
        )
    if held:
        parts.append("Held back:\n\n" + "\n".join(f"- {_md_cell(item)}" for item in held))
    return "\n\n".join(parts)


def latest_run(runs: pd.DataFrame) -> dict[str, object]:
    """The most recent runs row (by finished_at, then started_at), or an empty dict."""
    if runs.empty:
        return {}
    ordered = runs.assign(
        _fin=pd.to_datetime(runs["finished_at"], errors="coerce", utc=True),
        _start=pd.to_datetime(runs["started_at"], errors="coerce", utc=True),
    ).sort_values(["_fin", "_start"], na_position="first", kind="mergesort")
    return ordered.drop(columns=["_fin", "_start"]).iloc[-1].to_dict()


def publishing_run(runs: pd.DataFrame, checks: pd.DataFrame) -> dict[str, object]:
    """The latest run that published the tables shown (its checks are in quality_checks), else the latest run."""
    if runs.empty or checks.empty:
        return latest_run(runs)
    checked = set(checks["run_id"].astype("object").dropna().astype(str))
    publishers = runs[runs["run_id"].astype("object").astype(str).isin(checked)]
    return latest_run(publishers if not publishers.empty else runs)


def checks_of_run(checks: pd.DataFrame, run_id: object) -> pd.DataFrame:
    """Checks of the given run, or of the latest checked run when that run has none."""
    if checks.empty:
        return checks
    ids = checks["run_id"].astype("object").fillna("").astype(str)
    if not blank(run_id) and (ids == str(run_id)).any():
        return checks[ids == str(run_id)]
    when = pd.to_datetime(checks["checked_at"], errors="coerce", utc=True)
    if when.notna().any():
        last = ids[when == when.max()].iloc[0]
        return checks[ids == last]
    return checks


def _esc(value: object) -> str:
    """HTML-escaped text of a cell."""
    return html.escape(_cell(value), quote=True)


def _link(url: object, text: object) -> str:
    """An anchor for http(s) URLs, plain escaped text otherwise."""
    label = _esc(text) or _esc(url)
    address = _cell(url)
    if address.startswith(("http://", "https://")):
        return f'<a href="{html.escape(address, quote=True)}">{label}</a>'
    return label


def _run_section(run: Mapping[str, object]) -> str:
    """The run summary block."""
    if not run:
        return '<p class="nodata">No data: no run recorded yet.</p>'
    fields = ("run_id", "status", "source", "started_at", "finished_at", *RUN_COUNTS, "code_version")
    rows = [[html.escape(f), _esc(run.get(f))] for f in fields]
    return html_table(rows, ["field", "value"], "No run recorded yet.")


def _metrics_section(metrics: pd.DataFrame) -> str:
    """The metrics table, latest period first."""
    rows = [[html.escape(c) for c in _metric_row(r)] for r in latest_first(metrics).to_dict("records")]
    return html_table(rows, METRIC_MD_COLUMNS, "No data: the metrics table is empty.")


def _checks_section(checks: pd.DataFrame) -> str:
    """Failed checks (errors and warnings) of the reported run."""
    if checks.empty:
        return '<p class="nodata">No data: no quality checks recorded.</p>'
    failed = checks[checks["status"].astype("object").fillna("").astype(str) == "fail"]
    rows = [[_esc(r.get(c)) for c in CHECK_MD_COLUMNS] for r in failed.to_dict("records")]
    return html_table(rows, CHECK_MD_COLUMNS, f"All {len(checks)} checks passed.")


def _documents_section(documents: pd.DataFrame) -> str:
    """Documents that failed or were quarantined, with their errors."""
    bad = _held_documents(documents)
    rows = [
        [
            _esc(r.get("status")),
            _link(r.get("url"), r.get("title")),
            _esc(r.get("source")),
            _esc(r.get("published_at")),
            _esc(r.get("error")),
        ]
        for r in bad.to_dict("records")
    ]
    return html_table(rows, ["status", "document", "source", "published", "error"], "No failed documents.")


def _provenance_section(documents: pd.DataFrame) -> str:
    """Documents by origin, what the reconstructed ones are, and the real page each one points at."""
    origins = origin_counts(documents)
    if not origins:
        return '<p class="nodata">No data: the documents table is empty.</p>'
    parts = [html_table([[_esc(o), _esc(n)] for o, n in origins.items()], ["origin", "documents"], "")]
    note = provenance_note(documents)
    if not note:
        return "\n".join(parts)
    parts.append(f"<p>{html.escape(note)}</p>")
    made = documents[documents["origin"].astype("object").fillna("").astype(str) == RECONSTRUCTED]
    made = made.sort_values(["source", "published_at"], kind="mergesort", na_position="last")
    rows = [
        [
            _esc(r.get("title")),
            _esc(r.get("source")),
            _esc(r.get("published_at")),
            _link(r.get("url"), r.get("url")) or "none verified",
        ]
        for r in made.to_dict("records")
    ]
    parts.append(html_table(rows, ["document", "source", "published", "real page stating its figures"], ""))
    return "\n".join(parts)


def _events_section(events: pd.DataFrame) -> str:
    """All events, newest first; one row per results announcement."""
    if events.empty:
        return '<p class="nodata">No data: the events table is empty.</p>'
    ordered = events.assign(
        _d=pd.to_datetime(events["event_date"], errors="coerce"),
        _latin=~events["description"].astype("object").fillna("").astype(str).str.isascii(),
    ).sort_values(["_d", "entity", "kind", "_latin"], ascending=[False, True, True, True], kind="mergesort")
    results = ordered["kind"].astype("object").fillna("").astype(str) == "results"
    # One row per results date: the same announcement is reported by each of its documents.
    ordered = ordered[~(results & ordered.duplicated(["_d", "entity", "kind"]))]
    rows = [
        [_esc(r.get("event_date")), _esc(r.get("entity")), _esc(r.get("kind")), _esc(r.get("description"))]
        for r in ordered.to_dict("records")
    ]
    return html_table(rows, ["date", "entity", "kind", "description"], "No events.")


def render_html(
    run: Mapping[str, object],
    chart_results: Sequence[charts.ChartResult],
    tables: Mapping[str, pd.DataFrame],
    checks: pd.DataFrame,
    parts: Mapping[str, object] | None = None,
) -> str:
    """The whole index.html page, charts embedded; every value from the data is escaped."""
    got = dict(parts or {})
    empty = pd.DataFrame()
    key = got.get("key_figures", empty)
    sections = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Tencent and China e-commerce: key figures</title>",
        f"<style>{sections_html.STYLE}</style></head><body>",
        "<h1>Tencent and China e-commerce: key figures</h1>",
        sections_html.header_section(run, got.get("snapshot"), got.get("latest_document"),
                                     list(got.get("downloads", ()))),
        '<h2 id="key">Key figures by quarter (latest quarters)</h2>',
        sections_html.key_figures_section(key if isinstance(key, pd.DataFrame) else empty),
        "<h2>Charts</h2>",
        *[sections_html.chart_section(result) for result in chart_results],
        "<h2>Weixin Channels figures, with their qualifiers</h2>",
        sections_html.facts_section(got.get("channels", empty), "No Channels figures in facts_latest.",  # type: ignore[arg-type]
                                    "channels"),
        "<h2>Industry series (China e-commerce, live commerce, platforms)</h2>",
        sections_html.facts_section(got.get("industry", empty), "No industry figures in facts_latest.",  # type: ignore[arg-type]
                                    "industry"),
        "<h2>Restated figures (original → restated)</h2>",
        sections_html.restatements_section(got.get("restatements", empty)),  # type: ignore[arg-type]
        "<h2>Values held back, with the reason</h2>",
        sections_html.held_section(got.get("held")),  # type: ignore[arg-type]
        "<h2>Events</h2>",
        _events_section(tables["events"]),
        "<h2>Failed quality checks (errors and warnings)</h2>",
        _checks_section(checks),
        "<h2>Run summary</h2>",
        _run_section(run),
        "<h2>Where the documents come from</h2>",
        _provenance_section(tables["documents"]),
        "<h2>Failed and quarantined documents</h2>",
        _documents_section(tables["documents"]),
        "<details><summary>Derived metrics, every row (latest period first)</summary>",
        _metrics_section(tables["metrics"]),
        "</details>",
        "</body></html>",
    ]
    return "\n".join(sections) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write text to a hidden temp file beside path, then os.replace it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)


def snapshot_date(run: Mapping[str, object]) -> str:
    """The date the bundled snapshot stands for when the reported run read it, else empty."""
    if not run or _cell(run.get("source")) != "snapshot":
        return ""
    from sources.replay import snapshot_as_of

    try:
        return snapshot_as_of().isoformat()
    except Exception:  # a snapshot without its date leaves the line out, never the report
        return ""


def latest_document_date(documents: pd.DataFrame) -> str:
    """The latest publication date among the documents behind the tables."""
    if documents.empty or "published_at" not in documents.columns:
        return ""
    dates = pd.to_datetime(documents["published_at"], errors="coerce").dropna()
    return dates.max().date().isoformat() if len(dates) else ""


def key_tables(tables: Mapping[str, pd.DataFrame], data_dir: Path, held: list[str] | None) -> dict[str, object]:
    """The analyst's tables of the page and its downloads, from the published tables."""
    facts, documents = tables["facts_latest"], tables["documents"]
    key = report_tables.key_figures(facts)
    return {
        "key_figures": key,
        "key_figures_wide": report_tables.key_figures_wide(key),
        "channels": report_tables.family_facts(facts, documents, entities={"wechat_channels"}),
        "industry": report_tables.family_facts(facts, documents, exclude=report_tables.TENCENT_FAMILY),
        "restatements": report_tables.restatements(facts, tables["facts"], documents),
        "held": report_tables.held_back(data_dir, held),
    }


def build_report(data_dir: Path, held: list[str] | None = None) -> Report:
    """Draw the charts, write the downloads and reports/index.html from the published tables (missing ones empty)."""
    data_dir = Path(data_dir)
    tables = {name: load_table(data_dir, name) for name in TABLE_COLUMNS}
    out = data_dir / REPORT_DIR
    facts, metrics, events = tables["facts_latest"], tables["metrics"], tables["events"]
    results = [
        charts.marketing_services_chart(facts, metrics, events, out / charts.MARKETING_PNG),
        charts.channels_chart(facts, metrics, events, out / charts.CHANNELS_PNG),
        charts.segment_mix_chart(facts, out / charts.SEGMENT_MIX_PNG),
        charts.live_ecommerce_chart(facts, out / charts.LIVE_ECOMMERCE_PNG),
    ]
    run = publishing_run(tables["runs"], tables["quality_checks"])
    checks = checks_of_run(tables["quality_checks"], run.get("run_id"))
    parts = key_tables(tables, data_dir, held)
    downloadable = {name: parts[name] for name in DOWNLOADS}
    if parts["held"] is not None:
        downloadable["held_back"] = parts["held"]
    written = downloads.write_downloads(downloadable, out)  # type: ignore[arg-type]
    parts.update(snapshot=snapshot_date(run), latest_document=latest_document_date(tables["documents"]),
                 downloads=sorted(written, key=lambda n: (not n.endswith(".xlsx"), n)))
    index_path = out / INDEX_FILE
    write_text_atomic(index_path, render_html(run, results, tables, checks, parts))
    return Report(
        index_path=index_path,
        png_paths=[result.path for result in results],
        download_paths=list(written.values()),
        summary_markdown=run_summary_markdown(run or None, tables["documents"], held),
        metrics_markdown=metrics_markdown(metrics),
        checks_markdown=checks_markdown(checks),
    )
