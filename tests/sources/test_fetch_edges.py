"""The edges of fetching: an overall deadline against dripping servers, redirects across ports, challenge pages."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from source_fakes import FakeAdapter, Scripted, Sleeps

from sources.errors import (
    ChallengePage,
    DeadlineExceeded,
    FetchTimeout,
    HostNotAllowed,
    HttpStatusError,
    PortNotAllowed,
)
from sources.http import HttpClient, challenge_marker

CASES = Path(__file__).resolve().parents[1] / "cases" / "sources"
LOOPBACK = frozenset({"127.0.0.1"})
NBS = "https://www.stats.gov.cn/sj/zxfb/202501/t20250117_1958332.html"


def _drip_server(head: bytes, drip: bytes, every: float) -> Iterator[str]:
    """A loopback server that sends `head`, then `drip` every `every` seconds until the client goes away."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(head)
                while not stop.is_set():
                    conn.sendall(drip)
                    time.sleep(every)
            except OSError:
                pass

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    finally:
        stop.set()
        srv.close()


@pytest.fixture
def dripping_body() -> Iterator[str]:
    yield from _drip_server(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n", b"x", 0.1)


@pytest.fixture
def dripping_headers() -> Iterator[str]:
    yield from _drip_server(b"HTTP/1.1 200 OK\r\n", b"X", 0.1)


@pytest.fixture
def dripping_close_delimited() -> Iterator[str]:
    yield from _drip_server(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>", b"y", 0.1)


def _live(**kw) -> HttpClient:
    kw.setdefault("allowed_hosts", LOOPBACK)
    return HttpClient(rate_per_host=0, backoff=0, sleep=Sleeps(), **kw)


@pytest.mark.parametrize("server", ["dripping_body", "dripping_headers", "dripping_close_delimited"])
def test_a_dripping_server_is_cut_at_the_overall_deadline(server, request):
    base = request.getfixturevalue(server)
    client = _live(deadline=0.8, timeout=(2, 5), retries=2)
    start = time.monotonic()
    with pytest.raises(DeadlineExceeded) as info:
        client.get(f"{base}/slow")
    took = time.monotonic() - start
    assert 0.7 < took < 3, took  # every byte came well within the read timeout, yet the whole fetch stopped
    assert isinstance(info.value, FetchTimeout)
    assert str(info.value) == f"no complete answer within the fetch deadline of 0.8 s: {base}/slow"


def test_the_deadline_stops_retries_that_would_outlast_it():
    clock = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    adapter = FakeAdapter(lambda r: Scripted(503, {"Retry-After": "40"}))
    client = HttpClient(adapter=adapter, sleep=sleep, clock=lambda: clock[0], deadline=100, retries=5,
                        rate_per_host=0, backoff=0)
    with pytest.raises(HttpStatusError):
        client.get(NBS)
    assert waits == [40, 40] and len(adapter.requests) == 3  # a third wait would end past the deadline


def test_no_deadline_means_none_is_applied(sleeps):
    adapter = FakeAdapter([Scripted(200, {"Content-Type": "text/html"}, b"<p>ok</p>")])
    client = HttpClient(adapter=adapter, sleep=sleeps, deadline=None, rate_per_host=0)
    assert client.get(NBS).content == b"<p>ok</p>"


# ---------------------------------------------------------------- redirects across ports


def _redirecting(location: str) -> FakeAdapter:
    return FakeAdapter(lambda r: Scripted(302, {"Location": location}) if r.url == NBS
                       else Scripted(200, {"Content-Type": "text/html"}, b"<p>moved</p>"))


def test_redirect_to_another_port_of_an_allowed_host_is_refused_with_its_reason(sleeps):
    adapter = _redirecting("https://www.stats.gov.cn:8443/sj/zxfb/202501/t20250117_1958332.html")
    client = HttpClient(adapter=adapter, sleep=sleeps, rate_per_host=0)
    with pytest.raises(PortNotAllowed) as info:
        client.get(NBS)
    assert isinstance(info.value, HostNotAllowed) and info.value.port == 8443
    assert "port 8443 of 'www.stats.gov.cn'" in str(info.value) and "'www.stats.gov.cn:8443'" in str(info.value)
    assert len(adapter.requests) == 1


def test_redirect_to_an_allowed_host_and_port_is_followed(sleeps):
    target = "https://www.stats.gov.cn:8443/sj/zxfb/202501/t20250117_1958332.html"
    client = HttpClient(adapter=_redirecting(target), sleep=sleeps, rate_per_host=0,
                        allowed_hosts=frozenset({"www.stats.gov.cn", "www.stats.gov.cn:8443"}))
    resp = client.get(NBS)
    assert resp.url == target and resp.content == b"<p>moved</p>"


def test_redirect_to_the_default_port_of_the_other_scheme_is_followed(sleeps):
    start = "http://www.stats.gov.cn/sj/zxfb/202501/t20250117_1958332.html"
    adapter = FakeAdapter(lambda r: Scripted(301, {"Location": NBS}) if r.url == start
                          else Scripted(200, {"Content-Type": "text/html"}, b"<p>secure</p>"))
    client = HttpClient(adapter=adapter, sleep=sleeps, rate_per_host=0)
    assert client.get(start).url == NBS


def test_redirect_keeping_the_requested_port_is_followed(sleeps):
    start = "http://127.0.0.1:8081/a"
    adapter = FakeAdapter(lambda r: Scripted(302, {"Location": "/b"}) if r.url == start
                          else Scripted(200, {}, b"b"))
    client = HttpClient(adapter=adapter, sleep=sleeps, rate_per_host=0, allowed_hosts=LOOPBACK)
    assert client.get(start).url == "http://127.0.0.1:8081/b"


def test_a_host_port_entry_allows_that_port_only(sleeps):
    adapter = FakeAdapter(lambda r: Scripted(200, {}, b"ok"))
    client = HttpClient(adapter=adapter, sleep=sleeps, rate_per_host=0, allowed_hosts=frozenset({"data.example.org:8443"}))
    assert client.get("https://data.example.org:8443/x").content == b"ok"
    with pytest.raises(HostNotAllowed):
        client.get("https://data.example.org/x")


# ---------------------------------------------------------------- challenge pages


@pytest.mark.parametrize("name", ["challenge_waf_cookie.html", "challenge_enable_js.html"])
def test_known_challenge_bodies_are_recognised(name):
    assert challenge_marker((CASES / name).read_bytes(), "text/html") is not None


def test_a_page_with_a_noscript_notice_and_its_own_text_is_not_a_challenge():
    assert challenge_marker((CASES / "page_with_noscript_notice.html").read_bytes(), "text/html") is None


def test_pdf_and_json_bodies_are_never_challenges():
    body = (CASES / "challenge_waf_cookie.html").read_bytes()
    assert challenge_marker(body, "application/pdf") is None
    assert challenge_marker(b"%PDF-1.7 _wafchallengeid", None) is None


def test_a_challenge_answered_with_200_is_retried_then_fails_as_a_challenge(sleeps):
    body = (CASES / "challenge_waf_cookie.html").read_bytes()
    adapter = FakeAdapter(lambda r: Scripted(200, {"Content-Type": "text/html; charset=utf-8"}, body))
    client = HttpClient(adapter=adapter, sleep=sleeps, retries=2, rate_per_host=0, backoff=0.5)
    with pytest.raises(ChallengePage) as info:
        client.get(NBS)
    assert len(adapter.requests) == 3 and len(sleeps.calls) == 2
    assert "_wafchallengeid" in str(info.value) and NBS in str(info.value) and "\n" not in str(info.value)


def test_a_challenge_then_the_document_recovers(sleeps):
    page = (CASES / "page_with_noscript_notice.html").read_bytes()
    script = [Scripted(200, {"Content-Type": "text/html"}, (CASES / "challenge_enable_js.html").read_bytes()),
              Scripted(200, {"Content-Type": "text/html"}, page)]
    client = HttpClient(adapter=FakeAdapter(script), sleep=sleeps, rate_per_host=0, backoff=0)
    assert client.get(NBS).content == page
