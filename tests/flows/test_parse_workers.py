"""Parse batches on worker processes: a document that hangs (in C code too) or kills its process fails alone."""

from __future__ import annotations

import os
import re
import threading
import time
from datetime import UTC, datetime

import pytest

from flows import steps
from transforms import parse as registry
from transforms.model import ParseResult
from transforms.parse import Parser
from transforms.parse.workers import WorkerPool
from warehouse.assemble import FetchedDoc
from warehouse.store import RawStore


def _pid_result(doc) -> ParseResult:
    return ParseResult("quick", title=str(os.getpid()))


def _backtrack(doc) -> ParseResult:
    re.match(r"(a+)+$", "a" * 64 + "b")  # catastrophic backtracking inside the C regular expression engine
    return ParseResult("hang")


def _die(doc) -> ParseResult:
    os._exit(9)  # as a crash inside a C library or the out-of-memory killer would end the process


@pytest.fixture
def fake_parsers(monkeypatch):
    """Three parsers ahead of the real ones: QUICK answers with its process id, HANG backtracks, DIE exits."""
    fakes = {
        "quick": Parser("quick", "1", lambda doc: doc.text.startswith("QUICK"), _pid_result),
        "hang": Parser("hang", "1", lambda doc: doc.text.startswith("HANG"), _backtrack),
        "die": Parser("die", "1", lambda doc: doc.text.startswith("DIE"), _die),
    }
    monkeypatch.setattr(registry, "_REGISTRY", {**fakes, **registry.parsers()})


def _stored(tmp_path, texts: list[str]) -> list[FetchedDoc]:
    store = RawStore(tmp_path)
    docs = []
    for i, text in enumerate(texts):
        data = f"{text} document {i}\n".encode()
        _sha, raw_path = store.put(data, "txt")
        docs.append(FetchedDoc(doc_id=f"d{i}", source="inbox", url=f"file:d{i}", title=None, published_at=None,
                               fetched_at=datetime.now(UTC), content_type="text/plain; charset=utf-8",
                               byte_size=len(data), raw_path=raw_path))
    return docs


def test_a_document_stuck_in_c_code_fails_alone_and_the_batch_goes_on(fake_parsers, tmp_path):
    docs = _stored(tmp_path, ["QUICK", "HANG", "QUICK", "QUICK"])
    start = time.perf_counter()
    out = steps.parse_batch(docs, str(tmp_path), time_limit=1.0)
    assert time.perf_counter() - start < 10
    assert [o.status for o in out] == ["parsed", "failed", "parsed", "parsed"]
    assert out[1].error == "ParseTimeout: parsing took longer than the 1 s limit"
    before, after = int(out[0].title), int(out[2].title)
    assert before != after, "the documents after the stuck one ran in the same process"
    for pid in (before, os.getpid()):
        assert pid != after
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # the stuck process was killed and reaped


def test_a_document_that_kills_its_process_fails_alone(fake_parsers, tmp_path):
    docs = _stored(tmp_path, ["QUICK", "DIE", "QUICK"])
    out = steps.parse_batch(docs, str(tmp_path), time_limit=10.0)
    assert [o.status for o in out] == ["parsed", "failed", "parsed"]
    assert out[1].error == "WorkerLost: the parsing process ended without an answer (exit code 9)"
    assert "\n" not in out[1].error


def test_a_missing_raw_file_is_that_documents_failure(fake_parsers, tmp_path):
    docs = _stored(tmp_path, ["QUICK", "QUICK"])
    (tmp_path / docs[0].raw_path).unlink()
    out = steps.parse_batch(docs, str(tmp_path), time_limit=10.0)
    assert [o.status for o in out] == ["failed", "parsed"]
    assert out[0].error.startswith("raw bytes not read: ") and "\n" not in out[0].error


def test_batches_in_parallel_run_on_as_many_processes_as_cores(fake_parsers, tmp_path):
    pool = WorkerPool(2)
    try:
        results: list[list] = [[], []]

        def batch(i: int) -> None:
            results[i] = pool.run(_slow_pid, list(range(3)), time_limit=10.0)

        threads = [threading.Thread(target=batch, args=(i,)) for i in range(2)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        elapsed = time.perf_counter() - start
        pids = [set(r) for r in results]
        assert all(len(p) == 1 for p in pids) and pids[0] != pids[1]
        assert elapsed < 6 * 0.3, "the two batches did not overlap"
    finally:
        pool.close()


def _slow_pid(_item: int) -> int:
    time.sleep(0.3)
    return os.getpid()


def test_a_pool_never_has_more_workers_than_its_size(tmp_path):
    pool = WorkerPool(1)
    try:
        first = pool.run(_slow_pid, [0], time_limit=10.0)
        second = pool.run(_slow_pid, [0, 1], time_limit=10.0)
        assert set(first) == set(second) and len(set(second)) == 1  # the worker is kept warm between batches
    finally:
        pool.close()


def test_a_worker_does_not_keep_the_parents_locks_or_files(tmp_path):
    import fcntl

    lock = tmp_path / ".lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    pool = WorkerPool(1)
    try:
        assert pool.run(_slow_pid, [0], time_limit=10.0) != [os.getpid()]  # a worker now exists, forked under the lock
        os.close(fd)
        again = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(again, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if the worker still held it
        finally:
            os.close(again)
    finally:
        pool.close()


def _stuck(_item: int) -> None:
    re.match(r"(a+)+$", "a" * 64 + "b")


def test_a_worker_whose_parent_stops_waiting_ends_by_itself(monkeypatch):
    import signal

    from transforms.parse import workers

    monkeypatch.setattr(workers, "SELF_LIMIT_GRACE", 0.2)
    pool = WorkerPool(1)
    worker = pool._replace(None, None)  # a worker no one will kill: as after its parent was killed mid-document
    try:
        worker.conn.send((_stuck, 0, 0.3))
        deadline = time.monotonic() + 20
        while worker.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.exit_code == -signal.SIGALRM
    finally:
        worker.stop()


def test_documents_in_a_memory_store_written_after_the_worker_started_are_parsed(fake_parsers, tmp_path):
    import uuid

    url = f"memory://parse-workers-{uuid.uuid4().hex}"
    steps.parse_batch(_stored(tmp_path, ["QUICK"]), str(tmp_path), time_limit=10.0)  # the worker exists now
    store = RawStore(url)
    data = b"QUICK document in memory\n"
    _sha, raw_path = store.put(data, "txt")
    doc = FetchedDoc(doc_id="m0", source="inbox", url="file:m0", title=None, published_at=None,
                     fetched_at=datetime.now(UTC), content_type="text/plain; charset=utf-8", byte_size=len(data),
                     raw_path=raw_path)
    (out,) = steps.parse_batch([doc], url, time_limit=10.0)
    assert out.status == "parsed" and out.kind == "quick", out.error
