"""The three classifiers (k-nearest neighbours, linear SVM, softmax) by name: making, rebuilding, listing.

The classifiers live in ``knn.py`` and ``linear.py`` and follow ``classifier_base.Classifier``. Every one can be
saved and rebuilt: ``get_state() -> (params, tensors)`` gives a JSON-able dict and CPU tensors;
``classifier_from_state(params, tensors)`` rebuilds it for prediction.
"""
from __future__ import annotations

from typing import Any

import torch

from desktop_app.core.classifier_base import Classifier, as_torch_device  # noqa: F401 - re-exported
from desktop_app.core.knn import DISTANCES, WEIGHTINGS, KNNClassifier, vote  # noqa: F401 - re-exported
from desktop_app.core.linear import (LOSS_POINTS_PER_EPOCH, LinearSVMClassifier, SoftmaxClassifier,  # noqa: F401
                                     softmax_loss, svm_hinge_loss)
from desktop_app.core.registry import CLASSIFIER_NAMES

CLASSIFIERS = dict(zip(CLASSIFIER_NAMES, (KNNClassifier, LinearSVMClassifier, SoftmaxClassifier)))


def make_classifier(name: str, device: torch.device | str = "cpu", **hyperparameters) -> Classifier:
    """A new classifier by name ("knn", "svm", "softmax"); unknown hyperparameters are an error."""
    if name not in CLASSIFIERS:
        raise ValueError(f"Unknown classifier {name!r}; choose one of {tuple(CLASSIFIERS)}.")
    return CLASSIFIERS[name](device=device, **hyperparameters)


def classifier_from_state(params: dict[str, Any], tensors: dict[str, torch.Tensor],
                          device: torch.device | str = "cpu") -> Classifier:
    """Rebuild a trained classifier from ``get_state()``'s output."""
    kind = params.get("type")
    if kind not in CLASSIFIERS:
        raise ValueError(f"Unknown classifier type {kind!r} in the saved state.")
    return CLASSIFIERS[kind].from_state(params, tensors, device=device)
