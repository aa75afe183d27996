"""One training job as a stream of events: scan -> split -> features -> choose hyperparameters -> fit -> evaluate.

The GUI's progress bar and live plots and the CLI's progress line consume exactly these events.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator

import numpy as np
import torch

from desktop_app.core import calibration, classifiers, devices, features, metrics, registry, search, training_data
from desktop_app.core.dataset import Dataset, ScanReport, check_shares, split_for_training
from desktop_app.core.errors import UserError
from desktop_app.core.standardizer import Standardizer
from desktop_app.core.events import (
    Event,
    Finished,
    HyperparametersChosen,
    Message,
    Phase,
    check_cancel,
)
from desktop_app.core.linear import TrainingDiverged
from desktop_app.core.model_file import TrainedModel
from desktop_app.core.percent import threshold_text

CLASSIFIER_NAMES = registry.CLASSIFIER_NAMES
CLASSIFIER_TITLES = registry.CLASSIFIER_TITLES
FEATURE_KINDS = registry.FEATURE_KINDS
KNN_KEYS = registry.SEARCHED_SETTINGS["knn"]
LINEAR_KEYS = registry.SEARCHED_SETTINGS["softmax"]
CALIBRATION_KEYS = ("smoothing", "temperature", "uniform_share", "confidence_map")  # fitted on held-out pictures, kept by the model


@dataclass
class TrainingConfig:
    """What to train. ``hyperparameters`` are used as given; with ``auto_tune`` the searched ones are chosen.

    Searched: kNN ``k`` and ``distance`` (k-fold cross-validation on the training data); linear
    ``learning_rate`` and ``regularization`` (on the validation split). Other keys (e.g. ``weighting``,
    ``epochs``, ``batch_size``) always apply.
    """

    data_dir: Path | None = None
    classifier: str = "softmax"
    features: str = "pretrained"
    device: str = "auto"
    seed: int = 0
    val_fraction: float = 0.15
    test_fraction: float = 0.15
    test_dir: Path | None = None
    auto_tune: bool = True
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    image_size: int | None = None  # None: the feature kind's default
    cv_folds: int = 5
    dataset: Dataset | None = None  # an already scanned (and possibly edited) dataset; data_dir is then ignored
    follow_links: bool = False  # follow links that lead outside the folders (see folder_walk)

    def validate(self) -> None:
        if self.classifier not in CLASSIFIER_NAMES:
            raise UserError(f"Unknown classifier '{self.classifier}'. Choose one of: {', '.join(CLASSIFIER_NAMES)}.")
        if self.features not in FEATURE_KINDS:
            raise UserError(f"Unknown feature type '{self.features}'. Choose one of: {', '.join(FEATURE_KINDS)}.")
        check_shares(self.val_fraction, self.test_fraction)
        if self.dataset is None and self.data_dir is None:
            raise UserError("Choose a folder of pictures first.")


@dataclass
class TrainingResult:
    model: TrainedModel
    evaluation: metrics.Evaluation | None
    seconds: float
    scan: ScanReport | None


def put_rows_first(X: np.ndarray, order: np.ndarray) -> None:
    """Rearrange the rows of ``X`` in place so that ``X[:len(order)]`` holds the old ``X[order]`` (the other rows
    follow in no set order). Cycle by cycle with one row held aside: no second copy of ``X``."""
    n = X.shape[0]
    source = np.concatenate([order, np.setdiff1d(np.arange(n), order, assume_unique=True)]).tolist()
    placed = bytearray(n)  # new row i = old row source[i]
    for start in range(n):
        if placed[start]:
            continue
        placed[start] = 1
        if source[start] == start:
            continue
        held, row = X[start].copy(), start
        while source[row] != start:
            X[row] = X[source[row]]
            row = source[row]
            placed[row] = 1
        X[row] = held


def _load_dataset(config: TrainingConfig, cancel) -> Generator[Event, None, tuple[Dataset, ScanReport | None]]:
    report = None
    if config.dataset is not None:
        dataset = config.dataset
    else:
        report = yield from training_data.scan_usable(config.data_dir, cancel, config.follow_links)
        dataset = report.dataset
    if config.test_dir is not None:
        dataset = yield from training_data.add_test_folder(dataset, config.test_dir, config.follow_links, cancel)
    if len(dataset.class_names) < 2:
        raise UserError("A classifier needs at least two classes: make one sub-folder of pictures per label.")
    return split_for_training(dataset, config.val_fraction, config.test_fraction, config.seed), report


def _fit_generator(classifier, X, y, X_val=None, y_val=None, cancel=None):
    if hasattr(classifier, "fit_events"):
        yield from classifier.fit_events(X, y, X_val, y_val, cancel=cancel, run="final")
    else:
        classifier.fit(X, y)
    return classifier


def run_training(config: TrainingConfig, cancel=None) -> Generator[Event, None, TrainingResult]:
    """The whole job. Yields events; the last one is ``Finished``. Raises ``Cancelled`` when stopped."""
    started = time.perf_counter()
    config.validate()
    device = devices.resolve_device(config.device)
    job = devices.JobDevice(device)  # after a GPU failure, the rest of the job stays on the CPU
    dataset, report = yield from _load_dataset(config, cancel)

    # -- features, for every picture at once (cached on disk by content) ---------------------------------------
    settings = features.FeatureSettings.default(config.features)
    if config.image_size:
        settings = features.FeatureSettings(settings.kind, int(config.image_size))
    yield Phase("features", "Computing features" if settings.kind == "pixels"
                else "Computing features with the pretrained network")
    samples = dataset.samples
    result = yield from features.extract_features(settings, [s.path for s in samples],
                                                  [s.digest for s in samples], job, cancel=cancel)
    for problem in result.problems:
        yield Message(f"{Path(problem.path).name}: {problem.message}", "warning")
    ok = np.asarray(result.ok, dtype=bool)
    labels = np.array([s.label for s in samples], dtype=np.int64)
    splits = np.array([s.split or "train" for s in samples])
    paths = [str(s.path) for s in samples]

    def part(name: str) -> np.ndarray:
        return np.flatnonzero(ok & (splits == name))

    order = np.concatenate([part("train"), part("val"), part("test")])
    n_train, n_val, n_test = (len(part(name)) for name in ("train", "val", "test"))
    # training, validation and test pictures become slices of one array (views, not copies: 614 MB a copy for
    # 50,000 pictures' pixels), each in its old order, so every result is the same as with index arrays
    put_rows_first(result.features, order)
    labels, paths, samples = labels[order], [paths[i] for i in order], [samples[i] for i in order]
    train_idx, val_idx = slice(0, n_train), slice(n_train, n_train + n_val)
    test_idx, fit_idx = slice(n_train + n_val, n_train + n_val + n_test), slice(0, n_train + n_val)
    missing = [dataset.class_names[c] for c in range(len(dataset.class_names))
               if not np.any(labels[fit_idx] == c)]
    if missing:
        raise UserError("These classes have no readable training pictures: " + ", ".join(missing)
                        + ". Add pictures to them or remove them.")
    check_cancel(cancel)

    if registry.standardizes_features(config.classifier, settings.kind):
        standardizer = Standardizer.fit(result.features[train_idx])
    else:  # kNN on pixels compares the pixels themselves: the identity (mean 0, std 1)
        dimension = result.features.shape[1]
        standardizer = Standardizer(np.zeros(dimension, np.float32), np.ones(dimension, np.float32))
    X = standardizer.transform(result.features, out=result.features)  # in place: the raw features are not used again
    # the final model learns from training + validation (fit_idx)

    # -- hyperparameters ---------------------------------------------------------------------------------------
    hyper = dict(config.hyperparameters)
    val_accuracy: float | None = None
    val_folds: int | None = None  # set when val_accuracy comes from cross-validation, not the validation pictures
    held_out: tuple[np.ndarray, np.ndarray] | None = None  # (probabilities, true labels) for the unsure threshold
    if config.classifier == "knn":
        # cross-validation always runs: besides choosing k and distance, its held-out votes calibrate the model
        fixed = not config.auto_tune
        yield Phase("search", "Calibrating the votes on held-out pictures" if fixed
                    else "Choosing the settings on held-out pictures")
        defaults = classifiers.KNNClassifier()
        best = yield from devices.run_step(
            lambda dev: search.cross_validate_knn(
                X[fit_idx], labels[fit_idx], n_folds=config.cv_folds, seed=config.seed, device=dev, cancel=cancel,
                weighting=hyper.get("weighting", "majority"),
                ks=[hyper.get("k", defaults.k)] if fixed else None,
                distances=[hyper.get("distance", defaults.distance)] if fixed else ("l1", "l2", "cosine")),
            job,
        )
        hyper.update({key: best[key] for key in (*KNN_KEYS, *CALIBRATION_KEYS)})
        val_accuracy = best.get("cv_accuracy")
        val_folds = int(best["n_folds"])
        held_out = best["held_out_proba"], best["held_out_labels"]
        if not fixed:
            reason = (f"k = {best['k']} with {best['distance'].upper()} distance: {val_accuracy:.1%} in "
                      f"{best['n_folds']}-fold cross-validation, within one standard error of the best setting "
                      "(the largest such k is taken: more neighbours give steadier answers).")
            yield HyperparametersChosen({key: best[key] for key in KNN_KEYS}, reason)
    elif config.auto_tune:
        yield Phase("search", "Choosing the settings on held-out pictures")
        if n_val == 0:
            yield Message("Too few pictures for a validation split: using the default learning rate and "
                          "regularisation.", "warning")
        else:
            best = yield from devices.run_step(
                lambda dev: search.search_linear(config.classifier, X[train_idx], labels[train_idx], X[val_idx],
                                                 labels[val_idx], seed=config.seed, device=dev, cancel=cancel,
                                                 base_params=_linear_extras(hyper)),
                job,
            )
            chosen = {key: best[key] for key in (*LINEAR_KEYS, "epochs") if key in best}
            hyper.update(chosen)
            val_accuracy = best.get("val_accuracy")
            reason = (f"learning rate {best['learning_rate']:g} and regularisation {best['regularization']:g} "
                      f"had the best validation accuracy ({val_accuracy:.1%}).")
            yield HyperparametersChosen(chosen, reason)
            # the refit below has no held-out pictures left: its calibration comes from out-of-fold scores
            calibrated = yield from _calibrate_out_of_fold(config, X[fit_idx], labels[fit_idx], hyper, job,
                                                           cancel)
            if calibrated is None:  # a fold ran away: the search's calibration, fitted on validation, is kept
                calibrated = best
            hyper.update(temperature=calibrated["temperature"], uniform_share=calibrated["uniform_share"],
                         confidence_map=calibrated.get("confidence_map"))
            held_out = calibrated["held_out_proba"], calibrated["held_out_labels"]

    # -- final fit on training + validation data ----------------------------------------------------------------
    title = CLASSIFIER_TITLES[config.classifier]
    yield Phase("fit", f"Training the {title} on {n_train + n_val:,} pictures")

    def fit_on(dev: torch.device):
        classifier = classifiers.make_classifier(config.classifier, device=dev, seed=config.seed, **hyper)
        if config.classifier != "knn" and not config.auto_tune and n_val > 0:
            # settings fixed by the user: early stopping on validation data picks the epoch count
            return (yield from _fit_generator(classifier, X[train_idx], labels[train_idx], X[val_idx],
                                              labels[val_idx], cancel))
        return (yield from _fit_generator(classifier, X[fit_idx], labels[fit_idx], cancel=cancel))

    classifier = yield from devices.run_step(fit_on, job)
    check_cancel(cancel)
    if config.classifier != "knn" and held_out is None and n_val > 0:
        # settings fixed by the user: this model was fitted on train only, its temperature on val
        held_out = classifier.predict_proba(X[val_idx]), labels[val_idx]
        val_accuracy = float(np.mean(held_out[0].argmax(axis=1) == labels[val_idx]))
    unsure = _unsure_threshold(held_out)
    if held_out is None:
        yield Message("No validation pictures: the percentages are not calibrated, and \"unsure\" uses "
                      f"{threshold_text(unsure.threshold)}.", "warning")

    # -- evaluation on the test data, used once --------------------------------------------------------------
    evaluation = None
    if n_test > 0:
        yield Phase("evaluate", training_data.testing_phase(samples[fit_idx], samples[test_idx]))
        proba = np.asarray(classifier.predict_proba(X[test_idx]))
        evaluation = metrics.evaluate(labels[test_idx], proba, dataset.class_names, paths[test_idx])
    else:
        yield Message("No test pictures: the accuracy on new pictures is unknown.", "warning")

    seconds = time.perf_counter() - started
    counts = {"train": n_train, "val": n_val, "test": n_test}
    model = TrainedModel(
        class_names=list(dataset.class_names),
        feature_settings=settings,
        standardizer=standardizer,
        classifier=_to_cpu(classifier),
        classifier_name=config.classifier,
        # the confidence map (up to 64 points) stays with the classifier's own settings: the window and the CLI
        # list these settings one a line for people to read
        hyperparameters=_json_safe({key: value for key, value in hyper.items() if key != "confidence_map"}),
        unsure_threshold=unsure.threshold,
        metrics={
            "calibration": _calibration_report(held_out, unsure),
            "val_accuracy": val_accuracy,
            "val_folds": val_folds,
            "test_accuracy": evaluation.accuracy if evaluation else None,
            "evaluation": evaluation.to_dict() if evaluation else None,
        },
        training_info={
            "data_dir": str(dataset.root) if dataset.root else None,
            "device": devices.describe_device(device),
            "seconds": round(seconds, 2),
            "counts": counts,
            "skipped_files": int((~ok).sum()),
            "seed": config.seed,
            "auto_tune": config.auto_tune,
            training_data.FINGERPRINT_KEY: training_data.fingerprint(s.digest for s in samples[fit_idx]),
        },
        training_paths=paths[fit_idx] if config.classifier == "knn" else None,
    )
    yield Finished(model, evaluation, seconds)
    return TrainingResult(model, evaluation, seconds, report)


def _calibrate_out_of_fold(config: TrainingConfig, X, y, hyper: dict[str, Any], job: devices.JobDevice,
                           cancel) -> Generator[Event, None, dict[str, Any] | None]:
    """The linear model's calibration on out-of-fold scores over training + validation (None if a fold fails)."""
    try:
        return (yield from devices.run_step(
            lambda dev: search.calibrate_linear_out_of_fold(config.classifier, X, y, hyper,
                                                            n_folds=config.cv_folds,
                                                            seed=config.seed, device=dev, cancel=cancel),
            job))
    except TrainingDiverged:
        yield Message("Calibrating the percentages on held-out folds ran away; the calibration from the "
                      "validation pictures is used instead.", "warning")
        return None


