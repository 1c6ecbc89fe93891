"""Discovery: which documents each source lists, and which listing items were turned away.

With a snapshot client, the bundled documents of a source are added to what its listing gives (so every
bundled document is discoverable) and listed URLs the snapshot cannot serve are rejected, not fetched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from sources.discovery.configured import SECTION_SOURCE, discover_configured
from sources.discovery.feeds import configured_feeds, feed_items
from sources.discovery.hkex import discover_hkex, discover_peers
from sources.discovery.model import Candidate, Rejected, apply_window, dedupe
from sources.discovery.snapshot import snapshot_candidates
from sources.discovery.tencent_ir import discover_tencent_ir
from sources.errors import FetchError, ListingError, ReplayMiss
from sources.http import HttpClient
from sources.replay import SnapshotEntry

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


def _snapshot_entries(client: HttpClient) -> list[SnapshotEntry] | None:
    """The bundled index entries when the client replays the snapshot, else None."""
    if client.transport != "snapshot":
        return None
    return list(getattr(client.adapter, "entries", None) or [])


def _served(candidates: list[Candidate], client: HttpClient) -> tuple[list[Candidate], list[Rejected]]:
    """Split listed candidates by whether the snapshot can serve them (a stale listing never breaks a run)."""
    lookup = getattr(client.adapter, "lookup", None)
    if lookup is None:
        return candidates, []
    kept = [c for c in candidates if lookup(c.url) is not None]
    missing = [Rejected(c.url, c.title, "listed but not in the snapshot") for c in candidates if lookup(c.url) is None]
    return kept, missing


def feed_candidates(client: HttpClient, config_path: Path | None = None) -> tuple[list[Candidate], list[Rejected]]:
    """The on-topic items of every configured feed (the others rejected before any fetch); a feed that cannot be
    fetched or read is rejected, not raised."""
    found: list[Candidate] = []
    rejected: list[Rejected] = []
    for url in configured_feeds(config_path):
        try:
            kept, off_topic = feed_items(client.get(url).content, url)
        except FetchError as exc:
            rejected.append(Rejected(url, None, f"feed unavailable: {exc}", failure=True))
            continue
        found += kept
        rejected += off_topic
    return found, rejected


def _listed(
    source: str,
    client: HttpClient,
    since: date,
    as_of: date,
    config_path: Path | None,
    include_chinese: bool,
) -> tuple[list[Candidate], list[Rejected]]:
    """Candidates from the source's own listing (IR page, HKEX search) or the configured list."""
    if source == "tencent_ir":
        return discover_tencent_ir(client, since=since, as_of=as_of)
    if source == "hkex":
        found, rejected = discover_hkex(client, since=since, as_of=as_of, include_chinese=include_chinese)
        peers, refused = discover_peers(client, since=since, as_of=as_of)
        return dedupe(found + peers), rejected + refused
    if source in SECTION_SOURCE:
        listed, unreadable = discover_configured(source, config_path), []
        if source == "articles":
            items, unreadable = feed_candidates(client, config_path)
            listed = dedupe(listed + items)
        kept, outside = apply_window(listed, since, as_of)
        allowed, blocked = _allowed(kept, client)
        return allowed, outside + blocked + unreadable
    raise ValueError(f"unknown source {source!r}; expected one of {', '.join(DISCOVERABLE)}")


def discover(
    source: str,
    client: HttpClient,
    *,
    since: date,
    as_of: date,
    config_path: Path | None = None,
    include_chinese: bool = False,
) -> tuple[list[Candidate], list[Rejected]]:
    """Candidates of one source in [since, as_of] and rejected items; FetchError when the listing fails."""
    entries = _snapshot_entries(client)
    bundled = snapshot_candidates(source, entries) if entries else []
    try:
        found, rejected = _listed(source, client, since, as_of, config_path, include_chinese)
    except (ReplayMiss, ListingError):
        if not bundled:
            raise
        found, rejected = [], []
    if entries is None:
        return found, rejected
    found, missing = _served(found, client)
    rejected += missing
    extra, outside = apply_window(bundled, since, as_of)
    found = dedupe(found + extra)
    urls = {c.url for c in found}
    rejected = [r for r in rejected if r.url not in urls]
    rejected += [r for r in outside if r.url not in {x.url for x in rejected}]
    return found, rejected


__all__ = ["DISCOVERABLE", "Candidate", "Rejected", "discover", "discover_configured", "feed_candidates"]
