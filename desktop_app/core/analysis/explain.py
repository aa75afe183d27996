"""Why a model answered as it did, worked out the way the lecture does it, for one picture.

A linear classifier (the registry's ``explanation == "scores"``) gives each class a score s = Wx + b; the
multiclass SVM loss of a picture of class y sums the hinge terms max(0, s_j - s_y + 1) over the wrong classes j,
and the softmax loss is -log of the right class's share after exp and normalising. A kNN model
(``"neighbours"``) lets its k nearest training pictures vote. ``lecture_example()`` is the lecture's cat / car /
frog example (hinge losses 2.9, 0 and 12.9, mean 5.27; softmax loss 2.04 for the cat picture, natural log).

NumPy only at the top (the window may import it before the engine); a model's own parts are imported when used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from desktop_app.core.classifiers import registry

# The lecture's example: three pictures (a cat, a car, a frog), each scored for the classes cat, car and frog.
LECTURE_CLASSES = ("cat", "car", "frog")
LECTURE_SCORES = ((3.2, 5.1, -1.7), (1.3, 4.9, 2.0), (2.2, 2.5, -3.1))  # picture i is of class i
HINGE_MARGIN = 1.0  # the SVM wants the right class ahead of every other by this much (linear_training.py)
_LARGEST_EXP = 700.0  # exp of more overflows a float64: the scores are then lowered by their maximum first


def number_text(value: float, digits: int = 2) -> str:
    """A number of the arithmetic as the lecture writes it: at most ``digits`` decimals, no trailing zeros
    ("2.9", "0", "12.9", "5.27"); very large or small values in powers of ten."""
    value = float(value)
    if not math.isfinite(value):
        return "inf" if value > 0 else "-inf" if value < 0 else "?"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-4):
        return f"{value:.{digits - 1}e}"
    if value != 0 and abs(value) < 10 ** -digits / 2:  # 0.00097: its leading digits, not "0"
        return f"{value:.{digits}g}"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class HingeTerm:
    """One wrong class's part of the SVM loss: max(0, s_j - s_y + 1)."""

    class_index: int
    margin: float  # s_j - s_y + 1
    value: float  # max(0, margin)


@dataclass(frozen=True)
class ScoreSteps:
    """Both losses of one picture's scores, step by step, for its right class ``true_index``."""

    class_names: tuple[str, ...]
    scores: np.ndarray  # float64 [C]
    true_index: int
    hinge_terms: tuple[HingeTerm, ...]  # the wrong classes, in class order
    hinge_loss: float  # their sum
    shift: float  # subtracted from every score before exp (0 unless a score is too large for exp)
    exp_scores: np.ndarray  # exp(s - shift) [C]
    probabilities: np.ndarray  # exp / sum of exp [C]
    softmax_loss: float  # -log(probability of the right class), natural log

    @property
    def true_class(self) -> str:
        return self.class_names[self.true_index]


def score_steps(scores: Sequence[float], true_index: int, class_names: Sequence[str]) -> ScoreSteps:
    """The hinge terms and their sum, and exp / normalise / -log, of one picture's class scores."""
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    names = tuple(class_names)
    if len(names) != len(s) or not 0 <= int(true_index) < len(s):
        raise ValueError("one score per class, and a right class among them, are needed")
    y = int(true_index)
    terms = tuple(HingeTerm(j, float(s[j] - s[y] + HINGE_MARGIN), max(0.0, float(s[j] - s[y] + HINGE_MARGIN)))
                  for j in range(len(s)) if j != y)
    shift = float(s.max()) if s.max() > _LARGEST_EXP else 0.0
    exp_scores = np.exp(s - shift)
    probabilities = exp_scores / exp_scores.sum()
    # -log(p_y) computed as log-sum-exp minus s_y: exact even when p_y underflows to 0
    top = float(s.max())
    softmax_loss = float(top + math.log(float(np.exp(s - top).sum())) - s[y])
    return ScoreSteps(names, s, y, terms, float(sum(t.value for t in terms)), shift, exp_scores, probabilities,
                      softmax_loss)


