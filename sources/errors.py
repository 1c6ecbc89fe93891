"""Exceptions raised while fetching documents or reading listings."""

from __future__ import annotations


class FetchError(Exception):
    """A document or listing could not be fetched; the message names the URL."""

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        self.reason = message
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


class PortNotAllowed(HostNotAllowed):
    """A redirect leads to a port of an allowed host that is neither its scheme's default nor the one asked for."""

    def __init__(self, url: str, host: str, port: int) -> None:
        self.host, self.port = host, port
        FetchError.__init__(
            self,
            url,
            f"redirect to port {port} of {host!r} refused: only the default port or the one requested is followed "
            f"(allow '{host}:{port}' to follow it)",
        )


class FetchTimeout(FetchError):
    """The server did not answer in time (after any retries)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "timed out")


class DeadlineExceeded(FetchTimeout):
    """The whole fetch (every attempt, redirect and byte of the body) took longer than its overall deadline."""

    def __init__(self, url: str, seconds: float) -> None:
        self.seconds = seconds
        FetchError.__init__(self, url, f"no complete answer within the fetch deadline of {seconds:g} s")


class ChallengePage(FetchError):
    """The server answered with a bot challenge (a JavaScript check) instead of the document; worth a later retry."""

    def __init__(self, url: str, marker: str) -> None:
        self.marker = marker
        super().__init__(url, f"answered with a JavaScript challenge page ({marker}), not the document")


class ConnectionFailed(FetchError):
    """The connection could not be made or broke off (after any retries)."""

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(url, f"connection failed{' (' + detail + ')' if detail else ''}")


class Unreachable(FetchError):
    """No request was made: the host (or the whole network) could not be reached earlier in the run."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, f"not tried ({reason})")
        self.reason = reason


class NotRegularFile(FetchError):
    """A local path names a FIFO, a device, a directory or a socket: refused before any read can block or run on."""

    def __init__(self, url: str, kind: str) -> None:
        self.kind = kind
        super().__init__(url, f"not a regular file ({kind})")


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
