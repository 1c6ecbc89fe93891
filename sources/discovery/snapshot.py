"""Snapshot mode: the bundled index entries as candidates, so every bundled document is discoverable."""

from __future__ import annotations

from collections.abc import Iterable

from sources.discovery.model import Candidate
from sources.replay import SnapshotEntry

# Industry documents (articles and peers' results releases) are discovered together under "articles".
INDEX_SOURCE: dict[str, tuple[str, ...]] = {
    "tencent_ir": ("tencent_ir",),
    "hkex": ("hkex",),
    "prnewswire": ("prnewswire",),
    "articles": ("article", "kuaishou_ir"),
    "nbs": ("nbs",),
}
KIND_HINTS: dict[str, str | None] = {
    "tencent_ir": "results_release_en",
    "hkex": "hkex_announcement",
    "prnewswire": None,
    "article": "article",
    "nbs": "nbs_retail",
    "kuaishou_ir": "kuaishou_results",
}


def entry_candidate(entry: SnapshotEntry) -> Candidate:
    """A bundled document as a candidate, with the title and date its index gives."""
    source = entry.source or ""
    return Candidate(
        url=entry.url,
        source=source,
        title=entry.title,
        published_at=entry.published_at,
        kind_hint=KIND_HINTS.get(source),
    )


def snapshot_candidates(source_name: str, entries: Iterable[SnapshotEntry]) -> list[Candidate]:
    """Candidates for the bundled documents of one discovery source (served with status 200)."""
    wanted = INDEX_SOURCE.get(source_name, ())
    return [entry_candidate(e) for e in entries if e.source in wanted and e.status == 200 and e.family != "listings"]
