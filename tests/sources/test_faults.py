"""Network faults end in a retry, a clear failure for that one document, or a partial run; never a corrupt raw file."""

from __future__ import annotations

import os
import socket
import struct
import time
from pathlib import Path

import pytest
import requests
from source_fakes import Sleeps

from sources.discovery import Candidate
from sources.errors import ConnectionFailed, FetchTimeout, HttpStatusError, TooLarge
from sources.fetching import fetch_document
from sources.http import HttpClient
from transforms.model import DocMeta
from transforms.parse.document import load_document
from warehouse.store import RawStore

LOOPBACK = frozenset({"127.0.0.1"})


def client(sleeps: Sleeps | None = None, **kw) -> HttpClient:
    kw.setdefault("backoff", 0)
    kw.setdefault("rate_per_host", 0)
    kw.setdefault("retries", 2)
    kw.setdefault("allowed_hosts", LOOPBACK)
    return HttpClient(sleep=sleeps or Sleeps(), **kw)


def _ok(h, body: bytes = b"<html><body><p>ok</p></body></html>", ctype: str = "text/html") -> None:
    h.send_response(200)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _reset(h) -> None:
    """Abort the connection with a TCP RST before any answer."""
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def _raw_files(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "raw").rglob("*") if p.is_file()] if (data_dir / "raw").exists() else []


def test_read_timeout_is_retried_then_fails_clearly(local_server):
    base, routes = local_server
    calls = []

    def slow(h):
        calls.append(1)
        time.sleep(1.0)
        _ok(h)

    routes["/slow"] = slow
    start = time.monotonic()
    with pytest.raises(FetchTimeout) as info:
        client(timeout=(2, 0.2), retries=1).get(f"{base}/slow")
    assert len(calls) == 2 and time.monotonic() - start < 5
    assert str(info.value) == f"timed out: {base}/slow"


def test_connection_reset_is_retried_and_recovers(local_server):
    base, routes = local_server
    calls = []

    def flaky(h):
        calls.append(1)
        _reset(h) if len(calls) == 1 else _ok(h)

    routes["/flaky"] = flaky
    assert client().get(f"{base}/flaky").content.startswith(b"<html>")
    assert len(calls) == 2


def test_connection_reset_every_time_is_one_clear_failure(local_server):
    base, routes = local_server
    routes["/reset"] = _reset
    with pytest.raises(ConnectionFailed) as info:
        client(retries=1).get(f"{base}/reset")
    assert "\n" not in str(info.value) and str(info.value).endswith(f"{base}/reset")


def test_truncated_body_is_a_failure_and_writes_no_raw_file(local_server, tmp_path):
    base, routes = local_server

    def short(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", "5000")
        h.end_headers()
        h.wfile.write(b"%PDF-1.4\n" + b"x" * 100)
        h.wfile.flush()
        h.close_connection = True

    routes["/short.pdf"] = short
    cand = Candidate(url=f"{base}/short.pdf", source="hkex", title="t", published_at=None, kind_hint=None)
    with pytest.raises(ConnectionFailed):
        fetch_document(cand, client(retries=1), RawStore(tmp_path))
    assert _raw_files(tmp_path) == []


def test_body_over_the_cap_writes_no_raw_file(local_server, tmp_path):
    base, routes = local_server
    routes["/big.html"] = lambda h: _ok(h, b"<p>" + b"y" * 5000 + b"</p>")
    cand = Candidate(url=f"{base}/big.html", source="article", title="t", published_at=None, kind_hint=None)
    with pytest.raises(TooLarge):
        fetch_document(cand, client(max_bytes=1000), RawStore(tmp_path))
    assert _raw_files(tmp_path) == []


def test_wrong_content_type_is_stored_by_content_and_parsed_by_its_bytes(local_server, tmp_path):
    base, routes = local_server
    page = b"<html><body><p>A page served as a PDF.</p></body></html>"
    routes["/mislabelled.pdf"] = lambda h: _ok(h, page, "application/pdf")
    cand = Candidate(url=f"{base}/mislabelled.pdf", source="article", title="t", published_at=None, kind_hint=None)
    fetched = fetch_document(cand, client(), RawStore(tmp_path)).stored
    stored = tmp_path / fetched.raw_path
    assert stored.read_bytes() == page
    assert fetched.doc_id == stored.stem and fetched.raw_path == f"raw/{fetched.doc_id[:2]}/{fetched.doc_id}.pdf"
    doc = load_document(page, DocMeta(url=cand.url, content_type="application/pdf"))
    assert doc.format == "html" and "A page served as a PDF." in doc.text


def test_5xx_storm_ends_in_one_status_error_after_the_retries(local_server):
    base, routes = local_server
    calls = []

    def storm(h):
        calls.append(1)
        h.send_response(503)
        h.send_header("Content-Length", "0")
        h.end_headers()

    routes["/storm"] = storm
    sleeps = Sleeps()
    with pytest.raises(HttpStatusError) as info:
        client(sleeps, retries=3, backoff=0.5).get(f"{base}/storm")
    assert info.value.status == 503 and len(calls) == 4
    assert len(sleeps.calls) == 3 and all(0 < s <= 30 for s in sleeps.calls)


def test_429_with_retry_after_waits_as_told(local_server):
    base, routes = local_server
    calls = []

    def limited(h):
        calls.append(1)
        if len(calls) == 1:
            h.send_response(429)
            h.send_header("Retry-After", "7")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        _ok(h)

    routes["/limited"] = limited
    sleeps = Sleeps()
    assert client(sleeps).get(f"{base}/limited").status == 200
    assert sleeps.calls == [7.0]


def test_dns_failure_is_a_connection_failure():
    url = "http://tencent-etl-test.invalid/doc.html"
    with pytest.raises(ConnectionFailed) as info:
        client(retries=0, allowed_hosts=frozenset({"tencent-etl-test.invalid"}), timeout=(3, 3)).get(url)
    assert str(info.value).startswith("connection failed") and str(info.value).endswith(url)


def test_raw_names_come_from_content_never_from_urls_or_titles(tmp_path):
    hostile = Candidate(url="inbox:..%2f..%2fetc%2fpasswd.html", source="inbox", title="../../x", published_at=None,
                        kind_hint=None)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "..%2f..%2fetc%2fpasswd.html").write_bytes(b"<p>dropped by hand</p>")
    fetched = fetch_document(hostile, None, RawStore(tmp_path), inbox_dir=inbox).stored
    files = _raw_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [fetched.raw_path]
    assert fetched.raw_path == f"raw/{fetched.doc_id[:2]}/{fetched.doc_id}.html"
    assert not (tmp_path.parent / "etc").exists()


