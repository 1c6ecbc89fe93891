"""Scheduled deployments for `tencent-etl serve`: results, industry articles and NBS on their own cadence.

Schedules need a long-running Prefect server (`prefect server start`) named by PREFECT_API_URL: the
temporary server a plain `tencent-etl run` starts lives only as long as that run and cannot run them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sources.http import HttpClient

# Hong Kong closes at 16:00 HKT (08:00 UTC); Tencent releases land after the close.
RESULTS_MONTHS_CRON = "30 10 * 3,5,8,11 *"  # daily at 18:30 HKT in results months
RESULTS_WEEKLY_CRON = "30 10 * 1,2,4,6,7,9,10,12 1"  # weekly (Mondays) in the other months
ARTICLES_CRON = "0 1 * * *"  # daily, 09:00 HKT
NBS_CRON = "0 3 18 * *"  # monthly, after NBS's mid-month release
FLOW_NAME = "tencent-etl"
START_SERVER_HINT = (
    "start one with `prefect server start` and point PREFECT_API_URL at it, "
    "e.g. PREFECT_API_URL=http://127.0.0.1:4200/api"
)


class ServeError(RuntimeError):
    """`serve` cannot run: no long-running Prefect server is configured or it does not answer."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """One deployment: its name, the discovery sources it runs, its cron expressions or interval."""

    name: str
    sources: tuple[str, ...]
    crons: tuple[str, ...]
    every: timedelta | None = None
    anchor: datetime | None = None

    def prefect_schedules(self) -> list:
        """The Prefect schedule objects of this deployment (cron in UTC, plus the interval if any)."""
        from prefect.schedules import Cron, Interval

        out = [Cron(c, timezone="UTC") for c in self.crons]
        if self.every is not None:
            out.append(Interval(self.every, anchor_date=self.anchor, timezone="UTC"))
        return out


SCHEDULES = (
    Schedule("results", ("tencent_ir", "hkex", "prnewswire"), (RESULTS_MONTHS_CRON, RESULTS_WEEKLY_CRON)),
    Schedule("industry-articles", ("articles",), (ARTICLES_CRON,)),
    Schedule("nbs-retail", ("nbs",), (NBS_CRON,)),
)


def build_deployments(data_dir: Path, source: str = "live", plans: Iterable[Schedule] = SCHEDULES,
                      stores: dict[str, str] | None = None) -> list:
    """Prefect deployments of the pipeline flow, one per schedule, each limited to one run at a time.

    `stores` may name a `raw_store` and a `tables_url` (fsspec URLs) every scheduled run uses.
    """
    from flows.pipeline import pipeline

    extra = {k: v for k, v in (stores or {}).items() if k in ("raw_store", "tables_url") and v}
    deployments = []
    for sched in plans:
        deployments.append(
            pipeline.to_deployment(
                name=sched.name,
                schedules=sched.prefect_schedules(),
                parameters={"source": source, "data_dir": str(data_dir), "only": list(sched.sources), **extra},
                concurrency_limit=1,
                tags=["tencent-etl"],
            )
        )
    return deployments


def configured_api_url() -> str | None:
    """The Prefect API URL from the environment or the active profile, or None when unset."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url).rstrip("/") if url else None


def check_server() -> str:
    """The URL of the long-running Prefect server `serve` will use; ServeError when unset or not answering."""
    url = configured_api_url()
    if not url:
        raise ServeError(
            "no Prefect server configured (PREFECT_API_URL is not set): schedules need a long-running "
            f"server, the temporary one a plain run starts cannot run them; {START_SERVER_HINT}"
        )
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        first = (str(problem).strip().splitlines() or [type(problem).__name__])[0][:160]
        raise ServeError(f"the Prefect server at {url} does not answer ({first}); {START_SERVER_HINT}")
    return url


def schedule_text(plan: Schedule) -> str:
    """A deployment's schedules in words: cron expressions (UTC) and the interval, if any."""
    parts = [f"cron '{c}' (UTC)" for c in plan.crons]
    if plan.every is not None:
        parts.append(f"every {plan.every}" + (f" from {plan.anchor.isoformat()}" if plan.anchor else ""))
    return ", ".join(parts) or "no schedule"


def describe(url: str, data_dir: Path, source: str, plans: Iterable[Schedule],
             stores: dict[str, str] | None = None) -> list[str]:
    """What `serve` serves: the server, the source and data dir, then one line per deployment with its schedules."""
    extra = "".join(f", {k.replace('_', ' ')} {v}" for k, v in (stores or {}).items()
                    if k in ("raw_store", "tables_url") and v)
    lines = [f"serving {FLOW_NAME} on the Prefect server at {url}: source {source}, data dir {data_dir}{extra}"]
    lines += [f"  deployment {FLOW_NAME}/{p.name}: sources {', '.join(p.sources)}; {schedule_text(p)}" for p in plans]
    return lines


def live_probe_client() -> HttpClient:
    """A client that asks each site once, briefly, whether it answers (no retries)."""
    from sources.discovery.configured import configured_allowed_hosts
    from sources.http import DEFAULT_ALLOWED_HOSTS, HttpClient

    return HttpClient("live", allowed_hosts=DEFAULT_ALLOWED_HOSTS | configured_allowed_hosts(), retries=0,
                      timeout=(5, 10))


def reachability_warnings(plans: Iterable[Schedule], client: HttpClient | None = None) -> list[str]:
    """One warning per served source whose site cannot be reached from here."""
    from sources.fetching import unreachable_sources

    names = list(dict.fromkeys(s for p in plans for s in p.sources))
    probe = client or live_probe_client()
    try:
        down = unreachable_sources(probe, names)
    finally:
        if client is None:
            probe.close()
    return [f"warning: source {name} cannot be reached; its scheduled runs will fail until it can ({why})"
            for name, why in down.items()]


def serve_all(data_dir: Path, source: str = "live", plans: Iterable[Schedule] = SCHEDULES,
              stores: dict[str, str] | None = None, probe: HttpClient | None = None) -> None:
    """Serve every deployment from this process against the long-running server (ServeError when none).

    Prints what it serves first and, for live sources, warns of each source whose site does not answer.
    """
    from prefect import serve

    url = check_server()
    plans = tuple(plans)
    deployments = build_deployments(data_dir, source, plans, stores)
    for line in describe(url, data_dir, source, plans, stores):
        print(line, flush=True)
    if source == "live":
        for line in reachability_warnings(plans, probe):
            print(line, file=sys.stderr, flush=True)
    serve(*deployments, print_starting_message=False)
