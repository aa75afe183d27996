"""Honest percentages: fitting calibration on held-out data, measuring it, and choosing when to say "unsure".

- ``fit_temperature``: (T, u) for ``(1 - u) softmax(scores / T) + u / C`` (linear models), by the smoothed
  negative log-likelihood. T alone cannot say "never more than 80 %" (noisy labels, look-alike classes): the
  uniform share u can.
- ``fit_vote_calibration``: (smoothing, T, u) for kNN votes, the same with ``scores = log(share + smoothing)``,
  so that k = 1 does not mean 100 %.
- ``fit_confidence_map`` / ``apply_confidence_map``: top-label calibration on top of either, a monotone map from
  the winner's probability to how often such winners were right on held-out pictures (isotonic regression,
  shrunk towards the parametric fit where few pictures back it). The parametric fits above are chosen by the
  log-likelihood of the whole distribution; with vote shares (a few discrete levels) the best such fit could
  still be 0.04-0.08 off in the winner's percentage (measured), which is the number people read.
- measuring (``expected_calibration_error``, ``reliability_table``) and the "unsure" trade
  (``choose_unsure_threshold``, ``answered_at``) are in reliability.py (NumPy only: the window imports it early).

The targets are smoothed as in Platt (1999): with n held-out examples the true class counts as (n + 1) / (n + 2),
so a perfectly separated validation set does not drive every answer to 100 %; and u is at least
``MIN_UNIFORM_SHARE``, so no calibrated answer is ever shown as 100 %. Training fits these on out-of-fold
predictions over all training pictures (search.py), so the final model, refitted on all of them, keeps them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from desktop_app.core import preload

TEMPERATURE_RANGE = (0.05, 50.0)  # a sane range: outside it the scores carry no usable scale
VOTE_TEMPERATURE_RANGE = (0.05, 20.0)
MAP_PRIOR_PICTURES = 10  # a block of the confidence map backed by n pictures trusts them n / (n + 10)
MAP_MAX_POINTS = 64  # more would only follow the noise of the held-out pictures
VOTE_SMOOTHING_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
# The smallest uniform share keeps every answer below 99.95 % (shown as "100.0 %"): a few hundred held-out pictures
# cannot show that an answer is never wrong. With C classes the top probability is at most 1 - u (1 - 1/C) <= 0.999.
MIN_UNIFORM_SHARE = 0.002
UNIFORM_SHARE_GRID = (MIN_UNIFORM_SHARE, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5)


@dataclass
class HeldOut:
    """Held-out scores for the calibration fit, each row with its true class first and the other classes after it
    in increasing order, equal rows stored once with their ``count``: the smoothed log-likelihood does not change
    when classes are renamed, so a row only matters through its true class's score and the others' values (kNN
    votes take few distinct values: 20,000 pictures at k = 5 are a few dozen rows). Targets are Platt's
    (``true_target`` for the true class, ``other_target`` for each other one)."""

    scores: torch.Tensor
    count: torch.Tensor
    pictures: int
    true_target: float
    other_target: float

    @classmethod
    def of(cls, scores: torch.Tensor, labels: torch.Tensor) -> "HeldOut":
        n, n_classes = scores.shape
        true = scores.gather(1, labels[:, None])
        others = scores.scatter(1, labels[:, None], math.inf).sort(dim=1).values[:, :-1]
        rows, count = torch.unique(torch.cat([true, others], dim=1), dim=0, return_counts=True)
        return cls(rows, count.to(torch.float64), n, (n + 1.0) / (n + 2.0), 1.0 / (n + 2) / max(1, n_classes - 1))

    def with_scores(self, scores: torch.Tensor) -> "HeldOut":
        """The same pictures with their scores mapped elementwise (e.g. vote shares to log shares)."""
        return HeldOut(scores, self.count, self.pictures, self.true_target, self.other_target)


def mixed_softmax(scores: torch.Tensor, temperature: float, uniform_share: float) -> torch.Tensor:
    """``(1 - u) softmax(scores / T) + u / C``: order-preserving, so the arg-max (and its ties) stay the same."""
    p = torch.softmax(scores / temperature, dim=1)
    return p if uniform_share <= 0 else (1.0 - uniform_share) * p + uniform_share / scores.shape[1]


def _smoothed_nll(held_out: HeldOut, temperature: float, uniform_share: float) -> float:
    log_p = torch.log(mixed_softmax(held_out.scores, temperature, uniform_share).clamp_min(1e-300))
    per_row = held_out.true_target * log_p[:, 0] + held_out.other_target * log_p[:, 1:].sum(dim=1)
    return float(-(per_row * held_out.count).sum() / held_out.pictures)


def _best_fit(held_out: HeldOut, bounds: tuple[float, float]) -> tuple[float, float, float]:
    """(T, u, loss) minimising the smoothed NLL: a bounded 1-D search over log T for each u of the grid."""
    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    from scipy.optimize import minimize_scalar

    best = None
    for share in UNIFORM_SHARE_GRID:
        result = minimize_scalar(lambda log_t: _smoothed_nll(held_out, math.exp(log_t), share),
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
        return 1.0, MIN_UNIFORM_SHARE  # nothing held out: still never 100 %
    temperature, share, _ = _best_fit(HeldOut.of(scores, labels), bounds)
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
        return VOTE_SMOOTHING_GRID[-1], 1.0, MIN_UNIFORM_SHARE
    held_out = HeldOut.of(shares, labels)
    best = None
    for smoothing in VOTE_SMOOTHING_GRID:
        temperature, share, loss = _best_fit(held_out.with_scores(vote_log_scores(held_out.scores, smoothing)),
                                             VOTE_TEMPERATURE_RANGE)
        if best is None or loss < best[3] - 1e-9:
            best = (smoothing, temperature, share, loss)
    return float(best[0]), float(best[1]), float(best[2])


def top_probability_limit(n_classes: int) -> float:
    """The highest probability any calibrated answer may get (below "100.0 %", see ``MIN_UNIFORM_SHARE``)."""
    return 1.0 - MIN_UNIFORM_SHARE * (1.0 - 1.0 / max(2, n_classes))


def fit_confidence_map(proba, labels) -> dict[str, list[float]] | None:
    """A monotone map ``{"top": [...], "confidence": [...]}`` from the winner's probability to the share of such
    winners that were right, fitted on held-out probabilities ``[n, C]`` (e.g. out-of-fold) and their labels.

    Isotonic regression pools neighbouring probabilities into blocks; each block's accuracy (Laplace-smoothed,
    (right + 1) / (n + 2)) is then shrunk towards
    the block's mean probability with ``MAP_PRIOR_PICTURES`` pseudo-pictures (so a handful of pictures cannot move
    an answer to 0 or 100 %), made monotone again, and kept in [1/C, ``top_probability_limit``]. None without
    held-out pictures.
    """
    proba = np.asarray(proba, dtype=np.float64)
    labels = np.asarray(labels).reshape(-1)
    if proba.ndim != 2 or len(labels) == 0 or len(labels) != proba.shape[0]:
        return None
    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    from sklearn.isotonic import IsotonicRegression

    n_classes = proba.shape[1]
    top = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == labels).astype(np.float64)
    pooled = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(top, correct).predict(top)
    blocks = np.unique(pooled)
    block_of = np.searchsorted(blocks, pooled)
    counts = np.bincount(block_of, minlength=len(blocks)).astype(np.float64)
    centres = np.bincount(block_of, weights=top, minlength=len(blocks)) / counts
    right = np.bincount(block_of, weights=correct, minlength=len(blocks))
    accuracy = (right + 1.0) / (counts + 2.0)  # Laplace, as Platt's targets: 20 of 20 right is not 100 %
    shrunk = (counts * accuracy + MAP_PRIOR_PICTURES * centres) / (counts + MAP_PRIOR_PICTURES)
    order = np.argsort(centres, kind="stable")
    centres, shrunk, counts = centres[order], shrunk[order], counts[order]
    confidence = IsotonicRegression(increasing=True).fit(centres, shrunk, sample_weight=counts + MAP_PRIOR_PICTURES
                                                         ).predict(centres)
    if len(centres) > MAP_MAX_POINTS:  # evenly spaced by rank: the map stays small in the model file
        keep = np.unique(np.linspace(0, len(centres) - 1, MAP_MAX_POINTS).round().astype(int))
        centres, confidence = centres[keep], confidence[keep]
    confidence = np.clip(confidence, 1.0 / n_classes, top_probability_limit(n_classes))
    centres, first = np.unique(centres.round(6), return_index=True)  # strictly increasing, as np.interp needs
    return {"top": [float(v) for v in centres], "confidence": [round(float(v), 6) for v in confidence[first]]}


def apply_confidence_map(proba: torch.Tensor, confidence_map: dict[str, list[float]] | None) -> torch.Tensor:
    """The winner's probability read from the map (linear between its points); the other classes share the rest
    in their old proportions. The winner stays the first arg-max: where the map would drop it to a runner-up's
    level, it is kept just above that runner-up."""
    if not confidence_map or proba.shape[0] == 0:
        return proba
    p = proba.double()
    top, winner = p.max(dim=1)
    mapped = interpolate(top, torch.tensor(confidence_map["top"], dtype=p.dtype, device=p.device),
                         torch.tensor(confidence_map["confidence"], dtype=p.dtype, device=p.device))
    rest = (1.0 - top).clamp_min(1e-12)
    runner_up = p.scatter(1, winner[:, None], -1.0).max(dim=1).values.clamp_min(0.0)
    ratio = runner_up / rest  # runner-up's share of the rest
    mapped = torch.maximum(mapped, ratio / (1.0 + ratio) + 1e-5)
    out = p * ((1.0 - mapped) / rest)[:, None]
    out = out.scatter(1, winner[:, None], mapped[:, None])
    return out.to(proba.dtype)


def interpolate(x: torch.Tensor, xp: torch.Tensor, fp: torch.Tensor) -> torch.Tensor:
    """``np.interp`` in torch ops (so an exported graph reads the map as the app does): linear between the points
    ``xp`` (increasing), the end values beyond them."""
    if xp.shape[0] == 1:
        return fp[0].expand_as(x).clone()
    right = (xp[None, 1:-1] <= x[:, None]).sum(dim=1)  # the segment each x falls in, 0 .. len(xp) - 2
    x0, x1, f0, f1 = xp[right], xp[right + 1], fp[right], fp[right + 1]
    step = ((x - x0) / (x1 - x0)).clamp(0.0, 1.0)
    return f0 + step * (f1 - f0)
