"""The temporary Prefect server of a run, in a process that dies with the run (not orphaned when it is killed).

`python -m flows.tempserver PID uvicorn-args...` asks the kernel for SIGTERM when its parent dies, checks
that its parent is still PID, then runs uvicorn in the same process.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import subprocess
import sys
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel send SIGTERM when the parent exits; exit now if it is already gone."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:
        sys.exit(0)


def _server_class() -> type:
    """Prefect's temporary-server class with uvicorn started under `flows.tempserver`."""
    import prefect
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings

    class WatchedServer(SubprocessASGIServer):
        """A temporary Prefect API whose process ends when the process that started it ends."""

        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            """Prefect's own command line and environment, run by `python -m flows.tempserver PID`."""
            server_env = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
            args = ["--app-dir", str(prefect.__module_path__.parent), "--factory",
                    "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
                    "--log-level", "error", "--lifespan", "on"]
            env = {**os.environ, **server_env, **get_current_settings().to_environment_variables(exclude_unset=True)}
            return subprocess.Popen([sys.executable, "-m", "flows.tempserver", str(os.getpid()), *args], env=env)

    return WatchedServer


def watch_temporary_server() -> None:
    """Make the temporary server Prefect starts on demand in this process one that dies with the process."""
    if not os.environ.get("PREFECT_API_URL"):
        _server_class()()  # Prefect looks its temporary server up by port None: it now finds this one


def main(argv: list[str]) -> None:
    """Run uvicorn with `argv[1:]` once the parent `argv[0]` is known to be watched."""
    die_with_parent(int(argv[0]))
    sys.argv = ["uvicorn", *argv[1:]]
    runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
