"""Assemble the documents, facts, events and held tables of a run from parse outputs and the published tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from transforms.contract import NATURAL_KEY
from warehouse import schemas
from warehouse.parsed import ParsedDoc

DOCUMENT_COLUMNS = [col.name for col in schemas.columns("documents")]
EVENT_COLUMNS = [col.name for col in schemas.columns("events")]
HELD_COLUMNS = [col.name for col in schemas.columns("held")]


@dataclass(frozen=True, slots=True)
class FetchedDoc:
    """A document this run holds: its bytes are in the raw store under raw_path."""

    doc_id: str
    source: str
    url: str
    title: str | None
    published_at: date | None
    fetched_at: datetime
    content_type: str | None
    byte_size: int
    raw_path: str
    charset: str | None = None
    origin: str = "fetched"


# A host under the reserved top-level domain `.invalid` (RFC 2606) is never a public page: the bundled
# snapshot keys documents that have no verified public copy there, and such a key is not published as a url.
RESERVED_TLD = ".invalid"


def public_url(url: str | None) -> str | None:
    """The url to publish for a document: its address, or None for an empty or reserved `.invalid` key."""
    text = (url or "").strip()
    host = (urlsplit(text).hostname or "").lower()
    if not text or host == RESERVED_TLD[1:] or host.endswith(RESERVED_TLD):
        return None
    return text


def document_row(doc: FetchedDoc, parsed: ParsedDoc | None) -> dict:
    """The documents-table row for a fetched document and its parse output."""
    published = doc.published_at
    if published is None and parsed and parsed.published_at:
        published = date.fromisoformat(parsed.published_at[:10])
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "url": public_url(doc.url),
        "title": doc.title or (parsed.title if parsed else None),
        "published_at": published,
        "fetched_at": doc.fetched_at,
        "content_type": doc.content_type,
        "byte_size": int(doc.byte_size),
        "raw_path": doc.raw_path,
        "parser": parsed.kind if parsed else None,
        "parser_version": parsed.parser_version if parsed else None,
        "status": parsed.status if parsed else "failed",
        "error": parsed.error if parsed else "not parsed",
        "fact_count": len(parsed.facts) if parsed and parsed.status == "parsed" else 0,
        "origin": doc.origin,
    }


def _keep_previous(previous: pd.DataFrame, replaced: set[str]) -> pd.DataFrame:
    if previous is None or previous.empty or "doc_id" not in previous:
        return pd.DataFrame()
    return previous[~previous["doc_id"].isin(replaced)]


def assemble_documents(previous: pd.DataFrame, docs: Iterable[FetchedDoc], parsed: dict[str, ParsedDoc]) -> pd.DataFrame:
    """Previous document rows not seen this run, plus this run's rows."""
    rows = [document_row(d, parsed.get(d.doc_id)) for d in docs]
    seen = {r["doc_id"] for r in rows}
    frames = [f for f in (_keep_previous(previous, seen), pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)) if len(f)]
    if not frames:
        return pd.DataFrame(columns=DOCUMENT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[DOCUMENT_COLUMNS]


def assemble_facts(previous: pd.DataFrame, parsed: dict[str, ParsedDoc]) -> pd.DataFrame:
    """Previous facts of documents not parsed this run, plus the facts of this run's parse outputs."""
    rows = [f for p in parsed.values() if p.status == "parsed" for f in p.facts]
    new = pd.DataFrame(rows)
    if len(new):
        for col in ("period_start", "period_end", "published_at"):
            new[col] = pd.to_datetime(new[col]).dt.date
        new["extracted_at"] = pd.to_datetime(new["extracted_at"], utc=True)
    kept = _keep_previous(previous, set(parsed))
    frames = [f for f in (kept, new) if len(f)]
    if not frames:
        return pd.DataFrame()
    facts = pd.concat(frames, ignore_index=True)
    return facts.drop_duplicates(subset=["fact_id"], keep="last").reset_index(drop=True)


def assemble_events(previous: pd.DataFrame, parsed: dict[str, ParsedDoc]) -> pd.DataFrame:
    """Previous events of documents not parsed this run, plus this run's events, without repeats."""
    rows = [dict(e, doc_id=p.doc_id) for p in parsed.values() if p.status == "parsed" for e in p.events]
    new = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    if len(new):
        new["event_date"] = pd.to_datetime(new["event_date"]).dt.date
    kept = _keep_previous(previous, set(parsed))
    frames = [f for f in (kept, new) if len(f)]
    if not frames:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    events = pd.concat(frames, ignore_index=True)[EVENT_COLUMNS]
    return events.drop_duplicates(subset=["event_date", "entity", "kind", "description"]).reset_index(drop=True)


def _known(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row whose nullable values outside what the table's declaration allows are null: not known."""
    out = dict(row)
    for col in schemas.columns(table):
        value = out.get(col.name)
        if not col.nullable or value is None:
            continue
        if (col.allowed is not None and value not in col.allowed) or (
            col.max_length is not None and isinstance(value, str) and len(value) > col.max_length
        ):
            out[col.name] = None
    return out


def held_rows(doc: FetchedDoc, parsed: ParsedDoc, run_id: str) -> list[dict[str, Any]]:
    """The held-table rows of one parsed document: each value it held back, with the reason and what is known."""
    if parsed.status != "parsed" or not parsed.held:
        return []
    published = document_row(doc, parsed)["published_at"]
    extracted = pd.Timestamp(parsed.extracted_at) if parsed.extracted_at else pd.Timestamp(doc.fetched_at)
    rows = []
    for item in parsed.held:
        row = {
            "doc_id": doc.doc_id,
            "url": public_url(doc.url),
            "source": doc.source,
            "published_at": published,
            "reported_text": str(item.get("reported_text") or ""),
            "locator": str(item.get("locator") or ""),
            "snippet": item.get("snippet"),
            "reason": str(item.get("reason") or "").strip() or "no reason given",
            **{k: item.get(k) for k in NATURAL_KEY},
            "parser_version": f"{parsed.kind}/{parsed.parser_version}",
            "extracted_at": extracted,
            "run_id": run_id,
        }
        rows.append(_known("held", row))
    return rows


def assemble_held(
    previous: pd.DataFrame, docs: Iterable[FetchedDoc], parsed: dict[str, ParsedDoc], run_id: str
) -> pd.DataFrame:
    """Previous held rows of documents not parsed this run, plus the values this run's documents held back."""
    rows = [r for d in docs if d.doc_id in parsed for r in held_rows(d, parsed[d.doc_id], run_id)]
    new = pd.DataFrame(rows, columns=HELD_COLUMNS)
    kept = _keep_previous(previous, set(parsed))
    frames = [f for f in (kept, new) if len(f)]
    if not frames:
        return pd.DataFrame(columns=HELD_COLUMNS)
    held = pd.concat(frames, ignore_index=True)[HELD_COLUMNS]
    same = [c for c in HELD_COLUMNS if c != "run_id"]
    return held.drop_duplicates(subset=same).reset_index(drop=True)
