"""Exceptions raised while fetching documents or reading listings."""

from __future__ import annotations


class FetchError(Exception):
    """A document or listing could not be fetched; the message names the URL."""

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        super().__init__(f"{message}: {url}")


class HttpStatusError(FetchError):
    """The server answered with an error status (after any retries)."""

    def __init__(self, url: str, status: int, message: str | None = None) -> None:
        self.status = status
        super().__init__(url, message or f"HTTP {status}")


class ReplayMiss(HttpStatusError):
    """The snapshot has no document for the URL (served as a 404)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, 404, "not in the snapshot (HTTP 404)")


class TooLarge(FetchError):
    """The response body is larger than the byte cap."""

    def __init__(self, url: str, limit: int) -> None:
        self.limit = limit
        super().__init__(url, f"response larger than {limit} bytes")


class HostNotAllowed(FetchError):
    """The URL (or a redirect target) is on a host outside the allowlist."""

    def __init__(self, url: str, host: str | None) -> None:
        self.host = host
        super().__init__(url, f"host {host!r} is not in the allowlist")


class FetchTimeout(FetchError):
    """The server did not answer in time (after any retries)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "timed out")


class ConnectionFailed(FetchError):
    """The connection could not be made or broke off (after any retries)."""

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(url, f"connection failed{' (' + detail + ')' if detail else ''}")


class Unreachable(FetchError):
    """No request was made: the host (or the whole network) could not be reached earlier in the run."""

    def __init__(self, url: str, reason: str) -> None:
        self.reason = reason
        super().__init__(url, f"not tried ({reason})")


class ListingError(FetchError):
    """A listing was fetched but its content could not be understood."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(url, f"unreadable listing ({problem})")


class ConfigError(ListingError):
    """The configured source list is missing, malformed or has a bad entry."""


class LayoutChanged(ListingError):
    """A listing page was fetched but carries none of the layouts it is read by."""


class TruncatedSearch(ListingError):
    """A search says it holds more rows than it handed over, even when asked for all of them."""
