"""Run settings: data dir resolution and the Prefect environment for quiet offline runs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DEFAULT_DATA_DIR = "data"
ENV_DATA_DIR = "TENCENT_ETL_DATA_DIR"
MAX_WORKERS = 4


PROBE_SECONDS = 5.0


class SettingsError(ValueError):
    """A run setting that cannot work (data dir, period, Prefect home or API); the message is one line."""


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


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def writable_data_dir(arg: str | None) -> Path:
    """The data dir, created when absent; SettingsError when it names a file or cannot be written."""
    path = resolve_data_dir(arg)
    named = "--data-dir" if arg else f"${ENV_DATA_DIR}" if os.environ.get(ENV_DATA_DIR) else "the default data dir"
    if path.exists() and not path.is_dir():
        raise SettingsError(f"data dir {path} ({named}) is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except OSError as exc:
        raise SettingsError(f"data dir {path} ({named}) cannot be written: {_why(exc)}") from None
    return path


def prefect_home() -> Path:
    """Where Prefect keeps its settings and the temporary server's database: $PREFECT_HOME, else ~/.prefect."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def check_prefect_home() -> None:
    """SettingsError unless Prefect's home can be created and written (the temporary server keeps its database there)."""
    try:
        home = prefect_home()
    except RuntimeError as exc:  # no HOME and no password entry
        raise SettingsError(f"Prefect has no home ({exc}): set PREFECT_HOME or HOME") from None
    try:
        home.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=home).close()
    except OSError as exc:
        raise SettingsError(f"Prefect's home {home} cannot be written ({_why(exc)}): set PREFECT_HOME to a writable "
                            "folder, or PREFECT_API_URL to a running Prefect server") from None


def check_prefect_api(url: str, timeout: float = PROBE_SECONDS) -> None:
    """SettingsError unless the Prefect server at `url` answers its health check within `timeout` seconds."""
    import httpx

    try:
        response = httpx.get(f"{url.rstrip('/')}/health", timeout=timeout)
    except httpx.HTTPError as exc:
        raise SettingsError(f"PREFECT_API_URL {url}: no Prefect server answers ({type(exc).__name__}); start it, "
                            "or unset PREFECT_API_URL to run with a temporary one") from None
    if response.status_code != 200:
        raise SettingsError(f"PREFECT_API_URL {url}: the health check answered HTTP {response.status_code}; "
                            "is it a Prefect API URL (ending in /api)?")


def check_prefect() -> None:
    """The Prefect a run will use is there: the configured API answers, or a temporary server can keep its files."""
    url = os.environ.get("PREFECT_API_URL")
    if url:
        check_prefect_api(url)
    else:
        check_prefect_home()
