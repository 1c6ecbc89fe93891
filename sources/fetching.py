"""One fetch of a listed document: conditional requests from recorded validators, bytes into the raw store,
and the hosts a run could not reach (asked once, then left alone for the rest of the run)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import requests
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from sources.discovery.configured import SECTION_SOURCE, discover_configured
from sources.discovery.feeds import configured_feeds
from sources.discovery.hkex import PREFIX_URL
from sources.discovery.model import Candidate
from sources.discovery.tencent_ir import FINANCIAL_NEWS_URL
from sources.errors import ConnectionFailed, FetchError, FetchTimeout, HttpStatusError, TooLarge, Unreachable
from sources.http import HttpClient, Response, Validators, host_of, load_validators, save_validators
from sources.inbox import read_inbox_file

VALIDATORS_FILE = "http_validators.json"
# Hosts that could not be reached, with none answering, after which the network is taken to be down.
NETWORK_DOWN_HOSTS = 3
EXTENSIONS = {
    "application/pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "text/plain": "txt",
}


class ByteStore(Protocol):
    """Where fetched bytes go: stored once by content, found again by their sha256."""

    def put(self, data: bytes, ext: str) -> tuple[str, str]: ...

    def find(self, sha: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Stored:
    """A document's bytes in the raw store: where they are, when they were fetched and how they were served."""

    doc_id: str
    raw_path: str
    fetched_at: datetime
    byte_size: int
    content_type: str | None = None
    charset: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """One candidate fetched: its stored bytes, the validators to remember and whether the server said 304."""

    candidate: Candidate
    stored: Stored
    validators: Validators | None = None
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class NotFetched:
    """A candidate whose bytes could not be had, with the one-line reason; `tried` is False when no request was made."""

    candidate: Candidate
    reason: str
    tried: bool = True


def extension_for(content_type: str | None, data: bytes) -> str:
    """File extension for the raw store, from the content type, else from the bytes."""
    base = (content_type or "").split(";")[0].strip().lower()
    if base in EXTENSIONS:
        return EXTENSIONS[base]
    head = data[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"<"):
        return "html"
    return "txt"


def validators_path(data_dir: Path) -> Path:
    """The state file of HTTP validators: <data-dir>/state/http_validators.json."""
    return Path(data_dir) / "state" / VALIDATORS_FILE


def load_fetch_state(data_dir: Path) -> dict[str, Validators]:
    """The validators recorded by earlier runs, by URL."""
    return load_validators(validators_path(data_dir))


def save_fetch_state(data_dir: Path, previous: Mapping[str, Validators], fresh: Iterable[Validators | None]) -> Path:
    """Record this run's validators over the earlier ones (one writer: the flow)."""
    state = dict(previous)
    for validators in fresh:
        if validators is not None:
            state[validators.url] = validators
    return save_validators(validators_path(data_dir), state)


def fetch_document(
    candidate: Candidate,
    client: HttpClient | None,
    store: ByteStore,
    known: Validators | None = None,
    inbox_dir: Path | None = None,
) -> Fetched:
    """Fetch one candidate into the store, conditionally when its validators are known and its bytes still stored."""
    if candidate.source == "inbox":
        if inbox_dir is None:
            raise FetchError(candidate.url, "no inbox folder for an inbox document")
        data = read_inbox_file(Path(inbox_dir) / candidate.url.removeprefix("inbox:"))
        return Fetched(candidate, _store(store, data, None, None))
    if client is None:
        raise FetchError(candidate.url, "no HTTP client for this source")
    usable = known is not None and known.conditional and store.find(known.doc_id) == known.raw_path
    if usable:
        response = client.get(candidate.url, etag=known.etag, last_modified=known.last_modified)
        if response.not_modified:
            return Fetched(candidate, stored_of(known), known, not_modified=True)
    else:
        response = client.get(candidate.url)
    stored = _store(store, response.content, response.content_type, response.charset)
    return Fetched(candidate, stored, validators_of(candidate.url, stored, response))


def _store(store: ByteStore, data: bytes, content_type: str | None, charset: str | None) -> Stored:
    """Put bytes in the store and say where they went."""
    doc_id, raw_path = store.put(data, extension_for(content_type, data))
    return Stored(doc_id, raw_path, datetime.now(UTC), len(data), content_type, charset)


def stored_of(known: Validators) -> Stored:
    """The stored bytes a 304 answer points at, as they were when they were fetched."""
    return Stored(known.doc_id, known.raw_path, datetime.fromisoformat(known.fetched_at), known.byte_size,
                  known.content_type, known.charset)


def validators_of(url: str, stored: Stored, response: Response) -> Validators | None:
    """What to remember of a full answer, or None when the server sent no validator."""
    if not (response.etag or response.last_modified):
        return None
    return Validators(
        url=url,
        doc_id=stored.doc_id,
        raw_path=stored.raw_path,
        fetched_at=stored.fetched_at.isoformat(),
        byte_size=stored.byte_size,
        content_type=stored.content_type,
        charset=stored.charset,
        etag=response.etag,
        last_modified=response.last_modified,
    )


