"""Bad input: a document that cannot be parsed is quarantined, the run goes on, publishes and exits 3."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

pytestmark = pytest.mark.flow


def test_bad_inbox_file_fails_alone_and_nothing_published_is_lost(snapshot_runs, tmp_path):
    from flows.pipeline import pipeline

    data_dir = tmp_path / "data"
    shutil.copytree(snapshot_runs["tables_first"], data_dir / "tables")
    before = pd.read_parquet(data_dir / "tables" / "facts.parquet")
    inbox = data_dir / "inbox"
    inbox.mkdir()
    (inbox / "noise.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (inbox / "empty.html").write_bytes(b"")

    outcome = pipeline(source="inbox", data_dir=str(data_dir))

    assert outcome["exit_code"] == 3
    assert outcome["status"] == "partial"
    docs = pd.read_parquet(data_dir / "tables" / "documents.parquet")
    failed = docs[docs.status == "failed"]
    assert len(failed) >= 1
    assert failed.error.notna().all() and all("\n" not in e for e in failed.error)
    from_inbox = docs.url.fillna("").str.startswith("inbox:")
    assert (docs[from_inbox].origin == "inbox").all() and from_inbox.any()
    assert (docs[~from_inbox].origin == "reconstructed").all()
    after = pd.read_parquet(data_dir / "tables" / "facts.parquet")
    assert set(before.fact_id) <= set(after.fact_id)


def test_inbox_names_that_are_not_utf8_are_read_under_safe_names(prefect_harness, tmp_path):
    import os
    from pathlib import Path

    from flows.pipeline import pipeline

    data_dir = tmp_path / "data"
    inbox = data_dir / "inbox"
    inbox.mkdir(parents=True)
    page = (Path(__file__).parents[1] / "cases" / "sources" / "page_with_noscript_notice.html").read_text("utf-8")
    for raw, text in ((b"\xcc\xda\xd1\xb6_notes.html", page), (b"scan-\xff.txt", "Tencent total revenues rose.")):
        with open(os.path.join(os.fsencode(inbox), raw), "wb") as handle:
            handle.write(text.encode("utf-8"))

    outcome = pipeline(source="inbox", data_dir=str(data_dir))

    assert outcome["exit_code"] in (0, 3)
    docs = pd.read_parquet(data_dir / "tables" / "documents.parquet")
    assert set(docs.url) == {"inbox:腾讯_notes.html", "inbox:scan-%FF.txt"}
    assert (docs.set_index("url").loc["inbox:腾讯_notes.html", "status"]) == "parsed"
