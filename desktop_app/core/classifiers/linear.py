"""Linear classifiers in torch: multiclass SVM (hinge loss) and softmax (cross-entropy), trained by Adam
(linear_training.py), and their declarations in the registry.

Probabilities are ``(1 - u) softmax(scores / T) + u / C`` with T and u calibrated on validation data.
"""
from __future__ import annotations

from typing import Any, Generator

import numpy as np
import torch

from desktop_app.core.classifiers import calibration, registry
from desktop_app.core.classifiers.classifier_base import (Hyperparameters, as_features, as_labels, as_torch_device,
                                                          check_rules, is_confidence_map, is_int, is_number, to_numpy)
from desktop_app.core.classifiers.linear_training import (softmax_loss, softmax_loss_and_gradient, svm_hinge_loss,
                                                          svm_hinge_loss_and_gradient, train_weights)
from desktop_app.core.events import Event, check_cancel
from desktop_app.core.output.translation import translatable, translate

_ACCURACY_CHUNK = 8192  # rows scored at once when training on some rows of a larger array
HYPERPARAMETER_RULES = {
    "learning_rate": lambda v: is_number(v) and v > 0,
    "regularization": lambda v: is_number(v) and v >= 0,
    "epochs": lambda v: is_int(v) and v >= 1,
    "batch_size": lambda v: is_int(v) and v >= 1,
    "patience": lambda v: v is None or (is_int(v) and v >= 0),
    "seed": lambda v: v is None or is_int(v),
    "init_scale": is_number,
    "temperature": lambda v: v is None or (is_number(v) and v > 0),
    "uniform_share": lambda v: is_number(v) and 0 <= v < 1,
    "confidence_map": is_confidence_map,
}


# -- linear classifiers ------------------------------------------------------------------------------------------

