"""Parse outputs on disk: one JSON file per document and parser version, the cache that makes reruns cheap."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from common import write_atomic

# The layout of a cached parse output; an output cached in another layout is parsed again.
# 2: held values carry their snippet and key fields.
CACHE_FORMAT = 2

@dataclass(slots=True)
class ParsedDoc:
    """What parsing one document produced, as stored in the parse cache."""

    doc_id: str
    kind: str | None
    parser_version: str | None
    status: str
    error: str | None = None
    title: str | None = None
    published_at: str | None = None
    extracted_at: str | None = None
    facts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)


def cache_path(data_dir: Path, doc_id: str) -> Path:
    """Where the parse output of a document lives."""
    return Path(data_dir) / "cache" / "parsed" / doc_id[:2] / f"{doc_id}.json"


def _default(obj: Any) -> str:
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def write_parsed(data_dir: Path, parsed: ParsedDoc) -> Path:
    """Write a parse output atomically (temp file, then replace)."""
    path = cache_path(data_dir, parsed.doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, json.dumps(_as_dict(parsed), default=_default, ensure_ascii=False))


def _as_dict(parsed: ParsedDoc) -> dict[str, Any]:
    return {"format": CACHE_FORMAT} | {name: getattr(parsed, name) for name in ParsedDoc.__slots__}


def read_parsed(data_dir: Path, doc_id: str) -> ParsedDoc | None:
    """The cached parse output of a document, or None when absent, unreadable or in an older layout."""
    path = cache_path(data_dir, doc_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.pop("format", None) != CACHE_FORMAT:
        return None
    try:
        return ParsedDoc(**raw)
    except TypeError:
        return None
