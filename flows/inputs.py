"""What the published tables were built from: documents, parser versions and code, kept beside the tables.

A run whose inputs equal those of the published tables would rebuild the same tables, so it records
itself and stops before assembling anything. The record is removed before a publish and written after
it, so it never describes tables other than the published ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from warehouse.assemble import FetchedDoc
from warehouse.parsed import ParsedDoc

STATE_FILE = "published_inputs.json"
FORMAT = 1
# The packages whose code decides what a table holds; a change to any file means a full rebuild.
CODE_PACKAGES = ("transforms", "warehouse", "flows")
CODE_SUFFIXES = (".py", ".yaml", ".yml")


@dataclass(slots=True)
class PublishedInputs:
    """The inputs of the published tables and what their run reported about them."""

    run_id: str
    key: str
    parsers: dict[str, list] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    facts: int = 0
    metrics: int = 0


def state_path(data_dir: Path) -> Path:
    """Where the record lives: <data-dir>/state/published_inputs.json."""
    return Path(data_dir) / "state" / STATE_FILE


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the source files of the packages that build the tables (read once per process)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for package in CODE_PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _doc_line(doc: FetchedDoc, parser: str) -> str:
    """One document as the tables see it (fetch time aside) with the parser that read it."""
    published = doc.published_at.isoformat() if doc.published_at else ""
    fields = (doc.doc_id, doc.source, doc.url, doc.title or "", published, doc.content_type or "",
              str(doc.byte_size), doc.raw_path, doc.charset or "", parser)
    return "\x1f".join(fields)


def inputs_key(docs: Iterable[FetchedDoc], parsers: Mapping[str, list], settings: str) -> str:
    """A digest of a run's inputs: each document with its parser, the run settings and the code."""
    digest = hashlib.sha256(f"{FORMAT}\x1e{settings}\x1e{code_digest()}".encode())
    for line in sorted(_doc_line(d, _parser_text(parsers[d.doc_id]) if d.doc_id in parsers else "") for d in docs):
        digest.update(line.encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def parser_of(parsed: ParsedDoc) -> list:
    """The parser that made a parse output: [kind or None, version, status]."""
    return [parsed.kind, parsed.parser_version, parsed.status]


def _parser_text(entry: list) -> str:
    kind, version, status = entry
    return f"{kind or 'none'}/{version or ''}/{status}"


def load(data_dir: Path) -> PublishedInputs | None:
    """The record of the published tables' inputs, or None when absent or unreadable."""
    try:
        raw = json.loads(state_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return None
    raw.pop("format")
    try:
        record = PublishedInputs(**raw)
    except TypeError:
        return None
    return record if _well_formed(record) else None


def _well_formed(record: PublishedInputs) -> bool:
    """Whether a loaded record has the shapes a run reads (a damaged one means a full run, not a crash)."""
    def text(value: object, optional: bool = False) -> bool:
        return isinstance(value, str) or (optional and value is None)

    entries_ok = isinstance(record.parsers, dict) and all(
        text(doc_id) and isinstance(e, list) and len(e) == 3 and text(e[0], True) and text(e[1], True) and text(e[2])
        for doc_id, e in record.parsers.items()
    )
    lists_ok = all(isinstance(v, list) and all(map(text, v)) for v in (record.failures, record.held))
    return entries_ok and lists_ok and text(record.run_id) and text(record.key)


def forget(data_dir: Path) -> None:
    """Remove the record (before tables are replaced, so it can never describe other tables)."""
    state_path(data_dir).unlink(missing_ok=True)


def save(data_dir: Path, record: PublishedInputs) -> Path:
    """Write the record atomically."""
    path = state_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    payload = {"format": FORMAT, **{name: getattr(record, name) for name in PublishedInputs.__slots__}}
    try:
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
