"""`serve`: refuses to start without a long-running server; with one, a scheduled run executes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from flows.deployments import NBS_CRON, SCHEDULES, Schedule, build_deployments

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 180.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",
        **extra,
    )
    return env


def _stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    out = proc.stdout.read() if proc.stdout else ""
    return out[-3000:]


def test_deployments_cover_each_cadence_with_one_run_at_a_time(tmp_path):
    deployments = build_deployments(tmp_path, "live")
    by_name = {d.name: d for d in deployments}
    assert set(by_name) == {"results", "industry-articles", "nbs-retail"}
    for d in deployments:
        assert d.concurrency_limit == 1
        assert d.parameters["data_dir"] == str(tmp_path)
    crons = [s.schedule.cron for s in by_name["nbs-retail"].schedules]
    assert crons == [NBS_CRON]
    assert len(by_name["results"].schedules) == 2
    assert by_name["industry-articles"].parameters["only"] == ["articles"]
    assert [s.name for s in SCHEDULES] == ["results", "industry-articles", "nbs-retail"]


def test_serve_without_a_server_explains_what_to_do(tmp_path):
    env = _env(tmp_path / "home")
    proc = subprocess.run(
        [sys.executable, "-m", "flows", "serve", "--data-dir", str(tmp_path / "data")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "PREFECT_API_URL" in proc.stderr and "prefect server start" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_serve_with_an_unreachable_server_says_so(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/api"
    env = _env(tmp_path / "home", PREFECT_API_URL=url)
    proc = subprocess.run(
        [sys.executable, "-m", "flows", "serve", "--data-dir", str(tmp_path / "data")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert f"the Prefect server at {url} does not answer" in proc.stderr
    assert "Traceback" not in proc.stderr


SERVE_SCRIPT = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, UTC
    from pathlib import Path
    from flows.deployments import Schedule, serve_all

    # Every 20 s from now: whenever the server schedules the deployment, a run is due within 20 s.
    plan = Schedule("nbs-now", ("nbs",), (), every=timedelta(seconds=20), anchor=datetime.now(UTC))
    serve_all(Path(sys.argv[1]), "snapshot", plans=(plan,))
    """
)


def _wait_healthy(client: httpx.Client, server: subprocess.Popen, until: float) -> None:
    while time.monotonic() < until:
        if server.poll() is not None:
            pytest.fail(f"prefect server exited: {_stop(server)}")
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail("prefect server did not answer in time")


def _runs_of(client: httpx.Client, deployment: str) -> list[dict]:
    found = client.post("/deployments/filter", json={"deployments": {"name": {"any_": [deployment]}}}).json()
    if not found:
        return []
    body = {"flow_runs": {"deployment_id": {"any_": [found[0]["id"]]}}}
    return client.post("/flow_runs/filter", json=body).json()


@pytest.mark.slow
@pytest.mark.flow
def test_a_scheduled_run_executes_on_a_long_running_server(tmp_path):
    """A deployment served against `prefect server start` runs on its schedule and publishes tables.

    Slow: the server's start (database migrations) alone takes 15-60 s on a busy two-core machine.
    """
    started = time.monotonic()
    until = started + DEADLINE
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "home"
    data = tmp_path / "data"
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path, env=_env(home, PREFECT_SERVER_LOGGING_LEVEL="WARNING"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    runner = None
    try:
        with httpx.Client(base_url=api, timeout=30) as client:
            _wait_healthy(client, server, until)
            runner = subprocess.Popen(
                [sys.executable, "-c", SERVE_SCRIPT, str(data)],
                cwd=ROOT, env=_env(home, PREFECT_API_URL=api, PREFECT_RUNNER_POLL_FREQUENCY="2"),
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            states: list[str] = []
            runs: list[dict] = []
            while time.monotonic() < until:
                if runner.poll() is not None:
                    pytest.fail(f"serve exited: {_stop(runner)}")
                try:
                    runs = _runs_of(client, "nbs-now")
                except httpx.HTTPError:
                    time.sleep(1)
                    continue
                states = [r["state"]["type"] for r in runs if r.get("state")]
                if "COMPLETED" in states or any(s in ("FAILED", "CRASHED") for s in states):
                    break
                time.sleep(1)
            assert "COMPLETED" in states, f"flow run states {states}; serve said: {_stop(runner)}"
            run = next(r for r in runs if r["state"]["type"] == "COMPLETED")
            assert run["parameters"]["only"] == ["nbs"]
            assert datetime.fromisoformat(run["expected_start_time"]) <= datetime.now(UTC) + timedelta(seconds=1)
        assert (data / "tables" / "runs.parquet").is_file()
        assert (data / "tables" / "facts.parquet").is_file()
    finally:
        if runner is not None:
            _stop(runner)
        _stop(server)
    assert time.monotonic() - started < DEADLINE + 30


def test_interval_plan_gives_an_interval_schedule():
    anchor = datetime(2026, 1, 1, tzinfo=UTC)
    plan = Schedule("x", ("nbs",), (), every=timedelta(hours=1), anchor=anchor)
    (sched,) = plan.prefect_schedules()
    assert sched.interval == timedelta(hours=1)
    assert sched.anchor_date == anchor
