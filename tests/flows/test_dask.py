"""Scale-out: the task runner choice, picklable task arguments, the raw store on fsspec, a run on Dask."""

from __future__ import annotations

import pickle
import uuid
from datetime import UTC, date, datetime

import fsspec
import pandas as pd
import pytest
from prefect.task_runners import ThreadPoolTaskRunner

from flows import steps
from flows.runners import RunnerError, local_cluster_kwargs, make_task_runner
from sources.discovery import Candidate
from sources.http import Validators
from warehouse.assemble import FetchedDoc
from warehouse.errors import StoreError
from warehouse.parsed import ParsedDoc
from warehouse.store import RawStore


def test_thread_runner_is_the_default_and_capped():
    runner = make_task_runner()
    assert isinstance(runner, ThreadPoolTaskRunner)
    assert runner._max_workers == 4


def test_dask_runner_at_an_address_and_without_one():
    from prefect_dask import DaskTaskRunner

    at = make_task_runner("dask", "tcp://10.0.0.5:8786")
    assert isinstance(at, DaskTaskRunner) and at.address == "tcp://10.0.0.5:8786"
    local = make_task_runner("dask")
    assert isinstance(local, DaskTaskRunner) and local.address is None
    assert local.cluster_kwargs["n_workers"] == 1 and local.cluster_kwargs["threads_per_worker"] == 4


@pytest.mark.parametrize(
    ("name", "address", "message"),
    [("spark", None, "unknown runner"), ("thread", "tcp://h:1", "needs --runner dask"), ("dask", "h:1", "tcp://")],
)
def test_bad_runner_options_are_refused(name, address, message):
    with pytest.raises(RunnerError, match=message):
        make_task_runner(name, address)


def test_local_cluster_is_in_process_without_an_api(monkeypatch):
    monkeypatch.setattr("flows.runners.api_configured", lambda: False)
    assert local_cluster_kwargs(2)["processes"] is False
    monkeypatch.setattr("flows.runners.api_configured", lambda: True)
    assert local_cluster_kwargs(2)["processes"] is True


def test_task_arguments_and_results_pickle():
    when = datetime(2025, 3, 19, 10, 30, tzinfo=UTC)
    doc = FetchedDoc("a" * 64, "nbs", "https://www.stats.gov.cn/x.html", "t", date(2025, 3, 17), when,
                     "text/html", 12, f"raw/aa/{'a' * 64}.html", "utf-8")
    validators = Validators("https://www.stats.gov.cn/x.html", "a" * 64, doc.raw_path, when.isoformat(), 12,
                            etag='"x"')
    values = [
        Candidate(url=doc.url, source="nbs", title="t", published_at=date(2025, 3, 17)),
        doc,
        validators,
        steps.Fetched(doc, validators, not_modified=True),
        ParsedDoc(doc.doc_id, "nbs", "1", "parsed", facts=[{"value": 1.0}]),
    ]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value


def test_raw_store_on_the_memory_filesystem():
    url = f"memory://raw-{uuid.uuid4().hex[:8]}"
    store = RawStore(url)
    assert store.remote
    sha, rel = store.put(b"<html>x</html>", "html")
    assert store.put(b"<html>x</html>", "html") == (sha, rel)
    assert store.find(sha) == rel and store.has(sha)
    assert store.read(rel) == b"<html>x</html>"
    assert fsspec.filesystem("memory").cat_file(f"{url.removeprefix('memory://')}/{rel}") == b"<html>x</html>"
    assert store.url(rel).startswith("memory://")
    with pytest.raises(StoreError, match="not on the local disk"):
        store.path(rel)
    with pytest.raises(StoreError, match="not in the raw store"):
        store.read(f"raw/bb/{'b' * 64}.html")


def test_raw_store_file_url_is_the_local_folder(tmp_path):
    store = RawStore(f"file://{tmp_path}")
    assert not store.remote
    _, rel = store.put(b"x", "txt")
    assert (tmp_path / rel).read_bytes() == b"x"


