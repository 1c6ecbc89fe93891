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
    # The temporary server can take long to start on a busy two-core machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
