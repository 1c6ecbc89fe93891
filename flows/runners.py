"""Task runners a run can use: the thread pool on this machine (default) or a Dask cluster (prefect-dask)."""

from __future__ import annotations

from typing import Literal, get_args

from prefect.task_runners import ThreadPoolTaskRunner

from flows.settings import MAX_WORKERS

RunnerName = Literal["thread", "dask"]
RUNNERS: frozenset[str] = frozenset(get_args(RunnerName))


class RunnerError(ValueError):
    """A task runner that cannot be made from the options given."""


def api_configured() -> bool:
    """Whether a Prefect API URL is set (worker processes can then report to the same server)."""
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)


def local_cluster_kwargs(workers: int = MAX_WORKERS) -> dict:
    """A LocalCluster for `--runner dask` without an address: one worker with `workers` threads.

    The worker is a separate process only when PREFECT_API_URL is set: a worker process cannot reach the
    temporary server of a plain run and would start its own.
    """
    return {"n_workers": 1, "threads_per_worker": max(1, workers), "processes": api_configured(),
            "dashboard_address": None}


def make_task_runner(name: str = "thread", address: str | None = None, workers: int = MAX_WORKERS,
                     cluster_kwargs: dict | None = None):
    """The task runner for a run: thread pool (capped), Dask at an address, or a new local Dask cluster."""
    if name not in RUNNERS:
        raise RunnerError(f"unknown runner {name!r} (one of: {', '.join(sorted(RUNNERS))})")
    if name == "thread":
        if address:
            raise RunnerError("--address needs --runner dask")
        return ThreadPoolTaskRunner(max_workers=max(1, workers))
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise RunnerError("--runner dask needs prefect-dask (pip install prefect-dask)") from exc
    if address:
        if not address.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
            raise RunnerError(f"Dask scheduler address {address!r} must look like tcp://HOST:PORT")
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs=cluster_kwargs or local_cluster_kwargs(workers))
