"""The bad-input corpus: each document's exact outcome through parse_document and `tencent-etl extract`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main as cli_main
from transforms.model import DocMeta, ParseError
from transforms.parse import parse_document
from transforms.parse.document import load_document

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


def test_the_corpus_is_complete():
    expected = set(FAILURES) | {"wrong_declared_encoding.html", "xml_bomb.xhtml", "external_entity.xhtml", "README.md"}
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
