"""Real `tencent-etl run` processes killed with SIGKILL at random points, and two runs racing for the lock.

After every kill each table under data/tables/ must be readable and be either the version it had before
the run or the version that run published (its vintage), and `runs` may only name the killed run when
every table of that run was published. Kills are spread over the whole run and concentrated on the
publish window. The seed is printed; set TENCENT_ETL_CRASH_SEED to replay one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from warehouse.schemas import TABLES

pytestmark = pytest.mark.flow
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "sources" / "snapshot"
HERE = Path(__file__).resolve().parent
CONSOLE = Path(sys.executable).parent / "tencent-etl"
BASE_DOCS = ("prnewswire/prnewswire_2024Q4_results_en.html", "hkex/hkex_2024Q1_results_en.pdf")
GROWING_DOC = "prnewswire/prnewswire_2023Q4_results_en.html"
FAST_KILLS = 20
SLOW_KILLS = 20


@pytest.fixture(scope="module")
def child_env():
    """Environment of the runs: one temporary Prefect API for the module, telemetry off."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield dict(
            os.environ,
            PREFECT_API_URL=PREFECT_API_URL.value(),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]),
        )


class Forker:
    """The run_forker helper process: forks `tencent-etl run` children that skip the import time."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "run_forker.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert "ready" in self._reply()

    def _reply(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the forker died"
        return json.loads(line)

    def _ask(self, request: dict) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def start(self, argv: list[str], log: Path) -> int:
        """Fork a child running `tencent-etl <argv>`; its pid."""
        return int(self._ask({"op": "run", "argv": argv, "log": str(log)})["pid"])

    def wait(self, pid: int) -> int:
        """Reap a child; its exit code (-9 when killed)."""
        return int(self._ask({"op": "wait", "pid": pid})["code"])

    def close(self) -> None:
        """Stop the forker."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def forker(child_env):
    """One forker for the module."""
    f = Forker(child_env)
    yield f
    f.close()


def _inbox(data_dir: Path) -> Path:
    inbox = data_dir / "inbox"
    inbox.mkdir(parents=True)
    for rel in BASE_DOCS:
        shutil.copyfile(SNAPSHOT / rel, inbox / Path(rel).name)
    return inbox


def _grow(inbox: Path, i: int) -> None:
    """A new copy of one release each round (new bytes, so new document and fact rows)."""
    data = (SNAPSHOT / GROWING_DOC).read_bytes() + f"\n<!-- copy {i} -->\n".encode()
    (inbox / "growing_copy.html").write_bytes(data)


def _vintage_files(tables: Path) -> set[Path]:
    return {*tables.glob("_vintages/*/*.parquet"), *tables.glob("_vintages/*/.*.tmp")}


@dataclass
class Before:
    """What the tables were before a run started."""

    files: dict[str, bytes]
    vintages: set[Path]
    runs: set[str]
    staging: set[str]
    inodes: dict[str, int]

    @classmethod
    def of(cls, data_dir: Path) -> Before:
        """Record the published state of a data dir."""
        tables = data_dir / "tables"
        files = {p.name: p.read_bytes() for p in tables.glob("*.parquet")}
        runs = set(pd.read_parquet(tables / "runs.parquet")["run_id"]) if "runs.parquet" in files else set()
        staging = {p.name for p in (tables / ".staging").glob("*")}
        inodes = {t: _inode(tables / f"{t}.parquet") for t in TABLES}
        return cls(files, _vintage_files(tables), runs, staging, inodes)


def _duck_count(path: Path) -> int:
    con = duckdb.connect()
    try:
        return int(con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0])
    finally:
        con.close()


def verify(data_dir: Path, before: Before, why: str) -> str:
    """Assert the tables are each old or new and `runs` only names a fully published run; which it was."""
    tables = data_dir / "tables"
    names = {p.name for p in tables.glob("*.parquet")}
    assert names <= {f"{t}.parquet" for t in TABLES}, f"{why}: stray files {names}"
    assert set(before.files) <= names, f"{why}: a published table disappeared"
    fresh = _vintage_files(tables) - before.vintages
    state: dict[str, str] = {}
    for name in sorted(names):
        path = tables / name
        data = path.read_bytes()
        table = name.removesuffix(".parquet")
        new = any(v.read_bytes() == data for v in fresh if v.parent.name == table)
        old = before.files.get(name) == data
        assert old or new, f"{why}: {name} is neither the previous version nor the run's"
        state[table] = "new" if new and not old else "old"
        assert pq.read_table(path).num_rows == len(pd.read_parquet(path)) == _duck_count(path), why
    runs = set(pd.read_parquet(tables / "runs.parquet")["run_id"]) if "runs.parquet" in names else set()
    assert before.runs <= runs, f"{why}: a committed run vanished from runs"
    claimed = runs - before.runs
    assert len(claimed) <= 1, f"{why}: runs gained {claimed}"
    if claimed:
        (run_id,) = claimed
        for table in TABLES:
            path = tables / f"{table}.parquet"
            assert path.is_file(), f"{why}: runs names {run_id} but {table} was never published"
            own = [v for v in fresh if v.parent.name == table and run_id in v.name]
            assert any(v.read_bytes() == path.read_bytes() for v in own), (
                f"{why}: runs names {run_id} but {table} is not the version it published"
            )
        return "committed"
    if any(s == "new" for s in state.values()):
        return "mid-publish"
    return "before-publish"


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return 0


