"""Parsing in worker processes: a deadline per document that stops the work, even inside lxml or pypdf.

Each worker is a forked process that keeps its warm caches between documents. A caller checks one worker
out for a batch and hands it one document at a time; a document that overruns its deadline is stopped by
killing the worker (a thread cannot be stopped inside C code), reported as that document's failure, and
the rest of the batch goes on in a fresh worker. At most one worker per usable core exists at a time.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from transforms.model import ParseError

T = TypeVar("T")
R = TypeVar("R")

# Seconds a worker gives its parent past a document's limit before its own alarm ends it (an orphaned worker
# stuck inside C code ends by itself; the default action of SIGALRM needs no Python code to run).
SELF_LIMIT_GRACE = 5.0


class ParseTimeout(ParseError):
    """Decoding and parsing one document took longer than the time limit."""


class WorkerLost(ParseError):
    """The process parsing a document ended without an answer (killed from outside, out of memory, a crash in C)."""


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without affinity
        return max(1, os.cpu_count() or 1)


def _detach_inherited(keep: int) -> None:
    """Point every file descriptor inherited from the parent (but stdio and `keep`) at /dev/null.

    A forked worker would otherwise hold the parent's locks (flock), sockets and the other workers' pipes
    open for as long as it lives. The numbers stay taken, so an inherited object that closes its descriptor
    later cannot close one this worker opened.
    """
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    null = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        if fd > 2 and fd not in (keep, null):
            try:
                os.fstat(fd)
                os.dup2(null, fd, inheritable=False)
            except OSError:
                continue
    os.close(null)


def _serve(conn: Connection) -> None:
    """A worker's loop: receive (func, item), answer (True, result) or (False, ParseError), until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the parent's to handle; it then closes the pipe
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _detach_inherited(conn.fileno())
    while True:
        try:
            func, item, limit = conn.recv()
        except (EOFError, OSError):
            return
        except Exception as exc:  # a request that does not unpickle here
            conn.send((False, _plain(exc)))
            continue
        signal.setitimer(signal.ITIMER_REAL, limit + SELF_LIMIT_GRACE)
        answer = _answer(func, item)
        signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            conn.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # nothing was written: say why instead
            conn.send((False, _plain(exc)))


def _answer(func: Callable[[Any], Any], item: Any) -> tuple[bool, Any]:
    """func(item) as (True, result), or (False, a ParseError that unpickles in the parent)."""
    try:
        return True, func(item)
    except ParseError as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # an exception class whose arguments do not round-trip
            return False, _plain(exc)
        return False, exc
    except Exception as exc:  # the worker outlives any failure of one document
        return False, _plain(exc)


def _plain(exc: BaseException) -> ParseError:
    """An exception as a plain ParseError naming its class, on one line."""
    return ParseError(f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")


@dataclass(slots=True)
class _Worker:
    """One forked worker process, its end of the pipe and the key of the code it was forked with."""

    pid: int
    conn: Connection
    key: Hashable
    exit_code: int | None = None

    def alive(self) -> bool:
        """Whether the process is still running (reaping it when it has ended)."""
        if self.exit_code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code is None

    def stop(self) -> None:
        """Kill the process, reap it and close the pipe."""
        self.conn.close()
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            self.exit_code = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


def _wait_for_exit(worker: _Worker, seconds: float = 1.0) -> None:
    """Give a worker whose pipe closed a moment to end, so its own exit code is the one reported."""
    waited = 0.0
    while worker.alive() and waited < seconds:
        time.sleep(0.01)
        waited += 0.01


class WorkerPool:
    """Forked parse workers, one per usable core, each lent to one batch at a time."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size or usable_cores()
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(self.size):
            self._idle.put(None)  # a slot without a process yet: forked on first use
        self._fork_lock = threading.Lock()

    def run(self, func: Callable[[T], R], items: Sequence[T], *, time_limit: float,
            key: Hashable = None) -> list[R | ParseError]:
        """func over items on one worker, each item within time_limit seconds; a failure is that item's ParseError.

        func and the items reach the worker pickled (func by name); a worker forked with another `key` (the
        parser registry changed since) is replaced before use.
        """
        worker = self._idle.get()
        try:
            out: list[R | ParseError] = []
            for item in items:
                if worker is None or worker.key != key or not worker.alive():
                    worker = self._replace(worker, key)
                answer, worker = self._one(worker, func, item, time_limit)
                out.append(answer)
            return out
        except BaseException:  # interrupted mid-item: an answer may still come, so the worker is not reused
            if worker is not None:
                worker.stop()
                worker = None
            raise
        finally:
            self._idle.put(worker)

    def _one(self, worker: _Worker, func: Callable[[T], R], item: T,
             time_limit: float) -> tuple[R | ParseError, _Worker | None]:
        """One item on a worker: its answer, and the worker still usable (None when it was stopped)."""
        try:
            worker.conn.send((func, item, time_limit))
            if not worker.conn.poll(time_limit):
                worker.stop()
                return ParseTimeout(f"parsing took longer than the {time_limit:g} s limit"), None
            ok, value = worker.conn.recv()
        except (EOFError, OSError):
            _wait_for_exit(worker)
            worker.stop()
            return WorkerLost(f"the parsing process ended without an answer (exit code {worker.exit_code})"), None
        except Exception as exc:  # an answer that does not unpickle here; the worker is still sound
            return _plain(exc), worker
        return value, worker

    def _replace(self, worker: _Worker | None, key: Hashable) -> _Worker:
        """A fresh worker forked now (after stopping `worker`), which sees the code as it is at this moment."""
        if worker is not None:
            worker.stop()
        with self._fork_lock:
            mine, theirs = Pipe(duplex=True)
            pid = os.fork()
            if pid == 0:  # the worker: serve until the pipe closes, then leave without the parent's exit handlers
                code = 0
                try:
                    _serve(theirs)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            theirs.close()
        return _Worker(pid, mine, key)

    def close(self) -> None:
        """Stop every worker, waiting for those lent out; the pool forks new ones if used again."""
        workers = [self._idle.get() for _ in range(self.size)]
        for worker in workers:
            if worker is not None:
                worker.stop()
        for _ in workers:
            self._idle.put(None)


_POOL: WorkerPool | None = None
_POOL_LOCK = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process's worker pool (created on first use; its workers end with this process)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = WorkerPool()
        return _POOL
