"""The command line's edges: a data dir with no tables, plain numbers, closed pipes, list columns, doc examples."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from flows.cli import main
from flows.output import flat, frame_csv, frame_text, plain_number

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "README.md", ROOT / "docs" / "operations.md")


@pytest.mark.parametrize("command", ["query", "report"])
@pytest.mark.parametrize("where", ["missing", "empty"])
def test_a_data_dir_without_tables_is_a_one_line_error(tmp_path, capsys, command, where):
    data_dir = tmp_path / "dtaa"
    if where == "empty":
        data_dir.mkdir()
    args = [command, "SELECT * FROM facts"] if command == "query" else [command]
    code = main([*args, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(data_dir) in err and "--data-dir" in err
    assert not (data_dir / "reports").exists()


def test_numbers_are_printed_in_full():
    assert plain_number(39_426_000_000.0) == "39426000000"
    assert plain_number(26.4) == "26.4" and plain_number(-0.125) == "-0.125"
    frame = pd.DataFrame({"value": [39_426_000_000.0, 1.5e17, np.nan], "label": ["a", "b", "c"]})
    text = frame_text(frame)
    assert "39426000000" in text and "150000000000000000" in text and "e+" not in text
    out = io.StringIO()
    frame_csv(frame.head(1), out)
    assert out.getvalue().splitlines()[1:] == ["39426000000.0,a"]


def test_list_cells_are_joined_for_csv():
    frame = pd.DataFrame({"metric_id": ["m1", "m2"], "inputs": [np.array(["f1", "f2", "f3"]), []]})
    assert list(flat(frame)["inputs"]) == ["f1;f2;f3", ""]
    out = io.StringIO()
    frame_csv(frame, out)
    back = pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False)
    assert list(back["inputs"]) == ["f1;f2;f3", ""]


def _run(data_dir: Path, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--data-dir", str(data_dir)])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.flow
def test_query_prints_plain_numbers_and_full_list_cells(snapshot_runs):
    code, out, _ = _run(snapshot_runs["dir"], ["query", "SELECT value FROM facts_latest WHERE unit = 'CNY'"])
    assert code == 0 and re.search(r"\b\d{10,}\b", out) and "e+" not in out
    code, out, _ = _run(snapshot_runs["dir"], ["query", "--csv", "SELECT metric_id, inputs FROM metrics"])
    rows = pd.read_csv(io.StringIO(out), keep_default_na=False)
    stored = pd.read_parquet(snapshot_runs["dir"] / "tables" / "metrics.parquet")
    assert code == 0 and sorted(rows["inputs"]) == sorted(";".join(i) for i in stored["inputs"])


@pytest.mark.flow
def test_query_csv_into_a_closed_pipe_exits_quietly(snapshot_runs):
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "query", "--csv", "SELECT * FROM facts", "--data-dir",
         str(snapshot_runs["dir"])], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().startswith(b"fact_id,")
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def _fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def _cli_examples(text: str) -> list[list[str]]:
    """Every `tencent-etl query|report ...` example, inline or in a sh block, as argv after the program name."""
    found = re.findall(r"`(?:\.venv/bin/)?tencent-etl ((?:query|report) [^`]+)`", text)
    for block in _fenced(text, "sh"):
        found += re.findall(r"^(?:\.venv/bin/)?tencent-etl ((?:query|report) .*?)(?=\n(?:\S|$)|\Z)", block,
                            flags=re.S | re.M)
    today = datetime.now(UTC).date().isoformat()
    examples = [shlex.split(example.replace("$(date -u +%F)", today)) for example in found]
    placeholders = {"DATE", "SQL", "DIR", "SELECT ..."}
    return [e for e in examples if not placeholders & set(e) and not any(a.startswith("[") for a in e)]


@pytest.mark.flow
@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_documented_query_runs_on_the_bundled_data_and_returns_rows(snapshot_runs, doc):
    examples = _cli_examples(doc.read_text(encoding="utf-8"))
    assert examples
    for argv in examples:
        code, out, err = _run(snapshot_runs["dir"], argv)
        assert code == 0, (argv, err)
        if argv[0] == "query":
            assert "Empty DataFrame" not in out and len(out.splitlines()) > 1, argv


@pytest.mark.flow
def test_readme_pandas_and_duckdb_examples_run_on_the_bundled_data(snapshot_runs, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = str(snapshot_runs["dir"] / "tables") + "/"
    for block in _fenced(readme, "python"):
        exec(block.replace("data/tables/", tables), {})  # noqa: S102 - the README's own example
    printed = capsys.readouterr().out
    assert printed and "Empty DataFrame" not in printed
    for block in _fenced(readme, "sql"):
        for statement in [s for s in block.split(";") if "SELECT" in s]:
            assert len(duckdb.sql(statement.replace("data/tables/", tables)).df()) > 0, statement


@pytest.mark.flow
def test_readme_statements_about_the_bundled_data_hold(snapshot_runs):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code, out, _ = _run(snapshot_runs["dir"], ["query", "--csv", "SELECT * FROM facts_latest WHERE conflict"])
    assert code == 0 and "so on it that query returns no rows" in readme and len(out.splitlines()) == 1
    sql = re.search(r"tencent-etl query \"(SELECT [^\"]+FROM fact_history[^\"]+)\"", readme).group(1)
    code, out, _ = _run(snapshot_runs["dir"], ["query", "--csv", sql])
    history = pd.read_csv(io.StringIO(out))
    q1 = history[history["period_label"] == "2023Q1"]
    assert sorted(set(q1["value"])) == [45_028e6, 48_400e6] and "RMB48.4bn" in readme and "RMB45.028bn" in readme
    assert (history["value"] > 1e9).all()  # levels only, no growth rates among them
