"""Local files: inbox names that are not UTF-8 read under a safe name; FIFOs, devices and directories are refused."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from sources.errors import FetchError, NotRegularFile, TooLarge
from sources.inbox import inbox_path, read_inbox_file, read_regular_file, safe_name, scan_inbox

GBK_NAME = "腾讯2024年报摘要.html".encode("gbk")  # as an archive packed on Chinese Windows names it
PAGE = b"<html><body><p>" + "视频号".encode() * 30 + b"</p></body></html>"


def _write(folder: Path, raw_name: bytes, data: bytes) -> Path:
    """Create a file under a name given as raw bytes (as unzip leaves it), bypassing any decoding."""
    path = os.path.join(os.fsencode(folder), raw_name)
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


def test_safe_name_keeps_utf8_reads_gbk_and_escapes_the_rest():
    assert safe_name("腾讯.pdf") == "腾讯.pdf"
    assert safe_name(os.fsdecode(GBK_NAME)) == "腾讯2024年报摘要.html"
    assert safe_name(os.fsdecode(b"report-\xff\xfe.pdf")) == "report-%FF%FE.pdf"
    for raw in (GBK_NAME, b"report-\xff\xfe.pdf"):
        safe_name(os.fsdecode(raw)).encode("utf-8")  # never raises


def test_an_inbox_file_with_a_gbk_name_is_listed_and_read_under_its_safe_name(tmp_path):
    _write(tmp_path, GBK_NAME, PAGE)
    _write(tmp_path, b"plain.html", PAGE + b" ")
    kept, rejected = scan_inbox(tmp_path)
    assert rejected == []
    urls = sorted(c.url for c in kept)
    assert urls == ["inbox:plain.html", "inbox:腾讯2024年报摘要.html"]
    for url in urls:
        url.encode("utf-8")
    gbk = next(c for c in kept if c.url != "inbox:plain.html")
    assert gbk.title == "腾讯2024年报摘要"
    assert read_inbox_file(inbox_path(tmp_path, gbk.url)) == PAGE
    assert read_inbox_file(tmp_path / gbk.url.removeprefix("inbox:")) == PAGE


def test_an_undecodable_name_is_read_under_its_escaped_name(tmp_path):
    _write(tmp_path, b"scan-\xff.txt", b"Tencent total revenues were RMB 100 billion.")
    kept, _ = scan_inbox(tmp_path)
    assert [c.url for c in kept] == ["inbox:scan-%FF.txt"]
    assert read_inbox_file(inbox_path(tmp_path, kept[0].url)).startswith(b"Tencent")


def test_two_files_under_one_safe_name_the_second_fails_alone(tmp_path):
    _write(tmp_path, GBK_NAME, PAGE)
    _write(tmp_path, "腾讯2024年报摘要.html".encode(), PAGE + b"\n")
    kept, rejected = scan_inbox(tmp_path)
    assert len(kept) == 1 and len(rejected) == 1
    assert rejected[0].url == kept[0].url and "same name" in rejected[0].reason


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    return fifo


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = _fifo(tmp_path)
    done: list[BaseException] = []

    def read() -> None:
        try:
            read_regular_file(fifo, max_bytes=1024)
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            done.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert isinstance(done[0], NotRegularFile) and done[0].reason == "not a regular file (a FIFO)"


def test_an_inbox_fifo_is_rejected_by_the_scan_and_refused_by_the_reader(tmp_path):
    _fifo(tmp_path)
    kept, rejected = scan_inbox(tmp_path)
    assert kept == [] and rejected[0].reason == "not a regular file"
    with pytest.raises(NotRegularFile):
        read_inbox_file(tmp_path / "pipe.html")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_at_once():
    start = time.monotonic()
    with pytest.raises(NotRegularFile, match="character device"):
        read_regular_file(Path("/dev/zero"), max_bytes=1024)
    assert time.monotonic() - start < 1


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(NotRegularFile, match="directory"):
        read_regular_file(tmp_path, max_bytes=1024)


def test_the_read_stops_at_the_byte_cap(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(TooLarge):
        read_regular_file(big, max_bytes=4096)
    assert read_regular_file(big, max_bytes=5000) == b"x" * 5000


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FetchError) as info:
        read_regular_file(tmp_path / "nope.pdf", max_bytes=10)
    assert info.value.reason == "cannot read (No such file or directory)"
