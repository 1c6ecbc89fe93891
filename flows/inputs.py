"""What the published tables were built from: documents, parser versions, code and library versions.

A run whose inputs equal those of the published tables would rebuild the same tables, so it records
itself and stops before assembling anything. The record is removed before a publish and written after
it, so it never describes tables other than the published ones.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from common import write_atomic
from warehouse.assemble import FetchedDoc
from warehouse.parsed import ParsedDoc, cache_path

STATE_FILE = "published_inputs.json"
FORMAT = 1
# The version of the code that turns parse outputs into tables (assemble, derive, checks, publish). Bump it
# when a change alters what a table holds, as a parser's version is bumped when its output changes; an edit
# that changes no output (a comment, a refactoring) leaves it, and the published tables stand.
CODE_VERSION = "1"
# Installed distributions whose behaviour decides what a document parses to (the parse cache is made with them).
PARSING_LIBRARIES = ("lxml", "beautifulsoup4", "pypdf", "cryptography", "pyyaml", "charset-normalizer", "zhconv",
                     "cn2an")
# Installed distributions that decide how parse outputs become table rows and checks.
TABLE_LIBRARIES = ("pandas", "numpy", "pyarrow", "pandera")
PARSE_CACHE_STAMP = "libraries.json"


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


def installed(names: Iterable[str]) -> dict[str, str]:
    """The installed version of each distribution ('-' when it is not installed)."""
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


@lru_cache(maxsize=1)
def parsing_stamp() -> str:
    """Python and the parsing libraries as this process loaded them (read once: an upgrade needs a new process)."""
    return json.dumps({"python": platform.python_version(), **installed(PARSING_LIBRARIES)}, sort_keys=True)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 of the declared code version, every parser's version and the libraries that parse and build tables."""
    from transforms.parse import parsers

    versions = ",".join(f"{kind}/{p.version}" for kind, p in sorted(parsers().items()))
    libraries = json.dumps(installed(TABLE_LIBRARIES), sort_keys=True)
    text = "\x1e".join((CODE_VERSION, versions, parsing_stamp(), libraries))
    return hashlib.sha256(text.encode()).hexdigest()


def parse_cache_dir(data_dir: Path) -> Path:
    """The folder of the parse cache (one file per document under it)."""
    return cache_path(Path(data_dir), "00").parents[1]


def drop_stale_parse_cache(data_dir: Path) -> bool:
    """Empty the parse cache when it was made with other parsing libraries than this process's; True if emptied."""
    folder = parse_cache_dir(data_dir)
    stamp = folder / PARSE_CACHE_STAMP
    try:
        if stamp.read_text(encoding="utf-8") == parsing_stamp():
            return False
    except OSError:
        pass
    emptied = folder.is_dir() and any(p.name != PARSE_CACHE_STAMP for p in folder.iterdir())
    try:
        if folder.is_dir():
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(stamp, parsing_stamp())
    except OSError:  # an unwritable cache only costs parsing again: the cache's own writes report the failure
        pass
    return emptied


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
    payload = {"format": FORMAT, **{name: getattr(record, name) for name in PublishedInputs.__slots__}}
    return write_atomic(path, json.dumps(payload, ensure_ascii=False))
