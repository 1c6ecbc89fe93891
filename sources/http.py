"""HTTP client for listings and documents: timeouts, retries, per-host rate limit, size cap, allowlist."""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from common import one_line, write_atomic
from sources.errors import (
    ChallengePage,
    ConnectionFailed,
    DeadlineExceeded,
    FetchError,
    FetchTimeout,
    HostNotAllowed,
    HttpStatusError,
    PortNotAllowed,
    ReplayMiss,
    TooLarge,
)

Transport = Literal["live", "snapshot"]

PROJECT_URL = "https://github.com/tencent-etl/tencent-etl"
MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MiB
MAX_REDIRECTS = 10
RETRY_AFTER_CAP = 60.0
BACKOFF_CAP = 30.0
CHUNK = 64 * 1024
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
REDIRECT_STATUSES: frozenset[int] = frozenset({301, 302, 303, 307, 308})
# Seconds one fetch may take from its first byte sent to its last byte read, retries and redirects included.
DEFAULT_DEADLINE = 120.0
DEFAULT_PORTS: dict[str, int] = {"http": 80, "https": 443}

DEFAULT_ALLOWED_HOSTS: frozenset[str] = frozenset(
    {
        "www.tencent.com",
        "tencent.com",
        "static.www.tencent.com",
        "cdn.ir.tencent.com",
        "www1.hkexnews.hk",
        "www.hkexnews.hk",
        "www3.hkexnews.hk",
        "www.prnewswire.com",
        "prnewswire.com",
        "www.prnasia.com",
        "36kr.com",
        "www.36kr.com",
        "finance.sina.com.cn",
        "news.sina.com.cn",
        "finance.sina.cn",
        "www.100ec.cn",
        "www.stats.gov.cn",
        "stats.gov.cn",
        "it.tmcnet.com",
        "www.epicos.com",
        "www.marketscreener.com",
        "en.huvle.com",
        "jimmyspost.com",
        "www.mirge.cn",
        "techlife.com.tw",
        "dsb.cn",
        "values.fun",
        "data.eastmoney.com",
        "www.latepost.com",
    }
)


def package_version() -> str:
    """The installed version of the project, or 0.0.0 when it is not installed."""
    try:
        return version("tencent-etl")
    except PackageNotFoundError:
        return "0.0.0"


def default_user_agent() -> str:
    """The descriptive User-Agent sent with every request."""
    return f"tencent-etl/{package_version()} (+{PROJECT_URL}; research data pipeline)"


@dataclass(frozen=True, slots=True)
class Response:
    """A completed fetch: final URL, status, lower-cased headers and the body bytes."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True when the server answered a conditional request with 304."""
        return self.status == 304


def split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """Media type (lower case) and charset parameter of a Content-Type header value."""
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    media = parts[0].lower() or None
    charset = None
    for param in parts[1:]:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media, charset


def host_of(url: str) -> str | None:
    """The lower-cased host name of a URL, or None."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


# Bot-challenge pages some sites answer with status 200 instead of the document: the marker each one carries.
CHALLENGE_MARKERS: tuple[tuple[str, str], ...] = (
    ("_wafchallengeid", "WAF challenge cookie _wafchallengeid"),
    ("waf-jschallenge", "WAF JavaScript challenge"),
    ("/cdn-cgi/challenge-platform/", "Cloudflare challenge"),
    ("__jsl_clearance", "JavaScript clearance cookie __jsl_clearance"),
    ("acw_sc__v2", "JavaScript clearance cookie acw_sc__v2"),
)
# A page that asks for JavaScript and has almost no other readable text is a challenge, whatever its vendor.
_ENABLE_JS = re.compile(r"(?:please\s+)?enable\s+javascript|(?:请|須|须)?(?:开启|啟用|启用|打开|開啟)\s*javascript", re.I)
_CHALLENGE_SCAN = 256 * 1024
_CHALLENGE_TEXT_MAX = 160
_CHALLENGE_PAGE_MAX = 32 * 1024  # a challenge that names no vendor is a small page
_SCRIPTS = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAGS = re.compile(r"<[^>]*>")


def _visible_length(markup: str) -> int:
    """Non-space characters of a page's text outside scripts, styles and noscript blocks."""
    text = _TAGS.sub(" ", _SCRIPTS.sub(" ", markup))
    return sum(1 for ch in text if not ch.isspace())


