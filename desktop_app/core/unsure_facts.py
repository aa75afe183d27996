"""What the "unsure" setting buys on a model: how often the answers it lets through were right, and how many
pictures it marks unsure, measured on the model's test pictures (or, without them, on the held-out pictures its
own threshold was chosen on). The window words these facts; the rule is the one prediction uses
(``percent.reads_below``: an answer that reads at or above the threshold is answered).

NumPy only: the window imports it before the engine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop_app.core.output.percent import reads_below


@dataclass(frozen=True)
class UnsureFacts:
    threshold: float
    pictures: int  # pictures measured on; 0: nothing to measure on at this threshold
    answered: float  # share of them answered (not unsure)
    accuracy: float | None  # of those answers; None when none is answered
    on_test: bool  # measured on the test pictures (False: on the held-out pictures of the calibration)


def unsure_facts(evaluation, model_metrics: dict[str, Any] | None, threshold: float,
                 model_threshold: float | None = None) -> UnsureFacts:
    """The facts for ``threshold`` from an ``metrics.Evaluation`` (its test pictures), else from the stored
    calibration report when ``threshold`` is the model's own (``model_threshold``)."""
    correct = getattr(evaluation, "correct", None) if evaluation is not None else None
    if correct is not None and len(correct):
        answered = np.array([not reads_below(c, threshold) for c in np.asarray(evaluation.confidence)], bool)
        accuracy = float(np.asarray(correct)[answered].mean()) if answered.any() else None
        return UnsureFacts(threshold, len(correct), float(answered.mean()), accuracy, True)
    calibration = (model_metrics or {}).get("calibration") or {}
    chosen = calibration.get("unsure") or {}
    held_out = calibration.get("held_out") or 0
    if (model_threshold is not None and abs(threshold - model_threshold) < 1e-9 and held_out
            and isinstance(chosen.get("answered"), (int, float))):
        accuracy = chosen.get("accuracy") if chosen.get("answered") else None
        return UnsureFacts(threshold, int(held_out), float(chosen["answered"]), accuracy, False)
    return UnsureFacts(threshold, 0, 0.0, None, False)
