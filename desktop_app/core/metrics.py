"""How well a classifier did on test data: accuracy, per-class precision/recall/F1, confusion matrix, mistakes,
and how far its percentages can be trusted (calibration error, reliability table, answered-vs-right trade).

An ``Evaluation`` is the one record of a test: it keeps the pictures (paths), true labels, predictions and
probabilities, so nothing downstream (GUI, CLI) has to rebuild the split to know which picture was which."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from desktop_app.core import preload
from desktop_app.core.accuracy_interval import accuracy_interval
from desktop_app.core.classifiers import reliability
from desktop_app.core.output.translation import translatable, translate

PROBABILITY_DIGITS = 5  # stored probabilities are rounded: a model file should not grow by noise digits


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
    paths: list[str] | None = None  # the test pictures, in the order of predicted (None when not known)
    y_true: np.ndarray | None = None  # int64 [n]
    probabilities: np.ndarray | None = None  # float32 [n, C]

    @property
    def n_examples(self) -> int:
        return int(len(self.predicted))

    @property
    def accuracy_interval(self) -> tuple[float, float]:
        """The 95 % Wilson interval of the accuracy on these n_examples pictures (``core.accuracy_interval``)."""
        return accuracy_interval(self.accuracy, self.n_examples)

    @property
    def correct(self) -> np.ndarray | None:
        return None if self.y_true is None else np.asarray(self.predicted == self.y_true)

    @property
    def ece(self) -> float | None:
        """Expected calibration error (top label, 15 equal-width bins); None without true labels."""
        correct = self.correct
        return None if correct is None else reliability.expected_calibration_error(self.confidence, correct)

    def reliability(self) -> list[reliability.ReliabilityBin]:
        correct = self.correct
        return [] if correct is None else reliability.reliability_table(self.confidence, correct)

    def answered_at(self, threshold: float) -> tuple[float, float | None]:
        """(share of pictures answered, accuracy of those answers) when answers below threshold say "unsure"."""
        correct = self.correct
        return (0.0, None) if correct is None else reliability.answered_at(self.confidence, correct, threshold)

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
            "paths": None if self.paths is None else [str(p) for p in self.paths],
            "y_true": None if self.y_true is None else [int(v) for v in self.y_true],
            "probabilities": (None if self.probabilities is None
                              else np.round(self.probabilities.astype(np.float64), PROBABILITY_DIGITS).tolist()),
            "ece": self.ece,
            "reliability": [b.to_dict() for b in self.reliability()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Evaluation":
        """From ``to_dict()`` or from the compact form a model file keeps (``stored_evaluation``)."""
        data = evaluation_from_stored(data)
        return cls(
            accuracy=float(data["accuracy"]),
            per_class=[dict(row) for row in data["per_class"]],
            confusion=[list(map(int, row)) for row in data["confusion"]],
            class_names=list(data.get("class_names") or [row["name"] for row in data["per_class"]]),
            predicted=np.asarray(data.get("predicted", []), dtype=np.int64),
            confidence=np.asarray(data.get("confidence", []), dtype=np.float32),
            mistakes=[dict(m) for m in data.get("mistakes", [])],
            paths=None if data.get("paths") is None else [str(p) for p in data["paths"]],
            y_true=None if data.get("y_true") is None else np.asarray(data["y_true"], dtype=np.int64),
            probabilities=(None if data.get("probabilities") is None
                           else np.asarray(data["probabilities"], dtype=np.float32)),
        )


# -- the compact form a model file keeps -------------------------------------------------------------------------
# The probability table (test pictures x classes) and the dense confusion matrix (classes^2) made a 2,000-class
# model's description 86 MB, over what a model file may hold. Kept instead: the per-picture lists (paths, true
# and predicted class, confidence), the non-zero confusion cells, and everything small; the mistakes are the
# per-picture lists' wrong answers, so they are rebuilt.
MAX_DENSE_CELLS = 1 << 24  # 4,096 classes: a bigger matrix is not unpacked from a file (memory)


def stored_evaluation(data: dict[str, Any]) -> dict[str, Any]:
    """The compact form of ``Evaluation.to_dict()`` for a model file (``evaluation_from_stored`` undoes it)."""
    stored = {key: value for key, value in data.items() if key not in ("confusion", "probabilities", "mistakes")}
    if "confusion" in data:
        confusion = np.asarray(data["confusion"], dtype=np.int64).reshape(-1, max(1, len(data["confusion"])))
        where = np.argwhere(confusion)
        stored["confusion_cells"] = np.column_stack([where, confusion[tuple(where.T)]]).tolist()
    else:
        stored["confusion_cells"] = data.get("confusion_cells", [])
    confidence = data.get("confidence")
    if confidence is not None:
        # each float32 in its shortest digits (read back to the same float32: the mistakes keep their order)
        stored["confidence"] = [float(str(value)) for value in np.asarray(confidence, dtype=np.float32)]
    if not _can_rebuild_mistakes(stored):
        stored["mistakes"] = data.get("mistakes", [])
    return stored


def evaluation_from_stored(data: dict[str, Any]) -> dict[str, Any]:
    """``Evaluation.to_dict()``'s form (without the probability table) of a stored evaluation; the full form is
    returned as it is. Data from a file is checked as it is unpacked (ValueError, TypeError or KeyError when it
    does not fit together). A confusion matrix of over MAX_DENSE_CELLS cells is left out (its cells stay)."""
    if "confusion_cells" not in data or "confusion" in data:
        return data
    names = [str(name) for name in (data.get("class_names") or [row["name"] for row in data["per_class"]])]
    size = len(names)
    full = dict(data, probabilities=None)
    cells = _whole_numbers(data["confusion_cells"], translatable("confusion cells"))
    if cells.size == 0:
        cells = cells.reshape(0, 3)
    if cells.ndim != 2 or cells.shape[1] != 3:
        raise ValueError(translate("the confusion cells are not (true, predicted, count) triples"))
    rows, columns = _class_numbers(cells[:, 0], size), _class_numbers(cells[:, 1], size)
    counts = cells[:, 2]
    if (counts < 0).any() or (counts >= 1 << 62).any():
        raise ValueError(translate("a confusion count is not possible"))
    if size * size <= MAX_DENSE_CELLS:
        confusion = np.zeros((size, size), dtype=np.int64)
        np.add.at(confusion, (rows, columns), counts.astype(np.int64))
        full["confusion"] = confusion.tolist()
    if "mistakes" not in data:
        if not _can_rebuild_mistakes(data):
            raise ValueError(translate("the test results list no mistakes and cannot rebuild them"))
        full["mistakes"] = _rebuilt_mistakes(data, names)
    return full


def _whole_numbers(values: Any, what: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "iu" and array.size:  # floats, text, booleans, numbers too big for 64 bits
        raise ValueError(translate("the {what} are not whole numbers").format(what=translate(what)))
    return array.astype(np.int64)


def _class_numbers(values: Any, size: int) -> np.ndarray:
    numbers = _whole_numbers(values, translatable("class numbers")).reshape(-1)
    if ((numbers < 0) | (numbers >= size)).any():
        raise ValueError(translate("a class number is outside 0..{last}").format(last=size - 1))
    return numbers


def _can_rebuild_mistakes(data: dict[str, Any]) -> bool:
    lists = [data.get(key) for key in ("y_true", "predicted", "confidence")]
    paths = data.get("paths")
    return (all(isinstance(values, list) for values in lists) and len({len(values) for values in lists}) == 1
            and (paths is None or (isinstance(paths, list) and len(paths) == len(lists[0]))))


def _rebuilt_mistakes(data: dict[str, Any], names: list[str]) -> list[dict[str, Any]]:
    """The wrong answers, most confident first: as ``evaluate`` lists them."""
    y_true = _class_numbers(data["y_true"], len(names))
    predicted = _class_numbers(data["predicted"], len(names))
    confidence = np.asarray(data["confidence"], dtype=np.float64).reshape(-1)
    if not len(y_true) == len(predicted) == len(confidence):
        raise ValueError(translate("the per-picture test results are of different lengths"))
    paths = data.get("paths")
    wrong = np.flatnonzero(predicted != y_true)
    wrong = wrong[np.argsort(-confidence[wrong], kind="stable")]
    return [{"path": None if paths is None else str(paths[i]), "true": names[y_true[i]],
             "predicted": names[predicted[i]], "confidence": float(confidence[i])} for i in wrong]


def evaluate(y_true, proba, class_names: Sequence[str], paths: Sequence[str | Path] | None = None) -> Evaluation:
    """Score class probabilities ``proba [n, C]`` against true labels ``y_true [n]``.

    The prediction is the most probable class (the first on equal probabilities: the one tie rule; kNN's
    probabilities already order its vote winner first). Mistakes list the
    wrongly classified examples, most confident first (these are the most instructive to look at).
    """
    y_true = np.asarray(y_true, dtype=np.int64).reshape(-1)
    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

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
                      confidence=confidence.astype(np.float32), mistakes=mistakes,
                      paths=None if paths is None else [str(p) for p in paths], y_true=y_true, probabilities=proba)