class _FailOne(requests.adapters.BaseAdapter):
    """Wraps the replay adapter and breaks the connection for one URL."""

    def __init__(self, inner, broken_url: str) -> None:
        super().__init__()
        self.inner, self.broken_url = inner, broken_url
        self.entries = getattr(inner, "entries", [])

    def send(self, request, **kw):
        if request.url == self.broken_url:
            raise requests.exceptions.ConnectionError("connection reset by peer")
        return self.inner.send(request, **kw)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.flow
def test_one_unreachable_document_makes_a_partial_run_and_the_rest_publishes(tmp_path, monkeypatch):
    import pandas as pd
    from prefect.testing.utilities import prefect_test_harness

    from flows import pipeline as pipeline_module
    from sources.replay import ReplayAdapter

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    broken = "https://www.stats.gov.cn/sj/zxfb/202501/t20250117_1958327.html"
    adapter = _FailOne(ReplayAdapter(None), broken)
    the_client = HttpClient("snapshot", adapter=adapter, backoff=0, sleep=lambda s: None)
    monkeypatch.setattr(pipeline_module, "make_client", lambda source: the_client)
    with prefect_test_harness(server_startup_timeout=120):
        outcome = pipeline_module.pipeline(source="snapshot", data_dir=str(tmp_path), only=["nbs"])
    assert outcome["exit_code"] == 3 and outcome["status"] == "partial"
    assert any(broken in f and "connection failed" in f for f in outcome["failures"])
    docs = pd.read_parquet(tmp_path / "tables" / "documents.parquet")
    assert broken not in set(docs.url) and len(docs) >= 1 and (docs.status == "parsed").all()
    facts = pd.read_parquet(tmp_path / "tables" / "facts.parquet")
    assert len(facts) > 0 and set(facts.doc_id) <= set(docs.doc_id)
    runs = pd.read_parquet(tmp_path / "tables" / "runs.parquet")
    assert list(runs.status) == ["partial"]
    assert len(_raw_files(tmp_path)) == len(docs)


def test_inbox_symlinks_are_refused(tmp_path):
    from sources.errors import FetchError
    from sources.inbox import read_inbox_file, scan_inbox

    outside = tmp_path / "secret.txt"
    outside.write_text("not for the warehouse")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.txt").symlink_to(outside)
    kept, rejected = scan_inbox(inbox)
    assert kept == [] and [(r.title, r.reason) for r in rejected] == [("link.txt", "not a regular file")]
    with pytest.raises(FetchError, match="symbolic link"):
        read_inbox_file(inbox / "link.txt")
