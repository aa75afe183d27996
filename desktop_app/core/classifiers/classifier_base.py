"""What every classifier shares: the ``Classifier`` contract, and conversions between numpy and torch.

Conventions (scikit-learn's): hyperparameters go to the constructor (which only stores them, ``Hyperparameters``),
``fit`` checks them and learns, fitted attributes end in ``_``. Inputs may be numpy arrays or tensors; outputs are numpy arrays (float32 probabilities, int64 labels).
Labels are class indices ``0 .. n_classes - 1``. The predicted class is always the first arg-max of
``predict_proba`` (one tie rule for search, evaluation and prediction).
"""
from __future__ import annotations

import inspect
import math
from typing import Any, Protocol, runtime_checkable

import numpy as np
import torch

from desktop_app.core.output.translation import translate

NOT_TRAINED = "This classifier has not been trained yet (call fit first)."


@runtime_checkable
class Classifier(Protocol):
    """The contract of every registered classifier (what training, the model file and the GUI rely on). Its
    constructor takes its hyperparameters plus ``device`` and ``seed``; ``from_state(params, tensors, device)``
    rebuilds it from ``get_state()``. Each one is declared by a ``registry.ClassifierSpec`` in its own module."""

    kind: str
    n_classes_: int

    def fit(self, X, y, X_val=None, y_val=None, n_classes: int | None = None, cancel=None) -> "Classifier": ...

    def predict(self, X, cancel=None) -> np.ndarray: ...

    def predict_proba(self, X, cancel=None) -> np.ndarray: ...

    def get_params(self) -> dict[str, Any]: ...

    def get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]: ...

    def to(self, device: torch.device | str) -> "Classifier": ...


class Hyperparameters:
    """scikit-learn's contract: ``get_params`` lists every ``__init__`` argument under its own name (so
    ``sklearn.base.clone`` rebuilds an equal, untrained classifier), ``set_params`` sets them; ``__init__`` only
    stores them (as plain numbers and a torch.device) and ``fit`` checks them (``check_hyperparameters``)."""

    @classmethod
    def _param_names(cls) -> list[str]:
        parameters = inspect.signature(cls.__init__).parameters.values()
        return [p.name for p in parameters if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> "Hyperparameters":
        unknown = set(params) - set(self._param_names())
        if unknown:
            raise ValueError(f"Unknown settings for {type(self).__name__}: {', '.join(sorted(unknown))}.")
        type(self).__init__(self, **{**self.get_params(), **params})  # stored as the constructor stores them
        return self

    def saved_params(self) -> dict[str, Any]:
        """The hyperparameters a model file keeps: all but the device (chosen again when loading)."""
        params = self.get_params()
        params.pop("device", None)
        return params

    def check_hyperparameters(self) -> None:
        """Raise ValueError when a setting is impossible (called by ``fit``)."""

    def check_fitted(self, attribute: str) -> None:
        """The one not-trained check: ``attribute`` is set by ``fit``."""
        if not hasattr(self, attribute):
            raise RuntimeError(NOT_TRAINED)


# Checks of single values, shared by the classifiers' settings and the model file's parts.
def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A finite number that also fits a float (an integer of 400 digits does not: float() overflows)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def is_confidence_map(value) -> bool:
    """None, or ``{"top": [...], "confidence": [...]}``: 1 to 64 probabilities each, ``top`` increasing and
    ``confidence`` not decreasing (calibration.fit_confidence_map)."""
    if value is None:
        return True
    if not isinstance(value, dict) or set(value) != {"top", "confidence"}:
        return False
    top, confidence = value["top"], value["confidence"]
    if not (isinstance(top, list) and isinstance(confidence, list) and 1 <= len(top) == len(confidence) <= 64):
        return False
    if not all(is_number(v) and 0 <= v <= 1 for v in top + confidence):
        return False
    return all(a < b for a, b in zip(top, top[1:])) and all(a <= b for a, b in zip(confidence, confidence[1:]))


def check_rules(values: dict[str, Any], rules: dict[str, Any]) -> None:
    """ValueError naming the first value its rule refuses (the model file and ``fit`` share the rules)."""
    for key, rule in rules.items():
        if key in values and not rule(values[key]):
            raise ValueError(translate("{key} = {value!r} is not possible").format(key=key, value=values[key]))


def as_torch_device(device: torch.device | str | None) -> torch.device:
    """``torch.device`` from a device or a name ("cpu", "cuda", "cuda:1", "mps"; "auto" picks the best one)."""
    if device is None:
        return torch.device("cpu")
    if isinstance(device, torch.device):
        return device
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    return torch.device(device)


def as_features(X, device: torch.device | None = None) -> torch.Tensor:
    """2-D float32 tensor (no copy when a contiguous float32 CPU array is given and the device is the CPU)."""
    tensor = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32)) if not isinstance(X, torch.Tensor) else X
    if tensor.dtype != torch.float32:
        tensor = tensor.float()
    if tensor.ndim != 2:
        raise ValueError(f"Features must be a 2-D array [n_samples, n_features], got shape {tuple(tensor.shape)}.")
    return tensor if device is None else tensor.to(device)


def as_labels(y, device: torch.device | None = None) -> torch.Tensor:
    tensor = torch.as_tensor(np.asarray(y) if not isinstance(y, torch.Tensor) else y).long().reshape(-1)
    if tensor.numel() and int(tensor.min()) < 0:
        raise ValueError("Labels must be class indices 0 .. n_classes - 1.")
    return tensor if device is None else tensor.to(device)


def check_fit_inputs(X: torch.Tensor, y: torch.Tensor, n_classes: int | None) -> int:
    if X.shape[0] == 0:
        raise ValueError("Cannot train on zero examples.")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{X.shape[0]} feature rows but {y.shape[0]} labels.")
    found = int(y.max()) + 1
    if n_classes is not None and n_classes < found:
        raise ValueError(f"Labels go up to {found - 1} but n_classes is {n_classes}.")
    return int(n_classes or found)


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().to("cpu").numpy()

