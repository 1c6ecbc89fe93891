"""Raw store: content addressing, immutability, extension from the caller, path safety."""

from __future__ import annotations

import hashlib
import os

import pytest

from warehouse.errors import StoreError
from warehouse.store import RawStore, ext_for_content_type


def test_put_is_content_addressed(tmp_path) -> None:
    store = RawStore(tmp_path)
    data = b"%PDF-1.4 tiny"
    sha, rel = store.put(data, "pdf")
    assert sha == hashlib.sha256(data).hexdigest()
    assert rel == f"raw/{sha[:2]}/{sha}.pdf"
    assert store.read(rel) == data
    assert store.path(rel) == tmp_path / rel
    assert store.has(sha)
    assert not store.has(hashlib.sha256(b"other").hexdigest())
    assert [p.name for p in (tmp_path / "raw" / sha[:2]).iterdir()] == [f"{sha}.pdf"]


def test_present_bytes_are_never_rewritten(tmp_path, monkeypatch) -> None:
    store = RawStore(tmp_path)
    sha, rel = store.put(b"<html>x</html>", "html")
    mtime = os.stat(store.path(rel)).st_mtime_ns

    def boom(*_a, **_k):
        raise AssertionError("rewrote a stored file")

    monkeypatch.setattr(os, "replace", boom)
    assert store.put(b"<html>x</html>", "html") == (sha, rel)
    assert store.put(b"<html>x</html>", "txt") == (sha, rel)
    assert os.stat(store.path(rel)).st_mtime_ns == mtime


def test_failed_write_leaves_nothing(tmp_path, monkeypatch) -> None:
    store = RawStore(tmp_path)

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StoreError, match="No space left"):
        store.put(b"abc", "txt")
    assert not store.has(hashlib.sha256(b"abc").hexdigest())
    assert [p for p in (tmp_path / "raw").rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    ("content_type", "ext"),
    [
        ("application/pdf", "pdf"),
        ("text/html; charset=gbk", "html"),
        ("text/html; charset=utf-8", "html"),
        ("text/plain; charset=utf-8", "txt"),
        ("application/json", "json"),
        ("application/octet-stream", "bin"),
        (None, "bin"),
    ],
)
def test_extension_from_content_type(content_type, ext) -> None:
    assert ext_for_content_type(content_type) == ext


@pytest.mark.parametrize("ext", ["exe", "../x", "PDF", "shtml"])
def test_unknown_extension_is_refused(tmp_path, ext) -> None:
    with pytest.raises(StoreError):
        RawStore(tmp_path).put(b"x", ext)


@pytest.mark.parametrize(
    "rel",
    ["../etc/passwd", "raw/ab/../../x", "raw/zz/" + "a" * 64 + ".pdf", "raw/aa/" + "a" * 64 + ".exe", "/abs"],
)
def test_paths_outside_the_store_are_refused(tmp_path, rel) -> None:
    with pytest.raises(StoreError):
        RawStore(tmp_path).path(rel)


def test_reading_absent_bytes_is_a_store_error(tmp_path) -> None:
    rel = "raw/aa/" + "a" * 64 + ".pdf"
    with pytest.raises(StoreError, match="not in the raw store"):
        RawStore(tmp_path).read(rel)