def challenge_marker(content: bytes, content_type: str | None = None) -> str | None:
    """What marks a body as a bot-challenge page (a known WAF token, or a bare request to enable JavaScript), or None."""
    if content_type and "html" not in content_type and not content_type.startswith("text/"):
        return None
    if len(content) > _CHALLENGE_SCAN or content.lstrip()[:1] != b"<":
        return None
    markup = content.decode("utf-8", "replace")
    low = markup.lower()
    for token, name in CHALLENGE_MARKERS:
        if token in low:
            return name
    if len(content) <= _CHALLENGE_PAGE_MAX and _ENABLE_JS.search(markup) and _visible_length(markup) <= _CHALLENGE_TEXT_MAX:
        return "a page that only asks to enable JavaScript"
    return None


class _Watch:
    """The sockets of one attempt in flight, shut down when its deadline passes (a blocked read then returns)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        _WATCHED.current = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _WATCHED.current = None

    def add(self, sock: socket.socket | None) -> None:
        """Watch a connection's socket (shut it at once when the deadline has already passed)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


_WATCHED = threading.local()


def _shut(sock: socket.socket) -> None:
    """Shut a socket down both ways at the TCP level (under TLS too), ignoring one already closed."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, ValueError):
        pass


class _WatchedMixin:
    """A urllib3 connection that hands its socket to the current attempt's watch before reading an answer."""

    def getresponse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        watch = getattr(_WATCHED, "current", None)
        if watch is not None:
            watch.add(getattr(self, "sock", None))
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_WatchedMixin, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedMixin, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """The live transport: plain HTTP(S) whose connections an attempt's deadline can cut (proxied ones too)."""

    def init_poolmanager(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_WATCHED_POOLS)

    def proxy_manager_for(self, proxy, **kwargs):  # type: ignore[no-untyped-def]
        manager = super().proxy_manager_for(proxy, **kwargs)
        if hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = dict(_WATCHED_POOLS)
        return manager


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), or None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def backoff_delay(attempt: int, backoff: float) -> float:
    """Exponential backoff with jitter for the given retry attempt (0-based), capped."""
    if backoff <= 0:
        return 0.0
    return min(BACKOFF_CAP, backoff * (2**attempt) + random.uniform(0.0, backoff))


class HostRateLimiter:
    """Thread-safe minimum interval between requests to the same host."""

    def __init__(
        self,
        rate_per_host: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate_per_host if rate_per_host and rate_per_host > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str) -> float:
        """Block until a request to `host` may be sent; return the time waited."""
        if self.interval <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