def _linear_extras(hyper: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in hyper.items() if key not in (*LINEAR_KEYS, "epochs", *CALIBRATION_KEYS)}


def _unsure_threshold(held_out: tuple[np.ndarray, np.ndarray] | None) -> calibration.UnsureThreshold:
    if held_out is None:
        return calibration.UnsureThreshold(calibration.DEFAULT_UNSURE_THRESHOLD, calibration.TARGET_ACCURACY,
                                           False, 1.0, 0.0)
    proba, truth = held_out
    proba = np.asarray(proba)
    return calibration.choose_unsure_threshold(proba.max(axis=1), proba.argmax(axis=1) == np.asarray(truth))


def _calibration_report(held_out, unsure: calibration.UnsureThreshold) -> dict[str, Any]:
    """How the percentages were calibrated, measured on the held-out pictures they were fitted on."""
    if held_out is None:
        return {"held_out": 0, "ece": None, "unsure": unsure.to_dict()}
    proba, truth = np.asarray(held_out[0]), np.asarray(held_out[1])
    ece = calibration.expected_calibration_error(proba.max(axis=1), proba.argmax(axis=1) == truth)
    return {"held_out": int(len(truth)), "ece": ece, "unsure": unsure.to_dict()}


def _to_cpu(classifier):
    """Models are stored and used for prediction on the CPU unless asked otherwise."""
    if hasattr(classifier, "to"):
        return classifier.to("cpu")
    return classifier


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    safe = {}
    for key, value in values.items():
        safe[key] = value.item() if isinstance(value, np.generic) else value
    return safe


