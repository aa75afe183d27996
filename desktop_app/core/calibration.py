"""Honest percentages: fitting calibration on held-out data, measuring it, and choosing when to say "unsure".

- ``fit_temperature``: (T, u) for ``(1 - u) softmax(scores / T) + u / C`` (linear models), by the smoothed
  negative log-likelihood. T alone cannot say "never more than 80 %" (noisy labels, look-alike classes): the
  uniform share u can.
- ``fit_vote_calibration``: (smoothing, T, u) for kNN votes, the same with ``scores = log(share + smoothing)``,
  so that k = 1 does not mean 100 %.
- ``expected_calibration_error`` and ``reliability_table``: top-label, equal-width bins.
- ``choose_unsure_threshold`` and ``answered_at``: the trade between answering and being right.

The targets are smoothed as in Platt (1999): with n held-out examples the true class counts as (n + 1) / (n + 2),
so a perfectly separated validation set does not drive every answer to 100 %.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import minimize_scalar

N_BINS = 15
TEMPERATURE_RANGE = (0.05, 50.0)  # a sane range: outside it the scores carry no usable scale
VOTE_TEMPERATURE_RANGE = (0.05, 20.0)
VOTE_SMOOTHING_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
UNIFORM_SHARE_GRID = (0.0, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5)
TARGET_ACCURACY = 0.97  # answers above the "unsure" threshold should be right this often
MIN_ANSWERED = 0.10  # when the target is out of reach: the best accuracy that still answers this share
DEFAULT_UNSURE_THRESHOLD = 0.5  # without validation pictures, and for models saved before thresholds were chosen


def _smoothed_targets(labels: torch.Tensor, n_classes: int) -> torch.Tensor:
    n = labels.shape[0]
    wrong = 1.0 / (n + 2) / max(1, n_classes - 1)
    targets = torch.full((n, n_classes), wrong, dtype=torch.float64)
    targets[torch.arange(n), labels] = (n + 1.0) / (n + 2.0)
    return targets


def mixed_softmax(scores: torch.Tensor, temperature: float, uniform_share: float) -> torch.Tensor:
    """``(1 - u) softmax(scores / T) + u / C``: order-preserving, so the arg-max (and its ties) stay the same."""
    p = torch.softmax(scores / temperature, dim=1)
    return p if uniform_share <= 0 else (1.0 - uniform_share) * p + uniform_share / scores.shape[1]


def _smoothed_nll(scores: torch.Tensor, targets: torch.Tensor, temperature: float, uniform_share: float) -> float:
    log_p = torch.log(mixed_softmax(scores, temperature, uniform_share).clamp_min(1e-300))
    return float(-(targets * log_p).sum(dim=1).mean())


def _best_fit(scores: torch.Tensor, targets: torch.Tensor, bounds: tuple[float, float]) -> tuple[float, float, float]:
    """(T, u, loss) minimising the smoothed NLL: a bounded 1-D search over log T for each u of the grid."""
    best = None
    for share in UNIFORM_SHARE_GRID:
        result = minimize_scalar(lambda log_t: _smoothed_nll(scores, targets, math.exp(log_t), share),
                                 bounds=(math.log(bounds[0]), math.log(bounds[1])), method="bounded",
                                 options={"xatol": 1e-3})
        if best is None or float(result.fun) < best[2] - 1e-9:  # equal fits keep the simpler, smaller u
            best = (float(math.exp(result.x)), float(share), float(result.fun))
    return best


def fit_temperature(scores, labels, bounds: tuple[float, float] = TEMPERATURE_RANGE) -> tuple[float, float]:
    """(T, u) for ``(1 - u) softmax(scores / T) + u / C`` fitted on held-out ``scores [n, C]`` and ``labels``."""
    scores = torch.as_tensor(np.asarray(scores), dtype=torch.float64)
    labels = torch.as_tensor(np.asarray(labels), dtype=torch.long)
    if scores.ndim != 2 or len(labels) == 0:
        return 1.0, 0.0
    temperature, share, _ = _best_fit(scores, _smoothed_targets(labels, scores.shape[1]), bounds)
    return temperature, share


def vote_log_scores(shares: torch.Tensor, smoothing: float) -> torch.Tensor:
    """Log of the smoothed vote shares; zero smoothing keeps bare shares (models saved before calibration)."""
    return torch.log(shares.double() + smoothing) if smoothing > 0 else torch.log(shares.double())


def calibrated_votes(shares: torch.Tensor, smoothing: float, temperature: float,
                     uniform_share: float = 0.0) -> torch.Tensor:
    """Probabilities ``(1 - u) softmax(log(share + smoothing) / T) + u / C``: order-preserving, so the winner
    stays the winner. (0, 1, 0) gives the bare shares."""
    if smoothing <= 0 and temperature == 1.0 and uniform_share <= 0:
        return shares / shares.sum(dim=1, keepdim=True).clamp_min(1e-30)
    return mixed_softmax(vote_log_scores(shares, smoothing), temperature, uniform_share).to(shares.dtype)


def fit_vote_calibration(shares, labels) -> tuple[float, float, float]:
    """(smoothing, T, u) for kNN vote shares ``[n, C]`` of held-out examples (e.g. cross-validation)."""
    shares = torch.as_tensor(np.asarray(shares), dtype=torch.float64)
    labels = torch.as_tensor(np.asarray(labels), dtype=torch.long)
    if shares.ndim != 2 or len(labels) == 0:
        return VOTE_SMOOTHING_GRID[-1], 1.0, 0.0
    targets = _smoothed_targets(labels, shares.shape[1])
    best = None
    for smoothing in VOTE_SMOOTHING_GRID:
        temperature, share, loss = _best_fit(vote_log_scores(shares, smoothing), targets, VOTE_TEMPERATURE_RANGE)
        if best is None or loss < best[3] - 1e-9:
            best = (smoothing, temperature, share, loss)
    return float(best[0]), float(best[1]), float(best[2])


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
