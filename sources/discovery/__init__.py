"""Discovery: which documents each source lists, and which listing items were turned away."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from sources.discovery.configured import SECTION_SOURCE, discover_configured
from sources.discovery.hkex import discover_hkex
from sources.discovery.model import Candidate, Rejected, apply_window
from sources.discovery.tencent_ir import discover_tencent_ir
from sources.http import HttpClient

DISCOVERABLE: tuple[str, ...] = ("tencent_ir", "hkex", "prnewswire", "articles", "nbs")


def _allowed(candidates: list[Candidate], client: HttpClient) -> tuple[list[Candidate], list[Rejected]]:
    """Split configured candidates by whether the client may fetch their host."""
    if client.allowed_hosts is None:
        return candidates, []
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for cand in candidates:
        host = urlsplit(cand.url).hostname
        if host in client.allowed_hosts:
            kept.append(cand)
        else:
            rejected.append(Rejected(cand.url, cand.title, f"host {host!r} is not in the allowlist"))
    return kept, rejected


def discover(
    source: str,
    client: HttpClient,
    *,
    since: date,
    as_of: date,
    config_path: Path | None = None,
    include_chinese: bool = False,
) -> tuple[list[Candidate], list[Rejected]]:
    """Candidates of one source published in [since, as_of], and rejected items; FetchError on a failed listing."""
    if source == "tencent_ir":
        return discover_tencent_ir(client, since=since, as_of=as_of)
    if source == "hkex":
        return discover_hkex(client, since=since, as_of=as_of, include_chinese=include_chinese)
    if source in SECTION_SOURCE:
        kept, outside = apply_window(discover_configured(source, config_path), since, as_of)
        allowed, blocked = _allowed(kept, client)
        return allowed, outside + blocked
    raise ValueError(f"unknown source {source!r}; expected one of {', '.join(DISCOVERABLE)}")


__all__ = ["DISCOVERABLE", "Candidate", "Rejected", "discover", "discover_configured"]