@dataclass(frozen=True)
class LectureExample:
    """The lecture's three pictures with their steps, and the losses averaged over them."""

    pictures: tuple[ScoreSteps, ...]

    @property
    def mean_hinge_loss(self) -> float:
        return float(np.mean([p.hinge_loss for p in self.pictures]))

    @property
    def mean_softmax_loss(self) -> float:
        return float(np.mean([p.softmax_loss for p in self.pictures]))


def lecture_example() -> LectureExample:
    return LectureExample(tuple(score_steps(scores, i, LECTURE_CLASSES) for i, scores in enumerate(LECTURE_SCORES)))


# -- one picture through a model ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Vote:
    """kNN: what the k nearest training pictures said about one class."""

    class_index: int
    count: int  # neighbours of this class among the k
    share: float  # its share of the vote (weighted by distance when the model weighs so)


@dataclass(frozen=True)
class PictureExplanation:
    """What a model's answer for one picture is made of (``explanation`` says which parts are there)."""

    name: str  # the picture's path, or a name for a pasted one
    class_names: tuple[str, ...]
    classifier: str  # the registry name
    explanation: str  # registry.EXPLANATIONS
    loss: str | None  # the loss the classifier is trained with (registry.LOSSES)
    probabilities: np.ndarray  # the model's final, calibrated answer [C]
    scores: np.ndarray | None = None  # "scores": s = Wx + b [C]
    neighbours: tuple = ()  # model_file.Neighbour, nearest first: the k that voted ("neighbours")
    votes: tuple[Vote, ...] = ()  # "neighbours": one per class
    true_index: int | None = None  # the right class when it is known (a test picture)
    extra: dict[str, Any] = field(default_factory=dict)  # the model's settings that matter here (k, distance)

    @property
    def predicted_index(self) -> int:
        return int(np.argmax(self.probabilities))

    def steps(self, true_index: int | None = None) -> ScoreSteps | None:
        """The losses for the right class ``true_index`` (default: the known one, else the answer)."""
        if self.scores is None:
            return None
        index = true_index if true_index is not None else (
            self.true_index if self.true_index is not None else self.predicted_index)
        return score_steps(self.scores, index, self.class_names)


def explain_picture(model, picture, name: str, true_class: str | None = None, device: Any = "cpu",
                    ) -> PictureExplanation:
    """Run one picture (a path or a decoded PIL image) through ``model`` (a ``TrainedModel``) and keep what its
    answer is made of: the class scores of a linear model, or the neighbours and the vote of a kNN model."""
    from desktop_app.core.data.images import load_rgb
    from desktop_app.core.extraction import features

    if not hasattr(picture, "size"):  # a path
        picture = load_rgb(picture, min_size=model.feature_settings.image_size)
    raw = features.features_for_images(model.feature_settings, [picture], device)
    spec = registry.get(model.classifier_name)
    names = tuple(model.class_names)
    true_index = names.index(true_class) if true_class in names else None
    common = dict(name=str(name), class_names=names, classifier=spec.name, explanation=spec.explanation,
                  loss=spec.loss, probabilities=np.asarray(model.probabilities(raw))[0].astype(np.float64),
                  true_index=true_index)
    standardized = model.standardizer.transform(raw)
    if spec.explanation == "scores":
        scores = np.asarray(model.classifier.decision_function(standardized), dtype=np.float64)[0]
        return PictureExplanation(scores=scores, **common)
    if spec.explanation == "neighbours" and model.keeps_training_pictures:
        classifier = model.classifier
        neighbours = tuple(model.nearest_to_features(raw, int(classifier.k)))
        shares = np.asarray(classifier.vote_shares(standardized), dtype=np.float64)[0]
        counts = [sum(1 for n in neighbours if n.class_name == c) for c in names]
        votes = tuple(Vote(i, counts[i], float(shares[i])) for i in range(len(names)))
        extra = {"k": int(classifier.k), "distance": classifier.distance, "weighting": classifier.weighting}
        return PictureExplanation(neighbours=neighbours, votes=votes, extra=extra, **common)
    return PictureExplanation(**common)
