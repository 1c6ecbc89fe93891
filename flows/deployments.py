"""Scheduled deployments for `tencent-etl serve`: results, industry articles and NBS on their own cadence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Hong Kong closes at 16:00 HKT (08:00 UTC); Tencent releases land after the close.
RESULTS_MONTHS_CRON = "30 10 * 3,5,8,11 *"  # daily at 18:30 HKT in results months
RESULTS_WEEKLY_CRON = "30 10 * 1,2,4,6,7,9,10,12 1"  # weekly (Mondays) in the other months
ARTICLES_CRON = "0 1 * * *"  # daily, 09:00 HKT
NBS_CRON = "0 3 18 * *"  # monthly, after NBS's mid-month release


@dataclass(frozen=True, slots=True)
class Schedule:
    """One deployment: its name, the discovery sources it runs and its cron expressions."""

    name: str
    sources: tuple[str, ...]
    crons: tuple[str, ...]


SCHEDULES = (
    Schedule("results", ("tencent_ir", "hkex", "prnewswire"), (RESULTS_MONTHS_CRON, RESULTS_WEEKLY_CRON)),
    Schedule("industry-articles", ("articles",), (ARTICLES_CRON,)),
    Schedule("nbs-retail", ("nbs",), (NBS_CRON,)),
)


def build_deployments(data_dir: Path, source: str = "live") -> list:
    """Prefect deployments of the pipeline flow, one per schedule, each limited to one run at a time."""
    from prefect.schedules import Cron

    from flows.pipeline import pipeline

    deployments = []
    for sched in SCHEDULES:
        deployments.append(
            pipeline.to_deployment(
                name=sched.name,
                schedules=[Cron(c, timezone="UTC") for c in sched.crons],
                parameters={"source": source, "data_dir": str(data_dir), "only": list(sched.sources)},
                concurrency_limit=1,
                tags=["tencent-etl"],
            )
        )
    return deployments


def serve_all(data_dir: Path, source: str = "live") -> None:
    """Serve every deployment from this process (needs a long-running `prefect server start`)."""
    from prefect import serve

    serve(*build_deployments(data_dir, source))
