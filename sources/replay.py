"""Replay transport: serves the bundled snapshot documents by URL, as a live server would."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from sources.errors import FetchError

SNAPSHOT_DIR: Path = Path(__file__).resolve().parent / "snapshot"
SNAPSHOT_META = "snapshot.json"
INDEX_NAME = "index.json"
# Bundled documents with no verified public copy are keyed under this reserved, never-resolving host
# (RFC 2606 `.invalid`), so the replay can serve them and no invented address is ever published.
LOCAL_KEY_HOST = "snapshot.invalid"


class SnapshotError(FetchError):
    """A snapshot index or its metadata is missing or malformed."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(str(path), f"bad snapshot ({problem})")


UrlKey = tuple[str, str, str]


def local_key(family: str, file: str) -> str:
    """The replay key of a bundled document without a public URL: https://snapshot.invalid/<family>/<file>."""
    return f"https://{LOCAL_KEY_HOST}/{family}/{file}"


def fetch_origin(transport: str) -> str:
    """The documents-table origin of bytes a client fetched: `reconstructed` from the snapshot, else `fetched`."""
    return "reconstructed" if transport == "snapshot" else "fetched"


@lru_cache(maxsize=8192)
def canonical_url(url: str) -> str:
    """The URL as requests would send it (quoted, normalised host)."""
    try:
        return requests.Request("GET", url).prepare().url or url
    except requests.exceptions.RequestException:
        return url


def url_key(url: str) -> UrlKey:
    """(scheme, host, unquoted path) of a URL; the query is matched separately."""
    parts = urlsplit(canonical_url(url))
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    return parts.scheme.lower(), host, unquote(parts.path or "/")


def query_pairs(url: str) -> tuple[tuple[str, str], ...]:
    """The query parameters of a URL as (name, value) pairs, blanks kept."""
    return tuple(parse_qsl(urlsplit(canonical_url(url)).query, keep_blank_values=True))


@dataclass(frozen=True, slots=True)
class SnapshotEntry:
    """One document of the snapshot: the URL it answers and what to serve."""

    url: str
    family: str
    file: str | None
    content_type: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: date | None = None
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    folder: Path | None = None

    @property
    def path(self) -> Path | None:
        """The file holding the bytes, if the entry has one."""
        return None if self.file is None or self.folder is None else self.folder / self.file

    @property
    def key(self) -> UrlKey:
        """Scheme, host and path the entry answers."""
        return url_key(self.url)

    @property
    def params(self) -> tuple[tuple[str, str], ...]:
        """Query parameters a request must carry to match this entry."""
        return query_pairs(self.url)

    def body(self) -> bytes:
        """The bytes served for this entry (empty when it has no file)."""
        path = self.path
        if path is None:
            return b""
        try:
            return path.read_bytes()
        except OSError as exc:
            raise SnapshotError(path, f"cannot read file for {self.url}") from exc


def _parse_date(value: object, where: Path) -> date | None:
    """A YYYY-MM-DD value from an index entry, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise SnapshotError(where, f"published_at {value!r} is not YYYY-MM-DD") from exc


def _entry(raw: object, folder: Path, index: Path) -> SnapshotEntry:
    """One index.json item as a SnapshotEntry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("url", ""), str):
        raise SnapshotError(index, "every entry needs a string 'url' (empty when it has no public page)")
    status = raw.get("status", 200)
    file = raw.get("file")
    url = raw.get("url", "").strip() or (local_key(folder.name, file) if isinstance(file, str) else "")
    if not url:
        raise SnapshotError(index, "an entry without a url needs a 'file'")
    if not isinstance(status, int) or not 100 <= status <= 599:
        raise SnapshotError(index, f"status {status!r} of {url} is not an HTTP status")
    if file is None and status == 200:
        raise SnapshotError(index, f"entry {url} has no 'file'")
    if file is not None and (not isinstance(file, str) or "/" in file or file.startswith(".")):
        raise SnapshotError(index, f"file {file!r} must be a plain file name in {folder.name}/")
    headers = raw.get("headers") or {}
    if not isinstance(headers, dict):
        raise SnapshotError(index, f"headers of {url} must be an object")
    return SnapshotEntry(
        url=url,
        family=folder.name,
        file=file,
        content_type=raw.get("content_type"),
        source=raw.get("source"),
        title=raw.get("title"),
        published_at=_parse_date(raw.get("published_at"), index),
        status=status,
        headers={str(k): str(v) for k, v in headers.items()},
        folder=folder,
    )


def load_index(index: Path) -> list[SnapshotEntry]:
    """The entries of one <family>/index.json."""
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(index, f"cannot read index ({type(exc).__name__})") from exc
    if not isinstance(data, list):
        raise SnapshotError(index, "index must be a JSON list")
    return [_entry(item, index.parent, index) for item in data]


def load_snapshot(snapshot_dir: Path | None = None) -> list[SnapshotEntry]:
    """Every entry of every <family>/index.json under the snapshot folder, folders in name order."""
    root = Path(snapshot_dir) if snapshot_dir is not None else SNAPSHOT_DIR
    entries: list[SnapshotEntry] = []
    for index in sorted(root.glob(f"*/{INDEX_NAME}")):
        entries.extend(load_index(index))
    return entries


