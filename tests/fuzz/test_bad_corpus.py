"""The bad-input corpus: each document's exact outcome through parse_document and `tencent-etl extract`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pdf_bombs
import pytest

from flows.cli import main as cli_main
from transforms.model import DocMeta, ParseError
from transforms.parse import document, parse_document
from transforms.parse.document import load_document, pdf_pages

BAD = Path(__file__).resolve().parents[1] / "cases" / "bad"

# file -> (exception class name, message fragment)
FAILURES: dict[str, tuple[str, str]] = {
    "truncated.pdf": ("PdfProblem", "PDF cannot be read"),
    "malformed.pdf": ("PdfProblem", "PDF cannot be read"),
    "encrypted.pdf": ("PdfProblem", "PDF is encrypted"),
    "too_many_pages.pdf": ("PdfProblem", "PDF has 201 pages, more than the limit of 200"),
    "noise.bin": ("EncodingProblem", "not valid text in any plausible encoding"),
    "empty.txt": ("EmptyDocument", "document is empty"),
    "whitespace_only.txt": ("EmptyDocument", "document is empty"),
    "deeply_nested_tables.html": ("MarkupTooDeep", "nested more than 256 elements deep"),
    "boilerplate_only.html": ("UnsupportedDocument", "no parser recognises this document"),
    "decoy_date_notice.txt": ("DecoyDocument", "announcement date notice"),
}
# Documents that parse: their facts as (metric, segment, measure, period, value, reported_text).
WRONG_ENCODING_FACTS = {
    ("revenue", "vas", "value", "2024Q3", 82695000000.0, "826.95亿元"),
    ("revenue", "marketing_services", "yoy_pct", "2024Q3", 17.0, "同比增长17%"),
    ("mau", "total", "value", "2024Q3", 1382000000.0, "13.82亿"),
}


FOLDED = ("folded_figures_prn_1q2020.html", "folded_figures_reprint_1q2020.txt")


def test_the_corpus_is_complete():
    expected = set(FAILURES) | set(FOLDED) | {
        "wrong_declared_encoding.html", "xml_bomb.xhtml", "external_entity.xhtml", "README.md"
    }
    assert {p.name for p in BAD.iterdir()} == expected


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_parse_document_outcome(name):
    cls, fragment = FAILURES[name]
    with pytest.raises(ParseError) as info:
        parse_document((BAD / name).read_bytes(), DocMeta(url=name))
    assert type(info.value).__name__ == cls
    assert fragment in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_extract_outcome(name, capsys):
    assert cli_main(["extract", str(BAD / name)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tencent-etl extract: {BAD / name}: ")
    assert FAILURES[name][1] in lines[0]


def test_wrong_declared_encoding_is_decoded_by_detection():
    result = parse_document((BAD / "wrong_declared_encoding.html").read_bytes(), DocMeta(url="x"))
    got = {(f.metric, f.segment, f.measure, f.period.label, f.value, f.reported_text) for f in result.facts}
    assert result.kind == "results_release_zh"
    assert WRONG_ENCODING_FACTS <= got
    assert all(f.entity in ("tencent", "weixin") for f in result.facts)


@pytest.mark.parametrize("name", ["xml_bomb.xhtml", "external_entity.xhtml"])
def test_entities_are_neither_expanded_nor_fetched(name):
    data = (BAD / name).read_bytes()
    doc = load_document(data, DocMeta(url=name))
    assert doc.format == "html"
    assert len(doc.text) < len(data)
    assert "lollol" not in doc.text and "root:" not in doc.text
    result = parse_document(data, DocMeta(url=name))
    assert result.facts == []


def test_a_100_mb_file(tmp_path, capsys):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    assert cli_main(["extract", str(big)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == f"tencent-etl extract: {big}: file is larger than 50 MiB"
    from transforms.parse.document import DocumentTooLarge

    with pytest.raises(DocumentTooLarge, match="104857600 bytes exceeds the limit of 52428800 bytes"):
        parse_document(big.read_bytes(), DocMeta(url="huge"))


def test_extract_command_over_the_whole_corpus():
    """One real `tencent-etl extract` process: exit 2, one stderr line per bad file (no warnings), facts of the good."""
    good = ["wrong_declared_encoding.html", "xml_bomb.xhtml", "external_entity.xhtml"]
    files = [str(BAD / n) for n in sorted(FAILURES)] + [str(BAD / n) for n in good]
    exe = Path(sys.executable).with_name("tencent-etl")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    proc = subprocess.run([str(exe), "extract", *files], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == len(FAILURES), proc.stderr
    for name, line in zip(sorted(FAILURES), lines, strict=True):
        assert line.startswith(f"tencent-etl extract: {BAD / name}: ") and FAILURES[name][1] in line
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {(r["metric"], r["segment"], r["measure"], r["period_label"], r["value"], r["reported_text"])
            for r in rows} >= WRONG_ENCODING_FACTS


# ---------------------------------------------------------------- generated hostile PDFs (built in memory)

MIB = 1024 * 1024
PEAK_MEMORY_LIMIT = 100 * MIB
SECONDS_LIMIT = 10.0  # each takes 0.1-2 s alone; generous for a loaded machine


def _kids_bomb(kids: int) -> bytes:
    """A page tree whose /Kids array repeats one page `kids` times."""
    refs = b" ".join([b"3 0 R"] * kids)
    return pdf_bombs.assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % kids,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length 11 >>\nstream\nBT (x) Tj ET\nendstream",
    ])


def _object_table_bomb(objects: int) -> bytes:
    """A PDF with a classic cross-reference table of `objects` rows (about 45 bytes per object)."""
    return pdf_bombs.assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
                              + [b"null"] * (objects - 2))


# name -> (builder, exception class name, exact message)
PDF_BOMBS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "content stream inflating to 400 MiB": (
        lambda: pdf_bombs.decompression_bomb(400 * MIB),
        "DocumentTooLarge", "a PDF stream decompresses to more than the limit of 8388608 bytes",
    ),
    "xref stream listing 1,999,000 objects": (
        lambda: pdf_bombs.xref_stream_bomb(1_999_000),
        "PdfProblem", "PDF declares 1999000 objects, more than the limit of 50000",
    ),
    "xref table of 60,000 rows": (
        lambda: _object_table_bomb(60_000), "PdfProblem", "PDF declares 60001 objects, more than the limit of 50000",
    ),
    "page tree with 150,000 kids": (
        lambda: _kids_bomb(150_000), "PdfProblem", "PDF exceeds a reading limit: Reached maximum array element count.",
    ),
}


def _timed(func: Callable[[], object]) -> tuple[BaseException | None, float]:
    """Run func; its exception (or None) and the seconds taken."""
    started = time.perf_counter()
    try:
        func()
    except BaseException as exc:  # handed back for the assertions
        return exc, time.perf_counter() - started
    return None, time.perf_counter() - started


def _peak_memory(func: Callable[[], object]) -> int:
    """Peak memory Python allocated while func ran, in bytes (traced: slower, so timed separately)."""
    tracemalloc.start()
    try:
        _timed(func)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_pdf_limits_are_below_pypdfs_own():
    from pypdf import Configuration

    pypdf_default = Configuration().zlib_maximum_output_length
    assert pypdf_default == 75_000_000
    assert document.MAX_PDF_STREAM_BYTES == 8 * MIB < pypdf_default
    assert document.MAX_PDF_DECODED_BYTES == 32 * MIB
    assert document.MAX_PDF_OBJECTS == 50_000


@pytest.mark.parametrize("name", sorted(PDF_BOMBS))
def test_pdf_bomb_outcome(name):
    build, cls, message = PDF_BOMBS[name]
    data = build()
    assert len(data) < 8 * MIB
    error, seconds = _timed(lambda: parse_document(data, DocMeta(url=name), time_limit=None))
    assert isinstance(error, ParseError) and type(error).__name__ == cls, repr(error)
    assert str(error) == message
    assert seconds < SECONDS_LIMIT, f"{name} took {seconds:.1f} s"


@pytest.mark.parametrize("name", [n for n in sorted(PDF_BOMBS) if "kids" not in n])
def test_pdf_bomb_memory(name):
    """Refused within the memory budget (the kids bomb is pypdf's own array limit: tracing it takes half a minute)."""
    data = PDF_BOMBS[name][0]()
    peak = _peak_memory(lambda: parse_document(data, DocMeta(url=name), time_limit=None))
    assert peak < PEAK_MEMORY_LIMIT, f"{name} peaked at {peak / MIB:.0f} MiB"


def test_decompression_bomb_is_small_and_really_inflates():
    """The generator's stream is valid zlib of the stated size (checked at 24 MiB), about 1 KiB per MiB."""
    assert len(pdf_bombs.inflating_stream(400 * MIB)) < 1 * MIB
    data = pdf_bombs.inflating_stream(24 * MIB)
    inflater = zlib.decompressobj()
    total = 0
    while data:
        total += len(inflater.decompress(data, 4 * MIB))
        data = inflater.unconsumed_tail
    assert total == 24 * MIB + len(b"BT /F1 12 Tf 72 720 Td (Revenues) Tj ET\n")
    assert inflater.eof


def test_decompression_bomb_through_extract(tmp_path, capsys):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bombs.decompression_bomb(400 * MIB))
    assert cli_main(["extract", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"tencent-etl extract: {path}: a PDF stream decompresses to more than the limit of 8388608 bytes"
    ]


def test_a_billion_page_count_is_not_believed():
    """pypdf counts the page tree's leaves, not its /Count: the one real page is read, nothing is refused."""
    data = pdf_bombs.huge_page_count()
    assert pdf_pages(data) == ["Revenues"]
    with pytest.raises(ParseError) as info:
        parse_document(data, DocMeta(url="count"))
    assert type(info.value).__name__ == "UnsupportedDocument"


@pytest.fixture
def small_pdf_budget(monkeypatch):
    """The decompression limits shrunk to 2 MiB per stream and 5 MiB per document, so the test runs in seconds."""
    monkeypatch.setattr(document, "MAX_PDF_STREAM_BYTES", 2 * MIB)
    monkeypatch.setattr(document, "MAX_PDF_DECODED_BYTES", 5 * MIB)


@pytest.mark.parametrize(
    "build",
    [lambda: pdf_bombs.many_streams_bomb(6, MIB), lambda: pdf_bombs.form_xobject_bomb(6, MIB)],
    ids=["six pages of 1 MiB", "six form XObjects of 1 MiB"],
)
def test_the_document_budget_counts_every_stream(small_pdf_budget, build):
    """Streams under the per-stream limit still add up; pypdf swallows errors inside forms, so pages are checked too."""
    data = build()
    error, seconds = _timed(lambda: pdf_pages(data))
    assert type(error).__name__ == "DocumentTooLarge"
    assert str(error) == "PDF streams decompress to more than the limit of 5242880 bytes"
    assert seconds < SECONDS_LIMIT


def test_four_pages_of_1_mib_fit_the_budget(small_pdf_budget):
    pages = pdf_pages(pdf_bombs.many_streams_bomb(4, MIB))
    assert pages == ["Revenues"] * 4


def test_the_budget_does_not_outlive_the_document():
    """Outside pdf_pages pypdf decodes without a budget; inside, each PDF starts with a full one."""
    from pypdf.filters import decode_stream_data

    assert document._DECODED.get() is None
    assert pdf_pages(pdf_bombs.many_streams_bomb(2, MIB)) == ["Revenues"] * 2
    assert document._DECODED.get() is None
    assert getattr(decode_stream_data, "counts_decoded_bytes", False)


@pytest.mark.parametrize("name", FOLDED)
def test_folded_figures_are_published_as_written(name, capsys):
    """Full-width digits, zero-width and odd spaces inside figures: the facts come out, in the document's characters."""
    assert cli_main(["extract", str(BAD / name)]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert err == ""
    text = load_document((BAD / name).read_bytes(), DocMeta(url=name)).text
    unwrapped = re.sub(r"[ \t]*\n\s*", " ", text)
    revenue = [r for r in rows if r["metric"] == "revenue" and r["measure"] == "value"]
    assert [r["value"] for r in revenue] == [108065000000.0]
    assert revenue[0]["reported_text"] in text
    assert any(ch in revenue[0]["reported_text"] for ch in "\uff11\u200b")
    for r in rows:
        assert r["reported_text"] in unwrapped, r["reported_text"]
