"""Choosing a classifier's searched settings during training, the way its spec's ``settings_search`` says
(``registry.SEARCHES``): each way is a generator of events returning what it chose and the held-out answers
that calibrate the "unsure" threshold. ``training.run_training`` calls ``choose_settings``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generator

import numpy as np

from desktop_app.core import devices
from desktop_app.core.classifiers import registry, search
from desktop_app.core.events import Event, HyperparametersChosen, Message, Phase
from desktop_app.core.classifiers.linear_training import TrainingDiverged
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.translation import translate
from desktop_app.core.output.wording import distance_name_text

CALIBRATION_KEYS = ("smoothing", "temperature", "uniform_share", "confidence_map")  # fitted on held-out pictures, kept by the model


@dataclass
class Data:
    """The standardised features and labels, with the rows of each part (fit = train + validation): slices of
    one array, so that no part is a copy (training.run_training groups the rows by part)."""

    X: np.ndarray
    labels: np.ndarray
    train_idx: slice
    val_idx: slice
    fit_idx: slice

    @property
    def n_val(self) -> int:
        return len(range(*self.val_idx.indices(len(self.labels))))


@dataclass
class Chosen:
    val_accuracy: float | None = None
    val_folds: int | None = None  # set when val_accuracy comes from cross-validation, not the validation pictures
    held_out: tuple[np.ndarray, np.ndarray] | None = None  # (probabilities, true labels) for the unsure threshold


def _as_given(spec, config, data, hyper, job, cancel) -> Generator[Event, None, Chosen]:
    """No search: the settings are used as given (a classifier whose spec has no ``settings_search``)."""
    yield from ()
    return Chosen()


def _by_cross_validation(spec: registry.ClassifierSpec, config, data: Data, hyper: dict[str, Any],
                         job: devices.JobDevice, cancel) -> Generator[Event, None, Chosen]:
    """k and distance by k-fold cross-validation over the neighbours. It always runs: besides choosing the
    settings, its held-out votes calibrate the model."""
    fixed = not config.auto_tune
    yield Phase("search", translate("Calibrating the votes on held-out pictures") if fixed
                else translate("Choosing the settings on held-out pictures"))
    defaults = spec.make().get_params()
    X, labels = data.X[data.fit_idx], data.labels[data.fit_idx]
    best = yield from devices.run_step(
        lambda dev: search.cross_validate_knn(
            X, labels, n_folds=config.cv_folds, seed=config.seed, device=dev, cancel=cancel,
            weighting=hyper.get("weighting", defaults["weighting"]),
            ks=[hyper.get("k", defaults["k"])] if fixed else None,
            distances=[hyper.get("distance", defaults["distance"])] if fixed else ("l1", "l2", "cosine")),
        job,
    )
    hyper.update({key: best[key] for key in (*spec.searched, *CALIBRATION_KEYS)})
    chosen = Chosen(best.get("cv_accuracy"), int(best["n_folds"]), (best["held_out_proba"], best["held_out_labels"]))
    if not fixed and best.get("cannot_choose"):
        yield HyperparametersChosen({key: best[key] for key in spec.searched},
                                    translate("k = {k} with {distance} distance: cross-validation could not "
                                              "choose here (see the warning above).").format(
                                        k=best["k"], distance=distance_name_text(best["distance"])))
    elif not fixed:
        reason = translate("k = {k} with {distance} distance: {accuracy} in {folds}-fold cross-validation, within one "
                           "standard error of the best setting (the largest such k is taken: more neighbours give "
                           "steadier answers).").format(k=best["k"], distance=distance_name_text(best["distance"]),
                                                        accuracy=share_text(chosen.val_accuracy),
                                                        folds=best["n_folds"])
        yield HyperparametersChosen({key: best[key] for key in spec.searched}, reason)
    return chosen


def _on_validation(spec: registry.ClassifierSpec, config, data: Data, hyper: dict[str, Any],
                   job: devices.JobDevice, cancel) -> Generator[Event, None, Chosen]:
    """Learning rate and regularisation tried on the validation pictures, then the calibration of the refit on
    out-of-fold scores. Only with automatic settings."""
    if not config.auto_tune:
        return Chosen()
    yield Phase("search", translate("Choosing the settings on held-out pictures"))
    if data.n_val == 0:
        yield Message(translate("Too few pictures for a validation split: using the default learning rate and "
                                "regularisation."), "warning")
        return Chosen()
    X, labels, train_idx, val_idx = data.X, data.labels, data.train_idx, data.val_idx
    extras = {key: value for key, value in hyper.items() if key not in (*spec.searched, "epochs", *CALIBRATION_KEYS)}
    best = yield from devices.run_step(
        lambda dev: search.search_linear(spec.name, X[train_idx], labels[train_idx], X[val_idx], labels[val_idx],
                                         seed=config.seed, device=dev, cancel=cancel, base_params=extras),
        job,
    )
    chosen = {key: best[key] for key in (*spec.searched, "epochs") if key in best}
    hyper.update(chosen)
    reason = translate("learning rate {rate:g} and regularisation {regularisation:g} had the best validation "
                       "accuracy ({accuracy}).").format(rate=best["learning_rate"],
                                                        regularisation=best["regularization"],
                                                        accuracy=share_text(best.get("val_accuracy")))
    yield HyperparametersChosen(chosen, reason)
    # the refit has no held-out pictures left: its calibration comes from out-of-fold scores
    calibrated = yield from _calibrate_out_of_fold(spec.name, config, X[data.fit_idx], labels[data.fit_idx], hyper,
                                                   job, cancel)
    if calibrated is None:  # a fold ran away: the search's calibration, fitted on validation, is kept
        calibrated = best
    hyper.update(temperature=calibrated["temperature"], uniform_share=calibrated["uniform_share"],
                 confidence_map=calibrated.get("confidence_map"))
    return Chosen(best.get("val_accuracy"), None, (calibrated["held_out_proba"], calibrated["held_out_labels"]))


# registry.SEARCHES -> how it is carried out
_SETTINGS_SEARCHES = {None: _as_given, "cross_validation": _by_cross_validation, "validation": _on_validation}


def _calibrate_out_of_fold(name: str, config, X, y, hyper: dict[str, Any], job: devices.JobDevice,
                           cancel) -> Generator[Event, None, dict[str, Any] | None]:
    """The linear model's calibration on out-of-fold scores over training + validation (None if a fold fails)."""
    try:
        return (yield from devices.run_step(
            lambda dev: search.calibrate_linear_out_of_fold(name, X, y, hyper, n_folds=config.cv_folds,
                                                            seed=config.seed, device=dev, cancel=cancel),
            job))
    except TrainingDiverged:
        yield Message(translate("Calibrating the percentages on held-out folds ran away; the calibration from the "
                                "validation pictures is used instead."), "warning")
        return None


def choose_settings(spec: registry.ClassifierSpec, config, data: Data, hyper: dict[str, Any],
                    job: devices.JobDevice, cancel) -> Generator[Event, None, Chosen]:
    """Fill ``hyper`` with the chosen and calibrated settings (``config`` is the ``TrainingConfig``; a step that
    may fail on the GPU runs through ``devices.run_step``, so the whole job falls back to the CPU at most once)."""
    return (yield from _SETTINGS_SEARCHES[spec.settings_search](spec, config, data, hyper, job, cancel))