def snapshot_as_of(snapshot_dir: Path | None = None) -> date:
    """The date the snapshot stands for; discovery uses it as today in snapshot mode."""
    path = (Path(snapshot_dir) if snapshot_dir is not None else SNAPSHOT_DIR) / SNAPSHOT_META
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return date.fromisoformat(data["as_of"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SnapshotError(path, "needs {\"as_of\": \"YYYY-MM-DD\"}") from exc


def _params_match(wanted: Iterable[tuple[str, str]], given: Iterable[tuple[str, str]]) -> bool:
    """True when every wanted (name, value) pair is among the given ones."""
    have: dict[str, list[str]] = {}
    for name, value in given:
        have.setdefault(name, []).append(value)
    return all(value in have.get(name, ()) for name, value in wanted)


def match_entry(entries: Iterable[SnapshotEntry], url: str) -> SnapshotEntry | None:
    """The entry answering `url`: same scheme/host/path, all its params present; most params wins."""
    key = url_key(url)
    given = query_pairs(url)
    best: SnapshotEntry | None = None
    best_score = -1
    for entry in entries:
        if entry.key != key:
            continue
        wanted = entry.params
        if _params_match(wanted, given) and len(wanted) > best_score:
            best, best_score = entry, len(wanted)
    return best


def etag_for(body: bytes) -> str:
    """A strong ETag: the quoted sha256 hex of the bytes."""
    return f'"{hashlib.sha256(body).hexdigest()}"'


def http_date(day: date) -> str:
    """An HTTP date (IMF-fixdate) for midnight UTC of a day."""
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=UTC), usegmt=True)


def _etag_matches(header: str, etag: str) -> bool:
    """True when an If-None-Match header names this ETag (or *)."""
    tags = [t.strip() for t in header.split(",")]
    bare = etag.strip('"')
    return any(t == "*" or t.removeprefix("W/").strip('"') == bare for t in tags)


def _not_modified_since(header: str, last_modified: str | None) -> bool:
    """True when the document has not changed since the If-Modified-Since date."""
    if not last_modified:
        return False
    try:
        since = parsedate_to_datetime(header)
        changed = parsedate_to_datetime(last_modified)
    except (TypeError, ValueError, IndexError):
        return False
    return since is not None and changed is not None and changed <= since


def build_response(
    request: requests.PreparedRequest,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    connection: BaseAdapter | None = None,
) -> requests.Response:
    """A requests.Response carrying the given status, headers and body, as a transport adapter returns."""
    resp = requests.Response()
    resp.status_code = status
    resp.headers = CaseInsensitiveDict(dict(headers))
    resp.raw = io.BytesIO(body)
    resp.url = request.url or ""
    resp.request = request
    try:
        resp.reason = HTTPStatus(status).phrase
    except ValueError:
        resp.reason = ""
    resp.encoding = get_encoding_from_headers(resp.headers)
    resp.connection = connection
    return resp


class ReplayAdapter(BaseAdapter):
    """A requests transport adapter that answers from the snapshot indexes; unknown URLs get 404."""

    def __init__(self, snapshot_dir: Path | None = None, entries: list[SnapshotEntry] | None = None) -> None:
        super().__init__()
        self.snapshot_dir = Path(snapshot_dir) if snapshot_dir is not None else SNAPSHOT_DIR
        self.entries = entries if entries is not None else load_snapshot(self.snapshot_dir)
        self.served: list[str] = []
        self._lock = threading.Lock()
        self._by_key: dict[UrlKey, list[SnapshotEntry]] = {}
        for entry in self.entries:
            self._by_key.setdefault(entry.key, []).append(entry)

    def lookup(self, url: str) -> SnapshotEntry | None:
        """The entry that would answer `url`, if any."""
        return match_entry(self._by_key.get(url_key(url), ()), url)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: object = None,
        verify: object = True,
        cert: object = None,
        proxies: object = None,
    ) -> requests.Response:
        """Serve the matching entry (200, its own status, or 304), or a 404 miss."""
        url = request.url or ""
        with self._lock:
            self.served.append(url)
        entry = self.lookup(url) if request.method in ("GET", "HEAD") else None
        if entry is None:
            body = b"not in snapshot\n"
            headers = {"Content-Type": "text/plain; charset=utf-8", "X-Replay-Miss": "1"}
            return build_response(request, 404, _with_length(headers, body), body, self)
        body = entry.body()
        headers = self._headers(entry, body)
        if entry.status == 200 and self._not_modified(request, headers):
            return build_response(request, 304, {"ETag": headers["ETag"]}, b"", self)
        if request.method == "HEAD":
            return build_response(request, entry.status, headers, b"", self)
        return build_response(request, entry.status, headers, body, self)

    def _headers(self, entry: SnapshotEntry, body: bytes) -> dict[str, str]:
        """Response headers for an entry: its content type, ETag, Last-Modified, then its own headers."""
        headers: dict[str, str] = {"ETag": etag_for(body)}
        if entry.content_type:
            headers["Content-Type"] = entry.content_type
        if entry.published_at is not None:
            headers["Last-Modified"] = http_date(entry.published_at)
        headers.update(entry.headers)
        return _with_length(headers, body)

    @staticmethod
    def _not_modified(request: requests.PreparedRequest, headers: Mapping[str, str]) -> bool:
        """Whether the conditional headers of the request say the client's copy is current."""
        inm = request.headers.get("If-None-Match")
        if inm:
            return _etag_matches(inm, headers["ETag"])
        ims = request.headers.get("If-Modified-Since")
        return bool(ims) and _not_modified_since(ims, headers.get("Last-Modified"))

    def close(self) -> None:
        """Nothing to release."""


def _with_length(headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    """Headers plus a Content-Length for the body."""
    out = dict(headers)
    out["Content-Length"] = str(len(body))
    return out