@dataclass(frozen=True, slots=True)
class _Raw:
    """One HTTP exchange before interpretation: final URL, status, lower-cased headers, body."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


class HttpClient:
    """GET with retries, backoff, Retry-After, rate limit, byte cap and host allowlist over a transport."""

    def __init__(
        self,
        transport: Transport = "live",
        *,
        snapshot_dir: Path | None = None,
        user_agent: str | None = None,
        timeout: tuple[float, float] = (5, 30),
        max_bytes: int = DEFAULT_MAX_BYTES,
        retries: int = 3,
        backoff: float = 0.5,
        rate_per_host: float = 1.0,
        allowed_hosts: frozenset[str] | None = DEFAULT_ALLOWED_HOSTS,
        adapter: BaseAdapter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retry_after_cap: float = RETRY_AFTER_CAP,
        deadline: float | None = DEFAULT_DEADLINE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if transport not in ("live", "snapshot"):
            raise ValueError(f"unknown transport {transport!r}")
        self.transport: Transport = transport
        self.user_agent = user_agent or default_user_agent()
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = max(0, retries)
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self.deadline = deadline
        self._clock = clock
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)
        self._sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.user_agent
        self.session.trust_env = transport == "live"
        if adapter is None:
            adapter = self._default_adapter(snapshot_dir)
        self.adapter = adapter
        if transport == "snapshot" and self.allowed_hosts is not None:
            self.allowed_hosts = self.allowed_hosts | _replay_hosts(adapter)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        limit = rate_per_host if transport == "live" else 0.0
        self.limiter = HostRateLimiter(limit, sleep=sleep)

    def _default_adapter(self, snapshot_dir: Path | None) -> BaseAdapter:
        """The replay adapter for snapshot mode, a plain HTTP adapter (no urllib3 retries) for live."""
        if self.transport == "snapshot":
            from sources.replay import ReplayAdapter

            return ReplayAdapter(snapshot_dir)
        return DeadlineAdapter(max_retries=0)

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_url(self, url: str) -> str:
        """Return the URL's host if the scheme is http(s) and the host is allowed, else raise."""
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise FetchError(url, "malformed URL") from exc
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"unsupported URL scheme {parts.scheme!r}")
        host = parts.hostname
        if not host:
            raise FetchError(url, "URL has no host")
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            if f"{host}:{_port_of(parts)}" not in self.allowed_hosts:
                raise HostNotAllowed(url, host)
        return host

    def check_redirect(self, source: str, target: str) -> str:
        """check_url for a redirect target, which may change the port only to its scheme's default or an allowed host:port."""
        host = self.check_url(target)
        to, came = urlsplit(target), urlsplit(source)
        port = _port_of(to)
        same = to.hostname == came.hostname and port == _port_of(came)
        listed = self.allowed_hosts is None or f"{host}:{port}" in self.allowed_hosts
        if port != DEFAULT_PORTS[to.scheme] and not same and not listed:
            raise PortNotAllowed(target, host, port)
        return host

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """Fetch a URL, following allowed redirects; 304 is returned, other errors raise FetchError."""
        self.check_url(url)
        send_headers = dict(headers or {})
        if etag:
            send_headers["If-None-Match"] = etag
        if last_modified:
            send_headers["If-Modified-Since"] = last_modified
        current, current_params = url, params
        ends = None if self.deadline is None else self._clock() + self.deadline
        for _ in range(MAX_REDIRECTS + 1):
            raw = self._fetch(current, current_params, send_headers, ends)
            location = raw.headers.get("location")
            if raw.status not in REDIRECT_STATUSES or not location:
                return self._finish(url, raw)
            previous, current = current, urljoin(raw.url, location)
            current_params = None
            self.check_redirect(previous, current)
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _left(self, url: str, ends: float | None) -> float | None:
        """Seconds left before the fetch's deadline (None: no deadline); DeadlineExceeded when none are."""
        if ends is None:
            return None
        left = ends - self._clock()
        if left <= 0:
            raise DeadlineExceeded(url, float(self.deadline or 0))
        return left

    def _finish(self, requested: str, raw: _Raw) -> Response:
        """The Response for a final exchange, or the status error it stands for."""
        if raw.status >= 400 or (300 <= raw.status < 400 and raw.status != 304):
            if raw.status == 404 and raw.headers.get("x-replay-miss"):
                raise ReplayMiss(raw.url)
            raise HttpStatusError(raw.url, raw.status)
        media, charset = split_content_type(raw.headers.get("content-type"))
        return Response(
            url=raw.url,
            status=raw.status,
            headers=raw.headers,
            content=raw.content,
            content_type=media,
            charset=charset,
            etag=raw.headers.get("etag"),
            last_modified=raw.headers.get("last-modified"),
        )

    def _fetch(
        self, url: str, params: Mapping[str, str] | None, headers: dict[str, str], ends: float | None = None
    ) -> _Raw:
        """One hop with rate limit and retries (connection errors, timeouts, 5xx, 429, challenge pages), within `ends`."""
        host = self.check_url(url)
        failure: FetchError = FetchError(url, "no attempt made")
        for attempt in range(self.retries + 1):
            self.limiter.wait(host)
            delay = backoff_delay(attempt, self.backoff)
            try:
                raw = self._attempt(url, params, headers, self._left(url, ends))
            except DeadlineExceeded:
                raise
            except requests.exceptions.Timeout as exc:
                failure = FetchTimeout(url)
                failure.__cause__ = exc
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                failure = ConnectionFailed(url, one_line(exc, 160))
                failure.__cause__ = exc
            except requests.exceptions.RequestException as exc:
                raise FetchError(url, f"request failed ({one_line(exc, 160)})") from exc
            else:
                marker = challenge_marker(raw.content, raw.headers.get("content-type")) if raw.status == 200 else None
                if raw.status not in RETRY_STATUSES and marker is None:
                    return raw
                failure = HttpStatusError(raw.url, raw.status) if marker is None else ChallengePage(raw.url, marker)
                waited = parse_retry_after(raw.headers.get("retry-after"))
                if waited is not None:
                    delay = min(waited, self.retry_after_cap)
            if attempt < self.retries and delay > 0:
                if ends is not None and self._clock() + delay >= ends:
                    break  # no time left to wait for another attempt: the last failure stands
                self._sleep(delay)
        raise failure

    def _attempt(
        self, url: str, params: Mapping[str, str] | None, headers: dict[str, str], left: float | None = None
    ) -> _Raw:
        """A single request, streamed, its connection cut when `left` seconds pass; the body is read (capped) only
        for final answers."""
        if left is None:
            return self._exchange(url, params, headers)
        with _Watch(left) as watch:
            try:
                raw = self._exchange(url, params, headers)
            except Exception as exc:
                if watch.expired:
                    raise DeadlineExceeded(url, float(self.deadline or 0)) from exc
                raise
        if watch.expired:  # a cut connection can read as a short, complete body: never keep it
            raise DeadlineExceeded(url, float(self.deadline or 0))
        return raw

    def _exchange(self, url: str, params: Mapping[str, str] | None, headers: dict[str, str]) -> _Raw:
        """One request and its answer, the body read (capped) only for final answers."""
        resp = self.session.get(
            url, params=params, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
        )
        try:
            low = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status_code
            if status in RETRY_STATUSES or status in REDIRECT_STATUSES or status == 304:
                return _Raw(resp.url or url, status, low, b"")
            return _Raw(resp.url or url, status, low, self._read_capped(resp, url))
        finally:
            resp.close()

    def _read_capped(self, resp: requests.Response, url: str) -> bytes:
        """The body, refusing more than max_bytes (declared or streamed)."""
        declared = resp.headers.get("content-length")
        if declared and declared.strip().isdigit() and int(declared) > self.max_bytes:
            raise TooLarge(url, self.max_bytes)
        body = bytearray()
        for chunk in resp.iter_content(CHUNK):
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise TooLarge(url, self.max_bytes)
        return bytes(body)


