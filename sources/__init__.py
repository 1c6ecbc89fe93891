"""Where documents come from: HTTP client, snapshot replay, discovery and the inbox."""

from sources.discovery import DISCOVERABLE, Candidate, Rejected, discover, discover_configured
from sources.errors import (
    ChallengePage,
    ConfigError,
    ConnectionFailed,
    DeadlineExceeded,
    FetchError,
    FetchTimeout,
    HostNotAllowed,
    HttpStatusError,
    ListingError,
    NotRegularFile,
    PortNotAllowed,
    ReplayMiss,
    TooLarge,
)
from sources.http import DEFAULT_ALLOWED_HOSTS, HttpClient, Response
from sources.inbox import inbox_candidates, read_inbox_file, scan_inbox
from sources.replay import SNAPSHOT_DIR, ReplayAdapter, snapshot_as_of

__all__ = [
    "DEFAULT_ALLOWED_HOSTS",
    "DISCOVERABLE",
    "SNAPSHOT_DIR",
    "Candidate",
    "ChallengePage",
    "ConfigError",
    "ConnectionFailed",
    "DeadlineExceeded",
    "FetchError",
    "FetchTimeout",
    "HostNotAllowed",
    "HttpClient",
    "HttpStatusError",
    "ListingError",
    "NotRegularFile",
    "PortNotAllowed",
    "Rejected",
    "ReplayAdapter",
    "ReplayMiss",
    "Response",
    "TooLarge",
    "discover",
    "discover_configured",
    "inbox_candidates",
    "read_inbox_file",
    "scan_inbox",
    "snapshot_as_of",
]