class _LinearClassifier(Hyperparameters):
    """Scores ``X @ W + b`` (W ``[d, C]``) trained by minibatch Adam with cosine learning-rate decay.

    Objective: mean data loss + ``regularization * sum(W**2)`` (the bias is not regularised). With
    validation data, training stops after ``patience`` epochs without a better validation accuracy and
    the weights of the best epoch are kept (``best_epoch_``). Deterministic on the CPU for a given seed.

    Probabilities are ``(1 - u) softmax(scores / T) + u / C``. ``temperature=None`` fits T and u on the
    validation data given to ``fit`` (``calibration.fit_temperature``), else uses T = 1, u = 0; a number fixes
    T (and ``uniform_share`` u), e.g. ones fitted during the search and kept for the final refit on training +
    validation data, which has no held-out pictures left.
    """

    kind = "linear"

    def __init__(self, learning_rate: float = 1e-3, regularization: float = 1e-3, epochs: int = 20,
                 batch_size: int = 256, patience: int | None = 10, seed: int = 0,
                 device: torch.device | str = "cpu", init_scale: float = 1e-3,
                 temperature: float | None = None, uniform_share: float = 0.0,
                 confidence_map: dict[str, list[float]] | None = None) -> None:
        self.learning_rate = float(learning_rate)
        self.regularization = float(regularization)
        self.epochs = int(epochs)
        self.batch_size = int(batch_size)
        self.patience = None if patience is None else int(patience)
        self.seed = seed
        self.device = as_torch_device(device)
        self.init_scale = float(init_scale)
        self.temperature = None if temperature is None else float(temperature)
        self.temperature_ = 1.0 if temperature is None else self.temperature
        self.uniform_share = float(uniform_share)
        self.uniform_share_ = self.uniform_share
        self.confidence_map = confidence_map  # winner's probability -> held-out accuracy (calibration.py)

    def check_hyperparameters(self) -> None:
        check_rules(self.get_params(), HYPERPARAMETER_RULES)

    def start_from(self, W: torch.Tensor, b: torch.Tensor) -> "_LinearClassifier":
        """Start the next fit from these weights (W ``[d, C]``, b ``[C]``) instead of small random ones: retraining
        with a few new pictures goes on from the current model (``warm_start.initial_weights``)."""
        self.start_weights = (W.detach().cpu(), b.detach().cpu())
        return self

    @staticmethod
    def data_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def data_loss_and_gradient(scores: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        raise NotImplementedError  # pragma: no cover - abstract

    # training ------------------------------------------------------------------------------------------------
    def fit(self, X, y, X_val=None, y_val=None, n_classes: int | None = None, cancel=None) -> "_LinearClassifier":
        for _ in self.fit_events(X, y, X_val, y_val, cancel=cancel, n_classes=n_classes):
            pass
        return self

    def fit_events(self, X, y, X_val=None, y_val=None, cancel=None, run: str = "final",
                   n_classes: int | None = None, rows=None) -> Generator[Event, None, "_LinearClassifier"]:
        """Train, yielding ``LossPoint`` (about 20 per epoch at most) and ``EpochMetrics`` events.

        ``rows`` (indices into ``X`` and ``y``) trains on those rows only, exactly as on ``X[rows]``, without
        that copy: cross-validation folds of 50,000 pictures' pixels would otherwise copy 400+ MB each."""
        return (yield from train_weights(self, X, y, X_val, y_val, cancel, run, n_classes, rows))

    def _after_fit(self, X_val, y_val) -> None:
        """Calibration once the weights are final."""
        if self.temperature is not None:
            self.temperature_, self.uniform_share_ = float(self.temperature), self.uniform_share
        elif X_val is not None:
            self.calibrate_temperature(X_val, y_val)
        else:  # nothing held out to calibrate on: the smallest uniform share still keeps every answer below 1
            self.temperature_, self.uniform_share_ = 1.0, max(self.uniform_share, calibration.MIN_UNIFORM_SHARE)

    @torch.no_grad()
    def calibrate_temperature(self, X, y) -> float:
        """Fit T and u on held-out (X, y) by the smoothed negative log-likelihood; returns T."""
        self.temperature_, self.uniform_share_ = calibration.fit_temperature(to_numpy(self._scores(X)),
                                                                             to_numpy(as_labels(y)))
        return self.temperature_

    @torch.no_grad()
    def _scores(self, X) -> torch.Tensor:
        self.check_fitted("W_")
        features = as_features(X, self.device)
        if features.shape[1] != self.W_.shape[0]:
            raise ValueError(f"Expected {self.W_.shape[0]} features per example, got {features.shape[1]}.")
        return torch.addmm(self.b_, features, self.W_)

    def _accuracy(self, X: torch.Tensor, y: torch.Tensor, rows: torch.Tensor | None = None) -> float:
        if rows is None:
            return int((self._scores(X).argmax(dim=1) == y).sum()) / max(1, y.shape[0])
        correct = 0
        for start in range(0, len(rows), _ACCURACY_CHUNK):  # a chunk at a time: no copy of all the rows
            chunk = rows[start:start + _ACCURACY_CHUNK]
            correct += int((self._scores(X.index_select(0, chunk)).argmax(dim=1) == y.index_select(0, chunk)).sum())
        return correct / max(1, len(rows))

    # prediction ----------------------------------------------------------------------------------------------
    def decision_function(self, X) -> np.ndarray:
        """Class scores ``[n, n_classes]``."""
        return to_numpy(self._scores(X))

    def predict(self, X, cancel=None) -> np.ndarray:
        """The first arg-max of the probabilities (the same rule as evaluation and the model file)."""
        return self.predict_proba(X, cancel).argmax(axis=1).astype(np.int64)

    def predict_proba(self, X, cancel=None) -> np.ndarray:
        check_cancel(cancel)
        return to_numpy(self.probabilities_from_scores(self._scores(X)))

    def probabilities_from_scores(self, scores: torch.Tensor) -> torch.Tensor:
        """Calibrated probabilities from class scores (torch ops only: the ONNX export traces this)."""
        proba = calibration.mixed_softmax(scores, self.temperature_, self.uniform_share_)
        return calibration.apply_confidence_map(proba, self.confidence_map)

    def to(self, device: torch.device | str):
        self.device = as_torch_device(device)
        if hasattr(self, "W_"):
            self.W_, self.b_ = self.W_.to(self.device), self.b_.to(self.device)
        return self

    # saving --------------------------------------------------------------------------------------------------
    def get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        self.check_fitted("W_")
        params = {"type": self.kind, "hyperparameters": self.saved_params(), "n_classes": self.n_classes_,
                  "n_features": int(self.W_.shape[0]), "best_epoch": getattr(self, "best_epoch_", None),
                  "temperature": self.temperature_, "uniform_share": self.uniform_share_}
        tensors = {"W": self.W_.detach().to("cpu").contiguous(), "b": self.b_.detach().to("cpu").contiguous()}
        return params, tensors

    @classmethod
    def from_state(cls, params: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device | str = "cpu"):
        model = cls(**params.get("hyperparameters", {}), device=device)
        model.W_ = tensors["W"].float().to(model.device)
        model.b_ = tensors["b"].float().to(model.device)
        model.n_classes_ = int(params.get("n_classes", model.W_.shape[1]))
        model.n_features_in_ = int(model.W_.shape[0])
        model.best_epoch_ = params.get("best_epoch")
        if "temperature" in params:  # older softmax files have none: T = 1, as they were trained
            model.temperature_ = float(params["temperature"])
        model.uniform_share_ = float(params.get("uniform_share", 0.0))
        return model


class SoftmaxClassifier(_LinearClassifier):
    """Multinomial logistic regression: cross-entropy of softmax(scores); probabilities softmax(scores / T)."""

    kind = "softmax"

    @staticmethod
    def data_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return softmax_loss(scores, y)

    @staticmethod
    def data_loss_and_gradient(scores: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return softmax_loss_and_gradient(scores, y)


class LinearSVMClassifier(_LinearClassifier):
    """Multiclass linear SVM (hinge loss). The scores have no probability scale: T gives them one."""

    kind = "svm"

    @staticmethod
    def data_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return svm_hinge_loss(scores, y)

    @staticmethod
    def data_loss_and_gradient(scores: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return svm_hinge_loss_and_gradient(scores, y)


# -- the registry's specs ----------------------------------------------------------------------------------------

def _check_state(params: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
    """A saved linear model's weights against its numbers of features and classes, and its calibration."""
    dimension, classes = params["n_features"], params["n_classes"]
    if tuple(tensors["W"].shape) != (dimension, classes):
        raise ValueError(translate("its {name} has shape {shape}, not {wanted}").format(
            name="classifier.W", shape=list(tensors["W"].shape), wanted=f"[{dimension}, {classes}]"))
    if tuple(tensors["b"].shape) != (classes,):
        raise ValueError(translate("its {name} has shape {shape}, not {wanted}").format(
            name="classifier.b", shape=list(tensors["b"].shape), wanted=f"[{classes}]"))
    if "temperature" in params and not HYPERPARAMETER_RULES["temperature"](params["temperature"]):
        raise ValueError(translate("its probability temperature is not a positive number"))
    if not HYPERPARAMETER_RULES["uniform_share"](params.get("uniform_share", 0.0)):
        raise ValueError(translate("its probability calibration (uniform share) is not between 0 and 1"))


_SETTINGS = (
    registry.Setting("learning_rate", translatable("&Learning rate:"), translatable(
        "Step size of each update (0.000001-10). Too large: the loss jumps around; too small: it learns slowly."),
        1e-3, 1e-6, 10.0, searched=True),
    registry.Setting("regularization", translatable("Re&gularisation:"), translatable(
        "Keeps the weights small so the model does not memorise the training pictures (0-10)."),
        1e-3, 0.0, 10.0, searched=True),
    registry.Setting("epochs", translatable("&Epochs:"), translatable(
        "Passes over the training pictures (1-1000); training stops early when the validation accuracy stops "
        "improving."), 60, 1, 1000),
    registry.Setting("batch_size", translatable("&Batch size:"), translatable("Pictures per update step (1-4096)."),
                     256, 1, 4096),
)
def _training_cost(n: int, d: int, c: int, searched: bool) -> float:
    """Reference seconds (2 CPU cores): passes over the pictures times the cost of one picture's pass (a
    minibatch step's overhead shared by its pictures, and the multiply-adds of its scores and gradients). Searched:
    12 settings of up to 30 epochs on the training part, 5 calibration folds and the final fit (about 350
    passes); else about the default 60 epochs."""
    passes = 350 if searched else 60
    return 1.0 + n * passes * (1e-5 + d * c * 1e-9)


_SHARED = dict(
    training_cost=_training_cost,
    settings=_SETTINGS,
    settings_search="validation",
    search_note=translatable("SVM / softmax: tries learning rates and regularisation strengths on the validation "
                             "pictures."),
    training_plot="loss_curves",
    early_stopping=True,
    state_tensors={"W": (torch.float32,), "b": (torch.float32,)},
    hyperparameter_rules=HYPERPARAMETER_RULES,
    check_state=_check_state,
    export_graph="desktop_app.core.export.classifier_graphs:linear_graph",
    explanation="scores",
)
registry.register(registry.ClassifierSpec(
    name=LinearSVMClassifier.kind, title=translatable("linear SVM"), label=translatable("Linear &SVM"),
    description=translatable("Learns one score per class from the features and picks the highest.\n"
                             "Trained to keep the right class ahead of the others by a safety margin."),
    classifier=LinearSVMClassifier, loss="hinge", **_SHARED))
registry.register(registry.ClassifierSpec(
    name=SoftmaxClassifier.kind, title=translatable("softmax"),
    label=translatable("Soft&max (linear, with probabilities)"),
    description=translatable("Also learns one score per class, turned into probabilities.\n"
                             "Its confidences are the most meaningful of the three; a good first choice."),
    classifier=SoftmaxClassifier, loss="cross_entropy", **_SHARED))
