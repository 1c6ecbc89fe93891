"""What machine a benchmark ran on: cores, CPU model, memory, load, versions."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else the platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def total_ram_gib() -> float:
    """Total memory in GiB from /proc/meminfo (0 when unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def load_average() -> str:
    """The 1/5/15-minute load averages, as the other work on the machine competes for the cores."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def worker_cpu_seconds() -> float:
    """CPU seconds (user + system) of this process's live children forked from it (its parse workers).

    A forked worker runs the same command line as its parent; other children (a Prefect server) do not.
    """
    me = os.getpid()
    try:
        mine = Path(f"/proc/{me}/cmdline").read_bytes()
        names = os.listdir("/proc")
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for name in names:
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) != me or Path(f"/proc/{name}/cmdline").read_bytes() != mine:
                continue
            total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return total / ticks


def package_version(name: str) -> str:
    """An installed distribution's version, or '-'."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def describe() -> str:
    """One block of lines naming the machine and the versions measured."""
    return "\n".join([
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
        f"{total_ram_gib():.1f} GiB RAM",
        f"python {platform.python_version()}, prefect {package_version('prefect')}, "
        f"lxml {package_version('lxml')}, pypdf {package_version('pypdf')}",
        f"load average at start: {load_average()}",
    ])