def reached(data_dir: Path, before: Before) -> set[str]:
    """Which points of a publish a run has passed: `staging`, `replace` (a table replaced), `runs` (committed)."""
    tables = data_dir / "tables"
    marks: set[str] = set()
    staging = tables / ".staging"
    if staging.is_dir() and any(p.name not in before.staging for p in staging.iterdir()):
        marks.add("staging")
    if any(_inode(tables / f"{t}.parquet") != before.inodes.get(t, 0) for t in TABLES if t != "runs"):
        marks.add("replace")
    if _inode(tables / "runs.parquet") != before.inodes.get("runs", 0):
        marks.add("runs")
    return marks


ANCHORS = ("start", "staging", "replace")


@dataclass
class Timing:
    """When a whole run reaches each point of its publish, in seconds from its start."""

    marks: dict[str, float]
    total: float

    def delay(self, rng: random.Random) -> tuple[str, float]:
        """A random kill point: anywhere in the run, within staging, or between the first table and `runs`."""
        anchor = rng.choices(ANCHORS, weights=(3, 2, 5))[0]
        if anchor == "start":
            return anchor, rng.uniform(0.0, self.total)
        if anchor == "staging":
            return anchor, rng.uniform(0.0, self.marks["replace"] - self.marks["staging"])
        return anchor, rng.uniform(0.0, 1.2 * (self.marks["runs"] - self.marks["replace"]))


@dataclass
class Tally:
    """Where the kills landed."""

    kills: int = 0
    completed: int = 0
    landed: dict[str, int] = field(default_factory=dict)


class ForkedRuns:
    """Runs forked from the forker helper (the CLI's main in a fresh child process)."""

    def __init__(self, forker: Forker) -> None:
        self.starter = forker

    def run(
        self, argv: list[str], log: Path, data_dir: Path, kill: tuple[str, float] | None = None
    ) -> tuple[int, dict[str, float]]:
        """Run once, SIGKILLed `kill[1]` seconds after it reaches point `kill[0]`; exit code and when it got where."""
        before = Before.of(data_dir)
        t0 = time.monotonic()
        pid = self.starter.start(argv, log)
        marks: dict[str, float] = {"start": 0.0}
        while _alive(pid):
            now = time.monotonic() - t0
            for mark in reached(data_dir, before) - set(marks):
                marks[mark] = now
            if kill is not None and kill[0] in marks and now - marks[kill[0]] >= kill[1]:
                with suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                break
            time.sleep(0.002)
        marks["end"] = time.monotonic() - t0
        return self.starter.wait(pid), marks


def _alive(pid: int) -> bool:
    """Whether a child still runs (a zombie waiting to be reaped counts as finished)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class ConsoleStarter:
    """Starts the installed console script, each run a fresh interpreter in its own session."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.procs: dict[int, subprocess.Popen] = {}

    def start(self, argv: list[str], log: Path) -> int:
        """Start `tencent-etl <argv>`; its pid."""
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [str(CONSOLE), *argv], stdout=out, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
            )
        self.procs[proc.pid] = proc
        return proc.pid

    def wait(self, pid: int) -> int:
        """Reap one; its exit code."""
        return self.procs.pop(pid).wait(timeout=300)


