"""`serve`: refuses to start without a long-running server; with one, a scheduled run executes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from flows.deployments import NBS_CRON, SCHEDULES, Schedule, build_deployments
from warehouse.publish import read_table

ROOT = Path(__file__).resolve().parents[2]
FLOW_NAME = "tencent-etl"


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


def _fire_times(cron: str, timezone: str, year: int) -> list[datetime]:
    """When the server's scheduler would fire this cron in a year (the scheduler's own schedule model)."""
    from prefect.server.schemas.schedules import CronSchedule

    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    dates = asyncio.run(CronSchedule(cron=cron, timezone=timezone).get_dates(n=1000, start=start, end=end))
    return [d.astimezone(UTC) for d in dates]


def _days(year: int) -> list[date]:
    """Every day of a year."""
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def test_deployments_carry_the_shared_stores_when_given(tmp_path):
    stores = {"raw_store": "memory://raw", "tables_url": "s3://bucket/etl", "other": "x"}
    for deployment in build_deployments(tmp_path, "live", stores=stores):
        assert deployment.parameters["raw_store"] == "memory://raw"
        assert deployment.parameters["tables_url"] == "s3://bucket/etl"
        assert "other" not in deployment.parameters
    unset = build_deployments(tmp_path, "live", stores={"raw_store": None, "tables_url": ""})
    assert all("raw_store" not in d.parameters and "tables_url" not in d.parameters for d in unset)


def test_deployments_cover_each_cadence_with_one_run_at_a_time(tmp_path):
    deployments = build_deployments(tmp_path, "live")
    assert [d.name for d in deployments] == ["results", "industry-articles", "nbs-retail"]
    assert [s.name for s in SCHEDULES] == ["results", "industry-articles", "nbs-retail"]
    fires: dict[str, list[datetime]] = {}
    for deployment, plan in zip(deployments, SCHEDULES, strict=True):
        assert deployment.concurrency_limit == 1
        assert deployment.parameters == {"source": "live", "data_dir": str(tmp_path), "only": list(plan.sources)}
        crons = [(s.schedule.cron, s.schedule.timezone) for s in deployment.schedules]
        assert crons == [(c, "UTC") for c in plan.crons]
        fires[deployment.name] = sorted(t for c, tz in crons for t in _fire_times(c, tz, 2026))
    assert SCHEDULES[2].crons == (NBS_CRON,)
    assert SCHEDULES[1].sources == ("articles",)

    results_months = {3, 5, 8, 11}
    results = fires["results"]
    assert {(t.hour, t.minute) for t in results} == {(10, 30)}  # 18:30 in Hong Kong, after the close
    assert {t.date() for t in results if t.month in results_months} == {
        d for d in _days(2026) if d.month in results_months
    }
    assert {t.date() for t in results if t.month not in results_months} == {
        d for d in _days(2026) if d.month not in results_months and d.weekday() == 0
    }
    articles = fires["industry-articles"]
    assert [t.date() for t in articles] == _days(2026) and {(t.hour, t.minute) for t in articles} == {(1, 0)}
    assert [(t.month, t.day, t.hour, t.minute) for t in fires["nbs-retail"]] == [(m, 18, 3, 0) for m in range(1, 13)]


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
    import time
    from datetime import datetime, timedelta
    from pathlib import Path

    from flows.settings import quiet_prefect_env

    quiet_prefect_env()
    import httpx

    import flows.pipeline  # noqa: F401  (imported while the server migrates its database)
    from flows.deployments import Schedule, serve_all

    data, api, anchor, every = sys.argv[1:5]
    print(f"{datetime.now():%H:%M:%S.%f} flow imported; waiting for the server", flush=True)
    while True:
        try:
            if httpx.get(api + "/health", timeout=10).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    print(f"{datetime.now():%H:%M:%S.%f} server answered; serving", flush=True)
    plan = Schedule("nbs-now", ("nbs",), (), every=timedelta(seconds=float(every)),
                    anchor=datetime.fromisoformat(anchor))
    serve_all(Path(data), "snapshot", plans=(plan,))
    """
)
SERVER_START_TIMEOUT = 300.0
RUN_TIMEOUT = 300.0
EVERY = 10
TEST_SERVER_ENV = {
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    # The scheduler visits a just-registered deployment within a second and queues one run at a time
    # (by default up to 100, which for a 10 s interval only adds database work and runs nobody waits for).
    "PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS": "1",
    "PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS": "1",
    "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS": "1",
}


def _tail(path: Path, chars: int = 3000) -> str:
    """The end of a process's log, for failure messages."""
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError as exc:
        return f"(no log: {exc})"