def test_unknown_fsspec_protocol_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open raw store"):
        RawStore("nosuchprotocol://bucket/raw")


def _comparable(facts: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in facts.columns if c != "extracted_at"]
    return facts[cols].sort_values("fact_id").reset_index(drop=True)


@pytest.mark.flow
def test_dask_cluster_run_with_memory_raw_store_publishes_the_thread_runner_facts(prefect_harness, tmp_path):
    from distributed import LocalCluster

    from flows.pipeline import pipeline

    threads = pipeline(source="snapshot", data_dir=str(tmp_path / "threads"), only=["nbs"])
    raw_url = f"memory://dask-{uuid.uuid4().hex[:8]}"
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        flow = pipeline.with_options(task_runner=make_task_runner("dask", cluster.scheduler_address))
        dask = flow(source="snapshot", data_dir=str(tmp_path / "dask"), only=["nbs"], raw_store=raw_url)
    assert dask["status"] == threads["status"] and dask["docs_seen"] == threads["docs_seen"] > 0
    facts_threads = pd.read_parquet(tmp_path / "threads" / "tables" / "facts.parquet")
    facts_dask = pd.read_parquet(tmp_path / "dask" / "tables" / "facts.parquet")
    assert len(facts_dask) > 0
    pd.testing.assert_frame_equal(_comparable(facts_threads), _comparable(facts_dask))
    docs = pd.read_parquet(tmp_path / "dask" / "tables" / "documents.parquet")
    store = RawStore(raw_url)
    assert all(store.find(d) == p for d, p in zip(docs.doc_id, docs.raw_path, strict=True))
    assert not (tmp_path / "dask" / "raw").exists()


def test_cli_refuses_an_address_for_the_thread_runner(tmp_path, capsys):
    from flows.cli import main

    code = main(["run", "--runner", "thread", "--address", "tcp://127.0.0.1:8786", "--data-dir", str(tmp_path)])
    assert code == 2
    assert "--address needs --runner dask" in capsys.readouterr().err
    assert not (tmp_path / "tables").exists()


@pytest.mark.flow
def test_tables_on_an_fsspec_url_carry_the_warehouse_from_one_data_dir_to_another(prefect_harness, tmp_path):
    from flows.pipeline import pipeline
    from warehouse.publish import read_table
    from warehouse.remote import read_remote_table

    url = f"memory://tables-{uuid.uuid4().hex[:8]}"
    first = pipeline(source="snapshot", data_dir=str(tmp_path / "a"), only=["nbs"], tables_url=url)
    assert first["status"] == "ok"
    shared = read_remote_table(url, "facts")
    assert len(shared) > 0
    pd.testing.assert_frame_equal(_comparable(shared), _comparable(read_table(tmp_path / "a", "facts")))
    assert list(read_remote_table(url, "runs").run_id) == [first["run_id"]]

    # A second machine with an empty data dir continues from the shared tables and shares its own run.
    second = pipeline(source="snapshot", data_dir=str(tmp_path / "b"), only=["articles"], tables_url=url)
    assert second["status"] in ("ok", "partial") and second["docs_new"] > 0
    facts = read_remote_table(url, "facts")
    assert set(shared.doc_id) < set(facts.doc_id)  # the nbs facts are kept, the articles' added
    assert list(read_remote_table(url, "runs").run_id) == [first["run_id"], second["run_id"]]
    pd.testing.assert_frame_equal(_comparable(facts), _comparable(read_table(tmp_path / "b", "facts")))


def test_an_unknown_tables_url_fails_the_run_with_one_line(tmp_path, capsys):
    from flows.cli import main

    code = main(["run", "--data-dir", str(tmp_path), "--tables-url", "nosuchproto://x/y"])
    assert code == 1
    err = capsys.readouterr()
    line = [ln for ln in (err.out + err.err).splitlines() if "nosuchproto" in ln]
    assert line and "Traceback" not in err.err
