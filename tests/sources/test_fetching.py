"""One fetch in the sources room: conditional requests from recorded validators, and hosts a run could not reach."""

from __future__ import annotations

import socket
from datetime import date

import pytest
import requests
from requests.adapters import HTTPAdapter
from source_fakes import FakeAdapter, Scripted, Sleeps

from sources import fetching
from sources.discovery import Candidate
from sources.errors import ConnectionFailed, FetchTimeout, HttpStatusError, Unreachable
from sources.fetching import GuardedClient, NotFetched, Reachability, fetch_document, fetch_documents
from sources.http import HttpClient, Validators, load_validators, save_validators
from sources.replay import load_snapshot
from warehouse.store import RawStore


def nbs_candidate() -> Candidate:
    entry = next(e for e in load_snapshot() if e.family == "nbs" and e.status == 200 and e.file)
    return Candidate(url=entry.url, title=entry.title or "nbs", published_at=entry.published_at, source="nbs")


@pytest.fixture()
def recorded_client(record_sends):
    client = HttpClient("snapshot")
    return client, record_sends(client)


def test_second_fetch_is_conditional_and_answered_304(tmp_path, recorded_client):
    client, recorder = recorded_client
    store = RawStore(tmp_path)
    candidate = nbs_candidate()
    first = fetch_document(candidate, client, store)
    assert not first.not_modified and first.validators is not None
    assert first.validators.etag and first.validators.doc_id == first.stored.doc_id
    second = fetch_document(candidate, client, store, first.validators)
    assert second.not_modified
    assert second.stored == first.stored  # same bytes, same fetch time: the document as it was stored
    assert [(c[1], c[2]) for c in recorder.calls] == [(False, 200), (True, 304)]


def test_lost_raw_bytes_are_fetched_again_without_conditions(tmp_path, recorded_client):
    client, recorder = recorded_client
    store = RawStore(tmp_path)
    candidate = nbs_candidate()
    first = fetch_document(candidate, client, store)
    (tmp_path / first.stored.raw_path).unlink()
    again = fetch_document(candidate, client, store, first.validators)
    assert not again.not_modified
    assert (tmp_path / again.stored.raw_path).is_file()
    assert [c[1] for c in recorder.calls] == [False, False]


def test_changed_content_is_fetched_in_full(tmp_path, recorded_client):
    client, recorder = recorded_client
    store = RawStore(tmp_path)
    candidate = nbs_candidate()
    first = fetch_document(candidate, client, store)
    stale = Validators(**{**{n: getattr(first.validators, n) for n in Validators.__slots__}, "etag": '"old"',
                          "last_modified": None})
    again = fetch_document(candidate, client, store, stale)
    assert not again.not_modified and again.validators.etag == first.validators.etag
    assert recorder.calls[-1][1:] == (True, 200)


def test_a_server_without_validators_leaves_none_to_remember(tmp_path):
    client = HttpClient("live", adapter=FakeAdapter([Scripted(200, {"Content-Type": "text/html"}, b"<p>x</p>")]),
                        allowed_hosts=None, sleep=Sleeps(), rate_per_host=0)
    got = fetch_document(Candidate(url="https://example.org/a", source="article"), client, RawStore(tmp_path))
    assert got.validators is None and got.stored.raw_path.endswith(".html") and got.stored.byte_size == 8


def test_validators_round_trip_and_a_damaged_file_means_none(tmp_path):
    v = Validators(url="https://www.stats.gov.cn/x.html", doc_id="a" * 64, raw_path=f"raw/aa/{'a' * 64}.html",
                   fetched_at="2025-01-02T03:04:05+00:00", byte_size=10, etag='"e"', last_modified=None)
    path = tmp_path / "state" / "v.json"
    save_validators(path, {v.url: v})
    assert load_validators(path) == {v.url: v}
    path.write_text("{not json", encoding="utf-8")
    assert load_validators(path) == {}
    path.write_text('{"u": {"url": "u", "unknown_field": 1}}', encoding="utf-8")
    assert load_validators(path) == {}
    assert load_validators(tmp_path / "absent.json") == {}


def test_save_fetch_state_keeps_earlier_urls(tmp_path):
    old = Validators(url="https://a/1", doc_id="b" * 64, raw_path="raw/bb/x", fetched_at="2025-01-01T00:00:00+00:00",
                     byte_size=1, etag='"1"')
    new = Validators(url="https://a/2", doc_id="c" * 64, raw_path="raw/cc/y", fetched_at="2025-01-01T00:00:00+00:00",
                     byte_size=2, etag='"2"')
    fetching.save_fetch_state(tmp_path, {old.url: old}, [new, None])
    assert set(fetching.load_fetch_state(tmp_path)) == {old.url, new.url}
    assert fetching.stored_of(new).doc_id == new.doc_id and fetching.stored_of(new).fetched_at.year == 2025


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RefusingAdapter(HTTPAdapter):
    """Sends every request to a loopback port nobody listens on: each connection is really refused."""

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self.port = _closed_port()
        self.urls: list[str] = []

    def send(self, request, **kwargs):
        self.urls.append(request.url)
        request.url = f"http://127.0.0.1:{self.port}/"
        return super().send(request, **kwargs)