def _start(args: list[str], log: Path, cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    """A process in its own process group writing to a log file (a pipe nobody reads can fill and block it)."""
    with log.open("w") as out:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop_group(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """SIGTERM to the process group, SIGKILL to whatever is left of it after the grace period."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left of the group (the leader or the flow-run processes it started) goes now.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


class _Stack:
    """The processes one test started: every process group is stopped at the end, runner first."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def add(self, proc: subprocess.Popen) -> subprocess.Popen:
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        _stop_group(proc)
        if proc in self.procs:
            self.procs.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            _stop_group(proc)
        self.procs.clear()


@pytest.fixture
def procs():
    stack = _Stack()
    try:
        yield stack
    finally:
        stack.stop_all()


def _healthy(client: httpx.Client) -> bool:
    """Whether the server answers its health check."""
    try:
        return client.get("/health").status_code == 200
    except httpx.HTTPError:
        return False


def _wait_healthy(api: str, server: subprocess.Popen) -> bool:
    """True once the server answers; False when it exits or the start-up timeout passes."""
    until = time.monotonic() + SERVER_START_TIMEOUT
    with httpx.Client(base_url=api, timeout=10) as client:
        while time.monotonic() < until and server.poll() is None:
            if _healthy(client):
                return True
            time.sleep(0.5)
    return False


def _start_server_and_runner(procs: _Stack, tmp_path: Path, anchor: datetime) -> tuple[str, subprocess.Popen, Path]:
    """Start `prefect server start` on a free port and the serving process beside it; retry on a port clash."""
    home = tmp_path / "home"
    for attempt in range(3):
        port = _free_port()
        api = f"http://127.0.0.1:{port}/api"
        server_log = tmp_path / f"server-{attempt}.log"
        runner_log = tmp_path / f"serve-{attempt}.log"
        server = procs.add(_start(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            server_log, tmp_path, _env(home, **TEST_SERVER_ENV),
        ))
        # The serving process imports the flow while the server migrates its database, then waits for it.
        runner = procs.add(_start(
            [sys.executable, "-c", SERVE_SCRIPT, str(tmp_path / "data"), api, anchor.isoformat(), str(EVERY)],
            runner_log, ROOT, _env(home, PREFECT_API_URL=api, PREFECT_RUNNER_POLL_FREQUENCY="1"),
        ))
        if _wait_healthy(api, server):
            return api, runner, runner_log
        procs.stop(runner)
        procs.stop(server)
        log = _tail(server_log)
        if "already in use" not in log:
            waited = "exited" if server.returncode is not None else f"did not answer within {SERVER_START_TIMEOUT:.0f} s"
            pytest.fail(f"prefect server start on port {port} {waited}; its log ends:\n{log}")
    pytest.fail("prefect server start found its port taken three times")


def _get(client: httpx.Client, method: str, path: str, **kwargs) -> object:
    """The JSON answer of one API call; httpx.HTTPError when it fails."""
    response = client.request(method, path, **kwargs)
    response.raise_for_status()
    return response.json()


def _runs_of(client: httpx.Client, deployment_id: str) -> list[dict]:
    """The flow runs of a deployment, earliest due first."""
    body = {"flow_runs": {"deployment_id": {"any_": [deployment_id]}}, "sort": "EXPECTED_START_TIME_ASC"}
    return _get(client, "POST", "/flow_runs/filter", json=body)


def _wait_for_completed_run(client: httpx.Client, runner: subprocess.Popen, runner_log: Path) -> tuple[dict, dict]:
    """The served deployment and its first run to complete; fails on a failed run, a dead runner or the timeout."""
    until = time.monotonic() + RUN_TIMEOUT
    deployment: dict | None = None
    runs: list[dict] = []
    while time.monotonic() < until:
        if runner.poll() is not None:
            pytest.fail(f"serve exited with {runner.returncode}; it said:\n{_tail(runner_log)}")
        try:
            if deployment is None:
                deployment = _get(client, "GET", f"/deployments/name/{FLOW_NAME}/nbs-now")
            runs = _runs_of(client, deployment["id"])
        except httpx.HTTPError:
            time.sleep(1)
            continue
        bad = [r for r in runs if r["state"] and r["state"]["type"] in ("FAILED", "CRASHED", "CANCELLED")]
        if bad:
            pytest.fail(f"scheduled run ended {bad[0]['state']['type']}; serve said:\n{_tail(runner_log)}")
        done = [r for r in runs if r["state"] and r["state"]["type"] == "COMPLETED"]
        if done:
            return deployment, done[0]
        time.sleep(1)
    states = [(r["state"] or {}).get("name") for r in runs]
    found = "not registered" if deployment is None else f"runs {states}"
    pytest.fail(f"no scheduled run completed within {RUN_TIMEOUT:.0f} s ({found}); serve said:\n{_tail(runner_log)}")


@pytest.mark.flow
def test_a_scheduled_run_executes_on_a_long_running_server(tmp_path, procs):
    """`prefect server start` schedules a served deployment's run; the runner executes the pipeline flow.

    Nothing here creates a flow run: the server's scheduler makes it from the deployment's interval schedule.
    Slow: the server's start (database migrations, about 24 s of CPU) takes over a minute on a busy two-core host.
    """
    started = time.monotonic()
    anchor = datetime.now(UTC).replace(microsecond=0)
    api, runner, runner_log = _start_server_and_runner(procs, tmp_path, anchor)
    healthy = time.monotonic() - started
    with httpx.Client(base_url=api, timeout=30) as client:
        deployment, run = _wait_for_completed_run(client, runner, runner_log)
        print(f"server answered after {healthy:.0f} s, scheduled run completed after {time.monotonic() - started:.0f} s "
              f"(created {run['created']}, due {run['expected_start_time']}, ran {run['start_time']} to {run['end_time']})")
        procs.stop(runner)  # no second run writes to the data dir while it is read below
        assert run["auto_scheduled"] is True
        assert run["idempotency_key"].startswith(f"scheduled {deployment['id']} ")
        assert run["created_by"]["type"] == "SCHEDULE"
        offset = (datetime.fromisoformat(run["expected_start_time"]) - anchor).total_seconds()
        assert offset >= 0 and offset % EVERY == pytest.approx(0, abs=1e-3)
        assert run["parameters"]["only"] == ["nbs"]
        assert run["parameters"]["source"] == "snapshot"
        assert _get(client, "GET", f"/flows/{run['flow_id']}")["name"] == FLOW_NAME
        assert deployment["global_concurrency_limit"]["limit"] == 1

    runs_table = read_table(tmp_path / "data", "runs")
    mine = runs_table[runs_table["flow_run_id"] == run["id"]]
    assert len(mine) == 1 and mine["status"].iloc[0] == "ok"
    assert read_table(tmp_path / "data", "facts")["entity"].size > 0


def test_interval_plan_gives_an_interval_schedule():
    anchor = datetime(2026, 1, 1, tzinfo=UTC)
    plan = Schedule("x", ("nbs",), (), every=timedelta(hours=1), anchor=anchor)
    (sched,) = plan.prefect_schedules()
    assert sched.interval == timedelta(hours=1)
    assert sched.anchor_date == anchor


def test_serve_says_what_it_serves():
    from flows.deployments import describe

    lines = describe("http://127.0.0.1:4200/api", Path("/srv/etl"), "live", SCHEDULES, {"tables_url": "s3://b/etl"})
    assert lines[0] == ("serving tencent-etl on the Prefect server at http://127.0.0.1:4200/api: source live, "
                        "data dir /srv/etl, tables url s3://b/etl")
    assert len(lines) == 1 + len(SCHEDULES)
    for line, plan in zip(lines[1:], SCHEDULES, strict=True):
        assert line.startswith(f"  deployment tencent-etl/{plan.name}: sources {', '.join(plan.sources)}; ")
        assert all(f"cron '{c}' (UTC)" in line for c in plan.crons)
    every = Schedule("x", ("nbs",), (), every=timedelta(minutes=5))
    assert describe("u", Path("/d"), "snapshot", [every])[1] == "  deployment tencent-etl/x: sources nbs; every 0:05:00"


def _refusing_probe(adapter):
    from sources.http import HttpClient

    return HttpClient("live", adapter=adapter, allowed_hosts=None, retries=0, rate_per_host=0)


def test_serve_warns_of_each_live_source_it_cannot_reach(refusing_adapter):
    from flows.deployments import reachability_warnings

    warnings = reachability_warnings(SCHEDULES, _refusing_probe(refusing_adapter))
    named = {w.split()[2] for w in warnings}
    assert {"tencent_ir", "hkex", "articles", "nbs"} <= named
    assert all(w.startswith("warning: source ") and "cannot be reached" in w for w in warnings)
    assert len(refusing_adapter.urls) == len(warnings)  # one request per source, no retries


def test_serve_prints_its_deployments_and_warnings_before_serving(tmp_path, refusing_adapter, monkeypatch, capsys):
    import prefect

    from flows import deployments

    served: list = []
    monkeypatch.setattr(deployments, "check_server", lambda: "http://127.0.0.1:4200/api")
    monkeypatch.setattr(prefect, "serve", lambda *d, **kw: served.extend(d))
    deployments.serve_all(tmp_path, "live", probe=_refusing_probe(refusing_adapter))
    out, err = capsys.readouterr()
    assert [d.name for d in served] == [s.name for s in SCHEDULES]
    assert out.splitlines()[0].startswith("serving tencent-etl on the Prefect server at http://127.0.0.1:4200/api")
    assert all(f"deployment tencent-etl/{s.name}" in out for s in SCHEDULES)
    assert "warning: source hkex cannot be reached" in err
    refusing_adapter.urls.clear()
    deployments.serve_all(tmp_path, "snapshot", probe=_refusing_probe(refusing_adapter))
    assert refusing_adapter.urls == [] and "warning" not in capsys.readouterr().err
