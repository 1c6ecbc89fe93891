"""Run settings: data dir resolution and the Prefect environment for quiet offline runs."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = "data"
ENV_DATA_DIR = "TENCENT_ETL_DATA_DIR"
MAX_WORKERS = 4


def resolve_data_dir(arg: str | None) -> Path:
    """--data-dir, else $TENCENT_ETL_DATA_DIR, else ./data."""
    chosen = arg or os.environ.get(ENV_DATA_DIR) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def quiet_prefect_env() -> None:
    """Defaults for offline hosts; a user's own PREFECT_* settings (API URL, home) always win."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "true")
    if not os.environ.get("PREFECT_API_URL"):
        # Only the temporary server of this run sees these: nobody reads its task-run history after
        # the run, and its recorder can still be flushing when the server stops, which prints tracebacks.
        for service in ("TASK_RUN_RECORDER", "LATE_RUNS", "FOREMAN", "REPOSSESSOR", "CANCELLATION_CLEANUP",
                        "PAUSE_EXPIRATIONS", "TRIGGERS", "DB_VACUUM", "SCHEDULER"):
            os.environ.setdefault(f"PREFECT_SERVER_SERVICES_{service}_ENABLED", "false")
    # The temporary server can take long to start on a busy two-core machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