def evaluate_folder(model: TrainedModel, folder: Path, device: str = "auto", cancel=None,
                    follow_links: bool = False) -> Generator[Event, None, metrics.Evaluation]:
    """Measure a trained model on a labelled folder (class sub-folders named like the model's classes)."""
    report = yield from training_data.scan_usable(Path(folder), cancel, follow_links)
    dataset = report.dataset
    known = {name: i for i, name in enumerate(model.class_names)}
    unknown = sorted(set(dataset.class_names) - set(known))
    if unknown:
        yield Message(f"Skipped the classes the model does not know: {', '.join(unknown)}. The model knows: "
                      f"{', '.join(model.class_names)}. Rename a folder to match (for example 'rose' and 'roses' "
                      "are different names).", "warning")
    samples = [s for s in dataset.samples if dataset.class_names[s.label] in known]
    if not samples:
        raise UserError(f"None of the class folders in {folder} matches the model's classes "
                        f"({', '.join(model.class_names)}).")
    warning = training_data.seen_warning(model.training_info, Path(folder), samples)
    if warning:
        yield Message(warning, "warning")
    yield Phase("features", "Computing features")
    result = yield from features.extract_features(model.feature_settings, [s.path for s in samples],
                                                  [s.digest for s in samples], devices.resolve_device(device),
                                                  cancel=cancel)
    for problem in result.problems:
        yield Message(f"{Path(problem.path).name}: {problem.message}", "warning")
    ok = np.asarray(result.ok, dtype=bool)
    if not ok.any():
        raise UserError("None of the pictures could be read.")
    yield Phase("evaluate", f"Testing on {int(ok.sum()):,} pictures")
    y_true = np.array([known[dataset.class_names[s.label]] for s in samples], dtype=np.int64)[ok]
    proba = model.probabilities(result.features[ok])
    kept_paths = [str(s.path) for s, keep in zip(samples, ok) if keep]
    return metrics.evaluate(y_true, proba, model.class_names, kept_paths)

