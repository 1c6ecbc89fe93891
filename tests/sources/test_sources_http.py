"""HttpClient: retries, backoff, Retry-After, status errors, byte cap, allowlist, conditional GET, rate limit."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from source_fakes import FakeAdapter, Scripted

from sources.errors import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HostNotAllowed,
    HttpStatusError,
    TooLarge,
)
from sources.http import (
    HostRateLimiter,
    HttpClient,
    backoff_delay,
    default_user_agent,
    parse_retry_after,
    split_content_type,
)

URL = "https://www.tencent.com/en-us/investors/financial-news.html"


def client_with(script, sleeps, **kw) -> tuple[HttpClient, FakeAdapter]:
    adapter = FakeAdapter(script)
    kw.setdefault("backoff", 0)
    kw.setdefault("rate_per_host", 0)
    return HttpClient(adapter=adapter, sleep=sleeps, **kw), adapter


def test_ok_response_fields(sleeps):
    headers = {"Content-Type": "text/html; charset=GBK", "ETag": '"v1"', "Last-Modified": "Tue, 14 May 2024 08:00:00 GMT"}
    client, adapter = client_with([Scripted(200, headers, b"<html>ok</html>")], sleeps)
    resp = client.get(URL, params={"page": "2"})
    assert resp.status == 200
    assert resp.content == b"<html>ok</html>"
    assert resp.content_type == "text/html"
    assert resp.charset == "gbk"
    assert resp.etag == '"v1"'
    assert resp.last_modified == "Tue, 14 May 2024 08:00:00 GMT"
    assert resp.headers["content-type"] == "text/html; charset=GBK"
    assert resp.url.endswith("financial-news.html?page=2")
    sent = adapter.requests[0]
    assert sent.headers["User-Agent"].startswith("tencent-etl/")
    assert "research data pipeline" in sent.headers["User-Agent"]


def test_user_agent_is_descriptive():
    ua = default_user_agent()
    assert ua.startswith("tencent-etl/") and "(+https://github.com/" in ua and ua.endswith("research data pipeline)")


def test_retries_5xx_then_succeeds(sleeps):
    script = [Scripted(503), Scripted(502), Scripted(200, {}, b"done")]
    client, adapter = client_with(script, sleeps, retries=3)
    assert client.get(URL).content == b"done"
    assert len(adapter.requests) == 3


def test_gives_up_after_retries_with_status_error(sleeps):
    client, adapter = client_with(lambda r: Scripted(500), sleeps, retries=2)
    with pytest.raises(HttpStatusError) as info:
        client.get(URL)
    assert info.value.status == 500
    assert len(adapter.requests) == 3
    assert URL in str(info.value) and "\n" not in str(info.value)


def test_connection_errors_are_retried(sleeps):
    script = [Scripted(error=requests.exceptions.ConnectionError("reset")), Scripted(200, {}, b"x")]
    client, adapter = client_with(script, sleeps)
    assert client.get(URL).content == b"x"
    assert len(adapter.requests) == 2


def test_connection_failure_after_retries(sleeps):
    client, adapter = client_with(lambda r: Scripted(error=requests.exceptions.ConnectionError("refused")), sleeps, retries=1)
    with pytest.raises(ConnectionFailed):
        client.get(URL)
    assert len(adapter.requests) == 2


def test_timeouts_raise_fetch_timeout(sleeps):
    client, adapter = client_with(lambda r: Scripted(error=requests.exceptions.ReadTimeout("slow")), sleeps, retries=2)
    with pytest.raises(FetchTimeout) as info:
        client.get(URL)
    assert isinstance(info.value, FetchError)
    assert len(adapter.requests) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_no_retry_on_other_4xx(sleeps, status):
    client, adapter = client_with(lambda r: Scripted(status), sleeps, retries=3)
    with pytest.raises(HttpStatusError) as info:
        client.get(URL)
    assert info.value.status == status
    assert len(adapter.requests) == 1
    assert sleeps.calls == []


def test_429_honours_retry_after_seconds(sleeps):
    script = [Scripted(429, {"Retry-After": "7"}), Scripted(200, {}, b"ok")]
    client, _ = client_with(script, sleeps)
    client.get(URL)
    assert sleeps.calls == [7.0]


def test_retry_after_is_capped(sleeps):
    script = [Scripted(503, {"Retry-After": "86400"}), Scripted(200, {}, b"ok")]
    client, _ = client_with(script, sleeps, retry_after_cap=60)
    client.get(URL)
    assert sleeps.calls == [60]


def test_exponential_backoff_with_jitter(sleeps, monkeypatch):
    monkeypatch.setattr("sources.http.random.uniform", lambda a, b: b)
    script = [Scripted(500), Scripted(500), Scripted(500), Scripted(200, {}, b"ok")]
    client, _ = client_with(script, sleeps, backoff=0.5, retries=3)
    client.get(URL)
    assert sleeps.calls == [1.0, 1.5, 2.5]


def test_backoff_delay_bounds():
    for attempt in range(4):
        d = backoff_delay(attempt, 0.5)
        assert 0.5 * 2**attempt <= d <= 0.5 * 2**attempt + 0.5
    assert backoff_delay(20, 0.5) == 30.0
    assert backoff_delay(3, 0) == 0.0


def test_parse_retry_after_forms():
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = 1_700_000_000.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:40 GMT", now=now) == pytest.approx(20.0)


def test_split_content_type():
    assert split_content_type("text/html; charset=\"UTF-8\"") == ("text/html", "utf-8")
    assert split_content_type("application/pdf") == ("application/pdf", None)
    assert split_content_type(None) == (None, None)


def test_size_cap_from_stream_without_length(sleeps):
    body = b"x" * 5000
    client, _ = client_with([Scripted(200, {}, body)], sleeps, max_bytes=4096)
    with pytest.raises(TooLarge) as info:
        client.get(URL)
    assert "4096" in str(info.value) and URL in str(info.value)


def test_size_cap_allows_exact_limit(sleeps):
    client, _ = client_with([Scripted(200, {}, b"y" * 4096)], sleeps, max_bytes=4096)
    assert len(client.get(URL).content) == 4096


def test_size_cap_from_content_length(local_server):
    base, routes = local_server

    def big(h):
        h.send_response(200)
        h.send_header("Content-Length", str(10_000))
        h.end_headers()
        h.wfile.write(b"z" * 10_000)

    routes["/big.pdf"] = big
    client = HttpClient(allowed_hosts=frozenset({"127.0.0.1"}), max_bytes=1000, backoff=0, rate_per_host=0)
    with pytest.raises(TooLarge):
        client.get(f"{base}/big.pdf")


def test_first_url_host_must_be_allowed(sleeps):
    client, adapter = client_with([Scripted(200)], sleeps)
    with pytest.raises(HostNotAllowed) as info:
        client.get("https://evil.example.com/x.pdf")
    assert info.value.host == "evil.example.com"
    assert adapter.requests == []


def test_non_http_scheme_refused(sleeps):
    client, _ = client_with([Scripted(200)], sleeps)
    with pytest.raises(FetchError):
        client.get("file:///etc/passwd")


def test_redirect_to_disallowed_host_is_refused(sleeps):
    script = [Scripted(302, {"Location": "https://mirror.example.net/copy.pdf"}), Scripted(200, {}, b"never")]
    client, adapter = client_with(script, sleeps)
    with pytest.raises(HostNotAllowed) as info:
        client.get(URL)
    assert "mirror.example.net" in str(info.value)
    assert len(adapter.requests) == 1


def test_redirect_within_allowlist_is_followed(sleeps):
    target = "https://static.www.tencent.com/uploads/2024/05/14/0123456789abcdef0123456789abcdef.pdf"
    script = [Scripted(301, {"Location": target}), Scripted(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")]
    client, adapter = client_with(script, sleeps)
    resp = client.get(URL)
    assert resp.url == target
    assert resp.content_type == "application/pdf"
    assert [r.url for r in adapter.requests] == [URL, target]


def test_redirect_loop_is_an_error(sleeps):
    client, _ = client_with(lambda r: Scripted(302, {"Location": URL}), sleeps)
    with pytest.raises(FetchError, match="redirects"):
        client.get(URL)


def test_redirect_on_local_server_to_other_host(local_server):
    base, routes = local_server
    port = base.rsplit(":", 1)[1]

    def hop(h):
        h.send_response(302)
        h.send_header("Location", f"http://localhost:{port}/doc")
        h.send_header("Content-Length", "0")
        h.end_headers()

    routes["/hop"] = hop
    client = HttpClient(allowed_hosts=frozenset({"127.0.0.1"}), backoff=0, rate_per_host=0)
    with pytest.raises(HostNotAllowed):
        client.get(f"{base}/hop")


def test_conditional_get_on_local_server(local_server):
    base, routes = local_server
    seen: list[dict] = []

    def doc(h):
        seen.append({"inm": h.headers.get("If-None-Match"), "ims": h.headers.get("If-Modified-Since")})
        if h.headers.get("If-None-Match") == '"abc"':
            h.send_response(304)
            h.send_header("ETag", '"abc"')
            h.end_headers()
            return
        body = b"<html>listing</html>"
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("ETag", '"abc"')
        h.send_header("Last-Modified", "Wed, 13 Nov 2024 09:00:00 GMT")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    routes["/doc"] = doc
    client = HttpClient(allowed_hosts=frozenset({"127.0.0.1"}), backoff=0, rate_per_host=0)
    first = client.get(f"{base}/doc")
    assert first.status == 200 and first.etag == '"abc"' and first.charset == "utf-8"
    again = client.get(f"{base}/doc", etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.not_modified and again.content == b""
    assert seen[1] == {"inm": '"abc"', "ims": "Wed, 13 Nov 2024 09:00:00 GMT"}


def test_retry_on_local_server_503_then_ok(local_server):
    base, routes = local_server
    calls = []

    def flaky(h):
        calls.append(1)
        if len(calls) < 3:
            h.send_response(503)
            h.send_header("Retry-After", "0")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    routes["/flaky"] = flaky
    client = HttpClient(allowed_hosts=frozenset({"127.0.0.1"}), backoff=0, rate_per_host=0)
    assert client.get(f"{base}/flaky").content == b"ok"
    assert len(calls) == 3


def test_connection_refused_on_loopback():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = HttpClient(allowed_hosts=frozenset({"127.0.0.1"}), backoff=0, rate_per_host=0, retries=1)
    with pytest.raises(ConnectionFailed) as info:
        client.get(f"http://127.0.0.1:{port}/gone")
    assert "\n" not in str(info.value)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_rate_limiter_spaces_requests_per_host():
    clock = FakeClock()
    waits: list[float] = []

    def sleep(s):
        waits.append(s)
        clock.sleep(s)

    limiter = HostRateLimiter(2.0, clock=clock, sleep=sleep)
    assert limiter.wait("a.example") == 0
    assert limiter.wait("a.example") == pytest.approx(0.5)
    assert limiter.wait("b.example") == 0
    clock.now += 10
    assert limiter.wait("a.example") == 0
    assert waits == [pytest.approx(0.5)]


def test_rate_limiter_is_thread_safe():
    limiter = HostRateLimiter(50.0)
    start = time.monotonic()
    threads = [threading.Thread(target=limiter.wait, args=("h",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - start >= 7 * 0.02 - 0.005


def test_client_applies_rate_limit_per_host(sleeps):
    client, _ = client_with(lambda r: Scripted(200, {}, b"."), sleeps, rate_per_host=1.0)
    client.get(URL)
    client.get(URL)
    assert len(sleeps.calls) == 1 and 0.9 < sleeps.calls[0] <= 1.0


def test_unknown_transport_rejected():
    with pytest.raises(ValueError):
        HttpClient("ftp")  # type: ignore[arg-type]
