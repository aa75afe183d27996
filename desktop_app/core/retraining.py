"""Retrain with the pictures added from the Predict tab: the same classifier, features and settings; the test
pictures the same ones as before, so "before" and "after" are measured on the very same pictures.

kNN simply holds the new rows; the linear models start from the current weights (``warm_start``); the features
of pictures seen before come from the feature cache.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Generator

import numpy as np

from desktop_app.core import devices, metrics
from desktop_app.core.classifiers import registry
from desktop_app.core.data.corrections import BEFORE_RETRAINING, AddedPicture, split_keeping_test
from desktop_app.core.data.dataset import Dataset
from desktop_app.core.events import Event, Phase
from desktop_app.core.extraction import features
from desktop_app.core.output.translation import translate
from desktop_app.core.training import TrainingConfig, TrainingResult, run_training



@dataclass
class Retrained:
    result: TrainingResult
    before_accuracy: float | None  # the model before, on the new model's test pictures
    after_accuracy: float | None
    test_pictures: int
    added: int


def retraining_config(model, dataset: Dataset, added: list[AddedPicture], val_fraction: float,
                      test_fraction: float, seed: int, device: str = "auto") -> TrainingConfig:
    """The run that ``model`` came from, again, on ``dataset`` (which holds the copies in ``added``)."""
    spec = registry.get(model.classifier_name)
    own_settings = {setting.key for setting in spec.settings}
    hyper = {key: value for key, value in (model.hyperparameters or {}).items() if key in own_settings}
    return TrainingConfig(
        dataset=split_keeping_test(dataset, added, val_fraction, test_fraction, seed),
        classifier=spec.name, features=model.feature_settings.kind, image_size=model.feature_settings.image_size,
        device=device, seed=seed, val_fraction=val_fraction, test_fraction=test_fraction, auto_tune=False,
        hyperparameters=hyper, warm_start=model)


def accuracy_on(model, evaluation: metrics.Evaluation, digests: dict[str, str], device: str = "auto",
                cancel=None) -> Generator[Event, None, float | None]:
    """``model``'s accuracy on the test pictures of ``evaluation`` (by class name: a class it does not know
    counts as a mistake); features from the cache."""
    paths = [str(p) for p in evaluation.paths or []]
    if not paths:
        return None
    result = yield from features.extract_features(model.feature_settings, paths,
                                                  [digests.get(p, "") for p in paths],
                                                  devices.resolve_device(device), cancel=cancel)
    ok = np.asarray(result.ok, dtype=bool)
    if not ok.any():
        return None
    predicted = np.asarray(model.probabilities(result.features[ok])).argmax(axis=1)
    truth = np.asarray(evaluation.y_true)[ok]
    right = [model.class_names[p] == evaluation.class_names[t] for p, t in zip(predicted, truth)]
    return float(np.mean(right))


def retrain(model, config: TrainingConfig, added: int, cancel=None) -> Generator[Event, None, Retrained]:
    """Run ``config`` (from ``retraining_config``), then measure ``model`` on the same test pictures; the new
    model's metrics keep that "before" figure (``corrections.BEFORE_RETRAINING``)."""
    started = time.perf_counter()
    result = yield from run_training(config, cancel=cancel)
    evaluation = result.evaluation
    before = after = None
    if evaluation is not None:
        yield Phase("evaluate", translate("Testing the model before on the same pictures"))
        digests = {str(s.path): s.digest for s in config.dataset.samples}
        before = yield from accuracy_on(model, evaluation, digests, config.device, cancel)
        after = evaluation.accuracy
    tested = len(evaluation.paths or []) if evaluation is not None else 0
    result.model.metrics[BEFORE_RETRAINING] = {"accuracy": before, "after": after, "test_pictures": tested,
                                        "added": int(added)}
    result.seconds = time.perf_counter() - started
    return Retrained(result, before, after, tested, added)
