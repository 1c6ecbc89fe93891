"""Plain functions the Prefect tasks wrap: each joins one sources/transforms/warehouse call to the next."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from sources.discovery import Candidate, Rejected, discover
from sources.http import FetchError, HttpClient
from sources.inbox import read_inbox_file, scan_inbox
from transforms.model import DocMeta, ParseError
from transforms.parse import fact_rows, parse_document, parser_version, parsers
from warehouse.assemble import FetchedDoc
from warehouse.parsed import ParsedDoc, read_parsed, write_parsed
from warehouse.store import RawStore

log = logging.getLogger("tencent_etl")

SNAPSHOT_SOURCES = ("tencent_ir", "hkex", "prnewswire", "articles", "nbs")

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


def fetch_candidate(candidate: Candidate, client: HttpClient | None, data_dir: Path) -> FetchedDoc:
    """Fetch (or read from the inbox) one candidate and store its bytes by content hash."""
    if candidate.source == "inbox":
        path = Path(data_dir) / "inbox" / candidate.url.removeprefix("inbox:")
        data = read_inbox_file(path)
        content_type, charset = None, None
    else:
        if client is None:
            raise FetchError(f"{candidate.url}: no HTTP client for this source")
        response = client.get(candidate.url)
        data = response.content
        content_type, charset = response.content_type, response.charset
    ext = extension_for(content_type, data)
    doc_id, raw_path = RawStore(data_dir).put(data, ext)
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
    )


def registry_fingerprint() -> str:
    """One string naming every parser kind and version: what a failed parse was tried with."""
    return ",".join(f"{k}/{p.version}" for k, p in sorted(parsers().items()))


def is_current(parsed: ParsedDoc | None) -> bool:
    """Whether a cached parse output was made by the parser versions in use now."""
    if parsed is None:
        return False
    if parsed.kind is None:
        return parsed.parser_version == registry_fingerprint()
    known = parsers()
    return parsed.kind in known and known[parsed.kind].version == parsed.parser_version


def parse_fetched(doc: FetchedDoc, data_dir: Path) -> tuple[ParsedDoc, bool]:
    """Parse a stored document unless the cache holds this content parsed by the current parser."""
    cached = read_parsed(data_dir, doc.doc_id)
    if is_current(cached):
        return cached, False
    data = RawStore(data_dir).read(doc.raw_path)
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
        write_parsed(data_dir, parsed)
        return parsed, True
    published = doc.published_at or result.published_at
    rows = fact_rows(
        result,
        doc_id=doc.doc_id,
        source=doc.source,
        published_at=published,
        parser_version=f"{result.kind}/{parser_version(result.kind)}",
        extracted_at=extracted_at,
    )
    parsed = ParsedDoc(
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
    write_parsed(data_dir, parsed)
    return parsed, True


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of bytes: a document's id."""
    return hashlib.sha256(data).hexdigest()


def inbox_sources(data_dir: Path) -> tuple[list[Candidate], list[Rejected]]:
    """Candidates from the files an analyst dropped into <data-dir>/inbox/."""
    return scan_inbox(Path(data_dir) / "inbox")
