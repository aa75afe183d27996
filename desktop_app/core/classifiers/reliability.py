"""Measuring how honest the percentages are, and choosing when to say "unsure": NumPy only.

- ``expected_calibration_error`` and ``reliability_table``: top-label, equal-width bins.
- ``choose_unsure_threshold``, ``tradeoff_curve`` and ``answered_at``: the trade between answering and being right.

Kept apart from calibration.py (which fits calibration with PyTorch and SciPy) so that the window can import it
before the engine is loaded (core/preload.py, WINDOW_MODULES).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_BINS = 15
TARGET_ACCURACY = 0.97  # answers above the "unsure" threshold should be right this often
MIN_ANSWERED = 0.10  # when the target is out of reach: the best accuracy that still answers this share
DEFAULT_UNSURE_THRESHOLD = 0.5  # without validation pictures, and for models saved before thresholds were chosen


# -- measuring -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float | None  # None for an empty bin
    accuracy: float | None

    def to_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "count": self.count,
                "mean_confidence": self.mean_confidence, "accuracy": self.accuracy}


def reliability_table(confidence, correct, n_bins: int = N_BINS) -> list[ReliabilityBin]:
    """Top-label confidence in equal-width bins (the last bin includes 1.0): count, mean confidence, accuracy."""
    confidence = np.asarray(confidence, dtype=np.float64).reshape(-1)
    correct = np.asarray(correct, dtype=bool).reshape(-1)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="right") - 1, 0, n_bins - 1)
    table = []
    for b in range(n_bins):
        inside = which == b
        count = int(inside.sum())
        table.append(ReliabilityBin(float(edges[b]), float(edges[b + 1]), count,
                                    float(confidence[inside].mean()) if count else None,
                                    float(correct[inside].mean()) if count else None))
    return table


def expected_calibration_error(confidence, correct, n_bins: int = N_BINS) -> float:
    """Sum over bins of (share of examples) x |accuracy - mean confidence|; 0 is perfectly calibrated."""
    n = len(np.asarray(confidence).reshape(-1))
    if n == 0:
        return 0.0
    return float(sum(b.count / n * abs(b.accuracy - b.mean_confidence)
                     for b in reliability_table(confidence, correct, n_bins) if b.count))


# -- answering or saying "unsure" -------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnsureThreshold:
    threshold: float  # answers with confidence below this are marked unsure
    target: float
    reachable: bool  # False: no threshold reached the target; the best one answering >= MIN_ANSWERED is used
    answered: float  # share of the held-out pictures answered at this threshold
    accuracy: float  # accuracy of those answers

    def to_dict(self) -> dict:
        return {"threshold": self.threshold, "target": self.target, "reachable": self.reachable,
                "answered": self.answered, "accuracy": self.accuracy}


def tradeoff_curve(confidence, correct) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(thresholds, answered share, accuracy of the answered) for each distinct confidence, highest first."""
    confidence = np.asarray(confidence, dtype=np.float64).reshape(-1)
    correct = np.asarray(correct, dtype=bool).reshape(-1)
    if len(confidence) == 0:
        return np.zeros(0), np.zeros(0), np.zeros(0)
    order = np.argsort(-confidence, kind="stable")
    sorted_conf, sorted_correct = confidence[order], correct[order]
    cumulative = np.cumsum(sorted_correct)
    # a cut is only possible after the last of equal confidences
    last = np.r_[sorted_conf[1:] != sorted_conf[:-1], True]
    count = np.flatnonzero(last) + 1
    return sorted_conf[last], count / len(confidence), cumulative[last] / count


def choose_unsure_threshold(confidence, correct, target: float = TARGET_ACCURACY) -> UnsureThreshold:
    """The lowest threshold whose answers are right at least ``target`` of the time (answering the most)."""
    thresholds, answered, accuracy = tradeoff_curve(confidence, correct)
    if len(thresholds) == 0:
        return UnsureThreshold(0.5, target, False, 0.0, 0.0)
    good = np.flatnonzero(accuracy >= target)
    if len(good):
        i = int(good[-1])
        return UnsureThreshold(float(thresholds[i]), target, True, float(answered[i]), float(accuracy[i]))
    enough = np.flatnonzero(answered >= MIN_ANSWERED)
    candidates = enough if len(enough) else np.arange(len(thresholds))
    i = int(candidates[np.argmax(accuracy[candidates])])
    return UnsureThreshold(float(thresholds[i]), target, False, float(answered[i]), float(accuracy[i]))


def answered_at(confidence, correct, threshold: float) -> tuple[float, float | None]:
    """(share answered, accuracy of those answers or None) when answers below ``threshold`` are unsure."""
    confidence = np.asarray(confidence, dtype=np.float64).reshape(-1)
    correct = np.asarray(correct, dtype=bool).reshape(-1)
    if len(confidence) == 0:
        return 0.0, None
    answered = confidence >= threshold
    n = int(answered.sum())
    return n / len(confidence), (float(correct[answered].mean()) if n else None)
