"""Honest percentages: fitting calibration on held-out data, measuring it, and choosing when to say "unsure".

- ``fit_temperature``: (T, u) for ``(1 - u) softmax(scores / T) + u / C`` (linear models), by the smoothed
  negative log-likelihood. T alone cannot say "never more than 80 %" (noisy labels, look-alike classes): the
  uniform share u can.
- ``fit_vote_calibration``: (smoothing, T, u) for kNN votes, the same with ``scores = log(share + smoothing)``,
  so that k = 1 does not mean 100 %.
- measuring (``expected_calibration_error``, ``reliability_table``) and the "unsure" trade
  (``choose_unsure_threshold``, ``answered_at``) are in reliability.py (NumPy only) and re-exported here.

The targets are smoothed as in Platt (1999): with n held-out examples the true class counts as (n + 1) / (n + 2),
so a perfectly separated validation set does not drive every answer to 100 %.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import minimize_scalar

# Measuring calibration needs only NumPy and lives in reliability.py, which the window imports before the engine.
from desktop_app.core.reliability import (DEFAULT_UNSURE_THRESHOLD, MIN_ANSWERED, N_BINS,  # noqa: F401
                                          TARGET_ACCURACY, ReliabilityBin, UnsureThreshold, answered_at,
                                          choose_unsure_threshold, expected_calibration_error,
                                          reliability_table, tradeoff_curve)

TEMPERATURE_RANGE = (0.05, 50.0)  # a sane range: outside it the scores carry no usable scale
VOTE_TEMPERATURE_RANGE = (0.05, 20.0)
VOTE_SMOOTHING_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
UNIFORM_SHARE_GRID = (0.0, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5)


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
