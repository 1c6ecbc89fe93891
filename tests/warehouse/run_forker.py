"""A process that imports the CLI once, then forks one `tencent-etl` run per request on stdin.

Each child runs `flows.cli.main(argv)` (what the console script runs) in its own session, so a test can
SIGKILL runs by the dozen without paying the import time of each. Requests and replies are JSON lines:
{"op": "run", "argv": [...], "log": path} -> {"pid": n}; {"op": "wait", "pid": n} -> {"code": exit code}.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

import flows.pipeline  # noqa: F401  (imported before forking, so children start at once)
from flows import cli
from transforms.parse import parsers
from warehouse.schemas import TABLES, empty_frame, schema_failures


def _warm() -> None:
    """Load what every run loads lazily (parser modules, pandera models), so children never read code again."""
    parsers()
    for table in TABLES:
        schema_failures(table, empty_frame(table))


def _child(argv: list[str], log: str) -> None:
    os.setsid()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    code = 1
    try:
        code = cli.main(argv)
    except BaseException:  # the child must always leave through os._exit
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    """Serve run and wait requests until stdin closes."""
    _warm()
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "run":
            pid = os.fork()
            if pid == 0:
                _child(request["argv"], request["log"])
            reply = {"pid": pid}
        else:
            _, status = os.waitpid(request["pid"], 0)
            reply = {"code": os.waitstatus_to_exitcode(status)}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