def fetch_documents(
    candidates: list[Candidate],
    client: HttpClient | None,
    store: ByteStore,
    known: list[Validators | None],
    inbox_dir: Path | None = None,
) -> list[Fetched | NotFetched]:
    """Fetch candidates one after another; a candidate that fails comes back as NotFetched with its reason."""
    results: list[Fetched | NotFetched] = []
    for candidate, validators in zip(candidates, known, strict=True):
        try:
            results.append(fetch_document(candidate, client, store, validators, inbox_dir))
        except Unreachable as exc:
            results.append(NotFetched(candidate, exc.reason, tried=False))
        except (FetchError, OSError, ValueError) as exc:
            results.append(NotFetched(candidate, str(exc)))
    return results


class Reachability:
    """The hosts one run could not reach: each is asked once, and once `limit` hosts failed while none
    answered, the network is taken to be down and nothing more is asked."""

    def __init__(self, limit: int = NETWORK_DOWN_HOSTS) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._failed: dict[str, str] = {}
        self._answered: set[str] = set()

    def refusal(self, host: str | None) -> str | None:
        """Why a request to `host` is not worth making in this run, or None when it is."""
        with self._lock:
            if host in self._failed:
                return f"{host} could not be reached earlier in this run ({self._failed[host]})"
            if not self._answered and len(self._failed) >= self.limit:
                return f"no network: {len(self._failed)} hosts could not be reached and none answered"
        return None

    def failed(self, host: str | None, error: FetchError) -> None:
        """Record that a host could not be reached (after the client's retries)."""
        if host:
            with self._lock:
                self._failed.setdefault(host, _kind(error))

    def answered(self, host: str | None) -> None:
        """Record that a host answered (any HTTP status)."""
        if host:
            with self._lock:
                self._answered.add(host)

    def unreachable(self) -> dict[str, str]:
        """The hosts that could not be reached, with how they failed."""
        with self._lock:
            return dict(self._failed)


def cannot_connect(error: BaseException) -> bool:
    """Whether a fetch failed before any connection was made: name not resolved, refused, or connect timeout.

    A connection reset or a read timeout is not such a failure: the host answered, one document broke off.
    """
    cause = error.__cause__
    if isinstance(cause, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(cause, requests.exceptions.ConnectionError):
        return False
    reason = cause.args[0] if cause.args else None
    reason = getattr(reason, "reason", reason)  # urllib3 wraps the cause in MaxRetryError
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def _kind(error: FetchError) -> str:
    """How a host failed, in a few words."""
    args = getattr(error.__cause__, "args", None) or (None,)
    reason = getattr(args[0], "reason", args[0])
    if isinstance(reason, NameResolutionError):
        return "name not resolved"
    if isinstance(error, FetchTimeout):
        return "connect timed out"
    return "could not connect"


class GuardedClient:
    """An HTTP client seen through a run's Reachability: a request to a host known to be unreachable fails at once."""

    def __init__(self, client: HttpClient, reach: Reachability) -> None:
        self.client = client
        self.reach = reach

    def get(self, url: str, **kwargs: object) -> Response:
        """The client's GET, refused without a request when the host (or the network) could not be reached."""
        host = host_of(url)
        reason = self.reach.refusal(host)
        if reason is not None:
            raise Unreachable(url, reason)
        try:
            response = self.client.get(url, **kwargs)
        except (ConnectionFailed, FetchTimeout) as exc:
            if cannot_connect(exc):
                self.reach.failed(host, exc)
            else:
                self.reach.answered(host)
            raise
        except (HttpStatusError, TooLarge):
            self.reach.answered(host)
            raise
        self.reach.answered(host)
        return response

    def __getattr__(self, name: str) -> object:
        return getattr(self.client, name)


_RUNS: dict[str, Reachability] = {}
_RUNS_LOCK = threading.Lock()


def run_reachability(run_id: str) -> Reachability:
    """The Reachability of one run in this process (made on first use, shared by the run's tasks)."""
    with _RUNS_LOCK:
        return _RUNS.setdefault(run_id, Reachability())


def forget_run(run_id: str) -> None:
    """Drop a finished run's Reachability."""
    with _RUNS_LOCK:
        _RUNS.pop(run_id, None)


def probe_urls(sources: Iterable[str], config_path: Path | None = None) -> dict[str, str]:
    """One URL per discovery source that tells whether its site answers: its listing, else its first configured page."""
    out: dict[str, str] = {}
    for source in sources:
        if source == "tencent_ir":
            out[source] = FINANCIAL_NEWS_URL
        elif source == "hkex":
            out[source] = PREFIX_URL
        elif source in SECTION_SOURCE:
            feeds = configured_feeds(config_path) if source == "articles" else []
            pages = [c.url for c in discover_configured(source, config_path)]
            if feeds or pages:
                out[source] = (feeds or pages)[0]
    return out


def unreachable_sources(client: HttpClient, sources: Iterable[str], config_path: Path | None = None) -> dict[str, str]:
    """The sources whose site could not be reached, with the reason; any HTTP answer, even an error, is reached."""
    out: dict[str, str] = {}
    for source, url in probe_urls(sources, config_path).items():
        try:
            client.get(url)
        except (HttpStatusError, TooLarge):
            continue
        except FetchError as exc:
            out[source] = str(exc)
    return out