def _replay_hosts(adapter: BaseAdapter) -> frozenset[str]:
    """Hosts of the documents a replay adapter serves (allowed in snapshot mode: nothing leaves the machine)."""
    entries = getattr(adapter, "entries", None) or []
    return frozenset(h for h in (host_of(e.url) for e in entries) if h)


def _port_of(parts) -> int:  # type: ignore[no-untyped-def]
    """The port a split URL names, else its scheme's default."""
    try:
        port = parts.port
    except ValueError:
        port = None
    return port if port is not None else DEFAULT_PORTS.get(parts.scheme, 0)


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last full fetch of a URL left behind: its validators and where its bytes were stored."""

    url: str
    doc_id: str
    raw_path: str
    fetched_at: str
    byte_size: int
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def conditional(self) -> bool:
        """Whether a conditional request can be made (the server gave an ETag or a Last-Modified)."""
        return bool(self.etag or self.last_modified)


def load_validators(path: Path) -> dict[str, Validators]:
    """The recorded validators by URL; an absent or unreadable file means none (everything is fetched)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    names = set(Validators.__slots__)
    out: dict[str, Validators] = {}
    for url, item in raw.items():
        if not isinstance(item, dict) or set(item) - names:
            continue
        try:
            out[url] = Validators(**item)
        except TypeError:
            continue
    return out


def save_validators(path: Path, validators: Mapping[str, Validators]) -> Path:
    """Write the validators by URL atomically (temp file, then replace)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {url: {n: getattr(v, n) for n in Validators.__slots__} for url, v in sorted(validators.items())}
    return write_atomic(target, json.dumps(data, ensure_ascii=False, indent=1))
