"""What a run did: its counters, and the rules that turn what failed into a status and an exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from warehouse.assemble import FetchedDoc
from warehouse.parsed import ParsedDoc

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3


@dataclass(slots=True)
class RunOutcome:
    """What a run did, for the CLI's exit code and the run summary."""

    run_id: str
    status: str = "ok"
    exit_code: int = EXIT_OK
    docs_seen: int = 0
    docs_new: int = 0
    docs_unchanged: int = 0
    docs_failed: int = 0
    docs_not_modified: int = 0
    docs_listed: int = 0
    docs_not_fetched: int = 0
    listings_failed: int = 0
    facts_written: int = 0
    metrics_written: int = 0
    failures: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    published: bool = False
    message: str = ""

    def add_failures(self, lines: Iterable[str]) -> None:
        """Failures of single documents, listings or stores: a run that still publishes is partial (exit 3)."""
        lines = list(lines)
        self.failures += lines
        if lines and self.exit_code == EXIT_OK:
            self.status, self.exit_code = "partial", EXIT_PARTIAL

    def fail(self, message: str) -> None:
        """Nothing is published: the run failed (exit 1) and the tables stay as they were."""
        self.status, self.exit_code, self.message = "failed", EXIT_FAILED, message

    def count_parses(self, docs: Iterable[FetchedDoc], parsed: dict[str, ParsedDoc], new: int) -> None:
        """Documents parsed now, taken from the cache and failed; their failure lines and held values."""
        self.docs_new = new
        self.docs_unchanged = len(parsed) - new
        failed = [d for d in docs if parsed[d.doc_id].status != "parsed"]
        self.docs_failed = len(failed)
        self.add_failures(f"{d.url}: {parsed[d.doc_id].error}" for d in failed)
        self.held += [f"{d.url}: {h['reason']}: {h['reported_text']}" for d in docs for h in parsed[d.doc_id].held]

    def counts(self, written: bool) -> dict[str, int]:
        """The counters a `runs` row records (facts and metrics only when the run publishes them)."""
        return {"docs_seen": self.docs_seen, "docs_new": self.docs_new, "docs_unchanged": self.docs_unchanged,
                "docs_failed": self.docs_failed, "facts_written": self.facts_written if written else 0,
                "metrics_written": self.metrics_written if written else 0}
