""""How many more pictures?": a learning curve per class.

The classifier is trained on 20, 40, 60, 80 and 100 % of the training pictures (each class cut in the same
share, drawn again for each repeat with another seed) and tested on the same test pictures each time; the test
accuracy of each class is plotted against its number of training pictures. Where a class's curve still rises
at the end, more pictures of it would help; one plain sentence names those classes.

Kept quick on purpose: the features are computed once (cached on disk like training's), standardised once on
all the training pictures (their statistics hold no test picture), and the classifier's settings are fixed
(the given ones, else its defaults): no search, no calibration, which would not move the accuracy much but
would multiply the time by the number of settings tried.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generator, Sequence

import numpy as np

from desktop_app.core import devices, training
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, EtaClock, Message, Phase, Progress, check_cancel
from desktop_app.core.extraction import features
from desktop_app.core.extraction.standardizer import Standardizer
from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.translation import translate
from desktop_app.core.tuning import CALIBRATION_KEYS

FRACTIONS = (0.2, 0.4, 0.6, 0.8, 1.0)
REPEATS = 3
MAX_REPEATS = 20
# A class "would gain" when its test accuracy still rose over the last step by more than this, and by more than
# one of its test pictures' worth (with 15 test pictures of a class, one picture moves it by 6.7 points: less
# than that is as likely luck as learning)
RISING = 0.01
MAX_NAMED = 3  # the sentence names at most this many classes


@dataclass(frozen=True)
class LearningCurvePoint(Event):
    """The test accuracy after training on ``fraction`` of the training pictures (means over the repeats)."""

    fraction: float
    pictures: int  # training pictures used (all classes)
    accuracy: float
    accuracy_spread: float  # standard deviation over the repeats
    class_pictures: tuple[int, ...]  # training pictures of each class
    class_accuracy: tuple[float | None, ...]  # test accuracy of each class (None: no test pictures of it)

    def to_dict(self) -> dict[str, Any]:
        return {"fraction": self.fraction, "pictures": self.pictures, "accuracy": self.accuracy,
                "accuracy_spread": self.accuracy_spread, "class_pictures": list(self.class_pictures),
                "class_accuracy": list(self.class_accuracy)}


@dataclass
class LearningCurve:
    class_names: list[str]
    classifier: str
    settings: dict[str, Any]  # the fixed settings every point was trained with
    test_pictures: int
    repeats: int
    class_test_pictures: tuple[int, ...] = ()
    points: list[LearningCurvePoint] = field(default_factory=list)
    gains: list[float | None] = field(default_factory=list)  # per class: accuracy gained over the last step
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.class_names),
            "classifier": self.classifier,
            "settings": dict(self.settings),
            "test_pictures": self.test_pictures,
            "class_test_pictures": list(self.class_test_pictures),
            "repeats": self.repeats,
            "points": [point.to_dict() for point in self.points],
            "gains": {name: gain for name, gain in zip(self.class_names, self.gains)},
            "sentence": self.sentence,
        }


def curve_settings(classifier: str, feature_kind: str, given: dict[str, Any], auto_tune: bool,
                   model=None) -> dict[str, Any]:
    """The fixed settings for a curve: those chosen for ``model`` (a ``TrainedModel``) when it is this classifier
    on these features, else the ``given`` ones (without the searched ones when they were to be searched: the
    classifier's defaults then)."""
    spec = registry.get(classifier)
    keys = {setting.key for setting in spec.settings}
    if model is not None and model.classifier_name == spec.name and model.feature_settings.kind == feature_kind:
        return {key: value for key, value in model.hyperparameters.items() if key in keys}
    searched = set(spec.searched) if auto_tune else set()
    return {key: value for key, value in given.items() if key in keys and key not in searched}


def stratified_share(labels: np.ndarray, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Row indices holding ``fraction`` of each class's rows (at least one of each), drawn by ``rng``."""
    chosen = []
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        keep = max(1, int(round(fraction * len(rows))))
        chosen.append(rows if keep >= len(rows) else rng.choice(rows, size=keep, replace=False))
    return np.sort(np.concatenate(chosen))


def run_learning_curve(config: training.TrainingConfig, fractions: Sequence[float] = FRACTIONS,
                       repeats: int = REPEATS, cancel=None) -> Generator[Event, None, LearningCurve]:
    """Yields ``Phase``, ``Progress`` and one ``LearningCurvePoint`` per fraction; returns the ``LearningCurve``.
    The test pictures are those training would test on (the same split, seed and test folder); the training
    and validation pictures together are the pictures the curve draws from. Raises ``Cancelled`` when stopped."""
    fractions = sorted({float(f) for f in fractions})
    if not fractions or fractions[0] <= 0 or fractions[-1] > 1:
        raise UserError(translate("The shares of the training pictures must be above 0 and at most 1 (100 %)."))
    if not 1 <= int(repeats) <= MAX_REPEATS:
        raise UserError(translate("Repeat each share 1 to {most} times.").format(most=MAX_REPEATS))
    config.validate()
    spec = registry.get(config.classifier)
    hyper = {key: value for key, value in config.hyperparameters.items() if key not in CALIBRATION_KEYS}
    job = devices.JobDevice(devices.resolve_device(config.device))
    dataset, _ = yield from training.load_split_dataset(config, cancel)
    settings = training.feature_settings(config)
    yield Phase("features", translate("Computing features"))
    samples = dataset.samples
    result = yield from features.extract_features(settings, [s.path for s in samples], [s.digest for s in samples],
                                                  job, cancel=cancel)
    if result.problems:
        unread = len(result.problems)
        yield Message((translate("1 picture could not be read and is left out.") if unread == 1 else
                       translate("{n:,} pictures could not be read and are left out.").format(n=unread)), "warning")
    ok = np.asarray(result.ok, dtype=bool)
    labels = np.array([s.label for s in samples], dtype=np.int64)
    is_test = np.array([s.split == "test" for s in samples]) & ok
    pool, test = np.flatnonzero(ok & ~is_test), np.flatnonzero(is_test)
    if len(test) == 0:
        raise UserError(translate("There are no test pictures to measure the curve on: set a test share above 0 % "
                                  "or give a test folder."))
    n_classes = len(dataset.class_names)
    if len(np.unique(labels[pool])) < n_classes:
        raise UserError(translate("Every class needs readable training pictures for a learning curve."))
    X = result.features
    if spec.standardizes(settings.kind):
        X = Standardizer.fit(X, rows=pool).transform(X, out=X)
    X_test, y_test = X[test], labels[test]

    yield Phase("learning", translate("Training the {classifier} on growing shares of {n:,} pictures").format(
        classifier=translate(spec.title), n=len(pool)))
    total = len(fractions) * int(repeats)
    clock = EtaClock(total)
    curve = LearningCurve(list(dataset.class_names), spec.name, dict(hyper), int(len(test)), int(repeats),
                          tuple(int(n) for n in np.bincount(y_test, minlength=n_classes)))
    for number, fraction in enumerate(fractions):
        accuracies, per_class, counts = [], [], None
        for repeat in range(int(repeats)):
            check_cancel(cancel)
            done = number * int(repeats) + repeat
            yield Progress("learning", done, total, clock.eta(done),
                           translate("{share} of the training pictures, run {run} of {runs}").format(
                               share=share_text(fraction, 0), run=repeat + 1, runs=repeats))
            seed = (config.seed + repeat) % (1 << 32)  # the classifier's; the draw also depends on the share
            draw = np.random.default_rng([config.seed, repeat, number])
            rows = pool[stratified_share(labels[pool], fraction, draw)]
            counts = np.bincount(labels[rows], minlength=n_classes)
            predicted = yield from devices.run_step(
                lambda dev: _fit_and_predict(spec, dev, seed, hyper, X[rows], labels[rows], X_test, n_classes,
                                             cancel), job)
            accuracies.append(float(np.mean(predicted == y_test)))
            per_class.append([_class_accuracy(predicted, y_test, c) for c in range(n_classes)])
        point = LearningCurvePoint(fraction, int(counts.sum()), float(np.mean(accuracies)),
                                   float(np.std(accuracies)), tuple(int(n) for n in counts),
                                   tuple(_mean(column) for column in zip(*per_class)))
        curve.points.append(point)
        yield point
    yield Progress("learning", total, total, 0.0, translate("Trained {n:,} times").format(n=total))
    curve.gains = last_gains(curve.points, n_classes)
    curve.sentence = gain_sentence(curve.class_names, curve.gains, curve.points, curve.class_test_pictures)
    return curve


def _fit_and_predict(spec, device, seed, hyper, X, y, X_test, n_classes, cancel):
    classifier = spec.make(device=device, seed=seed, **hyper)
    classifier.fit(X, y, n_classes=n_classes, cancel=cancel)
    check_cancel(cancel)
    return np.asarray(classifier.predict_proba(X_test, cancel=cancel)).argmax(axis=1)
    yield  # a generator, so the step can run again on the CPU after a GPU failure (devices.run_step)


def _class_accuracy(predicted: np.ndarray, truth: np.ndarray, label: int) -> float | None:
    mine = truth == label
    return float(np.mean(predicted[mine] == label)) if mine.any() else None


def _mean(values) -> float | None:
    known = [v for v in values if v is not None]
    return float(np.mean(known)) if known else None


def last_gains(points: Sequence[LearningCurvePoint], n_classes: int) -> list[float | None]:
    """Per class, how much its test accuracy rose over the last step of the curve (the slope at its end, in
    accuracy per step); None where it cannot be told (one point, or no test pictures of the class)."""
    if len(points) < 2:
        return [None] * n_classes
    before, last = points[-2].class_accuracy, points[-1].class_accuracy
    return [None if a is None or b is None else b - a for a, b in zip(before, last)]


def gain_sentence(class_names: Sequence[str], gains: Sequence[float | None],
                  points: Sequence[LearningCurvePoint], test_counts: Sequence[int] = ()) -> str:
    """One plain sentence naming the classes that would gain most from more pictures (``test_counts``: each
    class's test pictures, so that a rise of less than one of them is not taken for learning)."""
    if len(points) < 2:
        return translate("One share of the pictures gives no curve: try more shares to see whether more pictures "
                         "help.")
    step = share_text(points[-1].fraction - points[-2].fraction, 0)
    counts = list(test_counts) or [0] * len(class_names)
    rising = sorted(((gain, name) for name, gain, n in zip(class_names, gains, counts)
                     if gain is not None and gain > max(RISING, 1 / n if n else 0)), key=lambda pair: -pair[0])
    rising = rising[:MAX_NAMED]
    if not rising:
        return translate("No class is still clearly improving: over the last {step} of the training pictures no "
                         "class's test accuracy rose by more than one of its test pictures' worth, so more pictures "
                         "of the same kind would add little.").format(step=step)
    names = _listed([f"'{display_text(name)}'" for _, name in rising])
    points_gained = [f"{gain * 100:.0f}" for gain, _ in rising]
    if len(set(points_gained)) == 1:
        rises = (translate("1 percentage point") if points_gained[0] == "1"
                 else translate("{n} percentage points").format(n=points_gained[0]))
        rises += translate(" each") if len(rising) > 1 else ""
    else:
        rises = translate("{n} percentage points").format(n=_listed(points_gained))
    template = translate("More pictures would help {names} most: its test accuracy still rose by {rises} with the "
                         "last {step} of the training pictures.") if len(rising) == 1 else translate(
        "More pictures would help {names} most: their test accuracy still rose by {rises} with the last {step} of "
        "the training pictures.")
    return template.format(names=names, rises=rises, step=step)


def _listed(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return translate("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])
