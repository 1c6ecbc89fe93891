"""HTTP client for listings and documents: timeouts, retries, per-host rate limit, size cap, allowlist."""

from __future__ import annotations

import json
import os
import random
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

from sources.errors import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HostNotAllowed,
    HttpStatusError,
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
        return HTTPAdapter(max_retries=0)

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
            raise HostNotAllowed(url, host)
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
        for _ in range(MAX_REDIRECTS + 1):
            raw = self._fetch(current, current_params, send_headers)
            location = raw.headers.get("location")
            if raw.status not in REDIRECT_STATUSES or not location:
                return self._finish(url, raw)
            current = urljoin(raw.url, location)
            current_params = None
            self.check_url(current)
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

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

    def _fetch(self, url: str, params: Mapping[str, str] | None, headers: dict[str, str]) -> _Raw:
        """One hop with rate limit and retries (connection errors, timeouts, 5xx, 429)."""
        host = self.check_url(url)
        failure: FetchError = FetchError(url, "no attempt made")
        for attempt in range(self.retries + 1):
            self.limiter.wait(host)
            delay = backoff_delay(attempt, self.backoff)
            try:
                raw = self._attempt(url, params, headers)
            except requests.exceptions.Timeout as exc:
                failure = FetchTimeout(url)
                failure.__cause__ = exc
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                failure = ConnectionFailed(url, _one_line(exc))
                failure.__cause__ = exc
            except requests.exceptions.RequestException as exc:
                raise FetchError(url, f"request failed ({_one_line(exc)})") from exc
            else:
                if raw.status not in RETRY_STATUSES:
                    return raw
                failure = HttpStatusError(raw.url, raw.status)
                waited = parse_retry_after(raw.headers.get("retry-after"))
                if waited is not None:
                    delay = min(waited, self.retry_after_cap)
            if attempt < self.retries and delay > 0:
                self._sleep(delay)
        raise failure

    def _attempt(self, url: str, params: Mapping[str, str] | None, headers: dict[str, str]) -> _Raw:
        """A single request, streamed; the body is read (capped) only for final answers."""
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


def _one_line(exc: BaseException) -> str:
    """The first line of an exception's text, shortened."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


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
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)
    return target
