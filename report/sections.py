"""The analyst's parts of the page: key figures, Channels, industry, restatements, held-back values, charts."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from report import charts
from report.formats import blank, qualifier_sign, readable
from report.series import quarter_range
from report.tables import KEY_LINES

SHOWN_QUARTERS = 8


def _e(value: object) -> str:
    """Escaped text of a value (empty when missing)."""
    return "" if blank(value) else html.escape(str(value), quote=True)


def table(rows: Sequence[Sequence[str]], header: Sequence[str], empty_note: str, css: str = "") -> str:
    """An HTML table of already-escaped cells, or a 'no data' paragraph."""
    if not rows:
        return f'<p class="nodata">{html.escape(empty_note)}</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _key_value(row: Mapping[str, object]) -> str:
    """A key-figures cell: RMB bn with one decimal, millions of users, or a margin in percent."""
    value, unit = row.get("value"), row.get("unit")
    if blank(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    sign = qualifier_sign(row.get("qualifier"))
    if unit in {"CNY", "USD", "HKD"}:
        return f"{sign}{number / 1e9:,.1f}"
    if unit == "count":
        return f"{sign}{number / 1e6:,.0f}"
    return f"{sign}{number:,.1f}%"


def _key_yoy(row: Mapping[str, object]) -> str:
    """A key-figures YoY cell: '+8.2%' stated, in italics when computed from the levels; margins in points."""
    yoy = row.get("yoy")
    if blank(yoy):
        return ""
    number = float(yoy)  # type: ignore[arg-type]
    text = f"{number:+.1f} pt" if row.get("yoy_unit") == "pt" else f"{number:+.1f}%"
    source = str(row.get("yoy_source") or "")
    if source.startswith("stated ("):
        text = f"{text} ({html.escape(source[8:-1])})"
    return f"<i>{text}</i>" if source == "computed" else text


def key_figures_section(key: pd.DataFrame, shown: int = SHOWN_QUARTERS) -> str:
    """The key figures of the latest quarters: a value row and a YoY row per line, missing cells marked."""
    if key.empty:
        return '<p class="nodata">No data: no quarterly Tencent figures in facts_latest.</p>'
    quarters = quarter_range(key["quarter"])[-shown:]
    cells = {(str(r["line"]), str(r["quarter"])): r for r in key.to_dict("records")}
    head = "".join(f"<th>{html.escape(q)}</th>" for q in quarters)
    rows = []
    for line in KEY_LINES:
        mine = [cells.get((line.key, q)) for q in quarters]
        if not any(mine):
            continue
        unit = "% of revenue" if line.is_margin else ("million" if line.metric == "mau" else "RMB bn")
        values = "".join(f"<td class=\"num\">{_key_value(c) or '<span class=gap>n/a</span>'}</td>"
                         if c else '<td class="num"><span class="gap">n/a</span></td>' for c in mine)
        indent = " indent" if line.label.startswith(" ") else ""
        rows.append(f'<tr class="value{indent}"><th scope="row">{html.escape(line.label.strip())} '
                    f'<span class="unit">{unit}</span></th>{values}</tr>')
        yoys = "".join(f'<td class="num yoy">{_key_yoy(c) if c else ""}</td>' for c in mine)
        label = "change YoY, points" if line.is_margin else "YoY"
        rows.append(f'<tr class="yoy"><th scope="row" class="yoylabel">{label}</th>{yoys}</tr>')
    return (
        f'<table id="key-figures" class="key"><thead><tr><th>Quarter</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<p class="note">Levels as the company published them (RMB bn; MAU in millions). YoY as the company '
        "stated it; <i>in italics</i> where no growth was stated and it is computed from the two published levels. "
        "n/a: no figure published for that quarter in these tables. Margins are computed from the published "
        f"levels. {html.escape(charts.RENAME_NOTE)} The downloads hold every quarter.</p>"
    )


def facts_section(frame: pd.DataFrame, empty_note: str, table_id: str) -> str:
    """A table of figures with their qualifiers in words, as written, and the document that gave each."""
    rows = [
        [
            _e(r["figure"]),
            _e(r["period"]),
            f"<b>{html.escape(readable(r['value'], r['unit'], r['qualifier']))}</b>"
            + (" <span class=est>(estimate)</span>" if r.get("estimate") else ""),
            _e(r["qualifier_words"]),
            _e(r["as_written"]),
            _link(r.get("url"), r["document"]),
        ]
        for r in frame.to_dict("records")
    ]
    out = table(rows, ["figure", "period", "value", "qualifier", "as written", "document"], empty_note, "facts")
    return out.replace("<table", f'<table id="{table_id}"', 1) if rows else out


def _link(url: object, text: object) -> str:
    """An anchor for http(s) URLs, plain escaped text otherwise."""
    label = _e(text) or _e(url)
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return label


def restatements_section(frame: pd.DataFrame) -> str:
    """Restated figures as original -> restated, with the document and date of each."""
    rows = [
        [
            _e(r["figure"]),
            _e(r["period"]),
            f"{html.escape(readable(r['original'], r['unit']))}<br><small>{_e(r['original_document'])}</small>",
            f"<b>{html.escape(readable(r['restated'], r['unit']))}</b><br><small>{_e(r['restated_document'])}</small>",
        ]
        for r in frame.to_dict("records")
    ]
    return table(rows, ["figure", "period", "original (document)", "restated (document)"], "No restated figures.",
                 "restated")


def held_section(frame: pd.DataFrame | None) -> str:
    """Values the run held back instead of publishing, each with its reason."""
    if frame is None:
        return ('<p class="nodata">Not known for this drawing: the values held back are listed by the run that '
                "published the tables (a report drawn again later has no record of them).</p>")
    rows = [[_link(r["document"], r["document"]), _e(r["locator"]), _e(r["snippet"]), _e(r["reason"])]
            for r in frame.to_dict("records")]
    return table(rows, ["document", "where", "as written", "why it was held back"], "No value was held back.",
                 "held")


def chart_section(result: charts.ChartResult) -> str:
    """One chart embedded as a PNG data URI, with its caption and its numbered events."""
    name = result.path.name
    data = base64.b64encode(Path(result.path).read_bytes()).decode("ascii")
    title = result.title or name
    note = " (no data)" if result.empty else ""
    events = ""
    if result.events:
        items = "".join(f"<li value=\"{n}\"><b>{html.escape(d)}</b> {html.escape(t)}</li>"
                        for n, d, t in result.events)
        events = f'<ol class="events">{items}</ol>'
    return (
        f'<figure class="chart" id="{html.escape(name.removesuffix(".png"))}">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(title)}" data-file="{html.escape(name)}">'
        f"<figcaption><b>{html.escape(title)}</b>{html.escape(note)}: {html.escape(result.caption)}</figcaption>"
        f"{events}</figure>"
    )


def header_section(run: Mapping[str, object], snapshot: object, latest_document: object,
                   downloads: Sequence[str]) -> str:
    """The dates a reader needs first (run, snapshot, latest document) and the downloads."""
    facts = []
    if run:
        facts.append(f"Tables published by run <b>{_e(run.get('run_id'))}</b> ({_e(run.get('status'))}, source "
                     f"{_e(run.get('source'))}), finished <b>{_e(_day_time(run.get('finished_at')))}</b>.")
    else:
        facts.append("No run recorded yet.")
    if not blank(snapshot):
        facts.append(f"Bundled snapshot of the documents as of <b>{_e(snapshot)}</b>.")
    if not blank(latest_document):
        facts.append(f"Latest document published <b>{_e(latest_document)}</b>.")
    links = " ".join(f'<a class="download" href="{html.escape(n)}">{html.escape(n)}</a>' for n in downloads)
    return (f'<p class="dates">{" ".join(facts)}</p>'
            + (f'<p class="downloads">Downloads (beside this page): {links}</p>' if links else ""))


def _day_time(value: object) -> str:
    """A timestamp as 'YYYY-MM-DD HH:MM UTC'."""
    if blank(value):
        return ""
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


STYLE = (
    "body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;font-size:13px;margin:.5em 0;max-width:100%}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}a{overflow-wrap:anywhere}"
    "th{background:#f2f2f2}figure{margin:1.5em 0}img{max-width:100%;height:auto;display:block}"
    "figcaption{font-size:13px;color:#444}.nodata{color:#777;font-style:italic}"
    "table.key td.num{text-align:right;white-space:nowrap;min-width:4.5em}"
    "table.key tr.value th{white-space:nowrap}table.key tr.indent th{padding-left:1.5em;font-weight:normal}"
    "table.key tr.yoy td,table.key tr.yoy th{color:#555;font-size:12px;border-top:none;background:#fafafa}"
    "table.key th.yoylabel{font-weight:normal;text-align:right}"
    ".unit{color:#777;font-weight:normal;font-size:11px}.gap{color:#aaa}.note{font-size:12px;color:#555}"
    "ol.events{font-size:12px;color:#333;columns:2;margin:.3em 0}.dates{font-size:15px}"
    "a.download{margin-right:.8em}td:first-child,td:nth-child(2){min-width:5.5em}table.facts td:nth-child(6){max-width:22em}"
)
