"""Discovery from the YAML lists an analyst edits (sources/config/sources.yaml)."""

from __future__ import annotations

import copy
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sources.discovery.model import Candidate, dedupe
from sources.errors import ConfigError
from transforms.vocab import DOC_SOURCES

CONFIG_PATH: Path = Path(__file__).resolve().parent.parent / "config" / "sources.yaml"
SECTION_SOURCE: dict[str, str] = {"prnewswire": "prnewswire", "articles": "article", "nbs": "nbs"}
SECTION_KIND: dict[str, str | None] = {"prnewswire": None, "articles": "article", "nbs": "nbs_retail"}


def load_config(config_path: Path | None = None) -> dict[str, Any]:
    """The parsed sources.yaml (an empty mapping when the file is empty)."""
    path = Path(config_path) if config_path is not None else CONFIG_PATH
    try:
        stat = path.stat()
        data = copy.deepcopy(_parsed_yaml(str(path), stat.st_mtime_ns, stat.st_size))
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read ({type(exc).__name__})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), "not valid YAML") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "top level must be a mapping of sections")
    return data


@lru_cache(maxsize=16)
def _parsed_yaml(path: str, mtime_ns: int, size: int) -> Any:
    """A YAML file parsed once per version of it (mtime and size name the version)."""
    text = Path(path).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _published(value: object, path: Path, url: str) -> date | None:
    """An entry's published_at as a date (YAML may already have parsed it)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ConfigError(str(path), f"published_at {value!r} of {url} is not YYYY-MM-DD") from exc


def _candidate(entry: object, section: str, path: Path) -> Candidate:
    """One configured entry as a Candidate."""
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict):
        raise ConfigError(str(path), f"entries of '{section}' must be mappings with a url")
    url = str(entry.get("url") or "").strip()
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ConfigError(str(path), f"entry of '{section}' has no http(s) url ({url!r})")
    title = entry.get("title")
    kind = entry.get("kind") or SECTION_KIND[section]
    source = str(entry.get("source") or SECTION_SOURCE[section])
    if source not in DOC_SOURCES:
        raise ConfigError(str(path), f"source {source!r} of {url} is not a document source")
    return Candidate(
        url=url,
        source=source,
        title=str(title).strip() if title else None,
        published_at=_published(entry.get("published_at"), path, url),
        kind_hint=str(kind) if kind else None,
    )


def discover_configured(section: str, config_path: Path | None = None) -> list[Candidate]:
    """The candidates listed under one section (prnewswire, articles, nbs) of sources.yaml."""
    if section not in SECTION_SOURCE:
        raise ValueError(f"unknown configured section {section!r}; expected one of {sorted(SECTION_SOURCE)}")
    path = Path(config_path) if config_path is not None else CONFIG_PATH
    entries = load_config(path).get(section) or []
    if not isinstance(entries, list):
        raise ConfigError(str(path), f"section '{section}' must be a list")
    return dedupe(_candidate(e, section, path) for e in entries)


def configured_allowed_hosts(config_path: Path | None = None) -> frozenset[str]:
    """Extra host names the analyst allowed in sources.yaml (lower case)."""
    path = Path(config_path) if config_path is not None else CONFIG_PATH
    hosts = load_config(path).get("allowed_hosts") or []
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise ConfigError(str(path), "allowed_hosts must be a list of host names")
    return frozenset(h.strip().lower() for h in hosts if h.strip())