def _live(adapter, sleeps: Sleeps | None = None) -> HttpClient:
    return HttpClient("live", adapter=adapter, allowed_hosts=None, sleep=sleeps or Sleeps(), rate_per_host=0,
                      retries=2)


def test_a_refused_connection_is_a_failure_to_connect_and_a_reset_is_not():
    refused = _live(RefusingAdapter())
    with pytest.raises(ConnectionFailed) as info:
        refused.get("https://www.stats.gov.cn/a.html")
    assert fetching.cannot_connect(info.value)
    reset = _live(FakeAdapter(lambda r: Scripted(error=requests.exceptions.ConnectionError("reset by peer"))))
    with pytest.raises(ConnectionFailed) as info:
        reset.get("https://www.stats.gov.cn/a.html")
    assert not fetching.cannot_connect(info.value)


def test_a_host_that_refused_is_not_asked_again_in_the_run(tmp_path):
    adapter = RefusingAdapter()
    client = GuardedClient(_live(adapter), Reachability())
    urls = [f"https://www.stats.gov.cn/{i}.html" for i in range(4)]
    results = fetch_documents([Candidate(url=u, source="nbs") for u in urls], client, RawStore(tmp_path), [None] * 4)
    assert all(isinstance(r, NotFetched) for r in results)
    assert [r.tried for r in results] == [True, False, False, False]
    assert "could not connect" in results[0].reason or "connection failed" in results[0].reason
    assert all("www.stats.gov.cn could not be reached earlier in this run" in r.reason for r in results[1:])
    assert len(adapter.urls) == 3  # the first URL and its two retries; the others never left the machine


def test_three_hosts_that_cannot_be_reached_and_none_that_answers_mean_no_network():
    reach = Reachability(limit=3)
    adapter = RefusingAdapter()
    client = GuardedClient(_live(adapter), reach)
    for host in ("a.example", "b.example", "c.example"):
        with pytest.raises(ConnectionFailed):
            client.get(f"https://{host}/")
    with pytest.raises(Unreachable, match="no network: 3 hosts could not be reached and none answered"):
        client.get("https://d.example/")
    assert set(reach.unreachable()) == {"a.example", "b.example", "c.example"}
    assert len(adapter.urls) == 9


def test_a_host_that_answers_keeps_the_network_up():
    reach = Reachability(limit=2)

    def script(request):
        if "up.example" in request.url:
            return Scripted(404)
        return Scripted(error=requests.exceptions.ConnectTimeout("connect timed out"))

    client = GuardedClient(_live(FakeAdapter(script)), reach)
    with pytest.raises(HttpStatusError):
        client.get("https://up.example/missing")
    for host in ("a.example", "b.example"):
        with pytest.raises(FetchTimeout):
            client.get(f"https://{host}/")
    assert reach.refusal("c.example") is None  # one host answered: the others are down, not the network
    assert reach.refusal("a.example") == "a.example could not be reached earlier in this run (connect timed out)"


def test_the_guarded_client_passes_what_discovery_reads_through():
    inner = HttpClient("snapshot")
    client = GuardedClient(inner, Reachability())
    assert client.transport == "snapshot" and client.adapter is inner.adapter
    assert client.allowed_hosts == inner.allowed_hosts
    assert client.get(nbs_candidate().url).status == 200


def test_inbox_documents_are_read_from_the_inbox_folder(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Revenue was RMB1 billion.", encoding="utf-8")
    got = fetch_document(Candidate(url="inbox:note.txt", source="inbox", published_at=date(2025, 1, 1)), None,
                         RawStore(tmp_path), inbox_dir=inbox)
    assert got.stored.raw_path.endswith(".txt") and got.validators is None and got.candidate.source == "inbox"


def test_a_run_keeps_one_reachability_until_it_is_forgotten():
    first = fetching.run_reachability("run-a")
    assert fetching.run_reachability("run-a") is first and fetching.run_reachability("run-b") is not first
    fetching.forget_run("run-a")
    fetching.forget_run("run-b")
    assert fetching.run_reachability("run-a") is not first
    fetching.forget_run("run-a")
