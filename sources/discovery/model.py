"""What discovery returns: documents to fetch and listing items turned away, with reasons."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[./\-年]\s*(\d{1,2})\s*[./\-月]\s*(\d{1,2})(?!\d)")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b")
_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})\b")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document a source lists and the pipeline should fetch."""

    url: str
    source: str
    title: str | None = None
    published_at: date | None = None
    kind_hint: str | None = None
    period_code: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A listing item that is not fetched, and why; `failure` marks a listing that could not be read at all."""

    url: str
    title: str | None
    reason: str
    failure: bool = False


def _safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts are not a calendar day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def listing_date(text: str) -> date | None:
    """The first date in a listing line: 2025.03.19, 2019/08/14, 2025-03-19, March 19, 2025, 19 Mar 2025."""
    m = _YMD.search(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MDY.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _DMY.search(text)
    if m and m.group(2).lower() in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def outside_window(published_at: date | None, since: date, as_of: date) -> str | None:
    """Why a publication date falls outside [since, as_of], or None when it is inside or unknown."""
    if published_at is None:
        return None
    if published_at < since:
        return f"published {published_at.isoformat()}, before {since.isoformat()}"
    if published_at > as_of:
        return f"published {published_at.isoformat()}, after {as_of.isoformat()}"
    return None


def apply_window(
    candidates: Iterable[Candidate], since: date, as_of: date
) -> tuple[list[Candidate], list[Rejected]]:
    """Split candidates into those published in [since, as_of] (or undated) and the rest."""
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for cand in candidates:
        reason = outside_window(cand.published_at, since, as_of)
        if reason is None:
            kept.append(cand)
        else:
            rejected.append(Rejected(cand.url, cand.title, reason))
    return kept, rejected


def dedupe(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates with repeated URLs dropped, first occurrence kept."""
    seen: set[str] = set()
    out: list[Candidate] = []
    for cand in candidates:
        if cand.url not in seen:
            seen.add(cand.url)
            out.append(cand)
    return out
