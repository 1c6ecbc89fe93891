"""The atomic writer and the one-line message helper shared by every package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from common import MESSAGE_MAX, one_line, replacing, temp_beside, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def test_text_and_bytes_replace_the_file_and_leave_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    assert write_atomic(target, "新 text") == target
    assert target.read_text(encoding="utf-8") == "新 text"
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert _leftovers(tmp_path) == []


def test_a_failing_write_keeps_the_old_file_and_removes_the_temp(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_a_failing_replace_re_raises_and_removes_the_named_temp(tmp_path: Path) -> None:
    target = tmp_path / "folder"
    target.mkdir()
    (target / "inside").write_text("kept", encoding="utf-8")
    temp = tmp_path / ".folder.tmp-restore"
    with pytest.raises(OSError):
        write_atomic(target, "text", temp)
    assert (target / "inside").read_text(encoding="utf-8") == "kept"
    assert not temp.exists()


def test_an_unencodable_text_fails_before_any_temp_exists(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "\ud800")
    assert list(tmp_path.iterdir()) == []


def test_the_temp_name_is_hidden_beside_the_target_and_matches_the_cleanup_globs(tmp_path: Path) -> None:
    temp = temp_beside(tmp_path / "warehouse.duckdb")
    assert temp.parent == tmp_path
    assert temp.match(".warehouse.duckdb.tmp-*") and temp.name.startswith(f".warehouse.duckdb.tmp-{os.getpid()}-")
    assert temp != temp_beside(tmp_path / "warehouse.duckdb")


def test_one_line_folds_whitespace_and_bounds_length() -> None:
    assert one_line("a\n  b\tc ") == "a b c"
    assert one_line("   ") == "no detail"
    long = one_line("x " * 400)
    assert len(long) == MESSAGE_MAX and long.endswith("...")
    assert len(one_line("y" * 200, 160)) == 160
    assert one_line("short", 160) == "short"


def test_one_line_of_an_exception_is_its_first_line_or_its_name() -> None:
    assert one_line(ValueError("first  line\nsecond line")) == "first line"
    assert one_line(KeyError()) == "KeyError"
    assert one_line(FileNotFoundError(2, "No such file or directory", "/secret/path")) == "No such file or directory"
    assert one_line(OSError("plain message")) == "plain message"
