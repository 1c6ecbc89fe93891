"""ReplayAdapter: URL matching (subset params, most specific wins), headers, ETag, 304, misses."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.errors import HostNotAllowed, HttpStatusError, ReplayMiss
from sources.http import HttpClient
from sources.replay import (
    SNAPSHOT_DIR,
    ReplayAdapter,
    SnapshotEntry,
    SnapshotError,
    fetch_origin,
    load_snapshot,
    local_key,
    match_entry,
    snapshot_as_of,
)

SEARCH = "https://www1.hkexnews.hk/search/titleSearchServlet.do"
PDF_URL = "https://static.www.tencent.com/uploads/2024/05/14/00112233445566778899aabbccddeeff.pdf"


def write_snapshot(root: Path, family: str, entries: list[tuple[dict, bytes | None]]) -> None:
    folder = root / family
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for entry, body in entries:
        if body is not None:
            (folder / entry["file"]).write_bytes(body)
        index.append(entry)
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")


@pytest.fixture
def snap(tmp_path: Path) -> Path:
    (tmp_path / "snapshot.json").write_text('{"as_of": "2024-12-31"}')
    write_snapshot(
        tmp_path,
        "docs",
        [
            ({"url": PDF_URL, "file": "q1.pdf", "content_type": "application/pdf", "source": "tencent_ir",
              "title": "Tencent Announces 2024 First Quarter Results", "published_at": "2024-05-14"}, b"%PDF-1.4 q1"),
            ({"url": "https://www.prnewswire.com/news-releases/old-name-300000001.html", "status": 301,
              "headers": {"Location": "https://www.prnewswire.com/news-releases/new-name-300000001.html"}}, None),
            ({"url": "https://www.prnewswire.com/news-releases/new-name-300000001.html", "file": "new.html",
              "content_type": "text/html; charset=utf-8"}, b"<html>new</html>"),
            ({"url": "https://www.stats.gov.cn/sj/zxfb/broken.html", "file": "err.txt", "status": 500}, b"down"),
        ],
    )
    write_snapshot(
        tmp_path,
        "listings",
        [
            ({"url": f"{SEARCH}?stockId=7609&lang=EN", "file": "generic.json",
              "content_type": "application/json"}, b'{"which": "generic"}'),
            ({"url": f"{SEARCH}?lang=EN&stockId=7609&fromDate=20240101&toDate=20241231", "file": "y2024.json",
              "content_type": "application/json"}, b'{"which": "2024"}'),
        ],
    )
    return tmp_path


def client_for(root: Path, **kw) -> HttpClient:
    return HttpClient("snapshot", snapshot_dir=root, backoff=0, **kw)


def test_serves_bytes_content_type_etag_last_modified(snap):
    resp = client_for(snap).get(PDF_URL)
    body = b"%PDF-1.4 q1"
    assert resp.content == body
    assert resp.content_type == "application/pdf"
    assert resp.etag == '"' + hashlib.sha256(body).hexdigest() + '"'
    assert resp.last_modified == "Tue, 14 May 2024 00:00:00 GMT"
    assert resp.headers["content-length"] == str(len(body))


def test_charset_from_entry_content_type(snap):
    resp = client_for(snap).get("https://www.prnewswire.com/news-releases/new-name-300000001.html")
    assert resp.content_type == "text/html" and resp.charset == "utf-8"


def test_most_specific_entry_wins_and_param_order_is_free(snap):
    client = client_for(snap)
    params = {"toDate": "20241231", "stockId": "7609", "fromDate": "20240101", "lang": "EN", "rowRange": "100"}
    assert json.loads(client.get(SEARCH, params=params).content)["which"] == "2024"
    other_year = {"stockId": "7609", "lang": "EN", "fromDate": "20230101", "toDate": "20231231"}
    assert json.loads(client.get(SEARCH, params=other_year).content)["which"] == "generic"


def test_entry_params_must_all_be_present(snap):
    with pytest.raises(ReplayMiss):
        client_for(snap).get(SEARCH, params={"stockId": "7609"})
    with pytest.raises(ReplayMiss):
        client_for(snap).get(SEARCH, params={"stockId": "7610", "lang": "EN"})


def test_unknown_url_is_a_404_miss(snap):
    with pytest.raises(ReplayMiss) as info:
        client_for(snap).get("https://static.www.tencent.com/uploads/2024/05/14/ffffffffffffffffffffffffffffffff.pdf")
    assert isinstance(info.value, HttpStatusError) and info.value.status == 404
    assert "ffffffff" in str(info.value)


def test_scheme_and_host_must_match(snap):
    with pytest.raises(ReplayMiss):
        client_for(snap).get(PDF_URL.replace("https://", "http://"))


def test_conditional_requests_get_304(snap):
    client = client_for(snap)
    first = client.get(PDF_URL)
    assert client.get(PDF_URL, etag=first.etag).status == 304
    assert client.get(PDF_URL, etag='W/"' + first.etag.strip('"') + '"').status == 304
    assert client.get(PDF_URL, etag='"stale"').status == 200
    assert client.get(PDF_URL, last_modified="Wed, 15 May 2024 00:00:00 GMT").status == 304
    assert client.get(PDF_URL, last_modified="Mon, 13 May 2024 00:00:00 GMT").status == 200


def test_entry_status_and_headers_are_served(snap):
    client = client_for(snap)
    resp = client.get("https://www.prnewswire.com/news-releases/old-name-300000001.html")
    assert resp.url.endswith("new-name-300000001.html") and resp.content == b"<html>new</html>"
    with pytest.raises(HttpStatusError) as info:
        client.get("https://www.stats.gov.cn/sj/zxfb/broken.html")
    assert info.value.status == 500


def test_snapshot_hosts_are_allowed_but_others_are_not(snap):
    client = HttpClient("snapshot", snapshot_dir=snap, allowed_hosts=frozenset({"www1.hkexnews.hk"}))
    assert client.get(PDF_URL).status == 200
    with pytest.raises(HostNotAllowed):
        client.get("https://elsewhere.example.org/x.pdf")


def test_match_entry_directly(snap):
    entries = load_snapshot(snap)
    assert match_entry(entries, PDF_URL + "?utm_source=feed").file == "q1.pdf"
    assert match_entry(entries, "https://www1.hkexnews.hk/search/prefix.do?name=700") is None


def test_adapter_records_requests(snap):
    adapter = ReplayAdapter(snap)
    client = HttpClient(adapter=adapter, allowed_hosts=None, backoff=0, rate_per_host=0)
    client.get(PDF_URL)
    assert adapter.served == [PDF_URL]


def test_snapshot_as_of(snap, tmp_path_factory):
    assert snapshot_as_of(snap) == date(2024, 12, 31)
    assert snapshot_as_of() == date(2025, 11, 30)
    with pytest.raises(SnapshotError):
        snapshot_as_of(tmp_path_factory.mktemp("empty"))


@pytest.mark.parametrize(
    "index",
    [
        "{not json",
        '{"url": "x"}',
        '[{"url": 7, "file": "a.pdf"}]',
        '[{"url": "", "status": 404}]',
        '[{"url": "https://www.tencent.com/a", "file": "../a.pdf"}]',
        '[{"url": "https://www.tencent.com/a", "file": "a.pdf", "published_at": "14/05/2024"}]',
        '[{"url": "https://www.tencent.com/a", "file": "a.pdf", "status": 99}]',
    ],
)
def test_bad_index_raises_snapshot_error(tmp_path, index):
    (tmp_path / "fam").mkdir()
    (tmp_path / "fam" / "index.json").write_text(index)
    with pytest.raises(SnapshotError) as info:
        load_snapshot(tmp_path)
    assert "index.json" in str(info.value) and "\n" not in str(info.value)


def test_an_entry_without_a_public_url_is_served_under_a_local_key(tmp_path):
    (tmp_path / "fam").mkdir()
    (tmp_path / "fam" / "a.pdf").write_bytes(b"%PDF-1.4 reconstructed")
    (tmp_path / "fam" / "index.json").write_text(
        '[{"file": "a.pdf", "content_type": "application/pdf"}, {"url": " ", "file": "b.pdf", "status": 410}]'
    )
    first, second = load_snapshot(tmp_path)
    assert first.url == local_key("fam", "a.pdf") == "https://snapshot.invalid/fam/a.pdf"
    assert second.url == "https://snapshot.invalid/fam/b.pdf"
    assert client_for(tmp_path).get(first.url).content == b"%PDF-1.4 reconstructed"


def test_fetch_origin_names_the_replayed_bytes_reconstructed():
    assert fetch_origin("snapshot") == "reconstructed"
    assert fetch_origin("live") == "fetched"


def test_bundled_snapshot_entries_have_their_files():
    entries = load_snapshot(SNAPSHOT_DIR)
    for entry in entries:
        if entry.status == 200:
            assert entry.path is not None and entry.path.is_file(), entry.url


_names = st.sampled_from(["stockId", "fromDate", "toDate", "lang", "rowRange", "title", "t1code"])
_values = st.sampled_from(["", "7609", "EN", "20240101", "100", "-2"])
_params = st.dictionaries(_names, _values, max_size=5)


@settings(max_examples=100, deadline=None)
@given(entry_params=_params, request_params=_params, seed=st.randoms())
def test_match_iff_entry_params_are_a_subset(entry_params, request_params, seed):
    entry = SnapshotEntry(url=f"{SEARCH}?{urlencode(entry_params)}", family="f", file="x")
    items = list(request_params.items())
    seed.shuffle(items)
    url = f"{SEARCH}?{urlencode(items)}"
    expected = all(request_params.get(k) == v for k, v in entry_params.items())
    assert (match_entry([entry], url) is entry) == expected
