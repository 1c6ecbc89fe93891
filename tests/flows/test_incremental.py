"""Incremental runs: conditional requests from recorded validators, no re-parse, no re-publish of unchanged tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from flows import steps
from sources.http import load_validators
from warehouse.publish import Stage, publish, vintages

TABLES = ("documents", "facts", "facts_latest", "metrics", "events", "quality_checks")


def _documents(n: int, fetched: str = "2025-01-01T00:00:00Z") -> pd.DataFrame:
    from warehouse.assemble import DOCUMENT_COLUMNS

    rows = [
        {
            "doc_id": f"{i:064x}", "source": "nbs", "url": f"https://www.stats.gov.cn/{i}.html", "title": "t",
            "published_at": date(2025, 1, 15), "fetched_at": pd.Timestamp(fetched), "content_type": "text/html",
            "byte_size": 10 + i, "raw_path": f"raw/00/{i:064x}.html", "parser": "nbs", "parser_version": "1",
            "status": "parsed", "error": None, "fact_count": 1,
        }
        for i in range(n)
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


def test_unchanged_tables_compares_content_not_run_stamps(tmp_path):
    first = Stage(tmp_path, "run-1")
    first.write("documents", _documents(3))
    publish(first, ["documents"])
    same = Stage(tmp_path, "run-2")
    same.write("documents", _documents(3, fetched="2025-02-01T00:00:00Z").iloc[::-1])
    assert steps.unchanged_tables(tmp_path, same, ["documents"])
    more = Stage(tmp_path, "run-3")
    more.write("documents", _documents(4))
    assert not steps.unchanged_tables(tmp_path, more, ["documents"])
    edited = _documents(3)
    edited.loc[1, "title"] = "other"
    changed = Stage(tmp_path, "run-4")
    changed.write("documents", edited)
    assert not steps.unchanged_tables(tmp_path, changed, ["documents"])
    never = Stage(tmp_path, "run-5")
    never.write("events", pd.DataFrame(columns=["event_date", "entity", "kind", "description", "doc_id", "snippet"]))
    assert not steps.unchanged_tables(tmp_path, never, ["events"])


@pytest.mark.flow
def test_second_snapshot_run_sends_conditional_requests_parses_nothing_and_publishes_nothing(
    prefect_harness, tmp_path, record_sends
):
    from flows.pipeline import make_client, pipeline

    recorder = record_sends(make_client("snapshot"))
    data = tmp_path / "data"

    first = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert first["status"] == "ok" and first["docs_new"] == first["docs_seen"] > 0
    assert recorder.conditional() == []
    state = load_validators(data / "state" / steps.VALIDATORS_FILE)
    assert len(state) == first["docs_seen"]
    tables = data / "tables"
    mtimes = {t: (tables / f"{t}.parquet").stat().st_mtime_ns for t in TABLES}
    kept = {t: len(vintages(data, t)) for t in TABLES}
    recorder.calls.clear()

    second = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    conditional = recorder.conditional()
    assert len(conditional) == first["docs_seen"]
    assert [c[2] for c in conditional] == [304] * first["docs_seen"]
    assert second["docs_not_modified"] == first["docs_seen"]
    assert second["docs_new"] == 0 and second["docs_unchanged"] == first["docs_seen"]
    assert "nothing changed" in second["message"]
    assert {t: (tables / f"{t}.parquet").stat().st_mtime_ns for t in TABLES} == mtimes
    assert {t: len(vintages(data, t)) for t in TABLES} == kept
    runs = pd.read_parquet(tables / "runs.parquet")
    assert list(runs.run_id) == [first["run_id"], second["run_id"]]
    assert runs.iloc[1].docs_new == 0 and runs.iloc[1].facts_written == 0
    assert not list(Path(tables / ".staging").glob("*/*.parquet"))


def test_nothing_new_stops_before_parsing_or_assembling(prefect_harness, tmp_path, monkeypatch):
    from flows import inputs
    from flows import pipeline as pipeline_module

    data = tmp_path / "data"
    first = pipeline_module.pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    record = inputs.load(data)
    assert record is not None and record.run_id == first["run_id"] and len(record.parsers) == first["docs_seen"]

    def refuse(*args, **kwargs):
        raise AssertionError("a run with nothing new assembled or parsed")

    monkeypatch.setattr(pipeline_module.steps, "assemble_facts", refuse)
    monkeypatch.setattr(pipeline_module.steps, "parse_stored", refuse)
    monkeypatch.setattr(pipeline_module.steps, "parse_batch", refuse)
    monkeypatch.setattr(pipeline_module.steps, "split_cached", refuse)
    second = pipeline_module.pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert second["status"] == "ok" and second["docs_new"] == 0
    assert second["docs_unchanged"] == first["docs_seen"]
    assert second["facts_written"] == first["facts_written"] and second["held"] == first["held"]
    assert inputs.load(data).run_id == first["run_id"]  # the record still names the run that published


def test_a_deleted_table_is_published_again_though_nothing_else_changed(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    data = tmp_path / "data"
    first = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    facts = data / "tables" / "facts.parquet"
    before = pd.read_parquet(facts)
    facts.unlink()
    second = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert second["docs_new"] == 0 and "nothing changed" not in second["message"]
    assert facts.is_file() and len(pd.read_parquet(facts)) == len(before) == first["facts_written"]


def test_changed_code_or_parser_takes_the_full_path_and_finds_tables_unchanged(prefect_harness, tmp_path, monkeypatch):
    from flows import inputs
    from flows.pipeline import pipeline

    data = tmp_path / "data"
    first = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    mtime = (data / "tables" / "facts.parquet").stat().st_mtime_ns
    monkeypatch.setattr(inputs, "code_digest", lambda: "edited code")
    second = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert second["docs_new"] == 0 and second["docs_unchanged"] == first["docs_seen"]
    assert "nothing changed" in second["message"]
    assert (data / "tables" / "facts.parquet").stat().st_mtime_ns == mtime
    assert inputs.load(data).run_id == second["run_id"]  # the unchanged tables now carry this run's inputs


def test_a_document_parsed_again_after_its_cache_is_lost_republishes_nothing_wrong(prefect_harness, tmp_path):
    import shutil

    from flows import inputs
    from flows.pipeline import pipeline
    from warehouse.publish import read_table

    data = tmp_path / "data"
    first = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    before = read_table(data, "facts").sort_values("fact_id").reset_index(drop=True)
    shutil.rmtree(data / "cache")
    inputs.forget(data)
    second = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert second["docs_new"] == first["docs_seen"]
    after = read_table(data, "facts").sort_values("fact_id").reset_index(drop=True)
    assert list(after.fact_id) == list(before.fact_id) and list(after.value) == list(before.value)


def test_a_damaged_record_means_a_full_run(tmp_path):
    from flows import inputs

    path = inputs.state_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert inputs.load(tmp_path) is None
    path.write_text('{"format": 1, "run_id": "r", "unknown": 2}', encoding="utf-8")
    assert inputs.load(tmp_path) is None
    for parsers in ('{"abc": 7}', '{"abc": ["nbs", "1"]}', '[]'):
        path.write_text(f'{{"format": 1, "run_id": "r", "key": "k", "parsers": {parsers}}}', encoding="utf-8")
        assert inputs.load(tmp_path) is None, parsers
    path.write_text('{"format": 1, "run_id": "r", "key": "k", "parsers": {"abc": ["nbs", "1", "parsed"]}}',
                    encoding="utf-8")
    assert inputs.load(tmp_path).parsers == {"abc": ["nbs", "1", "parsed"]}
    assert steps.matches_published(None, [], "snapshot", tmp_path, ["facts"]) is False


def _doc(doc_id: str, size: int):
    from datetime import UTC, datetime

    from warehouse.assemble import FetchedDoc

    return FetchedDoc(doc_id=doc_id, source="nbs", url=f"https://www.stats.gov.cn/{doc_id}", title=None,
                      published_at=None, fetched_at=datetime.now(UTC), content_type="text/html", byte_size=size,
                      raw_path=f"raw/{doc_id}.html")


def test_parse_batches_hold_every_document_once_and_spread_the_large_ones():
    docs = [_doc(f"d{i:03d}", size) for i, size in enumerate([900, 5, 800, 7, 700, 6, 3, 2, 1, 4])]
    batches = steps.parse_batches(docs, 4)
    assert len(batches) == 3 and all(len(b) <= 4 for b in batches)
    assert sorted(d.doc_id for b in batches for d in b) == sorted(d.doc_id for d in docs)
    assert sorted(max(d.byte_size for d in b) for b in batches) == [700, 800, 900]
    assert steps.parse_batches([], 4) == []


def test_the_key_changes_with_any_document_field_but_not_the_fetch_time():
    from dataclasses import replace
    from datetime import UTC, datetime

    from flows import inputs

    doc = _doc("abc", 10)
    parsers = {"abc": ["nbs", "1", "parsed"]}
    key = inputs.inputs_key([doc], parsers, "snapshot")
    assert inputs.inputs_key([replace(doc, fetched_at=datetime(2020, 1, 1, tzinfo=UTC))], parsers, "snapshot") == key
    assert inputs.inputs_key([replace(doc, title="other")], parsers, "snapshot") != key
    assert inputs.inputs_key([doc], {"abc": ["nbs", "2", "parsed"]}, "snapshot") != key
    assert inputs.inputs_key([doc], parsers, "live") != key
