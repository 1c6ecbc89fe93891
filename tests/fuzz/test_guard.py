"""The registry guard: a time limit per document that stops the work, parser crashes as ParserCrash, one-line messages, honest facts."""

from __future__ import annotations

import os
import re
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta, Fact, ParseError, ParseResult, Period, UnsupportedDocument
from transforms.parse import Parser, ParserCrash, ParseTimeout, parse_document, parsers
from transforms.parse import document as document_module
from transforms.parse.document import DocumentTooLarge, PdfProblem, load_document, pdf_pages

TEXT = b"Total revenues were RMB159.5 billion in the quarter.\n"
Q1 = Period("quarter", date(2024, 1, 1), date(2024, 3, 31), "2024Q1")


def _register(monkeypatch, parse) -> str:
    registry = parsers()
    monkeypatch.setitem(registry, "fake_kind", Parser("fake_kind", "1", lambda doc: False, parse))
    return "fake_kind"


def _fact(reported: str, snippet: str) -> Fact:
    return Fact("tencent", "revenue", "total", "na", "value", Q1, 159.5e9, "CNY", reported, "chars 0-1", snippet)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_parser_that_never_returns_is_stopped_at_the_limit(monkeypatch, tmp_path):
    pid_file = tmp_path / "pid"

    def spin(doc):
        pid_file.write_text(str(os.getpid()))
        while True:
            pass

    kind = _register(monkeypatch, spin)
    start = time.perf_counter()
    with pytest.raises(ParseTimeout, match="longer than the 0.5 s limit"):
        parse_document(TEXT, DocMeta(url="x"), kind=kind, time_limit=0.5)
    assert time.perf_counter() - start < 5.0
    worker = int(pid_file.read_text())
    assert worker != os.getpid() and _gone(worker), "the process that ran the parser is still there"


def test_a_parse_stuck_inside_c_code_is_stopped(monkeypatch, tmp_path):
    pid_file = tmp_path / "pid"

    def backtrack(doc):  # the regular expression engine runs in C: no exception can reach the thread
        pid_file.write_text(str(os.getpid()))
        re.match(r"(a+)+$", "a" * 64 + "b")
        return ParseResult("fake_kind")

    kind = _register(monkeypatch, backtrack)
    start = time.perf_counter()
    with pytest.raises(ParseTimeout):
        parse_document(TEXT, DocMeta(url="x"), kind=kind, time_limit=0.5)
    assert time.perf_counter() - start < 5.0
    assert _gone(int(pid_file.read_text()))
    with pytest.raises(UnsupportedDocument):  # the next document is answered by a fresh worker
        parse_document(b"no figures here", DocMeta(url="y"), time_limit=10)


def test_a_limited_parse_gives_what_an_unlimited_one_gives():
    data = (Path(__file__).resolve().parents[2] / "tests" / "cases" / "results_en" / "ir_3q2019.pdf").read_bytes()
    inline = parse_document(data, DocMeta(url="x"))
    worker = parse_document(data, DocMeta(url="x"), time_limit=30)
    assert inline.facts and [f.record() for f in worker.facts] == [f.record() for f in inline.facts]
    assert worker.held == inline.held and worker.kind == inline.kind


@pytest.mark.parametrize("error", [KeyError("segment"), IndexError("list index out of range"), RecursionError("deep"),
                                   ValueError("line one\nline two")])
def test_unexpected_exceptions_become_parser_crash_with_one_line(monkeypatch, error):
    def broken(doc):
        raise error

    kind = _register(monkeypatch, broken)
    with pytest.raises(ParserCrash) as info:
        parse_document(TEXT, DocMeta(url="x"), kind=kind)
    message = str(info.value)
    assert message.startswith(f"parser fake_kind failed: {type(error).__name__}")
    assert "\n" not in message
    assert isinstance(info.value, ParseError) and info.value.__cause__ is error


def test_parse_error_messages_are_flattened_to_one_line(monkeypatch):
    def multi(doc):
        raise ParseError("first line\n  second line")

    kind = _register(monkeypatch, multi)
    with pytest.raises(ParseError, match=r"^first line second line$"):
        parse_document(TEXT, DocMeta(url="x"), kind=kind)


def test_a_fact_whose_reported_text_is_not_in_the_document_is_held(monkeypatch):
    def invent(doc):
        return ParseResult("fake_kind", facts=[
            _fact("RMB159.5 billion", "revenues were RMB159.5 billion in"),
            _fact("RMB999.9 billion", "revenues were RMB999.9 billion in"),
        ])

    kind = _register(monkeypatch, invent)
    result = parse_document(TEXT, DocMeta(url="x"), kind=kind)
    assert [f.reported_text for f in result.facts] == ["RMB159.5 billion"]
    assert [(h.reason, h.reported_text) for h in result.held] == [
        ("reported_text is not in the document", "RMB999.9 billion")
    ]


def test_a_line_wrap_inside_reported_text_is_not_a_difference(monkeypatch):
    def wrapped(doc):
        return ParseResult("fake_kind", facts=[_fact("RMB159.5 billion", "were RMB159.5 billion in")])

    kind = _register(monkeypatch, wrapped)
    result = parse_document(b"Total revenues were RMB159.5\n billion in the quarter.", DocMeta(url="x"), kind=kind)
    assert len(result.facts) == 1


def test_no_time_limit_runs_in_the_calling_thread(monkeypatch):
    seen = []

    def where(doc):
        seen.append(threading.current_thread())
        return ParseResult("fake_kind")

    kind = _register(monkeypatch, where)
    parse_document(TEXT, DocMeta(url="x"), kind=kind, time_limit=None)
    assert seen == [threading.current_thread()]


def test_byte_cap_of_load_document(monkeypatch):
    monkeypatch.setattr(document_module, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(DocumentTooLarge, match="1001 bytes exceeds the limit of 1000 bytes"):
        load_document(b"x" * 1001, DocMeta())
    assert load_document(b"x" * 1000, DocMeta()).text == "x" * 1000


def test_text_cap_of_pdf_pages():
    data = (Path(__file__).resolve().parents[2] / "tests" / "cases" / "results_en" / "ir_3q2019.pdf").read_bytes()
    assert sum(map(len, pdf_pages(data))) > 100
    with pytest.raises(DocumentTooLarge, match="longer than the limit of 100 characters"):
        pdf_pages(data, max_chars=100)
    with pytest.raises(PdfProblem, match="more than the limit of 0"):
        pdf_pages(data, max_pages=0)


def test_each_thread_reading_a_pdf_has_its_own_decoding_budget(monkeypatch):
    import pdf_bombs
    import pypdf.filters

    mib = 1024 * 1024
    monkeypatch.setattr(document_module, "MAX_PDF_DECODED_BYTES", 3 * mib)
    with pytest.raises(DocumentTooLarge, match="more than the limit of 3145728 bytes"):
        pdf_pages(pdf_bombs.many_streams_bomb(2, 2 * mib))
    data = pdf_bombs.many_streams_bomb(2, mib)  # about 2 MiB decoded: twice that is over the budget
    counting = pypdf.filters.decode_stream_data
    assert getattr(counting, "counts_decoded_bytes", False)
    turns = threading.Barrier(2)

    def in_step(stream):  # type: ignore[no-untyped-def]
        out = counting(stream)
        turns.wait(timeout=20)
        return out

    in_step.counts_decoded_bytes = True  # type: ignore[attr-defined]
    monkeypatch.setattr(pypdf.filters, "decode_stream_data", in_step)
    outcomes: list[object] = []

    def read() -> None:
        try:
            outcomes.append(len(pdf_pages(data)))
        except ParseError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes == [2, 2]
