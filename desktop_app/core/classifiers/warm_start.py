"""Warm start for retraining: the current model's weights, carried over to the new run's classes and to its
newly fitted standardiser, so the first step of the new run scores every picture as the current model does."""
from __future__ import annotations

import numpy as np
import torch


def initial_weights(model, class_names: list[str], standardizer) -> tuple[torch.Tensor, torch.Tensor] | None:
    """(W [d, C], b [C]) for a linear classifier over ``class_names`` on features standardised by
    ``standardizer``, from ``model`` (a TrainedModel); None when the model has no weights to carry over
    (kNN) or other features. A class the model did not know starts at zero."""
    classifier = getattr(model, "classifier", None)
    old_W, old_b = getattr(classifier, "W_", None), getattr(classifier, "b_", None)
    if old_W is None or old_b is None:
        return None
    old_W = old_W.detach().to("cpu", torch.float64)
    old_b = old_b.detach().to("cpu", torch.float64)
    old_mean = torch.as_tensor(np.asarray(model.standardizer.mean, dtype=np.float64))
    old_std = torch.as_tensor(np.asarray(model.standardizer.std, dtype=np.float64))
    new_mean = torch.as_tensor(np.asarray(standardizer.mean, dtype=np.float64))
    new_std = torch.as_tensor(np.asarray(standardizer.std, dtype=np.float64))
    if old_W.shape[0] != new_mean.shape[0] or old_mean.shape != new_mean.shape:
        return None
    # old scores ((x - m0) / s0) W0 + b0 in terms of z = (x - m1) / s1:
    # W = diag(s1 / s0) W0, b = b0 + ((m1 - m0) / s0) W0
    carried_W = old_W * (new_std / old_std)[:, None]
    carried_b = old_b + ((new_mean - old_mean) / old_std) @ old_W
    W = torch.zeros(old_W.shape[0], len(class_names), dtype=torch.float64)
    b = torch.zeros(len(class_names), dtype=torch.float64)
    for column, name in enumerate(class_names):
        if name in model.class_names:
            old = model.class_names.index(name)
            W[:, column], b[column] = carried_W[:, old], carried_b[old]
    return W.float(), b.float()
