"""Settings that cannot work are one line before Prefect starts; the temporary Prefect server dies with its run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Far below the temporary Prefect server's start-up: an answer this fast was given before Prefect started.
BEFORE_PREFECT_SECONDS = 30


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "TENCENT_ETL_"))}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", **extra)
    return env


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=BEFORE_PREFECT_SECONDS)


def _one_line(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("tencent-etl "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_data_dir_setting_that_names_a_file_is_one_line(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder\n")
    _one_line(_cli(["run"], _env(TENCENT_ETL_DATA_DIR=str(afile))), str(afile), "is a file", "TENCENT_ETL_DATA_DIR")
    assert afile.read_text() == "not a folder\n"


def test_a_since_that_is_no_period_is_one_line(tmp_path):
    _one_line(_cli(["run", "--data-dir", str(tmp_path / "d"), "--since", "20X9Q7"], _env()), "--since", "20X9Q7")


def test_an_unwritable_home_is_one_line(tmp_path):
    afile = tmp_path / "home"
    afile.write_text("")
    env = _env(HOME=str(afile / "user"))
    env.pop("PREFECT_HOME", None)
    _one_line(_cli(["run", "--data-dir", str(tmp_path / "d")], env), "Prefect's home", "PREFECT_HOME")


def test_a_prefect_api_nobody_answers_is_one_line(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/api"
    _one_line(_cli(["run", "--data-dir", str(tmp_path / "d")], _env(PREFECT_API_URL=url)), url, "no Prefect server")


@pytest.mark.parametrize("command", [["query", "SELECT 1"], ["report"]])
def test_an_as_of_past_the_calendar_is_one_line(tmp_path, command):
    _one_line(_cli([*command, "--data-dir", str(tmp_path), "--as-of", "9999-12-31"], _env()), "--as-of", "9999-12-31")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.flow
def test_killing_the_cli_leaves_no_temporary_prefect_server(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "flows", "run", "--data-dir", str(tmp_path / "d")], cwd=ROOT,
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    deadline = time.monotonic() + 180
    try:
        while server is None and time.monotonic() < deadline and proc.poll() is None:
            server = next((c for c in _children(proc.pid) if "flows.tempserver" in _cmdline(c)), None)
            time.sleep(0.1)
        assert server is not None, "no temporary server was started"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        gone = time.monotonic() + 30
        while _alive(server) and time.monotonic() < gone:
            time.sleep(0.1)
        assert not _alive(server), "the temporary Prefect server outlived the killed run"
    finally:
        with suppress(ProcessLookupError):
            proc.kill()
        if server is not None and _alive(server):
            os.kill(server, signal.SIGKILL)