def crash_loop(runner: ForkedRuns, data_dir: Path, kills: int, seed: int) -> Tally:
    """Kill runs at random points until `kills` of them died mid-way; verify after each; then one completes."""
    rng = random.Random(seed)
    inbox = _inbox(data_dir)
    argv = ["run", "--source", "inbox", "--data-dir", str(data_dir)]
    _grow(inbox, 0)
    code, marks = runner.run(argv, data_dir / "calibrate.log", data_dir)
    assert code == 0 and {"staging", "replace", "runs"} <= set(marks), (data_dir / "calibrate.log").read_text()
    timing = Timing(marks, marks["end"])
    tally = Tally()
    rounds = 0
    while tally.kills < kills:
        rounds += 1
        assert rounds <= kills * 3, f"seed {seed}: runs keep finishing before their kill point"
        _grow(inbox, rounds)
        before = Before.of(data_dir)
        when = timing.delay(rng)
        why = f"seed {seed}, round {rounds}, kill at {when[0]}+{when[1]:.3f}s"
        code, _ = runner.run(argv, data_dir / f"round{rounds}.log", data_dir, kill=when)
        landed = verify(data_dir, before, why)
        if code == -signal.SIGKILL:
            tally.kills += 1
            tally.landed[landed] = tally.landed.get(landed, 0) + 1
        else:
            assert code == 0 and landed == "committed", why
            tally.completed += 1
    _grow(inbox, rounds + 1)
    before = Before.of(data_dir)
    code, _ = runner.run(argv, data_dir / "final.log", data_dir)
    assert code == 0, (data_dir / "final.log").read_text()
    assert verify(data_dir, before, f"seed {seed}, final run") == "committed"
    tables = data_dir / "tables"
    assert not list(tables.glob(".*.parquet.tmp-*")) and not list(tables.glob("_vintages/*/.*.tmp"))
    assert not list((tables / ".staging").glob("*")), "a dead run's staging outlived the next publish"
    assert not list(data_dir.glob(".warehouse.duckdb.tmp-*"))
    print(f"\ncrash loop seed {seed}: {tally}; calibration run {timing.marks}")
    return tally


def _seed() -> int:
    return int(os.environ.get("TENCENT_ETL_CRASH_SEED") or time.time_ns() % 2**32)


def test_killed_runs_leave_old_or_new_tables(forker, tmp_path) -> None:
    tally = crash_loop(ForkedRuns(forker), tmp_path / "data", FAST_KILLS, _seed())
    assert tally.kills == FAST_KILLS


@pytest.mark.slow
def test_many_killed_runs_leave_old_or_new_tables(forker, tmp_path) -> None:
    tally = crash_loop(ForkedRuns(forker), tmp_path / "data", SLOW_KILLS, _seed())
    assert tally.kills == SLOW_KILLS
    assert tally.landed.get("mid-publish", 0) >= 1, "no kill landed between the first table and the runs commit"


@pytest.mark.slow
def test_killed_console_runs_leave_old_or_new_tables(child_env, tmp_path) -> None:
    tally = crash_loop(ForkedRuns(ConsoleStarter(child_env)), tmp_path / "data", SLOW_KILLS, _seed())
    assert tally.kills == SLOW_KILLS


def _lock_pid(data_dir: Path) -> str:
    try:
        return (data_dir / ".lock").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def test_second_run_is_refused_or_waits_and_never_interleaves(child_env, forker, tmp_path) -> None:
    data_dir = tmp_path / "data"
    _grow(_inbox(data_dir), 0)
    argv = ["run", "--source", "inbox", "--data-dir", str(data_dir)]
    first = forker.start(argv, tmp_path / "first.log")
    deadline = time.monotonic() + 120
    while _lock_pid(data_dir) != str(first):
        assert _alive(first) and time.monotonic() < deadline, (tmp_path / "first.log").read_text()
        time.sleep(0.01)
    refused = subprocess.run(
        [str(CONSOLE), *argv], env=child_env, capture_output=True, text=True, timeout=120
    )
    first_still_running = _alive(first)
    assert forker.wait(first) == 0, (tmp_path / "first.log").read_text()
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith(f"tencent-etl run: pid {first} is writing to {data_dir}"), refused.stderr
    assert refused.stdout == ""
    assert first_still_running, "the refused run took so long that the first one had finished"
    # A run with --wait: the test holds the lock itself until the waiter says it waits, whatever the timing.
    from warehouse.publish import write_lock

    with write_lock(data_dir):
        waiter = subprocess.Popen(
            [str(CONSOLE), *argv, "--wait"], env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        said = ""
        while "waiting for it to finish" not in said:
            line = waiter.stderr.readline()
            if not line:
                break
            said += line
    out, err = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, said + err
    assert f"pid {os.getpid()} is writing to {data_dir}; waiting for it to finish" in said
    runs = pd.read_parquet(data_dir / "tables" / "runs.parquet").sort_values("started_at")
    assert len(runs) == 2, "the refused run must not be recorded"
    assert runs["finished_at"].iloc[0] <= runs["started_at"].iloc[1]
    stamps = {
        run_id: sorted(p.name for p in (data_dir / "tables" / "_vintages").glob(f"*/*-{run_id}.parquet"))
        for run_id in runs["run_id"]
    }
    first_id, second_id = runs["run_id"]
    assert len(stamps[first_id]) == len(TABLES) and stamps[second_id]
    assert max(stamps[first_id]) < min(stamps[second_id])
