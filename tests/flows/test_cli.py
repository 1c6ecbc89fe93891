"""The command line as a user types it (extract needs no Prefect)."""

from __future__ import annotations

import json
import subprocess
import sys

from flows.cli import main


def test_extract_bad_file_prints_one_line_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "noise.bin"
    bad.write_bytes(bytes(range(256)) * 4)
    code = main(["extract", str(bad)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "noise.bin" in err


def test_extract_missing_file_is_a_clear_error(tmp_path, capsys):
    code = main(["extract", str(tmp_path / "nope.pdf")])
    _, err = capsys.readouterr()
    assert code == 2 and "nope.pdf" in err


def test_extract_unknown_kind(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("x")
    assert main(["extract", str(f), "--kind", "nonsense"]) == 2
    assert "unknown --kind" in capsys.readouterr().err


def test_extract_prints_json_facts_for_a_release(tmp_path):
    doc = tmp_path / "release.txt"
    doc.write_text(
        "TENCENT ANNOUNCES 2024 FOURTH QUARTER AND ANNUAL RESULTS\n\n"
        "HONG KONG, March 19, 2025 /PRNewswire/ -- Tencent Holdings Limited (\"Tencent\" or the \"Company\", "
        "00700.HK), today announced the unaudited consolidated results for the fourth quarter of 2024 "
        "(\"4Q2024\") and the audited consolidated results for the year ended 31 December 2024 (\"FY2024\").\n\n"
        "4Q2024 Key Highlights\n\n"
        "    --  Total revenues were RMB172.4 billion, an increase of 11% over the fourth "
        "quarter of 2023 (\"YoY\").\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "flows", "extract", str(doc)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    facts = [json.loads(line) for line in proc.stdout.splitlines()]
    revenue = [f for f in facts if f["metric"] == "revenue" and f["segment"] == "total" and f["measure"] == "value"
               and f["period_label"] == "2024Q4"]
    assert revenue and revenue[0]["value"] == 172.4e9
    assert all(f["reported_text"] in f["snippet"] for f in facts)


def test_extract_refuses_a_fifo_with_one_line_and_does_not_hang(tmp_path):
    import os

    fifo = tmp_path / "release.html"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "flows", "extract", str(fifo)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == f"tencent-etl extract: {fifo}: not a regular file (a FIFO)"


def test_extract_on_dev_zero_stops_at_once_with_one_line(capsys):
    from pathlib import Path

    if not Path("/dev/zero").exists():
        return
    code = main(["extract", "/dev/zero"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip() == "tencent-etl extract: /dev/zero: not a regular file (a character device)"


def test_extract_caps_the_bytes_it_reads(tmp_path, capsys, monkeypatch):
    import flows.cli as cli

    big = tmp_path / "big.txt"
    big.write_bytes(b"Tencent " * (1024 * 128 + 1))
    monkeypatch.setattr(cli, "MAX_EXTRACT_BYTES", 1024 * 1024)
    assert main(["extract", str(big)]) == 2
    assert capsys.readouterr().err.strip() == f"tencent-etl extract: {big}: file is larger than 1 MiB"
