"""Timing helpers and the figure lines the benchmark prints: value, baseline, ratio, target, PASS/GAP."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class Figure:
    """One measured figure against its baseline and, when it has one, a target ratio or limit."""

    name: str
    value: float
    baseline: float | None = None
    unit: str = "s"
    target: float | None = None
    target_text: str = ""

    @property
    def ratio(self) -> float | None:
        """value / baseline, or None without a baseline."""
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def verdict(self) -> str:
        """PASS or GAP against the target; empty when the figure has no target."""
        if self.target is None:
            return ""
        measured = self.ratio if self.baseline is not None else self.value
        return "PASS" if measured is not None and measured <= self.target else "GAP"

    def line(self) -> str:
        """The printed line of this figure."""
        parts = [f"{self.name:<44} {fmt(self.value, self.unit):>12}"]
        if self.baseline is not None:
            parts.append(f"baseline {fmt(self.baseline, self.unit):>12}")
            parts.append(f"ratio {self.ratio:8.2f}x" if self.ratio is not None else "ratio      n/a")
        if self.target is not None:
            parts.append(f"target {self.target_text:<14} {self.verdict}")
        return "  ".join(parts)


def fmt(value: float, unit: str) -> str:
    """A value with its unit, seconds scaled to ms or us when small."""
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.1f} us"
        if value < 1:
            return f"{value * 1e3:.1f} ms"
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.1f} {unit}"


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The shortest wall time of `repeats` calls of fn (seconds)."""
    best = float("inf")
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall time of one call of fn and its return value."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out
