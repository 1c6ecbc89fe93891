"""What makes a run rebuild: declared code and parser versions and the installed libraries, never source bytes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows import inputs

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("sources", "transforms", "warehouse", "flows")


@pytest.fixture
def fresh_digests():
    """Forget the process's remembered digests before and after a test that changes what they read."""
    inputs.code_digest.cache_clear()
    inputs.parsing_stamp.cache_clear()
    yield
    inputs.code_digest.cache_clear()
    inputs.parsing_stamp.cache_clear()


def _upgrade(monkeypatch, name: str, to: str) -> None:
    real = inputs.version
    monkeypatch.setattr(inputs, "version", lambda dist: to if dist == name else real(dist))
    inputs.code_digest.cache_clear()
    inputs.parsing_stamp.cache_clear()


def _digest_in(tree: Path) -> str:
    out = subprocess.run([sys.executable, "-c", "from flows.inputs import code_digest; print(code_digest())"],
                         cwd=tree, capture_output=True, text=True, check=True, timeout=300)
    return out.stdout.strip().splitlines()[-1]


def test_a_comment_edit_in_the_code_changes_nothing(tmp_path, fresh_digests):
    tree = tmp_path / "tree"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
    for module in ("transforms/parse/claims.py", "warehouse/assemble.py", "flows/pipeline.py"):
        path = tree / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# a note that changes no output\n", encoding="utf-8")
    assert _digest_in(tree) == inputs.code_digest()


def test_a_declared_code_version_or_parser_version_changes_the_digest(monkeypatch, fresh_digests):
    from transforms.parse import Parser, parsers

    before = inputs.code_digest()
    monkeypatch.setattr(inputs, "CODE_VERSION", inputs.CODE_VERSION + ".1")
    inputs.code_digest.cache_clear()
    bumped = inputs.code_digest()
    assert bumped != before
    monkeypatch.undo()
    kind, parser = next(iter(parsers().items()))
    monkeypatch.setitem(parsers(), kind, Parser(kind, parser.version + "-next", parser.sniff, parser.parse))
    inputs.code_digest.cache_clear()
    assert inputs.code_digest() not in (before, bumped)


@pytest.mark.parametrize("library", ["lxml", "pypdf", "beautifulsoup4", "pyyaml", "pandas"])
def test_a_library_upgrade_changes_the_digest(monkeypatch, fresh_digests, library):
    before = inputs.code_digest()
    _upgrade(monkeypatch, library, "99.0")
    assert inputs.code_digest() != before


def test_a_parsing_library_upgrade_empties_the_parse_cache(monkeypatch, tmp_path, fresh_digests):
    from warehouse.parsed import ParsedDoc, read_parsed, write_parsed

    assert inputs.drop_stale_parse_cache(tmp_path) is False  # a new data dir: nothing to drop
    write_parsed(tmp_path, ParsedDoc("ab12", "nbs", "1", "parsed"))
    assert inputs.drop_stale_parse_cache(tmp_path) is False
    assert read_parsed(tmp_path, "ab12") is not None
    _upgrade(monkeypatch, "pandas", "99.0")  # builds tables, parses nothing: the cache stands
    assert inputs.drop_stale_parse_cache(tmp_path) is False
    _upgrade(monkeypatch, "lxml", "99.0")
    assert inputs.drop_stale_parse_cache(tmp_path) is True
    assert read_parsed(tmp_path, "ab12") is None


def test_a_library_upgrade_parses_again_and_then_stops_early(prefect_harness, tmp_path, monkeypatch, fresh_digests):
    from flows.pipeline import pipeline

    data = tmp_path / "data"
    first = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert first["status"] == "ok" and first["docs_new"] == first["docs_seen"] > 0
    _upgrade(monkeypatch, "lxml", "99.0")
    upgraded = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert upgraded["docs_new"] == first["docs_seen"]  # every document parsed again with the new library
    assert upgraded["status"] == "ok" and upgraded["facts_written"] == first["facts_written"]
    assert inputs.load(data).run_id == upgraded["run_id"]  # the tables rebuilt with it were published
    again = pipeline(source="snapshot", data_dir=str(data), only=["nbs"])
    assert again["docs_new"] == 0 and again["docs_unchanged"] == first["docs_seen"]
    assert inputs.load(data).run_id == upgraded["run_id"]  # stopped before assembling: the record stands
