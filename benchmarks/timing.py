"""Shared timing helpers for the benchmarks: best of N with the spread, and side-by-side comparisons.

    from benchmarks.timing import best_of, compare
    t = best_of(3, lambda: work())                    # t.best, t.spread, t.times, t.result
    ours, ref = compare(3, ours_fn, reference_fn)     # taken in turns: a noisy moment hurts both sides alike
    result.update(t.report("knn"))                    # {"knn_seconds": best, "knn_seconds_spread": "..."}

The spread is (worst - best) / best over the runs: a large one means the machine was busy and the ratio of
two bests is less certain.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Callable

REPEATS = 3


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)
    result: Any = None  # the value the timed function returned on its last run

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def worst(self) -> float:
        return max(self.times)

    @property
    def spread(self) -> float:
        """(worst - best) / best: 0.05 means the slowest run took 5 % longer than the fastest."""
        return (self.worst - self.best) / self.best if self.best > 0 else 0.0

    def add(self, fn: Callable[[], Any]) -> None:
        started = time.perf_counter()
        self.result = fn()
        self.times.append(time.perf_counter() - started)

    def describe(self) -> str:
        return f"best {self.best:.3f} s of {len(self.times)}, spread {self.spread:.0%}"

    def report(self, prefix: str) -> dict[str, Any]:
        return {f"{prefix}_seconds": round(self.best, 4),
                f"{prefix}_seconds_all": [round(t, 4) for t in self.times],
                f"{prefix}_spread": round(self.spread, 3)}


def best_of(n: int, fn: Callable[[], Any]) -> Timing:
    """Run ``fn`` n times; the Timing holds every time (use ``.best`` and ``.spread``) and the last result."""
    timing = Timing()
    for _ in range(max(1, n)):
        timing.add(fn)
    return timing


def compare(n: int, *fns: Callable[[], Any]) -> list[Timing]:
    """Each function n times, taken in turns (a, b, a, b, ...), so load from other programs hits all alike."""
    timings = [Timing() for _ in fns]
    for _ in range(max(1, n)):
        for timing, fn in zip(timings, fns):
            timing.add(fn)
    return timings


def ratio(ours: Timing, reference: Timing) -> dict[str, float]:
    """Best over best, and the range the ratio could take given each side's spread (worst/best, best/worst)."""
    return {"ratio": round(ours.best / reference.best, 3),
            "ratio_range": [round(ours.best / reference.worst, 3), round(ours.worst / reference.best, 3)]}


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux VmHWM; elsewhere ru_maxrss)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_alone(run: Callable[[Path | None, bool], dict], description: str, default_data_dir: Path | None = None) -> None:
    """``python -m benchmarks.bench_x [--quick] [--data-dir DIR]``: one benchmark, its results as JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir)
    args = parser.parse_args()
    print(json.dumps(run(args.data_dir, args.quick), indent=2))
