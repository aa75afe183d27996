"""The classifiers by name, through the registry: making, rebuilding.

The classifiers live in ``knn.py`` and ``linear.py``, follow ``classifier_base.Classifier`` and each declares its
``registry.ClassifierSpec`` there. Every one can be saved and rebuilt: ``get_state() -> (params, tensors)`` gives
a JSON-able dict and CPU tensors; ``classifier_from_state(params, tensors)`` rebuilds it for prediction.
"""
from __future__ import annotations

from typing import Any

import torch

from desktop_app.core import registry
from desktop_app.core.classifier_base import Classifier, as_torch_device  # noqa: F401 - re-exported
from desktop_app.core.knn import DISTANCES, WEIGHTINGS, KNNClassifier, vote  # noqa: F401 - re-exported
from desktop_app.core.linear import (LOSS_POINTS_PER_EPOCH, LinearSVMClassifier, SoftmaxClassifier,  # noqa: F401
                                     softmax_loss, svm_hinge_loss)


def make_classifier(name: str, device: torch.device | str = "cpu", **hyperparameters) -> Classifier:
    """A new classifier by its registered name; unknown names and hyperparameters are an error."""
    return registry.get(name).make(device=device, **hyperparameters)


def classifier_from_state(params: dict[str, Any], tensors: dict[str, torch.Tensor],
                          device: torch.device | str = "cpu") -> Classifier:
    """Rebuild a trained classifier from ``get_state()``'s output."""
    kind = params.get("type")
    spec = registry.registered(kind) if isinstance(kind, str) else None
    if spec is None:
        raise ValueError(f"Unknown classifier type {kind!r} in the saved state.")
    return spec.from_state(params, tensors, device=device)
