"""How well a classifier did on test data: accuracy, per-class precision/recall/F1, confusion matrix, mistakes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support


@dataclass
class Evaluation:
    """Results on labelled examples. ``confusion[i][j]`` counts examples of true class i predicted as j."""

    accuracy: float
    per_class: list[dict[str, Any]]  # name, precision, recall, f1, support
    confusion: list[list[int]]
    class_names: list[str]
    predicted: np.ndarray  # int64 [n]
    confidence: np.ndarray  # float32 [n], probability of the predicted class
    mistakes: list[dict[str, Any]] = field(default_factory=list)  # path, true, predicted, confidence

    @property
    def n_examples(self) -> int:
        return int(len(self.predicted))

    def to_dict(self) -> dict[str, Any]:
        """JSON-able (plain floats, ints, strings and lists)."""
        return {
            "accuracy": float(self.accuracy),
            "per_class": [dict(row) for row in self.per_class],
            "confusion": [list(map(int, row)) for row in self.confusion],
            "class_names": list(self.class_names),
            "predicted": [int(v) for v in self.predicted],
            "confidence": [float(v) for v in self.confidence],
            "mistakes": [dict(m) for m in self.mistakes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Evaluation":
        return cls(
            accuracy=float(data["accuracy"]),
            per_class=[dict(row) for row in data["per_class"]],
            confusion=[list(map(int, row)) for row in data["confusion"]],
            class_names=list(data.get("class_names") or [row["name"] for row in data["per_class"]]),
            predicted=np.asarray(data.get("predicted", []), dtype=np.int64),
            confidence=np.asarray(data.get("confidence", []), dtype=np.float32),
            mistakes=[dict(m) for m in data.get("mistakes", [])],
        )


def evaluate(y_true, proba, class_names: Sequence[str], paths: Sequence[str | Path] | None = None) -> Evaluation:
    """Score class probabilities ``proba [n, C]`` against true labels ``y_true [n]``.

    The prediction is the most probable class (the first on equal probabilities). Mistakes list the
    wrongly classified examples, most confident first (these are the most instructive to look at).
    """
    y_true = np.asarray(y_true, dtype=np.int64).reshape(-1)
    proba = np.asarray(proba, dtype=np.float32)
    n_classes = len(class_names)
    if proba.ndim != 2 or proba.shape[0] != len(y_true):
        raise ValueError(f"proba must be [n, C] with n = {len(y_true)}, got shape {proba.shape}.")
    if proba.shape[1] != n_classes:
        raise ValueError(f"proba has {proba.shape[1]} columns but there are {n_classes} class names.")
    if paths is not None and len(paths) != len(y_true):
        raise ValueError(f"{len(paths)} paths for {len(y_true)} examples.")
    predicted = proba.argmax(axis=1).astype(np.int64) if len(y_true) else np.zeros(0, np.int64)
    confidence = proba[np.arange(len(y_true)), predicted] if len(y_true) else np.zeros(0, np.float32)
    labels = list(range(n_classes))
    accuracy = float(accuracy_score(y_true, predicted)) if len(y_true) else 0.0
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, predicted, labels=labels, zero_division=0) if len(y_true) else (np.zeros(n_classes),) * 4
    per_class = [{"name": str(name), "precision": float(precision[c]), "recall": float(recall[c]),
                  "f1": float(f1[c]), "support": int(support[c])} for c, name in enumerate(class_names)]
    confusion = (confusion_matrix(y_true, predicted, labels=labels) if len(y_true)
                 else np.zeros((n_classes, n_classes), dtype=np.int64))
    wrong = np.flatnonzero(predicted != y_true)
    wrong = wrong[np.argsort(-confidence[wrong], kind="stable")]
    mistakes = [{"path": str(paths[i]) if paths is not None else None, "true": str(class_names[y_true[i]]),
                 "predicted": str(class_names[predicted[i]]), "confidence": float(confidence[i])} for i in wrong]
    return Evaluation(accuracy=accuracy, per_class=per_class, confusion=confusion.tolist(),
                      class_names=[str(c) for c in class_names], predicted=predicted,
                      confidence=confidence.astype(np.float32), mistakes=mistakes)
